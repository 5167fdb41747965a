"""Rows for gammainc, gammaincc and zeta in funcdiff.scipy.special. References are closed forms
(half-integer and integer a) or plain sums; they are differentiable in x (zeta: in q) only,
so the other argument is closed over (accuracy against mpmath is in
tests/test_incomplete_gamma.py)."""

import math

import numpy as np
from primitive_cases import Case

import funcdiff.scipy.special as fsp

SHAPES = [((),), ((2, 3),)]
_erf = np.vectorize(math.erf)
_erfc = np.vectorize(math.erfc)


def _typed(fn):
    # The reference in the input's float dtype (float32 stays float32, as the facade).
    return lambda x: np.asarray(fn(np.asarray(x, np.float64))).astype(x.dtype)[()]


def _p_half(x):
    # P(1/2, x) = erf(sqrt x), and P(a + 1, x) = P(a, x) - x^a e^-x / Gamma(a + 1).
    return _erf(np.sqrt(x)) - np.exp(-x) * (x**0.5 / math.gamma(1.5) + x**1.5 / math.gamma(2.5))


def _p_integer(n, x):
    # P(n, x) = e^-x sum_{k >= n} x^k / k!: positive terms, 200 of them are plenty for x <= 50.
    k = np.arange(n, n + 200).reshape((-1,) + (1,) * np.ndim(x))
    lgam = np.vectorize(math.lgamma)(k + 1.0)
    return np.sum(np.exp(k * np.log(x) - x - lgam), axis=0)


def _hurwitz(s, q):
    # 40 terms, then Euler-Maclaurin with B_2 and B_4 at z = q + 40 (next term ~ z^(-s-5)).
    k = np.arange(40).reshape((-1,) + (1,) * np.ndim(q))
    z = q + 40.0
    tail = z ** (1 - s) / (s - 1) + 0.5 * z**-s + s / 12 * z ** (-s - 1)
    tail -= s * (s + 1) * (s + 2) / 720 * z ** (-s - 3)
    return np.sum((q + k) ** -s, axis=0) + tail


def _array_a(rng):
    return [(rng.uniform(0.3, 9.0, s),) for s in [(), (2, 3)]]


_A = np.array([0.5, 2.5, 7.0])

CASES = [
    # x in (0.2, 6) crosses x = a + 1: both the P series and the continued fraction for Q.
    Case(lambda x: fsp.gammainc(2.5, x), name="gammainc", shapes=SHAPES, domain=(0.2, 6.0),
         reference=_typed(_p_half)),
    Case(lambda x: fsp.gammaincc(3.0, x), name="gammaincc", shapes=SHAPES, domain=(0.2, 6.0),
         reference=_typed(lambda x: np.exp(-x) * (1 + x + 0.5 * x * x))),
    # Small a and x <= 1.1: Q's own series (1 - P would cancel).
    Case(lambda x: fsp.gammaincc(0.5, x), name="gammaincc_small", shapes=SHAPES,
         domain=(0.05, 1.0), reference=_typed(lambda x: _erfc(np.sqrt(x)))),
    # a >= 10: the Stirling form of x^a e^-x / Gamma(a + 1), around x = a.
    Case(lambda x: fsp.gammainc(40.0, x), name="gammainc_large_a", shapes=SHAPES,
         domain=(30.0, 50.0), reference=_typed(lambda x: _p_integer(40, x))),
    # An array of shapes broadcast against x, each entry in a different region.
    Case(lambda x: fsp.gammaincc(_A, x), name="gammaincc_array_a", args_maker=_array_a),
    Case(lambda q: fsp.zeta(3.0, q), name="zeta_hurwitz", shapes=SHAPES, domain=(0.3, 4.0),
         reference=_typed(lambda q: _hurwitz(3.0, q))),
    # Riemann's zeta has no derivative here (d/dx is not implemented).
    Case(fsp.zeta, name="zeta_riemann", shapes=SHAPES, domain=(1.5, 4.0), differentiable=False,
         reference=_typed(lambda x: _hurwitz(x, np.ones_like(x)))),
]  # fmt: skip
