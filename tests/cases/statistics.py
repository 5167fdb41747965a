"""Rows for order statistics, NaN-aware reductions, covariance, searching, interpolation,
histograms and partitions. Random continuous inputs have no ties, so every order statistic
is a smooth function of the input at the sampled points.
"""

import numpy as np
from primitive_cases import Case

import funcdiff.numpy as fnp

VEC_MAT = [((5,),), ((3, 4),)]
MAT = [((3, 4),)]
Q2 = np.array([0.2, 0.9])
XP = np.array([-1.0, -0.3, 0.4, 1.2])  # knots; x in (-2, 2) also reaches left and right of them
A = np.array([0.05, 0.3, 0.35, 0.6, 0.9])  # data of the weighted histograms (concrete)
IDX = np.array([0, 3, 3, 1, 0])  # bincount's bins (concrete)


def _same(name, kw, shapes=VEC_MAT, **case_kwargs):
    """``fnp.<name>(x, **kw)`` against ``np.<name>(x, **kw)``."""
    fn, ref = getattr(fnp, name), getattr(np, name)
    suffix = "".join(f"_{k}" for k in kw)
    return Case(lambda x: fn(x, **kw), name=name + suffix, shapes=shapes,
                reference=lambda x: ref(x, **kw), **case_kwargs)  # fmt: skip


def _quantile(name, q, kw, shapes=VEC_MAT, **case_kwargs):
    fn, ref = getattr(fnp, name), getattr(np, name)
    suffix = "".join(f"_{v}" if k == "method" else f"_{k}" for k, v in kw.items())
    return Case(lambda x: fn(x, q, **kw), name=name + suffix, shapes=shapes,
                reference=lambda x: ref(x, q, **kw), **case_kwargs)  # fmt: skip


def _with_nans(rng, shapes=((5,), (3, 4))):
    samples = []
    for shape in shapes:
        x = rng.uniform(-2, 2, size=shape)
        x.flat[1] = np.nan  # skipped by the nan* functions; the rest stays smooth
        samples.append((x,))
    return samples


def _mat_with_nans(rng):
    return _with_nans(rng, [(3, 4)])


def _sorted_and_values(rng):
    return [(np.sort(rng.uniform(-2, 2, 5)), rng.uniform(-2.5, 2.5, s)) for s in [(3,), (2, 3)]]


def _with_ties(rng):
    # Keys with few distinct values, so the later keys have ties for the earlier to break.
    return [tuple(np.floor(rng.uniform(0, 2, 6)) for _ in range(2))]


def _interp_args(rng):
    return [(rng.uniform(-2, 2, (2, 3)), np.sort(rng.uniform(-1.5, 1.5, 4)), rng.normal(size=4))]


def _positive_weights(rng):
    return [(rng.uniform(-2, 2, (3, 4)), rng.uniform(0.5, 2.0, 4))]


