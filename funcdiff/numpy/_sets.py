"""Unique values, set operations and membership with NumPy's names. Results whose shape
depends on values (unique, set operations) need concrete values: grad and jvp, not vmap or
jit; their float values stay differentiable, read from the inputs by gather.
"""

from __future__ import annotations

import builtins

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer, get_aval
from funcdiff.errors import ConcretizationError
from funcdiff.numpy import _reductions as red
from funcdiff.numpy._indexing import _concrete_or_none
from funcdiff.numpy._joining import as_operand, normalize_axis
from funcdiff.primitives.indexing import ARRAY, Index

__all__ = [
    "intersect1d", "isin", "setdiff1d", "setxor1d", "union1d", "unique", "unique_all",
    "unique_counts", "unique_inverse", "unique_values",
]  # fmt: skip


_FLAT = Index((ARRAY,))


def _traced(*xs):
    return builtins.any(isinstance(x, Tracer) for x in xs)


def _concrete(x, name):
    """The concrete value of ``x`` (the primal under grad/jvp), or a ConcretizationError."""
    value = _concrete_or_none(x)
    if value is None:
        raise ConcretizationError(
            f"fnp.{name} of a value traced by vmap or jit: its output shape (or, for "
            f"histogram, its bins) depends on the values. Call fnp.{name} outside vmap/jit, "
            "or under grad/jvp only, where the values are known."
        )
    return np.asarray(value)


def _flat(a):
    return P.reshape(a, new_shape=(get_aval(a).size,))


def _read(a, positions):
    """``ravel(a)[positions]``: concrete positions, a value differentiable in ``a``."""
    return P.gather(_flat(as_operand(a)), np.asarray(positions, np.intp), index=_FLAT)


def _fnp():
    import funcdiff.numpy as fnp

    return fnp


# ----------------------------------------------------------------------------- membership
def isin(element, test_elements, assume_unique=False, invert=False, *, kind=None):
    """Whether each entry of ``element`` occurs in ``test_elements``, as ``numpy.isin``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.isin(np.array([1.0, 2.0, 3.0]), np.array([3.0, 1.0]))
    array([ True, False,  True])
    """
    if not _traced(element, test_elements):
        return np.isin(element, test_elements, assume_unique, invert, kind=kind)
    element, test = as_operand(element), as_operand(test_elements)
    hits = P.eq(P.reshape(element, new_shape=element.shape + (1,)), _flat(test))
    found = red.any(hits, axis=-1)
    return P.logical_not(found) if invert else found


# ----------------------------------------------------------------------------- unique
def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True, sorted=True):  # fmt: skip
    """Sorted unique values (and optional indices/counts), as ``numpy.unique``.

    Concrete values only (grad/jvp, not vmap/jit); the values are differentiable, each
    reading the first occurrence in ``ar``.

    Raises:
        ConcretizationError: ``ar`` is traced by vmap or jit.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique(np.array([3.0, 1.0, 3.0]), return_counts=True)
    (array([1., 3.]), array([1, 2]))
    """
    if not _traced(ar):
        return np.unique(ar, return_index, return_inverse, return_counts, axis,
                         equal_nan=equal_nan, sorted=sorted)  # fmt: skip
    ar = as_operand(ar)
    res = np.unique(_concrete(ar, "unique"), True, return_inverse, return_counts, axis,
                    equal_nan=equal_nan, sorted=sorted)  # fmt: skip
    if axis is None:
        values = _read(ar, res[1])
    else:
        axis = normalize_axis(axis, ar.ndim, "fnp.unique")
        values = _getitem(ar, (slice(None),) * axis + (res[1],))
    rest = [r for r, keep in zip(res[1:], (return_index, return_inverse, return_counts)) if keep]
    return (values, *rest) if rest else values


def _getitem(x, idx):
    from funcdiff.numpy._indexing import _getitem as getitem

    return getitem(x, idx)


def _first_positions(flat, values):
    """Where each of ``values`` first occurs in the 1-D ``flat`` (NaNs in turn)."""
    u, first = np.unique(flat, return_index=True, equal_nan=False)
    positions = np.empty(values.shape, np.intp)
    nan = np.isnan(values) if values.dtype.kind in "fc" else np.zeros(values.shape, bool)
    numbers = u[~np.isnan(u)] if u.dtype.kind in "fc" else u
    positions[~nan] = first[: numbers.size][np.searchsorted(numbers, values[~nan])]
    positions[nan] = np.flatnonzero(np.isnan(flat))[: int(nan.sum())]
    return positions


