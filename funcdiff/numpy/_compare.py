"""Comparisons, logic, bitwise ops, maximum/minimum, ``where`` and ``clip`` with NumPy's names
and semantics; comparisons and logic return bool arrays with no derivative.
"""

from __future__ import annotations

from funcdiff.errors import InPlaceUpdateError
from funcdiff.primitives import binary as B
from funcdiff.primitives import compare as C

_NO_VALUE = object()


def equal(x1, x2, /):
    """``x1 == x2`` elementwise (bool), as ``numpy.equal``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.equal([1.0, 2.0], 2.0).tolist()
    [False, True]
    """
    return C.eq(x1, x2)


def not_equal(x1, x2, /):
    """``x1 != x2`` elementwise (bool), as ``numpy.not_equal``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.not_equal([1.0, 2.0], 2.0).tolist()
    [True, False]
    """
    return C.ne(x1, x2)


def less(x1, x2, /):
    """``x1 < x2`` elementwise (bool), as ``numpy.less``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.less([1.0, 2.0], 2.0).tolist()
    [True, False]
    """
    return C.lt(x1, x2)


def less_equal(x1, x2, /):
    """``x1 <= x2`` elementwise (bool), as ``numpy.less_equal``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.less_equal([1.0, 2.0], 2.0).tolist()
    [True, True]
    """
    return C.le(x1, x2)


def greater(x1, x2, /):
    """``x1 > x2`` elementwise (bool), as ``numpy.greater``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.greater([1.0, 3.0], 2.0).tolist()
    [False, True]
    """
    return C.gt(x1, x2)


def greater_equal(x1, x2, /):
    """``x1 >= x2`` elementwise (bool), as ``numpy.greater_equal``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.greater_equal([1.0, 2.0], 2.0).tolist()
    [False, True]
    """
    return C.ge(x1, x2)


def logical_and(x1, x2, /):
    """Elementwise truth of ``x1 and x2`` (bool), as ``numpy.logical_and``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.logical_and([0.0, 2.0], 1.0).tolist()
    [False, True]
    """
    return C.logical_and(x1, x2)


def logical_or(x1, x2, /):
    """Elementwise truth of ``x1 or x2`` (bool), as ``numpy.logical_or``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.logical_or([0.0, 2.0], 0.0).tolist()
    [False, True]
    """
    return C.logical_or(x1, x2)


def logical_xor(x1, x2, /):
    """Elementwise truth of exactly one of ``x1``, ``x2`` (bool), as ``numpy.logical_xor``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.logical_xor([0.0, 2.0], 1.0).tolist()
    [True, False]
    """
    return C.logical_xor(x1, x2)


def logical_not(x, /):
    """Elementwise truth of ``not x`` (bool), as ``numpy.logical_not``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.logical_not([0.0, 2.0]).tolist()
    [True, False]
    """
    return C.logical_not(x)


def bitwise_and(x1, x2, /):
    """``x1 & x2`` on bools and integers, as ``numpy.bitwise_and`` (the ``&`` operator).

    >>> import funcdiff.numpy as fnp
    >>> int(fnp.bitwise_and(12, 10))
    8
    """
    return C.bitwise_and(x1, x2)


def bitwise_or(x1, x2, /):
    """``x1 | x2`` on bools and integers, as ``numpy.bitwise_or`` (the ``|`` operator).

    >>> import funcdiff.numpy as fnp
    >>> int(fnp.bitwise_or(12, 10))
    14
    """
    return C.bitwise_or(x1, x2)


def bitwise_xor(x1, x2, /):
    """``x1 ^ x2`` on bools and integers, as ``numpy.bitwise_xor`` (the ``^`` operator).

    >>> import funcdiff.numpy as fnp
    >>> int(fnp.bitwise_xor(12, 10))
    6
    """
    return C.bitwise_xor(x1, x2)


def invert(x, /):
    """``~x`` on bools and integers, as ``numpy.invert`` (aliases ``bitwise_not``,
    ``bitwise_invert``).

    >>> import funcdiff.numpy as fnp
    >>> fnp.invert([True, False]).tolist()
    [False, True]
    """
    return C.bitwise_not(x)


bitwise_not = bitwise_invert = invert