CASES = [
    # order statistics: differentiable through sort + gather
    _same("median", {}),
    _same("median", {"axis": 1, "keepdims": True}, MAT),
    _quantile("quantile", 0.3, {}),
    _quantile("quantile", Q2, {"axis": 0}, MAT),
    _quantile("quantile", Q2, {"axis": 1, "keepdims": True}, MAT),
    *[
        _quantile("quantile", Q2, {"axis": 1, "method": m}, MAT)
        for m in ("lower", "nearest", "midpoint", "hazen", "inverted_cdf", "averaged_inverted_cdf")
    ],  # fmt: skip
    _quantile("percentile", np.array([30.0, 75.0]), {"axis": -1}, MAT),
    _quantile("nanquantile", Q2, {"axis": 1}, MAT, args_maker=_mat_with_nans),
    _quantile("nanpercentile", 40.0, {}, args_maker=_with_nans),
    _same("nanmedian", {}, args_maker=_with_nans),
    _same("nanmedian", {"axis": 1}, MAT, args_maker=_mat_with_nans),
    # NaN-aware reductions: NaN entries get a zero derivative
    *[
        _same(n, {}, args_maker=_with_nans)
        for n in ("nanmax", "nanmin", "nanprod", "nanvar", "nanstd", "nancumsum", "nancumprod")
    ],
    *[_same(n, {"axis": 0}, MAT, args_maker=_mat_with_nans) for n in ("nanmax", "nanvar")],
    _same("nanargmax", {}, args_maker=_with_nans, differentiable=False),
    _same("nanargmin", {"axis": 1}, args_maker=_mat_with_nans, differentiable=False),
    # covariance and correlation
    _same("cov", {}, MAT),
    _same("cov", {"rowvar": False, "ddof": 2}, MAT),
    Case(
        lambda x, w: fnp.cov(x, aweights=w),
        nargs=2,
        name="cov_aweights",
        args_maker=_positive_weights,
        reference=lambda x, w: np.cov(x, aweights=w),
    ),
    Case(
        lambda x, y: fnp.cov(x, y),
        nargs=2,
        name="cov_y",
        shapes=[((4,), (4,))],
        reference=lambda x, y: np.cov(x, y),
    ),
    _same("corrcoef", {}, MAT),
    # searching
    Case(fnp.searchsorted, nargs=2, args_maker=_sorted_and_values, differentiable=False),
    Case(
        lambda a, v: fnp.searchsorted(a, v, side="right"),
        nargs=2,
        name="searchsorted_right",
        args_maker=_sorted_and_values,
        differentiable=False,
        reference=lambda a, v: np.searchsorted(a, v, side="right"),
    ),
    Case(
        lambda x: fnp.digitize(x, XP),
        name="digitize",
        shapes=VEC_MAT,
        differentiable=False,
        reference=lambda x: np.digitize(x, XP),
    ),
    Case(
        lambda x: fnp.digitize(x, XP[::-1], right=True),
        name="digitize_decreasing",
        shapes=VEC_MAT,
        differentiable=False,
        reference=lambda x: np.digitize(x, XP[::-1], right=True),
    ),
    # comparisons (boolean results)
    Case(
        lambda x: fnp.isin(x, x.ravel()[:2]),
        name="isin",
        shapes=VEC_MAT,
        differentiable=False,
        reference=lambda x: np.isin(x, x.ravel()[:2]),
    ),
    Case(
        lambda x, y: fnp.isclose(x, y, atol=0.5),
        nargs=2,
        name="isclose",
        differentiable=False,
        reference=lambda x, y: np.isclose(x, y, atol=0.5),
    ),
    Case(
        lambda x, y: fnp.allclose(x, y, atol=3.0),
        nargs=2,
        name="allclose",
        differentiable=False,
        reference=lambda x, y: np.allclose(x, y, atol=3.0),
    ),
    Case(
        lambda x: fnp.array_equal(x, x * 1.0),
        name="array_equal",
        shapes=VEC_MAT,
        differentiable=False,
        reference=lambda x: np.array_equal(x, x * 1.0),
    ),
    Case(
        lambda x: fnp.array_equiv(x, x[..., :1]),
        name="array_equiv",
        shapes=VEC_MAT,
        differentiable=False,
        reference=lambda x: np.array_equiv(x, x[..., :1]),
    ),
    # interpolation: smooth between the knots, which random x never hits
    Case(
        lambda x, fp: fnp.interp(x, XP, fp),
        nargs=2,
        name="interp",
        shapes=[((3,), (4,)), ((2, 3), (4,))],
        reference=lambda x, fp: np.interp(x, XP, fp),
    ),
    Case(
        lambda x, fp: fnp.interp(x, XP, fp, left=-3.0, right=5.0, period=None),
        nargs=2,
        name="interp_left_right",
        shapes=[((2, 3), (4,))],
        reference=lambda x, fp: np.interp(x, XP, fp, left=-3.0, right=5.0),
    ),
    Case(
        lambda x, fp: fnp.interp(x, XP, fp, period=2.5),
        nargs=2,
        name="interp_period",
        shapes=[((2, 3), (4,))],
        reference=lambda x, fp: np.interp(x, XP, fp, period=2.5),
    ),
    Case(fnp.interp, nargs=3, name="interp_xp", args_maker=_interp_args),
    # counting: weights are differentiable, the bins are concrete
    Case(
        lambda w: fnp.bincount(IDX, w, minlength=6),
        name="bincount_weights",
        shapes=[((5,),)],
        reference=lambda w: np.bincount(IDX, w, minlength=6),
    ),
    Case(
        lambda w: fnp.histogram(A, bins=3, weights=w)[0],
        name="histogram_weights",
        shapes=[((5,),)],
        reference=lambda w: np.histogram(A, bins=3, weights=w)[0],
    ),
    Case(
        lambda w: fnp.histogram(A, bins=np.array([0.0, 0.3, 1.0]), weights=w, density=True)[0],
        name="histogram_density",
        shapes=[((5,),)],
        domain=(0.5, 2.0),  # positive total
        reference=lambda w: np.histogram(A, np.array([0.0, 0.3, 1.0]), weights=w, density=True)[0],
    ),  # fmt: skip
    # the edges move with min(a) and max(a), unique for random a
    Case(
        lambda a: fnp.histogram_bin_edges(a, 4),
        name="histogram_bin_edges",
        shapes=VEC_MAT,
        reference=lambda a: np.histogram_bin_edges(a, 4),
    ),
    # sorting
    Case(
        lambda a, b: fnp.lexsort((a, b)),
        nargs=2,
        name="lexsort",
        args_maker=_with_ties,
        differentiable=False,
        reference=lambda a, b: np.lexsort((a, b)),
    ),
    # NumPy leaves the order within each side of a partition unspecified: compare the kth
    # entries, and the sorted result.
    Case(
        lambda x: fnp.partition(x, 2)[..., 2],
        name="partition_kth",
        shapes=VEC_MAT,
        reference=lambda x: np.partition(x, 2)[..., 2],
    ),
    Case(
        lambda x: fnp.sort(fnp.partition(x, (0, 2), axis=0), axis=0),
        name="partition_sorted",
        shapes=VEC_MAT,
        reference=lambda x: np.sort(np.partition(x, (0, 2), axis=0), axis=0),
    ),
    Case(
        lambda x: fnp.argpartition(x, 1)[..., 1],
        name="argpartition_kth",
        shapes=VEC_MAT,
        differentiable=False,
        reference=lambda x: np.argpartition(x, 1)[..., 1],
    ),
    Case(fnp.sort_complex, shapes=VEC_MAT, differentiable=False),
]
