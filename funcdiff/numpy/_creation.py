"""Array creation with NumPy's names: plain NumPy results for plain arguments; traced values
(a traced fill value, linspace endpoints, a list of tracers) are composed from primitives.
"""

from __future__ import annotations

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer, get_aval
from funcdiff.dtypes import float_dtype_for, result_type
from funcdiff.errors import OrderError, ShapeError
from funcdiff.numpy._joining import _has_tracer, as_operand
from funcdiff.numpy._shape import broadcast_arrays, moveaxis, reshape
from funcdiff.primitives.registry import broadcast_shapes

__all__ = [
    "zeros", "ones", "full", "empty", "eye", "identity", "arange", "linspace", "logspace",
    "zeros_like", "ones_like", "full_like", "empty_like", "asarray", "array", "copy", "astype",
    "meshgrid",
]  # fmt: skip


def _traced(*xs):
    return any(
        isinstance(x, Tracer) or (isinstance(x, (list, tuple)) and _has_tracer(x)) for x in xs
    )


def _cast(x, dtype):
    return x if dtype is None else P.convert_element_type(x, new_dtype=dtype)


# ----------------------------------------------------------------------------- filled arrays
def zeros(shape, dtype=None, order="C", *, device=None, like=None):
    """A new array of zeros, as ``numpy.zeros``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.zeros((2, 1))
    array([[0.],
           [0.]])
    """
    return np.zeros(shape, dtype, order, device=device, like=like)


def ones(shape, dtype=None, order="C", *, device=None, like=None):
    """A new array of ones, as ``numpy.ones``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.ones(2, dtype=int)
    array([1, 1])
    """
    return np.ones(shape, dtype, order, device=device, like=like)


def empty(shape, dtype=None, order="C", *, device=None, like=None):
    """A new uninitialized array, as ``numpy.empty``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.empty((2, 3)).shape
    (2, 3)
    """
    return np.empty(shape, dtype, order, device=device, like=like)


def full(shape, fill_value, dtype=None, order="C", *, device=None, like=None):
    """An array of ``shape`` filled with ``fill_value``, as ``numpy.full``.

    A traced ``fill_value`` is broadcast, so the result is differentiable in it.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> fd.jvp(lambda v: fnp.full(2, v), (1.0,), (3.0,))[1]
    array([3., 3.])
    """
    if not _traced(fill_value):
        return np.full(shape, fill_value, dtype, order, device=device, like=like)
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    return P.broadcast_to(_cast(as_operand(fill_value), dtype), shape=shape)


def eye(N, M=None, k=0, dtype=float, order="C", *, device=None, like=None):
    """A 2-D array with ones on the ``k``-th diagonal, as ``numpy.eye``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.eye(2, k=1)
    array([[0., 1.],
           [0., 0.]])
    """
    return np.eye(N, M, k, dtype, order, device=device, like=like)


def identity(n, dtype=None, *, like=None):
    """The ``n`` by ``n`` identity matrix, as ``numpy.identity``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.identity(2)
    array([[1., 0.],
           [0., 1.]])
    """
    return np.identity(n, dtype, like=like)


def arange(start_or_stop, /, stop=None, step=1, *, dtype=None, device=None, like=None):
    """Evenly spaced values in a half-open interval, as ``numpy.arange``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.arange(3)
    array([0, 1, 2])
    """
    return np.arange(start_or_stop, stop, step, dtype=dtype, device=device, like=like)


