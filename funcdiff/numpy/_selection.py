"""Selecting entries with NumPy's names: select, piecewise, choose, compress, extract and
trim_zeros. Selections whose shape depends on values need concrete values (grad/jvp, not
vmap or jit).
"""

from __future__ import annotations

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer
from funcdiff.errors import ConcretizationError, ShapeError, ValueDomainError
from funcdiff.numpy._compare import where
from funcdiff.numpy._creation import _traced
from funcdiff.numpy._indexing import _concrete, _concrete_or_none, take, take_along_axis
from funcdiff.numpy._joining import as_operand, normalize_axis, stack
from funcdiff.numpy._shape import broadcast_arrays, ravel

__all__ = ["select", "piecewise", "choose", "compress", "extract", "trim_zeros"]


def trim_zeros(filt, trim="fb", axis=None):
    """``filt`` without its leading/trailing zeros along ``axis`` (all axes when None).

    The result's shape depends on the values: fine under grad/jvp, an error under vmap/jit.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.trim_zeros(np.array([0.0, 1.0, 2.0, 0.0]))
    array([1., 2.])
    """
    if not _traced(filt):
        return np.trim_zeros(filt, trim, axis)
    values = _concrete(filt, "trim_zeros")
    filt = as_operand(filt)
    index = []
    for ax in range(filt.ndim):
        others = tuple(i for i in range(filt.ndim) if i != ax)
        hits = np.flatnonzero(np.any(values != 0, axis=others))
        trimmed = axis is None or ax == normalize_axis(axis, filt.ndim, "fnp.trim_zeros")
        lo = int(hits[0]) if hits.size and "f" in trim.lower() and trimmed else 0
        hi = int(hits[-1]) + 1 if hits.size and "b" in trim.lower() and trimmed else None
        if not hits.size and trimmed:
            lo, hi = 0, 0
        index.append(slice(lo, hi))
    return filt[tuple(index)]


# ----------------------------------------------------------------------------- selection
def select(condlist, choicelist, default=0):
    """The first choice whose condition holds, elementwise, else ``default`` (``numpy.select``).

    NaN-safe under differentiation: choices not taken get an exactly-zero derivative.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> x = np.array([-1.0, 0.5, 2.0])
    >>> fnp.select([x < 0, x > 1], [-x, x * x], default=0.0)
    array([1., 0., 4.])
    """
    if not _traced(condlist, choicelist, default):
        return np.select(condlist, choicelist, default)
    if len(condlist) != len(choicelist) or not condlist:
        raise ShapeError(
            f"fnp.select: {len(condlist)} conditions for {len(choicelist)} choices; give one "
            "condition per choice (and at least one)."
        )
    weak = (int, float, complex)
    choices = [c if type(c) in weak else as_operand(c) for c in [*choicelist, default]]
    conds = [as_operand(c) for c in condlist]
    for i, cond in enumerate(conds):
        if cond.dtype != np.bool_:
            raise TypeError(f"fnp.select: condition {i} has dtype {cond.dtype}; it must be bool.")
    dtype = np.result_type(*(c if type(c) in weak else np.empty((), c.dtype) for c in choices))
    shape = np.broadcast_shapes(*(np.shape(c) for c in conds + choices))
    result = P.broadcast_to(P.convert_element_type(choices[-1], new_dtype=dtype), shape=shape)
    for cond, choice in zip(conds[::-1], choices[-2::-1], strict=True):
        result = where(cond, P.convert_element_type(choice, new_dtype=dtype), result)
    return result


