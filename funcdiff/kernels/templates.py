"""Scalar expression templates for every kernel, and the fused value-and-partials programs.

A template turns operand expressions (already cast to the op's compute dtype) into a Numba
scalar expression; `source.py` strings them into a `prange` loop. Pure data: no Numba here.
"""

from __future__ import annotations

import math

# NumPy scalar functions that Numba compiles to libm calls; all measured within 3 ulps of
# NumPy 2.4's SIMD ufuncs (float32 and float64, 6e5 random points incl. |x| up to 1e300).
_NP_UNARY = {
    "sin": "sin", "cos": "cos", "tan": "tan", "exp": "exp", "log": "log", "tanh": "tanh",
    "sqrt": "sqrt", "sinh": "sinh", "cosh": "cosh", "expm1": "expm1", "log1p": "log1p",
    "log2": "log2", "log10": "log10", "exp2": "exp2", "abs": "abs", "absolute": "abs",
    "arcsin": "arcsin", "asin": "arcsin", "arccos": "arccos", "acos": "arccos",
    "arctan": "arctan", "atan": "arctan", "arcsinh": "arcsinh", "asinh": "arcsinh",
    "arccosh": "arccosh", "acosh": "arccosh", "arctanh": "arctanh", "atanh": "arctanh",
}  # fmt: skip

_INFIX = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def _integer_pow(ops, dt, y):
    x = ops[0]
    # NumPy's impl squares by x * x and calls pow otherwise; the kernel does the same.
    return f"({x} * {x})" if y == 2 else f"np.power({x}, {literal(y, dt)})"


def _convert(ops, dt, new_dtype):
    # NaN converts to True, as in NumPy's astype(bool).
    return f"({ops[0]} != 0)" if dt == "bool" else f"np.{dt}({ops[0]})"


def _pick(ops, cmp):
    x, y = ops
    return f"({x} if ({x} {cmp} {y} or {x} != {x}) else {y})"


# kind: how operands are cast before the template sees them. "float": to the output dtype;
# "compare": to the operands' common dtype (output bool); "select": branches to the output
# dtype, the condition stays bool; "raw": no cast (bools, casts).
# Each template is fn(operands, dtype, **params) -> expression; dtype names the output's.
OPS: dict = {}
for _name, _fn in _NP_UNARY.items():
    OPS[_name] = ("float", lambda ops, dt, _fn=_fn: f"np.{_fn}({ops[0]})")
for _name, _sym in _INFIX.items():
    OPS[_name] = ("float", lambda ops, dt, _sym=_sym: f"({ops[0]} {_sym} {ops[1]})")
for _name, _sym in _COMPARE.items():
    OPS[_name] = ("compare", lambda ops, dt, _sym=_sym: f"({ops[0]} {_sym} {ops[1]})")
OPS.update(
    neg=("float", lambda ops, dt: f"(-{ops[0]})"),
    positive=("float", lambda ops, dt: f"(+{ops[0]})"),
    power=("float", lambda ops, dt: f"np.power({ops[0]}, {ops[1]})"),
    integer_pow=("float", _integer_pow),
    # t * d, but exactly 0 where the tangent t is 0 and the factor d is inf or nan.
    mul_safe=(
        "float",
        lambda ops, dt: (
            f"({ops[0]} * {ops[1]} if ({ops[0]} != 0 or np.isfinite({ops[1]}))"
            f" else {literal(0, dt)})"
        ),
    ),
    # NaN-propagating max/min: NumPy returns whichever operand is NaN.
    maximum=("float", lambda ops, dt: _pick(ops, ">=")),
    minimum=("float", lambda ops, dt: _pick(ops, "<=")),
    select=("select", lambda ops, dt: f"({ops[1]} if {ops[0]} else {ops[2]})"),
    logical_and=("raw", lambda ops, dt: f"({ops[0]} and {ops[1]})"),
    logical_or=("raw", lambda ops, dt: f"({ops[0]} or {ops[1]})"),
    logical_not=("raw", lambda ops, dt: f"(not {ops[0]})"),
    convert_element_type=("raw", _convert),
    # log x for the x-partial of x**y: 0 at x = 0 and nan below (see binary.power's rule).
    log_base=(
        "float",
        lambda ops, dt: (
            f"(np.log({ops[0]}) if {ops[0]} > 0 else ({literal(0, dt)} if "
            f"{ops[0]} == 0 else {literal(math.nan, dt)}))"
        ),
    ),
)

