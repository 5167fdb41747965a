"""Result dtypes follow NumPy (NEP 50 weak Python scalars) eagerly, under jit, in staged
programs, under vmap, and for derivatives."""

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import DtypeError

F32 = np.linspace(0.5, 1.5, 3).astype(np.float32)
F16 = F32.astype(np.float16)
I64 = np.arange(1, 4)
I8 = np.arange(1, 4, dtype=np.int8)
U8 = np.arange(1, 4, dtype=np.uint8)
B = np.array([True, False, True])

# (name, function of one array, the array): each is compared with the same NumPy expression.
ROWS = [
    ("f32_times_float", lambda x: fnp.multiply(x, 2.0), np.multiply, F32, 2.0),
    ("int_div_int", lambda x: fnp.divide(x, 2), np.true_divide, I64, 2),
    ("int_plus_float", lambda x: fnp.add(x, 1.5), np.add, I64, 1.5),
    ("int8_plus_int", lambda x: fnp.add(x, 1), np.add, I8, 1),
    ("uint8_minus_int", lambda x: fnp.subtract(x, 1), np.subtract, U8, 1),
    ("f32_plus_f64_scalar", lambda x: fnp.add(x, np.float64(1.0)), np.add, F32, np.float64(1.0)),
    ("f32_pow_int", lambda x: fnp.power(x, 2), np.power, F32, 2),
    ("f32_pow_float", lambda x: fnp.power(x, 2.5), np.power, F32, 2.5),
    ("int_pow_int", lambda x: fnp.power(x, 3), np.power, I64, 3),
    ("bool_pow_int", lambda x: fnp.power(x, 2), np.power, B, 2),
    ("int8_pow_int", lambda x: fnp.power(x, 2), np.power, I8, 2),
    ("float_pow_f32", lambda x: fnp.power(2.0, x), lambda x, y: np.power(y, x), F32, 2.0),
    ("f32_float_power", lambda x: fnp.float_power(x, 2), np.float_power, F32, 2),
    ("int_floordiv", lambda x: fnp.floor_divide(x, 2), np.floor_divide, I64, 2),
    ("bool_floordiv_bool", lambda x: fnp.floor_divide(x, True), np.floor_divide, B, True),
    ("f32_mod_float", lambda x: fnp.mod(x, 0.7), np.remainder, F32, 0.7),
    ("int8_arctan2", lambda x: fnp.arctan2(x, x), lambda x, y: np.arctan2(x, x), I8, None),
    ("f16_hypot", lambda x: fnp.hypot(x, 1.0), np.hypot, F16, 1.0),
    ("int_logaddexp", lambda x: fnp.logaddexp(x, 1), np.logaddexp, I64, 1),
    ("f32_maximum_float", lambda x: fnp.maximum(x, 1.0), np.maximum, F32, 1.0),
    ("int_minimum_float", lambda x: fnp.minimum(x, 1.5), np.minimum, I64, 1.5),
    ("f32_less_float", lambda x: fnp.less(x, 1.0), np.less, F32, 1.0),
    ("uint8_and_int", lambda x: fnp.bitwise_and(x, 1), np.bitwise_and, U8, 1),
    ("bool_xor_bool", lambda x: fnp.bitwise_xor(x, x), lambda x, y: x ^ x, B, None),
    (
        "f32_clip_float",
        lambda x: fnp.clip(x, 0.7, 1.2),
        lambda x, y: np.clip(x, 0.7, 1.2),
        F32,
        None,
    ),
    (
        "int_clip_float",
        lambda x: fnp.clip(x, 0.5, 2.5),
        lambda x, y: np.clip(x, 0.5, 2.5),
        I64,
        None,
    ),
    (
        "f32_where_float",
        lambda x: fnp.where(x > 1.0, x, 0.0),
        lambda x, y: np.where(x > 1.0, x, 0.0),
        F32,
        None,
    ),
    ("f32_copysign_float", lambda x: fnp.copysign(x, -1.0), np.copysign, F32, -1.0),
]


@pytest.mark.parametrize("fn, reference, x, y", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_dtype_matches_numpy(fn, reference, x, y):
    expected = np.asarray(reference(x, y)).dtype
    assert np.asarray(fn(x)).dtype == expected
    assert np.asarray(fd.jit(fn)(x)).dtype == expected
    (out_aval,) = fd.make_jaxpr(fn)(x).out_avals
    assert out_aval.dtype == expected
    assert np.asarray(fd.vmap(fn)(np.stack([x, x]))).dtype == expected


def test_scalar_operands_stay_weak():
    # A Python scalar adapts to the array; a NumPy scalar keeps its own dtype, as in NumPy 2.
    assert fnp.multiply(np.float32(3.0), 2.0).dtype == np.float32
    assert fnp.add(F32, np.float64(1.0)).dtype == np.float64
    assert fnp.power(np.float32(2.0), 3).dtype == np.float32


def test_derivatives_keep_float32():
    def loss(x):
        y = fnp.maximum(x * 2.0, 1.0) + x**2 + fnp.power(x, 0.5) + fnp.clip(x, 0.6, 1.4)
        return fnp.logaddexp(y, 1.0)

    out, out_dot = fd.jvp(loss, (F32,), (np.ones_like(F32),))
    assert out.dtype == out_dot.dtype == np.float32
    (x_ct,) = fd.vjp(loss, F32)[1](np.ones_like(F32))
    assert x_ct.dtype == np.float32


def test_unsupported_dtypes_raise():
    with pytest.raises(TypeError):
        fnp.bitwise_and(F32, F32)
    with pytest.raises(DtypeError, match="bitwise_and"):
        fd.jit(lambda x: x & x)(F32)
    with pytest.raises(TypeError):
        fnp.negative(B)
