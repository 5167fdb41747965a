"""Creation functions against NumPy (values and dtypes), their traced forms under transforms,
and the errors raised by misused shape functions."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import AxisError, DtypeError, ShapeError
from funcdiff.test_util import check_grads

CALLS = {
    "zeros": lambda m: m.zeros((2, 3)),
    "zeros_int32": lambda m: m.zeros(3, dtype=np.int32),
    "ones": lambda m: m.ones((2,), dtype=np.float32),
    "full_int": lambda m: m.full((2,), 3),
    "full_f32": lambda m: m.full((2, 2), 1.5, dtype=np.float32),
    "eye": lambda m: m.eye(3, 4, k=1, dtype=np.float32),
    "identity": lambda m: m.identity(3),
    "arange_int": lambda m: m.arange(5),
    "arange_float": lambda m: m.arange(1.0, 2.0, 0.25),
    "arange_dtype": lambda m: m.arange(0, 4, 2, dtype=np.float32),
    "linspace": lambda m: m.linspace(0.0, 1.0, 7),
    "linspace_open_step": lambda m: m.linspace(0, 1, 5, endpoint=False, retstep=True),
    "linspace_int": lambda m: m.linspace(-3, 3, 4, dtype=int),
    "linspace_f32": lambda m: m.linspace(np.float32(0), 2.0, 3),
    "linspace_arrays": lambda m: m.linspace(np.zeros(2), np.ones(2), 3, axis=1),
    "logspace": lambda m: m.logspace(0.0, 2.0, 3),
    "logspace_base2": lambda m: m.logspace(0, 3, 4, base=2.0, endpoint=False),
    "zeros_like": lambda m: m.zeros_like(np.ones((2, 2), np.float32)),
    "ones_like": lambda m: m.ones_like(np.arange(3)),
    "full_like": lambda m: m.full_like(np.arange(3), 2.7),
    "asarray_list": lambda m: m.asarray([[1, 2], [3, 4]]),
    "asarray_dtype": lambda m: m.asarray([1.5, 2.5], dtype=np.float32),
    "array_ndmin": lambda m: m.array([1.0, 2.0], ndmin=3),
    "copy": lambda m: m.copy(np.arange(3.0)),
    "astype": lambda m: m.astype(np.array([1.7, -1.7]), np.int16),
    "meshgrid": lambda m: m.meshgrid(np.arange(3.0), np.arange(2.0), np.arange(4.0)),
    "meshgrid_ij": lambda m: m.meshgrid(np.arange(3.0), np.arange(2.0), indexing="ij"),
}


def _leaves(x):
    return list(x) if isinstance(x, (tuple, list)) else [x]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_matches_numpy(name):
    got, expected = CALLS[name](fnp), CALLS[name](np)
    assert type(got) is type(expected)
    for g, e in zip(_leaves(got), _leaves(expected), strict=True):
        assert np.asarray(g).dtype == np.asarray(e).dtype
        assert np.shape(g) == np.shape(e)
        np.testing.assert_array_equal(g, e)


def test_empty_has_numpy_shape_and_dtype():
    out = fnp.empty((2, 3), dtype=np.float32)
    assert out.shape == (2, 3) and out.dtype == np.float32
    like = fnp.empty_like(np.zeros(4, np.int8))
    assert like.shape == (4,) and like.dtype == np.int8


def test_copy_does_not_share_memory():
    x = np.arange(3.0)
    assert not np.shares_memory(fnp.copy(x), x)


# ----------------------------------------------------------------------------- traced values
def test_array_of_tracers_differentiates():
    assert fd.grad(lambda x: fnp.sum(fnp.array([x, 2 * x])))(1.5) == 3.0
    assert fd.grad(lambda x: fnp.sum(fnp.asarray([[x, 1.0], [x * x, 0.0]])))(2.0) == 5.0


def test_array_of_tracers_dtype_and_ndmin():
    def f(x):
        out = fnp.array([x, x], dtype=np.float32, ndmin=3)
        assert out.shape == (1, 1, 2) and out.dtype == np.float32
        return fnp.sum(out)

    assert fd.grad(f)(np.float64(1.0)) == 2.0


def test_like_functions_on_tracers_are_plain_arrays():
    def f(x):
        for fn in (fnp.zeros_like, fnp.ones_like, fnp.empty_like):
            out = fn(x)
            assert type(out) is np.ndarray and out.shape == (3,) and out.dtype == np.float32
        assert fnp.full_like(x, 2, dtype=int).dtype == np.int64
        return fnp.sum(x * fnp.ones_like(x))

    np.testing.assert_array_equal(fd.grad(f)(np.ones(3, np.float32)), np.ones(3))


def test_full_like_with_traced_fill_value_differentiates():
    f = lambda v: fnp.sum(fnp.full_like(np.zeros((2, 3)), v))
    assert fd.grad(f)(0.5) == 6.0
    check_grads(lambda v: fnp.full((2,), v * v), (np.array(0.7),), order=2)


def test_linspace_with_traced_ends():
    n = 6
    # d/d start and d/d stop of sum(start + (stop - start) * i / (n - 1)) are both n / 2.
    grads = fd.grad(lambda a, b: fnp.sum(fnp.linspace(a, b, n)), argnums=(0, 1))(0.3, 2.0)
    np.testing.assert_allclose(grads, (n / 2, n / 2))
    out, step = fd.jvp(lambda a, b: fnp.linspace(a, b, n, retstep=True), (0.3, 2.0), (0.0, 0.0))[0]
    expected, expected_step = np.linspace(0.3, 2.0, n, retstep=True)
    np.testing.assert_array_equal(out, expected)
    assert step == expected_step


def test_linspace_traced_keeps_float32():
    def f(b):
        out = fnp.linspace(np.float32(0.0), b, 4)
        assert out.dtype == np.float32
        return fnp.sum(out)

    assert fd.grad(f)(np.float32(1.0)) == 2.0


def test_logspace_with_traced_end():
    f = lambda b: fnp.sum(fnp.logspace(0.0, b, 3, base=2.0))
    # sum of 2 ** (b * i / 2) for i = 0, 1, 2; its derivative at b = 2 is ln 2 * (1 + 4).
    np.testing.assert_allclose(fd.grad(f)(2.0), np.log(2.0) * 5.0)
    np.testing.assert_allclose(f(2.0), 7.0)


def test_asarray_and_astype_on_tracers():
    def f(x):
        y = fnp.asarray(x, dtype=np.float32)
        assert y.dtype == np.float32 and fnp.astype(x, np.int32).dtype == np.int32
        assert fnp.asarray(x) is x and fnp.copy(x) is x
        return fnp.sum(y * y).astype(np.float64)

    np.testing.assert_allclose(fd.grad(f)(np.array([1.0, 2.0])), [2.0, 4.0])


def test_meshgrid_of_tracers_under_vmap():
    f = lambda x, y: fnp.meshgrid(x, y)[0] * fnp.meshgrid(x, y)[1]
    xs, y = np.arange(6.0).reshape(2, 3), np.array([1.0, 2.0])
    got = fd.vmap(f, in_axes=(0, None))(xs, y)
    np.testing.assert_array_equal(got, np.stack([f(x, y) for x in xs]))


# ----------------------------------------------------------------------------- misuse
@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: fnp.reshape(np.ones(6), (4, -1)), ShapeError, "cannot reshape"),
        (lambda: fnp.reshape(np.ones(6), (-1, -1)), ShapeError, "at most one -1"),
        (lambda: fnp.reshape(np.ones(6), (2, 3), order="F"), ValueError, "order='F'"),
        (lambda: fnp.ravel(np.ones(6), order="F"), ValueError, "C-ordered"),
        (lambda: fnp.squeeze(np.ones((2, 1)), axis=0), ShapeError, "length one"),
        (lambda: fnp.transpose(np.ones((2, 3)), (0, 0)), AxisError, "repeated axis"),
        (lambda: fnp.swapaxes(np.ones((2, 3)), 0, 2), AxisError, "out of bounds"),
        (lambda: fnp.broadcast_to(np.ones(3), (2, 4)), ShapeError, "cannot broadcast"),
        (lambda: fnp.concatenate([]), ShapeError, "at least one"),
        (lambda: fnp.concatenate([np.ones(()), np.ones(())]), ShapeError, "0-d"),
        (lambda: fnp.concatenate([np.ones(2), np.ones((2, 2))]), ShapeError, "one rank"),
        (lambda: fnp.concatenate([np.ones(2)], dtype=int), DtypeError, "cannot cast"),
        (lambda: fnp.stack([np.ones(2), np.ones(3)]), ShapeError, "one shape"),
        (lambda: fnp.split(np.ones(5), 2), ShapeError, "array_split"),
        (lambda: fnp.repeat(np.ones(3), [1, 2]), ShapeError, "repeat counts"),
        (lambda: fnp.tile(np.ones(3), -1), ShapeError, "non-negative"),
        (lambda: fnp.fliplr(np.ones(3)), ShapeError, "rank >= 2"),
        (
            lambda: fd.grad(lambda x: fnp.sum(fnp.pad(x, 5, mode="reflect")))(np.ones(3)),
            ShapeError,
            "pads at most",
        ),
    ],
)
def test_shape_misuse_raises(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_traced_shape_errors_name_the_shapes():
    with pytest.raises(ShapeError, match=r"\(2, 3\)"):
        fd.grad(lambda x: fnp.sum(fnp.concatenate([x, fnp.ones((2, 2))], axis=0)))(np.ones((2, 3)))
