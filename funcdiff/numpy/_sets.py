"""Searching, sorting, set and histogram functions with NumPy's names. Results whose shape
depends on values (unique, set operations, bincount) need concrete values: grad and jvp, not
vmap or jit; their float values stay differentiable, read from the inputs by gather.
"""

from __future__ import annotations

import builtins

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer, get_aval
from funcdiff.errors import ConcretizationError, OptionError, ShapeError, ValueDomainError
from funcdiff.numpy import _reductions as red
from funcdiff.numpy._indexing import _concrete_or_none, argsort, sort, take_along_axis
from funcdiff.numpy._joining import as_operand, normalize_axis
from funcdiff.primitives.indexing import ARRAY, Index

__all__ = [
    "allclose", "argpartition", "array_equal", "array_equiv", "bincount", "digitize",
    "histogram", "histogram_bin_edges", "interp", "intersect1d", "isclose", "isin", "lexsort",
    "partition", "searchsorted", "setdiff1d", "setxor1d", "sort_complex", "union1d", "unique",
    "unique_all", "unique_counts", "unique_inverse", "unique_values",
]  # fmt: skip

_FLAT = Index((ARRAY,))


def _traced(*xs):
    return builtins.any(isinstance(x, Tracer) for x in xs)


def _concrete(x, name):
    """The concrete value of ``x`` (the primal under grad/jvp), or a ConcretizationError."""
    value = _concrete_or_none(x)
    if value is None:
        raise ConcretizationError(
            f"fnp.{name} of a value traced by vmap or jit: its output shape (or, for "
            f"histogram, its bins) depends on the values. Call fnp.{name} outside vmap/jit, "
            "or under grad/jvp only, where the values are known."
        )
    return np.asarray(value)


def _flat(a):
    return P.reshape(a, new_shape=(get_aval(a).size,))


def _read(a, positions):
    """``ravel(a)[positions]``: concrete positions, a value differentiable in ``a``."""
    return P.gather(_flat(as_operand(a)), np.asarray(positions, np.intp), index=_FLAT)


# ----------------------------------------------------------------------------- searching
def searchsorted(a, v, side="left", sorter=None):
    """Insertion points of ``v`` into the sorted 1-D ``a``, as ``numpy.searchsorted``.

    Integer output, no derivative; ``a`` and ``v`` may both be traced (vmap batches rows).

    Raises:
        OptionError: ``side`` is not 'left' or 'right'. ShapeError: ``a`` is not 1-D.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.searchsorted(np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.5]), side="right")
    array([2, 2])
    """
    if not _traced(a, v, sorter):
        return np.searchsorted(a, v, side, sorter)
    if side not in ("left", "right"):
        raise OptionError(f"fnp.searchsorted: side must be 'left' or 'right', got {side!r}")
    a = as_operand(a)
    if a.ndim != 1:
        raise ShapeError(f"fnp.searchsorted: a must be 1-D, got shape {a.shape}")
    if sorter is not None:
        a = P.gather(a, as_operand(sorter), index=_FLAT)
    return P.searchsorted(a, as_operand(v), side=side)


def digitize(x, bins, right=False):
    """Index of the bin of ``bins`` each ``x`` falls in, as ``numpy.digitize``; no derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.digitize(np.array([0.5, 1.5, 3.0]), np.array([1.0, 2.0]))
    array([0, 1, 2])
    """
    if not _traced(x, bins):
        return np.digitize(x, bins, right)
    x, bins = as_operand(x), as_operand(bins)
    side = "left" if right else "right"
    up = P.searchsorted(bins, x, side=side)
    down = P.sub(bins.shape[0], P.searchsorted(bins[::-1], x, side=side))
    concrete = _concrete_or_none(bins)
    if concrete is not None and not isinstance(concrete, Tracer):
        diffs = np.diff(concrete)
        if not (np.all(diffs >= 0) or np.all(diffs <= 0)):
            raise ValueDomainError("fnp.digitize: bins must be monotonically increasing or "
                                   "decreasing")  # fmt: skip
        steps = diffs[diffs != 0]
        return down if steps.size and steps[0] < 0 else up
    return P.select(P.ge(bins[-1], bins[0]), up, down)  # direction from the traced ends


