"""Magnitude, sign, rounding, float predicates, complex parts and ``nan_to_num``, with
NumPy's names and dtype rules (rounding keeps integer dtypes; predicates return bool).
"""

from __future__ import annotations

from funcdiff.errors import InPlaceUpdateError
from funcdiff.primitives import unary as U


# ----------------------------------------------------------------------------- magnitude, sign
def absolute(x, /):
    """``|x|`` elementwise (complex to real), as ``numpy.absolute`` (alias ``abs``).

    The derivative is ``sign(x)``, with 0 at ``x = 0`` as in JAX.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> float(fnp.abs(-2.0)), float(fd.grad(fnp.abs)(0.0))
    (2.0, 0.0)
    """
    return U.abs(x)


abs = absolute  # NumPy's name


def fabs(x, /):
    """``|x|`` for real ``x``, computed in floating point, as ``numpy.fabs``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.fabs(-2))
    2.0
    """
    return U.fabs(x)


def sign(x, /):
    """-1, 0 or 1 by the sign of ``x`` (nan stays nan), as ``numpy.sign``; zero derivative.

    >>> import funcdiff.numpy as fnp
    >>> fnp.sign(fnp.array([-3.0, 0.0, 2.0])).tolist()
    [-1.0, 0.0, 1.0]
    """
    return U.sign(x)


# ----------------------------------------------------------------------------- rounding
def floor(x, /):
    """The largest integer ``<= x``, as ``numpy.floor``; zero derivative.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.floor(-1.5))
    -2.0
    """
    return U.floor(x)


def ceil(x, /):
    """The smallest integer ``>= x``, as ``numpy.ceil``; zero derivative.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.ceil(-1.5))
    -1.0
    """
    return U.ceil(x)


def trunc(x, /):
    """``x`` rounded toward zero, as ``numpy.trunc``; zero derivative.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.trunc(-1.5))
    -1.0
    """
    return U.trunc(x)


def fix(x, out=None):
    """``x`` rounded toward zero, as ``numpy.fix`` (the same as ``trunc``); zero derivative.

    Raises:
        InPlaceUpdateError: ``out`` was given; funcdiff arrays are immutable.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.fix(-2.5))
    -2.0
    """
    _no_out("fix", out)
    return U.trunc(x)


def rint(x, /):
    """``x`` rounded to the nearest integer, ties to even, as ``numpy.rint``; zero derivative.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.rint(2.5))
    2.0
    """
    return U.rint(x)


def round(a, decimals=0, out=None):
    """``a`` rounded half to even at ``decimals`` places, as ``numpy.round`` (alias ``around``).

    Negative ``decimals`` round to tens, hundreds... (integers too). Zero derivative.

    Raises:
        InPlaceUpdateError: ``out`` was given; funcdiff arrays are immutable.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.round(2.675, 2)), int(fnp.round(15, -1))
    (2.68, 20)
    """
    _no_out("round", out)
    return U.round(a, decimals=decimals)


around = round


def _no_out(name, out):
    if out is not None:
        raise InPlaceUpdateError(
            f"fnp.{name} does not write into out=: funcdiff arrays are immutable. "
            "Drop out= and use the returned array."
        )


# ----------------------------------------------------------------------------- predicates
def signbit(x, /):
    """True where the sign bit is set (``-0.0`` included), as ``numpy.signbit``.

    >>> import funcdiff.numpy as fnp
    >>> bool(fnp.signbit(-0.0))
    True
    """
    return U.signbit(x)


def isnan(x, /):
    """True where ``x`` is NaN, as ``numpy.isnan``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.isnan(fnp.array([1.0, fnp.nan])).tolist()
    [False, True]
    """
    return U.isnan(x)


def isinf(x, /):
    """True where ``x`` is positive or negative infinity, as ``numpy.isinf``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.isinf(fnp.array([1.0, -fnp.inf])).tolist()
    [False, True]
    """
    return U.isinf(x)


def isfinite(x, /):
    """True where ``x`` is neither infinite nor NaN, as ``numpy.isfinite``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.isfinite(fnp.array([1.0, fnp.inf, fnp.nan])).tolist()
    [True, False, False]
    """
    return U.isfinite(x)


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """``x`` with NaN, +inf and -inf replaced by finite numbers, as ``numpy.nan_to_num``.

    ``posinf``/``neginf`` default to the dtype's largest finite values. The result is always a
    new array: ``copy=False`` does not modify ``x`` in place. The derivative is 1 at finite
    entries and 0 at replaced ones.

    >>> import funcdiff.numpy as fnp
    >>> fnp.nan_to_num(fnp.array([fnp.nan, 1.0]), nan=-1.0).tolist()
    [-1.0, 1.0]
    """
    return U.nan_to_num(
        x,
        nan=float(nan),
        posinf=None if posinf is None else float(posinf),
        neginf=None if neginf is None else float(neginf),
    )


# ----------------------------------------------------------------------------- complex parts
def real(val):
    """The real part (a copy of ``val`` for real input), as ``numpy.real``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.real(1 + 2j))
    1.0
    """
    return U.real(val)


def imag(val):
    """The imaginary part (zeros for real input), as ``numpy.imag``.

    >>> import funcdiff.numpy as fnp
    >>> float(fnp.imag(1 + 2j))
    2.0
    """
    return U.imag(val)


def conjugate(x, /):
    """The complex conjugate (a copy of real input), as ``numpy.conjugate`` (alias ``conj``).

    >>> import funcdiff.numpy as fnp
    >>> complex(fnp.conj(1 + 2j))
    (1-2j)
    """
    return U.conj(x)


conj = conjugate


__all__ = [
    "abs", "absolute", "around", "ceil", "conj", "conjugate", "fabs", "fix", "floor", "imag",
    "isfinite", "isinf", "isnan", "nan_to_num", "real", "rint", "round", "sign", "signbit",
    "trunc",
]  # fmt: skip
