"""Special functions (erf, gamma family, logistic family, xlogy, log_ndtr, logsumexp): NumPy
impls with SciPy's values at the edges, derivatives from funcdiff primitives.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from funcdiff.core import ShapedArray, bind, get_aval
from funcdiff.dtypes import float_dtype_for
from funcdiff.primitives import binary as b
from funcdiff.primitives import shape as shp
from funcdiff.primitives import unary as u
from funcdiff.primitives.reductions import reduce_sum
from funcdiff.primitives.registry import (
    broadcasting_aval,
    broadcasting_batch,
    define,
    move_axis_to_front,
    partials,
)

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _pyfunc(fn):
    """NumPy impl of a float->float ``math`` function, in the input's float dtype.

    libm's erf/erfc/lgamma are within about 1 ulp, but called per element they cost ~0.1 µs
    each; the Numba kernel (kernel= name below) is meant to take over large arrays.
    """
    ufunc = np.frompyfunc(fn, 1, 1)

    def impl(x):
        x = np.asarray(x)
        dtype = float_dtype_for(x.dtype)
        if x.ndim == 0:
            return dtype.type(fn(float(x)))
        with np.errstate(all="ignore"):  # libm's own overflow/underflow flags
            return ufunc(x).astype(dtype)

    return impl


def _lgamma(x):
    try:
        return math.lgamma(x) if x != -math.inf else x  # SciPy: gammaln(-inf) = -inf
    except ValueError:  # the poles 0, -1, -2, ...: SciPy gives +inf
        return math.inf


# Taylor series of lgamma about its zeros 1 and 2 (highest power first, constant term 0):
# lgamma(1+e) = -euler e + sum (-1)^k zeta(k)/k e^k, lgamma(2+e) = (1-euler) e +
# sum (-1)^k (zeta(k)-1)/k e^k (mpmath, 40 digits). libm's lgamma loses relative accuracy
# within ~0.02 of the zeros (3e-13 at 1.0006); these series are exact to 1e-17 for |e| < 0.1.
_LGAMMA_AT_1 = (-0.058823978658684585, 0.06250095514121304, -0.06666870588242046,
                0.07143294629536133, -0.0769325164113522, 0.083353840546109,
                -0.09095401714582904, 0.1000994575127818, -0.11133426586956469,
                0.12550966952474304, -0.1440498967688461, 0.1695571769974082,
                -0.20738555102867398, 0.27058080842778454, -0.40068563438653143,
                0.8224670334241132, -0.5772156649015329, 0.0)  # fmt: skip
_LGAMMA_AT_2 = (-4.492469198764566e-07, 9.55141213040742e-07, -2.039215753801366e-06,
                4.374866789907488e-06, -9.439488275268397e-06, 2.050721277567069e-05,
                -4.492623673813314e-05, 9.945751278180853e-05, -0.00022315475845357939,
                0.0005096695247430425, -0.001192753911703261, 0.0028905103307415234,
                -0.007385551028673986, 0.020580808427784546, -0.0673523010531981,
                0.3224670334241132, 0.42278433509846713, 0.0)  # fmt: skip
_lgamma_libm = _pyfunc(_lgamma)


def _gammaln_impl(x):
    out = _lgamma_libm(x)
    x = np.asarray(x)
    for root, coefs in ((1.0, _LGAMMA_AT_1), (2.0, _LGAMMA_AT_2)):
        near = np.abs(x - root) < 0.1
        if near.any():
            out = np.where(near, np.polyval(coefs, x - root), out).astype(out.dtype)[()]
    return out


def _gamma(x):
    try:
        return math.gamma(x)
    except ValueError:  # SciPy: +-inf at +-0, nan at -1, -2, ... and at -inf
        return math.copysign(math.inf, x) if x == 0 else math.nan
    except OverflowError:
        return math.inf


def _in_float(fn):
    """Run a float64 NumPy kernel on ``x`` and return the input's float dtype (scalars stay
    NumPy scalars), with floating-point warnings off as SciPy's ufuncs have them."""

    def impl(x, **params):
        x = np.asarray(x)
        dtype = float_dtype_for(x.dtype)
        with np.errstate(all="ignore"):
            out = fn(x.astype(np.float64, copy=False), **params)
        return out.astype(dtype, copy=False)[()]

    return impl


