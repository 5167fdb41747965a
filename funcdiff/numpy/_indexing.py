"""Indexing with NumPy's semantics (``x[idx]``, ``fnp.at(x)[idx].set(v)``, take, sort, diagonal,
tril ...), lowered to the gather/scatter primitives; out-of-bounds indices raise IndexError.
"""

from __future__ import annotations

import operator

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer
from funcdiff.errors import AxisError, ConcretizationError, ShapeError
from funcdiff.primitives.indexing import ARRAY, Index, index_layout
from funcdiff.primitives.registry import aval_of

__all__ = [
    "_getitem",
    "at",
    "take",
    "take_along_axis",
    "diagonal",
    "diag",
    "tril",
    "triu",
    "trace",
    "nonzero",
    "argwhere",
    "flatnonzero",
    "sort",
    "argsort",
]

_BAD_INDEX = (
    "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or "
    "boolean arrays are valid indices"
)


# ----------------------------------------------------------------------------- index parsing
def _concrete_or_none(x):
    # Under grad/jvp the primal is concrete; vmap and jit values are not.
    while isinstance(x, Tracer):
        if not x._trace.differentiates:
            return None
        x = x.primal
    return x


def _mask_error(what):
    return ConcretizationError(
        f"{what} with a traced boolean mask: the result's shape would depend on the mask's "
        "values, which vmap and jit do not know. Use fnp.where(mask, x, 0) to keep the shape, "
        "or compute the mask outside the transformed function."
    )


def _index_value(e):
    """An index entry that is not an int, slice, None or Ellipsis, as an int or an array."""
    if isinstance(e, Tracer):
        kind = e.dtype.kind
        if kind not in "biu":
            raise IndexError(f"{_BAD_INDEX}; got a traced {e.dtype} array")
        concrete = _concrete_or_none(e)
        if concrete is None:
            if kind == "b":
                raise _mask_error("Indexing")
            return e
        e = concrete
    if isinstance(e, np.integer):
        return int(e)
    arr = np.asarray(e)
    kind = arr.dtype.kind
    if kind in "iu":
        return int(arr) if arr.ndim == 0 else arr
    if kind == "b":
        if arr.ndim == 0:
            raise IndexError("scalar boolean indices are not supported; use x[None] instead")
        return arr
    if arr.size == 0 and not isinstance(e, np.ndarray):
        return arr.astype(np.intp)  # an empty list indexes nothing, as NumPy
    raise IndexError(_BAD_INDEX)


def _slice(e):
    if all(v is None or type(v) is int for v in (e.start, e.stop, e.step)):
        return e
    to_int = lambda v: None if v is None else operator.index(v)  # noqa: E731
    return slice(to_int(e.start), to_int(e.stop), to_int(e.step))


def _parse(shape, idx):
    """A NumPy index for an array of ``shape`` as a static ``Index`` and its index arrays."""
    if type(idx) is not tuple:
        idx = (idx,)
    items, consumed, ellipsis = [], 0, None
    for e in idx:
        if type(e) is int or type(e) is slice:
            consumed += 1
        elif e is Ellipsis:
            if ellipsis is not None:
                raise IndexError("an index can only have a single ellipsis ('...')")
            ellipsis = len(items)
        elif e is not None:
            e = _index_value(e)
            is_mask = type(e) is np.ndarray and e.dtype.kind == "b"
            consumed += e.ndim if is_mask else 1
        items.append(e)
    ndim = len(shape)
    if consumed > ndim:
        raise IndexError(
            f"too many indices for array: array is {ndim}-dimensional, but {consumed} were indexed"
        )
    if ellipsis is not None:
        fill = ndim - consumed  # a zero-width Ellipsis stays: it separates advanced indices
        items[ellipsis : ellipsis + 1] = [slice(None)] * fill if fill else [Ellipsis]
    entries, arrays, dim = [], [], 0
    for e in items:
        if type(e) is int:
            n = shape[dim]
            if not -n <= e < n:
                raise IndexError(f"index {e} is out of bounds for axis {dim} with size {n}")
            entries.append(e + n if e < 0 else e)
            dim += 1
        elif type(e) is slice:
            entries.append(_slice(e))
            dim += 1
        elif e is None or e is Ellipsis:
            entries.append(e)
        elif isinstance(e, Tracer):
            entries.append(ARRAY)
            arrays.append(e)
            dim += 1
        elif e.dtype.kind == "b":
            _check_mask(e, shape, dim)
            for a in np.nonzero(e):  # NumPy: a mask is the integer arrays of its nonzero()
                entries.append(ARRAY)
                arrays.append(a)
            dim += e.ndim
        else:
            _check_bounds(e, shape[dim], dim)
            entries.append(ARRAY)
            arrays.append(e)
            dim += 1
    return Index(tuple(entries)), arrays


