"""Rows for the binary elementwise family: arithmetic, powers, remainders, two-argument math,
maximum/minimum, comparisons, logic, bitwise ops, where and clip."""

import numpy as np
from primitive_cases import BINARY_SHAPES, BROADCASTING, UNARY_SHAPES, Case

import funcdiff.numpy as fnp

PAIRS = BINARY_SHAPES + BROADCASTING


def sampler(*domains, shapes=PAIRS, signed=()):
    """Uniform samples with one (low, high) domain per argument; arguments whose position is
    in ``signed`` get a random sign, so |x| stays inside the domain on both sides of 0."""

    def make(rng):
        samples = []
        for sample in shapes:
            args = []
            for i, (shape, (lo, hi)) in enumerate(zip(sample, domains, strict=True)):
                x = rng.uniform(lo, hi, size=shape)
                if i in signed:
                    x = x * rng.choice([-1.0, 1.0], size=shape)
                args.append(x)
            samples.append(tuple(args))
        return samples

    return make


def quotient_sampler(rng):
    """x = ±(k + u), k in {0, 1, 2}, u in (0.2, 0.8), y = ±(1 .. 1.05): x / y stays at least
    0.14 away from every integer, so floor/trunc of the quotient never jump nearby."""
    samples = []
    for sx, sy in PAIRS:
        x = rng.integers(0, 3, size=sx) + rng.uniform(0.2, 0.8, size=sx)
        y = rng.uniform(1.0, 1.05, size=sy)
        samples.append((x * rng.choice([-1.0, 1.0], size=sx), y * rng.choice([-1.0, 1.0], size=sy)))
    return samples


def small_integers(rng, dtype=float, shapes=PAIRS):
    """Values in {-2, ..., 2}: comparisons see ties, logic sees zeros."""
    return [tuple(rng.integers(-2, 3, size=s).astype(dtype) for s in sample) for sample in shapes]


def bits(rng):
    """Integer pairs and bool pairs for the bitwise ops."""
    ints = [tuple(rng.integers(-8, 9, size=s) for s in sample) for sample in PAIRS]
    bools = [tuple(rng.integers(0, 2, size=s).astype(bool) for s in sample) for sample in PAIRS]
    return ints + bools


NONZERO = sampler((-2.0, 2.0), (0.5, 2.0), signed=(1,))  # divisors kept away from 0
POSITIVE_BASE = sampler((0.5, 2.0), (-2.0, 2.0))  # real exponents need a positive base


def positive_base_f32(rng):
    return [tuple(a.astype(np.float32) for a in args) for args in POSITIVE_BASE(rng)]


