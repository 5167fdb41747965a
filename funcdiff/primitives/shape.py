"""Shape primitives: broadcast_to, reshape, transpose, slice, pad, concatenate and flip, and
`unbroadcast`, the sum that undoes NumPy broadcasting in transpose rules.
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, bind
from funcdiff.errors import ShapeError
from funcdiff.primitives import binary as bin_ops
from funcdiff.primitives import reductions as red
from funcdiff.primitives.registry import (
    aval_of,
    define,
    is_undefined,
    linear_jvp,
    move_axis_to_front,
)


# ----------------------------------------------------------------------------- broadcast_to
def _broadcast_to_abstract_eval(x, *, shape):
    try:
        np.broadcast_shapes(x.shape, shape)
    except ValueError:
        raise ShapeError(f"cannot broadcast shape {x.shape} to {shape}") from None
    if len(shape) < len(x.shape):
        raise ShapeError(f"cannot broadcast shape {x.shape} to the lower-rank {shape}")
    return ShapedArray(shape, x.dtype)


def _broadcast_to_batch(args, dims, *, shape):
    (x,), (x_bdim,) = args, dims
    x = move_axis_to_front(x, x_bdim)
    x_shape = aval_of(x).shape
    # Pad the per-example rank so the batch axis stays in front, then broadcast behind it.
    lead = len(shape) - (len(x_shape) - 1)
    x = reshape(x, new_shape=(x_shape[0],) + (1,) * lead + x_shape[1:])
    return broadcast_to(x, shape=(x_shape[0],) + tuple(shape)), 0


broadcast_to_p = define(
    "broadcast_to",
    impl=lambda x, *, shape: np.broadcast_to(x, shape),
    abstract_eval=_broadcast_to_abstract_eval,
    jvp=linear_jvp,
    transpose=lambda ct, x, *, shape: [unbroadcast(ct, x.aval)],
    batch=_broadcast_to_batch,
)


def broadcast_to(x, *, shape):
    """``np.broadcast_to(x, shape)`` (a no-op when the shape already matches)."""
    shape = tuple(shape)
    if aval_of(x).shape == shape:
        return x
    return bind(broadcast_to_p, x, shape=shape)


def unbroadcast(ct, aval):
    """Sum ``ct`` down to ``aval``'s shape and cast to its dtype: the adjoint of broadcasting."""
    # Fast exit for the common case of nothing to undo (read shape/dtype without an aval).
    if getattr(ct, "shape", None) == aval.shape and getattr(ct, "dtype", None) == aval.dtype:
        return ct
    ct_aval = aval_of(ct)
    shape = aval.shape
    if ct_aval.shape != shape:
        lead = len(ct_aval.shape) - len(shape)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, n in enumerate(shape) if n == 1 and ct_aval.shape[lead + i] != 1
        )
        if axes:
            ct = red.reduce_sum(ct, axes=axes)
        if aval_of(ct).shape != shape:
            ct = reshape(ct, new_shape=shape)
    if ct_aval.dtype != aval.dtype and aval.dtype.kind in "fc":
        if ct_aval.dtype.kind == "c" and aval.dtype.kind == "f":
            # A real input's cotangent is the real part of a complex one.
            from funcdiff.primitives.unary import real

            ct = real(ct)
        ct = bin_ops.convert_element_type(ct, new_dtype=aval.dtype)
    return ct


# ----------------------------------------------------------------------------- reshape
def _reshape_abstract_eval(x, *, new_shape):
    if int(np.prod(new_shape, dtype=np.int64)) != x.size:
        raise ShapeError(f"cannot reshape an array of shape {x.shape} into shape {new_shape}")
    return ShapedArray(new_shape, x.dtype)


def _reshape_batch(args, dims, *, new_shape):
    (x,), (x_bdim,) = args, dims
    x = move_axis_to_front(x, x_bdim)
    return reshape(x, new_shape=(aval_of(x).shape[0],) + tuple(new_shape)), 0


reshape_p = define(
    "reshape",
    impl=lambda x, *, new_shape: np.reshape(x, new_shape),
    abstract_eval=_reshape_abstract_eval,
    jvp=linear_jvp,
    transpose=lambda ct, x, *, new_shape: [reshape(ct, new_shape=x.aval.shape)],
    batch=_reshape_batch,
)