def _check_mask(mask, shape, dim):
    for i, m in enumerate(mask.shape):
        if shape[dim + i] != m:
            raise IndexError(
                f"boolean index did not match indexed array along axis {dim + i}; size of axis "
                f"is {shape[dim + i]} but size of corresponding boolean axis is {m}"
            )


def _check_bounds(arr, n, dim):
    if arr.size:
        lo, hi = int(arr.min()), int(arr.max())
        if hi >= n or lo < -n:
            bad = hi if hi >= n else lo
            raise IndexError(f"index {bad} is out of bounds for axis {dim} with size {n}")


def _has_tracer(idx):
    if isinstance(idx, Tracer):
        return True
    return type(idx) is tuple and any(isinstance(e, Tracer) for e in idx)


def _getitem(x, idx):
    """``x[idx]`` with NumPy's semantics; what ``Tracer.__getitem__`` calls.

    Ints, slices (any step), None, Ellipsis, integer arrays (traced ones too) and concrete
    boolean masks, mixed as NumPy allows. Derivatives of repeated indices accumulate.

    Raises:
        IndexError: an index is out of bounds or of an invalid type.
        ConcretizationError: a boolean mask traced by vmap or jit (use ``fnp.where``).

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> out, vjp_fn = fd.vjp(lambda x: x[np.array([0, 2, 2])], np.zeros(3))
    >>> vjp_fn(np.ones(3))  # repeated indices accumulate
    (array([1., 0., 2.]),)
    """
    if not isinstance(x, Tracer):
        if not _has_tracer(idx):
            return np.asarray(x)[idx]
        x = np.asarray(x)
    index, arrays = _parse(x.shape, idx)
    return P.gather(x, *arrays, index=index)


# ----------------------------------------------------------------------------- functional updates
def at(x):
    """Functional updates ``fnp.at(x)[idx].set(v)``, as JAX's ``x.at[idx]``.

    ``.set``, ``.add``, ``.multiply``, ``.divide``, ``.min``, ``.max`` return a new array
    (``x`` is never modified); ``.get()`` is ``x[idx]``. Repeated indices accumulate for the
    combining updates (``np.add.at`` semantics) and the last write wins for ``.set``. Unlike
    NumPy's in-place ops, ``v`` is cast to ``x``'s dtype, as in JAX.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> x = np.zeros(3)
    >>> fnp.at(x)[[0, 0, 2]].add(1.0), x
    (array([2., 0., 1.]), array([0., 0., 0.]))
    """
    return _At(x)


class _At:
    __slots__ = ("x",)

    def __init__(self, x):
        self.x = x

    def __getitem__(self, idx):
        return _AtIndex(self.x, idx)


