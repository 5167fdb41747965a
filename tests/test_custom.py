"""custom_jvp / custom_vjp: their rules under every transform, their misuse errors, and how
grad at a one-number input (a forward pass) hands custom_vjp functions to reverse mode."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import CustomRuleError


@fd.custom_vjp
def clip_gradient(x):
    return x


clip_gradient.defvjp(lambda x: (x, None), lambda res, ct: (fnp.clip(ct, -1.0, 1.0),))


@fd.custom_jvp
def softplus(x):
    return fnp.log1p(fnp.exp(x))


@softplus.defjvp
def _softplus_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return softplus(x), t / (1.0 + fnp.exp(-x))


def test_custom_vjp_rule_is_used_at_a_float_input():
    # 10 * clip_gradient(x): the cotangent reaching the rule is 10, clipped to 1. A forward
    # pass would give 10, so grad must run this function in reverse mode.
    assert fd.grad(lambda x: 10.0 * clip_gradient(x))(2.0) == 1.0
    assert fd.grad(lambda x: 0.5 * clip_gradient(x))(2.0) == 0.5
    v, g = fd.value_and_grad(lambda x: 10.0 * clip_gradient(x) ** 2)(3.0)
    assert (v, g) == (90.0, 1.0)  # ct into the rule is 60 -> 1


def test_custom_vjp_at_a_float_input_nested_and_with_aux():
    # d/dx of grad(x * clip_gradient(x)) = d/dx (clip(x) + x) = 1 + 0 for x > 1... written
    # out: grad f = clip(x)*1 + x (ct into the rule is x), second derivative is 1 for x > 1.
    f = lambda x: x * clip_gradient(x)  # noqa: E731
    assert fd.grad(f)(3.0) == 3.0 + 1.0
    assert fd.grad(fd.grad(f))(3.0) == 1.0
    g, aux = fd.grad(lambda x: (4.0 * clip_gradient(x), x + 1.0), has_aux=True)(2.0)
    assert (g, aux) == (1.0, 3.0)


def test_restart_in_reverse_mode_is_not_swallowed_by_user_code():
    def f(x):
        try:
            y = 10.0 * clip_gradient(x)
        except Exception:  # a broad handler in user code must not see the restart
            y = x * 0.0
        return y

    assert fd.grad(f)(2.0) == 1.0


def test_custom_jvp_rule_at_a_float_input_and_in_reverse_mode():
    x = 0.3
    want = 1.0 / (1.0 + np.exp(-x))
    assert np.isclose(fd.grad(softplus)(x), want, rtol=1e-15)
    np.testing.assert_allclose(fd.grad(lambda v: fnp.sum(softplus(v)))(np.array([x, x])), want)


def test_grad_at_a_float_keeps_the_input_dtype_and_shape():
    f = lambda x: fnp.sum(x.astype(np.float64) ** 3)  # noqa: E731
    g = fd.grad(f)(np.float32(2.0))
    assert type(g) is np.float32 and g == 12.0
    g = fd.grad(f)(np.array([2.0]))
    assert g.shape == (1,) and g[0] == 12.0
    assert fd.grad(lambda x: 3.0)(2.0) == 0.0  # output independent of the input


def test_jvp_of_a_custom_vjp_function_raises():
    with pytest.raises(CustomRuleError, match="forward-mode differentiation .* custom_vjp"):
        fd.jvp(lambda x: 2.0 * clip_gradient(x), (np.ones(2),), (np.ones(2),))


def test_custom_rules_must_be_defined_before_the_call():
    @fd.custom_vjp
    def f(x):
        return x

    @fd.custom_jvp
    def g(x):
        return x

    with pytest.raises(CustomRuleError, match=r"no rules; call f.defvjp\(fwd, bwd\)"):
        f(1.0)
    with pytest.raises(CustomRuleError, match="no JVP rule; define one with @g.defjvp"):
        g(1.0)


def test_malformed_custom_rules_raise():
    @fd.custom_jvp
    def f(x):
        return x

    f.defjvp(lambda primals, tangents: primals[0])
    with pytest.raises(CustomRuleError, match=r"must return \(primal_out, tangent_out\)"):
        fd.grad(f)(np.ones(2).sum())

    @fd.custom_vjp
    def h(x, y):
        return x * y

    h.defvjp(lambda x, y: (x * y, (x, y)), lambda res, ct: (ct * res[1],))
    with pytest.raises(CustomRuleError, match="one cotangent per differentiable argument"):
        fd.grad(lambda x: h(x, 2.0))(np.ones(()))
