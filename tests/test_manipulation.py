"""Checks of the calculus and manipulation facade that rows cannot express: value-dependent
shapes (fine under grad, an error under vmap/jit), deprecations, constants, in-place writers
and misuse errors."""

import warnings

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import ConcretizationError, InPlaceUpdateError, ShapeError, ValueDomainError
from funcdiff.test_util import check_grads

X = np.array([[0.0, 1.5, -2.0, 0.0], [0.0, 0.5, 3.0, 0.0]])
MASK = np.array([True, False, True, True])
CALLS = {
    "compress": lambda m, x: m.compress(x[0] != 0, x, axis=1),
    "extract": lambda m, x: m.extract(x > 0, x),
    "trim_zeros": lambda m, x: m.trim_zeros(x),
    "trim_zeros_axis": lambda m, x: m.trim_zeros(x, "b", axis=1),
    "asarray_chkfinite": lambda m, x: m.asarray_chkfinite(x),
}
VALUE_SHAPED = {
    name: ((lambda x, c=call: c(fnp, x)), (lambda x, c=call: c(np, x)))
    for name, call in CALLS.items()
}


@pytest.mark.parametrize("name", VALUE_SHAPED)
def test_value_dependent_shapes_match_numpy_under_jvp_and_vjp(name):
    fn, ref = VALUE_SHAPED[name]
    np.testing.assert_array_equal(fn(X), ref(X))
    out, out_dot = fd.jvp(fn, (X,), (X + 1.0,))
    np.testing.assert_array_equal(out, ref(X))
    np.testing.assert_array_equal(out_dot, ref(X) + 1.0)  # where the kept entries are
    rng = np.random.default_rng(0)
    t, ct = rng.normal(size=X.shape), rng.normal(size=out.shape)
    (x_ct,) = fd.vjp(fn, X)[1](ct)
    np.testing.assert_allclose(np.vdot(ct, fd.jvp(fn, (X,), (t,))[1]), np.vdot(x_ct, t))


def test_compress_and_extract_with_fixed_masks_differentiate():
    check_grads(lambda x: fnp.compress(MASK, x, axis=1), (X,), order=2, modes=("fwd", "rev"))
    check_grads(lambda x: fnp.extract(np.abs(X) > 1, x), (X,), order=2, modes=("fwd", "rev"))


@pytest.mark.parametrize("name", VALUE_SHAPED)
@pytest.mark.parametrize("transform", [fd.jit, fd.vmap])
def test_value_dependent_shapes_refuse_vmap_and_jit(name, transform):
    with pytest.raises(ConcretizationError, match="vmap or jit"):
        transform(VALUE_SHAPED[name][0])(X if transform is fd.jit else X[None])


def test_cross_of_2_vectors_warns_as_numpy_and_differentiates():
    a, b = np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([[3.0, -1.0, 2.0], [1.0, 1.0, 1.0]])
    for y in (a, b):
        with pytest.warns(DeprecationWarning, match="2-dimensional"):
            expected = np.cross(a, y)
        with pytest.warns(DeprecationWarning, match="2-dimensional"):
            got = fd.jit(fnp.cross)(a, y)
        np.testing.assert_allclose(got, expected, rtol=1e-14)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            check_grads(fnp.cross, (a, y), order=2, modes=("fwd", "rev"))


def test_row_stack_is_deprecated_vstack():
    x = np.array([1.0, 2.0])
    with pytest.warns(DeprecationWarning, match="row_stack"):
        out = fd.jvp(lambda v: fnp.row_stack([v, 2 * v]), (x,), (x,))[1]
    np.testing.assert_array_equal(out, np.vstack([x, 2 * x]))


def test_constant_builders_match_numpy():
    for name, args in [("tri", (3, 4, 1)), ("indices", ((2, 3),)), ("diag_indices", (3,)),
                       ("tril_indices", (3, -1)), ("triu_indices", (3, 1, 4)),
                       ("bartlett", (5,)), ("blackman", (5,)), ("hamming", (5,)),
                       ("hanning", (5,)), ("kaiser", (5, 2.0))]:  # fmt: skip
        for g, e in zip(
            np.atleast_1d(getattr(fnp, name)(*args)), np.atleast_1d(getattr(np, name)(*args))
        ):
            np.testing.assert_array_equal(g, e)
    np.testing.assert_array_equal(fnp.mask_indices(3, fnp.triu, 1), np.mask_indices(3, np.triu, 1))


def test_index_helpers_take_tracer_shapes():
    def f(x):
        assert [i.tolist() for i in fnp.diag_indices_from(x)] == [[0, 1, 2]] * 2
        assert fnp.tril_indices_from(x, -1)[0].tolist() == [1, 2, 2]
        assert fnp.triu_indices_from(x)[1].tolist() == [0, 1, 2, 1, 2, 2]
        return fnp.sum(x[fnp.diag_indices_from(x)])

    np.testing.assert_array_equal(fd.grad(f)(np.ones((3, 3))), np.eye(3))
    with pytest.raises(ShapeError, match="all sides equal"):
        fnp.diag_indices_from(np.ones((2, 3)))


