"""Reductions and scans with NumPy's names, signatures and dtype rules: sums, means, products,
extrema and their indices, variances, averages, running sums and products, all/any.
"""

from __future__ import annotations

import builtins
import math

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer, bind
from funcdiff.errors import AxisError, ShapeError, ValueDomainError
from funcdiff.numpy._joining import _axes, as_operand, normalize_axis
from funcdiff.primitives import reductions as R

__all__ = [
    "all", "amax", "amin", "any", "argmax", "argmin", "average", "count_nonzero", "cumprod",
    "cumsum", "max", "mean", "min", "nanmean", "nansum", "prod", "ptp", "std", "sum", "var",
]  # fmt: skip


class _NoValue:
    def __repr__(self):
        return "<no value>"


_NO_VALUE = _NoValue()
_F64 = np.dtype(np.float64)


# ----------------------------------------------------------------------------- helpers
def _operand(a, axis, out, where):
    """``a`` as an operand and ``axis`` as a tuple of non-negative axes (all for None)."""
    if out is not None:
        raise ValueDomainError(
            f"{where}: out= is not supported, funcdiff arrays are immutable. Use the returned "
            "array instead (result = fnp.sum(a) rather than fnp.sum(a, out=result))."
        )
    a = as_operand(a)
    axes = tuple(range(a.ndim)) if axis is None else _axes(axis, a.ndim, where)
    return a, tuple(sorted(axes))


def _reduce(prim, x, axes):
    # Bound even for no axes (a 0-d input): NumPy returns a new value, never the input.
    return bind(prim, x, axes=axes)


def _cast(x, dtype):
    # The dtype test first: most calls cast nothing, and it saves an aval (0.5 µs, timeit).
    return x if x.dtype == dtype else P.convert_element_type(x, new_dtype=dtype)


def _kept(out, shape, axes, keepdims):
    return P.reshape(out, new_shape=R.keepdims_shape(shape, axes)) if keepdims else out


def _masked(x, where, fill):
    return x if where is True else P.select(where, x, fill)


def _count(shape, axes, where, dtype):
    """How many entries each reduced slice holds (a Python int without ``where``)."""
    if where is True:
        return math.prod(shape[i] for i in axes)
    mask = P.broadcast_to(where, shape=shape)
    return R.reduce_sum(_cast(mask, dtype), axes=axes)


def _mean_dtypes(dtype, requested):
    """(dtype to sum in, dtype of the result) of NumPy's mean."""
    if requested is not None:
        return np.dtype(requested), np.dtype(requested)
    if dtype.kind in "biu":
        return _F64, _F64
    if dtype == np.float16:
        return np.dtype(np.float32), dtype  # NumPy sums float16 in float32
    return dtype, dtype


# ----------------------------------------------------------------------------- sums and means
def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Sum of elements over ``axis`` (None: all), as ``numpy.sum``.

    Small integers and bools sum in int64 (uint64 for unsigned), as NumPy.

    Raises:
        AxisError: an axis out of range. ValueDomainError: ``out=`` is given.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.sum(np.ones((2, 3), np.int32), axis=0)
    array([2, 2, 2])
    """
    a, axes = _operand(a, axis, out, "fnp.sum")
    a = _masked(_cast(a, R.accumulation_dtype(a.dtype) if dtype is None else dtype), where, 0)
    total = _reduce(P.reduce_sum_p, a, axes)
    if initial is not _NO_VALUE:
        total = P.add(total, initial)
    return _kept(total, a.shape, axes, keepdims)


def nansum(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Sum treating NaN as zero, as ``numpy.nansum``; NaN entries get a zero derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nansum(np.array([1.0, np.nan, 2.0])))
    3.0
    """
    a = as_operand(a)
    if a.dtype.kind in "fc":
        a = P.select(P.ne(a, a), 0, a)
    return sum(a, axis, dtype, out, keepdims, initial, where)


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Arithmetic mean over ``axis``, as ``numpy.mean``.

    Integers and bools give float64, float32 stays float32, float16 is summed in float32.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.mean(np.arange(4, dtype=np.int32))
    np.float64(1.5)
    """
    a, axes = _operand(a, axis, out, "fnp.mean")
    compute, result = _mean_dtypes(a.dtype, dtype)
    a = _masked(_cast(a, compute), where, 0)
    count = _count(a.shape, axes, where, compute)
    total = P.div(_reduce(P.reduce_sum_p, a, axes), count)
    return _kept(_cast(total, result), a.shape, axes, keepdims)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Mean of the non-NaN entries, as ``numpy.nanmean``; NaN entries get a zero derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nanmean(np.array([1.0, np.nan, 2.0])))
    1.5
    """
    a = as_operand(a)
    if a.dtype.kind not in "fc":
        return mean(a, axis, dtype, out, keepdims, where=where)
    valid = P.eq(a, a)
    if where is not True:
        valid = P.logical_and(valid, where)
    return mean(a, axis, dtype, out, keepdims, where=valid)


