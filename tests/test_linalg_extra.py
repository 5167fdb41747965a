"""QR, SVD, pinv, lstsq and the NumPy 2 linalg additions beyond the shared rows: misuse
errors, derivatives that do not exist, NumPy's result types, and fft's shifts and hfft."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import AxisError, OptionError, ShapeError
from funcdiff.test_util import check_grads


def _tall(rng, m, n):
    return rng.uniform(-1.0, 1.0, (m, n)) + 3.0 * np.eye(m, n)


# ----------------------------------------------------------------------------- no derivative
def test_complete_qr_of_tall_input_has_no_derivative(rng):
    a = _tall(rng, 4, 2)
    q, r = fnp.linalg.qr(a, mode="complete")  # the value itself is fine
    np.testing.assert_array_equal(q, np.linalg.qr(a, mode="complete").Q)
    with pytest.raises(OptionError, match="mode='reduced'"):
        fd.grad(lambda x: fnp.sum(fnp.linalg.qr(x, mode="complete").Q))(a)


def test_full_svd_of_rectangular_input_has_no_derivative(rng):
    a = _tall(rng, 4, 3)
    with pytest.raises(OptionError, match="full_matrices=False"):
        fd.jvp(lambda x: fnp.linalg.svd(x).U, (a,), (np.ones_like(a),))
    # the singular values alone are differentiable whatever full_matrices says
    check_grads(lambda x: fnp.linalg.svd(x, compute_uv=False), (a,), order=1)


def test_wide_qr_derivative(rng):
    check_grads(lambda x: fnp.linalg.qr(x), (_tall(rng, 2, 4),), order=2)


# ----------------------------------------------------------------------------- misuse
def test_option_and_shape_errors(rng):
    with pytest.raises(OptionError, match="mode"):
        fnp.linalg.qr(np.eye(2), mode="raw")
    with pytest.raises(ShapeError, match="matrices"):
        fnp.linalg.svd(np.ones(3))
    with pytest.raises(OptionError, match="not both"):
        fnp.linalg.pinv(np.eye(2), rcond=1e-10, rtol=1e-10)
    with pytest.raises(OptionError, match="not both"):
        fnp.linalg.matrix_rank(np.eye(2), tol=1e-3, rtol=1e-3)
    with pytest.raises(ShapeError, match="same m"):
        fnp.linalg.lstsq(np.ones((3, 2)), np.ones(4))
    with pytest.raises(ShapeError, match="3 entries"):
        fnp.linalg.cross(np.ones(2), np.ones(2))
    with pytest.raises(ShapeError, match="axis"):
        fnp.linalg.vecdot(np.ones(3), np.ones(4))
    with pytest.raises(ShapeError, match="not square"):
        fnp.linalg.tensorinv(np.ones((2, 3)), ind=1)
    with pytest.raises(OptionError, match="ind"):
        fnp.linalg.tensorinv(np.eye(2), ind=0)
    with pytest.raises(OptionError, match="ord"):
        fnp.linalg.norm(np.ones((2, 2)), ord=3)
    with pytest.raises(OptionError, match="ord"):
        fnp.linalg.norm(np.ones(3), ord="nuc")
    with pytest.raises(AxisError, match="out of bounds"):
        fnp.fft.fftshift(np.ones(3), axes=1)


# ----------------------------------------------------------------------------- NumPy's results
def test_svd_and_qr_results_are_namedtuples(rng):
    a = _tall(rng, 3, 3)
    u, s, vh = np.linalg.svd(a)
    out = fnp.linalg.svd(a)
    for got, expected in zip((out.U, out.S, out.Vh), (u, s, vh)):
        np.testing.assert_array_equal(got, expected)
    assert fnp.linalg.qr(a)._fields == ("Q", "R")


def test_lstsq_matches_numpy_in_rank_deficient_and_wide_cases(rng):
    b = rng.standard_normal(4)
    deficient = rng.standard_normal((4, 2)) @ rng.standard_normal((2, 3))
    wide = rng.standard_normal((2, 3))
    for a, rhs in ((deficient, b), (wide, b[:2]), (_tall(rng, 4, 3), b)):
        got, expected = fnp.linalg.lstsq(a, rhs), np.linalg.lstsq(a, rhs)
        for g, e in zip(got, expected):
            assert type(g) is type(e)
            assert np.shape(g) == np.shape(e) and np.asarray(g).dtype == np.asarray(e).dtype
            np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)


def test_lstsq_under_grad_keeps_numpy_residual_rule(rng):
    a, b = _tall(rng, 4, 2), rng.standard_normal(4)

    def loss(a):
        x, residuals, rank, _ = fnp.linalg.lstsq(a, b)
        assert residuals.shape == (1,) and int(rank) == 2  # concrete under grad
        return fnp.sum(x) + fnp.sum(residuals)

    check_grads(loss, (a,), order=1)


def test_lstsq_batches_unmapped_matrix_without_broadcasting(rng):
    a, bs = _tall(rng, 4, 2), rng.standard_normal((3, 4))
    jaxpr = fd.make_jaxpr(fd.vmap(lambda b: fnp.linalg.lstsq(a, b)[0]))(bs)
    assert not any(e.prim.name == "broadcast_to" for e in jaxpr.eqns)
    expected = np.stack([np.linalg.lstsq(a, b)[0] for b in bs])
    np.testing.assert_allclose(fd.vmap(lambda b: fnp.linalg.lstsq(a, b)[0])(bs), expected)


def test_rank_cond_and_norm_results(rng):
    assert fnp.linalg.matrix_rank(np.zeros(3)) == 0 == np.linalg.matrix_rank(np.zeros(3))
    assert type(fnp.linalg.matrix_rank(np.eye(3))) is type(np.linalg.matrix_rank(np.eye(3)))
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    assert fnp.linalg.cond(singular, 1) == np.linalg.cond(singular, 1) == np.inf
    x = np.array([[0.0, 2.0, -1.0], [3.0, 0.0, 0.0]], np.float32)
    for ord in (0, 0.5):
        got, expected = fnp.linalg.norm(x, ord=ord, axis=1), np.linalg.norm(x, ord=ord, axis=1)
        assert got.dtype == expected.dtype
        np.testing.assert_allclose(got, expected, rtol=1e-6)
    got, expected = fnp.linalg.norm(x + 1.0, ord=-1), np.linalg.norm(x + 1.0, ord=-1)
    assert got.dtype == expected.dtype and np.isclose(got, expected)
    got = fnp.linalg.vector_norm(x, keepdims=True)
    assert got.shape == (1, 1) and got.dtype == np.float32


def test_pinv_grad_is_symmetric_for_hermitian_input(rng):
    a = rng.standard_normal((3, 3))
    a = a @ a.T + 3.0 * np.eye(3)
    grad = fd.grad(
        lambda x: fnp.sum(fnp.linalg.pinv(x, hermitian=True) * np.arange(9.0).reshape(3, 3))
    )
    np.testing.assert_allclose(grad(a), grad(a).T, atol=1e-12)
    np.testing.assert_allclose(
        fnp.linalg.pinv(a, hermitian=True), np.linalg.pinv(a, hermitian=True)
    )


# ----------------------------------------------------------------------------- fft
def test_fft_shifts_and_hermitian_transforms_match_numpy(rng):
    x = rng.standard_normal((4, 5))
    c = x[:, :3] + 1j * rng.standard_normal((4, 3))
    for axes in (None, 0, (1,), (0, 1)):
        np.testing.assert_array_equal(fnp.fft.fftshift(x, axes), np.fft.fftshift(x, axes))
        np.testing.assert_array_equal(fnp.fft.ifftshift(x, axes), np.fft.ifftshift(x, axes))
    for norm in (None, "ortho", "forward"):
        np.testing.assert_array_equal(fnp.fft.hfft(c, 6, 1, norm), np.fft.hfft(c, 6, 1, norm))
        np.testing.assert_array_equal(fnp.fft.ihfft(x, 4, 0, norm), np.fft.ihfft(x, 4, 0, norm))
    assert fnp.fft.ihfft(x.astype(np.float32)).dtype == np.complex64
