"""Rows for indexing: ``x[idx]`` in every NumPy form, ``fnp.at`` updates, take, sort, diagonals.

Index constants are closed over (rows pass every argument to check_grads and vmap); each row's
reference applies the same index to NumPy arrays.
"""

import numpy as np
from primitive_cases import Case

import funcdiff.numpy as fnp

VEC = [((3,),)]
MAT = [((3, 4),)]
VEC_MAT = [((3,),), ((3, 4),)]
CUBE = [((3, 2, 4),)]
MASK = np.array(
    [[True, False, True, False], [False, False, True, True], [True, True, False, False]]
)
PAIRS_IDX = np.array([[0, 1], [1, 0]])


def _at(method, idx):
    """NumPy reference for ``fnp.at(x)[idx].<method>(y)``: a copy updated with ufunc.at."""
    ufuncs = {
        "add": np.add,
        "multiply": np.multiply,
        "divide": np.divide,
        "min": np.minimum,
        "max": np.maximum,
    }

    def ref(x, y):
        out = x.copy()
        if method == "set":
            out[idx] = y
        else:
            ufuncs[method].at(out, idx, y)
        return out

    return ref


def _index_row(name, idx, shapes):
    return Case(lambda x: x[idx], name=name, shapes=shapes, reference=lambda x: x[idx])


def _at_row(name, method, idx, shapes, **kw):
    return Case(
        lambda x, y: getattr(fnp.at(x)[idx], method)(y),
        nargs=2,
        name=name,
        shapes=shapes,
        reference=_at(method, idx),
        **kw,
    )


CASES = [
    _index_row("getitem_int", 0, VEC_MAT),
    _index_row("getitem_negative_int", -1, VEC_MAT),
    _index_row("getitem_slice", slice(1, None), VEC_MAT),
    _index_row("getitem_reversed", slice(None, None, -1), VEC_MAT),
    _index_row("getitem_step", slice(None, None, 2), VEC_MAT),
    _index_row("getitem_negative_step", (slice(None), slice(3, 0, -2)), MAT),
    _index_row("getitem_column", (slice(None), 1), MAT),
    _index_row("getitem_newaxis", None, VEC_MAT),
    _index_row("getitem_ellipsis", (Ellipsis, 0), VEC_MAT + CUBE),
    _index_row("getitem_newaxis_ellipsis", (None, Ellipsis, None, slice(0, 3, 2)), MAT + CUBE),
    # Repeated indices: their cotangents must accumulate (np.add.at, not assignment).
    _index_row("getitem_repeated", [0, 2, 2], VEC_MAT),
    _index_row("getitem_int_array", PAIRS_IDX, VEC_MAT),
    _index_row("getitem_mask", MASK, MAT),
    _index_row("getitem_mask_rows", np.array([True, False, True]), VEC_MAT),
    _index_row("getitem_two_arrays", ([0, 2, 2], [1, 3, 1]), MAT),
    _index_row("getitem_basic_and_array", (slice(None), [1, 0, 0]), MAT + CUBE),
    _index_row("getitem_int_and_array", (1, PAIRS_IDX), MAT + CUBE),
    # Advanced indices separated by a slice: NumPy moves their block to the front.
    _index_row("getitem_split_arrays", ([2, 0], slice(None), [1, 3]), CUBE),
    _at_row("at_set", "set", 1, [((3,), ()), ((3, 4), (4,))]),
    _at_row("at_set_slice", "set", (slice(None), slice(1, 3)), [((3, 4), (3, 2))]),
    # Duplicates: the last write wins, so earlier updates get no derivative.
    _at_row("at_set_repeated", "set", [0, 2, 0], [((3,), (3,)), ((3, 4), (3, 4))]),
    _at_row("at_add_repeated", "add", [0, 0], [((3,), (2,)), ((3, 4), (4,))]),
    _at_row("at_add_mask", "add", MASK, [((3, 4), (6,))]),
    _at_row("at_multiply", "multiply", (slice(None), 1), [((3, 4), (3,))]),
    _at_row("at_multiply_repeated", "multiply", [0, 2, 0], [((3,), (3,)), ((3, 4), (3, 4))]),
    # Divisors kept away from zero.
    _at_row("at_divide_repeated", "divide", [1, 1], [((3,), (2,))], domain=(0.5, 2.0)),
    _at_row("at_min_repeated", "min", [2, 0, 2], [((3,), (3,))]),
    _at_row("at_max", "max", (slice(None), [0, 2]), [((3, 4), (3, 2))]),
    Case(
        lambda x, y: fnp.at(x)[fnp.argsort(y)].set(y),
        nargs=2,
        name="at_set_traced_index",
        shapes=[((3,), (3,))],
        reference=lambda x, y: _at("set", np.argsort(y))(x, y),
    ),
    Case(lambda x: fnp.at(x)[1:].get(), name="at_get", shapes=VEC_MAT, reference=lambda x: x[1:]),
    Case(
        lambda x: fnp.take(x, [2, 0, 0]),
        name="take",
        shapes=VEC_MAT,
        reference=lambda x: np.take(x, [2, 0, 0]),
    ),
    Case(
        lambda x: fnp.take(x, PAIRS_IDX, axis=-1),
        name="take_axis",
        shapes=MAT + CUBE,
        reference=lambda x: np.take(x, PAIRS_IDX, axis=-1),
    ),
    Case(
        lambda x: fnp.take_along_axis(x, np.array([[2, 0, 1, 1]] * 3), axis=0),
        name="take_along_axis",
        shapes=MAT,
        reference=lambda x: np.take_along_axis(x, np.array([[2, 0, 1, 1]] * 3), axis=0),
    ),
    # Random samples have no ties, so the sorting permutation is locally constant.
    Case(fnp.sort, shapes=VEC_MAT),
    Case(
        lambda x: fnp.sort(x, axis=0),
        name="sort_axis0",
        shapes=MAT + CUBE,
        reference=lambda x: np.sort(x, axis=0),
    ),
    Case(
        lambda x: fnp.sort(x, axis=None),
        name="sort_flat",
        shapes=MAT,
        reference=lambda x: np.sort(x, axis=None),
    ),
    Case(fnp.argsort, shapes=VEC_MAT, differentiable=False),
    Case(fnp.diag, shapes=[((3,),), ((3, 4),)]),
    Case(
        lambda x: fnp.diag(x, k=-1),
        name="diag_offset",
        shapes=[((3,),), ((3, 4),)],
        reference=lambda x: np.diag(x, k=-1),
    ),
    Case(fnp.diagonal, shapes=MAT + CUBE),
    Case(
        lambda x: fnp.diagonal(x, 1, 2, 0),
        name="diagonal_axes",
        shapes=CUBE,
        reference=lambda x: np.diagonal(x, 1, 2, 0),
    ),
    Case(fnp.tril, shapes=[((3, 3),), ((2, 3, 4),)]),
    Case(
        lambda x: fnp.triu(x, k=1),
        name="triu",
        shapes=[((3, 3),), ((2, 3, 4),)],
        reference=lambda x: np.triu(x, k=1),
    ),
    Case(fnp.trace, shapes=[((3, 3),), ((3, 4, 2),)]),
    Case(
        lambda x: fnp.trace(x, offset=-1),
        name="trace_offset",
        shapes=MAT,
        reference=lambda x: np.trace(x, offset=-1),
    ),
]
