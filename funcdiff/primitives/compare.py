"""Comparisons, logical and bitwise ops (no derivative), and the comparison-driven
``maximum``/``minimum``/``fmax``/``fmin``, whose tangent follows the operand that wins.
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import bind, get_aval
from funcdiff.primitives.binary import mul_safe, select, tangent_sum, ufunc_aval
from funcdiff.primitives.registry import (
    broadcasting_batch,
    define,
    vectorized_batch,
    zero_jvp,
)


def _no_derivative(name, ufunc, batch=broadcasting_batch):
    return define(
        name,
        impl=ufunc,
        abstract_eval=ufunc_aval(ufunc),
        jvp=zero_jvp,
        batch=batch,
        elementwise=True,
        kernel=name,
    )


# ----------------------------------------------------------------------------- comparisons
eq_p = _no_derivative("eq", np.equal)
ne_p = _no_derivative("ne", np.not_equal)
lt_p = _no_derivative("lt", np.less)
le_p = _no_derivative("le", np.less_equal)
gt_p = _no_derivative("gt", np.greater)
ge_p = _no_derivative("ge", np.greater_equal)


def eq(x, y):
    """Elementwise ``x == y`` (bool)."""
    return bind(eq_p, x, y)


def ne(x, y):
    """Elementwise ``x != y`` (bool)."""
    return bind(ne_p, x, y)


def lt(x, y):
    """Elementwise ``x < y`` (bool)."""
    return bind(lt_p, x, y)


def le(x, y):
    """Elementwise ``x <= y`` (bool)."""
    return bind(le_p, x, y)


def gt(x, y):
    """Elementwise ``x > y`` (bool)."""
    return bind(gt_p, x, y)


def ge(x, y):
    """Elementwise ``x >= y`` (bool)."""
    return bind(ge_p, x, y)


# ----------------------------------------------------------------------------- logic and bits
logical_and_p = _no_derivative("logical_and", np.logical_and)
logical_or_p = _no_derivative("logical_or", np.logical_or)
logical_xor_p = _no_derivative("logical_xor", np.logical_xor)
logical_not_p = _no_derivative("logical_not", np.logical_not, vectorized_batch)
bitwise_and_p = _no_derivative("bitwise_and", np.bitwise_and)
bitwise_or_p = _no_derivative("bitwise_or", np.bitwise_or)
bitwise_xor_p = _no_derivative("bitwise_xor", np.bitwise_xor)
bitwise_not_p = _no_derivative("bitwise_not", np.invert, vectorized_batch)


def logical_and(x, y):
    """Elementwise truth of ``x and y`` (bool)."""
    return bind(logical_and_p, x, y)


def logical_or(x, y):
    """Elementwise truth of ``x or y`` (bool)."""
    return bind(logical_or_p, x, y)


def logical_xor(x, y):
    """Elementwise truth of ``x != y`` as booleans (bool)."""
    return bind(logical_xor_p, x, y)


def logical_not(x):
    """Elementwise truth of ``not x`` (bool)."""
    return bind(logical_not_p, x)


def bitwise_and(x, y):
    """Elementwise ``x & y`` on bools and integers."""
    return bind(bitwise_and_p, x, y)


def bitwise_or(x, y):
    """Elementwise ``x | y`` on bools and integers."""
    return bind(bitwise_or_p, x, y)


def bitwise_xor(x, y):
    """Elementwise ``x ^ y`` on bools and integers."""
    return bind(bitwise_xor_p, x, y)


def bitwise_not(x):
    """Elementwise ``~x`` on bools and integers."""
    return bind(bitwise_not_p, x)


# ----------------------------------------------------------------------------- max / min
def _is_nan(x):
    return ne(x, x)


def _minmax(name, ufunc, beats):
    """A max-like primitive: ``beats(x, y)`` says where ``x`` is the result and ``y`` is not.

    The winner takes the whole tangent; at a tie each operand takes half, as JAX does: the
    mean of the one-sided derivatives, which keeps ``maximum(x, x)``'s derivative exactly 1.
    """

    def jvp(primals, tangents):
        x, y = primals
        x_dot, y_dot = tangents
        out = bind(prim, x, y)
        if x_dot is None and y_dot is None:
            return out, None
        dtype = get_aval(out).dtype
        tie = select(eq(x, y), dtype.type(0.5), dtype.type(0))
        one = dtype.type(1)
        return out, tangent_sum(
            out,
            None if x_dot is None else mul_safe(x_dot, select(beats(x, y), one, tie)),
            None if y_dot is None else mul_safe(y_dot, select(beats(y, x), one, tie)),
        )

    prim = define(
        name,
        impl=ufunc,
        abstract_eval=ufunc_aval(ufunc),
        jvp=jvp,
        batch=broadcasting_batch,
        elementwise=True,
        kernel=name,
    )
    return prim


# maximum and minimum propagate NaN (neither operand wins, the tangent is 0 there);
# fmax and fmin ignore a NaN operand, so the other one wins.
maximum_p = _minmax("maximum", np.maximum, gt)
minimum_p = _minmax("minimum", np.minimum, lt)
fmax_p = _minmax("fmax", np.fmax, lambda x, y: logical_or(gt(x, y), _is_nan(y)))
fmin_p = _minmax("fmin", np.fmin, lambda x, y: logical_or(lt(x, y), _is_nan(y)))


def maximum(x, y):
    """Elementwise maximum, propagating NaN; ties split the derivative half and half."""
    return bind(maximum_p, x, y)


def minimum(x, y):
    """Elementwise minimum, propagating NaN; ties split the derivative half and half."""
    return bind(minimum_p, x, y)


def fmax(x, y):
    """Elementwise maximum ignoring a NaN operand; ties split the derivative."""
    return bind(fmax_p, x, y)


def fmin(x, y):
    """Elementwise minimum ignoring a NaN operand; ties split the derivative."""
    return bind(fmin_p, x, y)


__all__ = [
    "bitwise_and", "bitwise_and_p", "bitwise_not", "bitwise_not_p", "bitwise_or",
    "bitwise_or_p", "bitwise_xor", "bitwise_xor_p", "eq", "eq_p", "fmax", "fmax_p", "fmin",
    "fmin_p", "ge", "ge_p", "gt", "gt_p", "le", "le_p", "logical_and", "logical_and_p",
    "logical_not", "logical_not_p", "logical_or", "logical_or_p", "logical_xor",
    "logical_xor_p", "lt", "lt_p", "maximum", "maximum_p", "minimum", "minimum_p", "ne", "ne_p",
]  # fmt: skip