def maximum(x1, x2, /):
    """The elementwise maximum, propagating NaN, as ``numpy.maximum``.

    The larger operand takes the whole derivative; at a tie each takes half, as in JAX.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> float(fd.grad(lambda x: fnp.maximum(x, 1.0))(1.0))
    0.5
    """
    return C.maximum(x1, x2)


def minimum(x1, x2, /):
    """The elementwise minimum, propagating NaN, as ``numpy.minimum``; ties split the
    derivative half and half.

    >>> import funcdiff.numpy as fnp
    >>> fnp.minimum([1.0, 3.0], 2.0).tolist()
    [1.0, 2.0]
    """
    return C.minimum(x1, x2)


def fmax(x1, x2, /):
    """The elementwise maximum ignoring NaN, as ``numpy.fmax``; ties split the derivative.

    >>> import funcdiff.numpy as fnp
    >>> fnp.fmax([1.0, float("nan")], 2.0).tolist()
    [2.0, 2.0]
    """
    return C.fmax(x1, x2)


def fmin(x1, x2, /):
    """The elementwise minimum ignoring NaN, as ``numpy.fmin``; ties split the derivative.

    >>> import funcdiff.numpy as fnp
    >>> fnp.fmin([1.0, float("nan")], 2.0).tolist()
    [1.0, 2.0]
    """
    return C.fmin(x1, x2)


def where(condition, x=_NO_VALUE, y=_NO_VALUE, /):
    """``x`` where ``condition`` holds, else ``y``, as ``numpy.where``; NaN-safe.

    The branch not taken contributes an exact zero to derivatives under every transform,
    even where its own derivative is inf or nan. ``where(condition)`` is ``nonzero``.

    Raises:
        ValueError: only one of ``x`` and ``y`` is given.

    >>> import numpy as np, funcdiff as fd, funcdiff.numpy as fnp
    >>> with np.errstate(divide="ignore"):  # the slope of x ** 0.5 at 0 is inf
    ...     float(fd.grad(lambda x: fnp.where(x > 0, x**0.5, 0.0))(0.0))
    0.0
    """
    if x is _NO_VALUE and y is _NO_VALUE:
        from funcdiff import numpy as fnp

        return fnp.nonzero(condition)
    if x is _NO_VALUE or y is _NO_VALUE:
        raise ValueError(
            "fnp.where: either both or neither of x and y should be given; "
            "use fnp.where(condition, x, y) or fnp.nonzero(condition)."
        )
    return B.select(condition, x, y)


def clip(a, a_min=_NO_VALUE, a_max=_NO_VALUE, out=None, *, min=_NO_VALUE, max=_NO_VALUE):
    """``a`` limited to ``[a_min, a_max]``, as ``numpy.clip`` (``min=``/``max=`` also work).

    Args:
        a: the array to clip.
        a_min, a_max: bounds (arrays broadcast against ``a``, Python scalars, or None for
            no bound); derivatives flow to them where they are the result.
        out: not supported; funcdiff results are new arrays.

    Returns:
        ``minimum(maximum(a, a_min), a_max)``: derivative 1 inside the bounds, 0 outside,
        1/2 exactly on a bound.

    >>> import funcdiff.numpy as fnp
    >>> fnp.clip([-1.0, 0.5, 2.0], 0.0, 1.0).tolist()
    [0.0, 0.5, 1.0]
    """
    lo = _bound(a_min, min, "a_min", "min")
    hi = _bound(a_max, max, "a_max", "max")
    if out is not None:
        raise InPlaceUpdateError(
            "fnp.clip does not write into out=: funcdiff arrays are immutable. "
            "Drop out= and use the returned array."
        )
    result = a if lo is None else C.maximum(a, lo)
    result = result if hi is None else C.minimum(result, hi)
    return B.positive(a) if result is a else result


def _bound(positional, keyword, pos_name, kw_name):
    if positional is not _NO_VALUE and keyword is not _NO_VALUE:
        raise TypeError(f"fnp.clip got both {pos_name} and {kw_name}=; pass the bound only once.")
    value = keyword if positional is _NO_VALUE else positional
    return None if value is _NO_VALUE else value


__all__ = [
    "bitwise_and", "bitwise_invert", "bitwise_not", "bitwise_or", "bitwise_xor", "clip",
    "equal", "fmax", "fmin", "greater", "greater_equal", "invert", "less", "less_equal",
    "logical_and", "logical_not", "logical_or", "logical_xor", "maximum", "minimum",
    "not_equal", "where",
]  # fmt: skip
