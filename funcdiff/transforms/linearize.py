"""Linearize: compute the primal now and stage the tangent computation as a linear program.

The JVP level sits directly above a staging level that owns the input tangents, so each JVP
rule evaluates its primal part eagerly (below both levels) while its tangent part, which
touches a staged tangent, is recorded as an equation of the linear program.
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, get_aval, new_main
from funcdiff.jaxpr import Jaxpr, Literal, StagingTrace, eval_jaxpr, output_atom, staging_inputs
from funcdiff.primitives.registry import zeros_like
from funcdiff.transforms._api import as_input_array, flatten_fun, fun_name, owned
from funcdiff.transforms.jvp import JVPTrace, JVPTracer, lower_jvp, strip_level
from funcdiff.tree_util import tree_flatten, tree_unflatten


def tangent_aval(x):
    """The abstract value of a tangent for primal ``x``: same shape and dtype, never weak."""
    aval = get_aval(x)
    return ShapedArray(aval.shape, aval.dtype)


def linearize_flat(fun_flat, primals, diff_mask, name):
    """Primal outputs, the linear program of the tangent map, and aux.

    ``fun_flat(ins) -> (outs, aux)``; only ``primals[i]`` with ``diff_mask[i]`` get tangents.
    The program's inputs are those tangents; outputs with a zero tangent are zero literals.
    """
    eqns = []
    with new_main(StagingTrace, eqns, f"{name} (tangent)") as staging:
        diff_avals = [tangent_aval(p) for p, d in zip(primals, diff_mask) if d]
        tangents, invars = staging_inputs(staging, diff_avals)
        with new_main(JVPTrace, None, name) as main:
            trace = main.trace
            it = iter(tangents)
            ins = [JVPTracer(trace, p, next(it)) if d else p for p, d in zip(primals, diff_mask)]
            outs, aux = fun_flat(ins)
            pairs = [lower_jvp(trace, o) for o in outs]
            aux = strip_level(trace, aux) if aux is not None else None
        outvars = [
            Literal(zeros_like(p)) if t is None else output_atom(staging, t) for p, t in pairs
        ]
    return [p for p, _ in pairs], Jaxpr(invars, eqns, outvars), aux


def linearize(fun, *primals, has_aux=False):
    """Evaluate ``fun`` and return its linear tangent map at ``primals``.

    The primal is computed once now; the returned ``jvp_fn`` replays only the staged linear
    part, and keeps the values it captured even if the caller later overwrites its inputs.

    Args:
        fun: function of pytree arguments.
        *primals: the point to linearize at.
        has_aux: ``fun`` returns ``(out, aux)``; aux is returned as a third result.

    Returns:
        ``(primal_out, jvp_fn)`` where ``jvp_fn(*tangents)`` gives the output tangent.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> y, f_jvp = fd.linearize(fnp.sin, 0.0)
    >>> float(f_jvp(2.0))
    2.0
    """
    p_leaves, p_tree = tree_flatten(primals)
    # Copies, so that the captured constants survive later in-place edits by the caller.
    p_leaves = [private_copy(as_input_array(p)) for p in p_leaves]
    flat, out_tree = flatten_fun(fun, p_tree, has_aux, "fd.linearize")

    outs, jaxpr, aux = linearize_flat(flat, p_leaves, [True] * len(p_leaves), _name(fun))

    def jvp_fn(*tangents):
        from funcdiff.transforms.jvp import _check_tangent

        t_leaves, t_tree = tree_flatten(tangents)
        if t_tree != p_tree:
            from funcdiff.errors import TreeMismatchError

            raise TreeMismatchError(
                f"the linearized function takes tangents structured like the primals "
                f"({p_tree}), got {t_tree}."
            )
        t_leaves = [as_input_array(t) for t in t_leaves]
        for i, (p, t) in enumerate(zip(p_leaves, t_leaves)):
            _check_tangent(p, t, i)
        out_dots = eval_jaxpr(jaxpr, t_leaves)
        return tree_unflatten(out_tree[0], [owned(o, t_leaves) for o in out_dots])

    jvp_fn.jaxpr = jaxpr
    outs = tree_unflatten(out_tree[0], [owned(o, p_leaves) for o in outs])
    return (outs, jvp_fn, aux) if has_aux else (outs, jvp_fn)


def private_copy(x):
    """A copy of an array input (tracers and scalars are immutable already)."""
    return x.copy() if isinstance(x, np.ndarray) else x


def _name(fun):
    return f"fd.linearize({fun_name(fun)})"
