"""funcdiff.scipy.special: SciPy's special functions by name and signature, differentiable and
batchable. Differs from SciPy in one way: float32 inputs give float32 results (as NumPy ufuncs).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer, get_aval
from funcdiff.dtypes import float_dtype_for
from funcdiff.errors import AxisError, ConcretizationError, ValueDomainError

__all__ = ["erf", "erfc", "gammaln", "gamma", "digamma", "psi", "polygamma", "expit", "logit",
           "log_expit", "xlogy", "xlog1py", "entr", "ndtr", "log_ndtr", "logsumexp", "softmax",
           "log_softmax", "erfinv", "erfcinv", "ndtri", "i0", "i0e", "i1", "i1e", "betaln", "beta",
           "multigammaln", "rel_entr", "kl_div", "huber", "pseudo_huber", "exprel",
           "sinc", "gammainc", "gammaincc", "zeta"]  # fmt: skip


def erf(z):
    """The error function ``2/sqrt(pi) * integral_0^z exp(-t^2) dt``, as ``scipy.special.erf``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.erf(0.5)), 12)
    0.520499877813
    """
    return P.erf(z)


def erfc(x):
    """``1 - erf(x)`` without cancellation, as ``scipy.special.erfc``.

    Deep in the tail it keeps subnormal results (``erfc(27) = 5.2e-319``) where SciPy
    returns 0.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.erfc(10.0))
    2.088487583762545e-45
    """
    return P.erfc(x)


def gammaln(x):
    """``log|Gamma(x)|``, as ``scipy.special.gammaln``; its derivative is ``digamma``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.gammaln(5.0)), 12)  # log(4!)
    3.178053830348
    """
    return P.gammaln(x)


def gamma(z):
    """The gamma function, as ``scipy.special.gamma`` (inf at 0, nan at -1, -2, ...).

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.gamma(5.0))
    24.0
    """
    return P.gamma(z)


def digamma(x):
    """``d/dx log Gamma(x)``, as ``scipy.special.digamma`` (alias ``psi``).

    Accurate to about 1e-15 relative on x > 0, including around its root 1.4616...

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.digamma(1.0)), 12)  # -euler_gamma
    -0.577215664902
    """
    return P.polygamma(x, n=0)


psi = digamma


def polygamma(n, x):
    """The ``n``-th derivative of digamma at ``x``, as ``scipy.special.polygamma``.

    Args:
        n: the order, a non-negative integer or an array of them broadcasting against ``x``
            (other values give nan, as SciPy). It must be concrete, not traced.
        x: the points.

    Returns:
        ``psi^(n)(x)``; float32 ``x`` gives float32 (SciPy returns float64).

    Raises:
        ConcretizationError: if ``n`` is a traced value.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.polygamma(1, 1.0)), 12)  # pi^2 / 6
    1.644934066848
    """
    if isinstance(n, Tracer):
        raise ConcretizationError(
            "polygamma(n, x) needs a concrete order n, but n is traced. Pass n as a Python "
            "int or NumPy array (for example close over it instead of differentiating it)."
        )
    if isinstance(n, numbers.Integral) and n >= 0:
        return P.polygamma(x, n=int(n))
    orders = np.asarray(n)
    out = None
    for k in np.unique(orders):
        value = _polygamma_of_order(k, x)
        out = value if out is None else P.select(orders == k, value, out)
    return P.broadcast_to(out, shape=np.broadcast_shapes(orders.shape, get_aval(out).shape))


def _polygamma_of_order(k, x):
    if k >= 0 and k == math.floor(k):
        return P.polygamma(x, n=int(k))
    return P.mul(x, math.nan)  # SciPy's value for negative or fractional orders


def expit(x):
    """The logistic sigmoid ``1 / (1 + exp(-x))``, as ``scipy.special.expit``.

    Stable at any |x| (``expit(-800) == 0``, ``expit(800) == 1``, no warnings); its
    derivative ``expit(x) * expit(-x)`` stays accurate where ``1 - expit(x)`` would cancel.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.expit(0.0))
    0.5
    """
    return P.expit(x)


def logit(x):
    """``log(x / (1 - x))``, the inverse of ``expit``, as ``scipy.special.logit``.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.logit(0.5))
    0.0
    """
    return P.logit(x)


def log_expit(x):
    """``log(expit(x)) = -log1p(exp(-x))``, stable for large |x|, as ``scipy.special.log_expit``.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.log_expit(-800.0))
    -800.0
    """
    return P.log_expit(x)


def xlogy(x, y):
    """``x * log(y)``, exactly 0 where ``x == 0`` (unless y is nan), as ``scipy.special.xlogy``.

    Where ``x == 0`` the derivative with respect to ``y`` is 0 too, even at ``y == 0``.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.xlogy(0.0, 0.0))
    0.0
    """
    return P.xlogy(x, y)


def xlog1py(x, y):
    """``x * log1p(y)``, exactly 0 where ``x == 0`` (unless y is nan), as SciPy's.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.xlog1py(0.0, -1.0))
    0.0
    """
    return P.xlog1py(x, y)


def entr(x):
    """Elementwise entropy ``-x log x`` (0 at 0, -inf for x < 0), as ``scipy.special.entr``.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.entr(0.0))
    0.0
    """
    return P.entr(x)


def ndtr(x):
    """The standard normal CDF ``(1 + erf(x/sqrt(2))) / 2``, as ``scipy.special.ndtr``.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.ndtr(0.0))
    0.5
    """
    # Phi(x) = erfc(-x/sqrt(2)) / 2: no cancellation in the left tail.
    return P.mul(0.5, P.erfc(P.mul(x, -math.sqrt(0.5))))


def log_ndtr(x):
    """``log(ndtr(x))``, accurate far into both tails, as ``scipy.special.log_ndtr``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.log_ndtr(-40.0)), 6)
    -804.608442
    """
    return P.log_ndtr(x)


def _axes(axis, ndim, where):
    """``axis`` (None, int or tuple, negatives allowed) as a sorted tuple of axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, numbers.Integral) else tuple(axis)
    out = []
    for ax in axes:
        if not -ndim <= ax < ndim:
            raise AxisError(
                f"{where}: axis {ax} is out of bounds for an array of dimension {ndim}; "
                f"use an axis in [{-ndim}, {ndim - 1}] or None."
            )
        out.append(int(ax) % ndim)
    if len(set(out)) != len(out):
        raise AxisError(f"{where}: axis {axis} repeats an axis; name each axis once.")
    return tuple(sorted(out))


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """``log(sum(b * exp(a)))`` over ``axis``, computed stably, as ``scipy.special.logsumexp``.

    The derivative with respect to ``a`` is the softmax (0 at entries equal to -inf); a slice
    of only -inf gives -inf.

    Args:
        a: the exponents.
        axis: None (all axes), an int or a tuple of ints.
        b: optional weights, broadcast against ``a``; may be negative with ``return_sign``.
        keepdims: keep the reduced axes with length 1.
        return_sign: also return the sign of the sum; the result is then ``log|sum|``.

    Returns:
        The result, or ``(result, sign)`` with ``return_sign``.

    Raises:
        AxisError: if an axis is out of range or repeated.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.logsumexp([1.0, 2.0, -float("inf")])), 12)
    2.313261687518
    """
    args = (a,)
    if b is not None:
        shape = np.broadcast_shapes(get_aval(a).shape, get_aval(b).shape)
        args = (P.broadcast_to(a, shape=shape), P.broadcast_to(b, shape=shape))
    shape = get_aval(args[0]).shape
    axes = _axes(axis, len(shape), "logsumexp")
    out = P.logsumexp(*args, axes=axes, output="log_abs" if return_sign else "log")
    sign = P.logsumexp(*args, axes=axes, output="sign") if return_sign else None
    if keepdims:
        kept = tuple(1 if i in axes else n for i, n in enumerate(shape))
        out = P.reshape(out, new_shape=kept)
        sign = None if sign is None else P.reshape(sign, new_shape=kept)
    return (out, sign) if return_sign else out


