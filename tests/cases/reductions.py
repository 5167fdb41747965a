"""Rows for reductions and scans: each function over all axes, axis 0, axis -1, axis 1, a tuple
of axes and keepdims, plus integer/bool dtype rows and NaN-aware variants.
"""

import numpy as np
from primitive_cases import Case

import funcdiff.numpy as fnp

ALL = [((),), ((3,),), ((2, 3),)]
VEC_MAT = [((3,),), ((2, 3),)]
MATS = [((2, 3),), ((3, 4),)]
CUBE = [((2, 3, 4),)]

# (suffix, keyword arguments, shapes where they are valid)
VARIANTS = [
    ("", {}, ALL),
    ("_axis0", {"axis": 0}, VEC_MAT),
    ("_axis_neg1", {"axis": -1}, VEC_MAT),
    ("_axis1", {"axis": 1}, MATS),
    ("_axes02", {"axis": (0, 2)}, CUBE),
    ("_keepdims", {"keepdims": True}, ALL),
    ("_axis0_keepdims", {"axis": 0, "keepdims": True}, VEC_MAT),
    ("_axis1_keepdims", {"axis": 1, "keepdims": True}, MATS),
]


def _row(name, kw, shapes, suffix, **case_kwargs):
    """A row of ``fnp.<name>(x, **kw)`` against ``np.<name>(x, **kw)``."""
    fn, ref = getattr(fnp, name), getattr(np, name)
    return Case(lambda x: fn(x, **kw), name=name + suffix, shapes=shapes,
                reference=lambda x: ref(x, **kw), **case_kwargs)  # fmt: skip


def _rows(name, variants=VARIANTS, **case_kwargs):
    """One row per variant of ``fnp.<name>`` against ``np.<name>`` with the same arguments."""
    return [_row(name, kw, shapes, suffix, **case_kwargs) for suffix, kw, shapes in variants]


def _ints(dtype, shapes=ALL, low=-3, high=4):
    return lambda rng: [tuple(rng.integers(low, high, s).astype(dtype) for s in sample)
                        for sample in shapes]  # fmt: skip


def _with_nans(rng):
    samples = []
    for shape in [(3,), (2, 3), (3, 4)]:
        x = rng.uniform(-2, 2, size=shape)
        x.flat[1] = np.nan  # skipped by nansum/nanmean: smooth in the rest
        samples.append((x,))
    return samples


NO_TUPLE = [v for v in VARIANTS if not isinstance(v[1].get("axis"), tuple)]

CASES = [
    *_rows("sum"),
    *_rows("mean"),
    *_rows("prod"),
    *_rows("max"),  # random inputs have no ties: the maximum is a smooth function there
    *_rows("min"),
    *_rows("ptp"),
    *_rows("var"),
    *_rows("std"),  # random inputs have positive variance except for scalars (then 0, see std)
    *_rows("nansum", VARIANTS[:3]),
    *_rows("nanmean", VARIANTS[:3]),
    *_rows("argmax", NO_TUPLE, differentiable=False),
    *_rows("argmin", NO_TUPLE, differentiable=False),
    *_rows("all", VARIANTS[:4], differentiable=False),
    *_rows("any", VARIANTS[:4], differentiable=False),
    *_rows("count_nonzero", VARIANTS[:4], differentiable=False),
    Case(fnp.amax, shapes=VEC_MAT),
    Case(fnp.amin, shapes=VEC_MAT),
    Case(lambda x: fnp.var(x, axis=0, ddof=1), name="var_axis0_ddof1", shapes=MATS,
         reference=lambda x: np.var(x, axis=0, ddof=1)),
    Case(lambda x: fnp.std(x, axis=-1, ddof=1, keepdims=True), name="std_ddof1_keepdims",
         shapes=MATS, reference=lambda x: np.std(x, axis=-1, ddof=1, keepdims=True)),
    Case(lambda x: fnp.sum(x, axis=0, initial=1.5), name="sum_initial", shapes=VEC_MAT,
         reference=lambda x: np.sum(x, axis=0, initial=1.5)),
    Case(lambda x: fnp.max(x, axis=1, initial=0.0), name="max_initial", shapes=MATS,
         reference=lambda x: np.max(x, axis=1, initial=0.0)),
    Case(lambda x: fnp.mean(x, axis=1, where=np.array([True, False, True])), name="mean_where",
         shapes=[((2, 3),), ((1, 3),)],
         reference=lambda x: np.mean(x, axis=1, where=np.array([True, False, True]))),
    Case(lambda x: fnp.nansum(x, axis=-1), name="nansum_nan", args_maker=_with_nans,
         reference=lambda x: np.nansum(x, axis=-1)),
    Case(lambda x: fnp.nanmean(x, axis=0), name="nanmean_nan", args_maker=_with_nans,
         reference=lambda x: np.nanmean(x, axis=0)),
    # ---------------------------------------------------------------- average
    Case(fnp.average),
    Case(lambda x: fnp.average(x, axis=0), name="average_axis0", shapes=VEC_MAT,
         reference=lambda x: np.average(x, axis=0)),
    # Positive weights keep their sum away from zero.
    Case(lambda x, w: fnp.average(x, weights=w), nargs=2, name="average_weights",
         domain=(0.2, 2.0), reference=lambda x, w: np.average(x, weights=w)),
    Case(lambda x, w: fnp.average(x, axis=1, weights=w, keepdims=True), nargs=2,
         name="average_weights_1d", domain=(0.2, 2.0), shapes=[((2, 3), (3,)), ((4, 2), (2,))],
         reference=lambda x, w: np.average(x, axis=1, weights=w, keepdims=True)),
    # ---------------------------------------------------------------- scans
    *[_row(name, kw, shapes, suffix) for name in ("cumsum", "cumprod") for suffix, kw, shapes in [
        ("", {}, ALL),
        ("_axis0", {"axis": 0}, [((4,),), ((2, 3),)]),
        ("_axis_neg1", {"axis": -1}, [((5,),), ((2, 3),)]),
        ("_axis1", {"axis": 1}, [((2, 5),), ((3, 4),)]),
    ]],
    # ---------------------------------------------------------------- integer and bool dtypes
    *[_row(name, {"axis": -1}, None, f"_{dtype}", args_maker=_ints(dtype, VEC_MAT, low, 4),
           differentiable=False)
      for name in ["sum", "mean", "prod", "max", "var", "cumsum", "cumprod", "argmin"]
      for dtype, low in [("int32", -3), ("uint8", 0), ("bool", 0)]],
]  # fmt: skip
