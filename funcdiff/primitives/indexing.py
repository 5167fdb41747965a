"""Indexing primitives: gather (``x[idx]``), scatter (``x.at[idx].set``), scatter_add (its
transpose, ``np.add.at``) and argsort. A static ``Index`` holds the NumPy index with
placeholders for the integer index arrays, which are operands (they may be traced).
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, Tracer, bind
from funcdiff.errors import ShapeError
from funcdiff.primitives import binary as bin_ops
from funcdiff.primitives import shape as shp
from funcdiff.primitives.registry import (
    aval_of,
    define,
    is_undefined,
    linear_jvp,
    move_axis_to_front,
    zero_jvp,
)

ARRAY = type("ArrayPlaceholder", (), {"__repr__": lambda self: "[]", "__slots__": ()})()


class Index:
    """A NumPy index tuple whose integer index arrays are placeholders (``ARRAY``).

    Entries are ints (non-negative, in bounds), slices, None, a zero-width Ellipsis (kept
    because NumPy treats it as separating advanced indices) and ``ARRAY``. Hashable, so it
    can be a primitive's static parameter.

    >>> Index((0, slice(1, None), ARRAY)).fill([np.array([2])])
    (0, slice(1, None, None), array([2]))
    """

    __slots__ = ("entries", "n_arrays", "_key")

    def __init__(self, entries):
        self.entries = entries
        self.n_arrays = sum(1 for e in entries if e is ARRAY)
        self._key = None

    def fill(self, arrays):
        """The NumPy index tuple with ``arrays`` in place of the placeholders."""
        if not self.n_arrays:
            return self.entries
        it = iter(arrays)
        return tuple(next(it) if e is ARRAY else e for e in self.entries)

    def key(self):
        if self._key is None:
            self._key = tuple(
                (e.start, e.stop, e.step) if type(e) is slice else e for e in self.entries
            )
        return self._key

    def __eq__(self, other):
        return type(other) is Index and self.key() == other.key()

    def __hash__(self):
        return hash(self.key())

    def __repr__(self):
        return "[" + ", ".join(_fmt_entry(e) for e in self.entries) + "]"


def _fmt_entry(e):
    if type(e) is slice:
        parts = ["" if v is None else str(v) for v in (e.start, e.stop, e.step)]
        return ":".join(parts[:2] if e.step is None else parts)
    return "None" if e is None else "..." if e is Ellipsis else repr(e)


def index_layout(shape, index, array_shapes):
    """Output shape of ``x[index]`` and the output position of the advanced-index block.

    NumPy's rule: integers count as advanced when an index array is present; the broadcast
    shape of the advanced indices replaces them in place when they are adjacent in the index,
    and goes first otherwise. The position is None without index arrays.
    """
    out, adv_shapes = [], []
    first, last, adjacent = None, None, True
    has_arrays = index.n_arrays > 0
    shapes = iter(array_shapes)
    dim = 0
    for i, e in enumerate(index.entries):
        if e is ARRAY or (has_arrays and type(e) is int):
            adv_shapes.append(next(shapes) if e is ARRAY else ())
            if first is None:
                first = len(out)
            elif last != i - 1:
                adjacent = False
            last = i
            dim += 1
        elif type(e) is int:
            dim += 1
        elif type(e) is slice:
            out.append(len(range(*e.indices(shape[dim]))))
            dim += 1
        elif e is None:
            out.append(1)
    out.extend(shape[dim:])
    if first is None:
        return tuple(out), None
    try:
        block = np.broadcast_shapes(*adv_shapes)
    except ValueError:
        raise IndexError(
            "shape mismatch: indexing arrays could not be broadcast together with shapes "
            + " ".join(map(str, adv_shapes))
        ) from None
    pos = first if adjacent else 0
    return tuple(out[:pos]) + block + tuple(out[pos:]), pos


def _check_arrays(arrays):
    for a in arrays:
        if a.dtype.kind not in "iu":
            raise IndexError(f"index arrays must have an integer dtype, got {a.dtype}")


# ----------------------------------------------------------------------------- batching helpers
def _batch_to_front(x, bdim, size):
    if bdim is None:
        shape = aval_of(x).shape
        return shp.broadcast_to(shp.reshape(x, new_shape=(1,) + shape), shape=(size,) + shape)
    return move_axis_to_front(x, bdim)


def _batch_size(args, dims):
    for x, d in zip(args, dims, strict=True):
        if d is not None:
            return aval_of(x).shape[d]
    raise AssertionError("a batch rule ran with no batched operand")


def _batched_index(index, arrays, a_dims, x_shape, size):
    """Index for an operand batched at axis 0, and the permutation of its result to (B, ...).

    Unbatched index arrays only need a full slice for the batch axis. Batched ones are moved
    to the front and paired with ``arange(B)`` on the batch axis, so each example reads its
    own row; NumPy then puts the advanced block first, and ``perm`` restores the per-example
    placement of that block behind the batch axis.
    """
    shapes = _per_example_shapes(arrays, a_dims)
    out_shape, pos = index_layout(x_shape, index, shapes)
    nb = len(np.broadcast_shapes(*shapes))
    if all(d is None for d in a_dims):
        # A leading slice keeps adjacent advanced indices in place (batch axis first);
        # non-adjacent ones still go first, ahead of the batch axis.
        new_index = Index((slice(None),) + index.entries)
        _, new_pos = index_layout((size,) + x_shape, new_index, shapes)
        b_axis = nb if new_pos == 0 else 0
        return new_index, list(arrays), _to_front_perm(len(out_shape) + 1, b_axis)
    new_arrays = [np.arange(size).reshape((size,) + (1,) * nb)]
    new_arrays += [
        a if d is None else _front_padded(a, d, nb) for a, d in zip(arrays, a_dims, strict=True)
    ]
    new_index = Index((ARRAY,) + index.entries)
    # The result is (B, block, rest...); per example the block sits at ``pos`` among the rest.
    rest = len(out_shape) - nb
    perm = [0] + [1 + nb + i for i in range(pos)] + [1 + i for i in range(nb)]
    perm += [1 + nb + i for i in range(pos, rest)]
    return new_index, new_arrays, tuple(perm)


def _drop(shape, axis):
    return shape[:axis] + shape[axis + 1 :]


def _per_example_shapes(arrays, dims):
    return [
        aval_of(a).shape if d is None else _drop(aval_of(a).shape, d)
        for a, d in zip(arrays, dims, strict=True)
    ]


def _front_padded(a, d, nb):
    # Batch axis first, then ones up to the block rank, so arrays broadcast per example.
    a = move_axis_to_front(a, d)
    a_shape = aval_of(a).shape
    return shp.reshape(a, new_shape=a_shape[:1] + (1,) * (nb + 1 - len(a_shape)) + a_shape[1:])


def _to_front_perm(ndim, axis):
    return (axis,) + tuple(i for i in range(ndim) if i != axis)


def _inverse(perm):
    return tuple(np.argsort(perm).tolist())


# ----------------------------------------------------------------------------- gather
def _gather_abstract_eval(x, *arrays, index):
    _check_arrays(arrays)
    return ShapedArray(index_layout(x.shape, index, [a.shape for a in arrays])[0], x.dtype)


def _gather_transpose(ct, x, *arrays, index):
    # The adjoint of reading is accumulating: repeated indices sum their cotangents.
    zeros = np.zeros(x.aval.shape, x.aval.dtype)
    return [scatter_add(zeros, ct, *arrays, index=index)] + [None] * len(arrays)


def _gather_batch(args, dims, *, index):
    (x, *arrays), (x_bdim, *a_dims) = args, dims
    if all(d is None for d in a_dims) and not index.n_arrays:
        new_index, out_bdim = _insert_full_slice(index, x_bdim)
        return gather(x, index=new_index), out_bdim
    size = _batch_size(args, dims)
    if x_bdim is None:
        # The batch axis of the index arrays joins the advanced block, wherever it lands.
        shapes = _per_example_shapes(arrays, a_dims)
        _, pos = index_layout(aval_of(x).shape, index, shapes)
        nb = len(np.broadcast_shapes(*shapes))
        moved = [
            a if d is None else _front_padded(a, d, nb) for a, d in zip(arrays, a_dims, strict=True)
        ]
        return gather(x, *moved, index=index), pos
    x = move_axis_to_front(x, x_bdim)
    x_shape = aval_of(x).shape[1:]
    new_index, new_arrays, perm = _batched_index(index, arrays, a_dims, x_shape, size)
    out = gather(x, *new_arrays, index=new_index)
    if all(d is None for d in a_dims):
        return out, perm[0]  # only the batch axis is out of place: report it, don't move it
    return shp.transpose(out, permutation=perm), 0


def _insert_full_slice(index, bdim):
    """``index`` with a full slice for a new axis ``bdim`` of the operand (basic indices only),
    and where that axis lands in the result."""
    entries = list(index.entries)
    consumed = out_dims = 0
    j = len(entries)
    for i, e in enumerate(entries):
        if consumed == bdim:
            j = i
            break
        if e is None or type(e) is slice:
            out_dims += 1
        consumed += e is not None and e is not Ellipsis
    else:
        entries += [slice(None)] * (bdim - consumed)
        out_dims += bdim - consumed
        j = len(entries)
    entries.insert(j, slice(None))
    return Index(tuple(entries)), out_dims


gather_p = define(
    "gather",
    impl=lambda x, *arrays, index: x[index.fill(arrays)],
    abstract_eval=_gather_abstract_eval,
    jvp=linear_jvp,
    transpose=_gather_transpose,
    batch=_gather_batch,
)


def gather(x, *arrays, index):
    """``x[index]`` with the integer ``arrays`` in place of ``index``'s placeholders."""
    return bind(gather_p, x, *arrays, index=index)


