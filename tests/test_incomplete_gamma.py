"""Accuracy of gammainc, gammaincc (and their x-derivative) and zeta against mpmath 1.3 (200
digits, at the doubles given), their edge values against SciPy 1.17, and the errors raised for
the derivatives that are not implemented."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.scipy.special as fsp
from funcdiff.errors import NonDifferentiableError
from funcdiff.primitives import gammainc_dx
from funcdiff.test_util import check_grads

EPS = np.finfo(np.float64).eps
# (a, x, P, Q, dP/dx). Error allowed: 16 eps, except where the problem itself is ill
# conditioned: near x = a for large a, x dP/dx / P ~ sqrt(a), so P(1e6, 1e6) gets 800 eps.
GAMMAINC = [
    (1e-10, 0.5, 0.99999999994402264, 5.5977359480549881e-11, 1.2130613194112037e-10),
    (0.001, 0.9, 0.99973957030017818, 0.0002604296998218178, 0.00045195690290117397),
    (0.3, 0.56, 0.83224483459110525, 0.16775516540889475, 0.28652627173210328),
    (0.5, 1e-08, 0.00011283791633342487, 0.99988716208366658, 5641.8957790586047),
    (2.0, 0.001, 4.996667916333403e-7, 0.99999950033320837, 0.00099900049983337501),
    (2.5, 3.5, 0.77935969206328921, 0.22064030793671079, 0.14874253544024566),
    (3.0, 7.0, 0.97036383611947822, 0.029636163880521777, 0.022341108156085647),
    (9.5, 10.25, 0.63492633398737357, 0.36507366601262643, 0.11561692501114993),
    (10.0, 10.0, 0.54207028552814779, 0.45792971447185221, 0.1251100357211333),
    (12.0, 1.05, 1.4264845210723988e-9, 0.99999999857351548, 1.4993995139776767e-8),
    (40.0, 47.0, 0.86436107016608357, 0.13563892983391643, 0.030930770115057394),
    (77.5, 70.0, 0.19964258674929073, 0.80035741325070927, 0.033995440070122757),
    (150.0, 190.0, 0.99881916461125058, 0.0011808353887494206, 0.00027386266402587012),
    (1.5, 700.0, 1.0, 2.9456193610163087e-303, 2.9435183465000445e-303),
    (10000.0, 10050.0, 0.69234244070256556, 0.30765755929743444, 0.0035045628656077902),
    (1000000.0, 1000000.0, 0.50013298076087259, 0.49986701923912741, 0.00039894224715624403),
]
# (x, q, zeta(x, q), d/dq zeta(x, q)); (3, -2.5) cancels (terms of size 8 sum to 0.05).
HURWITZ = [
    (1.0000001, 1.0, 10000000.571377, -1.6449341375868081),
    (1.5, 0.01, 1002.5924620202127, -150001.97066056102),
    (2.0, 2.0, 0.64493406684822644, -0.40411380631918857),
    (3.0, 0.3, 37.636268294363019, -371.57088232752489),
    (5.5, 12.0, 3.71777872154821e-6, -1.4498086929849131e-6),
    (41.3, 720.25, 1.7791615046321242e-117, -9.9617550985017649e-119),
    (60.0, 1.5, 2.7197216389365647e-11, -1.0878886555746046e-9),
    (700.0, 0.5, 5.2601359015483735e210, -7.3641902621677229e213),
    (2.5, 10000000000.0, 6.6666666671666667e-16, -1.000000000125e-25),
    (3.0, -2.5, 0.054102025820863702, -97.373938109593811),
]
# (x, zeta(x)); below 0 the value's condition number is about |x| log(|x| / 2 pi).
RIEMANN = [
    (-200.5, -2.3200006633528991e215),
    (-51.4, 1.8214031305654036e25),
    (-3.0, 0.0083333333333333333),
    (-0.45, -0.2266998989392925),
    (-0.1, -0.41722804076736685),
    (-1e-10, -0.49999999990810615),
    (1e-10, -0.50000000009189385),
    (0.5, -1.4603545088095868),
    (0.999999, -999999.42275565225),
    (1.5, 2.6123753486854883),
    (3.0, 1.2020569031595943),
    (30.0, 1.0000000009313274),
]


def _ulps(a, x):
    return 800 if a >= 1e6 else 16


@pytest.mark.parametrize("a, x, p, q, density", GAMMAINC)
def test_gammainc_matches_mpmath(a, x, p, q, density):
    tol = _ulps(a, x) * EPS
    assert abs(float(fsp.gammainc(a, x)) - p) <= tol * p
    assert abs(float(fsp.gammaincc(a, x)) - q) <= tol * q
    assert abs(float(fd.grad(lambda x: fsp.gammainc(a, x))(x)) - density) <= tol * density
    assert abs(float(fd.grad(lambda x: fsp.gammaincc(a, x))(x)) + density) <= tol * density


@pytest.mark.parametrize("x, q, expected, slope", HURWITZ)
def test_hurwitz_zeta_matches_mpmath(x, q, expected, slope):
    tol = (64 if q < 0 else 4) * EPS
    assert abs(float(fsp.zeta(x, q)) - expected) <= tol * abs(expected)
    got = float(fd.grad(lambda q: fsp.zeta(x, q))(q))
    assert abs(got - slope) <= 4 * EPS * abs(slope)


@pytest.mark.parametrize("x, expected", RIEMANN)
def test_riemann_zeta_matches_mpmath(x, expected):
    tol = max(16.0, 0.5 * abs(x) * np.log(abs(x) / (2 * np.pi) + 1)) * EPS
    assert abs(float(fsp.zeta(x)) - expected) <= tol * abs(expected)


def test_edge_values_match_scipy():
    a = np.array([0, 0, 0, 1, 1, -1, 1, np.inf, np.inf, np.nan, 2, 0, np.inf, 3])
    x = np.array([0, 1, np.inf, 0, np.inf, 1, -1, 1, np.inf, 1, np.nan, 1e-300, 0, 1e-320])
    nan = np.nan
    p = [nan, 1, 1, 0, 1, nan, nan, 0, nan, nan, nan, 1, 0, 0]
    np.testing.assert_array_equal(fsp.gammainc(a, x), p)
    np.testing.assert_array_equal(fsp.gammaincc(a, x), 1 - np.array(p))
    s = np.array([1, 1, 2, 2, 2, 2, np.inf, np.inf, 3, 2.5, 2, 0.5, np.nan, 3, 1])
    q = np.array([1, 0.5, 0, -1, np.inf, nan, 1, 0.5, nan, -0.5, -2, 1, 1, -np.inf, -1])
    inf = np.inf
    expected = [inf, inf, inf, inf, 0, nan, 1, inf, nan, nan, inf, nan, nan, inf, inf]
    np.testing.assert_array_equal(fsp.zeta(s, q), expected)
    assert float(fsp.zeta(2.0, 1e300)) == pytest.approx(1e-300, rel=4 * EPS)
    assert float(fsp.zeta(np.inf, 2.0)) == 0.0  # the limit; SciPy gives nan
    riemann = np.array([1, np.inf, -np.inf, nan, 0, -2, -300, -301])
    np.testing.assert_array_equal(fsp.zeta(riemann), [inf, 1, nan, nan, -0.5, 0, 0, -inf])
    # dP/dx at x = 0: x^(a-1) / Gamma(a).
    np.testing.assert_array_equal(gammainc_dx(np.array([0.5, 1.0, 2.0]), 0.0), [inf, 1, 0])


def test_float32_stays_float32():
    x = np.array([0.5, 2.0], np.float32)
    for out in (fsp.gammainc(2.5, x), fsp.gammaincc(x, x), fsp.zeta(3.0, x), fsp.zeta(x + 1)):
        assert out.dtype == np.float32
    assert fsp.gammainc(2, 1).dtype == np.float64


def test_density_differentiates_in_both_arguments():
    # gammainc_dx = x^(a-1) e^-x / Gamma(a) is elementary in a as well.
    check_grads(gammainc_dx, (np.array([0.7, 3.0, 25.0]), np.array([0.4, 2.0, 30.0])), order=2)


@pytest.mark.parametrize("fn", [fsp.gammainc, fsp.gammaincc])
def test_gammainc_shape_derivative_raises(fn):
    match = f"{fn.__name__} is differentiable in x only.*fd.stop_gradient"
    with pytest.raises(NonDifferentiableError, match=match):
        fd.grad(fn)(2.0, 1.0)
    with pytest.raises(NonDifferentiableError, match=match):
        fd.jvp(lambda a: fn(a, np.ones(3)), (np.ones(3),), (np.ones(3),))
    with pytest.raises(NonDifferentiableError, match=match):
        fd.vjp(fn, np.ones(2), np.ones(2))
    # Blocking the a-derivative leaves the x-derivative.
    dx = fd.grad(lambda a, x: fn(fd.stop_gradient(a), x), argnums=(0, 1))(2.0, 1.0)
    assert float(dx[0]) == 0.0 and abs(float(dx[1])) == pytest.approx(np.exp(-1.0))


def test_zeta_exponent_derivative_raises():
    match = "zeta is differentiable in q only.*fd.stop_gradient"
    with pytest.raises(NonDifferentiableError, match=match):
        fd.grad(fsp.zeta)(2.0, 1.0)
    with pytest.raises(NonDifferentiableError, match=match):
        fd.grad(fsp.zeta)(2.0)
    with pytest.raises(NonDifferentiableError, match=match):
        fd.jacrev(lambda x: fsp.zeta(x, 2.0))(np.array([2.0, 3.0]))
