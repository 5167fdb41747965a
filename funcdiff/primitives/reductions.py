"""Reductions over axes (sum, max, min, prod, argmax, argmin) and scans along one axis (cumsum,
cumprod). Reductions take ``axes`` as a sorted tuple of non-negative ints; scans take ``axis``.
"""

from __future__ import annotations

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import ShapedArray, bind, get_aval
from funcdiff.primitives import shape as shp
from funcdiff.primitives.registry import define, linear_jvp, zero_jvp


def reduced_shape(shape, axes):
    """``shape`` with ``axes`` removed."""
    return tuple(n for i, n in enumerate(shape) if i not in axes)


def keepdims_shape(shape, axes):
    """``shape`` with ``axes`` set to 1 (NumPy's ``keepdims=True`` result)."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def expand_reduced(ct, in_shape, axes):
    """Broadcast a reduced result back over the reduced ``axes`` of ``in_shape``."""
    ct = shp.reshape(ct, new_shape=keepdims_shape(in_shape, axes))
    return shp.broadcast_to(ct, shape=in_shape)


def shift_axes_for_batch(axes, bdim):
    """Per-example reduction axes renumbered for an operand whose batch axis is ``bdim``."""
    return tuple(a + (a >= bdim) for a in axes)


def batch_reduction(bind_fn):
    """Batching rule for a reduction over ``axes``: renumber the axes around the batch axis."""

    def rule(args, dims, *, axes, **params):
        (x,), (x_bdim,) = args, dims
        new_axes = shift_axes_for_batch(axes, x_bdim)
        out_bdim = x_bdim - sum(1 for a in new_axes if a < x_bdim)
        return bind_fn(x, axes=new_axes, **params), out_bdim

    return rule


def accumulation_dtype(dtype):
    """The dtype NumPy sums, multiplies and accumulates ``dtype`` in: small ints widen."""
    if dtype.kind == "b" or (dtype.kind in "iu" and dtype.itemsize < 8):
        return np.dtype(np.int64 if dtype.kind in "bi" else np.uint64)
    return dtype


def _accumulating_aval(x, *, axes):
    return ShapedArray(reduced_shape(x.shape, axes), accumulation_dtype(x.dtype))


def _normalized(axes):
    return tuple(sorted(int(a) for a in axes))


# ----------------------------------------------------------------------------- sum
reduce_sum_p = define(
    "reduce_sum",
    impl=lambda x, *, axes: np.add.reduce(x, axis=axes),  # np.sum without its 1 µs wrapper
    abstract_eval=_accumulating_aval,
    jvp=linear_jvp,
    transpose=lambda ct, x, *, axes: [expand_reduced(ct, x.aval.shape, axes)],
    batch=batch_reduction(lambda x, *, axes: reduce_sum(x, axes=axes)),
)


def reduce_sum(x, *, axes):
    """Sum over the (normalized, non-negative) tuple ``axes``; no axes returns ``x`` itself."""
    axes = _normalized(axes)
    if not axes:
        return x
    return bind(reduce_sum_p, x, axes=axes)


# ----------------------------------------------------------------------------- max / min
def _extremum_jvp(bind_fn):
    def rule(primals, tangents, *, axes):
        (x,), (x_dot,) = primals, tangents
        out = bind_fn(x, axes=axes)
        if x_dot is None:
            return out, None
        aval = get_aval(x)
        # The result moves with the entries that attain it. Ties share the tangent equally
        # (the mean of the one-sided derivatives, as JAX). A NaN result comes from the NaN
        # entries (max and min propagate NaN), so those are the ones it follows.
        hit = P.logical_or(P.eq(x, expand_reduced(out, aval.shape, axes)), P.ne(x, x))
        hit = P.convert_element_type(hit, new_dtype=aval.dtype)
        count = expand_reduced(reduce_sum(hit, axes=axes), aval.shape, axes)
        return out, reduce_sum(P.mul_safe(x_dot, P.div(hit, count)), axes=axes)

    return rule


reduce_max_p = define(
    "reduce_max",
    impl=lambda x, *, axes: np.maximum.reduce(x, axis=axes),
    abstract_eval=lambda x, *, axes: ShapedArray(reduced_shape(x.shape, axes), x.dtype),
    jvp=_extremum_jvp(lambda x, *, axes: reduce_max(x, axes=axes)),
    batch=batch_reduction(lambda x, *, axes: reduce_max(x, axes=axes)),
)


def reduce_max(x, *, axes):
    """Maximum over ``axes`` (NaN propagates); the derivative is shared among tied entries."""
    return bind(reduce_max_p, x, axes=_normalized(axes))


reduce_min_p = define(
    "reduce_min",
    impl=lambda x, *, axes: np.minimum.reduce(x, axis=axes),
    abstract_eval=lambda x, *, axes: ShapedArray(reduced_shape(x.shape, axes), x.dtype),
    jvp=_extremum_jvp(lambda x, *, axes: reduce_min(x, axes=axes)),
    batch=batch_reduction(lambda x, *, axes: reduce_min(x, axes=axes)),
)


def reduce_min(x, *, axes):
    """Minimum over ``axes`` (NaN propagates); the derivative is shared among tied entries."""
    return bind(reduce_min_p, x, axes=_normalized(axes))


# ----------------------------------------------------------------------------- prod
def _prod_of_others(x, out, axes):
    # d prod / d x_i is the product of the other entries: out / x_i where x_i != 0. At a zero
    # it is the product of the nonzero entries if x_i is the slice's only zero, else 0.
    # Dividing only by nonzero entries keeps the rule free of 0/0. The rule differentiates
    # again; second derivatives are exact with at most one zero per reduced slice.
    shape = get_aval(x).shape
    zero = P.eq(x, 0)
    safe_x = P.select(zero, 1, x)
    lone_zero = P.eq(reduce_sum(P.convert_element_type(zero, new_dtype=np.int64), axes=axes), 1)
    at_zero = P.select(lone_zero, reduce_prod(safe_x, axes=axes), 0)
    return P.select(
        zero,
        expand_reduced(at_zero, shape, axes),
        P.div(expand_reduced(out, shape, axes), safe_x),
    )


def _reduce_prod_jvp(primals, tangents, *, axes):
    (x,), (x_dot,) = primals, tangents
    out = reduce_prod(x, axes=axes)
    if x_dot is None:
        return out, None
    return out, reduce_sum(P.mul_safe(x_dot, _prod_of_others(x, out, axes)), axes=axes)


reduce_prod_p = define(
    "reduce_prod",
    impl=lambda x, *, axes: np.multiply.reduce(x, axis=axes),
    abstract_eval=_accumulating_aval,
    jvp=_reduce_prod_jvp,
    batch=batch_reduction(lambda x, *, axes: reduce_prod(x, axes=axes)),
)


def reduce_prod(x, *, axes):
    """Product over ``axes``; its derivative is exact where entries are zero."""
    return bind(reduce_prod_p, x, axes=_normalized(axes))


# ----------------------------------------------------------------------------- argmax / argmin
def _arg_batch(bind_fn):
    def rule(args, dims, *, axis):
        (x,), (x_bdim,) = args, dims
        new_axis = axis + (x_bdim <= axis)
        return bind_fn(x, axis=new_axis), x_bdim - (new_axis < x_bdim)

    return rule


def _arg_aval(x, *, axis):
    return ShapedArray(reduced_shape(x.shape, (axis,)), np.int64)


argmax_p = define(
    "argmax",
    impl=lambda x, *, axis: np.argmax(x, axis=axis),
    abstract_eval=_arg_aval,
    jvp=zero_jvp,
    batch=_arg_batch(lambda x, *, axis: argmax(x, axis=axis)),
)


def argmax(x, *, axis):
    """Index (int64) of the first maximum along the non-negative ``axis``; no derivative."""
    return bind(argmax_p, x, axis=int(axis))


argmin_p = define(
    "argmin",
    impl=lambda x, *, axis: np.argmin(x, axis=axis),
    abstract_eval=_arg_aval,
    jvp=zero_jvp,
    batch=_arg_batch(lambda x, *, axis: argmin(x, axis=axis)),
)


def argmin(x, *, axis):
    """Index (int64) of the first minimum along the non-negative ``axis``; no derivative."""
    return bind(argmin_p, x, axis=int(axis))


# ----------------------------------------------------------------------------- cumsum
def _scan_aval(x, *, axis):
    return ShapedArray(x.shape, accumulation_dtype(x.dtype))


def _scan_batch(bind_fn):
    def rule(args, dims, *, axis):
        (x,), (x_bdim,) = args, dims
        return bind_fn(x, axis=axis + (x_bdim <= axis)), x_bdim  # the axis shifts past bdim

    return rule


def _cumsum_transpose(ct, x, *, axis):
    # The adjoint of a running sum is a running sum taken from the far end.
    return [shp.flip(cumsum(shp.flip(ct, axes=axis), axis=axis), axes=axis)]


cumsum_p = define(
    "cumsum",
    impl=lambda x, *, axis: np.cumsum(x, axis=axis),
    abstract_eval=_scan_aval,
    jvp=linear_jvp,
    transpose=_cumsum_transpose,
    batch=_scan_batch(lambda x, *, axis: cumsum(x, axis=axis)),
)


def cumsum(x, *, axis):
    """Running sum along the non-negative ``axis`` (small ints widen, as NumPy)."""
    return bind(cumsum_p, x, axis=int(axis))


# ----------------------------------------------------------------------------- cumprod
def _shifted(y, s, axis, fill_ones):
    # y moved s places up ``axis``; the s vacated leading entries are 1 (or 0 for tangents).
    aval = get_aval(y)
    n = aval.shape[axis]
    head = shp.static_slice(
        y, starts=(0,) * aval.ndim, limits=aval.shape[:axis] + (n - s,) + aval.shape[axis + 1 :]
    )
    lo = (0,) * axis + (s,) + (0,) * (aval.ndim - axis - 1)
    if not fill_ones:
        return shp.pad_zeros(head, lo=lo, hi=(0,) * aval.ndim)
    ones = np.ones(aval.shape[:axis] + (s,) + aval.shape[axis + 1 :], aval.dtype)
    return shp.concatenate(ones, head, axis=axis)


def _cumprod_jvp(primals, tangents, *, axis):
    (x,), (x_dot,) = primals, tangents
    out = cumprod(x, axis=axis)
    if x_dot is None:
        return out, None
    # Forward mode through a Hillis-Steele scan, y_k <- y_k * y_{k-s} for s = 1, 2, 4, ...:
    # only products, never a division, so the tangent is exact where entries are zero.
    n = get_aval(x).shape[axis]
    y, y_dot, s = x, x_dot, 1
    while s < n:
        y_prev = _shifted(y, s, axis, True)
        y_dot = P.add(P.mul_safe(y_dot, y_prev), P.mul_safe(_shifted(y_dot, s, axis, False), y))
        if 2 * s < n:
            y = P.mul(y, y_prev)
        s *= 2
    return out, y_dot


cumprod_p = define(
    "cumprod",
    impl=lambda x, *, axis: np.cumprod(x, axis=axis),
    abstract_eval=_scan_aval,
    jvp=_cumprod_jvp,
    batch=_scan_batch(lambda x, *, axis: cumprod(x, axis=axis)),
)


def cumprod(x, *, axis):
    """Running product along the non-negative ``axis``; its derivative is exact at zeros."""
    return bind(cumprod_p, x, axis=int(axis))


__all__ = [
    "accumulation_dtype", "argmax", "argmax_p", "argmin", "argmin_p", "batch_reduction",
    "cumprod", "cumprod_p", "cumsum", "cumsum_p", "expand_reduced", "keepdims_shape",
    "reduce_max", "reduce_max_p", "reduce_min", "reduce_min_p", "reduce_prod", "reduce_prod_p",
    "reduce_sum", "reduce_sum_p", "reduced_shape", "shift_axes_for_batch",
]  # fmt: skip