class _AtIndex:
    __slots__ = ("x", "idx")

    def __init__(self, x, idx):
        self.x = x if isinstance(x, Tracer) else np.asarray(x)
        self.idx = idx

    def get(self):
        """``x[idx]``."""
        return _getitem(self.x, self.idx)

    def set(self, values):
        """A copy of ``x`` with ``x[idx] = values``."""
        return self._update(values, np.ndarray.__setitem__, P.scatter)

    def add(self, values):
        """A copy of ``x`` with ``values`` added at ``idx`` (duplicates accumulate)."""
        return self._update(values, np.add.at, P.scatter_add)

    def multiply(self, values):
        """A copy of ``x`` with ``x[idx]`` multiplied by ``values``."""
        return self._update(values, np.multiply.at, P.mul)

    def divide(self, values):
        """A copy of ``x`` with ``x[idx]`` divided by ``values``."""
        return self._update(values, np.true_divide.at, P.div)

    def min(self, values):
        """A copy of ``x`` with ``x[idx] = minimum(x[idx], values)``."""
        return self._update(values, np.minimum.at, lambda a, b: _fnp().minimum(a, b))

    def max(self, values):
        """A copy of ``x`` with ``x[idx] = maximum(x[idx], values)``."""
        return self._update(values, np.maximum.at, lambda a, b: _fnp().maximum(a, b))

    def _update(self, values, plain_fn, traced_fn):
        x = self.x
        index, arrays = _parse(x.shape, self.idx)
        if (
            not isinstance(x, Tracer)
            and not isinstance(values, Tracer)
            and not any(isinstance(a, Tracer) for a in arrays)
        ):
            out = np.array(x, copy=True)
            plain_fn(out, index.fill(arrays), np.asarray(values).astype(out.dtype, copy=False))
            return out
        values = _updates(x, values, index, arrays)
        if traced_fn is P.scatter or traced_fn is P.scatter_add:
            return traced_fn(x, values, *arrays, index=index)
        return _combine(x, values, index, arrays, traced_fn)


def _updates(x, values, index, arrays):
    """``values`` cast to ``x``'s dtype and broadcast to the shape of ``x[index]``."""
    shape = index_layout(x.shape, index, [a.shape for a in arrays])[0]
    values = P.convert_element_type(values, new_dtype=x.dtype)
    v_shape = aval_of(values).shape
    while len(v_shape) > len(shape) and v_shape[0] == 1:  # NumPy drops leading ones
        v_shape = v_shape[1:]
        values = P.reshape(values, new_shape=v_shape)
    return P.broadcast_to(values, shape=shape)


def _combine(x, values, index, arrays, fn):
    # x[idx] = fn(x[idx], v) with read-modify-write; repeated indices are split into layers
    # of distinct positions, applied in order, which is ufunc.at's sequential semantics.
    if any(isinstance(a, Tracer) for a in arrays):
        raise ConcretizationError(
            "fnp.at(x)[idx].multiply/divide/min/max need concrete index arrays to order "
            "repeated indices, but the indices are traced by vmap or jit. Use .set or .add, "
            "or index with arrays computed outside the transform."
        )
    size = int(np.prod(x.shape, dtype=np.int64))
    targets = np.arange(size).reshape(x.shape)[index.fill(arrays)].ravel()
    order = np.argsort(targets, kind="stable")
    ranked = targets[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size) - np.repeat(starts, np.diff(np.r_[starts, order.size]))
    if order.size == 0 or rank.max() == 0:
        new = P.convert_element_type(
            fn(P.gather(x, *arrays, index=index), values), new_dtype=x.dtype
        )
        return P.scatter(x, new, *arrays, index=index)
    flat_index = Index((ARRAY,))
    x_flat = P.reshape(x, new_shape=(size,))
    v_flat = P.reshape(values, new_shape=(order.size,))
    for r in range(int(rank.max()) + 1):
        sel = np.flatnonzero(rank == r)
        pos = targets[sel]
        new = fn(P.gather(x_flat, pos, index=flat_index), P.gather(v_flat, sel, index=flat_index))
        new = P.convert_element_type(new, new_dtype=x.dtype)
        x_flat = P.scatter(x_flat, new, pos, index=flat_index)
    return P.reshape(x_flat, new_shape=x.shape)


def _fnp():
    import funcdiff.numpy as fnp

    return fnp


# ----------------------------------------------------------------------------- take / sort
def _axis(axis, ndim, fn):
    if not -ndim <= axis < ndim:
        raise AxisError(f"fnp.{fn}: axis {axis} is out of bounds for an array of dimension {ndim}")
    return axis % ndim


def _ravel(a):
    return P.reshape(a, new_shape=(int(np.prod(a.shape, dtype=np.int64)),))


