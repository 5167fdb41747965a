"""Products, linalg and fft beyond the shared rows: shape errors, batching that never
broadcasts an unbatched operand, dot_general's rules on unusual axis layouts, and norms."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff import primitives as P
from funcdiff.errors import ShapeError
from funcdiff.test_util import check_grads


def _eqns(jaxpr, name):
    return [e for e in jaxpr.eqns if e.prim.name == name]


# ----------------------------------------------------------------------------- shape errors
def test_matmul_mismatch_names_both_shapes(rng):
    a, b = rng.standard_normal((2, 3)), rng.standard_normal((4, 5))
    with pytest.raises(ShapeError, match=r"\(2, 3\) and \(4, 5\)"):
        fnp.matmul(a, b)
    with pytest.raises(ShapeError, match=r"\(2, 3\) and \(4, 5\)"):
        fd.grad(lambda x: fnp.sum(x @ b))(a)


def test_matmul_scalar_and_unbroadcastable_stacks(rng):
    with pytest.raises(ShapeError, match="scalar"):
        fnp.matmul(2.0, np.ones((2, 2)))
    with pytest.raises(ShapeError, match="broadcast"):
        fnp.matmul(np.ones((2, 2, 3)), np.ones((3, 3, 4)))


def test_dot_tensordot_solve_shape_errors():
    with pytest.raises(ShapeError, match=r"\(3,\) and \(4,\)"):
        fnp.dot(np.ones(3), np.ones(4))
    with pytest.raises(ShapeError, match="tensordot"):
        fnp.tensordot(np.ones((2, 3)), np.ones((4, 2)), axes=1)
    with pytest.raises(ShapeError, match="square"):
        fnp.linalg.inv(np.ones((2, 3)))
    with pytest.raises(ShapeError, match="rows"):
        fnp.linalg.solve(np.eye(3), np.ones(2))


def test_einsum_errors_are_value_errors():
    with pytest.raises(ValueError, match="interleaved"):
        fnp.einsum(np.ones(3), [0], [0])
    with pytest.raises(ValueError, match="operands"):
        fnp.einsum("i,i->", np.ones(3))
    with pytest.raises(ShapeError, match="'i'"):
        fnp.einsum("i,i->", np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="invalid subscripts"):
        fnp.einsum("i1->i", np.ones(3))


def test_option_errors_are_value_errors():
    with pytest.raises(ValueError, match="norm"):
        fnp.fft.fft(np.ones(4), norm="unitary")
    with pytest.raises(ValueError, match="ord"):
        fnp.linalg.norm(np.ones((2, 2)), ord=3)
    with pytest.raises(TypeError, match="out="):
        fnp.dot(np.ones(2), np.ones(2), out=np.ones(()))


# ----------------------------------------------------------------------------- batching
def test_vmap_keeps_unbatched_matrix_unbatched(rng):
    a = rng.standard_normal((4, 3))
    vs = rng.standard_normal((5, 3))
    jaxpr = fd.make_jaxpr(fd.vmap(lambda v: fnp.dot(a, v)))(vs)
    (eqn,) = _eqns(jaxpr, "dot_general")
    assert eqn.invars[0].aval.shape == (4, 3)  # the matrix as it is, no (5, 4, 3) broadcast
    assert not _eqns(jaxpr, "broadcast_to")
    out = fd.vmap(lambda v: fnp.dot(a, v))(vs)
    np.testing.assert_allclose(out, vs @ a.T, rtol=1e-13)


def test_vmap_batched_vector_times_matrix_is_one_matrix_product(rng):
    w = rng.standard_normal((3, 2))
    vs = rng.standard_normal((5, 3))
    for in_axis, xs in ((0, vs), (1, vs.T)):
        f = fd.vmap(lambda v: v @ w, in_axes=in_axis)
        (eqn,) = _eqns(fd.make_jaxpr(f)(xs), "dot_general")
        assert [v.aval.shape for v in eqn.invars] == [xs.shape, (3, 2)]
        np.testing.assert_allclose(f(xs), vs @ w, rtol=1e-13)


def test_vmap_solve_over_right_sides_only(rng):
    a = rng.standard_normal((3, 3)) + 3 * np.eye(3)
    bs = rng.standard_normal((4, 3))
    f = fd.vmap(fnp.linalg.solve, in_axes=(None, 0))
    (eqn,) = _eqns(fd.make_jaxpr(f)(a, bs), "solve")
    assert eqn.invars[0].aval.shape == (3, 3)
    np.testing.assert_allclose(f(a, bs), np.stack([np.linalg.solve(a, b) for b in bs]), rtol=1e-12)
    grads = fd.vmap(fd.grad(lambda a, b: fnp.sum(fnp.linalg.solve(a, b))), (None, 0))(a, bs)
    loop = [fd.grad(lambda a, b: fnp.sum(fnp.linalg.solve(a, b)))(a, b) for b in bs]
    np.testing.assert_allclose(grads, np.stack(loop), rtol=1e-12)


# ----------------------------------------------------------------------------- dot_general
LAYOUTS = [
    # (x shape, y shape, dimension_numbers): batch axes not in front, several contractions
    ((3, 2, 4), (4, 2, 5), (((2,), (0,)), ((1,), (1,)))),
    ((2, 3, 4), (4, 3), (((1, 2), (1, 0)), ((), ()))),
    ((3, 2), (2, 3), (((), ()), ((), ()))),
    ((2, 4, 3), (3, 2, 5, 4), (((1,), (3,)), ((0, 2), (1, 0)))),
]


@pytest.mark.parametrize("x_shape, y_shape, dims", LAYOUTS)
def test_dot_general_layouts(x_shape, y_shape, dims, rng):
    x, y = rng.standard_normal(x_shape), rng.standard_normal(y_shape)
    f = lambda x, y: P.dot_general(x, y, dimension_numbers=dims)  # noqa: E731
    (xc, yc), (xb, yb) = dims
    letters = iter("abcdefghij")
    xs, ys = [next(letters) for _ in x_shape], [None] * len(y_shape)
    for i, j in zip(xc + xb, yc + yb, strict=True):
        ys[j] = xs[i]
    ys = [c or next(letters) for c in ys]
    free_x = [c for i, c in enumerate(xs) if i not in xc + xb]
    free_y = [c for j, c in enumerate(ys) if j not in yc + yb]
    spec = f"{''.join(xs)},{''.join(ys)}->{''.join([xs[i] for i in xb] + free_x + free_y)}"
    np.testing.assert_allclose(f(x, y), np.einsum(spec, x, y), rtol=1e-12, atol=1e-12)
    check_grads(f, (x, y), order=2)
    for x_axis, y_axis in ((0, 0), (0, None), (None, 1), (1, 2)):
        x_list = [x, 2 * x] if x_axis is not None else [x, x]
        y_list = [y, -y] if y_axis is not None else [y, y]
        x_in = x if x_axis is None else np.stack(x_list, axis=x_axis)
        y_in = y if y_axis is None else np.stack(y_list, axis=y_axis)
        got = fd.vmap(f, in_axes=(x_axis, y_axis))(x_in, y_in)
        expected = np.stack([f(a, b) for a, b in zip(x_list, y_list, strict=True)])
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_matmul_keeps_float32_and_promotes_like_numpy(rng):
    a32 = rng.standard_normal((3, 3)).astype(np.float32)
    assert fnp.matmul(a32, a32).dtype == np.float32
    assert fnp.dot(a32, 2.0).dtype == np.dot(a32, 2.0).dtype
    assert fnp.dot(np.arange(3), np.arange(3)) == 5
    assert fnp.fft.fft(a32).dtype == np.complex64
    assert fnp.fft.irfft(fnp.fft.rfft(a32)).dtype == np.float32


# ----------------------------------------------------------------------------- norms
def test_norm_gradient_at_zero_is_zero():
    for f in (fnp.linalg.norm, lambda x: fnp.linalg.norm(x, axis=0)):
        g = fd.grad(lambda x: fnp.sum(f(x)))(np.zeros((3, 2)))
        np.testing.assert_array_equal(g, np.zeros((3, 2)))
    h = fd.hessian(fnp.linalg.norm)(np.array([3.0, 4.0]))
    np.testing.assert_allclose(h, (np.eye(2) - np.outer([0.6, 0.8], [0.6, 0.8])) / 5.0)


def test_norm_in_python_loop_under_grad():
    def f(x):
        y = x * 2.0
        while fnp.linalg.norm(y) < 1000:
            y = y * 2.0
        return fnp.sum(y)

    x = np.array([0.5, -1.0, 2.0])
    g = fd.grad(f)(x)
    np.testing.assert_allclose(g, np.full(3, 512.0))  # |2x| = 4.58 doubles 8 times


def test_fft_of_complex_values_matches_numpy(rng):
    z = rng.standard_normal(6) + 1j * rng.standard_normal(6)
    for name in ("fft", "ifft"):
        np.testing.assert_allclose(getattr(fnp.fft, name)(z, n=8), getattr(np.fft, name)(z, n=8))
    np.testing.assert_allclose(
        fnp.fft.fftn(z.reshape(2, 3), s=(3, 2), axes=(0, 1)),
        np.fft.fftn(z.reshape(2, 3), s=(3, 2), axes=(0, 1)),
    )
