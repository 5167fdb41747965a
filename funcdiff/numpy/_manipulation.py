"""Array construction and manipulation with NumPy's names: inserting, deleting, rotating, blocks,
splitting, axis helpers and index grids; plain arrays go to NumPy, traced ones to primitives.
"""

from __future__ import annotations

import math

import numpy as np

from funcdiff import primitives as P
from funcdiff.errors import AxisError, ShapeError, ValueDomainError
from funcdiff.numpy._creation import _traced, logspace
from funcdiff.numpy._index_tools import *  # noqa: F403
from funcdiff.numpy._index_tools import __all__ as _index_all
from funcdiff.numpy._indexing import _concrete_or_none, diag, take
from funcdiff.numpy._joining import (
    _axes,
    array_split,
    as_operand,
    concatenate,
    normalize_axis,
    split,
    stack,
)
from funcdiff.numpy._shape import flip, moveaxis, ravel, reshape, transpose

__all__ = [
    "append", "insert", "delete", "rot90", "diagflat", "block", "hsplit", "vsplit", "dsplit",
    "unstack", "rollaxis", "resize", "geomspace", "fromfunction", "apply_along_axis",
    "apply_over_axes", *_index_all,
]  # fmt: skip


def _with(shape, axis, n):
    return shape[:axis] + (n,) + shape[axis + 1 :]


def _ndmin(x, ndim):
    x = as_operand(x)
    return P.reshape(x, new_shape=(1,) * (ndim - x.ndim) + x.shape) if x.ndim < ndim else x


# ----------------------------------------------------------------------------- insert / delete
def append(arr, values, axis=None):
    """``values`` appended to ``arr`` (both flattened when ``axis`` is None).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.append(np.array([1.0, 2.0]), [[3.0]])
    array([1., 2., 3.])
    """
    if not _traced(arr, values):
        return np.append(arr, values, axis)
    arr, values = as_operand(arr), as_operand(values)
    if axis is None:
        arr, values, axis = ravel(arr), ravel(values), 0
    return concatenate([arr, values], axis)


def _insert_axis(arr, axis):
    arr = as_operand(arr)
    if axis is None:
        return ravel(arr), 0
    return arr, normalize_axis(axis, arr.ndim, "fnp.insert/delete")


def insert(arr, obj, values, axis=None):
    """``values`` inserted before the indices ``obj`` (concrete) along ``axis``.

    Differentiable in ``arr`` and ``values``; ``values`` is cast to ``arr``'s dtype.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.insert(np.array([1.0, 2.0, 3.0]), [1, 3], [9.0, 8.0])
    array([1., 9., 2., 3., 8.])
    """
    if not _traced(arr, values):
        return np.insert(arr, obj, values, axis)
    arr, axis = _insert_axis(arr, axis)
    n = arr.shape[axis]
    values = P.convert_element_type(_ndmin(values, arr.ndim), new_dtype=arr.dtype)
    # Where each output slot reads from in concatenate([arr, values]): NumPy's own insert on
    # the positions, so every rule about obj (negative, unsorted, slices, masks) is NumPy's.
    idx = np.asarray(obj) if not isinstance(obj, slice) else np.arange(*obj.indices(n))
    if idx.size == 1 and idx.ndim == 0:
        values = moveaxis(values, 0, axis)
    count = values.shape[axis] if idx.size == 1 else idx.size
    if idx.dtype == bool:
        count = int(idx.sum())
    values = P.broadcast_to(values, shape=_with(arr.shape, axis, count))
    src = np.insert(np.arange(n), obj, n + np.arange(count))
    return take(concatenate([arr, values], axis), src, axis)


def delete(arr, obj, axis=None):
    """``arr`` without the entries ``obj`` (concrete indices, a slice or a mask) along ``axis``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.delete(np.array([1.0, 2.0, 3.0]), 1)
    array([1., 3.])
    """
    if not _traced(arr):
        return np.delete(arr, obj, axis)
    arr, axis = _insert_axis(arr, axis)
    keep = np.delete(np.arange(arr.shape[axis]), obj)  # NumPy's rules and errors for obj
    return take(arr, keep, axis)


# ----------------------------------------------------------------------------- reshaping
def rot90(m, k=1, axes=(0, 1)):
    """``m`` rotated by 90 degrees ``k`` times in the plane ``axes``, as ``numpy.rot90``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.rot90(np.array([[1.0, 2.0], [3.0, 4.0]]))
    array([[2., 4.],
           [1., 3.]])
    """
    if not _traced(m):
        return np.rot90(m, k, axes)
    m = as_operand(m)
    axes = tuple(axes)
    if len(axes) != 2 or axes[0] == axes[1] or abs(axes[0] - axes[1]) == m.ndim:
        raise AxisError(f"fnp.rot90: axes must be two different axes, got {axes}.")
    a0, a1 = _axes(axes, m.ndim, "fnp.rot90")
    k %= 4
    if k == 0:
        return m
    if k == 2:
        return flip(flip(m, a0), a1)
    perm = list(range(m.ndim))
    perm[a0], perm[a1] = perm[a1], perm[a0]
    return transpose(flip(m, a1), perm) if k == 1 else flip(transpose(m, perm), a1)


