"""Laws every transform obeys, checked by hypothesis on random shapes, values and axes."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import funcdiff as fd
import funcdiff.numpy as fnp


def float_arrays(shape=None, max_dims=3, domain=(-2.0, 2.0), dtype=np.float64):
    """Finite float arrays of a given or random shape with values in ``domain``."""
    shapes = (
        st.just(shape)
        if shape is not None
        else array_shapes(min_dims=0, max_dims=max_dims, max_side=4)
    )
    elements = st.floats(*domain, allow_nan=False, allow_infinity=False, width=64)
    return shapes.flatmap(lambda s: arrays(dtype, s, elements=elements))


def composite(x):
    # A mix of families: unary, binary with a constant, a reduction and a where.
    y = fnp.sin(x) * x + fnp.exp(-x * x) - fnp.tanh(2.0 * x)
    return fnp.where(x > 0.5, y, y * y) + fnp.sum(y) / (1.0 + x.size)


@settings(deadline=None)
@given(x=float_arrays(), data=st.data())
def test_vjp_is_adjoint_of_jvp(x, data):
    t = data.draw(float_arrays(shape=x.shape))
    u = data.draw(float_arrays(shape=x.shape))
    _, out_dot = fd.jvp(composite, (x,), (t,))
    (x_ct,) = fd.vjp(composite, x)[1](u)
    np.testing.assert_allclose(np.vdot(u, out_dot), np.vdot(x_ct, t), rtol=1e-10, atol=1e-10)


@settings(deadline=None)
@given(x=float_arrays(), data=st.data(), a=st.floats(-3, 3), b=st.floats(-3, 3))
def test_jvp_is_linear_in_the_tangent(x, data, a, b):
    t1 = data.draw(float_arrays(shape=x.shape))
    t2 = data.draw(float_arrays(shape=x.shape))
    lhs = fd.jvp(composite, (x,), (a * t1 + b * t2,))[1]
    rhs = a * fd.jvp(composite, (x,), (t1,))[1] + b * fd.jvp(composite, (x,), (t2,))[1]
    np.testing.assert_allclose(lhs, rhs, rtol=1e-9, atol=1e-9)


@settings(deadline=None)
@given(x=float_arrays())
def test_grad_is_vjp_of_a_scalar_with_one(x):
    f = lambda x: fnp.sum(composite(x))  # noqa: E731
    out, pullback = fd.vjp(f, x)
    reverse = pullback(np.ones_like(out))[0]
    if x.size != 1:
        np.testing.assert_array_equal(fd.grad(f)(x), reverse)
        return
    # One input number: grad is one forward pass, the jvp with tangent 1 bit for bit. The
    # reverse pass multiplies the chain rule's factors in the other order, so the two agree
    # to rounding (the tolerance of the adjoint law above).
    forward = fd.jvp(f, (x,), (np.ones_like(x),))[1]
    np.testing.assert_array_equal(fd.grad(f)(x), np.reshape(forward, x.shape))
    np.testing.assert_allclose(fd.grad(f)(x), reverse, rtol=1e-10, atol=1e-10)


@settings(deadline=None)
@given(x=float_arrays(max_dims=3), data=st.data())
def test_vmap_equals_a_loop(x, data):
    if x.ndim == 0:
        return
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    out_axis = data.draw(st.integers(0, x.ndim - 1))
    got = fd.vmap(composite, in_axes=axis, out_axes=out_axis)(x)
    expected = np.stack([composite(xi) for xi in np.moveaxis(x, axis, 0)], axis=out_axis)
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-13)


@settings(deadline=None)
@given(x=float_arrays())
def test_jit_equals_eager(x):
    np.testing.assert_array_equal(fd.jit(composite)(x), composite(x))
    g = lambda x: fnp.sum(composite(x))  # noqa: E731
    np.testing.assert_array_equal(fd.jit(fd.grad(g))(x), fd.grad(g)(x))


@settings(deadline=None)
@given(x=float_arrays(dtype=np.float32, domain=(-2.0, 2.0)))
def test_facade_matches_numpy_values_shapes_dtypes(x):
    for fn, ref in [
        (fnp.sin, np.sin),
        (fnp.exp, np.exp),
        (lambda v: v * 2.0, lambda v: v * 2.0),
        (
            lambda v: fnp.sum(v, axis=-1) if v.ndim else fnp.sum(v),
            lambda v: np.sum(v, axis=-1) if v.ndim else np.sum(v),
        ),
    ]:
        got, expected = fn(x), ref(x)
        assert np.shape(got) == np.shape(expected)
        assert np.asarray(got).dtype == np.asarray(expected).dtype
        np.testing.assert_array_equal(got, expected)
