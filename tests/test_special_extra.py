"""Accuracy of the inverse error and Bessel functions against mpmath (40 digits, at the doubles
given), edge values and derivatives at special points, and the errors of the floating-point,
dtype and special-function facades."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
import funcdiff.scipy.special as fsp
from funcdiff.errors import (
    ConcretizationError,
    DtypeError,
    InPlaceUpdateError,
    ShapeError,
    ValueDomainError,
)

# (function, x, mpmath value, ulps allowed)
REFERENCE = [
    (fsp.erfinv, 0.3, 0.2724627147267543, 1),
    (fsp.erfinv, -0.9, -1.1630871536766743, 1),
    (fsp.erfinv, 0.999999, 3.458910737275499, 1),
    (fsp.erfinv, 1e-20, 8.86226925452758e-21, 1),
    (fsp.erfcinv, 1e-300, 26.209469960516124, 1),
    (fsp.erfcinv, 1e-5, 3.123413274340875, 1),
    (fsp.erfcinv, 0.5, 0.4769362762044699, 1),
    (fsp.ndtri, 1e-10, -6.361340902404057, 2),
    (fsp.ndtri, 0.3, -0.5244005127080408, 2),
]
for _x, _vals in {
    0.5: (1.0634833707413236, 0.2578943053908963, 0.6450352704491501, 0.1564208031848717),
    7.5: (268.16131151518937, 249.58436542268814, 0.14831583007739552, 0.1380412115485542),
    17.9: (5642579.560048394, 5482629.114450267, 0.09497437958965067, 0.09228213676451982),
    18.1: (6853118.776963021, 6661032.670669892, 0.09444046930133955, 0.09179339683477576),
    100.0: (1.0737517071310738e42, 1.0683693903381625e42, 0.03994437929909668,
            0.03974415302513025),
}.items():  # fmt: skip
    for _fn, _val in zip((fsp.i0, fsp.i1, fsp.i0e, fsp.i1e), _vals):
        REFERENCE.append((_fn, _x, _val, 8))


@pytest.mark.parametrize("fn, x, expected, ulps", REFERENCE)
def test_matches_mpmath(fn, x, expected, ulps):
    assert abs(float(fn(x)) - expected) <= ulps * np.spacing(abs(expected))


def test_edge_values():
    np.testing.assert_array_equal(
        fsp.erfinv(np.array([-1.0, 1.0, 1.5, np.nan])), [-np.inf, np.inf, np.nan, np.nan]
    )
    np.testing.assert_array_equal(
        fsp.erfcinv(np.array([0.0, 1.0, 2.0, -0.5])), [np.inf, 0.0, -np.inf, np.nan]
    )
    np.testing.assert_array_equal(fsp.ndtri(np.array([0.0, 0.5, 1.0])), [-np.inf, 0.0, np.inf])
    np.testing.assert_array_equal(fsp.i1(np.array([-np.inf, np.inf])), [-np.inf, np.inf])
    np.testing.assert_array_equal(fsp.i0e(np.array([-np.inf, np.inf])), [0.0, 0.0])
    assert float(fsp.rel_entr(-1.0, 1.0)) == np.inf and np.isnan(fsp.kl_div(np.nan, 1.0))
    assert float(fsp.huber(-1.0, 1.0)) == np.inf and float(fsp.pseudo_huber(0.0, 3.0)) == 0.0
    assert float(fsp.exprel(800.0)) == np.inf


def test_derivatives_at_special_points():
    # i1'(0) = 1/2 (the limit of I1(x)/x); exprel(x) = 1 + x/2 + x^2/6 + ... at 0.
    assert float(fd.grad(fsp.i1)(0.0)) == 0.5
    assert float(fd.grad(fsp.exprel)(0.0)) == 0.5
    assert float(fd.grad(fd.grad(fsp.exprel))(0.0)) == pytest.approx(1 / 3, rel=1e-15)
    # erfinv' = sqrt(pi)/2 exp(erfinv^2): sqrt(pi)/2 at 0.
    assert float(fd.grad(fsp.erfinv)(0.0)) == pytest.approx(np.sqrt(np.pi) / 2, rel=1e-15)


def test_angle_of_complex_matches_numpy():
    z = np.array([1 + 1j, -2 - 0.5j, -1 + 0j], np.complex64)
    for deg in (False, True):
        expected = np.angle(z, deg=deg)
        got = fnp.angle(z, deg=deg)
        assert got.dtype == expected.dtype
        np.testing.assert_allclose(got, expected, rtol=1e-6)
        np.testing.assert_allclose(fd.jit(lambda z: fnp.angle(z, deg=deg))(z), expected, 1e-6)


@pytest.mark.parametrize("x", [np.float32(1.0), np.arange(3, dtype=np.int16), np.zeros(2)])
def test_dtype_utilities_on_tracers_match_numpy(x):
    def check(t):
        assert fnp.result_type(t, 1.0, np.int8) == np.result_type(x, 1.0, np.int8)
        assert fnp.common_type(t) == np.common_type(np.asarray(x))
        assert fnp.mintypecode([t, "f"]) == np.mintypecode([np.asarray(x), "f"])
        assert fnp.can_cast(t, np.float64) == np.can_cast(x.dtype, np.float64)
        assert fnp.iterable(t) == np.iterable(x) and fnp.iscomplexobj(t) is False
        if np.ndim(x):
            assert fnp.min_scalar_type(t) == np.min_scalar_type(x)
        return t

    fd.jit(check)(x)
    fd.vmap(check)(np.stack([x, x]))


def test_min_scalar_type_needs_a_concrete_scalar():
    assert fd.grad(lambda x: x * (fnp.min_scalar_type(x) == np.float16))(1.0) == 1.0
    with pytest.raises(ConcretizationError, match="min_scalar_type"):
        fd.jit(lambda x: x * (fnp.min_scalar_type(x) == np.float16))(1.0)


def test_errors():
    with pytest.raises(DtypeError, match="complex"):
        fnp.isneginf(np.array([1j]))
    with pytest.raises(DtypeError, match="complex"):
        fnp.i0(1j)
    with pytest.raises(InPlaceUpdateError, match="out="):
        fnp.isposinf(np.ones(2), out=np.zeros(2, bool))
    with pytest.raises(DtypeError, match="Python scalars"):
        fnp.can_cast(3.0, np.float32)
    with pytest.raises(TypeError, match="ldexp"):  # NumPy's own error on plain arrays
        fnp.ldexp(np.ones(2), np.ones(2))
    with pytest.raises(DtypeError, match="ldexp"):
        fd.jit(fnp.ldexp)(np.ones(2), np.ones(2))
    with pytest.raises(ShapeError, match="broadcast"):
        fnp.broadcast_shapes((2,), (3,))
    with pytest.raises(ValueDomainError, match="exceed"):
        fsp.multigammaln(np.array([0.9, 3.0]), 3)
    with pytest.raises(ValueDomainError, match="positive integer"):
        fsp.multigammaln(3.0, 0)
