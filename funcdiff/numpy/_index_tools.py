"""Index grids and index conversion, array conversion helpers, window functions and NumPy's
in-place writers, with NumPy's names (re-exported by ``_manipulation``).
"""

from __future__ import annotations

import warnings

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer
from funcdiff.errors import InPlaceUpdateError, ShapeError, ValueDomainError
from funcdiff.numpy._creation import _traced, asarray
from funcdiff.numpy._indexing import _concrete, _concrete_or_none
from funcdiff.numpy._joining import as_operand, vstack

__all__ = [
    "tri", "indices", "ix_", "diag_indices", "diag_indices_from", "tril_indices",
    "tril_indices_from", "triu_indices", "triu_indices_from", "mask_indices",
    "ravel_multi_index", "unravel_index", "row_stack", "asanyarray", "ascontiguousarray",
    "asfortranarray", "asarray_chkfinite", "require", "bartlett", "blackman", "hamming",
    "hanning", "kaiser", "put", "place", "putmask", "copyto", "fill_diagonal", "put_along_axis",
]  # fmt: skip


# ----------------------------------------------------------------------------- index grids
def tri(N, M=None, k=0, dtype=float, *, like=None):
    """Ones at and below the ``k``-th diagonal of an ``N`` by ``M`` array, as ``numpy.tri``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.tri(2)
    array([[1., 0.],
           [1., 1.]])
    """
    return np.tri(N, M, k, dtype, like=like)


def indices(dimensions, dtype=int, sparse=False):
    """The index grids of an array of shape ``dimensions``, as ``numpy.indices``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.indices((2, 2))[1]
    array([[0, 1],
           [0, 1]])
    """
    return np.indices(dimensions, dtype, sparse)


def ix_(*args):
    """Open-mesh index arrays from 1-D sequences, as ``numpy.ix_``; traced integer arrays
    (under vmap/jit too) are reshaped, boolean ones must be concrete.

    >>> import funcdiff.numpy as fnp
    >>> [i.shape for i in fnp.ix_([0, 1], [2, 0, 1])]
    [(2, 1), (1, 3)]
    """
    if not _traced(*args):
        return np.ix_(*args)
    out, n = [], len(args)
    for k, x in enumerate(args):
        x = as_operand(x)
        if x.ndim != 1:
            raise ShapeError(f"fnp.ix_: argument {k} must be 1-D, got shape {x.shape}.")
        if x.dtype == np.bool_:
            x = np.flatnonzero(_concrete(x, "ix_"))
        out.append(P.reshape(x, new_shape=(1,) * k + (x.shape[0],) + (1,) * (n - k - 1)))
    return tuple(out)


def diag_indices(n, ndim=2):
    """The indices of the main diagonal of an ``n``-sided ``ndim``-d array.

    >>> import funcdiff.numpy as fnp
    >>> fnp.diag_indices(2)
    (array([0, 1]), array([0, 1]))
    """
    return np.diag_indices(n, ndim)


def _shape_of(arr):
    return arr.shape if isinstance(arr, Tracer) else np.shape(arr)


def diag_indices_from(arr):
    """The indices of the main diagonal of ``arr`` (all sides equal; a tracer is fine).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.diag_indices_from(np.ones((2, 2)))
    (array([0, 1]), array([0, 1]))
    """
    shape = _shape_of(arr)
    if len(shape) < 2 or len(set(shape)) != 1:
        raise ShapeError(
            f"fnp.diag_indices_from needs rank >= 2 with all sides equal, got shape {shape}."
        )
    return np.diag_indices(shape[0], len(shape))


def tril_indices(n, k=0, m=None):
    """The indices of the lower triangle of an ``n`` by ``m`` array, as ``numpy.tril_indices``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.tril_indices(2)
    (array([0, 1, 1]), array([0, 0, 1]))
    """
    return np.tril_indices(n, k, m)


def triu_indices(n, k=0, m=None):
    """The indices of the upper triangle of an ``n`` by ``m`` array, as ``numpy.triu_indices``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.triu_indices(2)
    (array([0, 0, 1]), array([0, 1, 1]))
    """
    return np.triu_indices(n, k, m)


