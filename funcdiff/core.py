"""The interpreter stack: primitives, abstract values, tracers, traces and `bind`.

`bind` sends every primitive application to the innermost live transform that owns one of its
operands; with no tracer among the operands it runs the primitive's NumPy implementation.
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np

from funcdiff.errors import ConcretizationError, InPlaceUpdateError, UnexpectedTracerError

_PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))


# ----------------------------------------------------------------------------- abstract values
class ShapedArray:
    """The abstract value of an array: its shape and dtype, nothing else.

    ``weak_type`` marks a Python scalar, which NumPy (NEP 50) lets an array's dtype absorb.

    >>> ShapedArray((2, 3), np.float32)
    f32[2,3]
    """

    __slots__ = ("shape", "dtype", "weak_type")

    def __init__(self, shape, dtype, weak_type=False):
        # Type checks instead of unconditional conversions: avals are built for every staged
        # equation, and tuple()/np.dtype() calls doubled their cost (0.6 -> 0.3 µs, timeit).
        self.shape = shape if type(shape) is tuple else tuple(shape)
        self.dtype = dtype if isinstance(dtype, np.dtype) else np.dtype(dtype)
        self.weak_type = weak_type

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return int(np.prod(self.shape, dtype=np.int64))

    def __eq__(self, other):
        return (
            type(other) is ShapedArray
            and self.shape == other.shape
            and self.dtype == other.dtype
            and self.weak_type == other.weak_type
        )

    def __hash__(self):
        return hash((self.shape, self.dtype, self.weak_type))

    def __repr__(self):
        return self.str_short()

    def str_short(self):
        """A compact ``f64[3,4]`` rendering used in printed programs."""
        return f"{short_dtype_name(self.dtype)}[{','.join(map(str, self.shape))}]"


_SHORT_NAMES = {"float": "f", "int": "i", "uint": "u", "complex": "c", "bool": "bool"}


def short_dtype_name(dtype) -> str:
    """``float64 -> f64``, ``int32 -> i32``, ``bool -> bool``.

    >>> short_dtype_name(np.dtype("complex128"))
    'c128'
    """
    name = np.dtype(dtype).name
    for long, short in _SHORT_NAMES.items():
        if name.startswith(long) and name[len(long) :].isdigit():
            return short + name[len(long) :]
    return name


# Python scalars keep NumPy's "weak" semantics: the default dtype of their kind.
_PY_SCALAR_DTYPES = {
    float: np.dtype(np.float64),
    int: np.dtype(np.int64),
    bool: np.dtype(np.bool_),
    complex: np.dtype(np.complex128),
}


_WEAK_AVALS = {t: ShapedArray((), d, weak_type=True) for t, d in _PY_SCALAR_DTYPES.items()}


_F64_SCALAR = ShapedArray((), np.float64)


def get_aval(x) -> ShapedArray:
    """The abstract value of a tracer, array, NumPy scalar or Python scalar.

    >>> get_aval(np.ones((2, 2)))
    f64[2,2]
    >>> get_aval(3.0).weak_type
    True
    """
    if type(x) is np.float64:
        return _F64_SCALAR  # the most common input of all: derivatives at a float
    if isinstance(x, Tracer):
        return x.aval
    if isinstance(x, (np.ndarray, np.generic)):
        return ShapedArray(x.shape, x.dtype)
    aval = _WEAK_AVALS.get(type(x))
    if aval is not None:
        return aval
    arr = np.asarray(x)
    if arr.dtype == object:
        raise TypeError(
            f"funcdiff got a value of type {type(x).__name__}, which is not an array. "
            "Pass NumPy arrays, NumPy scalars or Python numbers."
        )
    return ShapedArray(arr.shape, arr.dtype)


# ----------------------------------------------------------------------------- primitives
class Primitive:
    """An operation with a rule for every transform, as registered in ``funcdiff.primitives``.

    Rules are attributes so that a primitive is one object in one place: ``impl`` (plain arrays),
    ``abstract_eval`` (avals to aval), ``jvp``, ``transpose`` (linear primitives only) and
    ``batch``. ``multiple_results`` primitives return a list.

    >>> p = Primitive("identity")
    >>> p
    identity
    """

    __slots__ = (
        "name",
        "impl",
        "abstract_eval",
        "jvp",
        "transpose",
        "batch",
        "multiple_results",
        "elementwise",
        "kernel",
        "linear",
    )

    def __init__(self, name, multiple_results=False):
        self.name = name
        self.multiple_results = multiple_results
        self.impl = self.abstract_eval = self.jvp = self.transpose = self.batch = None
        self.elementwise = False
        self.kernel = None
        self.linear = False

    def bind(self, *args, **params):
        """Apply the primitive to ``args`` under whatever transforms own them."""
        return bind(self, *args, **params)

    def __repr__(self):
        return self.name


def bind(prim, *args, **params):
    """Apply ``prim`` to ``args``: route to the innermost transform owning an operand.

    Plain values run ``prim.impl`` directly. This is the hot path of every transform;
    the loop below costs about 0.25 µs for two operands (timed with timeit), so it stays
    a plain loop instead of a generator over ``find_top_trace``.

    >>> p = Primitive("twice"); p.impl = lambda x: 2 * x
    >>> bind(p, 3.0)
    6.0
    """
    top = None
    for arg in args:
        if isinstance(arg, Tracer):
            trace = arg._trace
            main = trace.main
            if not main.alive:
                raise _escaped_tracer_error(arg)
            if top is None or main.level > top.main.level:
                top = trace
    if top is None:
        return prim.impl(*args, **params)
    return top.process_primitive(prim, args, params)


def find_top_trace(args):
    """The innermost live trace among the tracers in ``args``, or None for plain values."""
    top = None
    for arg in args:
        if isinstance(arg, Tracer):
            main = arg._trace.main
            if not main.alive:
                raise _escaped_tracer_error(arg)
            if top is None or main.level > top.main.level:
                top = arg._trace
    return top


# ----------------------------------------------------------------------------- interpreter stack
class MainTrace:
    """One level of the interpreter stack: a running transform.

    ``payload`` holds the transform's own data (a vmap's axis size, a staging builder ...).
    ``alive`` turns False when the transform returns, so a tracer used later is caught.
    """

    __slots__ = ("level", "trace_type", "payload", "alive", "trace", "name")

    def __init__(self, level, trace_type, payload, name):
        self.level = level
        self.trace_type = trace_type
        self.payload = payload
        self.alive = True
        self.name = name
        self.trace = trace_type(self)

    def __repr__(self):
        return f"MainTrace({self.level}, {self.trace_type.__name__})"


class _Stack(threading.local):
    # Thread-local so that transforms running in several threads never see each other's levels.
    def __init__(self):
        self.levels = 0


_stack = _Stack()


def new_main(trace_type, payload=None, name="a transform"):
    """Push a new level for ``trace_type`` and yield its ``MainTrace``; pop it on exit.

    Levels only grow while a transform is live, so nested transforms are ordered by level,
    and the popped level is marked dead even when the user's function raised.

    >>> with new_main(Trace, name="demo") as main:
    ...     main.alive
    True
    >>> main.alive
    False
    """
    return _Level(trace_type, payload, name)


class _Level:
    # A plain context manager: @contextmanager's generator cost 1.3 µs per transform call,
    # a fifth of grad's fixed cost at a float (timeit).
    __slots__ = ("args", "main")

    def __init__(self, trace_type, payload, name):
        self.args = (trace_type, payload, name)

    def __enter__(self):
        _stack.levels += 1
        self.main = MainTrace(_stack.levels, *self.args)
        return self.main

    def __exit__(self, *exc):
        main = self.main
        main.alive = False
        # Break the main <-> trace cycle, so that the level's data (a linearization's
        # residuals: arrays as large as the inputs) is freed now rather than by the cyclic GC.
        main.trace = None
        _stack.levels -= 1
        return False


class Trace:
    """How one transform interprets primitives; subclasses implement ``process_primitive``."""

    __slots__ = ("main",)

    def __init__(self, main):
        self.main = main

    def process_primitive(self, prim, args, params):  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} does not process primitives")

    def process_custom_jvp(self, fun, jvp, args):
        """Apply a ``custom_jvp`` function; traces other than JVP simply run the function."""
        return fun(*args)

    def process_custom_vjp(self, fun, fwd, bwd, args):
        """Apply a ``custom_vjp`` function; traces other than JVP simply run the function."""
        return fun(*args)

    def concretize(self, tracer, what):
        """A concrete value for Python control flow, or a ConcretizationError."""
        raise ConcretizationError(
            f"{what} needs a concrete value, but the value is traced by {self.main.name} "
            f"(abstract value {tracer.aval.str_short()}){user_line()}. "
            "Use fnp.where for a value-dependent choice, or mark the argument static."
        )


def user_line() -> str:
    """`` at file:line (code)`` for the innermost frame outside funcdiff, for error messages."""
    import linecache  # only errors need it; keeps `import funcdiff` light

    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_PACKAGE_DIR):
            line = linecache.getline(filename, frame.f_lineno).strip()
            return f" at {filename}:{frame.f_lineno} ({line})"
        frame = frame.f_back
    return ""


def _escaped_tracer_error(tracer):
    main = tracer._trace.main
    return UnexpectedTracerError(
        f"A traced value {tracer.aval.str_short()} created inside {main.name} was used after "
        f"that transform had returned{user_line()}. Transformed functions must return every "
        "value they compute instead of storing it in a global, a closure or an object; "
        "return it (or use has_aux=True) and use the returned array."
    )


# ----------------------------------------------------------------------------- tracers
class Tracer:
    """A value that a transform follows through the user's function.

    Operators and NumPy-style methods are attached by ``funcdiff.numpy`` (the facade owns
    NumPy's semantics); here live the parts that belong to every tracer.
    """

    __slots__ = ("_trace",)
    __array_priority__ = 1000

    @property
    def aval(self) -> ShapedArray:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def shape(self):
        return self.aval.shape

    @property
    def dtype(self):
        return self.aval.dtype

    @property
    def ndim(self):
        return len(self.aval.shape)

    @property
    def size(self):
        return self.aval.size

    def __len__(self):
        shape = self.aval.shape
        if not shape:
            raise TypeError("len() of a 0-d traced array is undefined, as for a NumPy scalar")
        return shape[0]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __bool__(self):
        return bool(self._trace.concretize(self, "Python truth testing (if/while/and/or)"))

    def __float__(self):
        return float(self._concrete_number("float()"))

    def __int__(self):
        return int(self._concrete_number("int()"))

    def __index__(self):
        return int(self._concrete_number("Using a traced value as an index or size"))

    def __complex__(self):
        return complex(self._concrete_number("complex()"))

    def _concrete_number(self, what):
        if np.issubdtype(self.aval.dtype, np.inexact) and self._trace.differentiates:
            raise ConcretizationError(
                f"{what} on a traced float under {self._trace.main.name} would drop its "
                f"derivative{user_line()}. Keep the value an array and use funcdiff.numpy "
                "functions, or wrap it in fd.stop_gradient first if no derivative is wanted."
            )
        return self._trace.concretize(self, what)

    def __setitem__(self, idx, value):
        raise InPlaceUpdateError(
            f"Item assignment on a traced array{user_line()}: arrays under a transform are "
            "immutable. Use the functional update x = x.at[idx].set(value) "
            "(or .add/.multiply) instead."
        )

    def __array__(self, dtype=None, copy=None):
        raise ConcretizationError(
            f"A traced array {self.aval.str_short()} was converted to a NumPy array"
            f"{user_line()}, which would lose what {self._trace.main.name} tracks. Use "
            "funcdiff.numpy (import funcdiff.numpy as fnp) instead of numpy inside "
            "transformed functions."
        )

    __hash__ = None  # tracers, like arrays, are unhashable

    def __repr__(self):
        return f"{type(self).__name__}<{self.aval.str_short()}>"


Trace.differentiates = False
