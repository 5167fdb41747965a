"""Staged programs: a typed list of primitive applications that can be built, checked,
evaluated and printed. Linearize stages tangents here; jit and make_jaxpr stage whole functions.
"""

from __future__ import annotations

import itertools

import numpy as np

from funcdiff.core import ShapedArray, Trace, Tracer, bind, get_aval, new_main

_counter = itertools.count()


class UndefinedPrimal:
    """Stands for a linear operand during transposition: only its type is known."""

    __slots__ = ("aval",)

    def __init__(self, aval):
        self.aval = aval

    def __repr__(self):
        return f"UndefinedPrimal({self.aval.str_short()})"


class Var(UndefinedPrimal):
    """A variable of a staged program, typed by its abstract value.

    A Var is its own UndefinedPrimal: transposition hands variables straight to transpose
    rules instead of wrapping each use (one allocation per operand saved, cProfile).
    """

    __slots__ = ("count",)

    def __init__(self, aval):
        self.aval = aval
        self.count = next(_counter)

    def __repr__(self):
        return f"Var({self.aval.str_short()})"


class Literal:
    """A constant operand of a staged program (a Python scalar or a captured array)."""

    __slots__ = ("val", "aval")

    def __init__(self, val, aval=None):
        self.val = val
        self.aval = aval if aval is not None else get_aval(val)

    def __repr__(self):
        return f"Literal({self.val!r})"


class Eqn:
    """One primitive application: ``outvars = prim(*invars, **params)``."""

    __slots__ = ("prim", "invars", "params", "outvars")

    def __init__(self, prim, invars, params, outvars):
        self.prim = prim
        self.invars = invars
        self.params = params
        self.outvars = outvars


class Jaxpr:
    """A staged program: typed inputs, a list of equations and outputs.

    Outputs may be Vars or Literals (an output that does not depend on the inputs).
    ``str(jaxpr)`` prints one primitive per line; see ``fd.make_jaxpr``.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> jaxpr = fd.make_jaxpr(lambda x: fnp.sin(x) * 2.0)(1.0)
    >>> len(jaxpr.eqns)
    2
    """

    __slots__ = ("invars", "eqns", "outvars")

    def __init__(self, invars, eqns, outvars):
        self.invars = invars
        self.eqns = eqns
        self.outvars = outvars

    @property
    def in_avals(self):
        return [v.aval for v in self.invars]

    @property
    def out_avals(self):
        return [v.aval for v in self.outvars]

    def __str__(self):
        return pp_jaxpr(self)

    __repr__ = __str__


# ----------------------------------------------------------------------------- staging trace
class StagingTracer(Tracer):
    """A value known only by its abstract value; every use is recorded as an equation."""

    __slots__ = ("var",)

    def __init__(self, trace, var):
        self._trace = trace
        self.var = var

    @property
    def aval(self):
        return self.var.aval


class StagingTrace(Trace):
    """Records primitive applications into the builder held by its main trace."""

    __slots__ = ()

    def process_primitive(self, prim, args, params):
        builder = self.main.payload
        invars = []
        avals = []
        for arg in args:
            if type(arg) is StagingTracer and arg._trace is self:
                invars.append(arg.var)
                avals.append(arg.var.aval)
            else:
                lit = Literal(arg)
                invars.append(lit)
                avals.append(lit.aval)
        out_aval = prim.abstract_eval(*avals, **params)
        if prim.multiple_results:
            outvars = [Var(a) for a in out_aval]
            builder.append(Eqn(prim, invars, params, outvars))
            return [StagingTracer(self, v) for v in outvars]
        outvar = Var(out_aval)
        builder.append(Eqn(prim, invars, params, [outvar]))
        return StagingTracer(self, outvar)


def staging_inputs(main, avals):
    """Fresh input tracers (and their variables) for a staging level."""
    trace = main.trace
    tracers = [StagingTracer(trace, Var(aval)) for aval in avals]
    return tracers, [t.var for t in tracers]


def output_atom(main, out):
    """The Var or Literal standing for one output of a staged function."""
    if type(out) is StagingTracer and out._trace is main.trace:
        return out.var
    return Literal(out)