# ----------------------------------------------------------------------------- scatters
def _scatter_abstract_eval(x, updates, *arrays, index):
    _check_arrays(arrays)
    shape = index_layout(x.shape, index, [a.shape for a in arrays])[0]
    if updates.shape != shape or updates.dtype != x.dtype:
        raise ShapeError(
            f"scatter updates must be {ShapedArray(shape, x.dtype).str_short()} for index "
            f"{index!r} into {x.str_short()}, got {updates.str_short()}"
        )
    return ShapedArray(x.shape, x.dtype)


def _scatter_batch(bind_fn):
    def rule(args, dims, *, index):
        (x, updates, *arrays), (x_bdim, u_bdim, *a_dims) = args, dims
        size = _batch_size(args, dims)
        x = _batch_to_front(x, x_bdim, size)
        x_shape = aval_of(x).shape[1:]
        new_index, new_arrays, perm = _batched_index(index, arrays, a_dims, x_shape, size)
        # Updates come as (B, per-example); lay them out as the batched gather would read.
        updates = shp.transpose(_batch_to_front(updates, u_bdim, size), permutation=_inverse(perm))
        return bind_fn(x, updates, *new_arrays, index=new_index), 0

    return rule


def _scatter_add_impl(x, updates, *arrays, index):
    out = np.array(x, copy=True)
    if index.n_arrays:
        np.add.at(out, index.fill(arrays), updates)  # repeated indices accumulate
    else:
        out[index.entries] += updates
    return out


