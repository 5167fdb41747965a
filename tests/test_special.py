"""funcdiff.scipy.special against SciPy's values (pasted literals), at the tails and edges,
with float32 kept and derivatives that stay finite where naive formulas break."""

import math

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.scipy.special as fsp
from funcdiff.errors import AxisError, ConcretizationError

# scipy 1.17.1; each value also checked against mpmath 1.4.1 (50 digits)
ERF = [
    (-6.0, -1.0),
    (-3.0, -0.9999779095030014),
    (-1.0, -0.8427007929497148),
    (-0.5, -0.5204998778130465),
    (-0.001, -0.0011283787909692363),
    (1e-10, 1.1283791670955126e-10),
    (0.1, 0.1124629160182849),
    (0.5, 0.5204998778130465),
    (1.0, 0.8427007929497148),
    (2.0, 0.9953222650189527),
    (3.5, 0.9999992569016276),
    (5.0, 0.9999999999984626),
    (6.0, 1.0),
]
ERFC = [
    (-3.0, 1.9999779095030015),
    (-1.0, 1.8427007929497148),
    (0.0, 1.0),
    (0.5, 0.4795001221869535),
    (1.0, 0.15729920705028516),
    (2.0, 0.004677734981047266),
    (5.0, 1.5374597944280347e-12),
    (10.0, 2.0884875837625446e-45),
    (15.0, 7.212994172451209e-100),
    (20.0, 5.395865611607901e-176),
    (25.0, 8.300172571196523e-274),
]
GAMMALN = [
    (0.5, 0.5723649429247),
    (0.75, 0.20328095143129538),
    (0.95, 0.030968795237972926),  # mpmath: scipy is off by 8e-15 here
    (1.05, -0.0268530725022602),
    (1.25, -0.09827183642181311),
    (1.5, -0.12078223763524526),
    (1.9, -0.0389842759230834),
    (2.1, 0.04543773854448518),
    (2.5, 0.2846828704729192),
    (3.0, 0.6931471805599453),
    (3.7, 1.428072326665388),
    (4.5, 2.4537365708424423),
    (5.0, 3.1780538303479458),
    (10.0, 12.801827480081469),
    (100.0, 359.1342053695754),
    (100000.0, 1051287.7089736569),
    (-0.5, 1.2655121234846454),
    (-2.5, -0.05624371649767401),
]
DIGAMMA = [
    (0.5, -1.9635100260214235),
    (0.8, -0.9650085667061384),
    (1.0, -0.5772156649015329),
    (1.4, -0.06138454458511624),
    (1.45, -0.011316422586445886),
    (1.46, -0.0015805619870834522),
    (1.47, 0.008066489011364867),
    (1.5, 0.03648997397857652),
    (2.0, 0.42278433509846713),
    (3.3, 1.0348224890596216),
    (5.0, 1.5061176684318003),
    (10.0, 2.251752589066721),
    (100.0, 4.600161852738088),
    (1000000.0, 13.81551005796419),
    (-0.5, 0.03648997397857651),
    (-2.5, 1.1031566406452433),
    (-5.3, 4.041590845410028),
]
POLYGAMMA1 = [
    (0.5, 4.93480220054468),
    (1.0, 1.6449340668482266),
    (1.5, 0.9348022005446793),
    (2.7, 0.4472120689183237),
    (5.0, 0.22132295573711533),
    (20.0, 0.051270822935203124),
    (-0.5, 8.934802200544679),
    (-2.3, 14.725912160961292),
]
POLYGAMMA2 = [
    (0.5, -16.828796644234316),
    (1.0, -2.404113806319188),
    (1.5, -0.8287966442343201),
    (2.7, -0.19700583557913573),
    (5.0, -0.04878973224511449),
    (20.0, -0.0026281224023146543),
    (-0.5, -0.82879664423432),
    (-2.3, 68.71379252927028),
]
POLYGAMMA3 = [
    (0.5, 97.40909103400242),
    (1.0, 6.493939402266829),
    (1.5, 1.4090910340024367),
    (2.7, 0.17117980334609878),
    (5.0, 0.02142782819275508),
    (20.0, 0.00026937422133963896),
    (-0.5, 193.40909103400242),
    (-2.3, 768.9350646661426),
]
GAMMA = [
    (0.5, 1.7724538509055159),
    (1.5, 0.8862269254527579),
    (3.2, 2.4239654799353687),
    (5.0, 24.0),
    (10.5, 1133278.3889487856),
    (-0.5, -3.5449077018110318),
    (-2.5, -0.9453087204829419),
]
EXPIT = [
    (-40.0, 4.248354255291589e-18),
    (-5.0, 0.0066928509242848554),
    (-1.0, 0.2689414213699951),
    (0.0, 0.5),
    (1.0, 0.7310585786300049),
    (5.0, 0.9933071490757153),
    (40.0, 1.0),
]
LOG_EXPIT = [
    (-40.0, -40.0),
    (-1.0, -1.3132616875182228),
    (0.0, -0.6931471805599453),
    (1.0, -0.31326168751822286),
    (40.0, -4.248354255291589e-18),
]
NDTR = [
    (-40.0, 0.0),  # mpmath: scipy is off by 1e+00 here
    (-10.0, 7.619853024160525e-24),  # mpmath: scipy is off by 7e-15 here
    (-1.0, 0.15865525393145707),
    (0.0, 0.5),
    (1.0, 0.8413447460685429),
    (10.0, 1.0),
]
LOG_NDTR = [
    (-100000.0, -5000000012.431865),
    (-40.0, -804.6084420137539),
    (-20.0, -203.9171553710973),
    (-10.0, -53.23128515051248),
    (-1.0, -1.8410216450092634),
    (0.0, -0.6931471805599453),
    (1.0, -0.1727537790234499),
    (5.0, -2.866516129637636e-07),  # mpmath: scipy is off by 2e-15 here
    (10.0, -7.619853024160525e-24),  # mpmath: scipy is off by 7e-15 here
]
LOGIT = [
    (1e-10, -23.025850929840455),
    (0.1, -2.197224577336219),
    (0.4, -0.4054651081081643),
    (0.5000001, 3.9999999978946295e-07),
    (0.6, 0.4054651081081643),
    (0.9, 2.1972245773362196),
]