def trace_to_jaxpr(fun, in_avals, name="fd.make_jaxpr"):
    """Stage ``fun`` (flat list of arrays in, flat list out) at ``in_avals`` into a Jaxpr.

    Values computed from constants only are evaluated now and enter the program as literals.
    """
    eqns = []
    with new_main(StagingTrace, eqns, name) as main:
        tracers, invars = staging_inputs(main, in_avals)
        outs = fun(*tracers)
        outvars = [output_atom(main, out) for out in outs]
    return Jaxpr(invars, eqns, outvars)


def eval_jaxpr(jaxpr, args):
    """Evaluate ``jaxpr`` on ``args`` by binding each primitive, so transforms compose."""
    env = dict(zip(jaxpr.invars, args))
    for eqn in jaxpr.eqns:
        vals = [env[v] if type(v) is Var else v.val for v in eqn.invars]
        out = bind(eqn.prim, *vals, **eqn.params)
        if eqn.prim.multiple_results:
            env.update(zip(eqn.outvars, out))
        else:
            env[eqn.outvars[0]] = out
    return [env[v] if type(v) is Var else v.val for v in jaxpr.outvars]


def check_jaxpr(jaxpr):
    """Check that every variable is defined before use and types agree with abstract eval.

    Raises ``ValueError`` naming the first offending equation.
    """
    defined = set(jaxpr.invars)
    for i, eqn in enumerate(jaxpr.eqns):
        for v in eqn.invars:
            if type(v) is Var and v not in defined:
                raise ValueError(f"equation {i} ({eqn.prim}) uses an undefined variable")
        avals = [v.aval for v in eqn.invars]
        expected = eqn.prim.abstract_eval(*avals, **eqn.params)
        expected = expected if eqn.prim.multiple_results else [expected]
        got = [v.aval for v in eqn.outvars]
        if [(a.shape, a.dtype) for a in expected] != [(a.shape, a.dtype) for a in got]:
            raise ValueError(f"equation {i} ({eqn.prim}) has type {got}, expected {expected}")
        defined.update(eqn.outvars)
    for v in jaxpr.outvars:
        if type(v) is Var and v not in defined:
            raise ValueError("an output of the program is an undefined variable")


# ----------------------------------------------------------------------------- printing
def _var_names():
    for n in itertools.count():
        name = ""
        n += 1
        while n:
            n, r = divmod(n - 1, 26)
            name = chr(ord("a") + r) + name
        yield name


def _fmt_param(value):
    if isinstance(value, np.ndarray):
        return f"array{value.shape}"
    if callable(value):
        return getattr(value, "__name__", type(value).__name__)
    return repr(value)


def pp_jaxpr(jaxpr) -> str:
    """Render a program one primitive per line, JAX style."""
    names = {}
    fresh = _var_names()
    consts = []

    def name(v):
        if type(v) is Literal:
            if np.ndim(v.val) == 0 and not isinstance(v.val, Tracer):
                return repr(v.val.item() if isinstance(v.val, np.generic | np.ndarray) else v.val)
            if id(v) not in names:
                names[id(v)] = next(fresh)
                consts.append(f"{names[id(v)]}:{v.aval.str_short()}")
            return names[id(v)]
        if v not in names:
            names[v] = next(fresh)
        return names[v]

    def typed(v):
        return f"{name(v)}:{v.aval.str_short()}"

    for v in jaxpr.invars:  # inputs get the first names, in order
        name(v)
    lines = []
    for eqn in jaxpr.eqns:
        ins = " ".join(name(v) for v in eqn.invars)
        params = {k: v for k, v in eqn.params.items()}
        pstr = "[" + ", ".join(f"{k}={_fmt_param(v)}" for k, v in params.items()) + "]"
        pstr = pstr if params else ""
        outs = " ".join(typed(v) for v in eqn.outvars)
        lines.append((outs, f"{eqn.prim.name}{pstr} {ins}"))
    invars = " ".join(typed(v) for v in jaxpr.invars)
    body = [f"    {lhs} = {rhs}" for lhs, rhs in lines]
    outs = ", ".join(name(v) for v in jaxpr.outvars)
    head = f"{{ lambda {' '.join(consts)} ; {invars}. let"
    return "\n".join([head, *body, f"  in ({outs},) }}"])


def abstractify(x) -> ShapedArray:
    """A strong (non-weak) abstract value for a function input."""
    aval = get_aval(x)
    return ShapedArray(aval.shape, aval.dtype) if aval.weak_type else aval
