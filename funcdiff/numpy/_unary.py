"""Unary elementwise math with NumPy's names and dtype rules: exponentials, logs, roots and
trigonometry here; magnitude, rounding, predicates and complex parts in ``_rounding``.
"""

from __future__ import annotations

from funcdiff.numpy._rounding import *  # noqa: F403
from funcdiff.numpy._rounding import __all__ as _rounding_all
from funcdiff.primitives import unary as U


# ----------------------------------------------------------------------------- exp and log
def exp(x, /):
    """``e ** x`` elementwise, as ``numpy.exp``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.exp(0.0))
    1.0
    """
    return U.exp(x)


def exp2(x, /):
    """``2 ** x`` elementwise, as ``numpy.exp2``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.exp2(3.0))
    8.0
    """
    return U.exp2(x)


def expm1(x, /):
    """``exp(x) - 1``, accurate for small ``x``, as ``numpy.expm1``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.expm1(1e-10))
    1.00000000005e-10
    """
    return U.expm1(x)


def log(x, /):
    """The natural logarithm elementwise, as ``numpy.log``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.log(1.0))
    0.0
    """
    return U.log(x)


def log2(x, /):
    """The base-2 logarithm elementwise, as ``numpy.log2``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.log2(8.0))
    3.0
    """
    return U.log2(x)


def log10(x, /):
    """The base-10 logarithm elementwise, as ``numpy.log10``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.log10(1000.0))
    3.0
    """
    return U.log10(x)


def log1p(x, /):
    """``log(1 + x)``, accurate for small ``x``, as ``numpy.log1p``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.log1p(0.0))
    0.0
    """
    return U.log1p(x)


# ----------------------------------------------------------------------------- powers and roots
def sqrt(x, /):
    """The non-negative square root elementwise, as ``numpy.sqrt``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.sqrt(4.0))
    2.0
    """
    return U.sqrt(x)


def cbrt(x, /):
    """The real cube root elementwise (negative for negative ``x``), as ``numpy.cbrt``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.cbrt(-8.0))
    -2.0
    """
    return U.cbrt(x)


def square(x, /):
    """``x * x`` elementwise (integers stay integers), as ``numpy.square``.

    >>> import funcdiff.numpy as fnp
    >>> int(fnp.square(3))
    9
    """
    return U.square(x)


def reciprocal(x, /):
    """``1 / x`` elementwise, as ``numpy.reciprocal`` (integer division for integer ``x``).

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.reciprocal(4.0))
    0.25
    """
    return U.reciprocal(x)


# ----------------------------------------------------------------------------- trigonometry
def sin(x, /):
    """The sine elementwise (radians), as ``numpy.sin``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.sin(0.0))
    0.0
    """
    return U.sin(x)


def cos(x, /):
    """The cosine elementwise (radians), as ``numpy.cos``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.cos(0.0))
    1.0
    """
    return U.cos(x)


def tan(x, /):
    """The tangent elementwise (radians), as ``numpy.tan``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.tan(0.0))
    0.0
    """
    return U.tan(x)


def arcsin(x, /):
    """The inverse sine, in ``[-pi/2, pi/2]``, as ``numpy.arcsin`` (alias ``asin``).

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.arcsin(0.0))
    0.0
    """
    return U.arcsin(x)


def arccos(x, /):
    """The inverse cosine, in ``[0, pi]``, as ``numpy.arccos`` (alias ``acos``).

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.arccos(1.0))
    0.0
    """
    return U.arccos(x)


def arctan(x, /):
    """The inverse tangent, in ``(-pi/2, pi/2)``, as ``numpy.arctan`` (alias ``atan``).

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.arctan(1.0))
    0.7853981633974483
    """
    return U.arctan(x)


def sinh(x, /):
    """The hyperbolic sine elementwise, as ``numpy.sinh``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.sinh(0.0))
    0.0
    """
    return U.sinh(x)


def cosh(x, /):
    """The hyperbolic cosine elementwise, as ``numpy.cosh``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.cosh(0.0))
    1.0
    """
    return U.cosh(x)


def tanh(x, /):
    """The hyperbolic tangent elementwise, as ``numpy.tanh``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.tanh(0.0))
    0.0
    """
    return U.tanh(x)


def arcsinh(x, /):
    """The inverse hyperbolic sine, as ``numpy.arcsinh`` (alias ``asinh``).

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.arcsinh(0.0))
    0.0
    """
    return U.arcsinh(x)


def arccosh(x, /):
    """The inverse hyperbolic cosine (``x >= 1``), as ``numpy.arccosh`` (alias ``acosh``).

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.arccosh(1.0))
    0.0
    """
    return U.arccosh(x)


def arctanh(x, /):
    """The inverse hyperbolic tangent (``|x| < 1``), as ``numpy.arctanh`` (alias ``atanh``).

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.arctanh(0.0))
    0.0
    """
    return U.arctanh(x)


asin, acos, atan, asinh, acosh, atanh = arcsin, arccos, arctan, arcsinh, arccosh, arctanh


def deg2rad(x, /):
    """Degrees to radians, ``x * pi / 180``, as ``numpy.deg2rad`` (alias ``radians``).

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.deg2rad(180.0))
    3.141592653589793
    """
    return U.deg2rad(x)


def rad2deg(x, /):
    """Radians to degrees, ``x * 180 / pi``, as ``numpy.rad2deg`` (alias ``degrees``).

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.rad2deg(fnp.pi))
    180.0
    """
    return U.rad2deg(x)


radians, degrees = deg2rad, rad2deg


def sinc(x):
    """The normalized sinc ``sin(pi x) / (pi x)``, 1 at 0, as ``numpy.sinc``.

    Derivatives of every order are exact at ``x = 0`` (taken from sinc's Taylor series).

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> float(fnp.sinc(0.0)), float(fd.grad(fnp.sinc)(0.0))
    (1.0, 0.0)
    """
    return U.sinc(x)


__all__ = [
    "acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctanh", "asin",
    "asinh", "atan", "atanh", "cbrt", "cos", "cosh", "deg2rad", "degrees", "exp", "exp2", "expm1",
    "log", "log10", "log1p", "log2", "rad2deg", "radians", "reciprocal", "sin", "sinc", "sinh",
    "sqrt", "square", "tan", "tanh",
] + _rounding_all  # fmt: skip
