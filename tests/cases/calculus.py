"""Rows for differences, integrals, running sums/products, convolution, cross products,
polynomials and the array-API product helpers (vecdot, matvec, vecmat, matrix_transpose).

Static arguments are closed over; each row's reference applies the same call to NumPy.
"""

import numpy as np
from primitive_cases import Case

import funcdiff.numpy as fnp

VEC_MAT = [((4,),), ((2, 4),)]
COORDS = np.array([0.0, 0.4, 1.1, 1.5, 2.6])  # non-uniform grid for gradient/trapezoid/polyfit


def _row(call, name, nargs=1, **kw):
    """A row comparing ``call(fnp, *args)`` with ``call(np, *args)``."""
    return Case(lambda *a: call(fnp, *a), nargs=nargs, name=name,
                reference=lambda *a: call(np, *a), **kw)  # fmt: skip


def _grid_and_values(rng):
    # Sorted, well-separated coordinates: the derivatives in x involve 1 / (x[i+1] - x[i]).
    def draw(shape):
        x = np.cumsum(rng.uniform(0.5, 1.5, 5))
        return x, rng.uniform(-2.0, 2.0, shape)

    return [draw((5,))[::-1], draw((2, 5))[::-1]]


CASES = [
    # ---------------------------------------------------------------- differences
    Case(fnp.diff, shapes=VEC_MAT),
    _row(lambda m, x: m.diff(x, 2, axis=0, prepend=1.0), "diff_n2_prepend",
         shapes=[((4,),), ((3, 2),)]),
    _row(lambda m, x, y: m.diff(x, append=y), "diff_append", nargs=2,
         shapes=[((3,), (1,)), ((2, 3), (2, 2))]),
    _row(lambda m, x, y: m.ediff1d(x, to_begin=y, to_end=2.0), "ediff1d", nargs=2,
         shapes=[((4,), ()), ((2, 2), (2,))]),
    Case(fnp.gradient, shapes=[((4,),), ((3, 4),)]),
    _row(lambda m, f: m.gradient(f, COORDS, edge_order=2), "gradient_coords_edge2",
         shapes=[((5,),)]),
    _row(lambda m, f: m.gradient(f, 0.5, COORDS, axis=(0, 1)), "gradient_mixed_spacing",
         shapes=[((3, 5),)]),
    _row(lambda m, f, x: m.gradient(f, x, axis=-1, edge_order=2), "gradient_traced_coords",
         nargs=2, args_maker=_grid_and_values),
    _row(lambda m, f, x: m.gradient(f, x), "gradient_traced_coords_edge1", nargs=2,
         args_maker=lambda rng: _grid_and_values(rng)[:1]),
    # ---------------------------------------------------------------- integrals, running ops
    Case(fnp.trapezoid, shapes=[((3,),), ((2, 3),)]),
    _row(lambda m, y, x: m.trapezoid(y, x), "trapezoid_x", nargs=2, args_maker=_grid_and_values),
    _row(lambda m, y: m.trapezoid(y, dx=0.5, axis=0), "trapezoid_dx_axis0",
         shapes=[((3,),), ((3, 2),)]),
    Case(fnp.cumulative_sum, shapes=[((4,),)]),
    _row(lambda m, x: m.cumulative_sum(x, axis=0, include_initial=True), "cumulative_sum_initial",
         shapes=[((3,),), ((2, 3),)]),
    Case(fnp.cumulative_prod, shapes=[((4,),)], domain=(0.5, 1.5)),
    _row(lambda m, x: m.cumulative_prod(x, axis=-1, include_initial=True),
         "cumulative_prod_initial", shapes=[((3,),), ((2, 3),)], domain=(0.5, 1.5)),
    # ---------------------------------------------------------------- convolution, cross
    Case(fnp.convolve, nargs=2, shapes=[((4,), (2,)), ((2,), (3,))]),
    _row(lambda m, a, v: m.convolve(a, v, "same"), "convolve_same", nargs=2,
         shapes=[((4,), (3,)), ((2,), (5,))]),
    _row(lambda m, a, v: m.convolve(a, v, "valid"), "convolve_valid", nargs=2,
         shapes=[((4,), (2,)), ((2,), (3,))]),
    Case(fnp.correlate, nargs=2, shapes=[((4,), (2,)), ((2,), (3,))]),
    _row(lambda m, a, v: m.correlate(a, v, "full"), "correlate_full", nargs=2,
         shapes=[((3,), (2,)), ((2,), (3,))]),
    _row(lambda m, a, v: m.correlate(a, v, "same"), "correlate_same", nargs=2,
         shapes=[((5,), (2,)), ((2,), (4,))]),
    Case(fnp.cross, nargs=2, shapes=[((3,), (3,)), ((2, 3), (3,))]),
    _row(lambda m, a, b: m.cross(a, b, axisa=0, axisc=0), "cross_axes", nargs=2,
         shapes=[((3, 2), (2, 3))]),
    # ---------------------------------------------------------------- polynomials
    Case(fnp.polyval, nargs=2, shapes=[((3,), ()), ((4,), (2, 3))]),
    Case(fnp.polyadd, nargs=2, shapes=[((3,), (2,)), ((2,), (2,))]),
    Case(fnp.polysub, nargs=2, shapes=[((2,), (3,))]),
    Case(fnp.polymul, nargs=2, shapes=[((3,), (2,))]),
    _row(lambda m, p: m.polyder(p, 2), "polyder", shapes=[((4,),)]),
    _row(lambda m, p: m.polyint(p, 2, k=[1.0, 2.0]), "polyint", shapes=[((3,),)]),
    _row(lambda m, p, k: m.polyint(p, k=k), "polyint_traced_k", nargs=2, shapes=[((3,), ())]),
    _row(lambda m, y: m.polyfit(COORDS, y, 2), "polyfit", shapes=[((5,),), ((5, 2),)]),
    _row(lambda m, y: m.polyfit(COORDS, y, 1, w=COORDS + 1.0), "polyfit_weighted",
         shapes=[((5,),)]),
    _row(lambda m, y, x: m.polyfit(x, y, 1), "polyfit_traced_x", nargs=2,
         args_maker=lambda rng: _grid_and_values(rng)[:1]),
    Case(fnp.poly, shapes=[((3,),)]),
    Case(fnp.vander, shapes=[((3,),)]),
    _row(lambda m, x: m.vander(x, 4, increasing=True), "vander_increasing", shapes=[((3,),)]),
    # ---------------------------------------------------------------- array-API products
    Case(fnp.vecdot, nargs=2, shapes=[((3,), (3,)), ((2, 3), (3,))]),
    _row(lambda m, a, b: m.vecdot(a, b, axis=0), "vecdot_axis0", nargs=2,
         shapes=[((3, 2), (3, 1))]),
    Case(fnp.matvec, nargs=2, shapes=[((2, 3), (3,)), ((2, 2, 3), (3,))]),
    Case(fnp.vecmat, nargs=2, shapes=[((2,), (2, 3)), ((2, 2), (2, 3))]),
    Case(fnp.matrix_transpose, shapes=[((2, 3),), ((2, 2, 3),)]),
    _row(lambda m, x: m.permute_dims(x, (1, 0, 2)), "permute_dims", shapes=[((2, 3, 4),)]),
    _row(lambda m, x, y: m.concat([x, y], axis=-1), "concat", nargs=2,
         shapes=[((2,), (3,)), ((2, 1), (2, 2))]),
]  # fmt: skip