TABLES = {
    "erf": (fsp.erf, ERF),
    "erfc": (fsp.erfc, ERFC),
    "gammaln": (fsp.gammaln, GAMMALN),
    "digamma": (fsp.digamma, DIGAMMA),
    "polygamma1": (lambda x: fsp.polygamma(1, x), POLYGAMMA1),
    "polygamma2": (lambda x: fsp.polygamma(2, x), POLYGAMMA2),
    "polygamma3": (lambda x: fsp.polygamma(3, x), POLYGAMMA3),
    "gamma": (fsp.gamma, GAMMA),
    "expit": (fsp.expit, EXPIT),
    "log_expit": (fsp.log_expit, LOG_EXPIT),
    "ndtr": (fsp.ndtr, NDTR),
    "log_ndtr": (fsp.log_ndtr, LOG_NDTR),
    "logit": (fsp.logit, LOGIT),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_values_match_reference(name):
    fn, table = TABLES[name]
    x, expected = np.array(table).T
    np.testing.assert_allclose(fn(x), expected, rtol=1e-13, atol=0)
    for xi, ei in table[:3]:  # scalars go through the same code
        np.testing.assert_allclose(fn(xi), ei, rtol=1e-13, atol=0)


def test_digamma_is_accurate_around_its_root():
    # Relative accuracy near the root 1.4616... (mpmath 1.4.1, 50 digits).
    x = np.array([1.4616321449683622, 1.4616, 1.4617, 1.462])
    expected = [-9.241265521729427e-17, -3.110625123034165e-05, 6.56593922936765e-05,
                0.00035590320380104274]  # fmt: skip
    np.testing.assert_allclose(fsp.digamma(x), expected, rtol=1e-13, atol=0)


def test_gammaln_is_accurate_next_to_its_zeros():
    # mpmath 1.4.1; libm's lgamma and SciPy 1.17 are off by ~1e-11 relative at 1 + 2e-5.
    x = np.array([0.99998, 1.0006, 2.0008])
    expected = [1.1544642288061102e-05, -0.0003460333973218948, 0.0003384338125041772]
    np.testing.assert_allclose(fsp.gammaln(x), expected, rtol=1e-13, atol=0)


def test_tails_without_warnings():
    # pytest turns warnings into errors: none of these may overflow or divide by zero.
    assert fsp.expit(-800.0) == 0.0 and fsp.expit(800.0) == 1.0
    assert fsp.log_expit(-800.0) == -800.0 and fsp.log_expit(800.0) == 0.0
    assert fsp.erfc(10.0) == pytest.approx(2.0884875837625446e-45, rel=1e-13)
    assert fsp.log_ndtr(-1e5) == pytest.approx(-5000000012.431865, rel=1e-13)
    np.testing.assert_array_equal(fsp.logit(np.array([0.0, 1.0])), [-np.inf, np.inf])
    assert math.isnan(fsp.logit(2.0))


def test_edge_values_are_scipys():
    # SciPy 1.17.1's values at poles and infinities.
    x = np.array([0.0, -0.0, -1.0, np.inf, -np.inf, np.nan])
    np.testing.assert_array_equal(fsp.digamma(x), [-np.inf, np.inf, np.nan, np.inf, np.nan, np.nan])
    np.testing.assert_array_equal(fsp.polygamma(1, x), [np.inf, np.inf, np.inf, 0, np.inf, np.nan])
    np.testing.assert_array_equal(
        fsp.polygamma(2, x), [-np.inf, -np.inf, -np.inf, 0, -np.inf, np.nan]
    )
    np.testing.assert_array_equal(fsp.gammaln(x), [np.inf, np.inf, np.inf, np.inf, -np.inf, np.nan])
    np.testing.assert_array_equal(fsp.gamma(x), [np.inf, -np.inf, np.nan, np.inf, np.nan, np.nan])
    np.testing.assert_array_equal(
        fsp.entr(np.array([-1.0, 0.0, np.inf, np.nan])), [-np.inf, 0.0, -np.inf, np.nan]
    )
    assert fsp.xlogy(0.0, 0.0) == 0.0 and math.isnan(fsp.xlogy(0.0, np.nan))
    assert fsp.xlogy(1.0, 0.0) == -np.inf and fsp.xlog1py(0.0, -1.0) == 0.0


@pytest.mark.parametrize("fn", [fsp.erf, fsp.erfc, fsp.gammaln, fsp.gamma, fsp.digamma,
                                fsp.expit, fsp.logit, fsp.log_expit, fsp.entr, fsp.ndtr,
                                fsp.log_ndtr, fsp.softmax, fsp.log_softmax, fsp.logsumexp,
                                lambda x: fsp.polygamma(2, x), lambda x: fsp.xlogy(x, x),
                                lambda x: fsp.xlog1py(x, x)])  # fmt: skip
def test_float32_stays_float32(fn):
    x = np.array([0.2, 0.5, 0.7], np.float32)
    assert np.asarray(fn(x)).dtype == np.float32
    assert np.asarray(fd.grad(lambda x: fsp.logsumexp(fn(x)))(x)).dtype == np.float32


def test_ints_compute_in_float64():
    assert fsp.gammaln(np.array([3, 4])).dtype == np.float64
    assert fsp.expit(np.array([1, 2])).dtype == np.float64
    assert fsp.logsumexp(np.array([1, 2])).dtype == np.float64


def test_derivatives():
    x = np.array([0.7, 1.3, 3.1])
    np.testing.assert_allclose(fd.elementwise_grad(fsp.gammaln)(x), fsp.digamma(x))
    np.testing.assert_allclose(fd.elementwise_grad(fsp.digamma)(x), fsp.polygamma(1, x))
    np.testing.assert_allclose(fd.elementwise_grad(fsp.erf)(x), 2 / np.sqrt(np.pi) * np.exp(-x * x))
    # expit' = expit(x) expit(-x) keeps its digits far right, where 1 - expit(x) is 0.
    assert fd.grad(fsp.expit)(40.0) == pytest.approx(4.248354255291589e-18, rel=1e-13)
    assert fd.grad(fsp.log_expit)(-800.0) == 1.0
    # (log Phi)'(x) = phi(x) / Phi(x) ~ -x far left (mpmath 1.4.1 at -40).
    assert fd.grad(fsp.log_ndtr)(-40.0) == pytest.approx(40.02496884720726, rel=1e-13)


def test_xlogy_derivative_vanishes_where_x_is_zero():
    x, y = np.array([0.0, 0.0, 2.0]), np.array([0.0, 3.0, 3.0])
    dx, dy = fd.grad(lambda x, y: fsp.xlogy(x, y).sum(), argnums=(0, 1))(x, y)
    np.testing.assert_array_equal(dy, [0.0, 0.0, 2.0 / 3.0])
    assert dx[1] == np.log(3.0) and dx[0] == -np.inf
    dy1 = fd.grad(lambda y: fsp.xlog1py(0.0, y))(-1.0)
    assert dy1 == 0.0


def test_logsumexp_with_infinities():
    a = np.array([[-np.inf, -np.inf], [0.0, -np.inf], [np.inf, 1.0]])
    np.testing.assert_array_equal(fsp.logsumexp(a, axis=1), [-np.inf, 0.0, np.inf])
    assert fsp.logsumexp(np.zeros(0)) == -np.inf
    # The gradient is the softmax, exactly 0 at entries equal to -inf.
    a = np.array([1.0, 2.0, -np.inf])
    e = np.exp(a[:2] - a[:2].max())
    np.testing.assert_allclose(fd.grad(fsp.logsumexp)(a), [*(e / e.sum()), 0.0], rtol=1e-15)


def test_logsumexp_is_stable_and_matches_scipy():
    # SciPy 1.17.1: logsumexp([1000, 1000.5, -1e300]) and with axis/keepdims.
    assert fsp.logsumexp(np.array([1000.0, 1000.5, -1e300])) == pytest.approx(
        1000.9740769841801, rel=1e-15
    )
    a = np.arange(6.0).reshape(2, 3)
    out = fsp.logsumexp(a, axis=-1, keepdims=True)
    assert out.shape == (2, 1)
    np.testing.assert_allclose(out[:, 0], [2.40760596444438, 5.407605964444381], rtol=1e-14)
    assert fsp.logsumexp(a, axis=(0, 1)) == pytest.approx(5.456193316018123, rel=1e-14)


def test_logsumexp_weights_and_sign():
    # SciPy 1.17.1: logsumexp([1, 2], b=[1, -2], return_sign=True) and without the sign.
    out, sign = fsp.logsumexp(np.array([1.0, 2.0]), b=np.array([1.0, -2.0]), return_sign=True)
    assert out == pytest.approx(2.48988012564475, rel=1e-14) and sign == -1.0
    assert math.isnan(fsp.logsumexp(np.array([1.0, 2.0]), b=np.array([1.0, -2.0])))
    # b broadcasts against a; d/db at b = 0 is exp(a) / sum, not 0 or nan.
    a, b = np.array([[0.0, 1.0], [2.0, 3.0]]), np.array([1.0, 0.0])
    np.testing.assert_allclose(fsp.logsumexp(a, axis=1, b=b), [0.0, 2.0], rtol=1e-15)
    db = fd.grad(lambda b: fsp.logsumexp(np.array([0.0, 1.0]), b=b))(b)
    np.testing.assert_allclose(db, [1.0, np.e], rtol=1e-15)


def test_softmax_matches_scipy():
    # SciPy 1.17.1: softmax([[1, 2], [3, 5]], axis=(0, 1)) and log_softmax([-inf, 0]).
    out = fsp.softmax(np.array([[1.0, 2.0], [3.0, 5.0]]), axis=(0, 1))
    expected = [[0.015219428864155926, 0.04137069692096015],
                [0.11245721367093255, 0.8309526605439513]]  # fmt: skip
    np.testing.assert_allclose(out, expected, rtol=1e-14)
    np.testing.assert_array_equal(fsp.log_softmax(np.array([-np.inf, 0.0])), [-np.inf, 0.0])


def test_polygamma_orders():
    x = np.array([1.0, 2.0])
    expected = [-0.5772156649015329, 0.6449340668482264]
    np.testing.assert_allclose(fsp.polygamma(np.array([0, 1]), x), expected, rtol=1e-14)
    assert math.isnan(fsp.polygamma(-1, 2.0)) and math.isnan(fsp.polygamma(1.5, 2.0))
    assert fsp.polygamma(np.float64(1.0), 1.0) == pytest.approx(math.pi**2 / 6, rel=1e-15)
    with pytest.raises(ConcretizationError, match="concrete order n"):
        fd.grad(lambda n: fsp.polygamma(n, 2.0))(1.0)


def test_axis_errors():
    with pytest.raises(AxisError, match="out of bounds"):
        fsp.logsumexp(np.ones((2, 3)), axis=2)
    with pytest.raises(AxisError, match="repeats"):
        fsp.softmax(np.ones((2, 3)), axis=(1, -1))
