"""Forward mode: the JVP trace carries a (primal, tangent) pair through every primitive."""

from __future__ import annotations

from funcdiff.core import Trace, Tracer, get_aval, new_main
from funcdiff.errors import DtypeError, ShapeError, TreeMismatchError
from funcdiff.primitives.registry import zeros_like
from funcdiff.transforms._api import as_input_array, flatten_fun, fun_name, owned
from funcdiff.tree_util import tree_flatten, tree_unflatten

# The MainTrace payload of a JVP level run by grad for a one-number input (vjp.py).
SCALAR_INPUT_GRAD = "scalar-input grad"


class NeedsReverseMode(BaseException):
    """A scalar-input grad met a custom_vjp function, which has no forward rule.

    A BaseException, like GeneratorExit, so that a user's ``except Exception`` around the call
    cannot swallow it; ``main`` is the level that must start over in reverse mode.
    """

    def __init__(self, main):
        super().__init__("a custom_vjp function needs reverse mode")
        self.main = main


class JVPTracer(Tracer):
    """A primal value and its tangent (None: a symbolic zero) at one JVP level."""

    __slots__ = ("primal", "tangent", "_aval")

    def __init__(self, trace, primal, tangent):
        self._trace = trace
        self.primal = primal
        self.tangent = tangent
        self._aval = None

    @property
    def aval(self):
        aval = self._aval  # cached: the primal never changes
        if aval is None:
            aval = self._aval = get_aval(self.primal)
        return aval

    def __repr__(self):
        # Printing inside grad shows the value being differentiated, as a debugging aid.
        return f"JVPTracer<{self.aval.str_short()}>(primal={self.primal!r})"

    # Shape and dtype straight from the primal: building an aval just to read its shape
    # was the most frequent call in grad(grad(f)) (profiled with cProfile).
    @property
    def shape(self):
        return getattr(self.primal, "shape", ())

    @property
    def dtype(self):
        primal = self.primal
        return primal.dtype if hasattr(primal, "dtype") else get_aval(primal).dtype


class JVPTrace(Trace):
    """Applies each primitive's JVP rule; operands of other levels have zero tangents."""

    __slots__ = ()
    differentiates = True

    def process_primitive(self, prim, args, params):
        primals = []
        tangents = []
        nonzero = False
        for arg in args:
            if type(arg) is JVPTracer and arg._trace is self:
                primals.append(arg.primal)
                tangents.append(arg.tangent)
                nonzero = True
            else:
                primals.append(arg)
                tangents.append(None)
        if not nonzero:
            return prim.bind(*primals, **params)
        out, out_dot = prim.jvp(primals, tangents, **params)
        if prim.multiple_results:
            return [o if t is None else JVPTracer(self, o, t) for o, t in zip(out, out_dot)]
        return out if out_dot is None else JVPTracer(self, out, out_dot)

    def process_custom_jvp(self, fun, jvp, args):
        primals, tangents = self.split(args)
        if all(t is None for t in tangents):
            return fun(*primals)
        tangents = [zeros_like(p) if t is None else t for p, t in zip(primals, tangents)]
        outs, out_dots = jvp(primals, tangents)
        return [JVPTracer(self, o, t) for o, t in zip(outs, out_dots)]

    def process_custom_vjp(self, fun, fwd, bwd, args):
        from funcdiff.transforms.custom import custom_vjp_tangents

        primals, tangents = self.split(args)
        if all(t is None for t in tangents):
            return fun(*primals)
        if self.main.payload is SCALAR_INPUT_GRAD:
            raise NeedsReverseMode(self.main)
        outs, residuals = fwd(*primals)
        out_dots = custom_vjp_tangents(bwd, residuals, primals, tangents, outs)
        return [JVPTracer(self, o, t) for o, t in zip(outs, out_dots)]

    def split(self, args):
        """Primals and tangents (None for zero) of ``args`` at this level."""
        primals, tangents = [], []
        for arg in args:
            if type(arg) is JVPTracer and arg._trace is self:
                primals.append(arg.primal)
                tangents.append(arg.tangent)
            else:
                primals.append(arg)
                tangents.append(None)
        return primals, tangents

    def concretize(self, tracer, what):
        primal = tracer.primal
        # Control flow on the primal is exact for grad/jvp: the branch taken is differentiated.
        return primal if not isinstance(primal, Tracer) else primal._trace.concretize(primal, what)