# ----------------------------------------------------------------------------- polygamma
_ROOT_HI, _ROOT_LO = 1.4616321449683622, 9.549995429965697e-17  # digamma's positive root
# psi^(k)(root) / k!, k = 13..1 (mpmath, 40 digits), for Horner around the root.
_ROOT_TAYLOR = (0.004926781395729853, -0.007204534386356869, 0.010538791616612175,
                -0.01542476590494896, 0.022597648232218104, -0.03316112647484736,
                0.04880428816414311, -0.07219956125645471, 0.10782405069126237,
                -0.16394270544240652, 0.258499760955651, -0.4427631689835921,
                0.9676722454476212)  # fmt: skip
# B_2, B_4, ..., B_18 as (numerator, denominator): exact integers until the final division.
_BERNOULLI = [(1, 6), (-1, 30), (1, 42), (-1, 30), (5, 66), (-691, 2730), (7, 6), (-3617, 510),
              (43867, 798)]  # fmt: skip
# digamma(z) ~ log z - 1/(2z) - sum B_2k / (2k z^2k): coefficients of w = 1/z^2, highest first.
_PSI_ASYMPTOTIC = [num / (den * 2 * k) for k, (num, den) in enumerate(_BERNOULLI[:7], 1)][::-1]


def _shift_up(x, threshold, term):
    """Recurrence psi^(n)(x) = psi^(n)(x + 1) -+ ...: the sum of ``term(x + j)`` over the
    steps j that lift each entry to ``x >= threshold``, and the lifted ``x``."""
    steps = np.ceil(np.clip(threshold - x, 0.0, None))
    steps = np.where(np.isnan(steps), 0.0, steps)
    count = int(steps.max(initial=0.0))
    if count == 0:
        return np.zeros_like(x), x
    # All steps at once on a (count, *x.shape) grid: ~10 NumPy calls instead of ~10 per step
    # (digamma of a scalar: 79 -> 35 µs, timeit).
    j = np.arange(count, dtype=np.float64).reshape((count,) + (1,) * x.ndim)
    return np.sum(np.where(j < steps, term(x + j), 0.0), axis=0), x + steps


def _digamma_positive(x):
    # Lift to x >= 10, where the asymptotic series through B_14 errs below 5e-17.
    acc, z = _shift_up(x, 10.0, lambda t: 1.0 / t)
    w = 1.0 / (z * z)
    return np.log(z) - 0.5 / z - w * np.polyval(_PSI_ASYMPTOTIC, w) - acc


def _npoly():
    # numpy.polynomial costs ~2 ms to import; only polygamma needs it, so load it on first use.
    from numpy.polynomial import polynomial

    return polynomial


@lru_cache
def _hurwitz_coefficients(s):
    # Euler-Maclaurin tail of zeta(s, z): B_2j / (2j)! * s (s+1) ... (s+2j-2), j = 1..9.
    # Integer arithmetic up to one correctly rounded division, as exact as Fractions.
    return [num * math.prod(range(s, s + 2 * j - 1)) / (den * math.factorial(2 * j))
            for j, (num, den) in enumerate(_BERNOULLI, 1)][::-1]  # fmt: skip


def _polygamma_positive(n, x):
    # psi^(n)(x) = (-1)^(n+1) n! zeta(n+1, x); lift to z >= 10 + n, then Euler-Maclaurin.
    s = n + 1
    acc, z = _shift_up(x, 10.0 + n, lambda t: t ** (-s))
    w = 1.0 / (z * z)
    tail = (
        z ** (1 - s) / n + 0.5 * z ** (-s) + z ** (-s - 1) * np.polyval(_hurwitz_coefficients(s), w)
    )
    return (-1) ** (n + 1) * math.factorial(n) * (acc + tail)


@lru_cache
def _cot_derivative(n):
    # d^n/dx^n cot(pi x) = pi^n P_n(cot(pi x)), P_0(c) = c, P_{k+1}(c) = -P_k'(c) (1 + c^2).
    poly = np.array([0.0, 1.0])
    for _ in range(n):
        poly = -_npoly().polymul(_npoly().polyder(poly), [1.0, 0.0, 1.0])
    return poly


