"""Python operators and NumPy-style methods on tracers, with NumPy's semantics.

The facade owns NumPy semantics, so it is the facade that teaches tracers ``+``, ``@``,
``.sum()``, ``.T`` and the rest; ``numpy`` ufuncs called on a tracer route back here too.
"""

from __future__ import annotations

from funcdiff.core import Tracer


def _late(fnp, name):
    # Bound directly: a forwarding lambda added ~0.3 µs to every operator (timeit). Names a
    # facade module has not defined resolve at call time instead.
    fn = getattr(fnp, name, None)
    if fn is not None:
        return fn
    return lambda *args, **kwargs: getattr(fnp, name)(*args, **kwargs)


def _swap(fn):
    return lambda x, y: fn(y, x)


def install(fnp):
    """Attach operators and methods to ``Tracer``, each a call into the facade ``fnp``."""
    ops = {
        "__add__": _late(fnp, "add"),
        "__radd__": _swap(_late(fnp, "add")),
        "__sub__": _late(fnp, "subtract"),
        "__rsub__": _swap(_late(fnp, "subtract")),
        "__mul__": _late(fnp, "multiply"),
        "__rmul__": _swap(_late(fnp, "multiply")),
        "__truediv__": _late(fnp, "divide"),
        "__rtruediv__": _swap(_late(fnp, "divide")),
        "__floordiv__": _late(fnp, "floor_divide"),
        "__rfloordiv__": _swap(_late(fnp, "floor_divide")),
        "__mod__": _late(fnp, "mod"),
        "__rmod__": _swap(_late(fnp, "mod")),
        "__pow__": _late(fnp, "power"),
        "__rpow__": _swap(_late(fnp, "power")),
        "__matmul__": _late(fnp, "matmul"),
        "__rmatmul__": _swap(_late(fnp, "matmul")),
        "__neg__": _late(fnp, "negative"),
        "__pos__": _late(fnp, "positive"),
        "__abs__": _late(fnp, "abs"),
        "__eq__": _late(fnp, "equal"),
        "__ne__": _late(fnp, "not_equal"),
        "__lt__": _late(fnp, "less"),
        "__le__": _late(fnp, "less_equal"),
        "__gt__": _late(fnp, "greater"),
        "__ge__": _late(fnp, "greater_equal"),
        "__and__": _late(fnp, "bitwise_and"),
        "__or__": _late(fnp, "bitwise_or"),
        "__xor__": _late(fnp, "bitwise_xor"),
        "__rand__": _swap(_late(fnp, "bitwise_and")),
        "__ror__": _swap(_late(fnp, "bitwise_or")),
        "__rxor__": _swap(_late(fnp, "bitwise_xor")),
        "__invert__": _late(fnp, "invert"),
        "__getitem__": _late(fnp, "_getitem"),
    }
    for name, fn in ops.items():
        setattr(Tracer, name, fn)
    methods = {
        "sum": _late(fnp, "sum"),
        "mean": _late(fnp, "mean"),
        "prod": _late(fnp, "prod"),
        "max": _late(fnp, "max"),
        "min": _late(fnp, "min"),
        "var": _late(fnp, "var"),
        "std": _late(fnp, "std"),
        "argmax": _late(fnp, "argmax"),
        "argmin": _late(fnp, "argmin"),
        "cumsum": _late(fnp, "cumsum"),
        "dot": _late(fnp, "dot"),
        "clip": _late(fnp, "clip"),
        "round": _late(fnp, "round"),
        "squeeze": _late(fnp, "squeeze"),
        "flatten": _late(fnp, "ravel"),
        "ravel": _late(fnp, "ravel"),
        "conj": _late(fnp, "conjugate"),
        "conjugate": _late(fnp, "conjugate"),
        "repeat": _late(fnp, "repeat"),
        "swapaxes": _late(fnp, "swapaxes"),
    }
    for name, fn in methods.items():
        setattr(Tracer, name, fn)
    Tracer.reshape = lambda self, *shape, **kw: fnp.reshape(
        self, shape[0] if len(shape) == 1 else shape, **kw
    )
    Tracer.transpose = lambda self, *axes: fnp.transpose(
        self, axes[0] if len(axes) == 1 else (axes or None)
    )
    # PyTorch users write y.norm(); NumPy arrays have no such method, tracers offer it.
    Tracer.norm = lambda self, ord=None, axis=None, keepdims=False: fnp.linalg.norm(
        self, ord=ord, axis=axis, keepdims=keepdims
    )
    Tracer.__divmod__ = lambda self, other: fnp.divmod(self, other)
    Tracer.__rdivmod__ = lambda self, other: fnp.divmod(other, self)
    Tracer.astype = lambda self, dtype, copy=True: fnp.asarray(self, dtype=dtype)
    Tracer.T = property(lambda self: fnp.transpose(self))
    Tracer.mT = property(lambda self: fnp.swapaxes(self, -1, -2))
    Tracer.real = property(_late(fnp, "real"))
    Tracer.imag = property(_late(fnp, "imag"))
    Tracer.at = property(lambda self: fnp.at(self))
    Tracer.item = _item
    Tracer.tolist = _item
    Tracer.__array_ufunc__ = _array_ufunc(fnp)


def _item(self, *args):
    from funcdiff.errors import ConcretizationError

    raise ConcretizationError(
        "Converting a traced array to Python numbers (.item()/.tolist()) would drop what the "
        "transform tracks. Keep it an array, or use fd.stop_gradient and return it as aux."
    )


def _array_ufunc(fnp):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):  # noqa: N807
        # np.sin(tracer) or ndarray * tracer: run funcdiff's function of the same name.
        fn = getattr(fnp, ufunc.__name__, None)
        if method != "__call__" or fn is None or kwargs.get("out") is not None:
            return NotImplemented
        return fn(*inputs, **kwargs)

    return __array_ufunc__