# Value and JVP partials in one pass: steps (target, op, operands) after ``out = op(x0, ...)``;
# the partials are d0 (and d1). Each mirrors its derivative rule in funcdiff.primitives.
FUSED = {
    "sin": [("d0", "cos", ("x0",))],
    "cos": [("s", "sin", ("x0",)), ("d0", "neg", ("s",))],
    "sqrt": [("d0", "div", (0.5, "out"))],
    "log": [("d0", "div", (1.0, "x0"))],
    "tanh": [("sq", "mul", ("out", "out")), ("d0", "sub", (1.0, "sq"))],
    "div": [("d0", "div", (1.0, "x1")), ("q", "div", ("out", "x1")), ("d1", "neg", ("q",))],
    "power": [
        ("ym1", "sub", ("x1", 1.0)),
        ("p", "power", ("x0", "ym1")),
        ("d0", "mul_safe", ("x1", "p")),
        ("lb", "log_base", ("x0",)),
        ("d1", "mul_safe", ("out", "lb")),
    ],
}

# Which ops eager code sends to kernels above the threshold. Measured at 1e6 float64 elements
# on 2 cores (ms, NumPy / kernel): sin 7.6/3.7, sqrt 0.76/0.40, add 0.85/0.43, sin+cos
# 17.1/10.9; but exp 0.73/2.2, log 0.86/2.2, tanh 1.5/6.2: NumPy's SIMD versions beat
# Numba's scalar libm calls, so exp, log and tanh (alone or fused) stay on NumPy when eager;
# fd.jit regions leave them out as well, which keeps jit's values equal to eager ones.
EAGER = frozenset(
    ["sin", "cos", "sqrt", "add", "sub", "mul", "div", "neg", "power", "integer_pow",
     "mul_safe", "select", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge"]
)  # fmt: skip
# power's partial in the exponent takes a log: in a kernel that is libm's, while the rule
# (under fd.jit, say) uses NumPy's, so power's partials come from the rule instead.
EAGER_FUSED = frozenset(["sin", "cos", "sqrt", "div"])

# Ops whose kernels give NumPy's values exactly: IEEE arithmetic, and float64 sin/cos, for
# which NumPy 2.4 calls libm as Numba does (0 ulps on 6e5 points); mul_safe may differ only in
# the sign of an exact zero, next to an inf/nan factor elsewhere in the array. fd.jit fuses
# regions below the threshold only from these, so small jitted programs keep eager values.
EXACT = frozenset(
    ["add", "sub", "mul", "div", "neg", "positive", "sqrt", "select", "convert_element_type",
     "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_not", "mul_safe"]
)  # fmt: skip
EXACT_F64 = frozenset(["sin", "cos"])


def literal(value, dtype) -> str:
    """A constant as Numba source in ``dtype``.

    >>> literal(0.5, "float32"), literal(float("-inf"), "float64")
    ('np.float32(0.5)', 'np.float64(-math.inf)')
    """
    if dtype == "bool":
        return repr(bool(value))
    value = float(value)
    text = repr(value) if math.isfinite(value) else ("math.nan" if value != value else None)
    if text is None:
        text = "math.inf" if value > 0 else "-math.inf"
    return f"np.{dtype}({text})"


__all__ = ["EAGER", "EAGER_FUSED", "EXACT", "EXACT_F64", "FUSED", "OPS", "literal"]