@pytest.mark.parametrize(
    "write,fix",
    [
        (lambda a, v: fnp.put(a, [0], v), "at"),
        (lambda a, v: fnp.place(a, a > 1, v), "at"),
        (lambda a, v: fnp.putmask(a, a > 1, v), "where"),
        (lambda a, v: fnp.copyto(a, v), "where"),
        (lambda a, v: fnp.fill_diagonal(a, v), "at"),
        (lambda a, v: fnp.put_along_axis(a, np.array([[0]]), v, 1), "at"),
    ],
    ids=["put", "place", "putmask", "copyto", "fill_diagonal", "put_along_axis"],
)
def test_in_place_writers(write, fix):
    a, expected = np.arange(4.0).reshape(2, 2), np.arange(4.0).reshape(2, 2)
    write(a, 9.0)
    assert not np.array_equal(a, expected)  # NumPy arrays are written in place
    with pytest.raises(InPlaceUpdateError, match=fix):
        fd.grad(lambda x: fnp.sum(write(x, 9.0)))(np.ones((2, 2)))
    with pytest.raises(InPlaceUpdateError, match=fix):
        fd.grad(lambda v: (write(np.ones((2, 2)), v), v)[1])(1.0)


def test_in_place_writers_match_numpy():
    for name, args in [("put", ([0, 3], [7.0, 8.0])), ("place", (None, [1.0, 2.0])),
                       ("putmask", (None, 5.0)), ("copyto", (np.ones((2, 2)),)),
                       ("fill_diagonal", (3.0,)),
                       ("put_along_axis", (np.array([[1], [0]]), 4.0, 1))]:  # fmt: skip
        a, b = np.arange(4.0).reshape(2, 2), np.arange(4.0).reshape(2, 2)
        args_a = tuple(a > 1 if x is None else x for x in args)
        args_b = tuple(b > 1 if x is None else x for x in args)
        getattr(fnp, name)(a, *args_a)
        getattr(np, name)(b, *args_b)
        np.testing.assert_array_equal(a, b)


def test_polyfit_in_x_and_y_matches_numpy_jacobian():
    x, y = np.array([0.0, 0.4, 1.1, 1.5, 2.6]), np.array([1.0, -0.5, 0.3, 2.0, 1.1])
    jac = fd.jacfwd(lambda y: fnp.polyfit(x, y, 2))(y)
    np.testing.assert_allclose(jac, np.polyfit(x, np.eye(5), 2), rtol=1e-10, atol=1e-12)
    x_jac = fd.jacrev(lambda x: fnp.polyfit(x, y, 2))(x)
    eps = 1e-6 * np.eye(5)
    fd_jac = [(np.polyfit(x + e, y, 2) - np.polyfit(x - e, y, 2)) / 2e-6 for e in eps]
    np.testing.assert_allclose(x_jac, np.stack(fd_jac, axis=1), rtol=1e-6, atol=1e-7)


def test_misuse_errors():
    x = np.ones(3)
    with pytest.raises(ValueDomainError, match="non-negative"):
        fd.jvp(lambda v: fnp.diff(v, -1), (x,), (x,))
    with pytest.raises(ValueDomainError, match="edge_order"):
        fd.jvp(lambda v: fnp.gradient(v, edge_order=3), (x,), (x,))
    with pytest.raises(ValueDomainError, match="needs at least 3"):
        fd.jvp(lambda v: fnp.gradient(v[:2], edge_order=2), (x,), (x,))
    with pytest.raises(ValueDomainError, match="mode"):
        fd.jvp(lambda v: fnp.convolve(v, v, "middle"), (x,), (x,))
    with pytest.raises(ShapeError, match="2 or 3"):
        fd.jvp(lambda v: fnp.cross(v, fnp.append(v, v)), (x,), (x,))
    with pytest.raises(ShapeError, match="conditions for"):
        fd.jvp(lambda v: fnp.select([v > 0], [v, v]), (x,), (x,))
    with pytest.raises(TypeError, match="bool"):
        fd.jvp(lambda v: fnp.select([v], [v]), (x,), (x,))
    with pytest.raises(ValueDomainError, match="out of range"):
        fd.jvp(lambda v: fnp.choose(np.array([0, 3, 1]), [v, v]), (x,), (x,))
    with pytest.raises(ValueDomainError, match="zero"):
        fd.jvp(lambda v: fnp.geomspace(v[0] * 0, 2.0, 3), (x,), (x,))
    with pytest.raises(ValueDomainError, match="infs or NaNs"):
        fd.jvp(fnp.asarray_chkfinite, (np.array([1.0, np.inf, 0.0]),), (x,))
    with pytest.raises(IndexError):
        fd.jvp(lambda v: fnp.delete(v, 5), (x,), (x,))
    with pytest.raises(ValueDomainError, match="polyfit"):
        fd.jvp(lambda v: fnp.polyfit(x, v, 1, full=True), (x,), (x,))