def take(a, indices, axis=None, out=None, mode="raise"):
    """Elements of ``a`` at ``indices`` along ``axis`` (flattened for None), as ``np.take``.

    ``mode="wrap"``/``"clip"`` need concrete indices; ``out`` is not supported on tracers.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.take(np.array([[1.0, 2.0], [3.0, 4.0]]), [1, 0], axis=1)
    array([[2., 1.],
           [4., 3.]])
    """
    if not isinstance(a, Tracer) and not isinstance(indices, Tracer):
        return np.take(a, indices, axis=axis, out=out, mode=mode)
    if axis is None:
        a, axis = _ravel(a), 0
    axis = _axis(axis, a.ndim, "take")
    if mode != "raise":
        concrete = _concrete_or_none(indices)
        if concrete is None:
            raise ConcretizationError(f"fnp.take(mode={mode!r}) needs concrete indices.")
        n = a.shape[axis]
        indices = np.mod(concrete, n) if mode == "wrap" else np.clip(concrete, 0, n - 1)
    return _getitem(a, (slice(None),) * axis + (indices,))


def take_along_axis(arr, indices, axis=-1):
    """``arr`` read at ``indices`` along ``axis``, as ``np.take_along_axis``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.take_along_axis(np.array([[3.0, 1.0, 2.0]]), np.array([[1, 2, 0]]), axis=1)
    array([[1., 2., 3.]])
    """
    if not isinstance(arr, Tracer) and not isinstance(indices, Tracer):
        return np.take_along_axis(arr, indices, axis=axis)
    if axis is None:
        arr, axis = _ravel(arr), 0
    ndim = arr.ndim
    if np.ndim(indices) != ndim:
        raise ShapeError(
            f"fnp.take_along_axis: indices of shape {np.shape(indices)} must have as many "
            f"dimensions as arr of shape {arr.shape}"
        )
    axis = _axis(axis, ndim, "take_along_axis")
    # Every other axis is read at its own position: an arange along that axis.
    idx = tuple(
        indices if d == axis else np.arange(n).reshape((1,) * d + (n,) + (1,) * (ndim - d - 1))
        for d, n in enumerate(arr.shape)
    )
    return _getitem(arr, idx)


def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    """Indices that sort ``a`` along ``axis``, as ``np.argsort``; no derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.argsort(np.array([3.0, 1.0, 2.0]))
    array([1, 2, 0])
    """
    if not isinstance(a, Tracer):
        return np.argsort(a, axis=axis, kind=kind, order=order, stable=stable)
    if axis is None:
        a, axis = _ravel(a), 0
    kind = "stable" if stable else kind
    return P.argsort(a, axis=_axis(axis, a.ndim, "argsort"), kind=kind)


def sort(a, axis=-1, kind=None, order=None, *, stable=None):
    """``a`` sorted along ``axis``, as ``np.sort``; the derivative follows the sorted order.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.grad(lambda x: fnp.sort(x)[0])(np.array([3.0, 1.0, 2.0]))
    array([0., 1., 0.])
    """
    if not isinstance(a, Tracer):
        return np.sort(a, axis=axis, kind=kind, order=order, stable=stable)
    if axis is None:
        a, axis = _ravel(a), 0
    return take_along_axis(a, argsort(a, axis=axis, kind=kind, stable=stable), axis=axis)


# ----------------------------------------------------------------------------- diagonals
def diagonal(a, offset=0, axis1=0, axis2=1):
    """The ``offset`` diagonal over ``axis1``/``axis2``, as the last axis (``np.diagonal``).

    Unlike NumPy's read-only view, a traced result is a new array.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.diagonal(np.arange(9.0).reshape(3, 3), offset=1)
    array([1., 5.])
    """
    if not isinstance(a, Tracer):
        return np.diagonal(a, offset, axis1, axis2)
    ndim = a.ndim
    ax1, ax2 = _axis(axis1, ndim, "diagonal"), _axis(axis2, ndim, "diagonal")
    if ax1 == ax2:
        raise AxisError(f"fnp.diagonal: axis1 and axis2 cannot be the same (both {ax1})")
    r0, c0 = max(-offset, 0), max(offset, 0)
    n = max(0, min(a.shape[ax1] - r0, a.shape[ax2] - c0))
    entries = [slice(None)] * ndim
    entries[ax1] = entries[ax2] = ARRAY
    rows, cols = np.arange(r0, r0 + n), np.arange(c0, c0 + n)
    out = P.gather(a, *((rows, cols) if ax1 < ax2 else (cols, rows)), index=Index(tuple(entries)))
    # NumPy's advanced-index rule put the diagonal where the axes were; np.diagonal puts it last.
    pos = min(ax1, ax2) if abs(ax1 - ax2) == 1 else 0
    perm = tuple(i for i in range(ndim - 1) if i != pos) + (pos,)
    return P.transpose(out, permutation=perm)


