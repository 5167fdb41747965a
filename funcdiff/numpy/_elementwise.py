"""Elementwise arithmetic with NumPy's names, broadcasting and dtype rules (weak Python
scalars included); comparisons, logic, ``where`` and ``clip`` live in ``_compare``.
"""

from __future__ import annotations

from funcdiff.core import get_aval
from funcdiff.numpy._compare import *  # noqa: F403
from funcdiff.numpy._compare import __all__ as _compare_all
from funcdiff.primitives import binary as B
from funcdiff.primitives import binary_math as M


def add(x1, x2, /):
    """``x1 + x2`` elementwise, as ``numpy.add``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.add(1.0, 2.0))
    3.0
    """
    return B.add(x1, x2)


def subtract(x1, x2, /):
    """``x1 - x2`` elementwise, as ``numpy.subtract``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.subtract(3.0, 2.0))
    1.0
    """
    return B.sub(x1, x2)


def multiply(x1, x2, /):
    """``x1 * x2`` elementwise, as ``numpy.multiply``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.multiply(3.0, 2.0))
    6.0
    """
    return B.mul(x1, x2)


def divide(x1, x2, /):
    """``x1 / x2`` elementwise (true division; integers give float64), as ``numpy.divide``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.divide(3, 2))
    1.5
    """
    return B.div(x1, x2)


true_divide = divide


def floor_divide(x1, x2, /):
    """``x1 // x2``, the floor of the quotient, as ``numpy.floor_divide``; zero derivative.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.floor_divide(7.0, -2.0))
    -4.0
    """
    return M.floor_divide(x1, x2)


def remainder(x1, x2, /):
    """``x1 % x2`` with the sign of ``x2``, as ``numpy.remainder`` (alias ``mod``).

    Derivatives away from the jumps: 1 in ``x1`` and ``-floor(x1 / x2)`` in ``x2``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.remainder(7.0, -2.0))
    -1.0
    """
    return M.rem(x1, x2)


mod = remainder


def fmod(x1, x2, /):
    """C's remainder with the sign of ``x1``, as ``numpy.fmod``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.fmod(-7.0, 2.0))
    -1.0
    """
    return M.fmod(x1, x2)


def divmod(x1, x2, /):
    """``(x1 // x2, x1 % x2)``, as ``numpy.divmod``.

    >>> import funcdiff.numpy as fnp
    >>> [float(v) for v in fnp.divmod(7.0, 2.0)]
    [3.0, 1.0]
    """
    return M.floor_divide(x1, x2), M.rem(x1, x2)


def negative(x, /):
    """``-x`` elementwise, as ``numpy.negative``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.negative(2.0))
    -2.0
    """
    return B.neg(x)


def positive(x, /):
    """``+x`` (a copy), as ``numpy.positive``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.positive(2.0))
    2.0
    """
    return B.positive(x)


def power(x1, x2, /):
    """``x1 ** x2`` elementwise, as ``numpy.power`` (alias ``pow``).

    A Python int exponent is exact (``x ** 2`` is ``x * x``, fine for negative ``x``) and its
    derivative ``n x^(n-1)`` holds at ``x = 0``. The derivative in the exponent, ``x^y log x``,
    is 0 at ``x = 0``.

    Raises:
        ValueError: an integer base with a negative integer exponent, as NumPy.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> float(fd.grad(lambda x: fnp.power(x, 2))(0.0))
    0.0
    """
    if type(x2) is int:
        if x2 < 0 and get_aval(x1).dtype.kind in "biu":
            raise ValueError(
                f"Integers to negative integer powers are not allowed (power(x, {x2}) with an "
                f"integer x), as in NumPy. Use a float base, e.g. x.astype(float) ** {x2}."
            )
        return B.integer_pow(x1, y=x2)
    return B.power(x1, x2)


pow = power  # NumPy 2's alias


def float_power(x1, x2, /):
    """``x1 ** x2`` computed in float64 (or complex128), as ``numpy.float_power``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.float_power(2, 3))
    8.0
    """
    return B.power(_to_float64(x1), _to_float64(x2))


def _to_float64(x):
    if type(x) in (int, float, bool):
        return float(x)
    kind = get_aval(x).dtype.kind
    return x if kind == "c" else B.convert_element_type(x, new_dtype="float64")


def arctan2(x1, x2, /):
    """The angle of the point ``(x2, x1)`` in radians, as ``numpy.arctan2`` (alias ``atan2``).

    >>> import funcdiff.numpy as fnp
    >>> round(float(fnp.arctan2(1.0, 1.0)), 6)
    0.785398
    """
    return M.atan2(x1, x2)


atan2 = arctan2


def hypot(x1, x2, /):
    """``sqrt(x1**2 + x2**2)`` without overflow, as ``numpy.hypot``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.hypot(3.0, 4.0))
    5.0
    """
    return M.hypot(x1, x2)


def copysign(x1, x2, /):
    """The magnitude of ``x1`` with the sign of ``x2``, as ``numpy.copysign``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.copysign(2.0, -0.0))
    -2.0
    """
    return M.copysign(x1, x2)


def logaddexp(x1, x2, /):
    """``log(exp(x1) + exp(x2))`` without overflow, as ``numpy.logaddexp``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.logaddexp(0.0, 0.0))
    0.6931471805599453
    """
    return M.logaddexp(x1, x2)


def logaddexp2(x1, x2, /):
    """``log2(2**x1 + 2**x2)`` without overflow, as ``numpy.logaddexp2``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.logaddexp2(3.0, 3.0))
    4.0
    """
    return M.logaddexp2(x1, x2)


def heaviside(x1, x2, /):
    """The step function: 0 where ``x1 < 0``, 1 where ``x1 > 0``, ``x2`` where ``x1 == 0``.

    As ``numpy.heaviside``; its derivative is zero.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.heaviside(0.0, 0.5))
    0.5
    """
    return M.heaviside(x1, x2)


__all__ = [
    "add", "arctan2", "atan2", "copysign", "divide", "divmod", "float_power", "floor_divide",
    "fmod", "heaviside", "hypot", "logaddexp", "logaddexp2", "mod", "multiply", "negative",
    "positive", "pow", "power", "remainder", "subtract", "true_divide",
] + _compare_all  # fmt: skip
