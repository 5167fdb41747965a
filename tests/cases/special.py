"""Rows for funcdiff.scipy.special; references are independent NumPy/math formulas (values
against SciPy's own numbers are in tests/test_special.py)."""

import math

import numpy as np
from primitive_cases import BROADCASTING, Case

import funcdiff.scipy.special as fsp

MATRIX = [((2, 3),)]


def _by_math(fn):
    """An elementwise reference from a ``math`` function, in the input's dtype."""

    def ref(x):
        return np.vectorize(fn, otypes=[np.float64])(x).astype(x.dtype)

    return ref


def _lse(x, axis=None, keepdims=False):
    return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))


def _weighted_lse(a, b):
    return np.log(np.sum(b * np.exp(a)))


def _signed_lse(a, b):
    total = np.sum(b * np.exp(a), axis=-1)
    return np.log(np.abs(total)), np.sign(total)


def _negative_weights(rng):
    # All weights negative: the sum is negative and its sign stays -1 under finite differences.
    shapes = [(3,), (2, 3)]
    return [(rng.uniform(-2, 2, s), -rng.uniform(0.5, 2, s)) for s in shapes]


CASES = [
    Case(fsp.erf, reference=_by_math(math.erf)),
    Case(fsp.erfc, reference=_by_math(math.erfc)),
    Case(fsp.ndtr, reference=_by_math(lambda x: 0.5 * math.erfc(-x / math.sqrt(2)))),
    Case(fsp.log_ndtr, domain=(-6.0, 3.0),
         reference=_by_math(lambda x: math.log(0.5 * math.erfc(-x / math.sqrt(2))))),
    # The gamma family away from its poles at 0, -1, -2, ...
    Case(fsp.gammaln, domain=(0.5, 5.0), reference=_by_math(math.lgamma)),
    Case(fsp.gamma, domain=(0.5, 4.0), reference=_by_math(math.gamma)),
    Case(fsp.digamma, domain=(0.5, 5.0)),
    Case(lambda x: fsp.polygamma(1, x), name="polygamma_1", domain=(0.5, 5.0)),
    Case(lambda x: fsp.polygamma(3, x), name="polygamma_3", domain=(0.5, 5.0)),
    Case(lambda x: fsp.digamma(x), name="digamma_negative", domain=(-2.9, -2.1)),  # reflection
    Case(fsp.expit, domain=(-6.0, 6.0), reference=lambda x: 1 / (1 + np.exp(-x))),
    Case(fsp.log_expit, domain=(-6.0, 6.0), reference=lambda x: -np.log1p(np.exp(-x))),
    Case(fsp.logit, domain=(0.05, 0.95), reference=lambda x: np.log(x / (1 - x))),  # in (0, 1)
    Case(fsp.entr, domain=(0.1, 3.0), reference=lambda x: -x * np.log(x)),  # kink-free x > 0
    Case(fsp.xlogy, nargs=2, domain=(0.1, 3.0), reference=lambda x, y: x * np.log(y)),
    Case(fsp.xlogy, nargs=2, domain=(0.1, 3.0), shapes=BROADCASTING, name="xlogy_broadcast",
         reference=lambda x, y: x * np.log(y)),
    Case(fsp.xlog1py, nargs=2, domain=(-0.5, 2.0), reference=lambda x, y: x * np.log1p(y)),
    Case(fsp.logsumexp, domain=(-3.0, 3.0), reference=_lse),
    Case(lambda x: fsp.logsumexp(x, axis=0), name="logsumexp_axis0", shapes=MATRIX,
         reference=lambda x: _lse(x, axis=0)),
    Case(lambda x: fsp.logsumexp(x, axis=-1, keepdims=True), name="logsumexp_keepdims",
         shapes=MATRIX, reference=lambda x: _lse(x, axis=-1, keepdims=True)),
    Case(lambda x: fsp.logsumexp(x, axis=(0, 1)), name="logsumexp_axes", shapes=MATRIX,
         reference=lambda x: _lse(x)),
    Case(lambda a, b: fsp.logsumexp(a, b=b), nargs=2, name="logsumexp_weights",
         domain=(0.5, 2.0), reference=_weighted_lse),  # positive weights: a positive sum
    Case(lambda a, b: fsp.logsumexp(a, axis=-1, b=b, return_sign=True), nargs=2,
         name="logsumexp_sign", args_maker=_negative_weights, reference=_signed_lse),
    Case(fsp.softmax, domain=(-3.0, 3.0),
         reference=lambda x: np.exp(x) / np.sum(np.exp(x))),
    Case(lambda x: fsp.softmax(x, axis=1), name="softmax_axis1", shapes=MATRIX,
         reference=lambda x: np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)),
    Case(fsp.log_softmax, domain=(-3.0, 3.0), reference=lambda x: x - _lse(x)),
    Case(lambda x: fsp.log_softmax(x, axis=0), name="log_softmax_axis0", shapes=MATRIX,
         reference=lambda x: x - _lse(x, axis=0, keepdims=True)),
]  # fmt: skip
