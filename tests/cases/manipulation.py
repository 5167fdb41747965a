"""Rows for insert/delete/append, rotations and blocks, splitting, selection (select,
piecewise, choose), axis helpers, geomspace, apply_* and index conversion.

Static arguments are closed over; each row's reference applies the same call to NumPy. Rows
whose output shape depends on values (compress, extract, trim_zeros) cannot run under vmap/jit
and are tested in tests/test_manipulation.py.
"""

import numpy as np
from primitive_cases import BINARY_SHAPES, UNARY_SHAPES, Case

import funcdiff.numpy as fnp

CUBE = [((2, 3, 4),)]
CHOICE = np.array([[0, 2, 1], [1, 0, 2]])  # which of three choices each element takes


def _row(call, name, nargs=1, **kw):
    """A row comparing ``call(fnp, *args)`` with ``call(np, *args)``."""
    return Case(lambda *a: call(fnp, *a), nargs=nargs, name=name,
                reference=lambda *a: call(np, *a), **kw)  # fmt: skip


def _ints(*specs):
    """args_maker for integer arguments: each spec is (high, shape)."""
    return lambda rng: [tuple(rng.integers(0, high, shape) for high, shape in specs)]


CASES = [
    # ---------------------------------------------------------------- insert, delete, append
    Case(fnp.append, nargs=2, shapes=[((3,), (2,)), ((2, 3), (2,))]),
    _row(lambda m, x, y: m.append(x, y, axis=0), "append_axis0", nargs=2,
         shapes=[((2, 3), (1, 3))]),
    _row(lambda m, x: m.insert(x, [1, 3], 5.0, axis=1), "insert_scalar", shapes=[((2, 4),)]),
    _row(lambda m, x, v: m.insert(x, 1, v), "insert_values", nargs=2,
         shapes=[((3,), (2,)), ((2, 3), (2,))]),
    _row(lambda m, x, v: m.insert(x, slice(0, 3, 2), v, axis=-1), "insert_slice", nargs=2,
         shapes=[((2, 4), (2,))]),
    _row(lambda m, x: m.delete(x, [0, 2], axis=1), "delete", shapes=[((2, 4),)]),
    _row(lambda m, x: m.delete(x, 1), "delete_flat", shapes=[((3,),), ((2, 3),)]),
    # ---------------------------------------------------------------- rotate, blocks, split
    Case(fnp.rot90, shapes=[((2, 3),)]),
    _row(lambda m, x: m.rot90(x, 3, (2, 0)), "rot90_k3", shapes=CUBE),
    _row(lambda m, x: m.rot90(x, -2), "rot90_k2", shapes=[((2, 3),)]),
    Case(fnp.diagflat, shapes=[((3,),), ((2, 2),)]),
    _row(lambda m, x: m.diagflat(x, -1), "diagflat_k", shapes=[((2,),)]),
    _row(lambda m, a, b: m.block([[a, b], [b, a]]), "block", nargs=2, shapes=[((2, 2), (2, 2))]),
    _row(lambda m, a, b: m.block([[a], [b, 1.0]]), "block_mixed_rank", nargs=2,
         shapes=[((1, 3), (2,))]),
    _row(lambda m, x: m.hsplit(x, 2), "hsplit", shapes=[((4,),), ((2, 4),)]),
    _row(lambda m, x: m.vsplit(x, [1]), "vsplit", shapes=[((3, 2),)]),
    _row(lambda m, x: m.dsplit(x, 2), "dsplit", shapes=[((1, 2, 4),)]),
    Case(fnp.unstack, shapes=[((2, 3),)]),
    _row(lambda m, x: m.unstack(x, axis=-1), "unstack_last", shapes=[((2, 3),)]),
    _row(lambda m, x: m.rollaxis(x, 2, 1), "rollaxis", shapes=CUBE),
    _row(lambda m, x: m.rollaxis(x, 0, 3), "rollaxis_end", shapes=CUBE),
    _row(lambda m, x: m.resize(x, (2, 5)), "resize", shapes=[((3,),), ((2, 2),)]),
    # ---------------------------------------------------------------- selection
    # Samples near the thresholds +-0.5 are improbable; away from them each piece is smooth.
    _row(lambda m, x, y: m.select([x > 0.5, x < -0.5], [x * x, y], 0.25), "select", nargs=2,
         shapes=BINARY_SHAPES),
    _row(lambda m, x, y: m.select([x > 0.5], [y], default=x), "select_array_default", nargs=2,
         shapes=[((3,), (3,)), ((2, 3), (3,))]),
    _row(lambda m, x: m.piecewise(x, [x < -0.5, x > 0.5], [lambda v: v * v, lambda v: -v]),
         "piecewise", shapes=UNARY_SHAPES[1:]),
    _row(lambda m, x: m.piecewise(x, [x < 0], [lambda v: m.sin(v), lambda v: 2.0 * v]),
         "piecewise_otherwise", shapes=[((3,),)]),
    _row(lambda m, x, y: m.choose(CHOICE, [x, y, 1.0]), "choose", nargs=2,
         shapes=[((2, 3), (2, 3)), ((3,), (2, 3))]),
    _row(lambda m, x, y: m.choose(CHOICE + 3, [x, y, x], mode="wrap"), "choose_wrap", nargs=2,
         shapes=[((2, 3), (2, 3))]),
    # ---------------------------------------------------------------- construction, apply
    _row(lambda m, s, e: m.geomspace(s, e, 4), "geomspace", nargs=2, domain=(0.5, 2.0),
         shapes=[((), ()), ((2,), (2,))]),  # positive ends: log10 is smooth there
    _row(lambda m, s, e: m.geomspace(-s, -e, 3, endpoint=False, axis=-1), "geomspace_negative",
         nargs=2, domain=(0.5, 2.0), shapes=[((2,), (2,))]),
    _row(lambda m, x: m.fromfunction(lambda i, j: i * x + j, (2, 3)), "fromfunction",
         shapes=[((),)]),
    _row(lambda m, x: m.apply_along_axis(lambda r: m.cumsum(r) * r[0], 0, x), "apply_along_axis",
         shapes=[((3, 2),)]),
    _row(lambda m, x: m.apply_along_axis(lambda r: m.outer(r, r), 1, x),
         "apply_along_axis_matrix", shapes=[((2, 3, 2),)]),
    _row(lambda m, x: m.apply_over_axes(m.sum, x, [0, 2]), "apply_over_axes", shapes=CUBE),
    Case(fnp.asanyarray),
    Case(fnp.ascontiguousarray),
    Case(fnp.asfortranarray, shapes=[((3,),), ((2, 3),)]),
    Case(fnp.require),
    # ---------------------------------------------------------------- integer results
    _row(lambda m, i, j: m.ravel_multi_index((i, j), (3, 4)), "ravel_multi_index", nargs=2,
         args_maker=_ints((3, (5,)), (4, (5,))), differentiable=False),
    _row(lambda m, i, j: m.ravel_multi_index((i, j), (3, 4), mode="clip", order="F"),
         "ravel_multi_index_clip", nargs=2, args_maker=_ints((6, (5,)), (6, (5,))),
         differentiable=False),
    _row(lambda m, i: m.unravel_index(i, (3, 4)), "unravel_index", args_maker=_ints((12, (5,))),
         differentiable=False),
    _row(lambda m, i: m.unravel_index(i, (2, 3, 2), order="F"), "unravel_index_f",
         args_maker=_ints((12, (2, 3))), differentiable=False),
    _row(lambda m, i: m.ix_(i, [0, 1]), "ix_", args_maker=_ints((4, (3,))),
         differentiable=False),
]  # fmt: skip
