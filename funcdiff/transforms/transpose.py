"""Transposition of linear programs: the backward pass that turns a JVP into a VJP."""

from __future__ import annotations

from funcdiff.core import bind
from funcdiff.jaxpr import Var
from funcdiff.primitives.binary import add_p


def backward_pass(jaxpr, cts_out):
    """Cotangents of ``jaxpr``'s inputs given cotangents of its outputs (None: zero).

    Equations run in reverse; each linear operand receives its transpose rule's cotangent and
    contributions to one variable are summed. Rules bind primitives, so the pass itself can be
    differentiated or batched by outer transforms. Iterative, so depth never recurses.
    """
    cts = {}
    for v, ct in zip(jaxpr.outvars, cts_out):
        if ct is not None and type(v) is Var:
            _accumulate(cts, v, ct)
    for eqn in reversed(jaxpr.eqns):
        if eqn.prim.multiple_results:
            ct = [cts.pop(v, None) for v in eqn.outvars]
            if all(c is None for c in ct):
                continue
        else:
            ct = cts.pop(eqn.outvars[0], None)
            if ct is None:
                continue
        args = [v if type(v) is Var else v.val for v in eqn.invars]
        if eqn.prim.transpose is None:
            raise NotImplementedError(
                f"primitive {eqn.prim.name} has no transpose rule but appeared in a linear "
                "program; its JVP rule must express tangents with linear primitives"
            )
        cts_in = eqn.prim.transpose(ct, *args, **eqn.params)
        for v, ct_in in zip(eqn.invars, cts_in):
            if ct_in is not None and type(v) is Var:
                _accumulate(cts, v, ct_in)
    return [cts.get(v) for v in jaxpr.invars]


def _accumulate(cts, var, ct):
    prev = cts.get(var)
    cts[var] = ct if prev is None else bind(add_p, prev, ct)
