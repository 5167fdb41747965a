"""Rows for the inverse error functions, Bessel I0/I1, the beta family, divergences, Huber
losses and exprel in funcdiff.scipy.special (accuracy against mpmath values is in
tests/test_special_extra.py)."""

import math

import numpy as np
from primitive_cases import BROADCASTING, Case

import funcdiff.scipy.special as fsp

SHAPES = [((),), ((2, 3),)]
PAIRS = [((), ()), ((2, 3), (3,))]


def _huber_args(rng, delta, r):
    # Each side of the kink |r| = delta separately, with |r| well away from delta.
    return [(rng.uniform(*delta, s), rng.uniform(*r, s)) for s in [(), (2, 3)]]


def _multigammaln(a, d):
    return 0.25 * d * (d - 1) * math.log(math.pi) + sum(
        np.vectorize(math.lgamma)(a - 0.5 * j) for j in range(d)
    )


CASES = [
    # The inverse error functions away from their poles at the ends of the domain.
    Case(fsp.erfinv, shapes=SHAPES, domain=(-0.95, 0.95)),
    Case(fsp.erfcinv, shapes=SHAPES, domain=(0.05, 1.95)),
    Case(fsp.ndtri, shapes=SHAPES, domain=(0.03, 0.97)),
    Case(fsp.i0, shapes=SHAPES, domain=(-3.0, 3.0)),
    Case(fsp.i1, shapes=SHAPES, domain=(-3.0, 3.0)),
    # i0e/i1e have a kink at 0 (e^-|x|): each sign separately.
    Case(fsp.i0e, shapes=SHAPES, domain=(0.2, 25.0),
         reference=lambda x: np.i0(x) * np.exp(-np.abs(x))),
    Case(fsp.i1e, shapes=SHAPES, domain=(-25.0, -0.2)),
    Case(lambda x: fsp.i0(x), name="i0_asymptotic", shapes=SHAPES, domain=(19.0, 30.0)),
    Case(fsp.betaln, nargs=2, shapes=PAIRS, domain=(0.5, 3.0),
         reference=lambda a, b: np.vectorize(
             lambda a, b: math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b),
             otypes=[np.result_type(a, b)])(a, b)),
    Case(fsp.beta, nargs=2, shapes=PAIRS, domain=(0.5, 3.0)),
    Case(lambda a: fsp.multigammaln(a, 3), name="multigammaln", shapes=SHAPES,
         domain=(1.5, 4.0), reference=lambda a: _multigammaln(a, 3).astype(a.dtype)),
    Case(fsp.rel_entr, nargs=2, shapes=BROADCASTING, domain=(0.2, 2.0),
         reference=lambda x, y: x * np.log(x / y)),
    Case(fsp.kl_div, nargs=2, shapes=PAIRS, domain=(0.2, 2.0),
         reference=lambda x, y: x * np.log(x / y) - x + y),
    Case(fsp.huber, nargs=2, name="huber_inside", args_maker=lambda rng: _huber_args(
        rng, (2.5, 3.0), (-2.0, 2.0)), reference=lambda d, r: 0.5 * r * r),
    Case(fsp.huber, nargs=2, name="huber_outside", args_maker=lambda rng: _huber_args(
        rng, (0.2, 0.5), (1.0, 2.0)), reference=lambda d, r: d * (np.abs(r) - 0.5 * d)),
    Case(fsp.pseudo_huber, nargs=2, shapes=PAIRS, domain=(0.5, 2.0),
         reference=lambda d, r: d * d * (np.sqrt(1 + (r / d) ** 2) - 1)),
    Case(fsp.exprel, shapes=SHAPES, domain=(-2.0, 2.0),
         reference=lambda x: np.expm1(x) / x),
    Case(lambda x: fsp.exprel(x), name="exprel_taylor", shapes=SHAPES, domain=(-0.04, 0.04),
         reference=lambda x: np.expm1(x) / x),
    Case(fsp.sinc, shapes=SHAPES),
]  # fmt: skip