def _unique_api(name, x):
    x = as_operand(x)
    flat_c = _concrete(x, name).ravel()
    res = getattr(np, name)(flat_c if name == "unique_values" else _concrete(x, name))
    values = res if name == "unique_values" else res.values
    if name == "unique_all":
        positions = res.indices
    else:
        positions = _first_positions(flat_c, values.ravel())
    traced = P.reshape(_read(x, positions.ravel()), new_shape=values.shape)
    return traced if name == "unique_values" else res._replace(values=traced)


def unique_values(x):
    """Unique values of ``x``, as ``numpy.unique_values`` (concrete values only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique_values(np.array([2.0, 1.0, 2.0]))
    array([1., 2.])
    """
    return np.unique_values(x) if not _traced(x) else _unique_api("unique_values", x)


def unique_counts(x):
    """``(values, counts)`` as ``numpy.unique_counts`` (concrete values only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique_counts(np.array([2.0, 1.0, 2.0])).counts
    array([1, 2])
    """
    return np.unique_counts(x) if not _traced(x) else _unique_api("unique_counts", x)


def unique_inverse(x):
    """``(values, inverse_indices)`` as ``numpy.unique_inverse`` (concrete values only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique_inverse(np.array([2.0, 1.0, 2.0])).inverse_indices
    array([1, 0, 1])
    """
    return np.unique_inverse(x) if not _traced(x) else _unique_api("unique_inverse", x)


def unique_all(x):
    """``(values, indices, inverse_indices, counts)`` as ``numpy.unique_all`` (concrete only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.unique_all(np.array([2.0, 1.0, 2.0])).indices
    array([1, 0])
    """
    return np.unique_all(x) if not _traced(x) else _unique_api("unique_all", x)


# ----------------------------------------------------------------------------- set operations
def intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    """Sorted values in both arrays, as ``numpy.intersect1d`` (concrete values only).

    The values are read from ``ar1``, so only ``ar1`` receives their derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.intersect1d(np.array([3.0, 1.0, 2.0]), np.array([2.0, 3.0, 5.0]))
    array([2., 3.])
    """
    if not _traced(ar1, ar2):
        return np.intersect1d(ar1, ar2, assume_unique, return_indices)
    c1, c2 = _concrete(ar1, "intersect1d"), _concrete(ar2, "intersect1d")
    _, i1, i2 = np.intersect1d(c1, c2, assume_unique, return_indices=True)
    values = P.convert_element_type(_read(ar1, i1), new_dtype=np.result_type(c1, c2))
    return (values, i1, i2) if return_indices else values


def union1d(ar1, ar2):
    """Sorted unique values in either array, as ``numpy.union1d`` (concrete values only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.union1d(np.array([3.0, 1.0]), np.array([1.0, 2.0]))
    array([1., 2., 3.])
    """
    if not _traced(ar1, ar2):
        return np.union1d(ar1, ar2)
    both = _fnp().concatenate((_flat(as_operand(ar1)), _flat(as_operand(ar2))))
    return unique(both)


def setdiff1d(ar1, ar2, assume_unique=False):
    """Unique values of ``ar1`` not in ``ar2``, as ``numpy.setdiff1d`` (concrete only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.setdiff1d(np.array([3.0, 1.0, 2.0]), np.array([2.0]))
    array([1., 3.])
    """
    if not _traced(ar1, ar2):
        return np.setdiff1d(ar1, ar2, assume_unique)
    c1, c2 = _concrete(ar1, "setdiff1d").ravel(), _concrete(ar2, "setdiff1d")
    if assume_unique:
        positions = np.flatnonzero(~np.isin(c1, c2))
    else:
        u, first = np.unique(c1, return_index=True)
        positions = first[~np.isin(u, c2)]
    return _read(ar1, positions)


def setxor1d(ar1, ar2, assume_unique=False):
    """Sorted values in exactly one of the arrays, as ``numpy.setxor1d`` (concrete only).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.setxor1d(np.array([3.0, 1.0, 2.0]), np.array([2.0, 4.0]))
    array([1., 3., 4.])
    """
    if not _traced(ar1, ar2):
        return np.setxor1d(ar1, ar2, assume_unique)
    c1, c2 = _concrete(ar1, "setxor1d").ravel(), _concrete(ar2, "setxor1d").ravel()
    p1 = np.arange(c1.size) if assume_unique else np.unique(c1, return_index=True)[1]
    p2 = np.arange(c2.size) if assume_unique else np.unique(c2, return_index=True)[1]
    candidates = np.concatenate((p1, p2 + c1.size))
    values = np.concatenate((c1, c2))[candidates]
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    fresh = np.concatenate(([True], ranked[1:] != ranked[:-1], [True]))
    both = _fnp().concatenate((_flat(as_operand(ar1)), _flat(as_operand(ar2))))
    return _read(both, candidates[order][fresh[1:] & fresh[:-1]])
