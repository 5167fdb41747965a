"""The numbers of the seed tutorials (PyTorch autograd, /examples), reproduced with funcdiff.

Functions come from the example scripts, so the examples and these checks cannot drift apart.
Seed numbers printed by torch in float32 (4 decimals) are checked to that precision; everything
else against closed forms to float64 precision.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import InPlaceUpdateError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


basics = _load("autograd_basics")
graph = _load("computational_graph")
tutorial = _load("autograd_tutorial")
fwd_rev = _load("forward_reverse")
advanced = _load("autograd_advanced")
api = _load("advanced_api")
tiny = _load("tiny_model")

TIGHT = {"rtol": 1e-13, "atol": 1e-13}


# ------------------------------------------------------------------------------- seed 000
def test_value_and_first_derivative():
    y, dy = fd.value_and_grad(basics.f)(2.0)
    assert round(float(y), 4) == 21.4970
    assert round(float(dy), 4) == 25.8111
    assert abs(dy - basics.f_x(2.0)) < 1e-12


def test_derivative_on_grid_matches_analytic():
    x = np.arange(-5.0, 5.0, 0.01)
    grads = fd.elementwise_grad(basics.f)(x)
    assert grads.shape == (1000,)
    np.testing.assert_allclose(grads, basics.f_x(x), **TIGHT)
    np.testing.assert_allclose(fd.vmap(fd.grad(basics.f))(x), grads, **TIGHT)


@pytest.mark.parametrize("x", [-1.5, 0.3, 3.0])
def test_nth_derivative(x):
    # f'' = e^x (x + 2 + 2 cos x), f''' = e^x (x + 3 + 2 cos x - 2 sin x)
    assert np.isclose(basics.nth_derivative(basics.f, 1)(x), basics.f_x(x), **TIGHT)
    second = np.exp(x) * (x + 2 + 2 * np.cos(x))
    third = np.exp(x) * (x + 3 + 2 * np.cos(x) - 2 * np.sin(x))
    assert np.isclose(basics.nth_derivative(basics.f, 2)(x), second, **TIGHT)
    assert np.isclose(basics.nth_derivative(basics.f, 3)(x), third, **TIGHT)


def test_second_derivative_seed_value():
    assert round(float(basics.nth_derivative(basics.f, 2)(3.0)), 4) == 60.6586


def test_grad_of_two_dot():
    np.testing.assert_array_equal(fd.grad(basics.two_dot)(np.arange(4.0)), [0.0, 4.0, 8.0, 12.0])


@pytest.mark.parametrize(("a", "expected"), [(0.5, 2048.0), (-0.3, 409600.0), (600.0, 2.0)])
def test_control_flow_grad(a, expected):
    # With the loop count and branch fixed, c is linear in a: dc/da = c / a.
    c, dc = fd.value_and_grad(basics.doubling_with_branch)(a)
    assert dc == expected
    assert np.isclose(dc, c / a, **TIGHT)


def test_control_flow_grad_vector():
    a = np.array([0.1, -0.2, 0.3])
    jac = fd.jacobian(basics.doubling_with_branch)(a)
    c = basics.doubling_with_branch(a)
    np.testing.assert_allclose(jac, np.diag(c / a), **TIGHT)


# ------------------------------------------------------------------------------- seed 001
def test_graph_forward_and_backward():
    assert graph.u4(2.0, 3.0) == 15.0
    value, grads = fd.value_and_grad(graph.u4, argnums=(0, 1))(2.0, 3.0)
    assert value == 15.0 and grads == (3.0, 8.0)
    assert tuple(float(p) for p in graph.backward_by_hand(2.0, 3.0)) == (3.0, 8.0)
    text = str(fd.make_jaxpr(graph.u4)(2.0, 3.0))
    assert "add" in text and "mul" in text


@pytest.mark.parametrize(("seed", "sizes"), [(0, (4, 5, 3)), (1, (2, 7, 1)), (2, (6, 3, 4))])
def test_sigmoid_network_matches_backprop_formulas(seed, sizes):
    params, x, target = graph.init_network(np.random.default_rng(seed), *sizes)
    grads = fd.grad(graph.energy)(params, x, target)
    by_hand = graph.backprop_by_hand(params, x, target)
    assert set(grads) == {"W1", "b1", "W2", "b2"}
    for name in grads:
        assert grads[name].shape == params[name].shape
        np.testing.assert_allclose(grads[name], by_hand[name], rtol=1e-12, atol=1e-15)


# ------------------------------------------------------------------------------- seed 002
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bce_layer_gradients_closed_form(seed):
    rng = np.random.default_rng(seed)
    x, y = np.ones(5), np.array([0.0, 1.0, 0.0]) if seed else np.zeros(3)
    w, b = rng.standard_normal((5, 3)), rng.standard_normal(3)
    value, (w_grad, b_grad) = fd.value_and_grad(tutorial.loss, argnums=(0, 1))(w, b, x, y)
    z = x @ w + b
    sigmoid = 1 / (1 + np.exp(-z))
    bce = np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))
    assert np.isclose(value, bce, **TIGHT)
    np.testing.assert_allclose(b_grad, (sigmoid - y) / 3, **TIGHT)
    np.testing.assert_allclose(w_grad, np.tile((sigmoid - y) / 3, (5, 1)), **TIGHT)


def test_vector_backward_and_accumulation():
    out, pullback = fd.vjp(tutorial.square_plus_one, np.eye(3))
    (first,) = pullback(np.ones_like(out))
    expected = np.array([[4.0, 2.0, 2.0], [2.0, 4.0, 2.0], [2.0, 2.0, 4.0]])
    np.testing.assert_array_equal(first, expected)
    np.testing.assert_array_equal(first + pullback(np.ones_like(out))[0], 2 * expected)
    np.testing.assert_array_equal(pullback(np.ones_like(out))[0], expected)


def test_doubling_scalar_grad_is_1024():
    assert fd.grad(tutorial.func)(1.2) == 1024.0


def test_stop_gradient_detaches():
    x, w, b = np.ones(5), np.ones((5, 3)), np.zeros(3)
    g = fd.grad(lambda w: fnp.sum(fd.stop_gradient(fnp.matmul(x, w) + b)))(w)
    np.testing.assert_array_equal(g, np.zeros((5, 3)))


# ------------------------------------------------------------------------------- seed 003
def test_forward_mode_seed_numbers():
    value, deriv = fd.jvp(fwd_rev.fx, (2.0,), (1.0,))
    assert np.isclose(value, 3.694528049465325, rtol=1e-15, atol=0)
    assert np.isclose(deriv, 9.236320123663312, rtol=1e-15, atol=0)


@pytest.mark.parametrize(("x1", "x2"), [(1.5, 0.5), (-2.0, 1.3), (0.7, -0.4)])
def test_forward_and_reverse_agree(x1, x2):
    exact = (np.exp(x2) - 1, x1 * np.exp(x2))
    np.testing.assert_allclose(fwd_rev.forward_mode(fwd_rev.f2, x1, x2), exact, **TIGHT)
    np.testing.assert_allclose(fwd_rev.reverse_mode(fwd_rev.f2, x1, x2), exact, **TIGHT)


# ------------------------------------------------------------------------------- seed 004
def test_sin_pipeline():
    a = np.linspace(0.0, 2.0 * np.pi, 25)
    out, grad = fd.value_and_grad(advanced.pipeline)(a)
    assert np.isclose(out, 25.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(grad, 2 * np.cos(a), **TIGHT)
    text = str(fd.make_jaxpr(advanced.pipeline)(a))
    assert "sin" in text


def test_in_place_update_raises_and_at_set_works():
    a = np.linspace(0.0, 1.0, 4)
    with pytest.raises(InPlaceUpdateError, match="at\\[idx\\].set"):
        fd.grad(advanced.sin_in_place)(a)
    g = fd.grad(lambda x: fnp.sum(x.at[0].set(10 * x[0])))(a)
    np.testing.assert_array_equal(g, [10.0, 1.0, 1.0, 1.0])
    g = fd.grad(lambda x: fnp.sum(fnp.sin(x).at[1].set(0.0)))(a)
    np.testing.assert_allclose(g, np.cos(a) * [1, 0, 1, 1], **TIGHT)


def test_profiler_counts_the_loop():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(0.9, 1.1, (2, 3)), rng.uniform(0.9, 1.1, (2, 3))
    with fd.profiler.profile() as prof:
        fd.grad(advanced.repeated_div_mul, argnums=(0, 1))(x, y, np.ones((2, 3)))
    assert max(s.calls for s in prof.stats.values()) >= 1000
    assert "primitive" in prof.table()


@pytest.mark.parametrize(
    ("xs", "ys", "seed_diag"),
    [
        ([0.7212], [0.2079], [4.1137]),
        ([0.2080, 0.2604, 0.4415], [0.5220, 0.9867, 0.4288], [2.4623, 2.5950, 3.1102]),
    ],
)
def test_exp_adder_jacobian_and_hessian(xs, ys, seed_diag):
    x, y = np.array(xs), np.array(ys)
    for jac in (fd.jacobian, fd.jacfwd, fd.jacrev):
        jx, jy = jac(api.exp_adder, argnums=(0, 1))(x, y)
        np.testing.assert_allclose(jx, np.diag(2 * np.exp(x)), **TIGHT)
        np.testing.assert_array_equal(jy, 3 * np.eye(len(x)))
        # torch printed its float32 random inputs to 4 decimals: the seed's diagonal is
        # within 2 exp(x) * 5e-5 plus display rounding of ours.
        np.testing.assert_allclose(np.diag(jx), seed_diag, rtol=0, atol=2.5e-4)
    hess = fd.hessian(lambda x, y: fnp.sum(api.exp_adder(x, y)), argnums=(0, 1))(x, y)
    np.testing.assert_allclose(hess[0][0], np.diag(2 * np.exp(x)), **TIGHT)
    for block in (hess[0][1], hess[1][0], hess[1][1]):
        np.testing.assert_array_equal(block, np.zeros((len(x), len(x))))


def test_vjp_of_doubling():
    v = np.array([0.1, 1.0, 0.0001])
    out, pullback = fd.vjp(api.do_some_doubling, np.array([0.5, 0.8, -1.0]))
    np.testing.assert_array_equal(out, [512.0, 819.2, -1024.0])
    np.testing.assert_allclose(pullback(v)[0], [102.4, 1024.0, 0.1024], rtol=1e-15, atol=0)


def test_jvp_hvp_vhp():
    x, y, v = np.array([0.2, 0.5]), np.array([1.0, -1.0]), np.array([0.3, -2.0])
    out, tangent = fd.jvp(api.exp_adder, (x, y), (v, v))
    np.testing.assert_allclose(out, 2 * np.exp(x) + 3 * y, **TIGHT)
    np.testing.assert_allclose(tangent, 2 * np.exp(x) * v + 3 * v, **TIGHT)
    x = np.arange(1.0, 4.0)
    v = np.array([1.0, -0.5, 2.0])
    for product in (fd.hvp, fd.vhp):  # the Hessian of sum(x^3) is diag(6 x), symmetric
        value, hv = product(api.pow_reducer, (x,), (v,))
        assert value == 36.0
        np.testing.assert_allclose(hv, 6 * x * v, **TIGHT)


# ------------------------------------------------------------------------------- TinyModel
def _small_model(rng):
    params = {"layer1": tiny.init_linear(rng, 12, 6), "layer2": tiny.init_linear(rng, 6, 3)}
    return params, rng.standard_normal((4, 12)), rng.standard_normal((4, 3))


def test_tiny_model_init_like_torch_linear():
    params = tiny.init_model(np.random.default_rng(0))
    w1, w2 = params["layer1"]["w"], params["layer2"]["w"]
    assert w1.shape == (tiny.HIDDEN_SIZE, tiny.DIM_IN) and w2.shape == (tiny.DIM_OUT, 100)
    assert np.abs(w1).max() <= 1 / np.sqrt(tiny.DIM_IN) and np.abs(w2).max() <= 0.1


def test_tiny_model_gradient_matches_backprop():
    params, x, ideal = _small_model(np.random.default_rng(3))
    grads = fd.grad(tiny.loss)(params, x, ideal)
    pre = x @ params["layer1"]["w"].T + params["layer1"]["b"]
    hidden = np.maximum(pre, 0)
    d_out = -2 * (ideal - (hidden @ params["layer2"]["w"].T + params["layer2"]["b"]))
    d_pre = (d_out @ params["layer2"]["w"]) * (pre > 0)
    expected = {
        "layer1": {"w": d_pre.T @ x, "b": d_pre.sum(0)},
        "layer2": {"w": d_out.T @ hidden, "b": d_out.sum(0)},
    }
    for layer in expected:
        for name in ("w", "b"):
            np.testing.assert_allclose(grads[layer][name], expected[layer][name], **TIGHT)


def test_tiny_model_sgd_reduces_loss():
    params, x, ideal = _small_model(np.random.default_rng(4))
    start = tiny.loss(params, x, ideal)
    for _ in range(20):
        params = tiny.sgd_step(params, fd.grad(tiny.loss)(params, x, ideal), lr=0.01)
    assert tiny.loss(params, x, ideal) < 0.5 * start