def diagflat(v, k=0):
    """A 2-D array with the flattened ``v`` on its ``k``-th diagonal, as ``numpy.diagflat``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.diagflat(np.array([1.0, 2.0]))
    array([[1., 0.],
           [0., 2.]])
    """
    if not _traced(v):
        return np.diagflat(v, k)
    return diag(ravel(v), k)


def _block_depth(x, where):
    if isinstance(x, tuple):
        raise TypeError(f"{where}: nest lists, not tuples (as numpy.block).")
    if not isinstance(x, list):
        return 0
    if not x:
        raise ValueError(f"{where}: lists cannot be empty.")
    depths = {_block_depth(e, where) for e in x}
    if len(depths) > 1:
        raise ValueError(f"{where}: list depths are mismatched (every leaf one depth deep).")
    return depths.pop() + 1


def _block_ndim(x):
    return max(_block_ndim(e) for e in x) if isinstance(x, list) else as_operand(x).ndim


def _block_join(x, level, depth, ndim):
    if not isinstance(x, list):
        return _ndmin(x, ndim)
    parts = [_block_join(e, level + 1, depth, ndim) for e in x]
    return concatenate(parts, axis=level - depth)


def block(arrays):
    """Assemble an array from nested lists of blocks, as ``numpy.block``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.block([[np.eye(2), np.zeros((2, 1))]]).shape
    (2, 3)
    """
    if not _traced(arrays):
        return np.block(arrays)
    depth = _block_depth(arrays, "fnp.block")
    return _block_join(arrays, 0, depth, max(depth, _block_ndim(arrays)))


def _split_along(ary, sections, axis, min_ndim, name):
    if not _traced(ary):
        return getattr(np, name)(ary, sections)
    ary = as_operand(ary)
    if ary.ndim < min_ndim:
        raise ShapeError(f"fnp.{name} needs an array of rank >= {min_ndim}, got {ary.shape}.")
    return split(ary, sections, axis)


def hsplit(ary, indices_or_sections):
    """Split along axis 1 (axis 0 for 1-D arrays), as ``numpy.hsplit``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> [x.shape for x in fnp.hsplit(np.ones((2, 4)), 2)]
    [(2, 2), (2, 2)]
    """
    axis = 1 if np.ndim(ary) > 1 or getattr(ary, "ndim", 0) > 1 else 0
    return _split_along(ary, indices_or_sections, axis, 1, "hsplit")


def vsplit(ary, indices_or_sections):
    """Split along axis 0 an array of rank >= 2, as ``numpy.vsplit``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> [x.shape for x in fnp.vsplit(np.ones((4, 2)), [1])]
    [(1, 2), (3, 2)]
    """
    return _split_along(ary, indices_or_sections, 0, 2, "vsplit")


def dsplit(ary, indices_or_sections):
    """Split along axis 2 an array of rank >= 3, as ``numpy.dsplit``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> [x.shape for x in fnp.dsplit(np.ones((1, 2, 4)), 2)]
    [(1, 2, 2), (1, 2, 2)]
    """
    return _split_along(ary, indices_or_sections, 2, 3, "dsplit")


def unstack(x, /, *, axis=0):
    """The slices of ``x`` along ``axis``, as a tuple (``numpy.unstack``).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> [u.shape for u in fnp.unstack(np.ones((2, 3)), axis=1)]
    [(2,), (2,), (2,)]
    """
    if not _traced(x):
        return np.unstack(x, axis=axis)
    x = as_operand(x)
    if x.ndim == 0:
        raise ShapeError("fnp.unstack needs an array of rank >= 1, got a 0-d array.")
    axis = normalize_axis(axis, x.ndim, "fnp.unstack")
    shape = x.shape[:axis] + x.shape[axis + 1 :]
    return tuple(P.reshape(p, new_shape=shape) for p in array_split(x, x.shape[axis], axis))


def rollaxis(a, axis, start=0):
    """``axis`` rolled back until it lies before position ``start``, as ``numpy.rollaxis``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.rollaxis(np.ones((2, 3, 4)), 2).shape
    (4, 2, 3)
    """
    if not _traced(a):
        return np.rollaxis(a, axis, start)
    a = as_operand(a)
    n = a.ndim
    axis = normalize_axis(axis, n, "fnp.rollaxis")
    start = start + n if start < 0 else start
    if not 0 <= start <= n:
        raise AxisError(f"fnp.rollaxis: start {start} is out of range for rank {n}.")
    start -= axis < start
    order = [i for i in range(n) if i != axis]
    order.insert(start, axis)
    return transpose(a, order)


