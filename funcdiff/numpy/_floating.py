"""Floating-point and integer elementwise functions with NumPy's names: exponent and mantissa,
ulps, complex-ness predicates, angle, i0, gcd/lcm and bit shifts.
"""

from __future__ import annotations

import math

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer, get_aval
from funcdiff.dtypes import float_dtype_for
from funcdiff.errors import DtypeError
from funcdiff.numpy._rounding import _no_out

__all__ = ["ldexp", "frexp", "modf", "nextafter", "spacing", "angle", "isreal", "iscomplex",
           "isrealobj", "iscomplexobj", "isneginf", "isposinf", "i0", "gcd", "lcm", "left_shift",
           "right_shift", "bitwise_left_shift", "bitwise_right_shift", "bitwise_count"]  # fmt: skip


def ldexp(x1, x2, /):
    """``x1 * 2**x2`` exactly (``x2`` integer), as ``numpy.ldexp``; linear in ``x1``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.ldexp(1.5, 3))
    12.0
    """
    return P.ldexp(x1, x2)


def frexp(x, /):
    """Mantissa in [0.5, 1) and int32 exponent with ``x = m * 2**e``, as ``numpy.frexp``.

    The mantissa is differentiable (``dm/dx = 2**-e``); the exponent is not.

    >>> import funcdiff.numpy as fnp
    >>> m, e = fnp.frexp(12.0)
    >>> float(m), int(e)
    (0.75, 4)
    """
    if not isinstance(x, Tracer):
        return np.frexp(x)
    exponent = P.frexp_exponent(x)
    return P.ldexp(x, P.neg(exponent)), exponent  # exact: a power-of-two scaling


def modf(x, /):
    """Fractional and integral parts, both with the sign of ``x``, as ``numpy.modf``.

    The fractional part has derivative 1 (away from the integers), the integral part 0.

    >>> import funcdiff.numpy as fnp
    >>> [float(p) for p in fnp.modf(-2.5)]
    [-0.5, -2.0]
    """
    if not isinstance(x, Tracer):
        return np.modf(x)
    dtype = float_dtype_for(get_aval(x).dtype)
    if get_aval(x).dtype != dtype:
        x = P.convert_element_type(x, new_dtype=dtype)
    whole = P.trunc(x)
    # x - trunc(x) is exact; inf gives 0 (not inf - inf), and copysign restores -0.0.
    finite = P.select(P.isinf(x), 0.0, x)
    return P.copysign(P.sub(finite, P.trunc(finite)), x), whole


def nextafter(x1, x2, /):
    """The next float after ``x1`` towards ``x2``, as ``numpy.nextafter``.

    Its derivative is 1 in ``x1`` (it is ``x1`` moved by one ulp) and 0 in ``x2``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.nextafter(1.0, 2.0)) - 1.0 == 2.0**-52
    True
    """
    return P.nextafter(x1, x2)


def spacing(x, /):
    """The distance from ``x`` to the next float away from 0 (one ulp), as ``numpy.spacing``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.spacing(1.0)) == 2.0**-52
    True
    """
    return P.spacing(x)


def angle(z, deg=False):
    """The argument of ``z`` (radians, or degrees with ``deg=True``), as ``numpy.angle``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.angle(1j, deg=True))
    90.0
    """
    if get_aval(z).dtype.kind == "c":
        out = P.atan2(P.imag(z), P.real(z))
    else:
        out = P.atan2(0, z)  # NumPy's own formula: 0 or pi for real input
    return P.mul(out, 180 / math.pi) if deg else out


def isreal(x):
    """True where the imaginary part is 0 (everywhere for real input), as ``numpy.isreal``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.isreal(np.array([1 + 1j, 2 + 0j])).tolist()
    [False, True]
    """
    return P.eq(P.imag(x), 0)


def iscomplex(x):
    """True where the imaginary part is nonzero (nowhere for real input), as
    ``numpy.iscomplex``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.iscomplex(np.array([1 + 1j, 2 + 0j])).tolist()
    [True, False]
    """
    aval = get_aval(x)
    if aval.dtype.kind == "c":
        return P.ne(P.imag(x), 0)
    return np.zeros(aval.shape, bool)[()]


