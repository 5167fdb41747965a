"""The regularized incomplete gamma functions P(a, x), Q(a, x) and their x-derivative, and the
Riemann and Hurwitz zeta functions: NumPy impls with SciPy's edge values.
"""

from __future__ import annotations

import math

import numpy as np

from funcdiff.core import ShapedArray, bind, get_aval
from funcdiff.dtypes import float_dtype_for
from funcdiff.errors import NonDifferentiableError
from funcdiff.primitives import binary as b
from funcdiff.primitives import special
from funcdiff.primitives import unary as u
from funcdiff.primitives.registry import (
    broadcasting_aval,
    broadcasting_batch,
    define,
    match_aval,
    partials,
    vectorized_batch,
)

_EPS = np.finfo(np.float64).eps
_TINY = 1e-300
_CHUNK = 8  # series terms per convergence check: fewer passes over the active set
_MAX_CHUNKS = 20_000  # the P series needs ~9 sqrt(a) terms where x ~ a: enough for a ~ 1e8
# mu(a) = log Gamma(a) - ((a - 1/2) log a - a + log(2 pi) / 2) = sum B_2k / (2k (2k-1) a^(2k-1)),
# k = 1..9: coefficients of 1/a^2, highest first; below 2e-19 for a >= 10.
_STIRLING = [n / (d * 2 * k * (2 * k - 1)) for k, (n, d) in enumerate(special._BERNOULLI, 1)][::-1]
# log1p(t) - t = u (u^2 sum_k 2 u^(2k) / (2k + 3) - t), u = t / (2 + t): 20 terms reach 1e-20
# for |t| <= 1/2 (|u| <= 1/3), and no cancellation, unlike log1p(t) - t.
_LOG1PMX = [2.0 / (2 * k + 3) for k in range(20)][::-1]


def _in_float(fn):
    """Run a float64 kernel on the flattened, broadcast operands; return their float dtype."""

    def impl(*args, **params):
        dtype = float_dtype_for(np.result_type(*args))
        shape = np.broadcast_shapes(*(np.shape(x) for x in args))
        flat = [np.broadcast_to(np.asarray(x, np.float64), shape).ravel() for x in args]
        with np.errstate(all="ignore"):
            out = fn(*flat, **params)
        return out.reshape(shape).astype(dtype, copy=False)[()]

    return impl


def _float_aval(*avals, **params):
    aval = broadcasting_aval(*avals)
    return ShapedArray(aval.shape, float_dtype_for(aval.dtype))


def _lgamma1p(a):
    # log Gamma(1 + a) for a >= 0; the Taylor series about 1 keeps tiny a's digits, which 1 + a
    # would round away.
    return np.where(a < 0.1, np.polyval(special._LGAMMA_AT_1, a), special._gammaln_impl(a + 1.0))


def _prefactor(a, x):
    """``x^a e^-x / Gamma(a + 1)`` for positive finite a and x."""
    out = np.empty_like(a)
    big = a >= 10
    if not big.all():
        s, y = a[~big], x[~big]
        out[~big] = np.exp(s * np.log(y) - y - _lgamma1p(s))
    if big.any():
        # Stirling: x^a e^-x / Gamma(a + 1) = exp(a (log1p(t) - t) - mu(a)) / sqrt(2 pi a), with
        # t = (x - a) / a. The exponent is then small near x = a, where exp(a log x - x - ...)
        # would lose a * eps to cancellation.
        s, y = a[big], x[big]
        t = (y - s) / s
        v = t / (2.0 + t)
        near = v * (v * v * np.polyval(_LOG1PMX, v * v) - t)
        gap = np.where(np.abs(t) < 0.5, near, np.log(y / s) - t)
        mu = np.polyval(_STIRLING, 1.0 / (s * s)) / s
        out[big] = np.exp(s * gap - mu) / np.sqrt(2.0 * math.pi * s)
    return out


def _p_series(a, x):
    # P = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n)): positive terms.
    total = np.ones_like(a)
    idx, ap, xs, term, acc = np.arange(a.size), a.copy(), x, np.ones_like(a), np.ones_like(a)
    for _ in range(_MAX_CHUNKS):
        for _ in range(_CHUNK):
            ap = ap + 1.0
            term = term * xs / ap
            acc = acc + term
        done = ~(term > acc * _EPS)  # nan counts as done
        total[idx] = acc
        if done.all():
            break
        keep = ~done
        idx, ap, xs, term, acc = idx[keep], ap[keep], xs[keep], term[keep], acc[keep]
    return _prefactor(a, x) * total