def resize(a, new_shape):
    """``a`` flattened, repeated as needed and cut to ``new_shape``, as ``numpy.resize``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.resize(np.array([1.0, 2.0, 3.0]), (2, 2))
    array([[1., 2.],
           [3., 1.]])
    """
    if not _traced(a):
        return np.resize(a, new_shape)
    a = ravel(a)
    shape = (int(new_shape),) if np.ndim(new_shape) == 0 else tuple(int(s) for s in new_shape)
    if any(s < 0 for s in shape):
        raise ShapeError(f"fnp.resize: all sizes must be non-negative, got {shape}.")
    size = math.prod(shape)
    if a.size == 0 or size == 0:
        return np.zeros(shape, a.dtype)
    reps = -(-size // a.size)
    flat = concatenate([a] * reps) if reps > 1 else a
    return reshape(flat[:size], shape)


# ----------------------------------------------------------------------------- construction
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """``num`` samples evenly spaced on a log scale from ``start`` to ``stop``.

    Traced real ``start``/``stop`` give a differentiable result, computed as NumPy does.

    >>> import funcdiff.numpy as fnp
    >>> fnp.geomspace(1.0, 100.0, 3)
    array([  1.,  10., 100.])
    """
    if not _traced(start, stop):
        return np.geomspace(start, stop, num, endpoint, dtype, axis)
    start, stop = as_operand(start) * 1.0, as_operand(stop) * 1.0
    for end in (start, stop):
        values = _concrete_or_none(end)
        if values is not None and np.any(values == 0):
            raise ValueDomainError("fnp.geomspace: a geometric sequence cannot include zero.")
    # NumPy's dtype: a 0-d array of ``dtype`` (float64 when None) joins the promotion.
    dt = np.result_type(start.dtype, stop.dtype, float(num), np.dtype(dtype or np.float64))
    start = P.convert_element_type(start, new_dtype=dt)
    stop = P.convert_element_type(stop, new_dtype=dt)
    sign = P.sign(start)
    start, stop = start / sign, stop / sign
    result = logspace(P.log10(start), P.log10(stop), num, endpoint, 10.0, dt)
    shape = result.shape[1:]
    # NumPy sets the end samples to start and stop exactly.
    pieces = [P.reshape(P.broadcast_to(start, shape=shape), new_shape=(1,) + shape)]
    if num > 1:
        stop_or_last = stop if endpoint else None
        inner = result[1:-1] if endpoint else result[1:]
        pieces.append(inner)
        if stop_or_last is not None:
            pieces.append(P.reshape(P.broadcast_to(stop, shape=shape), new_shape=(1,) + shape))
    result = (concatenate(pieces) if num > 0 else result) * sign
    result = moveaxis(result, 0, axis) if axis != 0 else result
    return result if dtype is None else P.convert_element_type(result, new_dtype=dtype)


def fromfunction(function, shape, *, dtype=float, like=None, **kwargs):
    """``function(*indices(shape))``: the function called once on the index grids.

    >>> import funcdiff.numpy as fnp
    >>> fnp.fromfunction(lambda i, j: i + j, (2, 2))
    array([[0., 1.],
           [1., 2.]])
    """
    return function(*np.indices(shape, dtype=dtype), **kwargs)


def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """``func1d`` applied to each 1-D slice of ``arr`` along ``axis``, as NumPy's.

    On traced values the slices are taken one by one (a static loop), so ``func1d`` may use
    Python control flow on concrete values, as under NumPy.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.apply_along_axis(lambda v: v[0] + v[-1], 1, np.arange(6.0).reshape(2, 3))
    array([2., 8.])
    """
    if not _traced(arr):
        return np.apply_along_axis(func1d, axis, arr, *args, **kwargs)
    arr = as_operand(arr)
    axis = normalize_axis(axis, arr.ndim, "fnp.apply_along_axis")
    moved = moveaxis(arr, axis, -1)
    lead = moved.shape[:-1]
    if 0 in lead:
        raise ValueDomainError("fnp.apply_along_axis: an iteration axis has length 0.")
    rows = reshape(moved, (math.prod(lead), moved.shape[-1]))
    outs = [as_operand(func1d(row, *args, **kwargs)) for row in rows]
    res = stack(outs)
    res = reshape(res, lead + res.shape[1:])
    k = res.ndim - len(lead)
    # NumPy puts the function's own output axes where the consumed axis was.
    order = [*range(axis), *range(len(lead), len(lead) + k), *range(axis, len(lead))]
    return transpose(res, order)


def apply_over_axes(func, a, axes):
    """``func(a, axis)`` applied for each axis in turn, keeping the rank, as NumPy's.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.apply_over_axes(fnp.sum, np.ones((2, 3)), [0, 1])
    array([[6.]])
    """
    val = as_operand(a)
    for axis in (axes,) if np.ndim(axes) == 0 else axes:
        axis = axis + val.ndim if axis < 0 else axis
        res = as_operand(func(val, axis))
        if res.ndim != val.ndim:
            res = P.reshape(
                res, new_shape=_with(res.shape, axis, 1)[:axis] + (1,) + res.shape[axis:]
            )
        if res.ndim != val.ndim:
            raise ShapeError("fnp.apply_over_axes: func returned an array of the wrong rank.")
        val = res
    return val