def diag(v, k=0):
    """The ``k``-th diagonal of a 2-D ``v``, or a 2-D array with 1-D ``v`` on it (``np.diag``).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.diag(np.array([1.0, 2.0]))
    array([[1., 0.],
           [0., 2.]])
    """
    if not isinstance(v, Tracer):
        return np.diag(v, k)
    if v.ndim == 2:
        return diagonal(v, k)
    if v.ndim != 1:
        raise ShapeError(f"fnp.diag: input must be 1-D or 2-D, got shape {v.shape}")
    n = v.shape[0] + abs(k)
    rows, cols = np.arange(v.shape[0]) + max(-k, 0), np.arange(v.shape[0]) + max(k, 0)
    zeros = np.zeros((n, n), v.dtype)
    return P.scatter_add(zeros, v, rows, cols, index=Index((ARRAY, ARRAY)))


def tril(m, k=0):
    """``m`` with the elements above the ``k``-th diagonal zeroed, as ``np.tril``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.tril(np.ones((2, 2)))
    array([[1., 0.],
           [1., 1.]])
    """
    if not isinstance(m, Tracer):
        return np.tril(m, k)
    mask = np.tri(*m.shape[-2:], k=k, dtype=bool)
    return P.select(mask, m, np.zeros((), m.dtype))


def triu(m, k=0):
    """``m`` with the elements below the ``k``-th diagonal zeroed, as ``np.triu``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.triu(np.ones((2, 2)))
    array([[1., 1.],
           [0., 1.]])
    """
    if not isinstance(m, Tracer):
        return np.triu(m, k)
    mask = np.tri(*m.shape[-2:], k=k - 1, dtype=bool)
    return P.select(mask, np.zeros((), m.dtype), m)


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """Sum along the ``offset`` diagonal, as ``np.trace``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.trace(np.arange(4.0).reshape(2, 2)))
    3.0
    """
    if not isinstance(a, Tracer):
        return np.trace(a, offset, axis1, axis2, dtype=dtype, out=out)
    d = diagonal(a, offset, axis1, axis2)
    total = P.reduce_sum(d, axes=(d.ndim - 1,))
    return total if dtype is None else P.convert_element_type(total, new_dtype=dtype)


# ----------------------------------------------------------------------------- nonzero
def _concrete(a, fn):
    concrete = _concrete_or_none(a)
    if concrete is None:
        raise ConcretizationError(
            f"fnp.{fn} of a value traced by vmap or jit: its output shape depends on the "
            "values. Use fnp.where(cond, x, y) to select elementwise instead."
        )
    return concrete


def nonzero(a):
    """Indices of the nonzero elements, one array per axis, as ``np.nonzero``.

    Concrete values only (under grad/jvp the primal is used); no derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.nonzero(np.array([0.0, 2.0, 3.0]))
    (array([1, 2]),)
    """
    return np.nonzero(_concrete(a, "nonzero"))


def argwhere(a):
    """Indices of the nonzero elements, one row each, as ``np.argwhere`` (concrete only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.argwhere(np.array([0.0, 2.0]))
    array([[1]])
    """
    return np.argwhere(_concrete(a, "argwhere"))


def flatnonzero(a):
    """Indices of the nonzero elements of the flattened ``a`` (concrete only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.flatnonzero(np.array([[0.0, 2.0], [3.0, 0.0]]))
    array([1, 2])
    """
    return np.flatnonzero(_concrete(a, "flatnonzero"))