def _q_series(a, x):
    # x <= 1.1: Q = 1 - x^a / Gamma(a + 1) - x^a / Gamma(a) sum_{n>=1} (-x)^n / (n! (a + n))
    # (integrate e^-t's Taylor series from 0 to x); 22 terms are below 2e-18 at x = 1.1.
    fac, total = np.ones_like(x), np.zeros_like(x)
    for n in range(1, 23):
        fac = fac * (-x / n)
        total = total + fac / (a + n)
    lead = a * np.log(x) - _lgamma1p(a)
    return -np.expm1(lead) - a * np.exp(lead) * total


def _q_fraction(a, x):
    # x > 1.1, x >= a: Legendre's continued fraction, Q = x^a e^-x / Gamma(a) / (x + 1 - a -
    # 1 (1 - a) / (x + 3 - a - 2 (2 - a) / ...)), evaluated by the modified Lentz method.
    out = np.empty_like(a)
    idx, s, den = np.arange(a.size), a, x + 1.0 - a
    c, d = np.full_like(a, 1.0 / _TINY), 1.0 / den
    frac = d.copy()
    i = 0
    for _ in range(_MAX_CHUNKS * _CHUNK):
        i += 1
        an = -i * (i - s)
        den = den + 2.0
        d = an * d + den
        d = 1.0 / np.where(np.abs(d) < _TINY, _TINY, d)
        c = den + an / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        delta = d * c
        frac = frac * delta
        done = ~(np.abs(delta - 1.0) > _EPS)
        if done.all():
            out[idx] = frac
            break
        if done.any():
            out[idx[done]] = frac[done]
            keep = ~done
            idx, s, den, c, d, frac = idx[keep], s[keep], den[keep], c[keep], d[keep], frac[keep]
    else:
        out[idx] = frac
    return a * _prefactor(a, x) * out


def _igamma_positive(a, x, upper):
    # Regions as Cephes' igam/igamc: the directly computed function is at most ~0.6 where the
    # other is taken as 1 minus it, so the subtraction loses no relative accuracy.
    fraction = (x > 1.1) & ((x >= a) if upper else (x > a))
    small_q = (x <= 1.1) & np.where(x <= 0.5, a * np.log(x) >= -0.4, a <= 1.1 * x)
    if not upper:
        small_q &= (x > 1.0) & (x > a)
    out = np.empty_like(a)
    for mask, fn in ((fraction, _q_fraction), (small_q, _q_series)):
        if mask.any():
            val = fn(a[mask], x[mask])
            out[mask] = val if upper else 1.0 - val
    rest = ~(fraction | small_q)
    if rest.any():
        val = _p_series(a[rest], x[rest])
        out[rest] = 1.0 - val if upper else val
    return out


def _igamma64(a, x, *, upper):
    out = np.empty_like(a)
    ok = (a > 0) & (x > 0) & (a < np.inf) & (x < np.inf)
    if ok.any():
        out[ok] = _igamma_positive(a[ok], x[ok], upper)
    edge = ~ok
    if edge.any():
        # SciPy: P = 0 at x = 0 or a = inf, P = 1 at x = inf or a = 0 (x > 0); nan for a < 0,
        # x < 0, a = x = 0 and a = x = inf.
        s, y = a[edge], x[edge]
        p = np.where((y == 0) | (s == np.inf), 0.0, 1.0)
        bad = (s < 0) | (y < 0) | ((s == 0) & (y == 0)) | ((s == np.inf) & (y == np.inf))
        p = np.where(bad | np.isnan(s) | np.isnan(y), np.nan, p)
        out[edge] = 1.0 - p if upper else p
    return out


def _density64(a, x):
    # dP/dx = x^(a-1) e^-x / Gamma(a) = a x^a e^-x / Gamma(a + 1) / x.
    out = np.zeros_like(a)
    ok = (a > 0) & (x > 0) & (a < np.inf) & (x < np.inf)
    if ok.any():
        s, y = a[ok], x[ok]
        out[ok] = s * _prefactor(s, y) / y
    # At x = 0 the density is x^(a-1) / Gamma(a): inf for a < 1, 1 for a = 1, 0 above.
    out = np.where((x == 0) & (a > 0), np.where(a < 1, np.inf, np.where(a == 1, 1.0, 0.0)), out)
    return np.where((a < 0) | (x < 0) | np.isnan(a) | np.isnan(x), np.nan, out)


