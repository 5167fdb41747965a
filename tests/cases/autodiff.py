"""Rows for the primitives that exist for differentiation itself: stop_gradient, custom rules
and checkpoint (rematerialization)."""

import numpy as np
from primitive_cases import Case

import funcdiff as fd
import funcdiff.numpy as fnp


@fd.custom_vjp
def _softplus(x):
    return fnp.log1p(fnp.exp(x))


def _softplus_fwd(x):
    out = _softplus(x)
    return out, (x,)


def _softplus_bwd(res, ct):
    (x,) = res
    return (ct * (1.0 / (1.0 + fnp.exp(-x))),)


_softplus.defvjp(_softplus_fwd, _softplus_bwd)


@fd.custom_jvp
def _smooth_abs(x):
    return fnp.sqrt(x * x + 1.0)


@_smooth_abs.defjvp
def _smooth_abs_jvp(primals, tangents):
    (x,), (x_dot,) = primals, tangents
    out = _smooth_abs(x)
    return out, x_dot * x / out


CASES = [
    # Finite differences see x * x; stop_gradient's zero derivative is checked against the
    # closed form in tests/test_transforms.py, so this row covers values, vmap and jit only.
    Case(
        lambda x: x * fd.stop_gradient(x) + fnp.sin(x),
        name="stop_gradient",
        reference=lambda x: x * x + np.sin(x),
        differentiable=False,
    ),
    # custom_vjp has only a reverse rule, so forward mode is not defined for it.
    Case(
        _softplus,
        name="custom_vjp_softplus",
        modes=("rev",),
        reference=lambda x: np.log1p(np.exp(x)),
    ),
    Case(_smooth_abs, name="custom_jvp_smooth_abs", reference=lambda x: np.sqrt(x * x + 1.0)),
    Case(
        fd.checkpoint(lambda x, y: fnp.sin(x * y) * fnp.exp(y)),
        nargs=2,
        name="checkpoint_sin_exp",
        reference=lambda x, y: np.sin(x * y) * np.exp(y),
    ),
]
