"""Dtype and shape utilities with NumPy's names that also accept traced values: a tracer stands
for its abstract value (dtype, and weak type for a traced Python scalar).
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import Tracer
from funcdiff.errors import DtypeError
from funcdiff.primitives.registry import broadcast_shapes as _broadcast_shapes

__all__ = ["result_type", "promote_types", "can_cast", "issubdtype", "isdtype", "isscalar",
           "iterable", "broadcast_shapes", "min_scalar_type", "common_type",
           "mintypecode"]  # fmt: skip

# A weak-typed tracer traces a Python scalar; NumPy promotes it as this scalar would.
_WEAK_STANDINS = {"b": False, "i": 0, "u": 0, "f": 0.0, "c": 0j}


def _standin(x):
    """What NumPy's dtype functions see for ``x``: a tracer becomes its dtype, or a Python
    scalar of its kind when weakly typed; anything else is itself."""
    if isinstance(x, Tracer):
        aval = x.aval
        return _WEAK_STANDINS[aval.dtype.kind] if aval.weak_type else aval.dtype
    return x


def _empty_like(x):
    # For functions that read ``.dtype`` of arrays: a tracer becomes an empty array of its dtype.
    return np.empty(0, x.aval.dtype) if isinstance(x, Tracer) else x


def result_type(*arrays_and_dtypes):
    """The dtype NumPy's promotion gives these operands, as ``numpy.result_type``.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> fd.jit(lambda x: fnp.ones(2, fnp.result_type(x, 1.0)))(np.float32(1)).dtype
    dtype('float32')
    """
    return np.result_type(*map(_standin, arrays_and_dtypes))


def promote_types(type1, type2):
    """The smallest dtype both dtypes cast to safely, as ``numpy.promote_types``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.promote_types("int8", "float32")
    dtype('float32')
    """
    return np.promote_types(type1, type2)


def can_cast(from_, to, casting="safe"):
    """Whether a cast is allowed under ``casting``, as ``numpy.can_cast``.

    Raises:
        DtypeError: ``from_`` is a Python scalar or a traced one (NumPy 2 refuses these: the
            answer used to depend on the value).

    >>> import funcdiff.numpy as fnp
    >>> fnp.can_cast(np.float32, np.float64), fnp.can_cast(np.zeros(2), np.int64)
    (True, False)
    """
    standin = _standin(from_)
    if isinstance(standin, (bool, int, float, complex)):
        raise DtypeError(
            "can_cast does not accept Python scalars (or traced ones): as in NumPy 2 the "
            "answer would depend on the value. Pass a dtype, e.g. fnp.can_cast(np.float64, to)."
        )
    return np.can_cast(standin, to, casting)


def issubdtype(arg1, arg2):
    """Whether dtype ``arg1`` is below ``arg2`` in NumPy's type hierarchy, as
    ``numpy.issubdtype``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.issubdtype(np.float32, np.floating), fnp.issubdtype("int8", np.floating)
    (True, False)
    """
    return np.issubdtype(arg1, arg2)


def isdtype(dtype, kind):
    """Whether ``dtype`` is of ``kind`` (a dtype, a kind name or a tuple), as
    ``numpy.isdtype``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.isdtype(np.dtype("float32"), "real floating")
    True
    """
    return np.isdtype(dtype, kind)


def isscalar(element):
    """Whether ``element`` is a scalar, as ``numpy.isscalar``.

    A traced value counts as a scalar when it is 0-d (as ``jax.numpy.isscalar``): a tracer
    does not record whether its value was a NumPy scalar or a 0-d array.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> fnp.isscalar(3.0), fnp.isscalar(np.zeros(2)), fd.jit(fnp.isscalar)(2.0)
    (True, False, True)
    """
    if isinstance(element, Tracer):
        return element.aval.shape == ()
    return np.isscalar(element)


def iterable(y):
    """Whether ``y`` can be iterated over, as ``numpy.iterable`` (a tracer: when it has an
    axis to iterate).

    >>> import funcdiff.numpy as fnp
    >>> fnp.iterable([1, 2]), fnp.iterable(2.0)
    (True, False)
    """
    if isinstance(y, Tracer):
        return y.aval.shape != ()
    return np.iterable(y)


def broadcast_shapes(*args):
    """The shape these shapes broadcast to, as ``numpy.broadcast_shapes``.

    Raises:
        ShapeError: the shapes do not broadcast (a ValueError, as NumPy's).

    >>> import funcdiff.numpy as fnp
    >>> fnp.broadcast_shapes((2, 1), (3,))
    (2, 3)
    """
    return _broadcast_shapes(*args)


def min_scalar_type(a, /):
    """The smallest dtype that holds ``a``, as ``numpy.min_scalar_type``.

    A traced array with axes gives its own dtype, as NumPy; a 0-d one needs its value.

    Raises:
        ConcretizationError: ``a`` is a 0-d value traced by jit or vmap.

    >>> import funcdiff.numpy as fnp
    >>> fnp.min_scalar_type(10), fnp.min_scalar_type(np.zeros(2))
    (dtype('uint8'), dtype('float64'))
    """
    if isinstance(a, Tracer):
        if a.aval.shape != ():
            return a.aval.dtype
        a = a._trace.concretize(a, "fnp.min_scalar_type of a 0-d value (value-based)")
    return np.min_scalar_type(a)


def common_type(*arrays):
    """The inexact scalar type common to the arrays (ints count as float64), as
    ``numpy.common_type``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.common_type(np.zeros(2, np.float32), np.arange(2))
    <class 'numpy.float64'>
    """
    return np.common_type(*map(_empty_like, arrays))


def mintypecode(typechars, typeset="GDFgdf", default="d"):
    """The character of the smallest type in ``typeset`` that the given types (type
    characters or arrays) cast to safely, as ``numpy.mintypecode``.

    >>> import funcdiff.numpy as fnp
    >>> fnp.mintypecode(["d", "f", "F"])
    'D'
    """
    return np.mintypecode([_empty_like(t) for t in typechars], typeset, default)
