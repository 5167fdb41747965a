"""Rematerialization: ``checkpoint(f)`` keeps only f's inputs for the backward pass and
recomputes f's intermediates there.

Under differentiation the call becomes one linear primitive holding f's inputs; its transpose
runs ``vjp(f)`` afresh, its forward evaluation runs ``jvp(f)``.
"""

from __future__ import annotations

import functools

from funcdiff.core import bind, get_aval
from funcdiff.primitives.registry import define, is_undefined, zeros_like
from funcdiff.transforms._api import as_input_array
from funcdiff.transforms.custom import custom_jvp_call
from funcdiff.tree_util import tree_flatten, tree_unflatten


def _tangent_map(fun, n):
    """(primals..., tangents...) -> output tangents of ``fun``, by forward mode."""
    from funcdiff.transforms.jvp import jvp

    def tangent_fn(*args):
        return list(jvp(lambda *p: list(fun(*p)), tuple(args[:n]), tuple(args[n:]))[1])

    return tangent_fn


def _remat_impl(*args, fun, n):
    return _tangent_map(fun, n)(*args)


def _remat_abstract_eval(*avals, fun, n):
    from funcdiff.jaxpr import trace_to_jaxpr

    return trace_to_jaxpr(lambda *xs: fun(*xs), avals[:n], "fd.checkpoint").out_avals


def _remat_jvp(primals, tangents, *, fun, n):
    from funcdiff.transforms.jvp import jvp

    tangents = [zeros_like(p) if t is None else t for p, t in zip(primals, tangents)]
    return jvp(_tangent_map(fun, n), tuple(primals), tuple(tangents))


def _remat_transpose(cts, *args, fun, n):
    from funcdiff.transforms.vjp import vjp

    primals = args[:n]
    out_avals = _remat_abstract_eval(*[get_aval(p) for p in primals], fun=fun, n=n)
    cts = [zeros_like(a) if c is None else c for c, a in zip(cts, out_avals)]
    # The recomputation happens here: the forward pass stored only the inputs.
    _, pullback = vjp(lambda *p: list(fun(*p)), *primals)
    in_cts = pullback(list(cts))
    return [None] * n + [c if is_undefined(t) else None for c, t in zip(in_cts, args[n:])]


def _remat_batch(args, dims, *, fun, n):
    from funcdiff.transforms.vmap import vmap

    outs = vmap(_tangent_map(fun, n), in_axes=tuple(dims))(*args)
    return outs, [0] * len(outs)


remat_p = define(
    "checkpoint_tangent",
    impl=_remat_impl,
    abstract_eval=_remat_abstract_eval,
    jvp=_remat_jvp,
    transpose=_remat_transpose,
    batch=_remat_batch,
    multiple_results=True,
)


def checkpoint(fun):
    """``fun``, recomputing its intermediates on the backward pass instead of storing them.

    Saves memory in reverse mode at the price of a second forward evaluation of ``fun``.

    Args:
        fun: function of pytree arguments.

    Returns:
        A function with the same values and derivatives as ``fun``.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> f = fd.checkpoint(lambda x: fnp.sin(fnp.sin(x)))
    >>> round(float(fd.grad(f)(1.0)), 6)
    0.360039
    """

    @functools.wraps(fun)
    def remat_fun(*args):
        leaves, in_tree = tree_flatten(args)
        leaves = [as_input_array(x) for x in leaves]
        out_tree = []

        def flat_fun(*xs):
            out_leaves, tree = tree_flatten(fun(*tree_unflatten(in_tree, xs)))
            out_tree.append(tree)
            return out_leaves

        n = len(leaves)

        def flat_jvp(primals, tangents):
            outs = flat_fun(*primals)
            return outs, bind(remat_p, *primals, *tangents, fun=flat_fun, n=n)

        outs = custom_jvp_call(flat_fun, flat_jvp, leaves)
        return tree_unflatten(out_tree[-1], outs)

    return remat_fun
