"""Unary elementwise math: one line per function through `elementwise_unary`.

Each derivative is written with funcdiff primitives and may reuse the output
(``exp' = exp``, ``tanh' = 1 - tanh^2``), so rules differentiate again to any order.
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, bind
from funcdiff.dtypes import float_dtype_for
from funcdiff.primitives import binary as b
from funcdiff.primitives.registry import define, partials, vectorized_batch


def float_aval(x, **params):
    """Abstract eval of a float-valued elementwise op: ints and bools compute in float64."""
    return ShapedArray(x.shape, float_dtype_for(x.dtype))


def elementwise_unary(name, impl, deriv, *, kernel=None, abstract_eval=float_aval):
    """Define an elementwise primitive from its NumPy ufunc and ``deriv(out, x)``.

    Returns the binding function; the primitive is ``<function>.primitive``.
    """
    prim = define(
        name,
        impl=impl,
        abstract_eval=abstract_eval,
        jvp=partials(lambda out, x, **params: deriv(out, x)),
        batch=vectorized_batch,
        elementwise=True,
        kernel=kernel or name,
    )

    def bind_fn(x):
        return bind(prim, x)

    bind_fn.__name__ = name
    bind_fn.__doc__ = f"Elementwise ``{name}`` (NumPy semantics), differentiable to any order."
    bind_fn.primitive = prim
    return bind_fn


exp = elementwise_unary("exp", np.exp, lambda out, x: out)  # exp' = exp: reuse the output
log = elementwise_unary("log", np.log, lambda out, x: b.div(1.0, x))
sin = elementwise_unary("sin", np.sin, lambda out, x: cos(x))
cos = elementwise_unary("cos", np.cos, lambda out, x: b.neg(sin(x)))
tanh = elementwise_unary("tanh", np.tanh, lambda out, x: b.sub(1.0, b.mul(out, out)))
sqrt = elementwise_unary("sqrt", np.sqrt, lambda out, x: b.div(0.5, out))  # 1 / (2 sqrt x)


__all__ = ['cos', 'elementwise_unary', 'exp', 'float_aval', 'log', 'sin', 'sqrt', 'tanh']
