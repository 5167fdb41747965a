"""Differences, integrals, running sums, convolutions, cross products and the array-API product
helpers with NumPy's names (polynomials are in _polynomial); traced values use primitives.
"""

from __future__ import annotations

import warnings

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer
from funcdiff.errors import AxisError, ShapeError, ValueDomainError
from funcdiff.numpy._creation import _traced
from funcdiff.numpy._joining import _axes, as_operand, concatenate, normalize_axis, stack
from funcdiff.numpy._polynomial import *  # noqa: F403
from funcdiff.numpy._polynomial import __all__ as _polynomial_all
from funcdiff.numpy._polynomial import _sl, _with
from funcdiff.numpy._products import matmul
from funcdiff.numpy._reductions import cumprod, cumsum
from funcdiff.numpy._shape import moveaxis, reshape, swapaxes, transpose

__all__ = [
    "diff", "ediff1d", "gradient", "trapezoid", "cumulative_sum", "cumulative_prod", "convolve",
    "correlate", "cross", "vecdot", "matvec", "vecmat", "matrix_transpose", "permute_dims",
    "concat", *_polynomial_all,
]  # fmt: skip

_NO_VALUE = np._NoValue


# ----------------------------------------------------------------------------- differences
def diff(a, n=1, axis=-1, prepend=_NO_VALUE, append=_NO_VALUE):
    """The ``n``-th discrete difference along ``axis``, as ``numpy.diff``.

    Raises:
        ValueDomainError: a negative ``n`` or a 0-d ``a``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.diff(np.array([1.0, 4.0, 9.0]), prepend=0.0)
    array([1., 3., 5.])
    """
    if not _traced(a, prepend, append):
        return np.diff(a, n, axis, prepend, append)
    if n < 0:
        raise ValueDomainError(f"fnp.diff: order n must be non-negative, got {n}.")
    a = as_operand(a)
    if a.ndim == 0:
        raise ValueDomainError("fnp.diff needs an array of rank >= 1, got a 0-d array.")
    if n == 0:
        return a
    axis = normalize_axis(axis, a.ndim, "fnp.diff")
    parts = []
    for extra in (prepend, a, append):
        if extra is _NO_VALUE:
            continue
        extra = as_operand(extra)
        if extra.ndim == 0:
            extra = P.broadcast_to(extra, shape=_with(a.shape, axis, 1))
        parts.append(extra)
    if len(parts) > 1:
        a = concatenate(parts, axis)
    for _ in range(n):
        hi, lo = _sl(a, axis, 1, None), _sl(a, axis, None, -1)
        a = P.ne(hi, lo) if a.dtype == np.bool_ else P.sub(hi, lo)
    return a


def ediff1d(ary, to_end=None, to_begin=None):
    """Differences of the flattened ``ary`` with optional values before and after.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.ediff1d(np.array([1.0, 2.0, 4.0]), to_begin=-1.0)
    array([-1.,  1.,  2.])
    """
    if not _traced(ary, to_end, to_begin):
        return np.ediff1d(ary, to_end, to_begin)
    ary = as_operand(ary)
    ary = P.reshape(ary, new_shape=(ary.size,))
    parts = [_sl(ary, 0, 1, None) - _sl(ary, 0, None, -1)]
    for extra, at in ((to_begin, 0), (to_end, 1)):
        if extra is not None:
            extra = as_operand(extra)
            if not np.can_cast(extra.dtype, ary.dtype, casting="same_kind"):
                raise ValueDomainError(
                    f"fnp.ediff1d: dtype of to_{'begin' if at == 0 else 'end'} "
                    f"({extra.dtype}) must be castable to {ary.dtype}."
                )
            extra = P.reshape(P.convert_element_type(extra, new_dtype=ary.dtype),
                              new_shape=(extra.size,))  # fmt: skip
            parts.insert(at * len(parts), extra)
    return concatenate(parts) if len(parts) > 1 else parts[0]


def _spacings(f, axes, varargs):
    """One spacing per axis: a scalar (uniform) or the 1-D differences of the coordinates."""
    if not varargs:
        return [1.0] * len(axes)
    if len(varargs) == 1 and np.ndim(varargs[0]) == 0:
        return list(varargs) * len(axes)
    if len(varargs) != len(axes):
        raise TypeError(
            f"fnp.gradient: {len(varargs)} spacings for {len(axes)} axes; give one spacing, "
            "or one per axis."
        )
    dx = []
    for axis, d in zip(axes, varargs, strict=True):
        d = as_operand(d)
        if d.ndim == 0:
            dx.append(d)
            continue
        if d.ndim != 1 or d.shape[0] != f.shape[axis]:
            raise ShapeError(
                f"fnp.gradient: coordinates of shape {d.shape} for axis {axis} of length "
                f"{f.shape[axis]}; give a scalar or a 1-D array of that length."
            )
        if d.dtype.kind in "iu":
            d = P.convert_element_type(d, new_dtype=np.float64)
        d = diff(d)
        if not isinstance(d, Tracer) and (d == d[0]).all():
            d = d[0]  # equal steps take NumPy's uniform formulas
        dx.append(d)
    return dx


