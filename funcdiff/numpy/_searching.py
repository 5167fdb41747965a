"""Searching, sorting and comparing with NumPy's names: searchsorted, digitize, lexsort,
partition, sort_complex, isclose and the whole-array equality tests.
"""

from __future__ import annotations

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer
from funcdiff.errors import OptionError, ShapeError, ValueDomainError
from funcdiff.numpy import _reductions as red
from funcdiff.numpy._indexing import _concrete_or_none, argsort, sort, take_along_axis
from funcdiff.numpy._joining import as_operand, normalize_axis
from funcdiff.numpy._sets import _FLAT, _flat, _traced

__all__ = [
    "allclose", "argpartition", "array_equal", "array_equiv", "digitize", "isclose", "lexsort",
    "partition", "searchsorted", "sort_complex",
]  # fmt: skip


# ----------------------------------------------------------------------------- searching
def searchsorted(a, v, side="left", sorter=None):
    """Insertion points of ``v`` into the sorted 1-D ``a``, as ``numpy.searchsorted``.

    Integer output, no derivative; ``a`` and ``v`` may both be traced (vmap batches rows).

    Raises:
        OptionError: ``side`` is not 'left' or 'right'. ShapeError: ``a`` is not 1-D.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.searchsorted(np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.5]), side="right")
    array([2, 2])
    """
    if not _traced(a, v, sorter):
        return np.searchsorted(a, v, side, sorter)
    if side not in ("left", "right"):
        raise OptionError(f"fnp.searchsorted: side must be 'left' or 'right', got {side!r}")
    a = as_operand(a)
    if a.ndim != 1:
        raise ShapeError(f"fnp.searchsorted: a must be 1-D, got shape {a.shape}")
    if sorter is not None:
        a = P.gather(a, as_operand(sorter), index=_FLAT)
    return P.searchsorted(a, as_operand(v), side=side)


def digitize(x, bins, right=False):
    """Index of the bin of ``bins`` each ``x`` falls in, as ``numpy.digitize``; no derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.digitize(np.array([0.5, 1.5, 3.0]), np.array([1.0, 2.0]))
    array([0, 1, 2])
    """
    if not _traced(x, bins):
        return np.digitize(x, bins, right)
    x, bins = as_operand(x), as_operand(bins)
    side = "left" if right else "right"
    up = P.searchsorted(bins, x, side=side)
    down = P.sub(bins.shape[0], P.searchsorted(bins[::-1], x, side=side))
    concrete = _concrete_or_none(bins)
    if concrete is not None and not isinstance(concrete, Tracer):
        diffs = np.diff(concrete)
        if not (np.all(diffs >= 0) or np.all(diffs <= 0)):
            raise ValueDomainError("fnp.digitize: bins must be monotonically increasing or "
                                   "decreasing")  # fmt: skip
        steps = diffs[diffs != 0]
        return down if steps.size and steps[0] < 0 else up
    return P.select(P.ge(bins[-1], bins[0]), up, down)  # direction from the traced ends


# ----------------------------------------------------------------------------- comparisons
def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise ``|a - b| <= atol + rtol |b|`` (or equal), as ``numpy.isclose``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.isclose(np.array([1.0, 2.0]), np.array([1.0 + 1e-9, 2.1]))
    array([ True, False])
    """
    if not _traced(a, b, rtol, atol):
        return np.isclose(a, b, rtol, atol, equal_nan)
    x, y = as_operand(a), as_operand(b)
    if y.dtype.kind in "biu":
        y = P.convert_element_type(y, new_dtype=np.result_type(y.dtype, 1.0))
    close = P.le(P.abs(P.sub(x, y)), P.add(atol, P.mul(rtol, P.abs(y))))
    result = P.logical_or(P.logical_and(close, P.isfinite(y)), P.eq(x, y))
    if equal_nan:
        result = P.logical_or(result, P.logical_and(P.ne(x, x), P.ne(y, y)))
    return result


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every pair is ``isclose``, as ``numpy.allclose``.

    A Python bool on concrete values, a 0-d bool array when traced.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.allclose(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]))
    True
    """
    if not _traced(a, b, rtol, atol):
        return np.allclose(a, b, rtol, atol, equal_nan)
    return red.all(isclose(a, b, rtol, atol, equal_nan))


