"""Modified Bessel functions I0, I1 (plain and exp-scaled) and the inverse error functions."""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from funcdiff.primitives import binary as b
from funcdiff.primitives import compare, special
from funcdiff.primitives import unary as u


# ----------------------------------------------------------------------------- Bessel I0, I1
def _series(nu, terms):
    # I_nu(x) = (x/2)^nu sum_k y^k / (k! (k+nu)!), y = x^2/4: positive terms, no cancellation.
    return [1.0 / (math.factorial(k) * math.factorial(k + nu)) for k in range(terms)][::-1]


def _asymptotic(nu, terms):
    # e^-x I_nu(x) ~ (2 pi x)^-1/2 sum_k (-1)^k prod_{j<=k} (4nu^2 - (2j-1)^2) / (k! (8x)^k):
    # integer numerator and denominator, one correctly rounded division each (no fractions
    # import). Coefficients of 1/x, highest power first.
    coefs, num = [], 1
    for k in range(terms):
        coefs.append(num / (math.factorial(k) * 8**k))
        num *= (2 * k + 1) ** 2 - 4 * nu * nu
    return coefs[::-1]


# Below 18 the series (42 terms reach 1e-20 relative) is within 5 ulps of mpmath; above it
# the asymptotic series, whose smallest term is about e^-2x < 2e-16, within 2 ulps.
_SWITCH = 18.0
_SERIES = {nu: _series(nu, 42) for nu in (0, 1)}
_ASYMPTOTIC = {nu: _asymptotic(nu, 38) for nu in (0, 1)}


def _horner(coefs, y):
    out = np.full_like(y, coefs[0])
    for c in coefs[1:]:
        out *= y
        out += c
    return out


def _bessel64(x, *, nu, scaled):
    # I_nu(|x|) (times e^-|x| when scaled) on float64 x; I0 is even and I1 odd.
    ax = np.abs(x)
    out = np.empty_like(ax)
    small = ax < _SWITCH
    if small.any():
        a = ax[small]
        val = _horner(_SERIES[nu], 0.25 * a * a)
        val = val * (0.5 * a) if nu else val
        out[small] = val * np.exp(-a) if scaled else val
    large = ~small  # nan lands here and stays nan
    if large.any():
        a = ax[large]
        val = _horner(_ASYMPTOTIC[nu], 1.0 / a) / np.sqrt(2.0 * math.pi * a)
        if not scaled:
            half = np.exp(0.5 * a)  # e^a as two halves: I0(710) is finite, e^710 is not
            val = np.where(a == np.inf, np.inf, val * half * half)
        out[large] = val
    return np.copysign(out, x) if nu else out


def _over_x(out, x):
    # I1(x) / x (or i1e(x) / x), with its limit 1/2 at x = 0.
    at_zero = compare.eq(x, 0.0)
    return b.select(at_zero, 0.5, b.div(out, b.select(at_zero, 1.0, x)))


def _bessel(name, nu, scaled, deriv):
    impl = special._in_float(partial(_bessel64, nu=nu, scaled=scaled))
    return u.elementwise_unary(name, impl, deriv)


# I0' = I1, I1' = I0 - I1/x; with e^-|x| scaling each gains a term -sign(x) * itself.
i0 = _bessel("i0", 0, False, lambda out, x: i1(x))
i1 = _bessel("i1", 1, False, lambda out, x: b.sub(i0(x), _over_x(out, x)))
i0e = _bessel("i0e", 0, True, lambda out, x: b.sub(i1e(x), b.mul(u.sign(x), out)))
i1e = _bessel(
    "i1e",
    1,
    True,
    lambda out, x: b.sub(b.sub(i0e(x), _over_x(out, x)), b.mul(u.sign(x), out)),
)


# ----------------------------------------------------------------------------- inverse erf
_HALF_SQRT_PI = 0.5 * math.sqrt(math.pi)
_SQRT2 = math.sqrt(2.0)
# Abramowitz & Stegun 26.2.23: ndtri(p) ~ -(t - P(t) / Q(t)), t = sqrt(-2 log p), p <= 1/2,
# within 4.5e-4; two Halley steps then reach full precision.
_AS_P = (0.010328, 0.802853, 2.515517)
_AS_Q = (0.001308, 0.189269, 1.432788, 1.0)


