"""Argument plumbing shared by the public transforms: argnums, input checks, safe outputs."""

from __future__ import annotations

import functools

import numpy as np

from funcdiff.core import Tracer, get_aval
from funcdiff.errors import ArgnumsError, HasAuxError, NonFloatInputError, NonScalarOutputError


def fun_name(fun) -> str:
    """A readable name for ``fun`` in error messages."""
    return getattr(fun, "__name__", None) or type(fun).__name__


def normalize_argnums(fun, argnums, nargs, transform):
    """``argnums`` as a tuple of non-negative ints, checked against the call's arity."""
    many = isinstance(argnums, (tuple, list))
    nums = tuple(argnums) if many else (argnums,)
    if many and not nums:
        raise ArgnumsError(f"{transform} of {fun_name(fun)} got argnums=(): name at least one.")
    out = []
    for n in nums:
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise ArgnumsError(f"{transform} argnums must be ints or a tuple of ints, got {n!r}.")
        if not -nargs <= n < nargs:
            raise ArgnumsError(
                f"{transform} of {fun_name(fun)} has argnums={argnums!r}, but the function was "
                f"called with {nargs} positional argument(s). Pass argnums between "
                f"{-nargs if nargs else 0} and {nargs - 1}, or call it with more arguments."
            )
        out.append(int(n) % nargs)
    return tuple(out), many


def as_input_array(x):
    """Python scalars become NumPy scalars (float -> float64); arrays pass through."""
    if isinstance(x, (Tracer, np.ndarray, np.generic)):
        return x
    if isinstance(x, (float, int, complex, bool)):
        return np.asarray(x)[()]
    arr = np.asarray(x)
    if arr.dtype == object:
        raise TypeError(
            f"a transform got an input of type {type(x).__name__}; inputs must be arrays, "
            "NumPy scalars, Python numbers, or pytrees of them."
        )
    return arr


def check_float_inputs(leaves, fun, transform, argnums):
    """Differentiated inputs must be real floats (as JAX; complex needs holomorphic=True)."""
    for i, x in enumerate(leaves):
        dtype = get_aval(x).dtype
        if dtype.kind != "f":
            raise NonFloatInputError(
                f"{transform} of {fun_name(fun)} requires real float inputs for argnums="
                f"{argnums}, but input leaf {i} has dtype {dtype}. Convert it, e.g. "
                "x.astype(float) or 2.0 instead of 2."
            )


def check_scalar_output(out, fun, transform):
    """``grad`` needs a real 0-d output."""
    aval = get_aval(out)
    if aval.shape != () or aval.dtype.kind != "f":
        raise NonScalarOutputError(
            f"{transform} of {fun_name(fun)} needs a real scalar output (shape ()), got "
            f"{aval.str_short()}. Reduce it first, e.g. fnp.sum(out), or use fd.jacrev / "
            "fd.vjp for non-scalar outputs."
        )


def split_aux(out, fun, transform):
    """``(out, aux)`` from a ``has_aux`` function, or a clear error."""
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        raise HasAuxError(
            f"{transform} of {fun_name(fun)} was given has_aux=True, so the function must "
            f"return a pair (output, aux); it returned {type(out).__name__}. Return "
            "(out, aux), or drop has_aux."
        )
    return out[0], out[1]


def owned(x, inputs):
    """``x``, copied if it may share memory with one of ``inputs`` (results never alias)."""
    if isinstance(x, np.ndarray) and (
        x.base is not None or not x.flags.writeable or any(x is i for i in inputs)
    ):
        if not x.flags.writeable or any(
            isinstance(i, np.ndarray) and np.may_share_memory(x, i) for i in inputs
        ):
            return x.copy()
    return x


def wraps(fun, transform):
    """functools.wraps that also names the transform, e.g. ``grad(f)``."""

    def deco(wrapper):
        functools.update_wrapper(wrapper, fun, assigned=("__module__", "__doc__"), updated=())
        wrapper.__name__ = f"{transform}({fun_name(fun)})"
        wrapper.__qualname__ = wrapper.__name__
        return wrapper

    return deco


def flatten_fun(fun, in_tree, has_aux, transform):
    """``fun`` as a function of a flat list of leaves returning ``(out_leaves, aux)``.

    The output structure of the latest call is left in the returned list ``out_trees``.
    """
    from funcdiff.tree_util import tree_flatten, tree_unflatten

    out_trees = []

    def flat(ins):
        out = fun(*tree_unflatten(in_tree, ins))
        aux = None
        if has_aux:
            out, aux = split_aux(out, fun, transform)
        leaves, tree = tree_flatten(out)
        out_trees.append(tree)
        return leaves, aux

    return flat, out_trees
