"""Polynomials (NumPy's legacy ``poly*`` functions) and Vandermonde matrices with NumPy's names;
plain arrays go to NumPy, traced ones are composed from existing primitives.
"""

from __future__ import annotations

import warnings

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer
from funcdiff.errors import ShapeError, ValueDomainError
from funcdiff.numpy._creation import _traced
from funcdiff.numpy._joining import as_operand, concatenate
from funcdiff.numpy._products import matmul
from funcdiff.numpy._reductions import cumprod

__all__ = [
    "polyval", "polyadd", "polysub", "polymul", "polyder", "polyint", "polyfit", "poly",
    "roots", "vander",
]  # fmt: skip


def _sl(x, axis, lo, hi):
    """``x[..., lo:hi, ...]`` along ``axis`` (Python slice bounds), as one static slice."""
    shape = x.shape
    lo, hi, _ = slice(lo, hi).indices(shape[axis])
    starts = tuple(lo if i == axis else 0 for i in range(len(shape)))
    limits = tuple(max(lo, hi) if i == axis else n for i, n in enumerate(shape))
    return P.static_slice(x, starts=starts, limits=limits)


def _with(shape, axis, n):
    return shape[:axis] + (n,) + shape[axis + 1 :]


# ----------------------------------------------------------------------------- polynomials
def polyval(p, x):
    """The polynomial with coefficients ``p`` (highest power first) at ``x``, by Horner's rule.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.polyval(np.array([1.0, 0.0, -1.0]), np.array([2.0, 3.0]))
    array([3., 8.])
    """
    if not _traced(p, x):
        return np.polyval(p, x)
    p, x = as_operand(p), as_operand(x)
    y = np.zeros(x.shape, x.dtype)
    for i in range(p.shape[0]):
        y = y * x + p[i]
    return y


def _poly_pair(a1, a2, op):
    a1, a2 = np.atleast_1d(a1) if not _traced(a1) else as_operand(a1), as_operand(a2)
    a1 = P.reshape(a1, new_shape=(1,)) if a1.ndim == 0 else a1
    a2 = P.reshape(a2, new_shape=(1,)) if a2.ndim == 0 else a2
    gap = a2.shape[0] - a1.shape[0]
    if gap > 0:
        a1 = P.pad_zeros(a1, lo=(gap,), hi=(0,))
    elif gap < 0:
        a2 = P.pad_zeros(a2, lo=(-gap,), hi=(0,))
    return op(a1, a2)


def polyadd(a1, a2):
    """The sum of two polynomials (coefficients highest power first), as ``numpy.polyadd``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.polyadd(np.array([1.0, 2.0]), np.array([1.0, 1.0, 1.0]))
    array([1., 2., 3.])
    """
    if not _traced(a1, a2):
        return np.polyadd(a1, a2)
    return _poly_pair(a1, a2, P.add)


def polysub(a1, a2):
    """The difference of two polynomials, as ``numpy.polysub``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.polysub(np.array([1.0, 2.0]), np.array([1.0, 1.0, 1.0]))
    array([-1.,  0.,  1.])
    """
    if not _traced(a1, a2):
        return np.polysub(a1, a2)
    return _poly_pair(a1, a2, P.sub)


def _trim_leading(p):
    # NumPy's polymul goes through poly1d, which drops leading zeros; that changes the shape,
    # so it is done when the values are known (under grad/jvp) and skipped under vmap/jit.
    from funcdiff.numpy._indexing import _concrete_or_none

    p = as_operand(p)
    p = P.reshape(p, new_shape=(1,)) if p.ndim == 0 else p
    values = _concrete_or_none(p)
    if values is None:
        return p
    nonzero = np.flatnonzero(values)
    first = int(nonzero[0]) if nonzero.size else p.shape[0] - 1
    return _sl(p, 0, first, None)


def polymul(a1, a2):
    """The product of two polynomials, as ``numpy.polymul``; differentiable in both.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.polymul(np.array([1.0, 1.0]), np.array([1.0, -1.0]))
    array([ 1.,  0., -1.])
    """
    if not _traced(a1, a2):
        return np.polymul(a1, a2)
    from funcdiff.numpy._calculus import convolve  # _calculus re-exports this module

    return convolve(_trim_leading(a1), _trim_leading(a2))


