"""Rows for the unary elementwise family: exponentials, logs, roots, trigonometry, magnitude,
rounding, predicates, complex parts and nan_to_num; plus integer and bool inputs, whose
result dtypes (float16 for int8, float64 for int64, kept for abs/floor/round...) follow NumPy."""

import numpy as np
from primitive_cases import UNARY_SHAPES, Case

import funcdiff.numpy as fnp


def signed(lo, hi):
    """|x| uniform in (lo, hi) with a random sign: both sides of a kink or pole at 0."""

    def make(rng):
        return [
            (rng.uniform(lo, hi, size=s) * rng.choice([-1.0, 1.0], size=s),)
            for (s,) in UNARY_SHAPES
        ]

    return make


def near_integers(lo, hi, scale=1.0):
    """(k + u) * scale, k in {-2, ..., 2}, u in (lo, hi): rounding rows stay at least
    min(lo, 1 - hi) (or 0.5 - max(|lo|, |hi|)) away from the jumps."""

    def make(rng):
        return [
            ((rng.integers(-2, 3, size=s) + rng.uniform(lo, hi, size=s)) * scale,)
            for (s,) in UNARY_SHAPES
        ]

    return make


def zeros(rng):
    return [(np.zeros(s),) for (s,) in UNARY_SHAPES]


def special_values(rng):
    """Finite values mixed with nan, inf and -inf."""
    pool = np.array([np.nan, np.inf, -np.inf, 0.5, -1.5, 2.0, -0.0])
    return [(rng.choice(pool, size=s),) for (s,) in UNARY_SHAPES]


def integers(lo, hi, dtype):
    """Integer (or, with dtype bool, boolean) arrays of values in [lo, hi]."""

    def make(rng):
        return [(rng.integers(lo, hi + 1, size=s).astype(dtype),) for (s,) in UNARY_SHAPES]

    return make


CASES = [
    # Exponentials and logs; logs keep away from their pole at 0 (log1p: at -1).
    Case(fnp.exp),
    Case(fnp.exp2),
    Case(fnp.expm1),
    Case(fnp.log, domain=(0.1, 3.0)),
    Case(fnp.log2, domain=(0.1, 3.0)),
    Case(fnp.log10, domain=(0.1, 3.0)),
    Case(fnp.log1p, domain=(-0.8, 3.0)),
    # Roots: sqrt' and cbrt' have a pole at 0; cbrt is checked on both signs.
    Case(fnp.sqrt, domain=(0.1, 3.0)),
    Case(fnp.cbrt, args_maker=signed(0.2, 2.0)),
    Case(fnp.square),
    Case(fnp.reciprocal, args_maker=signed(0.5, 2.0)),  # pole at 0
    # Trigonometry: tan away from its poles at +-pi/2, the inverse functions inside their
    # domains and away from the poles of their derivatives at +-1 (arccosh: at 1).
    Case(fnp.sin),
    Case(fnp.cos),
    Case(fnp.tan, domain=(-1.2, 1.2)),
    Case(fnp.arcsin, domain=(-0.9, 0.9)),
    Case(fnp.arccos, domain=(-0.9, 0.9)),
    Case(fnp.arctan),
    Case(fnp.sinh),
    Case(fnp.cosh),
    Case(fnp.tanh),
    Case(fnp.arcsinh),
    Case(fnp.arccosh, domain=(1.1, 3.0)),
    Case(fnp.arctanh, domain=(-0.9, 0.9)),
    Case(fnp.asin, name="asin", domain=(-0.9, 0.9)),
    Case(fnp.acos, name="acos", domain=(-0.9, 0.9)),
    Case(fnp.atan, name="atan"),
    Case(fnp.asinh, name="asinh"),
    Case(fnp.acosh, name="acosh", domain=(1.1, 3.0)),
    Case(fnp.atanh, name="atanh", domain=(-0.9, 0.9)),
    Case(fnp.deg2rad),
    Case(fnp.rad2deg),
    Case(fnp.radians, name="radians"),
    Case(fnp.degrees, name="degrees"),
    Case(fnp.sinc),
    # sinc's rule is exact at 0 to every order (Taylor branch); the quotient is 0/0 there.
    Case(fnp.sinc, name="sinc_at_zero", reference=np.sinc, args_maker=zeros),
    # |x| and sign have a kink/jump at 0: order 2 away from it, order 1 at 0, where the
    # central difference of |x| is 0, the subgradient funcdiff picks.
    Case(fnp.abs, name="abs", args_maker=signed(0.1, 2.0)),
    Case(fnp.absolute, name="absolute", args_maker=signed(0.1, 2.0)),
    Case(fnp.abs, name="abs_at_zero", reference=np.abs, args_maker=zeros, order=1),
    Case(fnp.fabs, args_maker=signed(0.1, 2.0)),
    Case(fnp.sign, args_maker=signed(0.1, 2.0)),
    # Rounding: zero derivatives, checked away from the jumps (integers for floor/ceil/trunc,
    # half-integers for rint/round).
    Case(fnp.floor, args_maker=near_integers(0.2, 0.8)),
    Case(fnp.ceil, args_maker=near_integers(0.2, 0.8)),
    Case(fnp.trunc, args_maker=near_integers(0.2, 0.8)),
    Case(fnp.fix, args_maker=near_integers(0.2, 0.8)),
    Case(fnp.rint, args_maker=near_integers(-0.3, 0.3)),
    Case(fnp.round, name="round", args_maker=near_integers(-0.3, 0.3)),
    Case(fnp.around, name="around", args_maker=near_integers(-0.3, 0.3)),
    Case(
        lambda x: fnp.round(x, 2),
        name="round_decimals2",
        reference=lambda x: np.round(x, 2),
        args_maker=near_integers(-0.3, 0.3, scale=0.01),
    ),
    Case(
        lambda x: fnp.round(x, -1),
        name="round_decimals_neg1",
        reference=lambda x: np.round(x, -1),
        args_maker=near_integers(-0.3, 0.3, scale=10.0),
    ),
    # Predicates: boolean outputs, no derivative.
    Case(fnp.signbit, args_maker=signed(0.1, 2.0), differentiable=False),
    Case(fnp.isnan, args_maker=special_values, differentiable=False),
    Case(fnp.isinf, args_maker=special_values, differentiable=False),
    Case(fnp.isfinite, args_maker=special_values, differentiable=False),
    Case(fnp.nan_to_num),
    # Replaced entries are constants (slope 0), finite ones pass through (slope 1).
    Case(
        lambda x: fnp.nan_to_num(x, nan=1.0, posinf=3.0, neginf=-3.0),
        name="nan_to_num_special",
        reference=lambda x: np.nan_to_num(x, nan=1.0, posinf=3.0, neginf=-3.0),
        args_maker=special_values,
    ),
    # Complex parts of real inputs: real and conj are the identity, imag is zero.
    Case(fnp.real),
    Case(fnp.imag),
    Case(fnp.conjugate, name="conjugate"),
    Case(fnp.conj, name="conj"),
]

