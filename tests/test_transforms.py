"""The public transforms: argnums, has_aux, pytrees, nesting, and every misuse in API.md."""

import collections
import math

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import (
    ArgnumsError,
    DtypeError,
    HasAuxError,
    NonFloatInputError,
    NonScalarOutputError,
    ShapeError,
    TreeMismatchError,
)


def f_seed(x):
    return fnp.exp(x) * (x + fnp.sin(x))


def df_seed(x):
    return np.exp(x) * (x + np.sin(x) + 1 + np.cos(x))


def test_seed_first_derivative():
    assert round(float(fd.grad(f_seed)(2.0)), 4) == 25.8111
    assert fd.grad(f_seed)(2.0) == pytest.approx(df_seed(2.0), rel=1e-14)


def test_seed_second_derivative_at_3():
    assert round(float(fd.grad(fd.grad(f_seed))(3.0)), 4) == 60.6586


def test_grad_of_2_dot_x_x():
    out = fd.grad(lambda x: 2.0 * fnp.dot(x, x))(np.arange(4.0))
    np.testing.assert_array_equal(out, [0.0, 4.0, 8.0, 12.0])


def test_jvp_of_exp_x2_minus_x_over_x():
    out, tangent = fd.jvp(lambda x: fnp.exp(x * x - x) / x, (2.0,), (1.0,))
    assert out == pytest.approx(3.694528049465325, rel=1e-15)
    assert tangent == pytest.approx(9.236320123663312, rel=1e-15)


def test_graph_example_u4():
    def u4(u1, u2):
        u3 = u1 + u2
        return u2 * u3

    value, grads = fd.value_and_grad(u4, argnums=(0, 1))(2.0, 3.0)
    assert value == 15.0 and grads == (3.0, 8.0)


def test_argnums_tuple_and_negative():
    f = lambda x, y, z: x * y * z  # noqa: E731
    assert fd.grad(f, argnums=-1)(2.0, 3.0, 4.0) == 6.0
    assert fd.grad(f, argnums=(0, 2))(2.0, 3.0, 4.0) == (12.0, 6.0)


def test_has_aux():
    g, aux = fd.grad(lambda x: (x * x, {"x2": x * x}), has_aux=True)(3.0)
    assert g == 6.0 and aux["x2"] == 9.0 and isinstance(aux["x2"], (np.ndarray, np.generic))
    (v, aux), g = fd.value_and_grad(lambda x: (x * x, x), has_aux=True)(3.0)
    assert (v, aux, g) == (9.0, 3.0, 6.0)


def test_grad_over_pytrees():
    Params = collections.namedtuple("Params", ["w", "b"])
    params = {"layer": Params(w=np.ones((2, 2)), b=np.zeros(2)), "scale": 2.0, "unused": None}

    def loss(p, x):
        layer = p["layer"]
        return fnp.sum((fnp.dot(layer.w, x) + layer.b) * p["scale"])

    g = fd.grad(loss)(params, np.array([1.0, 2.0]))
    assert isinstance(g["layer"], Params) and g["unused"] is None
    np.testing.assert_array_equal(g["layer"].w, [[2.0, 4.0], [2.0, 4.0]])
    np.testing.assert_array_equal(g["layer"].b, [2.0, 2.0])
    assert g["scale"] == 6.0


def test_vjp_of_doubling_with_vector_cotangent():
    def doubling(x):
        y = x * 2.0
        while fnp.linalg.norm(y) < 1000:
            y = y * 2.0
        return y

    x = np.array([0.3, -0.5, 0.8])  # norm ~0.99: ten doublings reach 1000
    out, pullback = fd.vjp(doubling, x)
    (ct,) = pullback(np.array([0.1, 1.0, 0.0001]))
    np.testing.assert_allclose(ct, [102.4, 1024.0, 0.1024], rtol=1e-15)
    np.testing.assert_array_equal(pullback(np.ones(3))[0], [1024.0] * 3)  # callable again


def test_linearize_matches_jvp():
    x = np.array([0.1, 0.7])
    y, f_jvp = fd.linearize(f_seed, x)
    t = np.array([1.0, -2.0])
    np.testing.assert_allclose(f_jvp(t), fd.jvp(f_seed, (x,), (t,))[1], rtol=1e-15)
    np.testing.assert_allclose(y, f_seed(x))


def test_exp_adder_jacobian_and_hessian():
    def exp_adder(x, y):
        return 2.0 * fnp.exp(x) + 3.0 * y

    for x, y in [
        (np.array([0.7212]), np.array([0.2079])),
        (np.array([0.2080, 0.2604, 0.4415]), np.array([0.5220, 0.9867, 0.4288])),
    ]:
        jx, jy = fd.jacobian(exp_adder, argnums=(0, 1))(x, y)
        np.testing.assert_allclose(jx, np.diag(2.0 * np.exp(x)), rtol=1e-15)
        np.testing.assert_array_equal(jy, 3.0 * np.eye(len(x)))
        for jac in (fd.jacfwd, fd.jacrev):
            jx2, jy2 = jac(exp_adder, argnums=(0, 1))(x, y)
            np.testing.assert_allclose(jx2, jx, rtol=1e-15)
            np.testing.assert_allclose(jy2, jy, rtol=1e-15)
        hess = fd.hessian(lambda x, y: fnp.sum(exp_adder(x, y)), argnums=(0, 1))(x, y)
        np.testing.assert_allclose(hess[0][0], np.diag(2.0 * np.exp(x)), rtol=1e-15)
        np.testing.assert_array_equal(hess[0][1], np.zeros((len(x), len(x))))
        np.testing.assert_array_equal(hess[1][1], np.zeros((len(x), len(x))))
    assert round(float(jx[0][0]), 4) == pytest.approx(2 * math.exp(0.2080), abs=1e-4)