def isrealobj(x):
    """True unless ``x`` has a complex dtype (a traced ``x`` by its dtype), as
    ``numpy.isrealobj``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.isrealobj(1.0), fnp.isrealobj(1j)
    (True, False)
    """
    return not iscomplexobj(x)


def iscomplexobj(x):
    """True if ``x`` has a complex dtype (a traced ``x`` by its dtype), as
    ``numpy.iscomplexobj``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.iscomplexobj(np.zeros(2, complex))
    True
    """
    return np.iscomplexobj(x)  # reads x.dtype, which tracers have


def _check_real(name, x):
    if get_aval(x).dtype.kind == "c":
        raise DtypeError(
            f"fnp.{name} is not defined for complex values (got {get_aval(x).str_short()}), "
            "as in NumPy; pass fnp.real(x) or fnp.abs(x)."
        )


def isneginf(x, out=None):
    """True where ``x`` is -inf, as ``numpy.isneginf``.

    Raises:
        DtypeError: for complex ``x``.
        InPlaceUpdateError: ``out`` was given.

    >>> import funcdiff.numpy as fnp
    >>> fnp.isneginf(np.array([-np.inf, np.inf, 1.0])).tolist()
    [True, False, False]
    """
    _no_out("isneginf", out)
    _check_real("isneginf", x)
    return P.logical_and(P.isinf(x), P.signbit(x))


def isposinf(x, out=None):
    """True where ``x`` is +inf, as ``numpy.isposinf``.

    Raises:
        DtypeError: for complex ``x``.
        InPlaceUpdateError: ``out`` was given.

    >>> import funcdiff.numpy as fnp
    >>> fnp.isposinf(np.array([-np.inf, np.inf, 1.0])).tolist()
    [False, True, False]
    """
    _no_out("isposinf", out)
    _check_real("isposinf", x)
    return P.logical_and(P.isinf(x), P.logical_not(P.signbit(x)))


def i0(x):
    """The modified Bessel function of the first kind, order 0, as ``numpy.i0``.

    Its derivative is ``scipy.special.i1``. Within 8 ulps; ``i0(+-inf)`` is ``inf`` where
    NumPy's formula gives nan.

    Raises:
        DtypeError: for complex ``x``, as NumPy.

    >>> import funcdiff.numpy as fnp
    >>> round(float(fnp.i0(1.0)), 12)
    1.266065877752
    """
    _check_real("i0", x)
    out = P.i0(x)
    return out if isinstance(out, Tracer) else np.asarray(out)  # NumPy returns arrays


def gcd(x1, x2, /):
    """The greatest common divisor of integers, as ``numpy.gcd``; no derivative.

    >>> import funcdiff.numpy as fnp
    >>> int(fnp.gcd(12, 18))
    6
    """
    return P.gcd(x1, x2)


def lcm(x1, x2, /):
    """The least common multiple of integers, as ``numpy.lcm``; no derivative.

    >>> import funcdiff.numpy as fnp
    >>> int(fnp.lcm(4, 6))
    12
    """
    return P.lcm(x1, x2)


def left_shift(x1, x2, /):
    """``x1 << x2`` on integers, as ``numpy.left_shift`` (alias ``bitwise_left_shift``).

    >>> import funcdiff.numpy as fnp
    >>> int(fnp.left_shift(5, 2))
    20
    """
    return P.left_shift(x1, x2)


def right_shift(x1, x2, /):
    """``x1 >> x2`` on integers, as ``numpy.right_shift`` (alias ``bitwise_right_shift``).

    >>> import funcdiff.numpy as fnp
    >>> int(fnp.right_shift(20, 2))
    5
    """
    return P.right_shift(x1, x2)


bitwise_left_shift = left_shift
bitwise_right_shift = right_shift


def bitwise_count(x, /):
    """The number of 1 bits in ``|x|`` (uint8), as ``numpy.bitwise_count``.

    >>> import funcdiff.numpy as fnp
    >>> int(fnp.bitwise_count(7))
    3
    """
    return P.bitwise_count(x)
