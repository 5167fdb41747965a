"""Floating-point and integer ufuncs behind ``funcdiff.numpy._floating``: ldexp, the frexp
exponent, nextafter, spacing, gcd/lcm, shifts and bitwise_count."""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, bind
from funcdiff.primitives import binary as b
from funcdiff.primitives import shape as shp
from funcdiff.primitives import unary as u
from funcdiff.primitives.registry import is_undefined, linear_jvp, zero_jvp


def _ldexp_transpose(ct, x, e):
    # ldexp(., e) multiplies by 2^e: self-adjoint, then summed down to x's shape.
    return [shp.unbroadcast(ldexp(ct, e), x.aval) if is_undefined(x) else None, None]


ldexp_p = b.elementwise_ufunc("ldexp", np.ldexp, linear_jvp, transpose=_ldexp_transpose)


def ldexp(x, e):
    """``x * 2**e`` exactly (NumPy's ldexp; ``e`` an integer array), linear in ``x``."""
    return bind(ldexp_p, x, e)


# The exponent of frexp; the mantissa is ldexp(x, -exponent), exact, so it differentiates.
frexp_exponent = u.elementwise_unary(
    "frexp_exponent",
    lambda x: np.frexp(x)[1],
    None,
    abstract_eval=lambda x: ShapedArray(x.shape, np.int32),
)


def _nextafter_jvp(primals, tangents):
    # nextafter(x, y) moves x by one ulp: slope 1 in x and 0 in y, as for x itself.
    out = nextafter(*primals)
    x_dot = tangents[0]
    return out, None if x_dot is None else b.tangent_sum(out, x_dot)


nextafter_p = b.elementwise_ufunc("nextafter", np.nextafter, _nextafter_jvp)


def nextafter(x, y):
    """The next float after ``x`` towards ``y``; derivative 1 in ``x``, 0 in ``y``."""
    return bind(nextafter_p, x, y)


spacing = u.elementwise_unary("spacing", np.spacing, None)
bitwise_count = u.elementwise_unary("bitwise_count", np.bitwise_count, None)
gcd_p = b.elementwise_ufunc("gcd", np.gcd, zero_jvp)
lcm_p = b.elementwise_ufunc("lcm", np.lcm, zero_jvp)
left_shift_p = b.elementwise_ufunc("left_shift", np.left_shift, zero_jvp)
right_shift_p = b.elementwise_ufunc("right_shift", np.right_shift, zero_jvp)


def gcd(x, y):
    """Greatest common divisor of integers, as ``numpy.gcd``."""
    return bind(gcd_p, x, y)


def lcm(x, y):
    """Least common multiple of integers, as ``numpy.lcm``."""
    return bind(lcm_p, x, y)


def left_shift(x, y):
    """``x << y`` on integers, as ``numpy.left_shift``."""
    return bind(left_shift_p, x, y)


def right_shift(x, y):
    """``x >> y`` on integers, as ``numpy.right_shift``."""
    return bind(right_shift_p, x, y)


__all__ = [
    "bitwise_count", "frexp_exponent", "gcd", "gcd_p", "lcm", "lcm_p", "ldexp", "ldexp_p",
    "left_shift", "left_shift_p", "nextafter", "nextafter_p", "right_shift", "right_shift_p",
    "spacing",
]  # fmt: skip