def test_jacobian_shapes_are_out_shape_plus_in_shape():
    f = lambda x: fnp.sin(x)[:, None] * fnp.ones(3)  # (2, 3) from (2,)  # noqa: E731
    x = np.array([0.1, 0.2])
    assert fd.jacfwd(f)(x).shape == (2, 3, 2)
    assert fd.jacrev(f)(x).shape == (2, 3, 2)


def test_hvp_and_vhp_match_the_hessian():
    f = lambda x: fnp.sum(fnp.tanh(x) ** 2 * x)  # noqa: E731
    x, v = np.array([0.3, -0.4, 1.1]), np.array([1.0, 2.0, -1.0])
    hess = fd.hessian(f)(x)
    value, hv = fd.hvp(f, (x,), (v,))
    np.testing.assert_allclose(hv, hess @ v, rtol=1e-13)
    assert value == pytest.approx(float(f(x)))
    np.testing.assert_allclose(fd.vhp(f, (x,), (v,))[1], v @ hess, rtol=1e-13)
    np.testing.assert_allclose(fd.jvp(fd.grad(f), (x,), (v,))[1], hess @ v, rtol=1e-13)


def test_stop_gradient():
    assert fd.grad(lambda x: x * fd.stop_gradient(x))(3.0) == 3.0
    assert fd.jvp(lambda x: fd.stop_gradient(x * x), (3.0,), (1.0,))[1] == 0.0
    tree = fd.stop_gradient({"a": np.ones(2)})
    np.testing.assert_array_equal(tree["a"], np.ones(2))


def test_elementwise_grad():
    x = np.linspace(-2, 2, 7)
    np.testing.assert_allclose(fd.elementwise_grad(f_seed)(x), df_seed(x), rtol=1e-14)


def test_make_jaxpr_prints_one_primitive_per_line():
    text = str(fd.make_jaxpr(lambda a: fnp.sum(2.0 * fnp.sin(a) + 1.0))(np.ones(25)))
    lines = [ln.strip() for ln in text.splitlines()]
    assert lines[1] == "b:f64[25] = sin a"
    assert lines[2] == "c:f64[25] = mul 2.0 b"
    assert lines[3] == "d:f64[25] = add c 1.0"
    assert lines[4].startswith("e:f64[] = reduce_sum[axes=(0,)] d")


def test_make_jaxpr_of_grad_shows_the_backward_pass():
    jaxpr = fd.make_jaxpr(fd.grad(fnp.sin))(1.0)
    # The cotangent seed 1.0 multiplies nothing: d sin = cos, with the primal sin staged too.
    assert [e.prim.name for e in jaxpr.eqns] == ["sin", "cos"]


# ----------------------------------------------------------------------------- misuse
def test_grad_of_non_scalar_output():
    with pytest.raises(
        NonScalarOutputError, match=r"real scalar output \(shape \(\)\), got f64\[3\]"
    ):
        fd.grad(fnp.sin)(np.ones(3))


def test_grad_of_integer_input():
    with pytest.raises(NonFloatInputError, match="dtype int64.*2.0 instead of 2"):
        fd.grad(lambda x: x * 2)(2)


def test_argnums_out_of_range():
    with pytest.raises(ArgnumsError, match="argnums=3.*2 positional argument"):
        fd.grad(lambda x, y: x * y, argnums=3)(1.0, 2.0)
    with pytest.raises(ArgnumsError, match="must be ints"):
        fd.grad(lambda x: x, argnums="0")(1.0)


def test_has_aux_without_a_pair():
    with pytest.raises(HasAuxError, match="must return a pair"):
        fd.grad(lambda x: x * x, has_aux=True)(1.0)


def test_jvp_tangent_mismatches():
    with pytest.raises(TreeMismatchError, match="structure"):
        fd.jvp(lambda x, y: x * y, (1.0, 2.0), (1.0,))
    with pytest.raises(ShapeError, match="tangent 0 has shape"):
        fd.jvp(fnp.sin, (np.ones(3),), (np.ones(2),))
    with pytest.raises(DtypeError, match="cast the tangent"):
        fd.jvp(fnp.sin, (np.ones(3),), (np.ones(3, np.float32),))
    with pytest.raises(TypeError, match="as tuples"):
        fd.jvp(fnp.sin, 1.0, 1.0)


def test_vjp_cotangent_mismatch():
    _, pullback = fd.vjp(fnp.sin, np.ones(3))
    with pytest.raises(ShapeError, match="cotangent 0 has shape"):
        pullback(np.ones(2))