def reshape(x, *, new_shape):
    """Reshape to a fully specified ``new_shape`` (the facade resolves -1)."""
    new_shape = tuple(int(n) for n in new_shape)
    if aval_of(x).shape == new_shape:
        return x
    return bind(reshape_p, x, new_shape=new_shape)


# ----------------------------------------------------------------------------- transpose
def _transpose_batch(args, dims, *, permutation):
    (x,), (x_bdim,) = args, dims
    # Keep the batch axis first; the per-example axes shift by one past it.
    per_example = [i for i in range(len(permutation) + 1) if i != x_bdim]
    perm = (x_bdim,) + tuple(per_example[p] for p in permutation)
    return transpose(x, permutation=perm), 0


transpose_p = define(
    "transpose",
    impl=lambda x, *, permutation: np.transpose(x, permutation),
    abstract_eval=lambda x, *, permutation: ShapedArray(
        tuple(x.shape[p] for p in permutation), x.dtype
    ),
    jvp=linear_jvp,
    transpose=lambda ct, x, *, permutation: [
        transpose(ct, permutation=tuple(np.argsort(permutation).tolist()))
    ],
    batch=_transpose_batch,
)


def transpose(x, *, permutation):
    """Permute the axes of ``x`` (``permutation`` is a full tuple of axes)."""
    permutation = tuple(int(p) for p in permutation)
    if permutation == tuple(range(len(permutation))):
        return x
    return bind(transpose_p, x, permutation=permutation)


# ----------------------------------------------------------------------------- slice / pad
def _slice_abstract_eval(x, *, starts, limits):
    return ShapedArray(tuple(hi - lo for lo, hi in zip(starts, limits, strict=True)), x.dtype)


def _slice_batch(args, dims, *, starts, limits):
    (x,), (x_bdim,) = args, dims
    x = move_axis_to_front(x, x_bdim)
    size = aval_of(x).shape[0]
    return static_slice(x, starts=(0,) + starts, limits=(size,) + limits), 0


static_slice_p = define(
    "slice",
    impl=lambda x, *, starts, limits: np.asarray(x)[
        tuple(slice(lo, hi) for lo, hi in zip(starts, limits, strict=True))
    ],
    abstract_eval=_slice_abstract_eval,
    jvp=linear_jvp,
    transpose=lambda ct, x, *, starts, limits: [
        pad_zeros(
            ct,
            lo=starts,
            hi=tuple(n - hi for n, hi in zip(x.aval.shape, limits, strict=True)),
        )
    ],
    batch=_slice_batch,
)


def static_slice(x, *, starts, limits):
    """``x[starts[0]:limits[0], starts[1]:limits[1], ...]`` with unit strides."""
    starts = tuple(int(s) for s in starts)
    limits = tuple(int(s) for s in limits)
    if starts == (0,) * len(starts) and limits == aval_of(x).shape:
        return x
    return bind(static_slice_p, x, starts=starts, limits=limits)


def _pad_impl(x, *, lo, hi):
    x = np.asarray(x)
    return np.pad(x, list(zip(lo, hi, strict=True)))


def _pad_batch(args, dims, *, lo, hi):
    (x,), (x_bdim,) = args, dims
    x = move_axis_to_front(x, x_bdim)
    return pad_zeros(x, lo=(0,) + lo, hi=(0,) + hi), 0


pad_zeros_p = define(
    "pad",
    impl=_pad_impl,
    abstract_eval=lambda x, *, lo, hi: ShapedArray(
        tuple(n + a + b for n, a, b in zip(x.shape, lo, hi, strict=True)), x.dtype
    ),
    jvp=linear_jvp,
    transpose=lambda ct, x, *, lo, hi: [
        static_slice(
            ct, starts=lo, limits=tuple(a + n for a, n in zip(lo, x.aval.shape, strict=True))
        )
    ],
    batch=_pad_batch,
)


def pad_zeros(x, *, lo, hi):
    """Pad ``x`` with ``lo[i]`` zeros before and ``hi[i]`` after along each axis i."""
    lo = tuple(int(n) for n in lo)
    hi = tuple(int(n) for n in hi)
    if not any(lo) and not any(hi):
        return x
    return bind(pad_zeros_p, x, lo=lo, hi=hi)


