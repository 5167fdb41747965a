"""Special values of the binary family that finite differences cannot check: derivatives at
kinks and ties, at x = 0 for powers, with NaN operands, and the errors NumPy raises."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp


def test_integer_power_derivatives_are_exact_at_zero():
    assert fd.grad(lambda x: x**2)(0.0) == 0.0
    assert fd.grad(fd.grad(lambda x: x**3))(0.0) == 0.0
    assert fd.grad(fd.grad(lambda x: x**2))(0.0) == 2.0
    assert fd.grad(lambda x: x**1)(0.0) == 1.0
    assert fd.grad(lambda x: x**0)(0.0) == 0.0
    # Exact at negative bases too: d/dx x^3 = 3 x^2.
    assert fd.grad(lambda x: x**3)(-2.0) == 12.0


def test_power_derivatives_at_zero_base():
    grads = fd.grad(lambda x, y: fnp.power(x, y), argnums=(0, 1))(0.0, 2.0)
    assert [float(g) for g in grads] == [0.0, 0.0]
    # x^y log x -> 0 as x -> 0 for y > 0, to second order as well.
    assert fd.grad(fd.grad(lambda y: fnp.power(0.0, y)))(1.5) == 0.0


def test_power_exponent_with_zero_tangent_is_not_nan():
    # At a negative base log x is nan, but the exponent's tangent is zero there.
    x, y = np.array([-2.0, -3.0]), np.array([2.0, 3.0])
    _, out_dot = fd.jvp(fnp.power, (x, y), (np.ones(2), np.zeros(2)))
    np.testing.assert_array_equal(out_dot, y * x ** (y - 1))


def test_integer_to_negative_integer_power_raises():
    with pytest.raises(ValueError, match="negative integer powers"):
        fnp.power(np.arange(1, 3), -1)
    with pytest.raises(ValueError, match="negative integer powers"):
        fd.jit(lambda x: x**-2)(np.arange(1, 3))
    with pytest.raises(ValueError, match="negative integer powers"):
        fnp.power(np.arange(1, 3), np.array([-1, -1]))


@pytest.mark.parametrize("fn", [fnp.maximum, fnp.minimum, fnp.fmax, fnp.fmin])
def test_ties_split_the_derivative(fn):
    grads = fd.grad(lambda x, y: fn(x, y), argnums=(0, 1))(1.0, 1.0)
    assert [float(g) for g in grads] == [0.5, 0.5]
    assert fd.grad(lambda x: fn(x, x))(1.0) == 1.0


def test_fmax_follows_the_operand_that_is_not_nan():
    x, y = np.array([np.nan, 1.0]), np.array([2.0, np.nan])
    gx, gy = fd.vjp(fnp.fmax, x, y)[1](np.ones(2))
    np.testing.assert_array_equal(gx, [0.0, 1.0])
    np.testing.assert_array_equal(gy, [1.0, 0.0])


def test_clip_derivatives():
    x = np.array([-1.0, 0.2, 2.0])
    np.testing.assert_array_equal(
        fd.jvp(lambda x: fnp.clip(x, 0.0, 1.0), (x,), (np.ones(3),))[1], [0.0, 1.0, 0.0]
    )
    lo, hi = np.zeros(3), np.ones(3)
    grads = fd.vjp(fnp.clip, x, lo, hi)[1](np.ones(3))
    np.testing.assert_array_equal(np.stack(grads), [[0, 1, 0], [1, 0, 0], [0, 0, 1]])
    assert fnp.clip(x).tolist() == x.tolist()
    with pytest.raises(TypeError, match="both a_min and min"):
        fnp.clip(x, 0.0, 1.0, min=0.0)


def test_where_branch_not_taken_gets_exact_zero():
    with np.errstate(divide="ignore"):  # the untaken branch's slope 0.5 / sqrt(0) is inf
        x_ct = fd.vjp(lambda x: fnp.where(x > 0, x**0.5, 0.0), np.array([0.0, 4.0]))[1](np.ones(2))[
            0
        ]
    np.testing.assert_array_equal(x_ct, [0.0, 0.25])


def test_where_needs_both_branches():
    with pytest.raises(ValueError, match="both or neither"):
        fnp.where(np.ones(2) > 0, 1.0)


def test_comparisons_and_logic_on_tracers():
    def f(x):
        mask = (x > 0.5) & ~(x == 1.0) | fnp.logical_xor(x < 0.0, False)
        return fnp.where(mask, x * 3.0, x)

    x = np.array([-1.0, 0.2, 1.0, 2.0])
    _, out_dot = fd.jvp(f, (x,), (np.ones(4),))
    np.testing.assert_array_equal(out_dot, [3.0, 1.0, 1.0, 3.0])
    np.testing.assert_array_equal(fd.jit(f)(x), f(x))


def test_mod_derivative_in_the_divisor():
    x, y = np.array([2.5, -2.5, 2.5, -2.5]), np.array([1.1, 1.1, -1.1, -1.1])
    (y_ct,) = fd.vjp(lambda y: fnp.mod(x, y), y)[1](np.ones(4))
    np.testing.assert_array_equal(y_ct, -np.floor(x / y))
    (y_ct,) = fd.vjp(lambda y: fnp.fmod(x, y), y)[1](np.ones(4))
    np.testing.assert_array_equal(y_ct, -np.trunc(x / y))
