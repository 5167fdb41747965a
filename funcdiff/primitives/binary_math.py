"""Remainders (floor_divide, rem, fmod) and two-argument math (atan2, hypot, copysign,
logaddexp, logaddexp2, heaviside), each with NumPy's broadcasting and dtypes.
"""

from __future__ import annotations

import math

import numpy as np

from funcdiff.core import bind
from funcdiff.primitives.binary import (
    add,
    div,
    elementwise_ufunc,
    mul,
    mul_safe,
    neg,
    sub,
    tangent_sum,
)
from funcdiff.primitives.compare import ne
from funcdiff.primitives.registry import partials, zero_jvp
from funcdiff.primitives.unary import exp

# ----------------------------------------------------------------------------- division family
floor_divide_p = elementwise_ufunc("floor_divide", np.floor_divide, zero_jvp)


def floor_divide(x, y):
    """Elementwise ``x // y`` (floor of the quotient); piecewise constant, zero derivative."""
    return bind(floor_divide_p, x, y)


# x mod y = x - floor(x / y) y, so d/dx = 1 and d/dy = -floor(x / y) away from the jumps.
rem_p = elementwise_ufunc(
    "rem", np.remainder, partials(lambda out, x, y: None, lambda out, x, y: neg(floor_divide(x, y)))
)


def rem(x, y):
    """Elementwise ``x % y`` with the sign of ``y`` (``numpy.remainder``)."""
    return bind(rem_p, x, y)


def _fmod_deriv_y(out, x, y):
    # fmod(x, y) = x - trunc(x / y) y. trunc and floor of x / y differ by exactly one where
    # the floored remainder differs from fmod's (opposite signs, nonzero remainder).
    shift = ne(rem(x, y), out)
    return neg(add(floor_divide(x, y), shift))


fmod_p = elementwise_ufunc("fmod", np.fmod, partials(lambda out, x, y: None, _fmod_deriv_y))


def fmod(x, y):
    """Elementwise C ``fmod``: the remainder with the sign of ``x``."""
    return bind(fmod_p, x, y)


# ----------------------------------------------------------------------------- two-argument math
def _atan2_jvp(primals, tangents):
    x, y = primals
    x_dot, y_dot = tangents
    out = atan2(x, y)
    # atan2(x, y) is the angle of the point (y, x): d = (y dx - x dy) / (x^2 + y^2).
    inv_r2 = div(1.0, add(mul(x, x), mul(y, y)))
    return out, tangent_sum(
        out,
        None if x_dot is None else mul_safe(x_dot, mul(y, inv_r2)),
        None if y_dot is None else mul_safe(y_dot, neg(mul(x, inv_r2))),
    )


atan2_p = elementwise_ufunc("atan2", np.arctan2, _atan2_jvp)


def atan2(x, y):
    """Elementwise ``arctan2(x, y)``: the angle of the point ``(y, x)``."""
    return bind(atan2_p, x, y)


# hypot = sqrt(x^2 + y^2): d/dx = x / hypot, d/dy = y / hypot, reusing the output.
hypot_p = elementwise_ufunc(
    "hypot", np.hypot, partials(lambda out, x, y: div(x, out), lambda out, x, y: div(y, out))
)


def hypot(x, y):
    """Elementwise ``sqrt(x**2 + y**2)`` without overflow."""
    return bind(hypot_p, x, y)


def _copysign_jvp(primals, tangents):
    x, y = primals
    x_dot, _ = tangents  # piecewise constant in y: no y term
    out = copysign(x, y)
    if x_dot is None:
        return out, None
    # copysign(x, y) = |x| sign(y): its slope in x is sign(x) sign(y), read off the sign bits.
    return out, tangent_sum(out, mul_safe(x_dot, mul(copysign(1.0, x), copysign(1.0, y))))


copysign_p = elementwise_ufunc("copysign", np.copysign, _copysign_jvp)


def copysign(x, y):
    """Elementwise magnitude of ``x`` with the sign of ``y``."""
    return bind(copysign_p, x, y)


# logaddexp = log(e^x + e^y): d/dx = e^x / (e^x + e^y) = exp(x - out), which is at most 1.
logaddexp_p = elementwise_ufunc(
    "logaddexp",
    np.logaddexp,
    partials(lambda out, x, y: exp(sub(x, out)), lambda out, x, y: exp(sub(y, out))),
)


def logaddexp(x, y):
    """Elementwise ``log(exp(x) + exp(y))`` without overflow."""
    return bind(logaddexp_p, x, y)


# logaddexp2 = log2(2^x + 2^y): d/dx = 2^(x - out) = exp((x - out) ln 2).
_LN2 = math.log(2.0)
logaddexp2_p = elementwise_ufunc(
    "logaddexp2",
    np.logaddexp2,
    partials(
        lambda out, x, y: exp(mul(sub(x, out), _LN2)),
        lambda out, x, y: exp(mul(sub(y, out), _LN2)),
    ),
)


def logaddexp2(x, y):
    """Elementwise ``log2(2**x + 2**y)`` without overflow."""
    return bind(logaddexp2_p, x, y)


heaviside_p = elementwise_ufunc("heaviside", np.heaviside, zero_jvp)


def heaviside(x, y):
    """Elementwise step: 0 below zero, 1 above, ``y`` at zero; zero derivative."""
    return bind(heaviside_p, x, y)


__all__ = [
    "atan2", "atan2_p", "copysign", "copysign_p", "floor_divide", "floor_divide_p", "fmod",
    "fmod_p", "heaviside", "heaviside_p", "hypot", "hypot_p", "logaddexp", "logaddexp2",
    "logaddexp2_p", "logaddexp_p", "rem", "rem_p",
]  # fmt: skip