def _polygamma64(x, *, n):
    reflect = x < 0
    y = np.where(reflect, 1.0 - x, x)
    y = np.where(y == 0, 1.0, y)  # x = 0 is a pole, set below
    out = _digamma_positive(y) if n == 0 else _polygamma_positive(n, y)
    if n == 0:
        # Near the root, the recurrence cancels to ~1e-15 absolute: use the Taylor series.
        near = np.abs(x - _ROOT_HI) < 0.05
        if near.any():
            out = np.where(
                near, _npoly().polyval((x - _ROOT_HI) - _ROOT_LO, [0.0, *_ROOT_TAYLOR[::-1]]), out
            )
    if reflect.any():
        # Reflection: (-1)^n psi^(n)(1-x) - psi^(n)(x) = pi d^n/dx^n cot(pi x). f = x - round(x)
        # is exact, and cot(pi f) = tan(pi (1/2 - |f|)) sign(f) is accurate near f = +-1/2.
        frac = x - np.round(x)
        cot = np.where(
            np.abs(frac) < 0.25,
            1.0 / np.tan(np.pi * frac),
            np.copysign(np.tan(np.pi * (0.5 - np.abs(frac))), frac),
        )
        refl = (-1) ** n * out - np.pi ** (n + 1) * _npoly().polyval(cot, _cot_derivative(n))
        out = np.where(reflect, refl, out)
        # Poles at -1, -2, ... (and -inf): SciPy gives nan for digamma, signed inf above.
        out = np.where(
            reflect & (frac == 0), math.nan if n == 0 else (-1) ** (n + 1) * math.inf, out
        )
        out = np.where(x == -np.inf, math.nan if n == 0 else (-1) ** (n + 1) * math.inf, out)
    # digamma(+-0) = -+inf; psi^(n)(0) = (-1)^(n+1) inf.
    zero = -np.copysign(math.inf, x) if n == 0 else (-1) ** (n + 1) * math.inf
    return np.where(x == 0, zero, out)


def _polygamma_jvp(primals, tangents, *, n):
    # d/dx psi^(n)(x) = psi^(n+1)(x)
    (x,), (x_dot,) = primals, tangents
    out = polygamma(x, n=n)
    return out, None if x_dot is None else b.mul_safe(x_dot, polygamma(x, n=n + 1))


polygamma_p = define(
    "polygamma",
    impl=_in_float(_polygamma64),
    abstract_eval=u.float_aval,
    jvp=_polygamma_jvp,
    batch=lambda args, dims, *, n: (polygamma(args[0], n=n), dims[0]),
    elementwise=True,
    kernel="polygamma",
)


def polygamma(x, *, n):
    """``psi^(n)(x)``, the n-th derivative of digamma (``n`` a static non-negative int)."""
    return bind(polygamma_p, x, n=n)


# gammaln' = digamma; gamma' = gamma * digamma
gammaln = u.elementwise_unary("gammaln", _gammaln_impl, lambda out, x: polygamma(x, n=0))
gamma = u.elementwise_unary("gamma", _pyfunc(_gamma), lambda out, x: b.mul(out, polygamma(x, n=0)))


# ----------------------------------------------------------------------------- error functions
def _gaussian(x):
    # erf' = 2/sqrt(pi) exp(-x^2)
    return b.mul(_TWO_OVER_SQRT_PI, u.exp(b.neg(b.mul(x, x))))


erf = u.elementwise_unary("erf", _pyfunc(math.erf), lambda out, x: _gaussian(x))
erfc = u.elementwise_unary("erfc", _pyfunc(math.erfc), lambda out, x: b.neg(_gaussian(x)))

_ndtr64 = np.frompyfunc(lambda x: 0.5 * math.erfc(-x * math.sqrt(0.5)), 1, 1)
# Phi(x) = phi(x)/(-x) (1 - 1/x^2 + 3/x^4 - 15/x^6 ...) for x -> -inf: terms (-1)^k (2k-1)!!.
_MILLS = [(-1) ** k * math.prod(range(1, 2 * k, 2)) for k in range(12)][::-1]


def _log_ndtr64(x):
    phi = np.asarray(_ndtr64(x), np.float64)
    # log Phi directly down to -20 (Phi >= 1e-89); log1p(-Phi(-x)) for x > 0, where Phi ~ 1;
    # below -20 the asymptotic series, with 12 terms exact to 1e-19.
    out = np.log(phi)
    right = x > 0
    if right.any():
        out = np.where(right, np.log1p(-np.asarray(_ndtr64(-x), np.float64)), out)
    left = x < -20
    if left.any():
        w = 1.0 / (x * x)
        tail = (
            -0.5 * x * x - np.log(-x) - 0.5 * math.log(2 * math.pi) + np.log(np.polyval(_MILLS, w))
        )
        out = np.where(left, tail, out)
    return out


# log Phi(x)' = phi(x) / Phi(x) = exp(-x^2/2 - log Phi(x)) / sqrt(2 pi): no 0/0 in the tail.
log_ndtr = u.elementwise_unary(
    "log_ndtr",
    _in_float(_log_ndtr64),
    lambda out, x: b.mul(_INV_SQRT_2PI, u.exp(b.sub(b.mul(-0.5, b.mul(x, x)), out))),
)