def array_equal(a1, a2, equal_nan=False):
    """Whether ``a1`` and ``a2`` have the same shape and entries, as ``numpy.array_equal``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.array_equal(np.array([1.0, np.nan]), np.array([1.0, np.nan]), equal_nan=True)
    True
    """
    if not _traced(a1, a2):
        return np.array_equal(a1, a2, equal_nan)
    a1, a2 = as_operand(a1), as_operand(a2)
    if a1.shape != a2.shape:
        return False
    return red.all(_equal(a1, a2, equal_nan))


def _equal(a1, a2, equal_nan):
    same = P.eq(a1, a2)
    if equal_nan and (a1.dtype.kind in "fc" or a2.dtype.kind in "fc"):
        same = P.logical_or(same, P.logical_and(P.ne(a1, a1), P.ne(a2, a2)))
    return same


def array_equiv(a1, a2):
    """Whether ``a1`` and ``a2`` are equal after broadcasting, as ``numpy.array_equiv``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.array_equiv(np.array([1.0, 2.0]), np.array([[1.0, 2.0], [1.0, 2.0]]))
    True
    """
    if not _traced(a1, a2):
        return np.array_equiv(a1, a2)
    a1, a2 = as_operand(a1), as_operand(a2)
    try:
        np.broadcast_shapes(a1.shape, a2.shape)
    except ValueError:
        return False
    return red.all(_equal(a1, a2, False))


# ----------------------------------------------------------------------------- sorting
def lexsort(keys, axis=-1):
    """Indices sorting by several keys, the last one primary, as ``numpy.lexsort``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.lexsort((np.array([2.0, 1.0, 0.0]), np.array([1.0, 0.0, 1.0])))
    array([1, 2, 0])
    """
    if not _traced(keys) and not (isinstance(keys, (tuple, list)) and _traced(*keys)):
        return np.lexsort(keys, axis)
    keys = [as_operand(k) for k in keys]
    # Stable sorts from the least significant key up leave ties in the order of the keys
    # sorted before, which is the lexicographic order.
    order = None
    for key in keys:
        if order is not None:
            key = take_along_axis(key, order, axis=axis)
        step = argsort(key, axis=axis, kind="stable")
        order = step if order is None else take_along_axis(order, step, axis=axis)
    return order


def _kth(kth, n, name):
    kth = np.atleast_1d(np.asarray(kth))
    if kth.dtype.kind not in "iu":
        raise TypeError(f"fnp.{name}: kth must be an integer or a sequence of integers")
    if np.any((kth >= n) | (kth < -n)):
        raise ValueDomainError(f"fnp.{name}: kth {kth.tolist()} out of bounds ({n})")


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """``a`` partitioned around the ``kth`` order statistics, as ``numpy.partition``.

    On traced values the result is fully sorted along ``axis``, which is one valid
    partition (NumPy leaves the order inside each side unspecified); ``result[kth]`` is
    always NumPy's. The derivative follows the entries, as for ``sort``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.partition(np.array([3.0, 1.0, 2.0, 0.0]), 2)[2])
    2.0
    """
    if not _traced(a):
        return np.partition(a, kth, axis, kind, order)
    a = as_operand(a)
    if axis is None:
        a, axis = _flat(a), 0
    _kth(kth, a.shape[normalize_axis(axis, a.ndim, "fnp.partition")], "partition")
    return sort(a, axis=axis)


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    """Indices that partition ``a`` around ``kth``, as ``numpy.argpartition``; no derivative.

    On traced values these are the (stable) sorting indices, one valid partition.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> int(fnp.argpartition(np.array([3.0, 1.0, 2.0, 0.0]), 1)[1])
    1
    """
    if not _traced(a):
        return np.argpartition(a, kth, axis, kind, order)
    a = as_operand(a)
    if axis is None:
        a, axis = _flat(a), 0
    _kth(kth, a.shape[normalize_axis(axis, a.ndim, "fnp.argpartition")], "argpartition")
    return argsort(a, axis=axis, kind="stable")


def sort_complex(a):
    """``a`` sorted by real then imaginary part, as complex, as ``numpy.sort_complex``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.sort_complex(np.array([2.0, 1.0]))
    array([1.+0.j, 2.+0.j])
    """
    if not _traced(a):
        return np.sort_complex(a)
    a = sort(as_operand(a), axis=-1)
    if a.dtype.kind == "c":
        return a
    return P.convert_element_type(a, new_dtype=np.complex64 if a.dtype.char in "bhBH" else
                                  np.complex128)  # fmt: skip