# ----------------------------------------------------------------------------- ranges
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):  # fmt: skip
    """``num`` evenly spaced samples from ``start`` to ``stop``, as ``numpy.linspace``.

    Traced ``start``/``stop`` give a differentiable result, computed as NumPy does
    (``arange * step + start``, the last sample set to ``stop``).

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> fnp.linspace(0.0, 1.0, 3)
    array([0. , 0.5, 1. ])
    >>> fd.jvp(lambda b: fnp.linspace(0.0, b, 3), (1.0,), (1.0,))[1]
    array([0. , 0.5, 1. ])
    """
    if not _traced(start, stop):
        return np.linspace(start, stop, num, endpoint, retstep, dtype, axis, device=device)
    start, stop = _endpoint(start), _endpoint(stop)
    num = int(num)
    if num < 0:
        raise ShapeError(f"fnp.linspace: num must be non-negative, got {num}.")
    dt = float_dtype_for(result_type(get_aval(start), get_aval(stop)))
    start, stop = _cast(start, dt), _cast(stop, dt)
    shape = broadcast_shapes(get_aval(start).shape, get_aval(stop).shape)
    delta = P.sub(stop, start)
    div = num - 1 if endpoint else num
    y = np.arange(num, dtype=dt).reshape((num,) + (1,) * len(shape))
    if div > 0:
        step = P.div(delta, div)
        y = P.mul(y, step)
    else:
        step, y = np.nan, P.mul(y, delta)
    y = P.broadcast_to(P.add(y, start), shape=(num,) + shape)
    if endpoint and num > 1:
        last = P.reshape(P.broadcast_to(stop, shape=shape), new_shape=(1,) + shape)
        head = P.static_slice(y, starts=(0,) * (1 + len(shape)), limits=(num - 1,) + shape)
        y = P.concatenate(head, _cast(last, get_aval(y).dtype), axis=0)
    if axis != 0:
        y = moveaxis(y, 0, axis)
    if dtype is not None and np.dtype(dtype).kind in "iu":
        from funcdiff import numpy as fnp  # the facade's floor, defined beside this module

        y = fnp.floor(y)  # NumPy floors before an integer cast
    y = _cast(y, dtype)
    return (y, step) if retstep else y


def _endpoint(x):
    return x if isinstance(x, (int, float, complex)) else as_operand(x)


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """``base ** linspace(start, stop, num)``, as ``numpy.logspace``; traced ends differentiate.

    >>> import funcdiff.numpy as fnp
    >>> fnp.logspace(0.0, 2.0, 3)
    array([  1.,  10., 100.])
    """
    if not _traced(start, stop, base):
        return np.logspace(start, stop, num, endpoint, base, dtype, axis)
    from funcdiff import numpy as fnp  # the facade's power, defined beside this module

    y = linspace(start, stop, num, endpoint, axis=axis)
    if np.ndim(base):
        raise ShapeError("fnp.logspace with traced ends needs a scalar base.")
    return _cast(fnp.power(base, y), dtype)


# ----------------------------------------------------------------------------- *_like
def _like_shape(a, shape):
    if shape is not None:
        return shape
    return as_operand(a).shape


def zeros_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """Zeros with the shape and dtype of ``a`` (a plain array, even for a traced ``a``).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.zeros_like(np.ones(2, np.float32))
    array([0., 0.], dtype=float32)
    """
    if not _traced(a):
        return np.zeros_like(a, dtype, order, subok, shape, device=device)
    return np.zeros(_like_shape(a, shape), dtype or as_operand(a).dtype)


def ones_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """Ones with the shape and dtype of ``a`` (a plain array, even for a traced ``a``).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.ones_like(np.zeros(2))
    array([1., 1.])
    """
    if not _traced(a):
        return np.ones_like(a, dtype, order, subok, shape, device=device)
    return np.ones(_like_shape(a, shape), dtype or as_operand(a).dtype)


def empty_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """An uninitialized array with the shape and dtype of ``a``, as ``numpy.empty_like``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.empty_like(np.zeros((2, 3))).shape
    (2, 3)
    """
    if not _traced(a):
        return np.empty_like(a, dtype, order, subok, shape, device=device)
    return np.empty(_like_shape(a, shape), dtype or as_operand(a).dtype)


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """``fill_value`` in the shape and dtype of ``a``; a traced fill value differentiates.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.full_like(np.zeros(2), 7.0)
    array([7., 7.])
    """
    if not _traced(a, fill_value):
        return np.full_like(a, fill_value, dtype, order, subok, shape, device=device)
    dtype = dtype or as_operand(a).dtype
    if not _traced(fill_value):
        return np.full(_like_shape(a, shape), fill_value, dtype)
    shape = _like_shape(a, shape)
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    return P.broadcast_to(_cast(as_operand(fill_value), dtype), shape=shape)


