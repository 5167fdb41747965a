"""Indexing beyond the rows: out-of-bounds errors, immutability, masks under vmap, batched
indices, and ``fnp.at`` on plain arrays."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import ConcretizationError, InPlaceUpdateError


def _sum(x):
    return fnp.sum(x)


@pytest.mark.parametrize("idx", [3, -4, (0, 5), [0, 3], np.array([[1], [-4]]), (slice(None), [4])])
def test_out_of_bounds_raises_index_error(idx):
    x = np.ones((3, 4))
    with pytest.raises(IndexError, match="out of bounds"):
        fd.grad(lambda x: _sum(x[idx]))(x)
    with pytest.raises(IndexError, match="out of bounds"):
        fd.jit(lambda x: x[idx])(x)
    with pytest.raises(IndexError, match="out of bounds"):
        fnp.at(x)[idx].set(0.0)


def test_out_of_bounds_traced_index_raises_when_run():
    x = np.arange(3.0)
    # Traced by vmap and jit: the bound is checked on the values when the gather runs.
    with pytest.raises(IndexError, match="out of bounds"):
        fd.vmap(lambda i: fnp._getitem(x, i))(np.array([0, 3]))
    with pytest.raises(IndexError, match="out of bounds"):
        fd.jit(lambda x, i: x[i])(x, np.array([1, 5]))
    # Traced by grad only: the index is concrete, so it is checked up front.
    with pytest.raises(IndexError, match="out of bounds"):
        fd.grad(lambda x: _sum(fnp.take(x, fnp.argsort(x) + 1)))(x)


def test_too_many_indices_and_bad_types():
    with pytest.raises(IndexError, match="too many indices"):
        fd.grad(lambda x: x[0, 0])(np.ones(3))
    with pytest.raises(IndexError, match="valid indices"):
        fd.grad(lambda x: x[np.array([0.5])][0])(np.ones(3))
    with pytest.raises(IndexError, match="boolean index did not match"):
        fd.grad(lambda x: _sum(x[np.array([True, False])]))(np.ones(3))


def test_item_assignment_on_tracer_raises():
    def f(x):
        x[0] = 1.0
        return x

    with pytest.raises(InPlaceUpdateError, match=r"\.at\[idx\]\.set"):
        fd.grad(lambda x: _sum(f(x)))(np.ones(3))


def test_at_on_plain_array_returns_new_array():
    x = np.arange(4.0)
    before = x.copy()
    for method in ("set", "add", "multiply", "divide", "min", "max"):
        out = getattr(fnp.at(x)[[1, 1, 3]], method)(2.0)
        assert out is not x and not np.shares_memory(out, x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_array_equal(fnp.at(x)[[1, 1, 3]].add(2.0), [0.0, 5.0, 2.0, 5.0])
    np.testing.assert_array_equal(fnp.at(x)[1:].get(), x[1:])


def test_at_on_tracer_leaves_input_alone():
    x = np.arange(3.0)
    out = fd.jit(lambda x: x.at[0].set(7.0))(x)
    np.testing.assert_array_equal(out, [7.0, 1.0, 2.0])
    np.testing.assert_array_equal(x, [0.0, 1.0, 2.0])


def test_traced_mask_under_vmap_names_where():
    x = np.arange(6.0).reshape(2, 3)
    with pytest.raises(ConcretizationError, match="fnp.where"):
        fd.vmap(lambda r: _sum(r[r > 2]))(x)
    with pytest.raises(ConcretizationError, match="fnp.where"):
        fd.jit(lambda r: r[r > 2])(x[0])
    with pytest.raises(ConcretizationError, match="fnp.where"):
        fd.vmap(fnp.nonzero)(x)


def test_mask_under_grad_uses_the_concrete_primal():
    x = np.array([-1.0, 2.0, 3.0])
    g = fd.grad(lambda x: _sum(x[x > 0] ** 2))(x)
    np.testing.assert_allclose(g, [0.0, 4.0, 6.0])


@pytest.mark.parametrize("x_axis", [0, 1, None])
def test_vmap_batched_indices_matches_loop(x_axis, rng):
    x = rng.normal(size=(4, 3, 5, 3))
    idx = rng.integers(-3, 3, size=(4, 2, 2))  # repeated and negative indices included

    def f(x, i):
        return fnp._getitem(x, (i, slice(1, None, 2), i[::-1]))

    xs = x if x_axis is None else np.moveaxis(x, 0, x_axis)
    xs = x[0] if x_axis is None else xs
    got = fd.vmap(f, in_axes=(x_axis, 0))(xs, idx)
    expected = np.stack([f(x[0] if x_axis is None else x[b], idx[b]) for b in range(4)])
    np.testing.assert_allclose(got, expected)

    def loss(x, i):
        return _sum(fnp.sin(f(x, i))) + _sum(fnp.at(x)[i[0]].set(x[i[1]] * 2.0) ** 2)

    g = fd.vmap(fd.grad(loss), in_axes=(0, 0))(x, idx)
    np.testing.assert_allclose(g, np.stack([fd.grad(loss)(x[b], idx[b]) for b in range(4)]))


def test_repeated_index_set_last_write_wins():
    x, y = np.zeros(3), np.array([1.0, 2.0, 3.0])
    out, vjp = fd.vjp(lambda x, y: fnp.at(x)[[0, 2, 0]].set(y), x, y)
    np.testing.assert_array_equal(out, [3.0, 0.0, 2.0])
    x_ct, y_ct = vjp(np.array([10.0, 20.0, 30.0]))
    np.testing.assert_array_equal(x_ct, [0.0, 20.0, 0.0])
    np.testing.assert_array_equal(y_ct, [0.0, 30.0, 10.0])


def test_nonzero_family_matches_numpy():
    x = np.array([[0.0, 1.5], [2.0, 0.0]])
    for name in ("nonzero", "argwhere", "flatnonzero"):
        got, expected = getattr(fnp, name)(x), getattr(np, name)(x)
        for g, e in zip(np.atleast_1d(got), np.atleast_1d(expected), strict=True):
            np.testing.assert_array_equal(g, e)


def test_basic_index_overhead_is_small():
    import timeit

    x = np.arange(6.0).reshape(2, 3)

    def f(x):
        return x[0] + x[1:, 1] + x[:, 0][0]

    t = min(timeit.repeat(lambda: fd.jvp(f, (x,), (x,)), number=200, repeat=3)) / 200
    assert t < 2e-3, f"jvp of three small indexings took {t * 1e6:.0f} µs"
