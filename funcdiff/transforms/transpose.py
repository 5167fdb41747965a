"""Transposition of linear programs: the backward pass that turns a JVP into a VJP."""

from __future__ import annotations

import numpy as np

from funcdiff import kernels
from funcdiff.core import bind
from funcdiff.errors import NonDifferentiableError
from funcdiff.jaxpr import Var
from funcdiff.primitives.binary import _is_exact_one, add_p, mul_p, mul_safe_p


def backward_pass(jaxpr, cts_out):
    """Cotangents of ``jaxpr``'s inputs given cotangents of its outputs (None: zero).

    Equations run in reverse; each linear operand receives its transpose rule's cotangent and
    contributions to one variable are summed. Rules bind primitives, so the pass itself can be
    differentiated or batched by outer transforms. Iterative, so depth never recurses.

    Contributions that are large plain arrays are collected (`_Terms`) and summed when the
    variable's cotangent is read, and products ``ct * d`` from the transposes of ``mul`` and
    ``mul_safe`` are collected unevaluated, so that the whole sum is one kernel pass.
    """
    cts = {}
    for v, ct in zip(jaxpr.outvars, cts_out):
        if ct is not None and type(v) is Var:
            _accumulate(cts, v, ct)
    threshold = kernels.config.threshold
    for eqn in reversed(jaxpr.eqns):
        if eqn.prim.multiple_results:
            ct = [_read(cts.pop(v, None)) for v in eqn.outvars]
            if all(c is None for c in ct):
                continue
        else:
            ct = cts.pop(eqn.outvars[0], None)
            if ct is None:
                continue
            if type(ct) is _Terms:
                ct = ct.total()
            if (
                type(ct) is np.ndarray
                and ct.size >= threshold
                and eqn.prim in _PRODUCTS
                and _defer_product(cts, eqn, ct)
            ):
                continue
        args = [v if type(v) is Var else v.val for v in eqn.invars]
        if eqn.prim.transpose is None:
            raise NonDifferentiableError(
                f"primitive {eqn.prim.name} has no transpose rule but appeared in a linear "
                "program: reverse mode cannot pass through it. Its JVP rule must express "
                "tangents with linear primitives (see docs/architecture.md)."
            )
        cts_in = eqn.prim.transpose(ct, *args, **eqn.params)
        for v, ct_in in zip(eqn.invars, cts_in):
            if ct_in is not None and type(v) is Var:
                _accumulate(cts, v, ct_in)
    return [_read(cts.get(v)) for v in jaxpr.invars]


class _Terms(list):
    """Contributions to one cotangent, in arrival order: arrays and ``(t, d)`` products."""

    __slots__ = ()

    def total(self):
        """The sum left to right: one kernel pass when all are large plain arrays."""
        if len(self) == 1 and type(self[0]) is not tuple:
            return self[0]
        fused = kernels.accumulate(self, background=True) if _all_large(self) else None
        if fused is not None:
            return fused
        total = None
        for term in self:
            if type(term) is tuple:
                term = bind(mul_safe_p, *term)
            total = term if total is None else bind(add_p, total, term)
        return total


def _read(ct):
    return ct.total() if type(ct) is _Terms else ct


def _accumulate(cts, var, ct):
    prev = cts.get(var)
    if prev is None:
        cts[var] = ct
    elif type(prev) is _Terms:
        prev.append(ct)
    elif _all_large((prev, ct)):
        cts[var] = _Terms((prev, ct))  # summed later, with whatever else arrives, in one pass
    else:
        cts[var] = bind(add_p, prev, ct)


_PRODUCTS = (mul_p, mul_safe_p)


def _defer_product(cts, eqn, ct):
    """Record ``ct * d`` for the linear operand of a product as a pair, when ``d`` is a plain
    array of ``ct``'s shape and dtype (no unbroadcasting needed); True if recorded."""
    x, y = eqn.invars
    var, d = (x, y) if type(x) is Var else (y, x)
    if type(d) is Var:
        return False
    d = d.val
    if type(d) is not np.ndarray or d.shape != ct.shape or d.dtype != ct.dtype:
        return False
    if var.aval.shape != ct.shape or var.aval.dtype != ct.dtype:
        return False
    # A product with the sum's cotangent (1.0 broadcast) is d itself, as mul_safe knows.
    term = d if _is_exact_one(ct, d) else (ct, d)
    prev = cts.get(var)
    if prev is None:
        cts[var] = _Terms((term,)) if type(term) is tuple else term
    elif type(prev) is _Terms:
        prev.append(term)
    else:
        cts[var] = _Terms((prev, term))
    return True


def _all_large(terms):
    threshold = kernels.config.threshold
    for term in terms:
        for a in term if type(term) is tuple else (term,):
            if type(a) is not np.ndarray or a.size < threshold:
                return False
    return True
