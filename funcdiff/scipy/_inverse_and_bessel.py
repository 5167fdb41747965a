"""The inverse error functions and the modified Bessel functions of funcdiff.scipy.special."""

from __future__ import annotations

from funcdiff import primitives as P


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


__all__ = ["erfinv", "erfcinv", "ndtri", "i0", "i0e", "i1", "i1e"]