def _erfinv_positive(a, c):
    """z >= 0 with erf(z) = a and erfc(z) = c, for a in [0, 1] and c = 1 - a; a is used
    (so must be exact) where a <= 1/2, c where a > 1/2."""
    tail = a > 0.5
    a2 = a * a
    # Centre: the Maclaurin series of erfinv to a^5 (error < 1e-3 at a = 1/2).
    z = _HALF_SQRT_PI * a * (1.0 + a2 * (math.pi / 12 + a2 * (7 * math.pi**2 / 480)))
    if tail.any():
        # erfc(z) = c  <=>  z = -ndtri(c / 2) / sqrt(2); log(c) - log 2 keeps subnormal c.
        t = np.sqrt(-2.0 * (np.log(np.where(tail, c, 0.5)) - math.log(2.0)))
        z = np.where(tail, (t - np.polyval(_AS_P, t) / np.polyval(_AS_Q, t)) / _SQRT2, z)
    for _ in range(2):
        # Halley on f = erf(z) - a (or erfc(z) - c), where f'' = -2 z f': z -= r / (1 + z r)
        # with r = f / f'. e^(z^2) is taken as two halves so that it is finite up to z = 27.
        if tail.all():
            resid = c - _erfc(z)
        elif tail.any():
            resid = np.where(tail, c - _erfc(z), _erf(z) - a)
        else:
            resid = _erf(z) - a
        half = np.exp(0.5 * z * z)
        r = resid * _HALF_SQRT_PI * half * half
        z = z - r / (1.0 + z * r)
    deep = (c < 1e-300) & (c > 0)
    if deep.any():
        z = np.where(deep, _deep_tail(np.where(deep, z, 26.0), np.where(deep, c, 1e-300)), z)
    return np.where(c == 0, np.inf, z)


# erfc(z) = e^(-z^2) / (z sqrt(pi)) * sum_k (-1)^k (2k-1)!! w^k, w = 1 / (2 z^2): 9 terms are
# within 1e-18 for z > 25 (w < 8e-4).
_ERFC_ASYMPTOTIC = [(-1) ** k * math.prod(range(1, 2 * k, 2)) for k in range(9)][::-1]


def _deep_tail(z, c):
    # Below 1e-300, erfc(z) is subnormal in float64 and its few bits stall Halley: two Newton
    # steps on log erfc(z) = log c instead, where (log erfc)' = -2 z / S.
    for _ in range(2):
        s = np.polyval(_ERFC_ASYMPTOTIC, 0.5 / (z * z))
        g = np.log(s) - z * z - np.log(z * math.sqrt(math.pi)) - np.log(c)
        z = z + g * s / (2.0 * z)
    return z


def _erf(z):
    return special.erf.primitive.impl(z)


def _erfc(z):
    return special.erfc.primitive.impl(z)


def _erfinv64(x):
    a = np.abs(x)
    invalid = a > 1
    a = np.where(invalid, 0.0, a)  # nan stays nan
    z = _erfinv_positive(a, 1.0 - a)  # 1 - a is exact where it is used (a > 1/2)
    return np.where(invalid, np.nan, np.copysign(z, x))


def _erfcinv64(y):
    # erfcinv(y) = erfinv(1 - y): above 1 by the odd symmetry, with y - 1 and 2 - y exact.
    upper = y > 1
    invalid = (y < 0) | (y > 2)
    a = np.where(invalid, 0.0, np.where(upper, y - 1.0, 1.0 - y))  # nan stays nan
    c = np.where(invalid, 1.0, np.where(upper, 2.0 - y, y))
    z = _erfinv_positive(a, c)
    return np.where(invalid, np.nan, np.where(upper, -z, z))


def _ndtri64(p):
    # ndtri(p) = -sqrt(2) erfcinv(2 p); 2p is exact. Adding 0.0 turns -0.0 at p = 1/2 into 0.
    return -_SQRT2 * _erfcinv64(2.0 * p) + 0.0


def _gaussian_inverse_slope(scale, out, root2=False):
    # (erf^-1)' = sqrt(pi)/2 exp(out^2); ndtri' = sqrt(2 pi) exp(out^2 / 2).
    square = b.mul(out, out)
    return b.mul(scale, u.exp(b.mul(0.5, square) if root2 else square))


erfinv = u.elementwise_unary(
    "erfinv",
    special._in_float(_erfinv64),
    lambda out, x: _gaussian_inverse_slope(_HALF_SQRT_PI, out),
)
erfcinv = u.elementwise_unary(
    "erfcinv",
    special._in_float(_erfcinv64),
    lambda out, x: _gaussian_inverse_slope(-_HALF_SQRT_PI, out),
)
ndtri = u.elementwise_unary(
    "ndtri",
    special._in_float(_ndtri64),
    lambda out, x: _gaussian_inverse_slope(math.sqrt(2.0 * math.pi), out, root2=True),
)


__all__ = ["erfcinv", "erfinv", "i0", "i0e", "i1", "i1e", "ndtri"]
