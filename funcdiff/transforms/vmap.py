"""Batching: ``vmap`` carries a value and the position of its batch axis through each primitive,
whose batch rule binds the same primitive once for the whole batch.
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import (
    ConcretizationError,
    ShapedArray,
    Trace,
    Tracer,
    get_aval,
    new_main,
    user_line,
)
from funcdiff.errors import AxisError, BatchSizeError
from funcdiff.primitives import broadcast_to, reshape
from funcdiff.primitives.registry import move_axis_to_front
from funcdiff.primitives.shape import transpose
from funcdiff.transforms._api import as_input_array, fun_name, owned, wraps
from funcdiff.tree_util import broadcast_prefix, tree_flatten, tree_unflatten


class BatchTracer(Tracer):
    """A batched value: ``val`` holds every example, stacked along axis ``bdim``."""

    __slots__ = ("val", "bdim", "_aval")

    def __init__(self, trace, val, bdim):
        self._trace = trace
        self.val = val
        self.bdim = bdim
        self._aval = None

    @property
    def aval(self):
        # Cached: tracers are immutable, and rebuilding the per-example aval on every use was
        # the top entry of a vmap(grad) profile.
        aval = self._aval
        if aval is None:
            full = get_aval(self.val)
            shape = full.shape[: self.bdim] + full.shape[self.bdim + 1 :]
            aval = self._aval = ShapedArray(shape, full.dtype)
        return aval


class BatchTrace(Trace):
    """Applies batch rules; ``main.payload`` is the batch size."""

    __slots__ = ()

    def unpack(self, args):
        vals, dims = [], []
        for arg in args:
            if type(arg) is BatchTracer and arg._trace is self:
                vals.append(arg.val)
                dims.append(arg.bdim)
            else:
                vals.append(arg)
                dims.append(None)
        return vals, dims

    def process_primitive(self, prim, args, params):
        vals, dims = self.unpack(args)
        if all(d is None for d in dims):
            return prim.bind(*vals, **params)
        out, out_dim = prim.batch(vals, dims, **params)
        if prim.multiple_results:
            return [o if d is None else BatchTracer(self, o, d) for o, d in zip(out, out_dim)]
        return out if out_dim is None else BatchTracer(self, out, out_dim)

    def process_custom_jvp(self, fun, jvp, args):
        from funcdiff.transforms.custom import custom_jvp_call

        vals, dims = self.unpack(args)
        size = self.main.payload
        vals = [batch_to_front(v, d, size) for v, d in zip(vals, dims)]
        # Batch both the function and its rule, and hand the pair to the levels below.
        fun_b = vmap_flat_fn(fun, len(vals))
        jvp_b = vmap_jvp_rule(jvp, len(vals))
        outs = custom_jvp_call(fun_b, jvp_b, vals)
        return [BatchTracer(self, o, 0) for o in outs]

    def process_custom_vjp(self, fun, fwd, bwd, args):
        from funcdiff.transforms.custom import custom_vjp_call, vmap_vjp_rules

        vals, dims = self.unpack(args)
        size = self.main.payload
        vals = [batch_to_front(v, d, size) for v, d in zip(vals, dims)]
        fun_b, fwd_b, bwd_b = vmap_vjp_rules(fun, fwd, bwd, len(vals))
        outs = custom_vjp_call(fun_b, fwd_b, bwd_b, vals)
        return [BatchTracer(self, o, 0) for o in outs]

    def concretize(self, tracer, what):
        raise ConcretizationError(
            f"{what} on a value batched by {self.main.name}{user_line()}: each example could "
            "take a different branch. Use fnp.where(cond, a, b) to choose per example, or "
            "move the branch outside the vmapped function."
        )


def batch_to_front(x, bdim, size):
    """``x`` with its batch axis first; an unbatched ``x`` is broadcast along a new axis."""
    if bdim is None:
        shape = get_aval(x).shape
        return broadcast_to(reshape(x, new_shape=(1,) + shape), shape=(size,) + shape)
    return move_axis_to_front(x, bdim)


def move_batch_axis(x, bdim, out_axis, size):
    """Place the batch axis of ``x`` (or a broadcast one if unbatched) at ``out_axis``."""
    x = batch_to_front(x, bdim, size)
    ndim = np.ndim(x) if not isinstance(x, Tracer) else x.ndim
    if out_axis == 0:
        return x
    perm = list(range(1, ndim))
    perm.insert(out_axis, 0)
    return transpose(x, permutation=tuple(perm))


def vmap_flat_fn(fun, n):
    """``fun`` (list of n unbatched values -> list) batched along axis 0 of every input."""

    def batched(*xs):
        return vmap(lambda *a: list(fun(*a)), in_axes=(0,) * n)(*xs)

    return batched


def vmap_jvp_rule(jvp, n):
    """A custom JVP rule batched along axis 0 of every primal and tangent."""

    def batched(primals, tangents):
        outs, out_dots = vmap(lambda p, t: tuple(map(list, jvp(list(p), list(t)))), in_axes=(0, 0))(
            tuple(primals), tuple(tangents)
        )
        return outs, out_dots

    return batched


def _normalize_axis(axis, ndim, where):
    if axis is None:
        return None
    if callable(where):
        try:
            return _normalize_axis(axis, ndim, "")
        except AxisError:
            where = where()
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise AxisError(f"fd.vmap: {where} must be an int or None, got {axis!r}.")
    if not -ndim <= axis < ndim:
        raise AxisError(
            f"fd.vmap: {where} is {axis}, out of range for a value of rank {ndim} "
            f"(valid: {-ndim} to {ndim - 1})."
        )
    return int(axis) % ndim


def _leaf_names(args, kwargs):
    """A readable name per input leaf: ``x`` or ``x[1]`` for positional argument ``x``."""
    from funcdiff.tree_util import tree_leaves

    names = []
    for label, value in [(f"argument {i}", a) for i, a in enumerate(args)] + [
        (f"keyword {k!r}", v) for k, v in kwargs.items()
    ]:
        n = len(tree_leaves(value))
        names.extend([label] if n == 1 else [f"{label} (leaf {j})" for j in range(n)])
    return names


class _LazyNames:
    def __init__(self, args, kwargs):
        self.args, self.kwargs, self.names = args, kwargs, None

    def __getitem__(self, i):
        if self.names is None:
            self.names = _leaf_names(self.args, self.kwargs)
        return self.names[i]


def _axis_size(leaves, axes, axis_size, fun, names):
    sizes = [get_aval(x).shape[ax] if ax is not None else None for x, ax in zip(leaves, axes)]
    distinct = {n for n in sizes if n is not None}
    if axis_size is not None:
        distinct.add(int(axis_size))
    if len(distinct) > 1:
        sizes = {names[i]: n for i, n in enumerate(sizes) if n is not None}
        listed = ", ".join(f"{name} has size {n}" for name, n in sizes.items())
        extra = f", and axis_size={axis_size}" if axis_size is not None else ""
        raise BatchSizeError(
            f"fd.vmap of {fun_name(fun)} got mapped axes of different sizes: {listed}{extra}. "
            "Every mapped input must have the same size along its in_axes axis; fix the "
            "shapes, or set in_axes=None for inputs that are shared by all examples."
        )
    if not distinct:
        raise BatchSizeError(
            f"fd.vmap of {fun_name(fun)} has no mapped input (all in_axes are None); pass "
            "axis_size=N to say how many examples to produce."
        )
    return distinct.pop()


def vmap(fun, in_axes=0, out_axes=0, axis_size=None):
    """Vectorize ``fun`` over an axis of its inputs, without a Python loop.

    Args:
        fun: function of pytree arguments.
        in_axes: int, None, or a pytree prefix of the positional arguments (a tuple with one
            entry per argument) giving each input's mapped axis; None leaves it unmapped.
            Keyword arguments are always mapped along axis 0.
        out_axes: int, None or a pytree prefix of the output: where the mapped axis goes.
        axis_size: the batch size, needed only when no input is mapped.

    Returns:
        The batched function.

    Raises:
        BatchSizeError: mapped inputs disagree on the batch size.
        AxisError: an axis is out of range or malformed.
        TreeMismatchError: ``in_axes`` does not match the argument structure.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.vmap(fnp.dot, in_axes=(0, None))(np.eye(2), np.array([3.0, 4.0]))
    array([3., 4.])
    """
    if isinstance(in_axes, list):
        in_axes = tuple(in_axes)

    @wraps(fun, "vmap")
    def batched_fun(*args, **kwargs):
        axes_prefix = in_axes
        if isinstance(in_axes, tuple) and len(in_axes) != len(args):
            raise AxisError(
                f"fd.vmap of {fun_name(fun)}: in_axes has {len(in_axes)} entries but the "
                f"function was called with {len(args)} positional arguments; give one entry "
                "per argument (None for unmapped)."
            )
        leaves, treedef = tree_flatten((args, kwargs))
        prefix = (axes_prefix, {k: 0 for k in kwargs})
        axes = broadcast_prefix(prefix, (args, kwargs), is_leaf=lambda x: x is None)
        leaves = [as_input_array(x) for x in leaves]
        # Leaf names only matter for error messages: build them lazily.
        names = _LazyNames(args, kwargs)
        axes = [
            _normalize_axis(ax, get_aval(x).ndim, lambda i=i: f"in_axes for {names[i]}")
            for i, (x, ax) in enumerate(zip(leaves, axes))
        ]
        size = _axis_size(leaves, axes, axis_size, fun, names)
        name = f"fd.vmap({fun_name(fun)})"
        with new_main(BatchTrace, size, name) as main:
            trace = main.trace
            ins = [x if ax is None else BatchTracer(trace, x, ax) for x, ax in zip(leaves, axes)]
            call_args, call_kwargs = tree_unflatten(treedef, ins)
            out = fun(*call_args, **call_kwargs)
            out_leaves, out_tree = tree_flatten(out)
            o_axes = broadcast_prefix(out_axes, out, is_leaf=lambda x: x is None)
            results = []
            for i, (o, ax) in enumerate(zip(out_leaves, o_axes)):
                val, bdim = (
                    (o.val, o.bdim) if type(o) is BatchTracer and o._trace is trace else (o, None)
                )
                if ax is None:
                    if bdim is not None:
                        raise AxisError(
                            f"fd.vmap of {fun_name(fun)}: out_axes is None for output leaf {i}, "
                            "but that output depends on the mapped inputs. Give it an axis."
                        )
                    results.append(val)
                    continue
                ax = _normalize_axis(ax, get_aval(val).ndim + (bdim is None), f"out_axes[{i}]")
                results.append(move_batch_axis(val, bdim, ax, size))
        return tree_unflatten(out_tree, [owned(r, leaves) for r in results])

    return batched_fun
