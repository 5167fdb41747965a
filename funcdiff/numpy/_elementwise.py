"""Elementwise functions with NumPy's names, broadcasting and dtype rules."""

from __future__ import annotations

from funcdiff import primitives as P

__all__ = ["add", "subtract", "multiply", "divide", "true_divide", "negative", "positive",
           "sin", "cos", "exp", "log", "tanh", "sqrt", "where"]


def add(x1, x2, /):
    """``x1 + x2`` elementwise, as ``numpy.add``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.add(1.0, 2.0)
    3.0
    """
    return P.add(x1, x2)


def subtract(x1, x2, /):
    """``x1 - x2`` elementwise, as ``numpy.subtract``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.subtract(3.0, 2.0)
    1.0
    """
    return P.sub(x1, x2)


def multiply(x1, x2, /):
    """``x1 * x2`` elementwise, as ``numpy.multiply``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.multiply(3.0, 2.0)
    6.0
    """
    return P.mul(x1, x2)


def divide(x1, x2, /):
    """``x1 / x2`` elementwise (true division), as ``numpy.divide``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.divide(3.0, 2.0)
    1.5
    """
    return P.div(x1, x2)


true_divide = divide


def negative(x, /):
    """``-x`` elementwise.

    >>> import funcdiff.numpy as fnp
    >>> fnp.negative(2.0)
    -2.0
    """
    return P.neg(x)


def positive(x, /):
    """``+x`` (a copy for arrays, as NumPy).

    >>> import funcdiff.numpy as fnp
    >>> fnp.positive(2.0)
    2.0
    """
    return P.neg(P.neg(x))


sin, cos, exp, log, tanh, sqrt = P.sin, P.cos, P.exp, P.log, P.tanh, P.sqrt


def where(condition, x, y, /):
    """``x`` where ``condition`` holds, else ``y``; NaN-safe under every transform.

    The branch not taken contributes an exact zero to derivatives, even where its own
    derivative is inf or nan.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> float(fd.grad(lambda x: fnp.where(x > 0, fnp.sqrt(x), 0.0))(0.0))
    0.0
    """
    return P.select(condition, x, y)