def isin(element, test_elements, assume_unique=False, invert=False, *, kind=None):
    """Whether each entry of ``element`` occurs in ``test_elements``, as ``numpy.isin``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.isin(np.array([1.0, 2.0, 3.0]), np.array([3.0, 1.0]))
    array([ True, False,  True])
    """
    if not _traced(element, test_elements):
        return np.isin(element, test_elements, assume_unique, invert, kind=kind)
    element, test = as_operand(element), as_operand(test_elements)
    hits = P.eq(P.reshape(element, new_shape=element.shape + (1,)), _flat(test))
    found = red.any(hits, axis=-1)
    return P.logical_not(found) if invert else found


# ----------------------------------------------------------------------------- comparisons
def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise ``|a - b| <= atol + rtol |b|`` (or equal), as ``numpy.isclose``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.isclose(np.array([1.0, 2.0]), np.array([1.0 + 1e-9, 2.1]))
    array([ True, False])
    """
    if not _traced(a, b, rtol, atol):
        return np.isclose(a, b, rtol, atol, equal_nan)
    x, y = as_operand(a), as_operand(b)
    if y.dtype.kind in "biu":
        y = P.convert_element_type(y, new_dtype=np.result_type(y.dtype, 1.0))
    close = P.le(P.abs(P.sub(x, y)), P.add(atol, P.mul(rtol, P.abs(y))))
    result = P.logical_or(P.logical_and(close, P.isfinite(y)), P.eq(x, y))
    if equal_nan:
        result = P.logical_or(result, P.logical_and(P.ne(x, x), P.ne(y, y)))
    return result


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every pair is ``isclose``, as ``numpy.allclose``.

    A Python bool on concrete values, a 0-d bool array when traced.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.allclose(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]))
    True
    """
    if not _traced(a, b, rtol, atol):
        return np.allclose(a, b, rtol, atol, equal_nan)
    return red.all(isclose(a, b, rtol, atol, equal_nan))


def array_equal(a1, a2, equal_nan=False):
    """Whether ``a1`` and ``a2`` have the same shape and entries, as ``numpy.array_equal``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.array_equal(np.array([1.0, np.nan]), np.array([1.0, np.nan]), equal_nan=True)
    True
    """
    if not _traced(a1, a2):
        return np.array_equal(a1, a2, equal_nan)
    a1, a2 = as_operand(a1), as_operand(a2)
    if a1.shape != a2.shape:
        return False
    return red.all(_equal(a1, a2, equal_nan))


def _equal(a1, a2, equal_nan):
    same = P.eq(a1, a2)
    if equal_nan and (a1.dtype.kind in "fc" or a2.dtype.kind in "fc"):
        same = P.logical_or(same, P.logical_and(P.ne(a1, a1), P.ne(a2, a2)))
    return same


def array_equiv(a1, a2):
    """Whether ``a1`` and ``a2`` are equal after broadcasting, as ``numpy.array_equiv``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.array_equiv(np.array([1.0, 2.0]), np.array([[1.0, 2.0], [1.0, 2.0]]))
    True
    """
    if not _traced(a1, a2):
        return np.array_equiv(a1, a2)
    a1, a2 = as_operand(a1), as_operand(a2)
    try:
        np.broadcast_shapes(a1.shape, a2.shape)
    except ValueError:
        return False
    return red.all(_equal(a1, a2, False))


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


def _fnp():
    import funcdiff.numpy as fnp

    return fnp


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


# ----------------------------------------------------------------------------- unique
def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True, sorted=True):  # fmt: skip
    """Sorted unique values (and optional indices/counts), as ``numpy.unique``.

    Concrete values only (grad/jvp, not vmap/jit); the values are differentiable, each
    reading the first occurrence in ``ar``.

    Raises:
        ConcretizationError: ``ar`` is traced by vmap or jit.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique(np.array([3.0, 1.0, 3.0]), return_counts=True)
    (array([1., 3.]), array([1, 2]))
    """
    if not _traced(ar):
        return np.unique(ar, return_index, return_inverse, return_counts, axis,
                         equal_nan=equal_nan, sorted=sorted)  # fmt: skip
    ar = as_operand(ar)
    res = np.unique(_concrete(ar, "unique"), True, return_inverse, return_counts, axis,
                    equal_nan=equal_nan, sorted=sorted)  # fmt: skip
    if axis is None:
        values = _read(ar, res[1])
    else:
        axis = normalize_axis(axis, ar.ndim, "fnp.unique")
        values = _getitem(ar, (slice(None),) * axis + (res[1],))
    rest = [r for r, keep in zip(res[1:], (return_index, return_inverse, return_counts)) if keep]
    return (values, *rest) if rest else values