def _gradient_axis(f, axis, h, edge_order):
    """Central differences inside and one-sided ones of ``edge_order`` at both ends."""
    uniform = np.ndim(h) == 0
    end = f.shape[axis]
    fs = lambda lo, hi: _sl(f, axis, lo, hi)  # noqa: E731
    if uniform:
        mid = (fs(2, None) - fs(None, -2)) / (2.0 * h)
    else:
        # Second-order weights on a non-uniform grid (Fornberg), steps h1 = h[:-1], h2 = h[1:].
        h1, h2 = h[:-1], h[1:]
        shape = _with((1,) * f.ndim, axis, end - 2)
        a = reshape(-h2 / (h1 * (h1 + h2)), shape)
        b = reshape((h2 - h1) / (h1 * h2), shape)
        c = reshape(h1 / (h2 * (h1 + h2)), shape)
        mid = a * fs(None, -2) + b * fs(1, -1) + c * fs(2, None)
    if edge_order == 1:
        first = (fs(1, 2) - fs(0, 1)) / (h if uniform else h[0])
        last = (fs(-1, None) - fs(-2, -1)) / (h if uniform else h[-1])
        return concatenate([first, mid, last], axis)
    if uniform:
        a, b, c = -1.5 / h, 2.0 / h, -0.5 / h
    else:
        h1, h2 = h[0], h[1]
        a = -(2.0 * h1 + h2) / (h1 * (h1 + h2))
        b = (h1 + h2) / (h1 * h2)
        c = -h1 / (h2 * (h1 + h2))
    first = a * fs(0, 1) + b * fs(1, 2) + c * fs(2, 3)
    if uniform:
        a, b, c = 0.5 / h, -2.0 / h, 1.5 / h
    else:
        h1, h2 = h[-2], h[-1]
        a = h2 / (h1 * (h1 + h2))
        b = -(h2 + h1) / (h1 * h2)
        c = (2.0 * h2 + h1) / (h2 * (h1 + h2))
    last = a * fs(-3, -2) + b * fs(-2, -1) + c * fs(-1, None)
    return concatenate([first, mid, last], axis)