def _scatter_add_transpose(ct, x, updates, *arrays, index):
    return [
        ct if is_undefined(x) else None,
        gather(ct, *arrays, index=index) if is_undefined(updates) else None,
    ] + [None] * len(arrays)


scatter_add_p = define(
    "scatter_add",
    impl=_scatter_add_impl,
    abstract_eval=_scatter_abstract_eval,
    jvp=linear_jvp,
    transpose=_scatter_add_transpose,
    batch=_scatter_batch(lambda *a, index: scatter_add(*a, index=index)),
)


def scatter_add(x, updates, *arrays, index):
    """A copy of ``x`` with ``updates`` added at ``index`` (``np.add.at``: duplicates add up)."""
    return bind(scatter_add_p, x, updates, *arrays, index=index)


def _scatter_impl(x, updates, *arrays, index):
    out = np.array(x, copy=True)
    out[index.fill(arrays)] = updates  # with repeated indices the last write wins, as NumPy
    return out


def _scatter_transpose(ct, x, updates, *arrays, index):
    # Jointly linear: positions written lose x's cotangent; each update gets the cotangent
    # of the position it wrote, unless a later duplicate overwrote it.
    u_aval = aval_of(updates)
    ct_x = ct_u = None
    if is_undefined(x):
        ct_x = scatter(ct, np.zeros(u_aval.shape, u_aval.dtype), *arrays, index=index)
    if is_undefined(updates):
        ct_u = gather(ct, *arrays, index=index)
        if index.n_arrays:
            lost = _overwritten(aval_of(x).shape, u_aval.shape, arrays, index)
            if lost is not None:
                ct_u = bin_ops.select(lost, np.zeros((), u_aval.dtype), ct_u)
    return [ct_x, ct_u] + [None] * len(arrays)


def _overwritten(x_shape, u_shape, arrays, index):
    """Mask of updates overwritten by a later duplicate (None if there is none)."""
    ids = np.arange(int(np.prod(u_shape, dtype=np.int64))).reshape(u_shape)
    canvas = np.full(x_shape, -1, dtype=ids.dtype)
    if not any(isinstance(a, Tracer) for a in arrays):
        canvas[index.fill(arrays)] = ids
        lost = canvas[index.fill(arrays)] != ids
        return lost if lost.any() else None
    written = gather(scatter(canvas, ids, *arrays, index=index), *arrays, index=index)
    return bin_ops.convert_element_type(bin_ops.sub(written, ids), new_dtype=np.bool_)


scatter_p = define(
    "scatter",
    impl=_scatter_impl,
    abstract_eval=_scatter_abstract_eval,
    jvp=linear_jvp,
    transpose=_scatter_transpose,
    batch=_scatter_batch(lambda *a, index: scatter(*a, index=index)),
)


def scatter(x, updates, *arrays, index):
    """A copy of ``x`` with ``updates`` written at ``index`` (``x[index] = updates``)."""
    return bind(scatter_p, x, updates, *arrays, index=index)


# ----------------------------------------------------------------------------- argsort
def _argsort_batch(args, dims, *, axis, kind):
    (x,), (x_bdim,) = args, dims
    return argsort(x, axis=axis + (x_bdim <= axis), kind=kind), x_bdim


argsort_p = define(
    "argsort",
    impl=lambda x, *, axis, kind: np.argsort(x, axis=axis, kind=kind),
    abstract_eval=lambda x, *, axis, kind: ShapedArray(x.shape, np.intp),
    jvp=zero_jvp,
    batch=_argsort_batch,
)


def argsort(x, *, axis, kind=None):
    """``np.argsort(x, axis)`` for a non-negative ``axis``; no derivative."""
    return bind(argsort_p, x, axis=axis, kind=kind)


__all__ = [
    "ARRAY",
    "Index",
    "argsort",
    "argsort_p",
    "gather",
    "gather_p",
    "index_layout",
    "scatter",
    "scatter_add",
    "scatter_add_p",
    "scatter_p",
]
