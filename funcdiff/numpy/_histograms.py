"""Counting, histograms and interpolation with NumPy's names: bincount, histogram,
histogram_bin_edges and interp. Bin counts need concrete data (grad/jvp, not vmap or jit);
weights, edges and interpolated values stay differentiable.
"""

from __future__ import annotations

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import get_aval
from funcdiff.errors import ShapeError, ValueDomainError
from funcdiff.numpy import _reductions as red
from funcdiff.numpy._indexing import argsort
from funcdiff.numpy._joining import as_operand
from funcdiff.numpy._sets import _FLAT, _concrete, _flat, _fnp, _read, _traced

__all__ = ["bincount", "histogram", "histogram_bin_edges", "interp"]


# ----------------------------------------------------------------------------- interpolation
def interp(x, xp, fp, left=None, right=None, period=None):
    """Piecewise-linear interpolation of ``(xp, fp)`` at ``x``, as ``numpy.interp``.

    Differentiable in ``x``, ``xp`` and ``fp`` (and ``left``/``right``) between the knots.
    Results are float64 (complex128 for complex ``fp``), as NumPy.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> xp, fp = np.array([0.0, 1.0, 3.0]), np.array([0.0, 2.0, 3.0])
    >>> float(fnp.interp(2.0, xp, fp)), float(fd.grad(fnp.interp)(2.0, xp, fp))
    (2.5, 0.5)
    """
    if not _traced(x, xp, fp, left, right):
        return np.interp(x, xp, fp, left, right, period)
    fnp = _fnp()
    x, xp, fp = as_operand(x), as_operand(xp), as_operand(fp)
    dtype = np.complex128 if fp.dtype.kind == "c" else np.float64
    x, xp = (P.convert_element_type(v, new_dtype=np.float64) for v in (x, xp))
    fp = P.convert_element_type(fp, new_dtype=dtype)
    if xp.ndim != 1 or fp.ndim != 1 or xp.shape != fp.shape or xp.shape[0] < 2:
        raise ShapeError(
            f"fnp.interp: xp and fp must be 1-D of the same length >= 2 on traced values, got "
            f"shapes {xp.shape} and {fp.shape}"
        )
    if period is not None:
        if period == 0:
            raise ValueDomainError("fnp.interp: period must be a non-zero value")
        period = abs(period)
        x, xp = fnp.mod(x, period), fnp.mod(xp, period)
        order = argsort(xp)
        xp, fp = xp[order], fp[order]
        xp = fnp.concatenate((P.sub(xp[-1:], period), xp, P.add(xp[0:1], period)))
        fp = fnp.concatenate((fp[-1:], fp, fp[0:1]))
    n = xp.shape[0]
    j = fnp.clip(P.sub(P.searchsorted(xp, x, side="right"), 1), 0, n - 2)
    x0, x1 = P.gather(xp, j, index=_FLAT), P.gather(xp, P.add(j, 1), index=_FLAT)
    f0, f1 = P.gather(fp, j, index=_FLAT), P.gather(fp, P.add(j, 1), index=_FLAT)
    slope = P.div(P.sub(f1, f0), P.sub(x1, x0))
    out = P.add(P.mul(slope, P.sub(x, x0)), f0)
    out = P.select(P.eq(x, x0), f0, out)  # a knot reads its value exactly, as NumPy
    out = P.select(P.eq(x, xp[-1]), fp[-1], out)
    if period is None:
        lo = fp[0] if left is None else P.convert_element_type(as_operand(left), new_dtype=dtype)
        hi = fp[-1] if right is None else P.convert_element_type(as_operand(right),
                                                                 new_dtype=dtype)  # fmt: skip
        out = P.select(P.lt(x, xp[0]), lo, P.select(P.gt(x, xp[-1]), hi, out))
    return out