def _matrix_shape(arr, where):
    shape = _shape_of(arr)
    if len(shape) != 2:
        raise ShapeError(f"fnp.{where} needs a 2-D array, got shape {shape}.")
    return shape


def tril_indices_from(arr, k=0):
    """The lower-triangle indices of the 2-D ``arr`` (a tracer is fine).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.tril_indices_from(np.ones((2, 3)), k=-1)
    (array([1]), array([0]))
    """
    n, m = _matrix_shape(arr, "tril_indices_from")
    return np.tril_indices(n, k, m)


def triu_indices_from(arr, k=0):
    """The upper-triangle indices of the 2-D ``arr`` (a tracer is fine).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.triu_indices_from(np.ones((2, 2)), k=1)
    (array([0]), array([1]))
    """
    n, m = _matrix_shape(arr, "triu_indices_from")
    return np.triu_indices(n, k, m)


def mask_indices(n, mask_func, k=0):
    """The indices where ``mask_func(ones((n, n)), k)`` is nonzero, as ``numpy.mask_indices``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.mask_indices(2, fnp.triu)
    (array([0, 0, 1]), array([0, 1, 1]))
    """
    return np.mask_indices(n, mask_func, k)


def _index_strides(dims, order):
    dims = tuple(int(d) for d in dims)
    if order not in ("C", "F"):
        raise ValueDomainError(f"order must be 'C' or 'F', got {order!r}.")
    sizes = dims if order == "F" else dims[::-1]
    strides = np.cumprod((1,) + sizes[:-1]).tolist()
    return dims, strides if order == "F" else strides[::-1]


def ravel_multi_index(multi_index, dims, mode="raise", order="C"):
    """Flat indices from a tuple of index arrays into an array of shape ``dims``.

    Traced (integer) indices are combined arithmetically; ``mode='raise'`` checks them when
    their values are known, and 'wrap'/'clip' are applied elementwise.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.ravel_multi_index((np.array([1, 0]), np.array([2, 1])), (2, 3))
    array([5, 1])
    """
    if not _traced(*multi_index):
        return np.ravel_multi_index(multi_index, dims, mode, order)
    import funcdiff.numpy as fnp

    dims, strides = _index_strides(dims, order)
    if len(multi_index) != len(dims):
        raise ShapeError(f"fnp.ravel_multi_index: {len(multi_index)} index arrays for {dims}.")
    modes = (mode,) * len(dims) if isinstance(mode, str) else tuple(mode)
    flat = 0
    for idx, n, stride, m in zip(multi_index, dims, strides, modes, strict=True):
        idx = as_operand(idx)
        if m == "wrap":
            idx = fnp.mod(idx, n)
        elif m == "clip":
            idx = fnp.clip(idx, 0, n - 1)
        elif m == "raise":
            values = _concrete_or_none(idx)
            if values is not None and np.size(values) and (values.min() < 0 or values.max() >= n):
                raise ValueDomainError("fnp.ravel_multi_index: invalid entry in coordinates.")
        flat = flat + idx * np.intp(stride)
    return P.convert_element_type(flat, new_dtype=np.intp)


def unravel_index(indices, shape, order="C"):
    """Index arrays (a tuple) of the flat ``indices`` into an array of ``shape``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unravel_index(np.array([5, 1]), (2, 3))
    (array([1, 0]), array([2, 1]))
    """
    if not _traced(indices):
        return np.unravel_index(indices, shape, order)
    import funcdiff.numpy as fnp

    shape = (int(shape),) if np.ndim(shape) == 0 else shape
    dims, strides = _index_strides(shape, order)
    indices = as_operand(indices)
    values = _concrete_or_none(indices)
    size = int(np.prod(dims, dtype=np.int64))
    if values is not None and np.size(values) and (np.min(values) < 0 or np.max(values) >= size):
        raise ValueDomainError(f"fnp.unravel_index: an index is out of bounds for size {size}.")
    indices = P.convert_element_type(indices, new_dtype=np.intp)
    return tuple(
        fnp.mod(fnp.floor_divide(indices, s), n) for n, s in zip(dims, strides, strict=True)
    )


