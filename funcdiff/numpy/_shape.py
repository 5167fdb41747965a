"""Shape manipulation with NumPy's names and semantics: reshaping, axes, broadcasting, flipping,
tiling, repeating and rolling, composed from the shape primitives (joining is in _joining).
"""

from __future__ import annotations

import math

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer
from funcdiff.errors import AxisError, OrderError, ShapeError
from funcdiff.numpy._joining import *  # noqa: F403
from funcdiff.numpy._joining import __all__ as _joining_all
from funcdiff.numpy._joining import _axes, _has_tracer, array_split, as_operand, normalize_axis
from funcdiff.primitives.registry import broadcast_shapes

__all__ = [
    "reshape", "ravel", "transpose", "moveaxis", "swapaxes", "squeeze", "expand_dims",
    "broadcast_to", "broadcast_arrays", "flip", "fliplr", "flipud", "tile", "repeat", "roll",
    "pad", "shape", "ndim", "size", *_joining_all,
]  # fmt: skip


def _check_order(order, where):
    if order not in ("C", None):
        raise OrderError(
            f"{where}: order={order!r} is not supported; funcdiff arrays are C-ordered. "
            "Use order='C' (transpose first if you need Fortran order)."
        )


# ----------------------------------------------------------------------------- reshaping
def _resolve_shape(shape, size, old_shape, where):
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(int(n) for n in shape)
    if shape.count(-1) > 1 or any(n < -1 for n in shape):
        raise ShapeError(f"{where}: at most one -1 and no other negative size, got {shape}.")
    known = math.prod(n for n in shape if n != -1)
    if -1 in shape and known and size % known == 0:
        shape, known = tuple(size // known if n == -1 else n for n in shape), size
    if -1 in shape or known != size:
        raise ShapeError(
            f"{where}: cannot reshape an array of shape {old_shape} (size {size}) into "
            f"shape {shape}; the sizes must match."
        )
    return shape


def reshape(a, /, shape=None, order="C", *, newshape=None, copy=None):
    """Give ``a`` a new shape without changing its data, as ``numpy.reshape`` (C order only).

    One entry of ``shape`` may be -1, inferred from the size. ``newshape=`` is accepted as an
    alias of ``shape`` (older NumPy spelling).

    Raises:
        ShapeError: the sizes do not match. OrderError: ``order`` other than 'C'.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.reshape(np.arange(6.0), (3, -1)).shape
    (3, 2)
    """
    _check_order(order, "fnp.reshape")
    shape = newshape if shape is None else shape
    if shape is None:
        raise ShapeError("fnp.reshape needs a target shape, e.g. fnp.reshape(a, (2, 3)).")
    a = as_operand(a)
    out = P.reshape(a, new_shape=_resolve_shape(shape, a.size, a.shape, "fnp.reshape"))
    return out.copy() if copy and isinstance(out, np.ndarray) else out


def ravel(a, order="C"):
    """``a`` flattened to 1-D in C order, as ``numpy.ravel``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.ravel(np.ones((2, 3))).shape
    (6,)
    """
    _check_order(order, "fnp.ravel")
    a = as_operand(a)
    return P.reshape(a, new_shape=(a.size,))


def transpose(a, axes=None):
    """Permute the axes of ``a`` (reverse them when ``axes`` is None), as ``numpy.transpose``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.transpose(np.ones((2, 3, 4)), (1, 0, 2)).shape
    (3, 2, 4)
    """
    a = as_operand(a)
    ndim = a.ndim
    if axes is None:
        return P.transpose(a, permutation=tuple(range(ndim - 1, -1, -1)))
    perm = _axes(axes, ndim, "fnp.transpose")
    if len(perm) != ndim:
        raise AxisError(f"fnp.transpose: axes {axes!r} do not match an array of rank {ndim}.")
    return P.transpose(a, permutation=perm)


def moveaxis(a, source, destination):
    """Move axes of ``a`` to new positions, the others keeping their order (``numpy.moveaxis``).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.moveaxis(np.ones((2, 3, 4)), 0, -1).shape
    (3, 4, 2)
    """
    a = as_operand(a)
    source = _axes(source, a.ndim, "fnp.moveaxis source")
    destination = _axes(destination, a.ndim, "fnp.moveaxis destination")
    if len(source) != len(destination):
        raise AxisError("fnp.moveaxis: source and destination need the same number of axes.")
    order = [n for n in range(a.ndim) if n not in source]
    for dest, src in sorted(zip(destination, source, strict=True)):
        order.insert(dest, src)
    return P.transpose(a, permutation=tuple(order))


def swapaxes(a, axis1, axis2):
    """Interchange two axes of ``a``, as ``numpy.swapaxes``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.swapaxes(np.ones((2, 3, 4)), 0, 2).shape
    (4, 3, 2)
    """
    a = as_operand(a)
    perm = list(range(a.ndim))
    i = normalize_axis(axis1, a.ndim, "fnp.swapaxes")
    j = normalize_axis(axis2, a.ndim, "fnp.swapaxes")
    perm[i], perm[j] = perm[j], perm[i]
    return P.transpose(a, permutation=tuple(perm))


def squeeze(a, axis=None):
    """Remove axes of length one (all of them when ``axis`` is None), as ``numpy.squeeze``.

    Raises:
        ShapeError: a named axis does not have length one.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.squeeze(np.ones((1, 3, 1)), axis=0).shape
    (3, 1)
    """
    a = as_operand(a)
    shape = a.shape
    if axis is None:
        axes = tuple(i for i, n in enumerate(shape) if n == 1)
    else:
        axes = _axes(axis, a.ndim, "fnp.squeeze")
        if any(shape[i] != 1 for i in axes):
            raise ShapeError(
                f"fnp.squeeze: cannot squeeze axis {axis!r} of shape {shape}; only axes of "
                "length one can be removed."
            )
    return P.reshape(a, new_shape=tuple(n for i, n in enumerate(shape) if i not in axes))


def expand_dims(a, axis):
    """Insert axes of length one at the positions ``axis`` (int or tuple) of the result.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.expand_dims(np.ones(3), (0, -1)).shape
    (1, 3, 1)
    """
    a = as_operand(a)
    n_new = 1 if isinstance(axis, (int, np.integer)) else len(axis)
    axes = _axes(axis, a.ndim + n_new, "fnp.expand_dims")
    rest = iter(a.shape)
    shape = tuple(1 if i in axes else next(rest) for i in range(a.ndim + n_new))
    return P.reshape(a, new_shape=shape)


def broadcast_to(array, shape, subok=False):
    """``array`` broadcast to ``shape`` by NumPy's rules, as ``numpy.broadcast_to``.

    Raises:
        ShapeError: the shapes are not compatible.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.broadcast_to(np.arange(3.0), (2, 3)).shape
    (2, 3)
    """
    array = as_operand(array)
    shape = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(shape)
    try:
        ok = len(shape) >= array.ndim and np.broadcast_shapes(array.shape, shape) == shape
    except ValueError:
        ok = False
    if not ok:
        raise ShapeError(f"fnp.broadcast_to: cannot broadcast shape {array.shape} to {shape}.")
    return P.broadcast_to(array, shape=shape)


def broadcast_arrays(*args, subok=False):
    """The arguments broadcast against each other, as a tuple (``numpy.broadcast_arrays``).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> [x.shape for x in fnp.broadcast_arrays(np.ones(3), np.ones((2, 1)))]
    [(2, 3), (2, 3)]
    """
    args = [as_operand(x) for x in args]
    shape = broadcast_shapes(*(x.shape for x in args))
    return tuple(P.broadcast_to(x, shape=shape) for x in args)


# ----------------------------------------------------------------------------- reordering
def flip(m, axis=None):
    """Reverse the order of elements along ``axis`` (all axes when None), as ``numpy.flip``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.flip(np.arange(3.0))
    array([2., 1., 0.])
    """
    m = as_operand(m)
    axes = range(m.ndim) if axis is None else _axes(axis, m.ndim, "fnp.flip")
    return P.flip(m, axes=tuple(axes))


def fliplr(m):
    """Reverse the columns (axis 1) of an array of rank >= 2, as ``numpy.fliplr``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.fliplr(np.eye(2))
    array([[0., 1.],
           [1., 0.]])
    """
    m = as_operand(m)
    if m.ndim < 2:
        raise ShapeError(f"fnp.fliplr needs an array of rank >= 2, got shape {m.shape}.")
    return P.flip(m, axes=1)


def flipud(m):
    """Reverse the rows (axis 0) of an array of rank >= 1, as ``numpy.flipud``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.flipud(np.arange(3.0))
    array([2., 1., 0.])
    """
    m = as_operand(m)
    if m.ndim < 1:
        raise ShapeError("fnp.flipud needs an array of rank >= 1, got a 0-d array.")
    return P.flip(m, axes=0)


def _repeat_blocks(x, reps):
    # Insert a length-one axis before each axis repeated, broadcast it to the repeat count and
    # merge the pair: the transpose is then broadcasting's adjoint, a sum over the blocks.
    shape = x.shape
    expanded, target, out = [], [], []
    for n, r in zip(shape, reps, strict=True):
        if r != 1:
            expanded.append(1)
            target.append(r)
        expanded.append(n)
        target.append(n)
        out.append(n * r)
    x = P.reshape(x, new_shape=tuple(expanded))
    return P.reshape(P.broadcast_to(x, shape=tuple(target)), new_shape=tuple(out))


def tile(A, reps):
    """``A`` repeated ``reps`` times along each axis, as ``numpy.tile``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.tile(np.array([1.0, 2.0]), 2)
    array([1., 2., 1., 2.])
    """
    A = as_operand(A)
    reps = (int(reps),) if isinstance(reps, (int, np.integer)) else tuple(int(r) for r in reps)
    if any(r < 0 for r in reps):
        raise ShapeError(f"fnp.tile: repetitions must be non-negative, got {reps}.")
    ndim = max(A.ndim, len(reps))
    A = P.reshape(A, new_shape=(1,) * (ndim - A.ndim) + A.shape)
    return _repeat_blocks(A, (1,) * (ndim - len(reps)) + reps)


def repeat(a, repeats, axis=None):
    """Repeat each element ``repeats`` times along ``axis`` (flattened when None).

    ``repeats`` is an int or an array with one count per element along ``axis``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.repeat(np.array([1.0, 2.0]), 2)
    array([1., 1., 2., 2.])
    """
    a = as_operand(a)
    if axis is None:
        a, axis = P.reshape(a, new_shape=(a.size,)), 0
    axis = normalize_axis(axis, a.ndim, "fnp.repeat")
    counts = np.asarray(repeats)
    if counts.dtype.kind not in "iu" or (counts < 0).any() or counts.ndim > 1:
        raise ShapeError(f"fnp.repeat: repeats must be non-negative integers, got {repeats!r}.")
    if counts.size == 1:
        # (..., n, ...) -> (..., n, 1, ...) broadcast to (..., n, r, ...), merged to n * r: the
        # transpose sums each element's r copies (broadcasting's adjoint).
        r, n = int(counts.reshape(())), a.shape[axis]
        head, rest = a.shape[: axis + 1], a.shape[axis + 1 :]
        x = P.reshape(a, new_shape=head + (1,) + rest)
        x = P.broadcast_to(x, shape=head + (r,) + rest)
        return P.reshape(x, new_shape=a.shape[:axis] + (n * r,) + rest)
    if counts.size != a.shape[axis]:
        raise ShapeError(
            f"fnp.repeat: {counts.size} repeat counts for an axis of length {a.shape[axis]}."
        )
    blocks = [
        repeat(take, int(r), axis)
        for take, r in zip(array_split(a, a.shape[axis], axis), counts.tolist(), strict=True)
        if r
    ]
    if not blocks:
        return P.static_slice(a, starts=(0,) * a.ndim, limits=_with(a.shape, axis, 0))
    return P.concatenate(*blocks, axis=axis)


def _with(shape, axis, n):
    return shape[:axis] + (n,) + shape[axis + 1 :]


def roll(a, shift, axis=None):
    """Shift elements cyclically along ``axis`` (of the flattened array when None).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.roll(np.arange(4.0), 1)
    array([3., 0., 1., 2.])
    """
    a = as_operand(a)
    if axis is None:
        return P.reshape(roll(ravel(a), shift, 0), new_shape=a.shape)
    shifts = {}
    for s, ax in np.broadcast(shift, axis):
        ax = normalize_axis(int(ax), a.ndim, "fnp.roll")
        shifts[ax] = shifts.get(ax, 0) + int(s)  # NumPy adds shifts of a repeated axis
    for ax, s in shifts.items():
        n = a.shape[ax]
        if n == 0 or s % n == 0:
            continue
        cut = n - s % n
        zeros = (0,) * a.ndim
        tail = P.static_slice(a, starts=_with(zeros, ax, cut), limits=a.shape)
        head = P.static_slice(a, starts=zeros, limits=_with(a.shape, ax, cut))
        a = P.concatenate(tail, head, axis=ax)
    return a


def _slice_axis(x, axis, lo, hi):
    zeros = (0,) * x.ndim
    return P.static_slice(x, starts=_with(zeros, axis, lo), limits=_with(x.shape, axis, hi))


def _pad_pieces(x, axis, before, after, mode):
    n = x.shape[axis]
    if mode == "edge":
        shape = x.shape
        left = P.broadcast_to(_slice_axis(x, axis, 0, 1), shape=_with(shape, axis, before))
        right = P.broadcast_to(_slice_axis(x, axis, n - 1, n), shape=_with(shape, axis, after))
        return left, right
    # wrap takes the far end; reflect mirrors about the edge element, symmetric past it.
    limit = {"wrap": n, "reflect": n - 1, "symmetric": n}[mode]
    if max(before, after) > limit:
        raise ShapeError(
            f"fnp.pad: mode={mode!r} on traced values pads at most {limit} along axis {axis} "
            f"(length {n}), got {(before, after)}; pad in several calls."
        )
    if mode == "wrap":
        return _slice_axis(x, axis, n - before, n), _slice_axis(x, axis, 0, after)
    skip = 1 if mode == "reflect" else 0
    left = _slice_axis(x, axis, skip, skip + before)
    right = _slice_axis(x, axis, n - skip - after, n - skip)
    return P.flip(left, axes=axis), P.flip(right, axes=axis)


def pad(array, pad_width, mode="constant", **kwargs):
    """Pad an array, as ``numpy.pad``; traced arrays support the modes 'constant' (a scalar
    ``constant_values``), 'edge', 'wrap', 'reflect' and 'symmetric'.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.pad(np.array([1.0, 2.0]), (1, 2), mode="edge")
    array([1., 1., 2., 2., 2.])
    """
    if not isinstance(array, Tracer) and not (
        isinstance(array, (list, tuple)) and _has_tracer(array)
    ):
        return np.pad(array, pad_width, mode, **kwargs)
    x = as_operand(array)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64), (x.ndim, 2))
    if (widths < 0).any():
        raise ShapeError(f"fnp.pad: pad widths must be non-negative, got {pad_width!r}.")
    lo, hi = tuple(widths[:, 0].tolist()), tuple(widths[:, 1].tolist())
    if mode == "constant":
        value = kwargs.get("constant_values", 0)
        if np.ndim(value):
            raise ShapeError("fnp.pad of a traced array needs a scalar constant_values.")
        out = P.pad_zeros(x, lo=lo, hi=hi)
        if value == 0:
            return out
        inside = np.pad(np.ones(x.shape, bool), widths)  # where the original values go
        return P.select(inside, out, np.asarray(value, x.dtype))
    if mode not in ("edge", "wrap", "reflect", "symmetric"):
        raise ShapeError(f"fnp.pad: mode {mode!r} is not supported for traced arrays.")
    for axis, (before, after) in enumerate(zip(lo, hi, strict=True)):
        if before or after:
            left, right = _pad_pieces(x, axis, before, after, mode)
            x = P.concatenate(left, x, right, axis=axis)
    return x


# ----------------------------------------------------------------------------- queries
def shape(a):
    """The shape of ``a`` as a tuple, as ``numpy.shape``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.shape([[1.0, 2.0]])
    (1, 2)
    """
    return as_operand(a).shape


def ndim(a):
    """The number of axes of ``a``, as ``numpy.ndim``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.ndim(3.0)
    0
    """
    return as_operand(a).ndim


def size(a, axis=None):
    """The number of elements of ``a`` (along ``axis`` when given), as ``numpy.size``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.size(np.ones((2, 3))), fnp.size(np.ones((2, 3)), 1)
    (6, 3)
    """
    a = as_operand(a)
    if axis is None:
        return a.size
    return int(np.prod([a.shape[i] for i in _axes(axis, a.ndim, "fnp.size")], dtype=np.int64))