# d/da = density (log x - digamma(a)); d/dx = density ((a - 1) / x - 1).
gammainc_dx_p = define(
    "gammainc_dx",
    impl=_in_float(_density64),
    abstract_eval=_float_aval,
    jvp=partials(
        lambda out, a, x: b.mul(out, b.sub(u.log(x), special.polygamma(a, n=0))),
        lambda out, a, x: b.mul(out, b.sub(b.div(b.sub(a, 1.0), x), 1.0)),
    ),
    batch=broadcasting_batch,
    elementwise=True,
)


def gammainc_dx(a, x):
    """``dP(a, x)/dx = x^(a-1) e^-x / Gamma(a)``, the gamma density, accurate for large a."""
    return bind(gammainc_dx_p, a, x)


def _no_derivative(name, arg, other):
    return NonDifferentiableError(
        f"{name} is differentiable in {other} only, but a derivative with respect to {arg} was "
        f"requested; wrap {arg} in fd.stop_gradient, or close over it rather than differentiate it."
    )


def _igamma_jvp(primals, tangents, *, upper):
    # dP/dx = -dQ/dx = x^(a-1) e^-x / Gamma(a); the a-derivative has no closed form.
    (a, x), (a_dot, x_dot) = primals, tangents
    if a_dot is not None:
        raise _no_derivative("gammaincc" if upper else "gammainc", "a", "x")
    out = bind(gammaincc_p if upper else gammainc_p, a, x, upper=upper)
    if x_dot is None:
        return out, None
    slope = gammainc_dx(a, x)
    out_dot = b.mul_safe(x_dot, b.neg(slope) if upper else slope)
    return out, match_aval(out_dot, get_aval(out))


def _igamma_primitive(name):
    return define(
        name,
        impl=_in_float(_igamma64),
        abstract_eval=_float_aval,
        jvp=_igamma_jvp,
        batch=broadcasting_batch,
        elementwise=True,
    )


gammainc_p = _igamma_primitive("gammainc")
gammaincc_p = _igamma_primitive("gammaincc")


def gammainc(a, x):
    """The regularized lower incomplete gamma function ``P(a, x)``; differentiable in x only."""
    return bind(gammainc_p, a, x, upper=False)


def gammaincc(a, x):
    """The regularized upper incomplete gamma function ``Q(a, x)``; differentiable in x only."""
    return bind(gammaincc_p, a, x, upper=True)


# ----------------------------------------------------------------------------- zeta
def _hurwitz_core(s, q):
    """``zeta(s, q)`` for finite s > 1 and finite q > 0 (or q < 0 non-integer, s integer),
    or for s < 1 with q = 1, where Euler-Maclaurin continues it analytically."""
    # Euler-Maclaurin at z = q + n: sum_{k<n} (q+k)^-s + z^(1-s)/(s-1) + z^-s/2 + sum_j B_2j /
    # (2j)! s (s+1) ... (s+2j-2) z^(1-s-2j), j <= 9. Its j = 10 term relative to the tail is
    # ~ 2 s (s)_19 / (2 pi z)^20, below 2e-16 once z >= 10 + |s|.
    n_em = np.maximum(np.ceil(10.0 + np.abs(s) - q), 0.0)
    # For large s the sum alone converges first: (q+n)^-s <= e^-42 q^-s once
    # n >= q expm1(42 / s), and the rest of the series is below e^-42 (q+n) / (s-1) of it.
    n_direct = np.where((q > 0) & (s > 1), np.ceil(q * np.expm1(42.0 / s)) + 1.0, np.inf)
    direct = n_direct < n_em
    steps = np.where(direct, n_direct, n_em)
    count = int(steps.max(initial=0.0))
    total = np.zeros_like(s)
    # Terms in blocks of up to 64 steps, all elements at once: a few NumPy calls per block.
    for start in range(0, count, 64):
        j = np.arange(start, min(start + 64, count), dtype=np.float64)[:, None]
        total = total + np.sum(np.where(j < steps, (q + j) ** -s, 0.0), axis=0)
    z = q + steps
    w = 1.0 / (z * z)
    poly, rising = [], s.copy()
    for k, (num, den) in enumerate(special._BERNOULLI, 1):
        poly.append(num / (den * math.factorial(2 * k)) * rising)
        rising = rising * (s + 2 * k - 1) * (s + 2 * k)
    series = np.zeros_like(s)
    for c in poly[::-1]:
        series = series * w + c
    tail = z ** (1.0 - s) / (s - 1.0) + 0.5 * z**-s + z ** (-s - 1.0) * series
    return total + np.where(direct, 0.0, tail)