def lower_jvp(trace, x):
    """The (primal, tangent-or-None) of an output at the level of ``trace``."""
    if type(x) is JVPTracer and x._trace is trace:
        return x.primal, x.tangent
    return x, None


def strip_level(trace, tree):
    """``tree`` with this level's tracers replaced by their primals (for ``has_aux`` outputs)."""
    leaves, treedef = tree_flatten(tree)
    return tree_unflatten(treedef, [lower_jvp(trace, x)[0] for x in leaves])


def jvp_flat(fun_flat, primals, tangents, name):
    """Run ``fun_flat`` (list -> list) on JVP tracers; returns primal and tangent lists."""
    with new_main(JVPTrace, None, name) as main:
        trace = main.trace
        ins = [p if t is None else JVPTracer(trace, p, t) for p, t in zip(primals, tangents)]
        outs, aux = fun_flat(ins)
        pairs = [lower_jvp(trace, o) for o in outs]
        aux = strip_level(trace, aux) if aux is not None else None
    return [p for p, _ in pairs], [t for _, t in pairs], aux


def _check_tangent(p, t, i):
    p_aval, t_aval = get_aval(p), get_aval(t)
    if p_aval.shape != t_aval.shape:
        raise ShapeError(
            f"fd.jvp: tangent {i} has shape {t_aval.shape} but its primal has shape "
            f"{p_aval.shape}; each tangent must match its primal's shape."
        )
    if p_aval.dtype.kind in "fc" and p_aval.dtype != t_aval.dtype:
        raise DtypeError(
            f"fd.jvp: tangent {i} has dtype {t_aval.dtype} but its primal has dtype "
            f"{p_aval.dtype}; cast the tangent, e.g. t.astype({p_aval.dtype.name!r})."
        )


def jvp(fun, primals, tangents, has_aux=False):
    """Forward-mode derivative: evaluate ``fun`` and its directional derivative.

    Args:
        fun: function of ``len(primals)`` positional pytree arguments.
        primals: tuple (or list) of the point to differentiate at.
        tangents: tuple with the same structure, shapes and float dtypes as ``primals``.
        has_aux: ``fun`` returns ``(out, aux)``; aux is returned as a third result.

    Returns:
        ``(primal_out, tangent_out)`` (and ``aux`` with ``has_aux``).

    Raises:
        TreeMismatchError, ShapeError, DtypeError: tangents do not match primals.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> out, t = fd.jvp(lambda x: fnp.exp(x * x - x) / x, (2.0,), (1.0,))
    >>> round(float(out), 4), round(float(t), 4)
    (3.6945, 9.2363)
    """

    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError(
            "fd.jvp takes primals and tangents as tuples, e.g. fd.jvp(f, (x,), (t,)); got "
            f"{type(primals).__name__} and {type(tangents).__name__}."
        )
    p_leaves, p_tree = tree_flatten(tuple(primals))
    t_leaves, t_tree = tree_flatten(tuple(tangents))
    if p_tree != t_tree:
        raise TreeMismatchError(
            f"fd.jvp: primals have structure {p_tree} but tangents have {t_tree}; they must match."
        )
    p_leaves = [as_input_array(p) for p in p_leaves]
    t_leaves = [as_input_array(t) for t in t_leaves]
    for i, (p, t) in enumerate(zip(p_leaves, t_leaves)):
        _check_tangent(p, t, i)
    flat, out_tree = flatten_fun(fun, p_tree, has_aux, "fd.jvp")

    name = f"fd.jvp({fun_name(fun)})"
    outs, out_dots, aux = jvp_flat(flat, p_leaves, t_leaves, name)
    out_dots = [zeros_like(o) if t is None else t for o, t in zip(outs, out_dots)]
    inputs = p_leaves + t_leaves
    outs = tree_unflatten(out_tree[0], [owned(o, inputs) for o in outs])
    out_dots = tree_unflatten(out_tree[0], [owned(t, inputs) for t in out_dots])
    return (outs, out_dots, aux) if has_aux else (outs, out_dots)
