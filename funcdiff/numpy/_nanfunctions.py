"""NaN-ignoring reductions with NumPy's names: nanmax, nanmin, nanprod, nanvar, nanstd,
nancumsum, nancumprod, nanargmax and nanargmin. NaN entries get a zero derivative.
"""

from __future__ import annotations

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import get_aval
from funcdiff.numpy import _reductions as red
from funcdiff.numpy._joining import as_operand
from funcdiff.numpy._statistics import _traced

__all__ = [
    "nanargmax", "nanargmin", "nancumprod", "nancumsum", "nanmax", "nanmin", "nanprod", "nanstd",
    "nanvar",
]  # fmt: skip


# NumPy's own "argument not given" marker, so plain calls can pass defaults on to NumPy.
_NO_VALUE = np._NoValue


def _given(x):
    return red._NO_VALUE if x is _NO_VALUE else x


# ----------------------------------------------------------------------------- NaN-aware reductions
def _nan_filled(a, fill):
    # NaN entries replaced by the reduction's identity; select gives them a zero derivative.
    a = as_operand(a)
    if a.dtype.kind not in "fc":
        return a, None
    isnan = P.ne(a, a)
    return P.select(isnan, P.convert_element_type(fill, new_dtype=a.dtype), a), isnan


def _nan_extremum(fn, fill, a, axis, out, keepdims, initial, where, name):
    if not _traced(a):
        return getattr(np, name)(a, axis, out, keepdims, initial, where)
    filled, isnan = _nan_filled(a, fill)
    result = fn(filled, axis, out, keepdims, _given(initial), where)
    if isnan is None:
        return result
    # An all-NaN slice is NaN, as NumPy.
    all_nan = red.all(isnan, axis, keepdims=keepdims, where=where)
    return P.select(all_nan, np.asarray(np.nan, get_aval(result).dtype), result)


def nanmax(a, axis=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Maximum ignoring NaN, as ``numpy.nanmax``; NaN entries get a zero derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nanmax(np.array([1.0, np.nan, 3.0])))
    3.0
    """
    return _nan_extremum(red.max, -np.inf, a, axis, out, keepdims, initial, where, "nanmax")


def nanmin(a, axis=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Minimum ignoring NaN, as ``numpy.nanmin``; NaN entries get a zero derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nanmin(np.array([1.0, np.nan, 3.0])))
    1.0
    """
    return _nan_extremum(red.min, np.inf, a, axis, out, keepdims, initial, where, "nanmin")


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE,
            where=True):  # fmt: skip
    """Product treating NaN as one, as ``numpy.nanprod``; NaN entries get a zero derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nanprod(np.array([2.0, np.nan, 3.0])))
    6.0
    """
    if not _traced(a):
        return np.nanprod(a, axis, dtype, out, keepdims, initial, where)
    return red.prod(_nan_filled(a, 1)[0], axis, dtype, out, keepdims, _given(initial), where)


def _valid_where(a, where):
    a = as_operand(a)
    if a.dtype.kind not in "fc":
        return a, where
    valid = P.eq(a, a)
    return a, valid if where is True else P.logical_and(valid, where)


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
           mean=_NO_VALUE, correction=_NO_VALUE):  # fmt: skip
    """Variance of the non-NaN entries, as ``numpy.nanvar``; NaN entries get zero derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nanvar(np.array([1.0, np.nan, 3.0])))
    1.0
    """
    if not _traced(a, _given(mean)):
        return np.nanvar(a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                         correction=correction)  # fmt: skip
    a, valid = _valid_where(a, where)
    return red.var(_nan_filled(a, 0)[0], axis, dtype, out, ddof, keepdims, where=valid,
                   mean=_given(mean), correction=_given(correction))  # fmt: skip


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
           mean=_NO_VALUE, correction=_NO_VALUE):  # fmt: skip
    """Standard deviation of the non-NaN entries, as ``numpy.nanstd``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nanstd(np.array([1.0, np.nan, 3.0])))
    1.0
    """
    if not _traced(a, _given(mean)):
        return np.nanstd(a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                         correction=correction)  # fmt: skip
    a, valid = _valid_where(a, where)
    return red.std(_nan_filled(a, 0)[0], axis, dtype, out, ddof, keepdims, where=valid,
                   mean=_given(mean), correction=_given(correction))  # fmt: skip


def nancumsum(a, axis=None, dtype=None, out=None):
    """Running sum treating NaN as zero, as ``numpy.nancumsum``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.nancumsum(np.array([1.0, np.nan, 2.0]))
    array([1., 1., 3.])
    """
    if not _traced(a):
        return np.nancumsum(a, axis, dtype, out)
    return red.cumsum(_nan_filled(a, 0)[0], axis, dtype, out)


def nancumprod(a, axis=None, dtype=None, out=None):
    """Running product treating NaN as one, as ``numpy.nancumprod``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.nancumprod(np.array([2.0, np.nan, 3.0]))
    array([2., 2., 6.])
    """
    if not _traced(a):
        return np.nancumprod(a, axis, dtype, out)
    return red.cumprod(_nan_filled(a, 1)[0], axis, dtype, out)


def nanargmax(a, axis=None, out=None, *, keepdims=False):
    """Index of the maximum ignoring NaN, as ``numpy.nanargmax``; no derivative.

    NumPy raises for an all-NaN slice; on values traced by vmap or jit such a slice gives 0.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> int(fnp.nanargmax(np.array([1.0, np.nan, 3.0])))
    2
    """
    if not _traced(a):
        return np.nanargmax(a, axis, out, keepdims=keepdims)
    return red.argmax(_nan_filled(a, -np.inf)[0], axis, out, keepdims=keepdims)


def nanargmin(a, axis=None, out=None, *, keepdims=False):
    """Index of the minimum ignoring NaN, as ``numpy.nanargmin``; no derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> int(fnp.nanargmin(np.array([1.0, np.nan, 3.0])))
    0
    """
    if not _traced(a):
        return np.nanargmin(a, axis, out, keepdims=keepdims)
    return red.argmin(_nan_filled(a, np.inf)[0], axis, out, keepdims=keepdims)
