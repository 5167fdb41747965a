"""Special points of reductions and scans that finite differences cannot check: tied extrema,
products and running products through zeros, zero variance, NumPy's dtypes, and misuse."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import AxisError, ShapeError, ValueDomainError


# ----------------------------------------------------------------------------- ties
def test_tied_maxima_share_the_derivative_equally():
    x = np.array([1.0, 3.0, 3.0, 2.0, 3.0])
    np.testing.assert_array_equal(fd.grad(fnp.max)(x), [0, 1 / 3, 1 / 3, 0, 1 / 3])
    np.testing.assert_array_equal(fd.grad(fnp.min)(-x), [0, 1 / 3, 1 / 3, 0, 1 / 3])
    # Forward mode agrees: the mean of the tangents at the tied positions.
    t = np.array([5.0, 1.0, 2.0, 7.0, 6.0])
    assert fd.jvp(fnp.max, (x,), (t,))[1] == 3.0
    # max(x, x, ...) of equal entries moves exactly with a common shift.
    assert fd.jvp(fnp.max, (np.ones(4),), (np.ones(4),))[1] == 1.0


def test_ties_along_an_axis_and_under_vmap():
    x = np.array([[2.0, 2.0, 1.0], [0.0, 5.0, 4.0]])
    expected = np.array([[0.5, 0.5, 0.0], [0.0, 1.0, 0.0]])
    np.testing.assert_array_equal(fd.grad(lambda x: fnp.sum(fnp.max(x, axis=1)))(x), expected)
    np.testing.assert_array_equal(fd.vmap(fd.grad(fnp.max))(x), expected)
    np.testing.assert_array_equal(fd.jacrev(lambda x: fnp.max(x, axis=1))(x)[0, 0], [0.5, 0.5, 0])


def test_max_with_nan_follows_the_nan():
    x = np.array([1.0, np.nan, 2.0])
    assert np.isnan(fnp.max(x))
    np.testing.assert_array_equal(fd.grad(fnp.max)(x), [0.0, 1.0, 0.0])


# ----------------------------------------------------------------------------- zeros
def test_prod_gradient_at_one_zero_is_the_product_of_the_others():
    x = np.array([2.0, 0.0, 3.0, -1.5])
    np.testing.assert_array_equal(fd.grad(fnp.prod)(x), [0.0, -9.0, 0.0, 0.0])
    # Second derivatives: d2/dxi dxj = prod of the entries other than i and j, 0 on the diagonal.
    hess = np.array(
        [[0.0 if i == j else np.prod(np.delete(x, [i, j])) for j in range(4)] for i in range(4)]
    )
    np.testing.assert_allclose(fd.hessian(fnp.prod)(x), hess, rtol=1e-15)
    np.testing.assert_allclose(fd.jacfwd(fd.grad(fnp.prod))(x), hess, rtol=1e-15)


def test_prod_gradient_with_two_zeros_is_zero():
    x = np.array([0.0, 2.0, 0.0])
    np.testing.assert_array_equal(fd.grad(fnp.prod)(x), np.zeros(3))
    np.testing.assert_array_equal(fd.jvp(fnp.prod, (x,), (np.ones(3),))[1], 0.0)


def test_prod_along_an_axis_with_zeros():
    x = np.array([[1.0, 0.0, 4.0], [2.0, 3.0, 5.0]])
    expected = np.array([[0.0, 4.0, 0.0], [15.0, 10.0, 6.0]])
    np.testing.assert_allclose(fd.grad(lambda x: fnp.sum(fnp.prod(x, axis=1)))(x), expected)


def test_cumprod_jacobian_is_exact_through_zeros():
    x = np.array([2.0, 0.0, 3.0, -1.0, 0.5])
    # d cumprod_k / d x_i = prod of x_j for j <= k, j != i (and 0 for i > k).
    jac = np.array(
        [[np.prod(np.delete(x[: k + 1], i)) if i <= k else 0.0 for i in range(5)] for k in range(5)]
    )
    np.testing.assert_allclose(fd.jacfwd(fnp.cumprod)(x), jac, rtol=1e-15)
    np.testing.assert_allclose(fd.jacrev(fnp.cumprod)(x), jac, rtol=1e-15)


def test_std_at_zero_variance_has_zero_derivative():
    x = np.full((2, 3), 1.5)
    np.testing.assert_array_equal(fd.grad(fnp.std)(x), np.zeros((2, 3)))
    np.testing.assert_array_equal(fd.hessian(fnp.std)(np.ones(2)), np.zeros((2, 2)))
    assert fnp.std(x) == 0.0


def test_var_derivative_closed_form():
    x = np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(fd.grad(fnp.var)(x), 2 * (x - x.mean()) / 3)
    np.testing.assert_allclose(fd.grad(lambda x: fnp.var(x, ddof=1))(x), (x - x.mean()))


def test_cumsum_transpose_is_a_reversed_cumsum():
    ct = np.array([1.0, 2.0, 3.0])
    _, pullback = fd.vjp(fnp.cumsum, np.zeros(3))
    np.testing.assert_array_equal(pullback(ct)[0], [6.0, 5.0, 3.0])


# ----------------------------------------------------------------------------- dtypes
@pytest.mark.parametrize(
    "fn, x",
    [
        (fnp.sum, np.arange(4, dtype=np.int32)),
        (fnp.sum, np.array([True, False, True])),
        (fnp.sum, np.arange(4, dtype=np.uint16)),
        (fnp.prod, np.arange(1, 4, dtype=np.int8)),
        (fnp.mean, np.arange(4, dtype=np.int32)),
        (fnp.mean, np.arange(4, dtype=np.float32)),
        (fnp.mean, np.arange(4, dtype=np.float16)),
        (fnp.var, np.arange(4, dtype=np.int16)),
        (fnp.std, np.arange(4, dtype=np.float32)),
        (fnp.cumsum, np.arange(4, dtype=np.int32)),
        (fnp.cumprod, np.array([True, True])),
        (fnp.argmax, np.arange(4, dtype=np.float32)),
        (fnp.count_nonzero, np.arange(4.0)),
        (fnp.all, np.arange(4.0)),
        (fnp.average, np.arange(4, dtype=np.int32)),
    ],
)
def test_dtypes_match_numpy_eagerly_and_under_jit(fn, x):
    expected = getattr(np, fn.__name__)(x)
    for out in (fn(x), fd.jit(fn)(x)):
        assert np.asarray(out).dtype == np.asarray(expected).dtype
        np.testing.assert_allclose(out, expected, rtol=1e-6)


def test_zero_d_sum_returns_a_new_value():
    x = np.array(2.0)
    out = fnp.sum(x)
    assert out == 2.0 and not np.shares_memory(out, x)


def test_empty_reductions_follow_numpy():
    empty = np.zeros((0, 3))
    np.testing.assert_array_equal(fnp.all(empty, axis=0), np.all(empty, axis=0))
    np.testing.assert_array_equal(fnp.any(empty, axis=0), np.any(empty, axis=0))
    np.testing.assert_array_equal(fnp.sum(empty, axis=0), np.zeros(3))
    np.testing.assert_array_equal(fnp.max(empty, axis=0, initial=-1.0), np.full(3, -1.0))
    with pytest.raises(ValueError, match="zero-size"):
        fnp.max(empty, axis=0)


# ----------------------------------------------------------------------------- misuse
def test_misuse_raises_clear_errors():
    x = np.ones((2, 3))
    with pytest.raises(AxisError, match="out of bounds"):
        fnp.sum(x, axis=2)
    with pytest.raises(AxisError, match="repeated axis"):
        fnp.mean(x, axis=(0, -2))
    with pytest.raises(ValueDomainError, match="out= is not supported"):
        fnp.sum(x, out=np.zeros(3))
    with pytest.raises(ValueDomainError, match="needs initial="):
        fnp.max(x, where=x > 0)
    with pytest.raises(ValueDomainError, match="ddof or correction"):
        fnp.var(x, ddof=1, correction=1)
    with pytest.raises(AxisError, match="axis must name"):
        fnp.average(x, weights=np.ones(3))
    with pytest.raises(ShapeError, match="1-D of length 3"):
        fnp.average(x, axis=1, weights=np.ones(2))
    with pytest.raises(ZeroDivisionError, match="Weights sum to zero"):
        fnp.average(x, axis=1, weights=np.array([1.0, -1.0, 0.0]))