# Integer and bool inputs: NumPy's result dtypes (int8 -> float16 for float functions, kept
# for abs, square, floor, round...). Values stay inside each function's domain.
_INT_DOMAINS = {
    "exp": (-2, 2), "exp2": (-2, 2), "expm1": (-2, 2), "log": (1, 3), "log2": (1, 3),
    "log10": (1, 3), "log1p": (0, 3), "sqrt": (0, 3), "cbrt": (-3, 3), "square": (-3, 3),
    "reciprocal": (1, 3), "sin": (-3, 3), "cos": (-3, 3), "tan": (-1, 1), "arcsin": (-1, 1),
    "arccos": (-1, 1), "arctan": (-3, 3), "sinh": (-3, 3), "cosh": (-3, 3), "tanh": (-3, 3),
    "arcsinh": (-3, 3), "arccosh": (1, 3), "arctanh": (0, 0), "deg2rad": (-3, 3),
    "rad2deg": (-3, 3), "sinc": (-3, 3), "abs": (-3, 3), "fabs": (-3, 3), "sign": (-3, 3),
    "floor": (-3, 3), "ceil": (-3, 3), "trunc": (-3, 3), "fix": (-3, 3), "rint": (-3, 3),
    "round": (-3, 3), "signbit": (-3, 3), "isnan": (-3, 3), "isinf": (-3, 3),
    "isfinite": (-3, 3), "nan_to_num": (-3, 3), "real": (-3, 3), "imag": (-3, 3),
    "conjugate": (-3, 3),
}  # fmt: skip
# NumPy refuses sign of booleans; logs of False are -inf (a divide warning) and 1/False fails.
_NO_BOOL = {"sign", "log", "log2", "log10", "reciprocal", "arccosh", "arctanh"}


def _integer_rows(name, lo, hi):
    fn, ref = getattr(fnp, name), getattr(np, name)
    kinds = [("int8", lo, hi, np.int8), ("int64", lo, hi, np.int64)]
    if name not in _NO_BOOL:
        kinds.append(("bool", max(lo, 0), min(hi, 1), bool))
    return [
        Case(fn, name=f"{name}_{tag}", reference=ref, args_maker=integers(a, b, dtype),
             differentiable=False)
        for tag, a, b, dtype in kinds
    ]  # fmt: skip


for _name, (_lo, _hi) in _INT_DOMAINS.items():
    CASES += _integer_rows(_name, _lo, _hi)
CASES.append(
    Case(
        lambda x: fnp.round(x, -1),
        name="round_int_neg_decimals",
        reference=lambda x: np.round(x, -1),
        args_maker=integers(-30, 30, np.int64),
        differentiable=False,
    )
)

# Complex values inside a real function: |z| and sign(z) = z/|z| have nonzero second
# derivatives on the complex plane (the transpose of the real-to-complex cast takes the real
# part). Built on fft so the inputs stay real; the spectrum of these samples has no zero.
CASES += [
    Case(
        lambda x: fnp.abs(fnp.fft.fft(x)),
        name="abs_of_complex",
        reference=lambda x: np.abs(np.fft.fft(x)),
        shapes=[((5,),)],
    ),
    Case(
        lambda x: fnp.real(fnp.sign(fnp.fft.fft(x)) * (1.0 + 2.0j)),
        name="sign_of_complex",
        reference=lambda x: np.real(np.sign(np.fft.fft(x)) * (1.0 + 2.0j)),
        shapes=[((5,),)],
    ),
]