def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    """Weighted average over ``axis``, as ``numpy.average``.

    Without ``weights`` it is the mean. 1-D ``weights`` with an ``a`` of another shape weigh
    the entries along the int ``axis``. With ``returned=True`` also returns the weight sums.

    Raises:
        AxisError: shapes differ and ``axis`` is not one int. ShapeError: weights do not fit.
        ZeroDivisionError: concrete weights summing to zero, as NumPy.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.average(np.array([1.0, 3.0]), weights=np.array([3.0, 1.0])))
    1.5
    """
    a = as_operand(a)
    if weights is None:
        avg = mean(a, axis, keepdims=keepdims)
        scl = np.asarray(a.size // builtins.max(math.prod(avg.shape), 1), avg.dtype)
    else:
        w = as_operand(weights)
        dtype = np.result_type(a.dtype, w.dtype, *([_F64] if a.dtype.kind in "biu" else []))
        w = _cast(_weights_like(a, w, axis), dtype)
        scl = sum(w, axis, keepdims=keepdims)
        if not isinstance(scl, Tracer) and np.any(scl == 0.0):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = P.div(sum(P.mul(_cast(a, dtype), w), axis, keepdims=keepdims), scl)
    if not returned:
        return avg
    return avg, P.broadcast_to(scl, shape=avg.shape)


def _weights_like(a, w, axis):
    if w.shape == a.shape:
        return w
    if not isinstance(axis, (int, np.integer)):
        raise AxisError(
            f"fnp.average: weights of shape {w.shape} differ from a's shape {a.shape}, so "
            "axis must name the one axis they weigh, e.g. axis=0."
        )
    axis = normalize_axis(axis, a.ndim, "fnp.average")
    if w.ndim != 1 or w.shape[0] != a.shape[axis]:
        raise ShapeError(
            f"fnp.average: weights of shape {w.shape} must be 1-D of length {a.shape[axis]} "
            f"(a.shape[{axis}]) when they differ from a's shape {a.shape}."
        )
    w = P.reshape(w, new_shape=(1,) * axis + w.shape + (1,) * (a.ndim - axis - 1))
    return P.broadcast_to(w, shape=a.shape)


# ----------------------------------------------------------------------------- products
def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Product of elements over ``axis``, as ``numpy.prod`` (small integers widen).

    The derivative is exact where entries are zero: the product of the other entries.
    Second derivatives are exact with at most one zero per reduced slice.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.grad(fnp.prod)(np.array([2.0, 0.0, 3.0]))
    array([0., 6., 0.])
    """
    a, axes = _operand(a, axis, out, "fnp.prod")
    a = _masked(_cast(a, R.accumulation_dtype(a.dtype) if dtype is None else dtype), where, 1)
    total = _reduce(P.reduce_prod_p, a, axes)
    if initial is not _NO_VALUE:
        total = P.mul(total, initial)
    return _kept(total, a.shape, axes, keepdims)


# ----------------------------------------------------------------------------- extrema
def _extremum(prim, pick, a, axis, out, keepdims, initial, where, name):
    a, axes = _operand(a, axis, out, f"fnp.{name}")
    if where is not True:
        if initial is _NO_VALUE:
            raise ValueDomainError(
                f"fnp.{name}: a where= mask needs initial= (the value of an empty selection), "
                f"as NumPy, e.g. fnp.{name}(a, where=mask, initial=0.0)."
            )
        a = P.select(where, a, initial)
    shape = R.reduced_shape(a.shape, axes)
    if initial is not _NO_VALUE and 0 in (a.shape[i] for i in axes):
        result = np.full(shape, initial, a.dtype)
    else:
        result = _reduce(prim, a, axes)
        if initial is not _NO_VALUE:
            result = pick(result, initial)
    return _kept(result, a.shape, axes, keepdims)


def max(a, axis=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Maximum over ``axis``, as ``numpy.max`` (alias ``amax``); NaN propagates.

    The derivative follows the maximal entry; tied maxima share it equally, as JAX.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.grad(fnp.max)(np.array([1.0, 3.0, 3.0]))
    array([0. , 0.5, 0.5])
    """
    return _extremum(P.reduce_max_p, P.maximum, a, axis, out, keepdims, initial, where, "max")


def min(a, axis=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Minimum over ``axis``, as ``numpy.min`` (alias ``amin``); NaN propagates.

    The derivative follows the minimal entry; tied minima share it equally, as JAX.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.min(np.array([[1.0, 3.0], [0.0, 5.0]]), axis=1)
    array([1., 0.])
    """
    return _extremum(P.reduce_min_p, P.minimum, a, axis, out, keepdims, initial, where, "min")


amax = max
amin = min


def ptp(a, axis=None, out=None, keepdims=False):
    """Range (maximum minus minimum) over ``axis``, as ``numpy.ptp``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.ptp(np.array([4.0, 1.0, 2.5])))
    3.0
    """
    return P.sub(max(a, axis, out, keepdims), min(a, axis, out, keepdims))


def _arg(bind_fn, a, axis, out, keepdims, name):
    a, _ = _operand(a, None, out, f"fnp.{name}")
    shape = a.shape
    if axis is None:
        result = bind_fn(P.reshape(a, new_shape=(a.size,)), axis=0)
        return P.reshape(result, new_shape=(1,) * len(shape)) if keepdims else result
    axis = normalize_axis(axis, a.ndim, f"fnp.{name}")
    return _kept(bind_fn(a, axis=axis), shape, (axis,), keepdims)


def argmax(a, axis=None, out=None, *, keepdims=False):
    """Index (int64) of the first maximum along ``axis`` (None: of the flattened array).

    As ``numpy.argmax``; no derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.argmax(np.array([[1.0, 5.0], [7.0, 2.0]]), axis=1)
    array([1, 0])
    """
    return _arg(R.argmax, a, axis, out, keepdims, "argmax")


def argmin(a, axis=None, out=None, *, keepdims=False):
    """Index (int64) of the first minimum along ``axis`` (None: of the flattened array).

    As ``numpy.argmin``; no derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> int(fnp.argmin(np.array([3.0, 1.0, 2.0])))
    1
    """
    return _arg(R.argmin, a, axis, out, keepdims, "argmin")


# ----------------------------------------------------------------------------- variance
def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
        mean=_NO_VALUE, correction=_NO_VALUE):  # fmt: skip
    """Variance ``sum(|a - mean|^2) / (N - ddof)`` over ``axis``, as ``numpy.var``.

    Integers give float64. ``mean=`` may pass a precomputed mean (keepdims-shaped), and
    ``correction`` is the array-API name of ``ddof``.

    Raises:
        ValueDomainError: both ``ddof`` and ``correction`` are given.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.var(np.array([1.0, 2.0, 3.0, 4.0]), ddof=1))
    1.6666666666666667
    """
    a, axes = _operand(a, axis, out, "fnp.var")
    if correction is not _NO_VALUE:
        if ddof != 0:
            raise ValueDomainError("fnp.var: give ddof or correction, not both.")
        ddof = correction
    compute = np.dtype(dtype) if dtype is not None else (
        _F64 if a.dtype.kind in "biu" else a.dtype
    )  # fmt: skip
    a = _cast(a, compute)
    count = _count(a.shape, axes, where, compute)
    if mean is _NO_VALUE:
        total = _kept(_reduce(P.reduce_sum_p, _masked(a, where, 0), axes), a.shape, axes, True)
        mean = P.div(total, count if where is True else _kept(count, a.shape, axes, True))
    dev = _masked(P.sub(a, mean), where, 0)
    if compute.kind == "c":
        squares = P.add(P.mul(P.real(dev), P.real(dev)), P.mul(P.imag(dev), P.imag(dev)))
    else:
        squares = P.mul(dev, dev)
    dof = builtins.max(count - ddof, 0) if where is True else P.maximum(P.sub(count, ddof), 0)
    return _kept(P.div(_reduce(P.reduce_sum_p, squares, axes), dof), a.shape, axes, keepdims)


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
        mean=_NO_VALUE, correction=_NO_VALUE):  # fmt: skip
    """Standard deviation, the square root of ``var`` (same arguments), as ``numpy.std``.

    Where the variance is exactly zero (all entries equal) the derivative is 0, the
    minimum-norm subgradient of that kink, instead of NaN as in JAX.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.grad(fnp.std)(np.ones(3))
    array([0., 0., 0.])
    """
    variance = var(a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                   correction=correction)  # fmt: skip
    # sqrt' = 1 / (2 sqrt v) is infinite at v = 0; route zeros around sqrt so that neither
    # the value nor any derivative order meets 1 / 0 (NaN still propagates through sqrt).
    flat = P.eq(variance, 0)
    return P.select(flat, 0, P.sqrt(P.select(flat, 1, variance)))


# ----------------------------------------------------------------------------- scans
def _scan(bind_fn, a, axis, dtype, out, name):
    a, _ = _operand(a, None, out, f"fnp.{name}")
    a = _cast(a, R.accumulation_dtype(a.dtype) if dtype is None else dtype)
    if axis is None:
        return bind_fn(a if a.ndim == 1 else P.reshape(a, new_shape=(a.size,)), axis=0)
    return bind_fn(a, axis=normalize_axis(axis, a.ndim, f"fnp.{name}"))


def cumsum(a, axis=None, dtype=None, out=None):
    """Running sum along ``axis`` (None: of the flattened array), as ``numpy.cumsum``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.cumsum(np.array([[1, 2], [3, 4]]))
    array([ 1,  3,  6, 10])
    """
    return _scan(R.cumsum, a, axis, dtype, out, "cumsum")


def cumprod(a, axis=None, dtype=None, out=None):
    """Running product along ``axis`` (None: of the flattened array), as ``numpy.cumprod``.

    The derivative uses products only (no division by entries), so it is exact at zeros.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.cumprod(np.array([1.0, 2.0, 3.0]))
    array([1., 2., 6.])
    """
    return _scan(R.cumprod, a, axis, dtype, out, "cumprod")


# ----------------------------------------------------------------------------- truth tests
def _truth(prim, identity, a, axis, out, keepdims, where, name):
    a, axes = _operand(a, axis, out, f"fnp.{name}")
    a = _masked(_cast(a, np.bool_), where, identity)
    if 0 in (a.shape[i] for i in axes):  # an empty slice: the identity, as NumPy
        result = np.full(R.reduced_shape(a.shape, axes), identity)
    else:
        result = _reduce(prim, a, axes)  # min of bools is "all", max is "any"
    return _kept(result, a.shape, axes, keepdims)


def all(a, axis=None, out=None, keepdims=False, *, where=True):
    """Whether every entry along ``axis`` is truthy (bool), as ``numpy.all``; no derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.all(np.array([[1.0, 0.0], [2.0, 3.0]]), axis=1)
    array([False,  True])
    """
    return _truth(P.reduce_min_p, True, a, axis, out, keepdims, where, "all")


def any(a, axis=None, out=None, keepdims=False, *, where=True):
    """Whether some entry along ``axis`` is truthy (bool), as ``numpy.any``; no derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.any(np.array([[1.0, 0.0], [0.0, 0.0]]), axis=1)
    array([ True, False])
    """
    return _truth(P.reduce_max_p, False, a, axis, out, keepdims, where, "any")


def count_nonzero(a, axis=None, *, keepdims=False):
    """Number of nonzero entries along ``axis`` (int64), as ``numpy.count_nonzero``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> int(fnp.count_nonzero(np.array([0.0, 2.0, 3.0])))
    2
    """
    a, axes = _operand(a, axis, None, "fnp.count_nonzero")
    counts = _reduce(P.reduce_sum_p, _cast(_cast(a, np.bool_), np.int64), axes)
    return _kept(counts, a.shape, axes, keepdims)