def polyder(p, m=1):
    """The ``m``-th derivative of a polynomial, as ``numpy.polyder``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.polyder(np.array([1.0, 1.0, 1.0]))
    array([2., 1.])
    """
    if not _traced(p):
        return np.polyder(p, m)
    m = int(m)
    if m < 0:
        raise ValueDomainError(f"fnp.polyder: order m must be non-negative, got {m}.")
    p = as_operand(p)
    for _ in range(m):
        n = p.shape[0] - 1
        p = _sl(p, 0, None, -1) * np.arange(n, 0, -1)
    return p


def polyint(p, m=1, k=None):
    """The ``m``-th antiderivative of a polynomial with constants ``k``, as ``numpy.polyint``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.polyint(np.array([2.0, 1.0]), k=1.0)
    array([1., 1., 1.])
    """
    if not _traced(p, k):
        return np.polyint(p, m, k)
    m = int(m)
    if m < 0:
        raise ValueDomainError(f"fnp.polyint: order m must be non-negative, got {m}.")
    k = np.zeros(m, float) if k is None else as_operand(k)
    k = P.reshape(k, new_shape=(1,)) if k.ndim == 0 else k
    if k.shape[0] == 1 and m > 1:
        k = k * np.ones(m, float)
    if k.shape[0] < m:
        raise ShapeError("fnp.polyint: k must be a scalar or a 1-D array of length 1 or >= m.")
    p = as_operand(p)
    for i in range(m):
        p = concatenate([p / np.arange(p.shape[0], 0, -1), _sl(k, 0, i, i + 1)])
    return p


def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    """Least-squares polynomial fit of degree ``deg``, as ``numpy.polyfit``.

    Differentiable in ``y`` (a fixed linear map of it when ``x`` is concrete, with NumPy's
    column scaling and ``lstsq``) and in ``x`` (through the scaled normal equations).
    Traced inputs support ``full=False`` and ``cov=False`` only.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.polyfit(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]), 1).round(6)
    array([2., 1.])
    """
    if not _traced(x, y, w):
        return np.polyfit(x, y, deg, rcond, full, w, cov)
    if full or cov:
        raise ValueDomainError("fnp.polyfit of traced values supports full=False, cov=False.")
    order = int(deg) + 1
    x, y = as_operand(x) + 0.0, as_operand(y) + 0.0
    if order < 1 or x.ndim != 1 or not x.size or y.ndim not in (1, 2) or x.shape[0] != y.shape[0]:
        raise ShapeError(
            f"fnp.polyfit needs deg >= 0, a non-empty 1-D x and a 1-D or 2-D y of the same "
            f"length; got deg={deg}, x {x.shape}, y {y.shape}."
        )
    rcond = x.shape[0] * np.finfo(x.dtype).eps if rcond is None else rcond
    lhs = vander(x, order)
    if w is not None:
        w = as_operand(w)
        lhs = lhs * w[:, None]
        y = y * (w[:, None] if y.ndim == 2 else w)
    scale = (lhs * lhs).sum(axis=0) ** 0.5
    lhs = lhs / scale
    if isinstance(lhs, Tracer):
        from funcdiff.numpy.linalg import solve

        lhs_t = P.transpose(lhs, permutation=(1, 0))
        c = solve(lhs_t @ lhs, lhs_t @ y)
    else:
        # The least-squares solution is linear in y: c = pinv(lhs) y, pinv from NumPy's lstsq.
        pinv, _, rank, _ = np.linalg.lstsq(lhs, np.eye(lhs.shape[0], dtype=lhs.dtype), rcond)
        if rank != order:
            warnings.warn("Polyfit may be poorly conditioned", np.exceptions.RankWarning,
                          stacklevel=2)  # fmt: skip
        c = matmul(pinv, y)
    return c / (scale[:, None] if y.ndim == 2 else scale)