def _getitem(x, idx):
    from funcdiff.numpy._indexing import _getitem as getitem

    return getitem(x, idx)


def _first_positions(flat, values):
    """Where each of ``values`` first occurs in the 1-D ``flat`` (NaNs in turn)."""
    u, first = np.unique(flat, return_index=True, equal_nan=False)
    positions = np.empty(values.shape, np.intp)
    nan = np.isnan(values) if values.dtype.kind in "fc" else np.zeros(values.shape, bool)
    numbers = u[~np.isnan(u)] if u.dtype.kind in "fc" else u
    positions[~nan] = first[: numbers.size][np.searchsorted(numbers, values[~nan])]
    positions[nan] = np.flatnonzero(np.isnan(flat))[: int(nan.sum())]
    return positions


def _unique_api(name, x):
    x = as_operand(x)
    flat_c = _concrete(x, name).ravel()
    res = getattr(np, name)(flat_c if name == "unique_values" else _concrete(x, name))
    values = res if name == "unique_values" else res.values
    if name == "unique_all":
        positions = res.indices
    else:
        positions = _first_positions(flat_c, values.ravel())
    traced = P.reshape(_read(x, positions.ravel()), new_shape=values.shape)
    return traced if name == "unique_values" else res._replace(values=traced)


def unique_values(x):
    """Unique values of ``x``, as ``numpy.unique_values`` (concrete values only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique_values(np.array([2.0, 1.0, 2.0]))
    array([1., 2.])
    """
    return np.unique_values(x) if not _traced(x) else _unique_api("unique_values", x)


def unique_counts(x):
    """``(values, counts)`` as ``numpy.unique_counts`` (concrete values only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique_counts(np.array([2.0, 1.0, 2.0])).counts
    array([1, 2])
    """
    return np.unique_counts(x) if not _traced(x) else _unique_api("unique_counts", x)


def unique_inverse(x):
    """``(values, inverse_indices)`` as ``numpy.unique_inverse`` (concrete values only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique_inverse(np.array([2.0, 1.0, 2.0])).inverse_indices
    array([1, 0, 1])
    """
    return np.unique_inverse(x) if not _traced(x) else _unique_api("unique_inverse", x)


def unique_all(x):
    """``(values, indices, inverse_indices, counts)`` as ``numpy.unique_all`` (concrete only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique_all(np.array([2.0, 1.0, 2.0])).indices
    array([1, 0])
    """
    return np.unique_all(x) if not _traced(x) else _unique_api("unique_all", x)


# ----------------------------------------------------------------------------- set operations
def intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    """Sorted values in both arrays, as ``numpy.intersect1d`` (concrete values only).

    The values are read from ``ar1``, so only ``ar1`` receives their derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.intersect1d(np.array([3.0, 1.0, 2.0]), np.array([2.0, 3.0, 5.0]))
    array([2., 3.])
    """
    if not _traced(ar1, ar2):
        return np.intersect1d(ar1, ar2, assume_unique, return_indices)
    c1, c2 = _concrete(ar1, "intersect1d"), _concrete(ar2, "intersect1d")
    _, i1, i2 = np.intersect1d(c1, c2, assume_unique, return_indices=True)
    values = P.convert_element_type(_read(ar1, i1), new_dtype=np.result_type(c1, c2))
    return (values, i1, i2) if return_indices else values


def union1d(ar1, ar2):
    """Sorted unique values in either array, as ``numpy.union1d`` (concrete values only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.union1d(np.array([3.0, 1.0]), np.array([1.0, 2.0]))
    array([1., 2., 3.])
    """
    if not _traced(ar1, ar2):
        return np.union1d(ar1, ar2)
    both = _fnp().concatenate((_flat(as_operand(ar1)), _flat(as_operand(ar2))))
    return unique(both)


def setdiff1d(ar1, ar2, assume_unique=False):
    """Unique values of ``ar1`` not in ``ar2``, as ``numpy.setdiff1d`` (concrete only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.setdiff1d(np.array([3.0, 1.0, 2.0]), np.array([2.0]))
    array([1., 3.])
    """
    if not _traced(ar1, ar2):
        return np.setdiff1d(ar1, ar2, assume_unique)
    c1, c2 = _concrete(ar1, "setdiff1d").ravel(), _concrete(ar2, "setdiff1d")
    if assume_unique:
        positions = np.flatnonzero(~np.isin(c1, c2))
    else:
        u, first = np.unique(c1, return_index=True)
        positions = first[~np.isin(u, c2)]
    return _read(ar1, positions)