def row_stack(tup, *, dtype=None, casting="same_kind"):
    """Deprecated alias of ``vstack``, kept (with NumPy's DeprecationWarning) as NumPy 2 has it.

    >>> import funcdiff.numpy as fnp, numpy as np, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     fnp.row_stack([np.zeros(2), np.ones(2)]).shape
    (2, 2)
    """
    if not _traced(*tup):
        return np.row_stack(tup, dtype=dtype, casting=casting)
    warnings.warn(
        "`row_stack` alias is deprecated. Use `np.vstack` directly.", DeprecationWarning, 2
    )
    return vstack(tup, dtype=dtype, casting=casting)


# ----------------------------------------------------------------------------- conversion
def asanyarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    """``a`` as an array (tracers stay traced), as ``numpy.asanyarray``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.asanyarray([1.0, 2.0])
    array([1., 2.])
    """
    if not _traced(a):
        return np.asanyarray(a, dtype, order, device=device, copy=copy, like=like)
    return asarray(a, dtype, order)


def ascontiguousarray(a, dtype=None, *, like=None):
    """``a`` as a C-contiguous array of rank >= 1 (tracers stay traced).

    >>> import funcdiff.numpy as fnp
    >>> fnp.ascontiguousarray(2.0).shape
    (1,)
    """
    if not _traced(a):
        return np.ascontiguousarray(a, dtype, like=like)
    a = asarray(a, dtype)
    return P.reshape(a, new_shape=(1,)) if a.ndim == 0 else a


def asfortranarray(a, dtype=None, *, like=None):
    """``a`` as a Fortran-ordered array of rank >= 1; a traced ``a`` has no memory layout to
    change, so it is returned as ``asarray`` would (with the same values).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.asfortranarray(np.ones((2, 2))).flags.f_contiguous
    True
    """
    if not _traced(a):
        return np.asfortranarray(a, dtype, like=like)
    a = asarray(a, dtype)
    return P.reshape(a, new_shape=(1,)) if a.ndim == 0 else a


def asarray_chkfinite(a, dtype=None, order=None):
    """``a`` as an array, raising ValueError if it holds inf or NaN.

    The check needs the values: it works under grad/jvp and raises ConcretizationError under
    vmap/jit, where the values are unknown.

    >>> import funcdiff.numpy as fnp
    >>> fnp.asarray_chkfinite([1.0, 2.0])
    array([1., 2.])
    """
    if not _traced(a):
        return np.asarray_chkfinite(a, dtype, order)
    a = asarray(a, dtype, order)
    values = _concrete(a, "asarray_chkfinite")
    if values.dtype.kind in "fc" and not np.isfinite(values).all():
        raise ValueDomainError("fnp.asarray_chkfinite: the array must not contain infs or NaNs.")
    return a


def require(a, dtype=None, requirements=None, *, like=None):
    """``a`` as an array of ``dtype`` meeting the memory ``requirements``, as ``numpy.require``;
    for a traced ``a`` only ``dtype`` applies (tracers have no memory layout).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.require(np.arange(2), np.float32).dtype
    dtype('float32')
    """
    if not _traced(a):
        return np.require(a, dtype, requirements, like=like)
    return asarray(a, dtype)


# ----------------------------------------------------------------------------- windows
def bartlett(M):
    """The Bartlett (triangular) window of ``M`` points, as ``numpy.bartlett``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.bartlett(3)
    array([0., 1., 0.])
    """
    return np.bartlett(M)


def blackman(M):
    """The Blackman window of ``M`` points, as ``numpy.blackman``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.blackman(3).round(6)
    array([-0.,  1., -0.])
    """
    return np.blackman(M)


def hamming(M):
    """The Hamming window of ``M`` points, as ``numpy.hamming``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.hamming(3)
    array([0.08, 1.  , 0.08])
    """
    return np.hamming(M)


def hanning(M):
    """The Hann window of ``M`` points, as ``numpy.hanning``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.hanning(3)
    array([0., 1., 0.])
    """
    return np.hanning(M)


def kaiser(M, beta):
    """The Kaiser window of ``M`` points and shape ``beta``, as ``numpy.kaiser`` (constants).

    >>> import funcdiff.numpy as fnp
    >>> fnp.kaiser(3, 0.0)
    array([1., 1., 1.])
    """
    return np.kaiser(M, beta)