CASES = [
    Case(fnp.add, nargs=2, shapes=PAIRS),
    Case(fnp.subtract, nargs=2, shapes=PAIRS),
    Case(fnp.multiply, nargs=2, shapes=PAIRS),
    Case(fnp.divide, nargs=2, args_maker=NONZERO),
    Case(fnp.true_divide, nargs=2, name="true_divide", args_maker=NONZERO),
    Case(fnp.negative),
    Case(fnp.positive),
    # Piecewise constant: the derivative checked is zero, away from the jumps.
    Case(fnp.floor_divide, nargs=2, args_maker=quotient_sampler),
    Case(fnp.remainder, nargs=2, args_maker=quotient_sampler),
    Case(fnp.mod, nargs=2, name="mod", args_maker=quotient_sampler),
    Case(fnp.fmod, nargs=2, args_maker=quotient_sampler),
    Case(
        lambda x, y: fnp.divmod(x, y)[1],
        nargs=2,
        name="divmod",
        reference=lambda x, y: np.divmod(x, y)[1],
        args_maker=quotient_sampler,
    ),
    # Powers: real exponents on a positive base; Python int exponents over negatives too.
    Case(fnp.power, nargs=2, args_maker=POSITIVE_BASE),
    Case(fnp.float_power, nargs=2, args_maker=POSITIVE_BASE),
    # float32 operands are cast to float64 first.
    Case(
        fnp.float_power,
        nargs=2,
        name="float_power_f32",
        reference=np.float_power,
        args_maker=positive_base_f32,
    ),
    Case(lambda x: fnp.power(x, 2), name="power_int2", reference=lambda x: np.power(x, 2)),
    Case(lambda x: x**3, name="power_int3", reference=lambda x: x**3),
    Case(lambda x: x**1, name="power_int1", reference=lambda x: x**1),
    Case(lambda x: x**0, name="power_int0", reference=lambda x: x**0),
    # A pole at 0: |x| stays in (0.5, 2).
    Case(
        lambda x: fnp.power(x, -3),
        name="power_int_neg",
        reference=lambda x: np.power(x, -3),
        args_maker=sampler((0.5, 2.0), shapes=UNARY_SHAPES, signed=(0,)),
    ),
    # Exact at x = 0: d/dx x^2 = 0 and d²/dx² x^3 = 0 there, with no nan.
    Case(
        lambda x: fnp.power(x, 2) + x**3,
        name="power_int_at_zero",
        reference=lambda x: np.power(x, 2) + x**3,
        args_maker=lambda rng: [(np.zeros(()),), (np.zeros(3),)],
    ),
    Case(lambda x: x**0.5, name="power_half", reference=lambda x: x**0.5, domain=(0.5, 2.0)),
    Case(lambda x: 2.0**x, name="power_base2", reference=lambda x: 2.0**x),
    # d/dy 0^y = 0^y log 0 is 0 for y > 0, not nan.
    Case(
        lambda y: fnp.power(np.zeros(3), y),
        name="power_zero_base",
        reference=lambda y: np.power(np.zeros(3), y),
        domain=(0.5, 2.0),
    ),
    # Two-argument math; atan2's branch cut (x2 < 0, x1 = 0) stays out of reach.
    Case(fnp.arctan2, nargs=2, args_maker=sampler((-2.0, 2.0), (0.3, 2.0))),
    Case(fnp.hypot, nargs=2, args_maker=sampler((0.3, 2.0), (0.3, 2.0), signed=(0, 1))),
    Case(fnp.copysign, nargs=2, args_maker=sampler((0.3, 2.0), (0.3, 2.0), signed=(0, 1))),
    Case(fnp.logaddexp, nargs=2, shapes=PAIRS),
    Case(fnp.logaddexp2, nargs=2, shapes=PAIRS),
    Case(fnp.heaviside, nargs=2, args_maker=sampler((0.3, 2.0), (0.0, 1.0), signed=(0,))),
    # maximum and friends: random operands, whose ties (kinks) have probability zero.
    Case(fnp.maximum, nargs=2, shapes=PAIRS),
    Case(fnp.minimum, nargs=2, shapes=PAIRS),
    Case(fnp.fmax, nargs=2, shapes=PAIRS),
    Case(fnp.fmin, nargs=2, shapes=PAIRS),
    Case(
        lambda x, y: fnp.where(x > y, x * y, y - x),
        nargs=2,
        name="where",
        reference=lambda x, y: np.where(x > y, x * y, y - x),
        shapes=PAIRS,
    ),
    Case(lambda x: fnp.clip(x, -0.5, 0.5), name="clip", reference=lambda x: np.clip(x, -0.5, 0.5)),
    Case(
        lambda x: fnp.clip(x, None, 0.5),
        name="clip_upper",
        reference=lambda x: np.clip(x, None, 0.5),
    ),
    Case(
        fnp.clip,
        nargs=3,
        name="clip_arrays",
        args_maker=sampler(
            (-2.0, 2.0),
            (-1.5, -0.2),
            (0.2, 1.5),
            shapes=[((3,), (3,), (3,)), ((2, 3), (3,), (2, 1)), ((), (3,), ())],
        ),
    ),
]

for _fn in (
    fnp.equal,
    fnp.not_equal,
    fnp.less,
    fnp.less_equal,
    fnp.greater,
    fnp.greater_equal,
    fnp.logical_and,
    fnp.logical_or,
    fnp.logical_xor,
):
    CASES.append(Case(_fn, nargs=2, args_maker=small_integers, differentiable=False))
CASES.append(
    Case(
        fnp.logical_not,
        differentiable=False,
        args_maker=lambda rng: small_integers(rng, shapes=UNARY_SHAPES),
    )
)
for _fn in (fnp.bitwise_and, fnp.bitwise_or, fnp.bitwise_xor):
    CASES.append(Case(_fn, nargs=2, args_maker=bits, differentiable=False))
CASES.append(
    Case(fnp.invert, differentiable=False, args_maker=lambda rng: [(x,) for x, _ in bits(rng)])
)