def setxor1d(ar1, ar2, assume_unique=False):
    """Sorted values in exactly one of the arrays, as ``numpy.setxor1d`` (concrete only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.setxor1d(np.array([3.0, 1.0, 2.0]), np.array([2.0, 4.0]))
    array([1., 3., 4.])
    """
    if not _traced(ar1, ar2):
        return np.setxor1d(ar1, ar2, assume_unique)
    c1, c2 = _concrete(ar1, "setxor1d").ravel(), _concrete(ar2, "setxor1d").ravel()
    p1 = np.arange(c1.size) if assume_unique else np.unique(c1, return_index=True)[1]
    p2 = np.arange(c2.size) if assume_unique else np.unique(c2, return_index=True)[1]
    candidates = np.concatenate((p1, p2 + c1.size))
    values = np.concatenate((c1, c2))[candidates]
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    fresh = np.concatenate(([True], ranked[1:] != ranked[:-1], [True]))
    both = _fnp().concatenate((_flat(as_operand(ar1)), _flat(as_operand(ar2))))
    return _read(both, candidates[order][fresh[1:] & fresh[:-1]])


# ----------------------------------------------------------------------------- sorting
def lexsort(keys, axis=-1):
    """Indices sorting by several keys, the last one primary, as ``numpy.lexsort``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.lexsort((np.array([2.0, 1.0, 0.0]), np.array([1.0, 0.0, 1.0])))
    array([1, 2, 0])
    """
    if not _traced(keys) and not (isinstance(keys, (tuple, list)) and _traced(*keys)):
        return np.lexsort(keys, axis)
    keys = [as_operand(k) for k in keys]
    # Stable sorts from the least significant key up leave ties in the order of the keys
    # sorted before, which is the lexicographic order.
    order = None
    for key in keys:
        if order is not None:
            key = take_along_axis(key, order, axis=axis)
        step = argsort(key, axis=axis, kind="stable")
        order = step if order is None else take_along_axis(order, step, axis=axis)
    return order


def _kth(kth, n, name):
    kth = np.atleast_1d(np.asarray(kth))
    if kth.dtype.kind not in "iu":
        raise TypeError(f"fnp.{name}: kth must be an integer or a sequence of integers")
    if np.any((kth >= n) | (kth < -n)):
        raise ValueDomainError(f"fnp.{name}: kth {kth.tolist()} out of bounds ({n})")


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """``a`` partitioned around the ``kth`` order statistics, as ``numpy.partition``.

    On traced values the result is fully sorted along ``axis``, which is one valid
    partition (NumPy leaves the order inside each side unspecified); ``result[kth]`` is
    always NumPy's. The derivative follows the entries, as for ``sort``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.partition(np.array([3.0, 1.0, 2.0, 0.0]), 2)[2])
    2.0
    """
    if not _traced(a):
        return np.partition(a, kth, axis, kind, order)
    a = as_operand(a)
    if axis is None:
        a, axis = _flat(a), 0
    _kth(kth, a.shape[normalize_axis(axis, a.ndim, "fnp.partition")], "partition")
    return sort(a, axis=axis)


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    """Indices that partition ``a`` around ``kth``, as ``numpy.argpartition``; no derivative.

    On traced values these are the (stable) sorting indices, one valid partition.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> int(fnp.argpartition(np.array([3.0, 1.0, 2.0, 0.0]), 1)[1])
    1
    """
    if not _traced(a):
        return np.argpartition(a, kth, axis, kind, order)
    a = as_operand(a)
    if axis is None:
        a, axis = _flat(a), 0
    _kth(kth, a.shape[normalize_axis(axis, a.ndim, "fnp.argpartition")], "argpartition")
    return argsort(a, axis=axis, kind="stable")


def sort_complex(a):
    """``a`` sorted by real then imaginary part, as complex, as ``numpy.sort_complex``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.sort_complex(np.array([2.0, 1.0]))
    array([1.+0.j, 2.+0.j])
    """
    if not _traced(a):
        return np.sort_complex(a)
    a = sort(as_operand(a), axis=-1)
    if a.dtype.kind == "c":
        return a
    return P.convert_element_type(a, new_dtype=np.complex64 if a.dtype.char in "bhBH" else
                                  np.complex128)  # fmt: skip