# ----------------------------------------------------------------------------- logistic family
def _expit_impl(x):
    # e = exp(-|x|) never overflows: expit = 1/(1+e) for x >= 0 and e/(1+e) below.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1, e) / (1 + e)


def _log_expit_impl(x):
    # log expit(x) = min(x, 0) - log1p(exp(-|x|)): no overflow, exactly x far to the left.
    return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))


def _logit_impl(x):
    x = np.asarray(x)
    with np.errstate(divide="ignore", invalid="ignore"):  # logit(0) = -inf, logit(2) = nan
        out = np.log(x / (1 - x))
        # Near 1/2, x/(1-x) = 1 + (2x-1)/(1-x) and log1p keeps the small result's digits.
        mid = (x > 0.3) & (x < 0.65)
        if mid.any():
            out = np.where(mid, np.log1p(2 * (x - 0.5) / (1 - x)), out)
    return out[()]


# expit' = expit(x) (1 - expit(x)) = expit(x) expit(-x): no cancellation for large x.
expit = u.elementwise_unary("expit", _expit_impl, lambda out, x: b.mul(out, expit(b.neg(x))))
log_expit = u.elementwise_unary("log_expit", _log_expit_impl, lambda out, x: expit(b.neg(x)))
logit = u.elementwise_unary(  # logit' = 1 / (x (1 - x))
    "logit", _logit_impl, lambda out, x: b.div(1.0, b.mul(x, b.sub(1.0, x)))
)


# ----------------------------------------------------------------------------- x log y, entr
def _float_broadcasting_aval(x, y):
    aval = broadcasting_aval(x, y)
    return ShapedArray(aval.shape, float_dtype_for(aval.dtype))


def _where_x_is_zero(fn):
    def impl(x, y):
        with np.errstate(divide="ignore", invalid="ignore"):
            out = fn(x, y)
        # SciPy: exactly 0 where x == 0, unless y is nan.
        return np.where(np.equal(x, 0) & ~np.isnan(y), 0, out)[()]

    return impl


def _x_primitive(name, fn, dx, dy):
    return define(
        name,
        impl=_where_x_is_zero(fn),
        abstract_eval=_float_broadcasting_aval,
        jvp=partials(lambda out, x, y: dx(x, y), lambda out, x, y: dy(x, y)),
        batch=broadcasting_batch,
        elementwise=True,
        kernel=name,
    )


# xdivy = x / y with 0 where x == 0: the y-derivative of xlogy and xlog1py, so that it is 0
# where x == 0 even at y == 0 (and needs no warning). xdivy' = (1 / y, -x / y^2).
xdivy_p = _x_primitive(
    "xdivy",
    np.true_divide,
    lambda x, y: xdivy(1.0, y),
    lambda x, y: b.neg(xdivy(x, b.mul(y, y))),
)
# xlogy' = (log y, x / y); xlog1py' = (log1p y, x / (1 + y)).
xlogy_p = _x_primitive(
    "xlogy", lambda x, y: x * np.log(y), lambda x, y: xlogy(1.0, y), lambda x, y: xdivy(x, y)
)
xlog1py_p = _x_primitive(
    "xlog1py",
    lambda x, y: x * np.log1p(y),
    lambda x, y: xlog1py(1.0, y),
    lambda x, y: xdivy(x, b.add(1.0, y)),
)


def xdivy(x, y):
    """``x / y``, exactly 0 where ``x == 0`` unless y is nan."""
    return bind(xdivy_p, x, y)


def xlogy(x, y):
    """``x * log(y)``, exactly 0 where ``x == 0`` unless y is nan (SciPy's)."""
    return bind(xlogy_p, x, y)


def xlog1py(x, y):
    """``x * log1p(y)``, exactly 0 where ``x == 0`` unless y is nan (SciPy's)."""
    return bind(xlog1py_p, x, y)