# ----------------------------------------------------------------------------- conversion
def _check_order(order, where):
    if order == "F":
        raise OrderError(f"{where}: order='F' is not supported; funcdiff arrays are C-ordered.")


def asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    """``a`` as an array, as ``numpy.asarray``; tracers (and lists of them) stay traced.

    A list holding tracers is stacked, so ``fnp.asarray([x, 2 * x])`` is differentiable.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> fd.jvp(lambda x: fnp.asarray([x, 2 * x]), (1.0,), (1.0,))[1]
    array([1., 2.])
    """
    if not _traced(a):
        return np.asarray(a, dtype, order, device=device, copy=copy, like=like)
    _check_order(order, "fnp.asarray")
    return _cast(as_operand(a), dtype)


def array(object, dtype=None, *, copy=True, order="K", subok=False, ndmin=0, ndmax=0,
          like=None):  # fmt: skip
    """A new array from ``object``, as ``numpy.array``; tracers (and lists of them) stay traced.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> fd.jvp(lambda x: fnp.array([[x], [2 * x]]), (1.0,), (1.0,))[1]
    array([[1.],
           [2.]])
    """
    if not _traced(object):
        extra = {"ndmax": ndmax} if ndmax else {}
        return np.array(object, dtype, copy=copy, order=order, subok=subok, ndmin=ndmin,
                        like=like, **extra)  # fmt: skip
    _check_order(order, "fnp.array")
    x = _cast(as_operand(object), dtype)
    ndim = get_aval(x).ndim
    if ndmin > ndim:
        x = P.reshape(x, new_shape=(1,) * (ndmin - ndim) + get_aval(x).shape)
    return x


def copy(a, order="K", subok=False):
    """A copy of ``a``, as ``numpy.copy``; a traced ``a`` is returned as is (it is immutable).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.copy(np.arange(2.0))
    array([0., 1.])
    """
    if not _traced(a):
        return np.copy(a, order, subok)
    _check_order(order, "fnp.copy")
    return as_operand(a)


def astype(x, dtype, /, *, copy=True, device=None):
    """``x`` cast to ``dtype``, as ``numpy.astype``; casts to integers have zero derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.astype(np.array([1.5, 2.5]), np.int32)
    array([1, 2], dtype=int32)
    """
    if not isinstance(x, Tracer):
        return np.astype(x, dtype, copy=copy, device=device)
    return P.convert_element_type(x, new_dtype=dtype)


# ----------------------------------------------------------------------------- grids
def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """Coordinate arrays from coordinate vectors (a tuple), as ``numpy.meshgrid``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> [g.shape for g in fnp.meshgrid(np.arange(3.0), np.arange(2.0))]
    [(2, 3), (2, 3)]
    """
    if not _traced(*xi):
        return np.meshgrid(*xi, copy=copy, sparse=sparse, indexing=indexing)
    if indexing not in ("xy", "ij"):
        raise ShapeError(f"fnp.meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}.")
    ndim = len(xi)
    shapes = [(1,) * i + (-1,) + (1,) * (ndim - i - 1) for i in range(ndim)]
    if indexing == "xy" and ndim > 1:
        # Cartesian indexing swaps the roles of the first two axes.
        shapes[0], shapes[1] = shapes[0][1::-1] + shapes[0][2:], shapes[1][1::-1] + shapes[1][2:]
    out = tuple(reshape(x, s) for x, s in zip(xi, shapes, strict=True))
    return out if sparse else broadcast_arrays(*out)
