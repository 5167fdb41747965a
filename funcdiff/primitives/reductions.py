"""Reductions over axes: sum (the adjoint of broadcasting) and its relatives."""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, bind
from funcdiff.primitives import shape as shp
from funcdiff.primitives.registry import define, linear_jvp


def _reduced_shape(shape, axes):
    return tuple(n for i, n in enumerate(shape) if i not in axes)


def _keepdims_shape(shape, axes):
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def expand_reduced(ct, in_shape, axes):
    """Broadcast a reduced result back over the reduced ``axes`` of ``in_shape``."""
    ct = shp.reshape(ct, new_shape=_keepdims_shape(in_shape, axes))
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


def _reduce_sum_abstract_eval(x, *, axes):
    dtype = x.dtype
    if dtype.kind == "b" or (dtype.kind in "iu" and dtype.itemsize < 8):
        dtype = np.dtype(np.int64 if dtype.kind in "bi" else np.uint64)  # NumPy widens sums
    return ShapedArray(_reduced_shape(x.shape, axes), dtype)


reduce_sum_p = define(
    "reduce_sum",
    impl=lambda x, *, axes: np.sum(x, axis=axes),
    abstract_eval=_reduce_sum_abstract_eval,
    jvp=linear_jvp,
    transpose=lambda ct, x, *, axes: [expand_reduced(ct, x.aval.shape, axes)],
    batch=batch_reduction(lambda x, *, axes: reduce_sum(x, axes=axes)),
)


def reduce_sum(x, *, axes):
    """Sum over the (normalized, non-negative) tuple ``axes``."""
    axes = tuple(sorted(int(a) for a in axes))
    if not axes:
        return x
    return bind(reduce_sum_p, x, axes=axes)


__all__ = ['batch_reduction', 'expand_reduced', 'reduce_sum', 'reduce_sum_p', 'shift_axes_for_batch']
