"""Elementwise arithmetic with NumPy broadcasting: add, sub, mul, div, neg, select, casts.

``mul_safe`` is the multiplication every derivative rule uses: a zero on either side gives an
exact zero, so a branch that ``where`` does not take never leaks ``0 * inf = nan``.
"""

from __future__ import annotations

import math

import numpy as np

from funcdiff.core import ShapedArray, bind
from funcdiff.dtypes import is_float
from funcdiff.primitives import shape as shp
from funcdiff.primitives.registry import (
    aval_of,
    broadcasting_aval,
    broadcasting_batch,
    define,
    is_undefined,
    linear_jvp,
    match_aval,
    partials,
    same_aval,
    vectorized_batch,
    zeros_like,
)


def _sum_tangents(out, a_dot, b_dot, combine):
    if a_dot is None and b_dot is None:
        return None
    if b_dot is None:
        term = a_dot
    elif a_dot is None:
        term = combine(None, b_dot)
    else:
        term = combine(a_dot, b_dot)
    return match_aval(term, _aval(out))


def _aval(x):
    from funcdiff.core import get_aval

    return get_aval(x)


# ----------------------------------------------------------------------------- add / sub
def _add_jvp(primals, tangents):
    out = add(*primals)
    return out, _sum_tangents(out, *tangents, lambda a, b: b if a is None else add(a, b))


def _add_transpose(ct, x, y):
    return [
        shp.unbroadcast(ct, x.aval) if is_undefined(x) else None,
        shp.unbroadcast(ct, y.aval) if is_undefined(y) else None,
    ]


add_p = define(
    "add",
    impl=np.add,
    abstract_eval=broadcasting_aval,
    jvp=_add_jvp,
    transpose=_add_transpose,
    batch=broadcasting_batch,
    elementwise=True,
    kernel="add",
)


def add(x, y):
    """Elementwise ``x + y`` with NumPy broadcasting and dtype promotion."""
    return bind(add_p, x, y)


def _sub_jvp(primals, tangents):
    out = sub(*primals)
    return out, _sum_tangents(out, *tangents, lambda a, b: neg(b) if a is None else sub(a, b))


def _sub_transpose(ct, x, y):
    return [
        shp.unbroadcast(ct, x.aval) if is_undefined(x) else None,
        shp.unbroadcast(neg(ct), y.aval) if is_undefined(y) else None,
    ]


sub_p = define(
    "sub",
    impl=np.subtract,
    abstract_eval=broadcasting_aval,
    jvp=_sub_jvp,
    transpose=_sub_transpose,
    batch=broadcasting_batch,
    elementwise=True,
    kernel="sub",
)


def sub(x, y):
    """Elementwise ``x - y``."""
    return bind(sub_p, x, y)


# ----------------------------------------------------------------------------- mul / mul_safe
def _mul_transpose(ct, x, y):
    # Bilinear: exactly one operand is the linear one.
    if is_undefined(x):
        return [shp.unbroadcast(mul_safe(ct, y), x.aval), None]
    return [None, shp.unbroadcast(mul_safe(x, ct), y.aval)]


mul_p = define(
    "mul",
    impl=np.multiply,
    abstract_eval=broadcasting_aval,
    jvp=partials(lambda out, x, y: y, lambda out, x, y: x),
    transpose=_mul_transpose,
    batch=broadcasting_batch,
    elementwise=True,
    kernel="mul",
)


def mul(x, y):
    """Elementwise ``x * y``."""
    return bind(mul_p, x, y)


def _all_finite(x):
    if type(x) is float:
        return math.isfinite(x)
    return bool(np.isfinite(x).all()) if np.ndim(x) else math.isfinite(x)


def _mul_safe_impl(x, y):
    if _all_finite(y) and _all_finite(x):
        return np.multiply(x, y)
    # 0 * inf and 0 * nan would be nan; here a zero factor wins.
    with np.errstate(invalid="ignore"):
        out = np.multiply(x, y)
    return np.where((np.asarray(x) == 0) | (np.asarray(y) == 0), out.dtype.type(0), out)


def _mul_safe_jvp(primals, tangents):
    x, y = primals
    x_dot, y_dot = tangents
    out = mul_safe(x, y)
    terms = []
    if x_dot is not None:
        terms.append(mul_safe(x_dot, y))
    if y_dot is not None:
        terms.append(mul_safe(x, y_dot))
    if not terms:
        return out, None
    out_dot = terms[0] if len(terms) == 1 else add(terms[0], terms[1])
    return out, match_aval(out_dot, _aval(out))