# ----------------------------------------------------------------------------- counting
def bincount(x, /, weights=None, minlength=0):
    """Occurrences (or summed ``weights``) of each non-negative int in ``x``, as NumPy.

    ``x`` must be concrete (the length depends on its values); ``weights`` are
    differentiable: each bin is the sum of its weights (float64, as NumPy).

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.grad(lambda w: fnp.bincount(np.array([0, 2, 2]), w)[2])(np.ones(3))
    array([0., 1., 1.])
    """
    if not _traced(x, weights):
        return np.bincount(x, weights, minlength)
    xc = _concrete(x, "bincount")
    counts = np.bincount(xc, minlength=minlength)  # validates x and minlength as NumPy
    if weights is None:
        return counts
    w = P.convert_element_type(_flat(as_operand(weights)), new_dtype=np.float64)
    if get_aval(w).shape != (xc.size,):
        raise ShapeError(f"fnp.bincount: weights must have x's shape {xc.shape}")
    return P.scatter_add(np.zeros(counts.shape, np.float64), w, xc.ravel(), index=_FLAT)


def histogram_bin_edges(a, bins=10, range=None, weights=None):
    """Bin edges as ``numpy.histogram_bin_edges``.

    With an int ``bins`` and no ``range`` the edges span ``[min(a), max(a)]`` and are
    differentiable in ``a``; estimator names (``'auto'`` ...) need concrete values.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.histogram_bin_edges(np.array([0.0, 1.0, 4.0]), bins=2)
    array([0., 2., 4.])
    """
    if not _traced(a, bins, weights):
        return np.histogram_bin_edges(a, bins, range, weights)
    if isinstance(bins, (int, np.integer)) and range is None and not isinstance(bins, bool):
        a = as_operand(a)
        if bins < 1:
            raise ValueDomainError("fnp.histogram_bin_edges: bins must be positive")
        lo, hi = red.min(a), red.max(a)
        # Equal ends widen by 0.5 each way, as NumPy, so the bins have a width.
        flat = P.eq(lo, hi)
        lo, hi = P.select(flat, P.sub(lo, 0.5), lo), P.select(flat, P.add(hi, 0.5), hi)
        dtype = np.result_type(a.dtype, np.float64) if a.dtype.kind in "biu" else a.dtype
        return _fnp().linspace(lo, hi, bins + 1, dtype=dtype)
    return np.histogram_bin_edges(
        _concrete(a, "histogram_bin_edges"), _concrete(bins, "histogram_bin_edges"), range,
        None if weights is None else _concrete(weights, "histogram_bin_edges"),
    )  # fmt: skip


def histogram(a, bins=10, range=None, density=None, weights=None):
    """Histogram of ``a`` as ``numpy.histogram``: ``(hist, bin_edges)``.

    ``a`` must be concrete (which bin each entry falls in depends on its value) and
    counts have no derivative; weighted counts are differentiable in ``weights``.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> a = np.array([0.1, 0.2, 0.9])
    >>> fd.grad(lambda w: fnp.histogram(a, bins=2, weights=w)[0][0])(np.ones(3))
    array([1., 1., 0.])
    """
    if not _traced(a, bins, weights):
        return np.histogram(a, bins, range, density, weights)
    ac = _concrete(a, "histogram")
    bins = bins if isinstance(bins, str) else _concrete(bins, "histogram")
    if weights is None:
        return np.histogram(ac, bins, range, density)
    edges = np.histogram_bin_edges(ac, bins, range)
    w = as_operand(weights)
    if w.shape != ac.shape:
        raise ShapeError(f"fnp.histogram: weights should have the same shape as a {ac.shape}")
    flat_a = ac.ravel()
    keep = np.flatnonzero((flat_a >= edges[0]) & (flat_a <= edges[-1]))
    nbins = edges.size - 1
    # Bin i holds edges[i] <= v < edges[i+1]; the last bin also holds its right edge.
    idx = np.minimum(np.searchsorted(edges, flat_a[keep], side="right") - 1, nbins - 1)
    w_kept = P.convert_element_type(_read(w, keep), new_dtype=np.float64)
    hist = P.scatter_add(np.zeros(nbins, np.float64), w_kept, idx, index=_FLAT)
    if density:
        widths = np.diff(edges).astype(float)
        return P.div(P.div(hist, widths), red.sum(hist)), edges
    return P.convert_element_type(hist, new_dtype=w.dtype), edges
