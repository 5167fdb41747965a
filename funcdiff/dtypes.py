"""NumPy's dtype rules for funcdiff: result types with weak Python scalars, float checks."""

from __future__ import annotations

import numpy as np

_WEAK_STANDINS = {
    np.dtype(np.float64): 0.0,
    np.dtype(np.int64): 0,
    np.dtype(np.bool_): False,
    np.dtype(np.complex128): 0j,
}
_result_cache: dict = {}


def result_type(*avals) -> np.dtype:
    """NumPy's result dtype for operands with these abstract values (NEP 50 weak scalars).

    >>> from funcdiff.core import ShapedArray
    >>> result_type(ShapedArray((), np.float32), ShapedArray((), np.float64, weak_type=True))
    dtype('float32')
    """
    if len(avals) == 2:
        a, b = avals
        if a.dtype == b.dtype:
            return a.dtype  # same dtype: nothing to promote, weak or not
        key = (a.dtype, a.weak_type, b.dtype, b.weak_type)
    else:
        key = tuple(x for a in avals for x in (a.dtype, a.weak_type))
    out = _result_cache.get(key)
    if out is None:
        operands = [_WEAK_STANDINS[d] if w else d for d, w in zip(key[::2], key[1::2])]
        out = _result_cache[key] = np.result_type(*operands)
    return out


def is_float(dtype) -> bool:
    """True for real and complex floating dtypes (the ones with tangents).

    >>> is_float(np.dtype("float32")), is_float(np.dtype("int64"))
    (True, False)
    """
    return dtype.kind in "fc"


def float_dtype_for(dtype) -> np.dtype:
    """The float dtype NumPy computes in for ``dtype`` (ints and bools go to float64).

    >>> float_dtype_for(np.dtype("int32"))
    dtype('float64')
    """
    dtype = np.dtype(dtype)
    return dtype if dtype.kind in "fc" else np.dtype(np.float64)