def _entr_impl(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = -x * np.log(x)
    # SciPy: 0 at 0 and -inf for x < 0; -inf at +inf and nan at nan come out of the formula.
    return np.where(x == 0, 0, np.where(x < 0, -np.inf, out))[()]


# entr' = -(log x + 1)
entr = u.elementwise_unary("entr", _entr_impl, lambda out, x: b.sub(-1.0, u.log(x)))


# ----------------------------------------------------------------------------- logsumexp
# One primitive for log(sum(b exp(a))) over ``axes``; ``output`` picks the result: "log" (nan
# where the sum is negative, as SciPy), "log_abs" (log |sum|) or "sign" (sign of the sum, no
# derivative), so that return_sign and the JVP of log|sum| share one impl.
def _reduced(shape, axes):
    return tuple(n for i, n in enumerate(shape) if i not in axes)


def _logsumexp_impl(a, b=None, *, axes, output):
    a = np.asarray(a)
    if a.dtype.kind not in "fc":
        a = a.astype(np.float64)
    if a.size == 0:  # SciPy: the empty sum is 0, its log -inf
        fill = 0.0 if output == "sign" else -np.inf
        return np.full(_reduced(a.shape, axes), fill, np.result_type(a, b if b is not None else a))[
            ()
        ]
    m = np.max(a, axis=axes, keepdims=True)
    if b is None and output != "sign" and np.isfinite(m).all():
        # Shifting by the max makes every exp <= 1 and one of them 1: no overflow, log(>= 1).
        return (np.log(np.sum(np.exp(a - m), axis=axes)) + np.squeeze(m, axes))[()]
    # Slices all -inf (sum 0, log -inf) or holding +inf/nan are shifted by 0 instead.
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        total = np.exp(a - m)
        total = np.sum(total if b is None else b * total, axis=axes)
        if output == "sign":
            return np.sign(total)[()]
        return (np.log(np.abs(total) if output == "log_abs" else total) + np.squeeze(m, axes))[()]


def _logsumexp_abstract_eval(a, b=None, *, axes, output):
    dtype = a.dtype if b is None else broadcasting_aval(a, b).dtype
    return ShapedArray(_reduced(a.shape, axes), float_dtype_for(dtype))


def _logsumexp_jvp(primals, tangents, *, axes, output):
    # d log|S| = dS / S with S = sum(b exp(a)): sign(S) sum(w (b a_dot + b_dot)), where
    # w = exp(a - log|S|) (0 at entries equal to -inf; the softmax when b is None).
    out = logsumexp(*primals, axes=axes, output=output)
    if output == "sign" or all(t is None for t in tangents):
        return out, None
    a, b_ = (*primals, None)[:2]
    a_dot, b_dot = (*tangents, None)[:2]
    w = softmax_weights(a, out, axes=axes)
    if output == "log_abs":
        sign = logsumexp(*primals, axes=axes, output="sign")
        w = b.mul(w, shp.reshape(sign, new_shape=_keepdims(a, axes)))
    terms = []
    if a_dot is not None:
        terms.append(b.mul_safe(a_dot, w if b_ is None else b.mul(w, b_)))
    if b_dot is not None:
        terms.append(b.mul_safe(b_dot, w))
    total = terms[0] if len(terms) == 1 else b.add(*terms)
    return out, reduce_sum(total, axes=axes)


def _keepdims(a, axes):
    return tuple(1 if i in axes else n for i, n in enumerate(get_aval(a).shape))


def softmax_weights(a, lse, *, axes):
    """``exp(a - lse)``, ``lse`` a logsumexp of ``a`` over ``axes`` put back over ``axes``."""
    return u.exp(b.sub(a, shp.reshape(lse, new_shape=_keepdims(a, axes))))


def _logsumexp_batch(args, dims, *, axes, output):
    # a and b share one shape: bring both batch axes to the front (broadcasting an unbatched
    # b along the batch), then reduce the per-example axes shifted past it.
    size = next(get_aval(x).shape[d] for x, d in zip(args, dims, strict=True) if d is not None)
    moved = [
        move_axis_to_front(x, d)
        if d is not None
        else shp.broadcast_to(x, shape=(size,) + get_aval(x).shape)
        for x, d in zip(args, dims, strict=True)
    ]
    return logsumexp(*moved, axes=tuple(ax + 1 for ax in axes), output=output), 0


logsumexp_p = define(
    "logsumexp",
    impl=_logsumexp_impl,
    abstract_eval=_logsumexp_abstract_eval,
    jvp=_logsumexp_jvp,
    batch=_logsumexp_batch,
)


def logsumexp(a, b=None, *, axes, output="log"):
    """``log(sum(b * exp(a)))`` over the tuple of non-negative ``axes``, computed stably.

    ``b`` (optional) has ``a``'s shape; ``output`` is "log", "log_abs" or "sign".
    """
    args = (a,) if b is None else (a, b)
    return bind(logsumexp_p, *args, axes=tuple(sorted(axes)), output=output)


__all__ = [
    "entr",
    "erf",
    "erfc",
    "expit",
    "gamma",
    "gammaln",
    "log_expit",
    "log_ndtr",
    "logit",
    "logsumexp",
    "logsumexp_p",
    "polygamma",
    "polygamma_p",
    "softmax_weights",
    "xlog1py",
    "xlog1py_p",
    "xdivy",
    "xdivy_p",
    "xlogy",
    "xlogy_p",
]
