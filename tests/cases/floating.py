"""Rows for funcdiff.numpy's floating-point and integer elementwise functions; integer
operands come from args_maker (rows without derivatives) or are closed over."""

import numpy as np
from primitive_cases import Case

import funcdiff.numpy as fnp

SHAPES = [((3,),), ((2, 3),)]
EXPONENTS = np.array([-2, 0, 3])


def _ints(low, high, nargs=2):
    def make(rng):
        return [tuple(rng.integers(low, high, s) for _ in range(nargs)) for s in [(3,), (2, 3)]]

    return make


def _nextafter_args(rng):
    # y above every x: nextafter always steps up, a smooth function of x.
    return [(rng.uniform(-1, 1, s), rng.uniform(2, 3, s)) for s in [(), (2, 3)]]


def _specials(rng):
    values = np.array([-np.inf, np.inf, np.nan, -0.0, 0.0, -2.5, 3.0])
    return [(values,), (np.stack([values, -values]),)]


CASES = [
    Case(lambda x: fnp.ldexp(x, EXPONENTS), name="ldexp", shapes=SHAPES,
         reference=lambda x: np.ldexp(x, EXPONENTS)),
    Case(lambda x: fnp.frexp(x)[0], name="frexp_mantissa",
         reference=lambda x: np.frexp(x)[0]),
    Case(fnp.frexp, args_maker=_specials, differentiable=False),
    # modf's fractional part jumps at the integers: sample between them, on both signs.
    Case(fnp.modf, domain=(0.1, 0.9)),
    Case(lambda x: fnp.modf(x), name="modf_negative", domain=(-2.9, -2.1),
         reference=np.modf),
    Case(lambda x: fnp.modf(x), name="modf_specials", args_maker=_specials,
         differentiable=False, reference=np.modf),
    Case(fnp.nextafter, nargs=2, args_maker=_nextafter_args),
    Case(fnp.spacing, differentiable=False),
    Case(fnp.angle, domain=(0.5, 2.0)),
    Case(lambda x: fnp.angle(x, deg=True), name="angle_deg", domain=(-2.0, -0.5),
         reference=lambda x: np.angle(x, deg=True)),
    Case(fnp.i0, domain=(-3.0, 3.0)),
    Case(fnp.isreal, differentiable=False),
    Case(fnp.iscomplex, differentiable=False),
    Case(fnp.isneginf, args_maker=_specials, differentiable=False),
    Case(fnp.isposinf, args_maker=_specials, differentiable=False),
    Case(fnp.gcd, nargs=2, args_maker=_ints(1, 60), differentiable=False),
    Case(fnp.lcm, nargs=2, args_maker=_ints(1, 60), differentiable=False),
    Case(fnp.left_shift, nargs=2, args_maker=_ints(0, 8), differentiable=False),
    Case(fnp.right_shift, nargs=2, args_maker=_ints(0, 8), differentiable=False),
    Case(fnp.bitwise_count, args_maker=_ints(-100, 100, nargs=1), differentiable=False),
]  # fmt: skip
