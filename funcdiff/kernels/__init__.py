"""Numba kernels for elementwise primitives: plain arrays in, plain arrays out.

Imports nothing from funcdiff and loads Numba only on the first call above the size threshold
(``config.threshold``); kernels are generated from `templates` and cached on disk.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from funcdiff.kernels import chunks, config, pool
from funcdiff.kernels.config import kernel_threshold
from funcdiff.kernels.source import KernelSource
from funcdiff.kernels.templates import EAGER, EAGER_FUSED, EXACT, EXACT_F64, FUSED, OPS

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_sources: dict = {}  # key -> ready kernel
_built: dict = {}  # key -> its KernelSource


def dispatching(impl, name):
    """``impl`` routed to the kernel ``name`` for arrays of ``config.threshold`` elements or
    more, and to Python's operator for two NumPy float scalars of one type (IEEE arithmetic:
    the same bits as the ufunc, 0.04 instead of 0.44 µs; scalar derivatives at a float are
    made of such calls). Returns ``impl`` itself when eager code has no kernel for ``name``."""
    if name not in EAGER:
        return _pooled_ufunc(impl) if isinstance(impl, np.ufunc) and impl.nin == 1 else impl

    def unary(x, **params):
        if type(x) is np.ndarray and x.size >= config.threshold:
            out = run(name, (x,), params, background=True)
            if out is not None:
                return out
        return impl(x, **params)

    scalar_op = _SCALAR_OPS.get(name)

    def nary(*args, **params):
        if scalar_op is not None:
            x, y = args
            kind = type(x)
            if (kind is np.float64 or kind is np.float32) and type(y) is kind:
                out = scalar_op(x, y)
                if out is not None:
                    return out
        for a in args:
            if type(a) is np.ndarray and a.size >= config.threshold:
                out = run(name, args, params, background=True)
                if out is not None:
                    return out
                break
        return impl(*args, **params)

    fn = nary if name in _NARY else unary
    fn.__name__ = getattr(impl, "__name__", name)
    fn.__doc__ = impl.__doc__
    return fn


def _pooled_ufunc(ufunc):
    """A float-to-float unary ufunc (NumPy's SIMD exp beats a scalar-libm kernel) that writes
    large results into a recycled buffer instead of fresh, page-faulting memory, in chunks on
    every core for very large ones."""

    def impl(x, **params):
        if (
            type(x) is np.ndarray
            and x.nbytes >= pool.MIN_BYTES
            and x.dtype in _FLOATS
            and ufunc.resolve_dtypes((x.dtype, None))[-1] == x.dtype
        ):
            return chunks.unary(ufunc, x, pool.empty(x.shape, x.dtype), **params)
        return ufunc(x, **params)

    impl.__name__ = ufunc.__name__
    impl.__doc__ = ufunc.__doc__
    return impl


def _scalar_mul_safe(t, d):
    # A finite factor needs no zero guard; an inf or nan one goes to the impl.
    return t * d if math.isfinite(d) else None


_SCALAR_OPS = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": operator.truediv,
    "mul_safe": _scalar_mul_safe,
}

_NARY = frozenset(n for n in EAGER if OPS[n][0] in ("compare", "select") or n in (
    "add", "sub", "mul", "div", "power", "mul_safe", "maximum", "minimum"))  # fmt: skip


def run(name, args, params=None, background=False):
    """``name(*args)`` by its kernel, or None when the operands don't suit one: kernels take
    C-contiguous float32/float64 arrays of one shape and dtype (select: a bool condition) and
    Python scalars; broadcasting, other layouts and 0-d arrays stay with NumPy. With
    ``background``, a kernel that gives NumPy's bits and is not ready yet returns None too.

    >>> run("add", (np.ones(3), 2.0))
    array([3., 3., 3.])
    """
    sig = _signature(name if name == "power" else OPS[name][0], args)
    if sig is None:
        return None
    kinds, dtype, shape = sig
    out_dtype = np.dtype(np.bool_) if OPS[name][0] == "compare" else dtype
    key = (name, kinds, dtype, tuple(sorted((params or {}).items())))
    kernel = _sources.get(key)
    if kernel is None:

        def build(src):
            ops = [_input(src, k, dtype) for k in kinds]
            src.output(src.op(name, ops, out_dtype, params))

        kernel = _kernel(key, build, background and _exact(name, dtype))
        if kernel is None:
            return None
    out = pool.empty(shape, out_dtype)
    kernel(*_flat(args, kinds, dtype), out.reshape(-1))
    return out


def fused(name, args, background=False):
    """``(out, [partial per operand])`` of ``name`` in one pass, or None (as ``run``)."""
    sig = _signature(name if name == "power" else OPS[name][0], args)
    if sig is None:
        return None
    kinds, dtype, shape = sig
    if name == "power" and dtype == np.float32:
        return None  # the rule takes x^y log x in float64 (log_base's nan is a float64 scalar)
    key = ("fused", name, kinds, dtype)
    kernel = _sources.get(key)
    if kernel is None:

        def build(src):
            ops = [_input(src, k, dtype) for k in kinds]
            env = {f"x{i}": o for i, o in enumerate(ops)}
            env["out"] = src.op(name, ops, dtype)
            for target, op, operands in FUSED[name]:
                operands = [env[o] if type(o) is str else ("c", o, None) for o in operands]
                env[target] = src.op(op, operands, dtype)
            for target in ["out"] + [f"d{i}" for i in range(len(args))]:
                src.output(env[target])

        exact = _exact(name, dtype) and all(_exact(op, dtype) for _, op, _ in FUSED[name])
        kernel = _kernel(key, build, background and exact)
        if kernel is None:
            return None
    outs = [pool.empty(shape, dtype) for _ in range(len(args) + 1)]
    kernel(*_flat(args, kinds, dtype), *[o.reshape(-1) for o in outs])
    return outs[0], outs[1:]


def accumulate(terms, background=False):
    """The sum, left to right, of ``terms`` (arrays, or ``(t, d)`` pairs meaning
    ``mul_safe(t, d)``) in one pass over memory, or None when the operands don't suit a kernel.

    The backward pass sums every contribution to a cotangent this way: ``e + e*c + a*e`` in
    W3's gradient is one pass instead of four. Same operations in the same order, so the same
    bits as the unfused sum.

    >>> accumulate([np.ones(3), (np.full(3, 2.0), np.arange(3.0))])
    array([1., 3., 5.])
    """
    flat = []
    for term in terms:
        flat.extend(term if type(term) is tuple else (term,))
    sig = _signature("float", flat)
    if sig is None:
        return None
    kinds, dtype, shape = sig
    pattern = tuple(2 if type(term) is tuple else 1 for term in terms)
    key = ("accumulate", pattern, kinds, dtype)
    kernel = _sources.get(key)
    if kernel is None:

        def build(src):
            ops = iter([_input(src, k, dtype) for k in kinds])
            total = None
            for width in pattern:
                term = (
                    next(ops) if width == 1 else src.op("mul_safe", [next(ops), next(ops)], dtype)
                )
                total = term if total is None else src.op("add", [total, term], dtype)
            src.output(total)

        kernel = _kernel(key, build, background)  # add and mul_safe: NumPy's bits
        if kernel is None:
            return None
    out = pool.empty(shape, dtype)
    kernel(*_flat(flat, kinds, dtype), out.reshape(-1))
    return out


def _kernel(key, build, background):
    """The kernel for ``key`` (its source made by ``build(KernelSource())``), or None while it
    loads on the background thread; kept in ``_sources`` once it is ready."""
    src = _built.get(key)
    if src is None:
        src = _built[key] = KernelSource()
        build(src)
    if background and config.background:
        kernel = codegen_load_in_background(src.text(), src.warm_args)
        if kernel is None:
            return None
    else:
        kernel = load(src.text())
    _sources[key] = kernel
    return kernel


def _exact(op, dtype):
    # Kernels giving NumPy's bits, the condition for running NumPy until they are ready.
    return op in EXACT or (op in EXACT_F64 and dtype == np.float64)


def codegen_load_in_background(source, warm_args):
    """``codegen.load_in_background`` (Numba's module tree loads only when it is called)."""
    from funcdiff.kernels import codegen

    return codegen.load_in_background(source, warm_args)


class deferring:
    """``codegen.deferring`` (Numba's module tree loads only when a kernel is loaded)."""

    def __enter__(self):
        from funcdiff.kernels import codegen

        self.inner = codegen.deferring()
        return self.inner.__enter__()

    def __exit__(self, *exc):
        return self.inner.__exit__(*exc)


def wait():
    """Block until kernels loading on the background thread are ready (benchmarks, tests).

    >>> wait()
    """
    from funcdiff.kernels import codegen

    codegen.wait()


def _signature(kind, args):
    if len(args) == 2 and type(args[1]) in (float, int) and kind == "power":
        # NumPy computes x ** 0.5, 2, -1 ... by sqrt, square, reciprocal (sqrt(-inf) is nan,
        # pow(-inf, 0.5) is inf): scalar exponents stay with NumPy.
        return None
    shape = dtype = None
    kinds = []
    for i, a in enumerate(args):
        if kind == "select" and i == 0:
            if type(a) is not np.ndarray or a.dtype != np.bool_:
                return None
            kinds.append("b")
        elif type(a) is np.ndarray:
            if a.dtype not in _FLOATS or (dtype is not None and a.dtype != dtype):
                return None
            dtype = a.dtype
            # A broadcast scalar (all strides 0, as transpose rules make of a sum's cotangent)
            # is passed as one value.
            kinds.append("z" if a.ndim and a.size and not any(a.strides) else "a")
        elif type(a) in (float, int):
            kinds.append("s")
            continue
        else:
            return None
        contiguous = a.flags.c_contiguous or kinds[-1] == "z"
        if a.ndim == 0 or not contiguous or (shape is not None and a.shape != shape):
            return None
        shape = a.shape
    if dtype is None:
        return None
    return tuple(kinds), dtype, shape


def _input(src, kind, dtype):
    # A Python scalar operand is passed converted to the kernel's dtype (NumPy's weak scalars).
    return src.input("s" if kind in "sz" else "a", "bool" if kind == "b" else dtype)


def _flat(args, kinds, dtype):
    flat = {"s": dtype.type, "z": lambda a: a.flat[0]}
    return [flat[k](a) if k in flat else a.reshape(-1) for a, k in zip(args, kinds)]


def load(source):
    """The compiled kernel of a ``KernelSource.text()`` (memoized; the first call loads Numba)."""
    from funcdiff.kernels import codegen

    return codegen.load(source)


def cache_info() -> dict:
    """Kernels loaded in this process and Numba's disk-cache hits/compiles (Numba not loaded:
    all zero)."""
    import sys

    codegen = sys.modules.get("funcdiff.kernels.codegen")
    return codegen.cache_info() if codegen else {"kernels": 0, "disk_hits": 0, "compiled": 0}


__all__ = [
    "EAGER", "EAGER_FUSED", "EXACT", "EXACT_F64", "FUSED", "OPS", "KernelSource", "cache_info",
    "config", "dispatching", "fused", "kernel_threshold", "load", "run",
]  # fmt: skip