def gradient(f, *varargs, axis=None, edge_order=1):
    """Second-order central differences inside, one-sided at the ends, as ``numpy.gradient``.

    ``varargs`` are scalar spacings or 1-D coordinates per axis. Returns one array for one
    axis, else a tuple.

    Raises:
        ValueDomainError: ``edge_order`` not 1 or 2, or an axis too short for it.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.gradient(np.array([1.0, 2.0, 4.0, 7.0]))
    array([1. , 1.5, 2.5, 3. ])
    """
    if not _traced(f, *varargs):
        return np.gradient(f, *varargs, axis=axis, edge_order=edge_order)
    f = as_operand(f)
    axes = tuple(range(f.ndim)) if axis is None else _axes(axis, f.ndim, "fnp.gradient")
    if edge_order not in (1, 2):
        raise ValueDomainError(f"fnp.gradient: edge_order must be 1 or 2, got {edge_order}.")
    otype = f.dtype if f.dtype.kind in "fc" else np.dtype(np.float64)
    if f.dtype.kind in "iub":
        f = P.convert_element_type(f, new_dtype=np.float64)
    out = []
    for ax, h in zip(axes, _spacings(f, axes, varargs), strict=True):
        if f.shape[ax] < edge_order + 1:
            raise ValueDomainError(
                f"fnp.gradient: axis {ax} has {f.shape[ax]} elements; edge_order={edge_order} "
                f"needs at least {edge_order + 1}."
            )
        out.append(P.convert_element_type(_gradient_axis(f, ax, h, edge_order), new_dtype=otype))
    return out[0] if len(out) == 1 else tuple(out)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integral of ``y`` along ``axis`` by the trapezoidal rule, as ``numpy.trapezoid``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.trapezoid(np.array([1.0, 2.0, 3.0]), x=np.array([0.0, 1.0, 3.0])))
    6.5
    """
    if not _traced(y, x, dx):
        return np.trapezoid(y, x, dx, axis)
    from funcdiff.numpy._reductions import sum as fsum

    y = as_operand(y)
    axis = normalize_axis(axis, y.ndim, "fnp.trapezoid")
    if x is None:
        d = dx
    else:
        x = as_operand(x)
        if x.ndim == 1:
            d = reshape(diff(x), _with((1,) * y.ndim, axis, x.shape[0] - 1))
        else:
            d = diff(x, axis=axis)
    return fsum(d * (_sl(y, axis, 1, None) + _sl(y, axis, None, -1)) / 2.0, axis)


def _cumulative(fn, x, axis, dtype, include_initial, initial, where):
    x = as_operand(x)
    if x.ndim == 0:
        raise ValueDomainError(f"{where} needs an array of rank >= 1, got a 0-d array.")
    if axis is None:
        if x.ndim > 1:
            raise AxisError(
                f"{where}: axis must be given for arrays of rank > 1 (shape {x.shape})."
            )
        axis = 0
    axis = normalize_axis(axis, x.ndim, where)
    out = fn(x, axis=axis, dtype=dtype)
    if not include_initial:
        return out
    first = np.full(_with(out.shape, axis, 1), initial, out.dtype)
    return concatenate([first, out], axis)


def cumulative_sum(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """Running sum along ``axis``, optionally starting with 0, as ``numpy.cumulative_sum``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.cumulative_sum(np.array([1.0, 2.0, 3.0]), include_initial=True)
    array([0., 1., 3., 6.])
    """
    if out is not None or not _traced(x):
        return np.cumulative_sum(x, axis=axis, dtype=dtype, out=out,
                                 include_initial=include_initial)  # fmt: skip
    return _cumulative(cumsum, x, axis, dtype, include_initial, 0, "fnp.cumulative_sum")


def cumulative_prod(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """Running product along ``axis``, optionally starting with 1, as ``numpy.cumulative_prod``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.cumulative_prod(np.array([1.0, 2.0, 3.0]), include_initial=True)
    array([1., 1., 2., 6.])
    """
    if out is not None or not _traced(x):
        return np.cumulative_prod(x, axis=axis, dtype=dtype, out=out,
                                  include_initial=include_initial)  # fmt: skip
    return _cumulative(cumprod, x, axis, dtype, include_initial, 1, "fnp.cumulative_prod")


# ----------------------------------------------------------------------------- convolution
_MODES = {0: "valid", 1: "same", 2: "full", "valid": "valid", "same": "same", "full": "full"}


def _correlate(a, v, mode, where):
    a, v = as_operand(a), as_operand(v)
    a = P.reshape(a, new_shape=(1,)) if a.ndim == 0 else a
    v = P.reshape(v, new_shape=(1,)) if v.ndim == 0 else v
    if a.ndim != 1 or v.ndim != 1:
        raise ShapeError(f"{where} needs 1-D inputs, got shapes {a.shape} and {v.shape}.")
    if mode not in _MODES:
        raise ValueDomainError(f"{where}: mode must be 'full', 'same' or 'valid', got {mode!r}.")
    mode, n, m = _MODES[mode], a.shape[0], v.shape[0]
    if not n or not m:
        raise ShapeError(f"{where}: the inputs cannot be empty (shapes {a.shape}, {v.shape}).")
    # full[k] = sum_j a_padded[k + j] * v[j] with m - 1 zeros on both sides of a; the modes
    # keep a window of it, placed where NumPy places it (it swaps the inputs when m > n).
    lo, hi = min(n, m), max(n, m)
    start, length = {
        "full": (0, n + m - 1),
        "valid": (lo - 1, hi - lo + 1),
        "same": ((m - 1) // 2 if n >= m else n // 2, hi),
    }[mode]
    padded = P.pad_zeros(a, lo=(m - 1,), hi=(m - 1,))
    windows = padded[start + np.arange(length)[:, None] + np.arange(m)]
    return matmul(windows, v)


def correlate(a, v, mode="valid"):
    """Cross-correlation of two 1-D sequences, ``c[k] = sum_n a[n + k] * conj(v[n])``.

    Differentiable in both inputs; ``mode`` is 'valid' (default), 'same' or 'full'.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.correlate(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0]), "full")
    array([1., 2., 3., 0.])
    """
    if not _traced(a, v):
        return np.correlate(a, v, mode)
    v = as_operand(v)
    return _correlate(a, P.conj(v) if v.dtype.kind == "c" else v, mode, "fnp.correlate")


def convolve(a, v, mode="full"):
    """Discrete linear convolution of two 1-D sequences, as ``numpy.convolve``.

    Differentiable in both inputs; ``mode`` is 'full' (default), 'same' or 'valid'.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.convolve(np.array([1.0, 2.0]), np.array([1.0, 1.0, 1.0]))
    array([1., 3., 3., 2.])
    """
    if not _traced(a, v):
        return np.convolve(a, v, mode)
    a, v = as_operand(a), as_operand(v)
    if np.size(v) > np.size(a):
        a, v = v, a  # NumPy's window placement for 'same' assumes the longer one first
    v = P.reshape(v, new_shape=(1,)) if v.ndim == 0 else v
    return _correlate(a, P.flip(v, axes=(0,)) if v.ndim == 1 else v, mode, "fnp.convolve")


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of 3-vectors (or 2-vectors, deprecated as in NumPy 2) along the axes.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.cross(np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
    array([0., 0., 1.])
    """
    if not _traced(a, b):
        return np.cross(a, b, axisa, axisb, axisc, axis)
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = as_operand(a), as_operand(b)
    a = moveaxis(a, normalize_axis(axisa, a.ndim, "fnp.cross axisa"), -1)
    b = moveaxis(b, normalize_axis(axisb, b.ndim, "fnp.cross axisb"), -1)
    na, nb = a.shape[-1], b.shape[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ShapeError(
            f"fnp.cross: incompatible vector lengths {na} and {nb}; each must be 2 or 3."
        )
    if na == 2 or nb == 2:
        warnings.warn(
            "Arrays of 2-dimensional vectors are deprecated. Use arrays of 3-dimensional "
            "vectors instead. (deprecated in NumPy 2.0)",
            DeprecationWarning,
            stacklevel=2,
        )
    a0, a1, *a2 = (a[..., i] for i in range(na))
    b0, b1, *b2 = (b[..., i] for i in range(nb))
    cp2 = a0 * b1 - a1 * b0
    if na == nb == 2:
        return cp2
    if not a2:
        cp0, cp1 = a1 * b2[0], -(a0 * b2[0])
    elif not b2:
        cp0, cp1 = -(a2[0] * b1), a2[0] * b0
    else:
        cp0, cp1 = a1 * b2[0] - a2[0] * b1, a2[0] * b0 - a0 * b2[0]
    cp = stack(P.broadcast_to(c, shape=cp2.shape) for c in (cp0, cp1, cp2))
    return moveaxis(cp, 0, normalize_axis(axisc, cp.ndim, "fnp.cross axisc"))


# ----------------------------------------------------------------------------- array API
def vecdot(x1, x2, /, *, axis=-1):
    """Dot products of vectors along ``axis`` (conjugating ``x1``), broadcast over the rest.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.vecdot(np.ones((2, 3)), np.arange(3.0))
    array([3., 3.])
    """
    if not _traced(x1, x2):
        return np.vecdot(x1, x2, axis=axis)
    x1, x2 = as_operand(x1), as_operand(x2)
    x1 = moveaxis(x1, normalize_axis(axis, x1.ndim, "fnp.vecdot"), -1)
    x2 = moveaxis(x2, normalize_axis(axis, x2.ndim, "fnp.vecdot"), -1)
    x1 = P.conj(x1) if x1.dtype.kind == "c" else x1
    return matmul(x1[..., None, :], x2[..., :, None])[..., 0, 0]


def matvec(x1, x2, /):
    """Matrix-vector products ``x1 @ x2`` over stacks, as ``numpy.matvec``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.matvec(np.eye(2), np.array([1.0, 2.0]))
    array([1., 2.])
    """
    if not _traced(x1, x2):
        return np.matvec(x1, x2)
    return matmul(x1, as_operand(x2)[..., None])[..., 0]


def vecmat(x1, x2, /):
    """Vector-matrix products ``conj(x1) @ x2`` over stacks, as ``numpy.vecmat``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.vecmat(np.array([1.0, 2.0]), np.eye(2))
    array([1., 2.])
    """
    if not _traced(x1, x2):
        return np.vecmat(x1, x2)
    x1 = as_operand(x1)
    x1 = P.conj(x1) if x1.dtype.kind == "c" else x1
    return matmul(x1[..., None, :], x2)[..., 0, :]


def matrix_transpose(x, /):
    """``x`` with its last two axes swapped, as ``numpy.matrix_transpose``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.matrix_transpose(np.ones((4, 2, 3))).shape
    (4, 3, 2)
    """
    if not _traced(x):
        return np.matrix_transpose(x)
    x = as_operand(x)
    if x.ndim < 2:
        raise ShapeError(f"fnp.matrix_transpose needs rank >= 2, got shape {x.shape}.")
    return swapaxes(x, -1, -2)


def permute_dims(a, /, axes=None):
    """The array-API name of ``transpose``, as ``numpy.permute_dims``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.permute_dims(np.ones((2, 3)), (1, 0)).shape
    (3, 2)
    """
    return np.permute_dims(a, axes) if not _traced(a) else transpose(a, axes)


def concat(arrays, /, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """The array-API name of ``concatenate``, as ``numpy.concat``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.concat([np.zeros(1), np.ones(2)])
    array([0., 1., 1.])
    """
    return concatenate(arrays, axis, out, dtype=dtype, casting=casting)