def _hurwitz64(s, q):
    out = np.full_like(s, np.nan)
    integer_q = (q <= 0) & (q == np.floor(q))
    ok = (s > 1) & (s < np.inf) & (np.abs(q) < np.inf) & ~integer_q
    ok &= (q > 0) | (s == np.floor(s))  # (q + k)^-s is real for q < 0 only at integer s
    if ok.any():
        out[ok] = _hurwitz_core(s[ok], q[ok])
    # SciPy: inf at s = 1 (any q) and at the poles q = 0, -1, -2, ...; 0 at q = inf. At s = inf,
    # 1 for q = 1 and inf for q < 1; 0 (the limit) for q > 1, where SciPy gives nan.
    out = np.where((s > 1) & integer_q, np.inf, out)
    out = np.where((s > 1) & (q == np.inf), 0.0, out)
    top = np.where(q == 1, 1.0, np.where(q < 1, np.inf, np.where(q > 1, 0.0, np.nan)))
    out = np.where(s == np.inf, top, out)
    return np.where(s == 1, np.inf, out)


_gamma = special._pyfunc(special._gamma)


def _riemann64(s):
    out = np.full_like(s, np.nan)
    right = (s >= -0.1) & (s != 1) & (s < np.inf)
    if right.any():
        out[right] = _hurwitz_core(s[right], np.ones_like(s[right]))
    left = (s < -0.1) & (s > -np.inf)
    if left.any():
        # Reflection: zeta(s) = 2^s pi^(s-1) sin(pi s / 2) Gamma(1-s) zeta(1-s), in log space so
        # that the huge Gamma and tiny powers meet in one exp. fmod(s, 4) is exact, and the
        # sine is exactly 0 at the trivial zeros s = -2, -4, ...
        t = s[left]
        half = 0.5 * np.fmod(t, 4.0)
        sine = np.where(half == np.round(half), 0.0, np.sin(math.pi * half))
        rest = _hurwitz_core(1.0 - t, np.ones_like(t))
        # Gamma(1-s) (2 pi)^s directly while Gamma is finite (libm's gamma is within a few ulps,
        # an exp of lgamma would be off by ~|s| log|s| ulps); beyond, in log space: the result
        # then overflows anyway unless sin is 0.
        moderate = t > -170.0
        scale = np.where(
            moderate,
            _gamma(np.where(moderate, 1.0 - t, 1.0)) * (2.0 * math.pi) ** t / math.pi,
            np.exp(t * math.log(2 * math.pi) - math.log(math.pi) + special._gammaln_impl(1.0 - t)),
        )
        value = sine * scale * rest
        out[left] = np.where(sine == 0, 0.0, value)
    out = np.where(s == 1, np.inf, out)
    return np.where(s == np.inf, 1.0, out)


def _zeta_jvp(primals, tangents):
    # d/dq zeta(x, q) = -x zeta(x + 1, q); the x-derivative is not implemented.
    (x, q), (x_dot, q_dot) = primals, tangents
    if x_dot is not None:
        raise _no_derivative("zeta", "x", "q")
    out = zeta(x, q)
    if q_dot is None:
        return out, None
    out_dot = b.mul_safe(q_dot, b.neg(b.mul(x, zeta(b.add(x, 1.0), q))))
    return out, match_aval(out_dot, get_aval(out))


def _riemann_zeta_jvp(primals, tangents):
    if tangents[0] is not None:
        raise _no_derivative("zeta", "x", "q")
    return riemann_zeta(primals[0]), None


zeta_p = define(
    "zeta",
    impl=_in_float(_hurwitz64),
    abstract_eval=_float_aval,
    jvp=_zeta_jvp,
    batch=broadcasting_batch,
    elementwise=True,
)
riemann_zeta_p = define(
    "riemann_zeta",
    impl=_in_float(_riemann64),
    abstract_eval=_float_aval,
    jvp=_riemann_zeta_jvp,
    batch=vectorized_batch,
    elementwise=True,
)


def zeta(x, q):
    """The Hurwitz zeta function ``sum_k (q + k)^-x`` (x > 1); differentiable in q only."""
    return bind(zeta_p, x, q)


def riemann_zeta(x):
    """The Riemann zeta function, continued analytically to every real ``x != 1``."""
    return bind(riemann_zeta_p, x)


__all__ = [
    "gammainc",
    "gammainc_dx",
    "gammainc_dx_p",
    "gammainc_p",
    "gammaincc",
    "gammaincc_p",
    "riemann_zeta",
    "riemann_zeta_p",
    "zeta",
    "zeta_p",
]