def poly(seq_of_zeros):
    """Coefficients of the monic polynomial with the given roots, as ``numpy.poly``.

    Traced roots must be 1-D (NumPy also accepts a square matrix: its eigenvalues).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.poly(np.array([1.0, 2.0]))
    array([ 1., -3.,  2.])
    """
    if not _traced(seq_of_zeros):
        return np.poly(seq_of_zeros)
    roots = as_operand(seq_of_zeros)
    roots = P.reshape(roots, new_shape=(1,)) if roots.ndim == 0 else roots
    if roots.ndim != 1:
        raise ShapeError(f"fnp.poly of traced values needs 1-D roots, got shape {roots.shape}.")
    if roots.dtype.kind not in "fc":
        roots = P.convert_element_type(roots, new_dtype=np.float64)
    if roots.shape[0] == 0:
        return 1.0
    a = np.ones((1,), roots.dtype)
    for i in range(roots.shape[0]):
        # a * (x - r): shift a one power up and subtract r times a.
        a = P.pad_zeros(a, lo=(0,), hi=(1,)) - roots[i] * P.pad_zeros(a, lo=(1,), hi=(0,))
    return a


def roots(p):
    """The roots of the polynomial with coefficients ``p`` (highest power first), as
    ``numpy.roots``: the eigenvalues of its companion matrix, then one 0 per trailing zero.

    Real or complex as NumPy; differentiable in ``p`` where the roots are distinct. Leading
    and trailing zeros are stripped (as NumPy) when the values are known, under grad/jvp;
    under vmap/jit they are not, so there ``p[0]`` must be nonzero, trailing zeros give
    zero roots from the eigenvalues (possibly in another order), and the result is complex.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.roots(np.array([1.0, -3.0, 2.0]))
    array([2., 1.])
    """
    if not _traced(p):
        return np.roots(p)
    from funcdiff.numpy._indexing import _concrete_or_none
    from funcdiff.numpy.linalg import eigvals

    p = as_operand(p)
    p = P.reshape(p, new_shape=(1,)) if p.ndim == 0 else p
    if p.ndim != 1:
        raise ShapeError(f"fnp.roots: p must be a rank-1 array of coefficients, got {p.shape}.")
    if p.dtype.kind not in "fc":
        p = P.convert_element_type(p, new_dtype=np.float64)
    values, trailing = _concrete_or_none(p), 0
    if values is not None:
        nonzero = np.flatnonzero(values)
        if not nonzero.size:
            return np.array([])
        trailing = p.shape[0] - int(nonzero[-1]) - 1
        p = _sl(p, 0, int(nonzero[0]), int(nonzero[-1]) + 1)
    n = p.shape[0]
    if n > 1:
        # Companion matrix: first row -p[1:] / p[0], ones on the subdiagonal.
        top = P.div(P.neg(_sl(p, 0, 1, None)), P.reshape(_sl(p, 0, 0, 1), new_shape=()))
        rest = np.eye(n - 2, n - 1, dtype=p.dtype)
        out = eigvals(concatenate([P.reshape(top, new_shape=(1, n - 1)), rest]))
    else:
        out = np.array([])
    if trailing:
        out = concatenate([out, np.zeros(trailing, out.dtype)])
    return out


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of ``x``: columns are powers of ``x`` (decreasing by default).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.vander(np.array([2.0, 3.0]), 3)
    array([[4., 2., 1.],
           [9., 3., 1.]])
    """
    if not _traced(x):
        return np.vander(x, N, increasing)
    x = as_operand(x)
    if x.ndim != 1:
        raise ShapeError(f"fnp.vander needs a 1-D x, got shape {x.shape}.")
    n = x.shape[0]
    N = n if N is None else int(N)
    x = P.convert_element_type(x, new_dtype=np.promote_types(x.dtype, int))
    if N == 0:
        return np.zeros((n, 0), x.dtype)
    # Powers as NumPy builds them: a running product of [1, x, x, ...] along each row.
    cols = concatenate([np.ones((n, 1), x.dtype), P.broadcast_to(x[:, None], shape=(n, N - 1))], 1)
    powers = cumprod(cols, axis=1)
    return powers if increasing else P.flip(powers, axes=(1,))
