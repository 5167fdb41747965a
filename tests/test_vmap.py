"""vmap: axes specs, nesting, composition with the derivative transforms, errors, and the
absence of any Python loop over the batch (the staged program does not grow with it)."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import AxisError, BatchSizeError, ConcretizationError, TreeMismatchError


def f(x):
    return fnp.sin(x) * fnp.exp(-x) + x**2


def test_in_axes_tuple_and_none():
    w, xs = np.array([1.0, 2.0, 3.0]), np.arange(12.0).reshape(4, 3)
    got = fd.vmap(fnp.dot, in_axes=(None, 0))(w, xs)
    np.testing.assert_array_equal(got, xs @ w)


def test_in_axes_pytree_prefix_and_kwargs():
    def g(p, x, *, scale):
        return (p["a"] * x + p["b"]) * scale

    p = {"a": np.arange(3.0), "b": 1.0}
    xs, scales = np.ones((3, 2)), np.array([1.0, 2.0, 3.0])
    got = fd.vmap(g, in_axes=({"a": 0, "b": None}, 0))(p, xs, scale=scales)
    expected = np.stack([(p["a"][i] * xs[i] + 1.0) * scales[i] for i in range(3)])
    np.testing.assert_array_equal(got, expected)


def test_out_axes_and_axis_size():
    xs = np.arange(6.0).reshape(2, 3)
    assert fd.vmap(lambda x: x * 2.0, in_axes=1, out_axes=1)(xs).shape == (2, 3)
    np.testing.assert_array_equal(fd.vmap(lambda: np.ones(2), axis_size=3)(), np.ones((3, 2)))
    out = fd.vmap(lambda x: (x, 5.0), out_axes=(0, None))(np.ones(3))
    assert out[1] == 5.0


def test_nested_vmap_depth_three():
    x = np.random.default_rng(0).normal(size=(2, 3, 4, 5))
    got = fd.vmap(fd.vmap(fd.vmap(f)))(x)
    np.testing.assert_allclose(got, f(x), rtol=1e-15)
    got = fd.vmap(fd.vmap(fd.vmap(fnp.sum, in_axes=1), in_axes=2), in_axes=0)(x)
    np.testing.assert_allclose(got, x.sum(axis=1).transpose(0, 2, 1), rtol=1e-14)


def test_vmap_composes_with_every_transform_both_ways():
    xs = np.linspace(-1.0, 1.0, 5)
    loop = np.array([fd.grad(f)(x) for x in xs])
    np.testing.assert_allclose(fd.vmap(fd.grad(f))(xs), loop, rtol=1e-14)
    np.testing.assert_allclose(fd.grad(lambda v: fnp.sum(fd.vmap(f)(v)))(xs), loop, rtol=1e-14)
    np.testing.assert_allclose(fd.vmap(lambda x: fd.jvp(f, (x,), (1.0,))[1])(xs), loop)
    np.testing.assert_allclose(fd.vmap(lambda x: fd.vjp(f, x)[1](1.0)[0])(xs), loop)
    np.testing.assert_allclose(fd.jit(fd.vmap(fd.grad(f)))(xs), loop, rtol=1e-14)
    np.testing.assert_allclose(fd.vmap(fd.jit(fd.grad(f)))(xs), loop, rtol=1e-14)
    hess = fd.vmap(fd.hessian(f))(xs)
    np.testing.assert_allclose(hess, [fd.grad(fd.grad(f))(x) for x in xs], rtol=1e-13)
    jac = fd.jacfwd(fd.vmap(f))(xs)
    np.testing.assert_allclose(jac, np.diag(loop), rtol=1e-14)
    np.testing.assert_allclose(fd.jacrev(fd.vmap(f))(xs), jac, rtol=1e-14)
    assert "sin" in str(fd.make_jaxpr(fd.vmap(f))(xs))


def test_per_example_gradients_of_logistic_loss():
    rng = np.random.default_rng(0)
    w, xs, ys = rng.normal(size=5), rng.normal(size=(32, 5)), rng.integers(0, 2, 32) * 1.0

    def loss(w, x, y):
        z = fnp.dot(w, x)
        return fnp.logaddexp(0.0, z) - y * z

    got = fd.vmap(fd.grad(loss), in_axes=(None, 0, 0))(w, xs, ys)
    expected = np.stack([(1 / (1 + np.exp(-(w @ x))) - y) * x for x, y in zip(xs, ys)])
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def _eqn_count(fun, *args):
    return len(fd.make_jaxpr(fun)(*args).eqns)


@pytest.mark.parametrize(
    "transform",
    [
        lambda g: fd.vmap(g),
        lambda g: fd.vmap(fd.grad(lambda x: fnp.sum(g(x)))),
        fd.jacfwd,
        fd.jacrev,
        lambda g: fd.hessian(lambda x: fnp.sum(g(x))),
    ],
    ids=["vmap", "vmap_grad", "jacfwd", "jacrev", "hessian"],
)
def test_staged_program_size_does_not_grow_with_batch_or_basis(transform):
    g = lambda x: fnp.tanh(x) * fnp.sin(x)  # noqa: E731
    sizes = {n: _eqn_count(transform(g), np.ones(n)) for n in (2, 8, 64)}
    assert sizes[2] == sizes[8] == sizes[64], sizes


def test_unbatched_matrix_is_not_broadcast():
    a = np.ones((3, 4))
    jaxpr = fd.make_jaxpr(fd.vmap(lambda v: fnp.dot(a, v)))(np.ones((7, 4)))
    assert not [e for e in jaxpr.eqns if e.prim.name == "broadcast_to"]


def test_mismatched_batch_sizes_name_each_argument():
    with pytest.raises(BatchSizeError, match="argument 0 has size 3, argument 1 has size 4"):
        fd.vmap(fnp.add)(np.ones(3), np.ones(4))


def test_no_mapped_input_asks_for_axis_size():
    with pytest.raises(BatchSizeError, match="axis_size=N"):
        fd.vmap(lambda x: x, in_axes=None)(np.ones(3))


def test_in_axes_tree_mismatch_names_the_place():
    with pytest.raises(TreeMismatchError):
        fd.vmap(lambda p: p["a"], in_axes=({"b": 0},))({"a": np.ones(3)})
    with pytest.raises(AxisError, match="one entry per argument"):
        fd.vmap(fnp.add, in_axes=(0,))(np.ones(3), np.ones(3))


def test_axis_out_of_range_says_which():
    with pytest.raises(
        AxisError, match="in_axes for argument 1 is 2, out of range for a value of rank 1"
    ):
        fd.vmap(fnp.add, in_axes=(0, 2))(np.ones(3), np.ones(3))


def test_branching_on_a_batched_value_names_the_fix():
    with pytest.raises(ConcretizationError, match=r"fnp\.where"):
        fd.vmap(lambda x: x if x > 0 else -x)(np.array([1.0, -1.0]))