def piecewise(x, condlist, funclist, *args, **kw):
    """``funclist[i](x)`` where ``condlist[i]`` holds (later conditions win), else 0 or the
    extra last function, as ``numpy.piecewise``.

    On traced values each callable is applied to all of ``x`` and the pieces are selected
    with ``where`` (NaN-safe), so the callables must work elementwise.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> x = np.array([-2.0, 3.0])
    >>> fnp.piecewise(x, [x < 0, x >= 0], [lambda v: -v, lambda v: v * v])
    array([2., 9.])
    """
    if not _traced(x, condlist):
        return np.piecewise(x, condlist, funclist, *args, **kw)
    x = as_operand(x)
    # NumPy's rule: one condition unless condlist is a sequence of arrays (or 2-D or more).
    if isinstance(condlist, (Tracer, np.ndarray)):
        single = condlist.ndim <= 1 and x.ndim != 0
    else:
        single = np.isscalar(condlist) or (
            not isinstance(condlist[0], (list, np.ndarray, Tracer)) and x.ndim != 0
        )
    condlist = [condlist] if single else [condlist[i] for i in range(len(condlist))]
    conds = [as_operand(c) for c in condlist]
    if len(funclist) == len(conds) + 1:
        rest = P.logical_not(_any_of(conds)) if conds else np.ones(x.shape, bool)
        conds.append(rest)
    elif len(funclist) != len(conds):
        raise ShapeError(
            f"fnp.piecewise: {len(funclist)} functions for {len(conds)} conditions; give one "
            "per condition, or one more for where none holds."
        )
    y = np.zeros(x.shape, x.dtype)
    for cond, fn in zip(conds, funclist, strict=True):
        piece = fn(x, *args, **kw) if callable(fn) else fn
        y = where(cond, P.convert_element_type(piece, new_dtype=x.dtype), y)
    return y


def _any_of(conds):
    out = conds[0]
    for c in conds[1:]:
        out = P.logical_or(out, c)
    return out


def choose(a, choices, out=None, mode="raise"):
    """``choices[a[i]][i]`` elementwise (all broadcast together), as ``numpy.choose``.

    Differentiable in the choices; ``a`` may be traced. ``mode`` 'wrap'/'clip' need a concrete
    ``a``; with 'raise', traced indices are not bounds-checked under vmap/jit.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.choose(np.array([1, 0]), [np.array([1.0, 2.0]), np.array([3.0, 4.0])])
    array([3., 2.])
    """
    if out is not None or not _traced(a, choices):
        return np.choose(a, choices, out=out, mode=mode)
    n = len(choices)
    if mode != "raise":
        concrete = _concrete_or_none(a)
        if concrete is None:
            raise ConcretizationError(f"fnp.choose(mode={mode!r}) needs a concrete index array.")
        a = np.mod(concrete, n) if mode == "wrap" else np.clip(concrete, 0, n - 1)
    values = _concrete_or_none(a)
    if values is not None and np.size(values) and (np.min(values) < 0 or np.max(values) >= n):
        raise ValueDomainError(f"fnp.choose: an index in a is out of range for {n} choices.")
    weak = (int, float, complex)
    dtype = np.result_type(*(c if type(c) in weak else as_operand(c).dtype for c in choices))
    choices = [P.convert_element_type(as_operand(c), new_dtype=dtype) for c in choices]
    a, *choices = broadcast_arrays(a, *choices)
    stacked = stack(choices)
    return take_along_axis(stacked, P.reshape(a, new_shape=(1,) + a.shape), 0)[0]


def compress(condition, a, axis=None, out=None):
    """The slices of ``a`` along ``axis`` where ``condition`` is true, as ``numpy.compress``.

    The result's shape depends on ``condition``: fine under grad/jvp, an error under vmap/jit.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.compress([True, False, True], np.array([1.0, 2.0, 3.0]))
    array([1., 3.])
    """
    if out is not None or not _traced(condition, a):
        return np.compress(condition, a, axis, out)
    cond = np.asarray(_concrete(condition, "compress"))
    if cond.ndim != 1:
        raise ShapeError(f"fnp.compress: condition must be 1-D, got shape {cond.shape}.")
    a = as_operand(a)
    if axis is None:
        a, axis = ravel(a), 0
    n = a.shape[normalize_axis(axis, a.ndim, "fnp.compress")]
    if cond.size > n:
        raise IndexError(f"fnp.compress: condition of length {cond.size} for an axis of {n}.")
    return take(a, np.flatnonzero(cond), axis)


def extract(condition, arr):
    """The elements of the flattened ``arr`` where ``condition`` is true (``numpy.extract``).

    The result's shape depends on ``condition``: fine under grad/jvp, an error under vmap/jit.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.extract(np.array([[True, False], [False, True]]), np.eye(2) * 3.0)
    array([3., 3.])
    """
    if not _traced(condition, arr):
        return np.extract(condition, arr)
    cond = np.asarray(_concrete(condition, "extract"))
    return take(ravel(arr), np.flatnonzero(cond.ravel()))
