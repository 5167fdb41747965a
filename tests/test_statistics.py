"""Order statistics, searching, sets and histograms: value-dependent shapes (concrete only),
misuse errors, and checks the per-primitive rows cannot express."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import ConcretizationError, OptionError, ValueDomainError
from funcdiff.test_util import check_grads

X = np.array([3.0, 1.0, 3.0, 2.0, 5.0])
Y = np.array([2.0, 5.0, 7.0, 7.0])
UNIQUE_FAMILY = ["unique", "unique_values", "unique_counts", "unique_inverse", "unique_all"]
SET_OPS = ["intersect1d", "union1d", "setdiff1d", "setxor1d"]


def _values(out):
    return out[0] if isinstance(out, tuple) else out


# ----------------------------------------------------------------------------- concrete only
@pytest.mark.parametrize("name", UNIQUE_FAMILY)
def test_unique_values_are_differentiable_under_grad(name, rng):
    fn = getattr(fnp, name)
    x = rng.uniform(-2, 2, 5)  # distinct values: the set survives finite differences
    check_grads(lambda x: fnp.sum(_values(fn(x)) ** 2), (x,), order=2, modes=("fwd", "rev"))
    # A repeated value reads its first occurrence only.
    got = fd.grad(lambda x: fnp.sum(_values(fn(x))))(X)
    np.testing.assert_array_equal(got, [1.0, 1.0, 0.0, 1.0, 1.0])
    outs = fn(X)
    for out, expected in zip(outs if isinstance(outs, tuple) else [outs], _tuple(name)):
        np.testing.assert_array_equal(out, expected)


def _tuple(name):
    out = getattr(np, name)(X)
    return [out] if isinstance(out, np.ndarray) else list(out)


@pytest.mark.parametrize("name", UNIQUE_FAMILY)
@pytest.mark.parametrize("transform", [fd.jit, fd.vmap])
def test_unique_under_vmap_or_jit_raises(name, transform):
    with pytest.raises(ConcretizationError, match=f"fnp.{name} of a value traced"):
        transform(getattr(fnp, name))(np.stack([X, X]))


def test_unique_with_axis_reads_rows():
    x = np.array([[1.0, 2.0], [0.0, 4.0], [1.0, 2.0]])
    got = fd.grad(lambda x: fnp.sum(fnp.unique(x, axis=0)))(x)
    np.testing.assert_array_equal(got, [[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]])


@pytest.mark.parametrize("name", SET_OPS)
def test_set_operations_match_numpy_and_carry_tangents(name):
    fn, ref = getattr(fnp, name), getattr(np, name)
    out, out_dot = fd.jvp(fn, (X, Y), (np.arange(5.0), 10 + np.arange(4.0)))
    expected = ref(X, Y)
    np.testing.assert_array_equal(out, expected)
    # Each value carries the tangent of its first occurrence in (X, Y).
    both, tangents = np.concatenate((X, Y)), np.r_[0:5, 10:14].astype(float)
    np.testing.assert_array_equal(out_dot, [tangents[np.flatnonzero(both == v)[0]] for v in out])
    with pytest.raises(ConcretizationError):
        fd.jit(fn)(X, Y)


def test_bincount_needs_concrete_bins():
    with pytest.raises(ConcretizationError, match="fnp.bincount"):
        fd.vmap(lambda i: fnp.bincount(i, np.ones(3)))(np.array([[0, 1, 1], [2, 0, 0]]))


def test_histogram_of_traced_data_raises_under_jit():
    with pytest.raises(ConcretizationError, match="fnp.histogram"):
        fd.jit(lambda a: fnp.histogram(a, bins=3)[0])(X)


def test_histogram_counts_have_zero_derivative():
    got = fd.grad(lambda a: fnp.sum(fnp.histogram(a, bins=3, density=True)[0]))(X)
    np.testing.assert_array_equal(got, np.zeros_like(X))


def test_histogram_bin_edges_batch():
    xs = np.stack([X, Y[:4].tolist() + [0.0]])
    got = fd.vmap(lambda a: fnp.histogram_bin_edges(a, 3))(xs)
    np.testing.assert_allclose(got, [np.histogram_bin_edges(x, 3) for x in xs], rtol=1e-15)


# ----------------------------------------------------------------------------- order statistics
def test_partition_is_a_partition_under_jit(rng):
    x = rng.uniform(-2, 2, (3, 7))
    out = fd.jit(lambda x: fnp.partition(x, 4, axis=1))(x)
    np.testing.assert_array_equal(out[:, 4], np.partition(x, 4, axis=1)[:, 4])
    assert np.all(out[:, :4] <= out[:, 4:5]) and np.all(out[:, 5:] >= out[:, 4:5])
    idx = fd.jit(lambda x: fnp.argpartition(x, 4, axis=1))(x)
    np.testing.assert_array_equal(np.take_along_axis(x, idx, 1)[:, 4], out[:, 4])


def test_partition_kth_out_of_bounds():
    with pytest.raises(ValueDomainError, match="out of bounds"):
        fd.jit(lambda x: fnp.partition(x, 5))(X)


def test_nan_entries_get_zero_derivative():
    x = np.array([1.0, np.nan, 3.0, 2.0])
    np.testing.assert_array_equal(fd.grad(fnp.nanmax)(x), [0.0, 0.0, 1.0, 0.0])
    np.testing.assert_array_equal(fd.grad(fnp.nanmedian)(x), [0.0, 0.0, 0.0, 1.0])
    np.testing.assert_allclose(fd.grad(lambda x: fnp.nanquantile(x, 0.25))(x), [0.5, 0, 0, 0.5])


def test_all_nan_slice_gives_nan_under_jit():
    x = np.array([[np.nan, np.nan], [1.0, 2.0]])
    np.testing.assert_array_equal(fd.jit(lambda x: fnp.nanmax(x, axis=1))(x), [np.nan, 2.0])


def test_quantile_errors():
    with pytest.raises(ConcretizationError, match="q must be concrete"):
        fd.vmap(lambda q: fnp.quantile(fnp.sin(X), q))(np.array([0.1, 0.2]))
    with pytest.raises(ValueDomainError, match=r"range \[0, 1\]"):
        fd.grad(lambda x: fnp.quantile(x, 1.5))(X)
    with pytest.raises(ValueDomainError, match=r"range \[0, 100\]"):
        fd.grad(lambda x: fnp.percentile(x, 101.0))(X)
    with pytest.raises(OptionError, match="not a valid method"):
        fd.grad(lambda x: fnp.quantile(x, 0.5, method="mean"))(X)
    with pytest.raises(OptionError, match="weights="):
        fd.grad(lambda x: fnp.quantile(x, 0.5, method="inverted_cdf", weights=x))(X)


@pytest.mark.parametrize(
    "method",
    ["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
     "hazen", "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher",
     "midpoint", "nearest"],
)  # fmt: skip
def test_every_quantile_method_matches_numpy(method, rng):
    x = rng.uniform(-2, 2, (4, 6)).astype(np.float32)
    x[1, 2] = np.nan
    q = np.array([0.0, 0.1, 0.5, 0.77, 1.0])
    for name in ("quantile", "nanquantile"):
        expected = getattr(np, name)(x, q, axis=1, method=method)
        got = fd.jit(lambda x: getattr(fnp, name)(x, q, axis=1, method=method))(x)
        assert got.dtype == expected.dtype
        np.testing.assert_allclose(got, expected, rtol=1e-6, equal_nan=True)


# ----------------------------------------------------------------------------- searching
def test_searchsorted_errors():
    with pytest.raises(OptionError, match="side"):
        fd.jit(lambda v: fnp.searchsorted(np.array([1.0, 2.0]), v, side="middle"))(X)


def test_searchsorted_sorter_and_nan():
    a = np.array([3.0, np.nan, 1.0, 2.0])
    sorter = np.argsort(a)
    v = np.array([np.nan, 2.5, 0.0])
    for side in ("left", "right"):
        got = fd.jit(lambda v: fnp.searchsorted(a, v, side, sorter))(v)
        np.testing.assert_array_equal(got, np.searchsorted(a, v, side, sorter))
        rows = fd.vmap(lambda a: fnp.searchsorted(a, v, side))(np.stack([a[sorter]] * 2))
        np.testing.assert_array_equal(rows[1], np.searchsorted(a[sorter], v, side))


def test_interp_period_zero():
    with pytest.raises(ValueDomainError, match="period"):
        fd.jit(lambda x: fnp.interp(x, Y, Y, period=0))(X)


def test_isin_invert_and_digitize_traced_bins():
    got = fd.jit(lambda x: fnp.isin(x, Y, invert=True))(X)
    np.testing.assert_array_equal(got, np.isin(X, Y, invert=True))
    bins = np.array([[0.0, 2.0, 4.0], [4.0, 2.0, 0.0]])
    got = fd.vmap(lambda b: fnp.digitize(X, b))(bins)
    np.testing.assert_array_equal(got, [np.digitize(X, b) for b in bins])