# ----------------------------------------------------------------------------- concatenate
def _concatenate_abstract_eval(*avals, axis):
    first = avals[0].shape
    for aval in avals[1:]:
        shape = aval.shape
        if len(shape) != len(first) or shape[:axis] + shape[axis + 1 :] != (
            first[:axis] + first[axis + 1 :]
        ):
            shapes = ", ".join(str(a.shape) for a in avals)
            raise ShapeError(
                f"concatenate along axis {axis} needs equal shapes off that axis, got {shapes}"
            )
    size = sum(aval.shape[axis] for aval in avals)
    dtype = np.result_type(*(aval.dtype for aval in avals))
    return ShapedArray(first[:axis] + (size,) + first[axis + 1 :], dtype)


def _concatenate_jvp(primals, tangents, *, axis):
    out = concatenate(*primals, axis=axis)
    if all(t is None for t in tangents):
        return out, None
    # Linear: the tangent is the concatenation of the tangents, zeros where there are none.
    dtype = aval_of(out).dtype
    parts = [
        np.zeros(aval_of(x).shape, dtype)
        if t is None
        else bin_ops.convert_element_type(t, new_dtype=dtype)
        for x, t in zip(primals, tangents, strict=True)
    ]
    return out, concatenate(*parts, axis=axis)


def _concatenate_transpose(ct, *xs, axis):
    # Each operand's cotangent is its own block of ct, cut back out with a static slice.
    shape = aval_of(ct).shape
    cts, start = [], 0
    for x in xs:
        stop = start + aval_of(x).shape[axis]
        if is_undefined(x):
            block = static_slice(
                ct,
                starts=(0,) * axis + (start,) + (0,) * (len(shape) - axis - 1),
                limits=shape[:axis] + (stop,) + shape[axis + 1 :],
            )
            cts.append(unbroadcast(block, x.aval))
        else:
            cts.append(None)
        start = stop
    return cts


def _concatenate_batch(args, dims, *, axis):
    if dims[0] is not None and all(d == dims[0] for d in dims):
        # Every operand batched along the same axis: concatenate around it, nothing moves.
        x_bdim = dims[0]
        return concatenate(*args, axis=axis + (x_bdim <= axis)), x_bdim
    size = next(aval_of(x).shape[d] for x, d in zip(args, dims, strict=True) if d is not None)
    xs = []
    for x, x_bdim in zip(args, dims, strict=True):
        if x_bdim is None:
            # Concatenation needs every operand batched: repeat the unbatched ones.
            shape = aval_of(x).shape
            x = broadcast_to(reshape(x, new_shape=(1,) + shape), shape=(size,) + shape)
        else:
            x = move_axis_to_front(x, x_bdim)
        xs.append(x)
    return concatenate(*xs, axis=axis + 1), 0


concatenate_p = define(
    "concatenate",
    impl=lambda *xs, axis: np.concatenate(xs, axis=axis),
    abstract_eval=_concatenate_abstract_eval,
    jvp=_concatenate_jvp,
    transpose=_concatenate_transpose,
    batch=_concatenate_batch,
)


def concatenate(*xs, axis):
    """Join arrays of rank >= 1 along the existing, non-negative ``axis`` (dtypes promote)."""
    return bind(concatenate_p, *xs, axis=int(axis))


# ----------------------------------------------------------------------------- flip
def _flip_batch(args, dims, *, axes):
    (x,), (x_bdim,) = args, dims
    return flip(x, axes=tuple(a + (a >= x_bdim) for a in axes)), x_bdim


flip_p = define(
    "flip",
    impl=lambda x, *, axes: np.flip(x, axes),
    abstract_eval=lambda x, *, axes: ShapedArray(x.shape, x.dtype),
    jvp=linear_jvp,
    transpose=lambda ct, x, *, axes: [flip(ct, axes=axes)],  # a permutation, self-adjoint
    batch=_flip_batch,
)


def flip(x, *, axes):
    """Reverse ``x`` along ``axes`` (an int or a tuple of non-negative ints)."""
    if isinstance(axes, (int, np.integer)):
        axes = (int(axes),)
    else:
        axes = tuple(sorted(int(a) for a in axes))
    if not axes:
        return x
    return bind(flip_p, x, axes=axes)


__all__ = [
    "broadcast_to",
    "broadcast_to_p",
    "concatenate",
    "concatenate_p",
    "flip",
    "flip_p",
    "pad_zeros",
    "pad_zeros_p",
    "reshape",
    "reshape_p",
    "static_slice",
    "static_slice_p",
    "transpose",
    "transpose_p",
    "unbroadcast",
]