mul_safe_p = define(
    "mul_safe",
    impl=_mul_safe_impl,
    abstract_eval=broadcasting_aval,
    jvp=_mul_safe_jvp,
    transpose=_mul_transpose,
    batch=broadcasting_batch,
    elementwise=True,
    kernel="mul_safe",
)


def mul_safe(x, y):
    """``x * y`` where a zero factor gives exactly zero, even against inf or nan."""
    return bind(mul_safe_p, x, y)


# ----------------------------------------------------------------------------- div / neg
def _div_transpose(ct, x, y):
    assert is_undefined(x) and not is_undefined(y), "div is linear in its numerator only"
    return [shp.unbroadcast(div(ct, y), x.aval), None]


div_p = define(
    "div",
    impl=np.true_divide,
    abstract_eval=lambda x, y: broadcasting_aval(
        ShapedArray(x.shape, x.dtype if is_float(x.dtype) else np.float64, x.weak_type), y
    ),
    # d(x/y)/dx = 1/y ; d(x/y)/dy = -(x/y)/y, reusing the output.
    jvp=partials(lambda out, x, y: div(1.0, y), lambda out, x, y: neg(div(out, y))),
    transpose=_div_transpose,
    batch=broadcasting_batch,
    elementwise=True,
    kernel="div",
)


def div(x, y):
    """Elementwise true division ``x / y`` (integers divide to float64, as NumPy)."""
    return bind(div_p, x, y)


neg_p = define(
    "neg",
    impl=np.negative,
    abstract_eval=same_aval,
    jvp=linear_jvp,
    transpose=lambda ct, x: [neg(ct)],
    batch=vectorized_batch,
    elementwise=True,
    kernel="neg",
)


def neg(x):
    """Elementwise ``-x``."""
    return bind(neg_p, x)


# ----------------------------------------------------------------------------- select (where)
def _select_abstract_eval(cond, x, y):
    return ShapedArray(broadcasting_aval(cond, x, y).shape, broadcasting_aval(x, y).dtype)


def _select_transpose(ct, cond, x, y):
    zero = np.zeros((), ct.dtype if hasattr(ct, "dtype") else np.float64)
    return [
        None,
        shp.unbroadcast(select(cond, ct, zero), x.aval) if is_undefined(x) else None,
        shp.unbroadcast(select(cond, zero, ct), y.aval) if is_undefined(y) else None,
    ]


def _select_jvp(primals, tangents):
    cond, x, y = primals
    _, x_dot, y_dot = tangents
    out = select(cond, x, y)
    if x_dot is None and y_dot is None:
        return out, None
    out_aval = _aval(out)
    x_dot = zeros_like(x) if x_dot is None else x_dot
    y_dot = zeros_like(y) if y_dot is None else y_dot
    return out, match_aval(select(cond, x_dot, y_dot), out_aval)


select_p = define(
    "select",
    impl=np.where,
    abstract_eval=_select_abstract_eval,
    jvp=_select_jvp,
    transpose=_select_transpose,
    batch=broadcasting_batch,
    elementwise=True,
    kernel="select",
)


def select(cond, x, y):
    """``where(cond, x, y)``; the branch not taken gets an exactly-zero cotangent."""
    return bind(select_p, cond, x, y)


# ----------------------------------------------------------------------------- dtype casts
def _convert_jvp(primals, tangents, *, new_dtype):
    (x,), (x_dot,) = primals, tangents
    out = convert_element_type(x, new_dtype=new_dtype)
    if x_dot is None or not is_float(np.dtype(new_dtype)):
        return out, None
    return out, convert_element_type(x_dot, new_dtype=new_dtype)


def _convert_transpose(ct, x, *, new_dtype):
    return [convert_element_type(ct, new_dtype=x.aval.dtype)]


convert_element_type_p = define(
    "convert_element_type",
    impl=lambda x, *, new_dtype: np.asarray(x).astype(new_dtype),
    abstract_eval=lambda x, *, new_dtype: ShapedArray(x.shape, new_dtype),
    jvp=_convert_jvp,
    transpose=_convert_transpose,
    batch=vectorized_batch,
    elementwise=True,
    kernel="convert",
)


def convert_element_type(x, *, new_dtype):
    """``x.astype(new_dtype)``; the tangent is cast along, and vanishes for integer targets."""
    new_dtype = np.dtype(new_dtype)
    if aval_of(x).dtype == new_dtype:
        return x
    return bind(convert_element_type_p, x, new_dtype=new_dtype)


__all__ = ['add', 'add_p', 'convert_element_type', 'convert_element_type_p', 'div', 'div_p', 'mul', 'mul_p', 'mul_safe', 'mul_safe_p', 'neg', 'neg_p', 'select', 'select_p', 'sub', 'sub_p']
