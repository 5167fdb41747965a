"""The regularized incomplete gamma functions and zeta of funcdiff.scipy.special."""

from __future__ import annotations

from funcdiff import primitives as P


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


__all__ = ["gammainc", "gammaincc", "zeta"]