# ----------------------------------------------------------------------------- in place
def _writable(target, what, fix, *values):
    """Refuse writes into a tracer, or of traced values into a NumPy array."""
    if isinstance(target, Tracer):
        raise InPlaceUpdateError(
            f"fnp.{what} writes into its argument in place, but it is traced and arrays under "
            f"a transform are immutable. Use the functional update {fix} instead."
        )
    if _traced(*values):
        raise InPlaceUpdateError(
            f"fnp.{what} would write traced values into a NumPy array in place, which loses "
            f"their derivative. Use the functional update {fix} instead."
        )


def put(a, ind, v, mode="raise"):
    """Write ``v`` at the flat indices ``ind`` of the NumPy array ``a``, in place (NumPy's).

    Raises:
        InPlaceUpdateError: ``a`` or ``v`` is traced; use ``x.at[...]`` instead.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> a = np.zeros(3); fnp.put(a, [0, 2], 1.0); a
    array([1., 0., 1.])
    """
    _writable(a, "put", "x = x.ravel().at[ind].set(v).reshape(x.shape)", ind, v)
    return np.put(a, ind, v, mode)


def place(arr, mask, vals):
    """Write ``vals`` (cycled) where ``mask`` is true in the NumPy array ``arr``, in place.

    Raises:
        InPlaceUpdateError: ``arr`` or ``vals`` is traced; use ``x.at[mask].set(...)``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> a = np.zeros(3); fnp.place(a, a == 0, [1.0, 2.0]); a
    array([1., 2., 1.])
    """
    _writable(arr, "place", "x = x.at[mask].set(vals) (or fnp.where(mask, vals, x))", mask, vals)
    return np.place(arr, mask, vals)


def putmask(a, mask, values):
    """Set ``a[mask] = values`` (values cycled) in the NumPy array ``a``, in place.

    Raises:
        InPlaceUpdateError: ``a`` or ``values`` is traced; use ``fnp.where(mask, values, x)``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> a = np.arange(3.0); fnp.putmask(a, a > 0, 9.0); a
    array([0., 9., 9.])
    """
    _writable(a, "putmask", "x = fnp.where(mask, values, x) (or x.at[mask].set(...))", mask, values)
    return np.putmask(a, mask, values)


def copyto(dst, src, casting="same_kind", where=True):
    """Copy ``src`` into the NumPy array ``dst`` (where ``where`` holds), in place.

    Raises:
        InPlaceUpdateError: ``dst`` or ``src`` is traced; use ``fnp.where(where, src, dst)``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> a = np.zeros(2); fnp.copyto(a, [1.0, 2.0]); a
    array([1., 2.])
    """
    _writable(dst, "copyto", "x = fnp.where(where, src, x) (or x.at[...].set(src))", src, where)
    return np.copyto(dst, src, casting, where)


def fill_diagonal(a, val, wrap=False):
    """Write ``val`` on the main diagonal of the NumPy array ``a``, in place.

    Raises:
        InPlaceUpdateError: ``a`` or ``val`` is traced; use ``x.at[fnp.diag_indices_from(x)]``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> a = np.zeros((2, 2)); fnp.fill_diagonal(a, 1.0); a
    array([[1., 0.],
           [0., 1.]])
    """
    _writable(a, "fill_diagonal", "x = x.at[fnp.diag_indices_from(x)].set(val)", val)
    return np.fill_diagonal(a, val, wrap)


def put_along_axis(arr, indices, values, axis):
    """Write ``values`` at ``indices`` along ``axis`` of the NumPy array ``arr``, in place.

    Raises:
        InPlaceUpdateError: ``arr`` or ``values`` is traced; use ``x.at[...]`` with the
        index arrays of ``take_along_axis``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> a = np.zeros((1, 3)); fnp.put_along_axis(a, np.array([[2]]), 5.0, 1); a
    array([[0., 0., 5.]])
    """
    _writable(arr, "put_along_axis", "x = x.at[idx].set(values)", indices, values)
    return np.put_along_axis(arr, indices, values, axis)
