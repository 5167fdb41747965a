"""funcdiff.scipy.special: SciPy's special functions by name and signature, differentiable and
batchable. Differs from SciPy in one way: float32 inputs give float32 results (as NumPy ufuncs).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer, get_aval
from funcdiff.errors import AxisError, ConcretizationError

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


# Re-exported here: every name lives in funcdiff.scipy.special.
from funcdiff.scipy._beta_and_divergences import (  # noqa: E402
    beta,
    betaln,
    exprel,
    huber,
    kl_div,
    multigammaln,
    pseudo_huber,
    rel_entr,
    sinc,
)
from funcdiff.scipy._incomplete_gamma import gammainc, gammaincc, zeta  # noqa: E402
from funcdiff.scipy._inverse_and_bessel import erfcinv, erfinv, i0, i0e, i1, i1e, ndtri  # noqa: E402
