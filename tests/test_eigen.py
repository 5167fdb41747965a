"""linalg.eig, linalg.eigvals and roots: NumPy's value-dependent dtypes, errors, complex
inputs, second derivatives of complex outputs, and roots' zero stripping."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import ShapeError
from funcdiff.test_util import check_grads

REAL = np.array([[2.0, 1.0, 0.0], [0.5, 3.0, 0.2], [0.1, 0.0, -1.0]])  # real spectrum
ROTATION = np.array([[0.5, 1.5, 0.3], [-1.5, 0.5, 0.0], [0.2, 0.1, -1.0]])  # a complex pair


def _assert_same(got, expected):
    for g, e in zip(got, expected):
        assert np.asarray(g).dtype == np.asarray(e).dtype, (g, e)
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("a", [REAL, ROTATION, np.stack([REAL, ROTATION])])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.complex128])
def test_eig_matches_numpy_eagerly_and_under_jvp(a, dtype):
    a = (a * 10).astype(dtype) if dtype == np.int64 else a.astype(dtype)
    expected = np.linalg.eig(a)
    _assert_same(fnp.linalg.eig(a), expected)
    _assert_same([fnp.linalg.eigvals(a)], [np.linalg.eigvals(a)])
    if a.dtype.kind == "f":
        # Under jvp the primal is concrete, so NumPy's dtype rule applies there too.
        primal, _ = fd.jvp(fnp.linalg.eig, (a,), (np.ones_like(a),))
        for g, e in zip(primal, expected):
            assert g.dtype == e.dtype
            np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-5)


def test_eig_result_fields():
    out = fnp.linalg.eig(REAL)
    assert isinstance(out, fnp.linalg.EigResult)
    np.testing.assert_allclose(REAL @ out.eigenvectors, out.eigenvectors * out.eigenvalues)


def test_eig_is_complex_under_vmap_and_jit():
    # The real/complex choice depends on values, unknown while tracing: always complex there.
    stack = np.stack([REAL, REAL])
    assert fd.vmap(fnp.linalg.eig)(stack).eigenvalues.dtype == np.complex128
    w = fd.jit(fnp.linalg.eigvals)(REAL.astype(np.float32))
    assert w.dtype == np.complex64
    np.testing.assert_allclose(w, np.linalg.eigvals(REAL.astype(np.float32)), rtol=1e-6)


@pytest.mark.parametrize("fn", [fnp.linalg.eig, fnp.linalg.eigvals])
def test_non_square_raises(fn):
    with pytest.raises(ShapeError, match="square"):
        fn(np.ones((2, 3)))
    with pytest.raises(ShapeError, match="square"):
        fd.jit(fn)(np.ones(3))


def test_non_finite_raises_under_jit():
    with pytest.raises(np.linalg.LinAlgError, match="infs or NaNs"):
        fd.jit(fnp.linalg.eig)(np.array([[1.0, np.nan], [0.0, 1.0]]))


def test_complex_input_jvp_matches_finite_differences():
    rng = np.random.default_rng(0)
    a = ROTATION + 1j * rng.uniform(-0.5, 0.5, (3, 3))
    t = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
    _, (w_dot, v_dot) = fd.jvp(fnp.linalg.eig, (a,), (t,))
    eps = 1e-6
    plus, minus = np.linalg.eig(a + eps * t), np.linalg.eig(a - eps * t)
    np.testing.assert_allclose(w_dot, (plus[0] - minus[0]) / (2 * eps), atol=1e-7)
    np.testing.assert_allclose(v_dot, (plus[1] - minus[1]) / (2 * eps), atol=1e-7)


def test_eigenvector_derivative_keeps_lapack_normalization():
    # Raw complex eigenvectors (unit norm, largest entry real) against finite differences.
    rng = np.random.default_rng(1)
    t = rng.standard_normal((3, 3))
    _, (_, v_dot) = fd.jvp(fnp.linalg.eig, (ROTATION,), (t,))
    eps = 1e-6
    plus, minus = np.linalg.eig(ROTATION + eps * t), np.linalg.eig(ROTATION - eps * t)
    np.testing.assert_allclose(v_dot, (plus[1] - minus[1]) / (2 * eps), atol=1e-7)


def _modulus(z):
    # Not fnp.abs(z) ** 2: abs's second derivative on complex input is wrong (its rule uses
    # sign(z), whose derivative is taken as 0, which holds for real z only).
    return fnp.real(z) ** 2 + fnp.imag(z) ** 2


def test_modulus_second_order_forward():
    # The rows check moduli to order 1 only (reverse over reverse through real() hits a
    # ComplexWarning outside this family); forward mode reaches order 2.
    check_grads(lambda a: tuple(map(_modulus, fnp.linalg.eig(a))), (ROTATION,), order=2,
                modes=("fwd",))  # fmt: skip
    check_grads(lambda p: _modulus(fnp.roots(p)), (np.array([1.0, 0.5, 2.0, 1.0]),), order=2,
                modes=("fwd",))  # fmt: skip


@pytest.mark.parametrize(
    "p",
    [
        [0.0, 0.0, 2.0, -6.0, 4.0, 0.0, 0.0],  # leading and trailing zeros
        [1.0, 0.0, 1.0],  # complex roots
        [3.0],  # a constant: no roots
        [0.0, 0.0],  # all zeros: no roots
        [0.0, 2.0, 0.0],  # one root at 0 only
    ],
)
def test_roots_strips_zeros_as_numpy_under_jvp(p):
    p = np.array(p)
    expected = np.roots(p)
    _assert_same([fnp.roots(p)], [expected])
    primal, tangent = fd.jvp(fnp.roots, (p,), (np.ones_like(p),))
    assert primal.shape == expected.shape and primal.dtype == expected.dtype
    np.testing.assert_allclose(primal, expected, atol=1e-12)
    assert np.all(np.isfinite(tangent))


def test_roots_grad_with_zero_padding():
    # Finite differences would move the zeros (and change the degree); check the exact value.
    p = np.array([0.0, 2.0, -6.0, 4.0, 0.0])
    # The roots of a x^2 + b x + c sum to -b / a: d/da = b / a^2, d/db = -1 / a.
    g = fd.grad(lambda p: fnp.sum(fnp.roots(p)))(p)
    np.testing.assert_allclose(g, [0.0, -6.0 / 4.0, -0.5, 0.0, 0.0], atol=1e-12)


def test_roots_dtypes_and_shapes():
    _assert_same([fnp.roots(np.array([1, -3, 2]))], [np.roots(np.array([1, -3, 2]))])
    p32 = np.array([1.0, -3.0, 2.0], np.float32)
    assert fd.jvp(fnp.roots, (p32,), (np.ones_like(p32),))[0].dtype == np.float32
    with pytest.raises(ShapeError, match="rank-1"):
        fd.jit(fnp.roots)(np.ones((2, 2)))
    out = fd.jit(fnp.roots)(np.array([1.0, -3.0, 2.0]))
    assert out.dtype == np.complex128
    np.testing.assert_allclose(out, [2.0, 1.0])