def softmax(x, axis=None):
    """``exp(x) / sum(exp(x))`` over ``axis``, as ``scipy.special.softmax``.

    >>> import funcdiff.scipy.special as fsp
    >>> fsp.softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    axes = _axes(axis, get_aval(x).ndim, "softmax")
    return P.softmax_weights(x, P.logsumexp(x, axes=axes), axes=axes)


def log_softmax(x, axis=None):
    """``x - logsumexp(x)`` over ``axis``, as ``scipy.special.log_softmax``.

    >>> import funcdiff.scipy.special as fsp
    >>> fsp.log_softmax([0.0, 0.0]).tolist() == [-np.log(2)] * 2
    True
    """
    shape = get_aval(x).shape
    axes = _axes(axis, len(shape), "log_softmax")
    kept = tuple(1 if i in axes else n for i, n in enumerate(shape))
    return P.sub(x, P.reshape(P.logsumexp(x, axes=axes), new_shape=kept))


# ----------------------------------------------------------------------------- inverse erf
def erfinv(y):
    """The inverse of ``erf``, as ``scipy.special.erfinv`` (+-inf at +-1, nan outside).

    Within 1 ulp; its derivative is ``sqrt(pi)/2 * exp(erfinv(y)**2)``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.erfinv(0.5)), 12)
    0.476936276204
    """
    return P.erfinv(y)


def erfcinv(y):
    """The inverse of ``erfc`` on [0, 2], as ``scipy.special.erfcinv``; accurate down to
    subnormal ``y``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.erfcinv(1e-300)), 10)
    26.2094699605
    """
    return P.erfcinv(y)


def ndtri(y):
    """The inverse of ``ndtr`` (the standard normal quantile), as ``scipy.special.ndtri``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.ndtri(0.975)), 12)
    1.959963984540
    """
    return P.ndtri(y)


# ----------------------------------------------------------------------------- Bessel
def i0(x):
    """The modified Bessel function ``I0``, as ``scipy.special.i0``; its derivative is ``i1``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.i0(1.0)), 12)
    1.266065877752
    """
    return P.i0(x)


def i0e(x):
    """``exp(-|x|) * i0(x)``, finite for every x, as ``scipy.special.i0e``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.i0e(1000.0)), 12)
    0.012617240456
    """
    return P.i0e(x)


def i1(x):
    """The modified Bessel function ``I1``, as ``scipy.special.i1``; its derivative is
    ``i0(x) - i1(x) / x`` (1/2 at 0).

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.i1(1.0)), 12)
    0.565159103992
    """
    return P.i1(x)


def i1e(x):
    """``exp(-|x|) * i1(x)``, as ``scipy.special.i1e``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.i1e(1000.0)), 12)
    0.012610930257
    """
    return P.i1e(x)


# ----------------------------------------------------------------------------- beta family
def betaln(a, b):
    """``log|B(a, b)|`` from ``gammaln``, as ``scipy.special.betaln``.

    It loses relative accuracy where the three ``gammaln`` terms cancel (a and b both large),
    and gives nan at the poles of Gamma where SciPy takes limits (``betaln(0, 0)``).

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.betaln(2.0, 3.0)), 12)  # log(1/12)
    -2.484906649788
    """
    return P.sub(P.add(P.gammaln(a), P.gammaln(b)), P.gammaln(P.add(a, b)))


def beta(a, b):
    """The beta function ``Gamma(a) Gamma(b) / Gamma(a + b)``, as ``scipy.special.beta``.

    Computed as ``sign * exp(betaln)``, so it neither overflows nor underflows early.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.beta(2.0, 3.0)), 12)
    0.083333333333
    """
    signs = [P.sign(P.gamma(v)) for v in (a, b, P.add(a, b))]
    return P.mul(P.mul(P.mul(signs[0], signs[1]), signs[2]), P.exp(betaln(a, b)))


def multigammaln(a, d):
    """The log of the multivariate gamma function of dimension ``d``, as
    ``scipy.special.multigammaln``: ``d(d-1)/4 log(pi) + sum_j gammaln(a - j/2)``.

    Args:
        a: the points; each must exceed ``(d - 1) / 2`` (checked unless ``a`` is traced).
        d: the dimension, a positive Python int.

    Raises:
        ValueDomainError: ``d`` is not a positive integer, or some ``a <= (d - 1) / 2``.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.multigammaln(3.0, 2)), 12)
    1.550194993958
    """
    if not isinstance(d, numbers.Integral) or d < 1:
        raise ValueDomainError(f"multigammaln: d should be a positive integer, got {d!r}.")
    if not isinstance(a, Tracer) and np.any(np.asarray(a) <= 0.5 * (d - 1)):
        raise ValueDomainError(
            f"multigammaln: every a must exceed (d - 1) / 2 = {0.5 * (d - 1)}, got {a!r}."
        )
    out = P.gammaln(a)
    for j in range(1, d):
        out = P.add(out, P.gammaln(P.sub(a, 0.5 * j)))
    return P.add(0.25 * d * (d - 1) * math.log(math.pi), out)


# ----------------------------------------------------------------------------- divergences
def _as_float(x):
    dtype = get_aval(x).dtype
    target = float_dtype_for(dtype)
    return x if dtype == target else P.convert_element_type(x, new_dtype=target)


def rel_entr(x, y):
    """Elementwise relative entropy ``x log(x / y)``, as ``scipy.special.rel_entr``: 0 where
    ``x == 0 <= y``, inf where ``x < 0`` or ``y <= 0 < x`` (or y < 0), nan for nan input.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.rel_entr(0.0, 1.0)), float(fsp.rel_entr(1.0, 0.0))
    (0.0, inf)
    """
    x, y = _as_float(x), _as_float(y)
    inside = P.logical_and(P.gt(x, 0), P.gt(y, 0))
    # Evaluate on stand-ins (1, 1) outside the open quadrant, so no warning fires there.
    x_safe, y_safe = P.select(inside, x, 1.0), P.select(inside, y, 1.0)
    value = P.xlogy(x_safe, P.div(x_safe, y_safe))
    dtype = get_aval(value).dtype.type  # typed constants: Python floats would promote f32
    edge = P.select(P.logical_and(P.eq(x, 0), P.ge(y, 0)), dtype(0), dtype(np.inf))
    edge = P.select(P.logical_or(P.isnan(x), P.isnan(y)), np.nan, edge)
    return P.select(inside, value, edge)


def kl_div(x, y):
    """Elementwise ``x log(x / y) - x + y``, as ``scipy.special.kl_div`` (``y`` where
    ``x == 0 <= y``, inf outside the domain).

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.kl_div(1.0, 1.0)), float(fsp.kl_div(0.0, 2.0))
    (0.0, 2.0)
    """
    return P.add(P.sub(rel_entr(x, y), x), y)


def huber(delta, r):
    """Huber loss: ``r**2 / 2`` where ``|r| <= delta``, else ``delta (|r| - delta / 2)``; inf
    for ``delta < 0``, as ``scipy.special.huber``.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.huber(1.0, 0.5)), float(fsp.huber(1.0, 3.0))
    (0.125, 2.5)
    """
    delta, r = _as_float(delta), _as_float(r)
    size = P.abs(r)
    loss = P.select(
        P.le(size, delta), P.mul(0.5, P.mul(r, r)), P.mul(delta, P.sub(size, P.mul(0.5, delta)))
    )
    return P.select(P.lt(delta, 0), np.inf, loss)


def pseudo_huber(delta, r):
    """Pseudo-Huber loss ``delta**2 (sqrt(1 + (r / delta)**2) - 1)``; inf for ``delta < 0``
    and 0 for ``delta == 0``, as ``scipy.special.pseudo_huber``.

    Computed as ``r**2 / (hypot(1, r / delta) + 1)``, without the cancellation at small r.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.pseudo_huber(1.0, 1.0)), 12)
    0.414213562373
    """
    delta, r = _as_float(delta), _as_float(r)
    zero = P.eq(delta, 0)
    ratio = P.div(r, P.select(zero, 1.0, delta))
    loss = P.div(P.mul(r, r), P.add(P.hypot(1.0, ratio), 1.0))
    return P.select(P.lt(delta, 0), np.inf, P.select(zero, 0.0, loss))


# exprel(x) = sum_k x^k / (k+1)!, k <= 12: within 1e-17 on |x| < 0.05 (x^13 / 14! < 2e-28).
_EXPREL_TAYLOR = [1.0 / math.factorial(k + 1) for k in range(13)][::-1]


def exprel(x):
    """``(exp(x) - 1) / x``, 1 at 0, as ``scipy.special.exprel``.

    Near 0 its Taylor polynomial is used, so derivatives of every order are right at 0 too.

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.exprel(0.0)), round(float(fsp.exprel(1.0)), 12)
    (1.0, 1.718281828459)
    """
    x = _as_float(x)
    near = P.lt(P.abs(x), 0.05)
    taylor = _EXPREL_TAYLOR[0]
    for c in _EXPREL_TAYLOR[1:]:
        taylor = P.add(P.mul(taylor, x), c)
    # Where expm1 overflows the result is inf, as SciPy's (without the overflow warning).
    huge = P.gt(x, math.log(np.finfo(get_aval(x).dtype).max))
    safe = P.select(P.logical_or(near, huge), 1.0, x)
    far = P.select(huge, np.inf, P.div(P.expm1(safe), safe))
    return P.select(near, taylor, far)


def sinc(x):
    """``sin(pi x) / (pi x)``, 1 at 0, as ``scipy.special.sinc`` (NumPy's ``sinc``).

    >>> import funcdiff.scipy.special as fsp
    >>> float(fsp.sinc(0.0))
    1.0
    """
    return P.sinc(x)


# ----------------------------------------------------------------------------- incomplete gamma
def gammainc(a, x):
    """The regularized lower incomplete gamma function ``P(a, x)``, as ``scipy.special.gammainc``.

    ``P(a, x) = integral_0^x t^(a-1) e^-t dt / Gamma(a)``, to about 1e-15 relative where the
    problem is well conditioned (the cost grows like ``sqrt(a)`` near ``x = a``).

    Args:
        a: the shape, ``a >= 0`` (nan below; ``P(0, x) = 1`` for ``x > 0``, as SciPy).
        x: the upper limit, ``x >= 0`` (nan below).

    Returns:
        ``P(a, x)``; its x-derivative is ``x^(a-1) e^-x / Gamma(a)``.

    Raises:
        NonDifferentiableError: when a derivative with respect to ``a`` is requested (it has no
            closed form); wrap ``a`` in ``fd.stop_gradient`` or close over it.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.gammainc(1.0, 2.0)), 12)  # 1 - exp(-2)
    0.864664716763
    """
    return P.gammainc(a, x)


def gammaincc(a, x):
    """The regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)``, computed
    without cancellation, as ``scipy.special.gammaincc``.

    Args:
        a: the shape, ``a >= 0`` (nan below; ``Q(0, x) = 0`` for ``x > 0``, as SciPy).
        x: the lower limit, ``x >= 0`` (nan below).

    Returns:
        ``Q(a, x)``; its x-derivative is ``-x^(a-1) e^-x / Gamma(a)``.

    Raises:
        NonDifferentiableError: when a derivative with respect to ``a`` is requested; wrap
            ``a`` in ``fd.stop_gradient`` or close over it.

    >>> import funcdiff.scipy.special as fsp
    >>> print(f"{float(fsp.gammaincc(1.0, 50.0)):.12e}")  # exp(-50)
    1.928749847964e-22
    """
    return P.gammaincc(a, x)


def zeta(x, q=None):
    """The Riemann zeta function, or the Hurwitz zeta ``sum_k (q + k)^-x``, as
    ``scipy.special.zeta``.

    With ``q=None`` it is Riemann's, continued to every real ``x != 1`` (0 at -2, -4, ...).
    With ``q`` it is Hurwitz's, for ``x > 1`` (nan below, inf at ``x = 1`` and at the poles
    ``q = 0, -1, ...``; a negative ``q`` needs an integer ``x``). Differs from SciPy at
    ``x = inf, q > 1``, where it gives the limit 0 instead of nan.

    Args:
        x: the exponent.
        q: the shift, or None for Riemann's zeta.

    Returns:
        The zeta values; the q-derivative is ``-x * zeta(x + 1, q)``.

    Raises:
        NonDifferentiableError: when a derivative with respect to ``x`` is requested; wrap
            ``x`` in ``fd.stop_gradient`` or close over it.

    >>> import funcdiff.scipy.special as fsp
    >>> round(float(fsp.zeta(2.0)), 12), round(float(fsp.zeta(2.0, 2.0)), 12)  # pi^2/6 (- 1)
    (1.644934066848, 0.644934066848)
    """
    return P.riemann_zeta(x) if q is None else P.zeta(x, q)
