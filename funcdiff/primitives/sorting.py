"""Searching primitives: ``searchsorted`` of values into sorted rows (sorting itself is argsort +
gather, in ``indexing``).
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, bind
from funcdiff.primitives import shape as shp
from funcdiff.primitives.registry import aval_of, define, move_axis_to_front, zero_jvp


# ----------------------------------------------------------------------------- searchsorted
def _searchsorted_impl(a, v, *, side):
    if a.ndim == 1:
        return np.searchsorted(a, v, side=side)
    # Rows of a batch: a is lead + (n,), v is lead + rest. The insertion point is the number
    # of entries ordered before v, with NumPy's order that puts NaN after every number.
    lead = a.ndim - 1
    rest = v.ndim - lead
    a = a.reshape(a.shape[:lead] + (1,) * rest + a.shape[lead:])
    v = v[..., None]
    if side == "left":
        before = (a < v) | (np.isnan(v) & ~np.isnan(a)) if v.dtype.kind in "fc" else a < v
    else:
        before = (a <= v) | np.isnan(v) if v.dtype.kind in "fc" else a <= v
    return np.add.reduce(before, axis=-1, dtype=np.intp)


def _searchsorted_abstract_eval(a, v, *, side):
    return ShapedArray(v.shape, np.intp)


def _searchsorted_batch(args, dims, *, side):
    (a, v), (a_bdim, v_bdim) = args, dims
    if a_bdim is None:
        # v's batch axis joins its per-row part, right behind the rows' leading axes.
        lead = aval_of(a).ndim - 1
        v = shp.transpose(v, permutation=_move(aval_of(v).ndim, v_bdim, lead))
        return searchsorted(a, v, side=side), lead
    a = move_axis_to_front(a, a_bdim)
    size = aval_of(a).shape[0]
    if v_bdim is None:
        v_shape = aval_of(v).shape
        v = shp.broadcast_to(shp.reshape(v, new_shape=(1,) + v_shape), shape=(size,) + v_shape)
    else:
        v = move_axis_to_front(v, v_bdim)
    return searchsorted(a, v, side=side), 0


def _move(ndim, src, dst):
    order = [i for i in range(ndim) if i != src]
    order.insert(dst, src)
    return tuple(order)


searchsorted_p = define(
    "searchsorted",
    impl=_searchsorted_impl,
    abstract_eval=_searchsorted_abstract_eval,
    jvp=zero_jvp,
    batch=_searchsorted_batch,
)


def searchsorted(a, v, *, side="left"):
    """Insertion points (intp) of ``v`` into the sorted last axis of ``a``; no derivative.

    ``a`` is ``lead + (n,)`` and ``v`` is ``lead + rest``: each row of ``a`` serves the
    values of ``v`` sharing its leading index (1-D ``a`` is ``np.searchsorted``).
    """
    return bind(searchsorted_p, a, v, side=side)


__all__ = ["searchsorted", "searchsorted_p"]
