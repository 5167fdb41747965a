"""Reverse mode: ``vjp`` is linearize followed by transposition of the linear program;
``grad`` and ``value_and_grad`` are the vjp of a scalar with cotangent 1 (or, for a single
scalar input, one forward-mode pass: see `scalar_input_grad`).
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, get_aval, new_main
from funcdiff.errors import DtypeError, ShapeError, TreeMismatchError
from funcdiff.primitives.registry import match_aval, zeros_like
from funcdiff.transforms._api import (
    as_input_array,
    check_float_inputs,
    check_scalar_output,
    flatten_fun,
    fun_name,
    normalize_argnums,
    owned,
    split_aux,
    wraps,
)
from funcdiff.transforms.jvp import (
    SCALAR_INPUT_GRAD,
    JVPTrace,
    JVPTracer,
    NeedsReverseMode,
    lower_jvp,
    strip_level,
)
from funcdiff.transforms.linearize import linearize_flat, private_copy
from funcdiff.transforms.transpose import backward_pass
from funcdiff.tree_util import tree_flatten, tree_unflatten


def vjp(fun, *primals, has_aux=False):
    """Reverse-mode derivative: the output and a function pulling cotangents back.

    Args:
        fun: function of pytree arguments.
        *primals: the point to differentiate at.
        has_aux: ``fun`` returns ``(out, aux)``; aux is returned as a third result.

    Returns:
        ``(primal_out, vjp_fn)``; ``vjp_fn(ct)`` returns a tuple with one cotangent per
        primal. ``vjp_fn`` may be called many times and keeps its captured values even if
        the caller later overwrites the input arrays.

    Raises:
        TreeMismatchError, ShapeError, DtypeError: a cotangent does not match the output.

    >>> import funcdiff as fd, numpy as np
    >>> out, f_vjp = fd.vjp(lambda x: x * 1024.0, np.ones(3))
    >>> f_vjp(np.array([0.1, 1.0, 0.0001]))[0]
    array([1.024e+02, 1.024e+03, 1.024e-01])
    """
    p_leaves, p_tree = tree_flatten(primals)
    p_leaves = [private_copy(as_input_array(p)) for p in p_leaves]
    flat, out_tree = flatten_fun(fun, p_tree, has_aux, "fd.vjp")

    diff_mask = [get_aval(p).dtype.kind in "fc" for p in p_leaves]
    name = f"fd.vjp({fun_name(fun)})"
    outs, jaxpr, aux = linearize_flat(flat, p_leaves, diff_mask, name)
    o_tree = out_tree[0]
    out_avals = [get_aval(o) for o in outs]

    def vjp_fn(ct):
        ct_leaves, ct_tree = tree_flatten(ct)
        if ct_tree != o_tree:
            raise TreeMismatchError(
                f"vjp_fn of {fun_name(fun)} expects a cotangent structured like the output "
                f"({o_tree}), got {ct_tree}."
            )
        ct_leaves = [as_input_array(c) for c in ct_leaves]
        for i, (c, aval) in enumerate(zip(ct_leaves, out_avals)):
            _check_cotangent(c, aval, i)
        cts = iter(backward_pass(jaxpr, ct_leaves))
        in_cts = [
            (zeros_like(p) if (c := next(cts)) is None else owned(c, ct_leaves))
            if d
            else zeros_like(p)
            for p, d in zip(p_leaves, diff_mask)
        ]
        return tuple(tree_unflatten(p_tree, in_cts))

    outs = tree_unflatten(o_tree, [owned(o, p_leaves) for o in outs])
    return (outs, vjp_fn, aux) if has_aux else (outs, vjp_fn)


def _check_cotangent(ct, aval, i):
    ct_aval = get_aval(ct)
    if ct_aval.shape != aval.shape:
        raise ShapeError(
            f"cotangent {i} has shape {ct_aval.shape} but the output it pairs with has shape "
            f"{aval.shape}; pass one cotangent of the output's shape."
        )
    if aval.dtype.kind in "fc" and ct_aval.dtype.kind not in "fc":
        raise DtypeError(
            f"cotangent {i} has dtype {ct_aval.dtype}; the output is {aval.dtype}. Pass floats."
        )


def value_and_grad(fun, argnums=0, has_aux=False):
    """A function returning ``fun``'s value and its gradient with respect to ``argnums``.

    Args:
        fun: function returning a real scalar (0-d), or ``(scalar, aux)`` with ``has_aux``.
        argnums: int or tuple of ints: which positional arguments to differentiate.
        has_aux: ``fun`` returns ``(out, aux)``.

    Returns:
        A function returning ``(value, grad)``, or ``((value, aux), grad)`` with ``has_aux``;
        ``grad`` is a tuple when ``argnums`` is a tuple.

    Raises:
        NonScalarOutputError: the output is not a real 0-d value.
        NonFloatInputError: a differentiated input is not a real float.
        ArgnumsError: ``argnums`` is out of range.
        HasAuxError: ``has_aux=True`` but ``fun`` did not return a pair.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> v, g = fd.value_and_grad(lambda x: fnp.exp(x) * (x + fnp.sin(x)))(2.0)
    >>> round(float(v), 4), round(float(g), 4)
    (21.497, 25.8111)
    """
    name = f"fd.value_and_grad({fun_name(fun)})"

    argnums_for = {}  # positional-argument count -> normalized argnums (checked once)

    @wraps(fun, "value_and_grad")
    def value_and_grad_fun(*args, **kwargs):
        checked = argnums_for.get(len(args))
        if checked is None:
            checked = normalize_argnums(fun, argnums, len(args), "fd.value_and_grad")
            argnums_for[len(args)] = checked
        nums, many = checked
        diff_args = tuple(args[i] for i in nums)
        d_leaves, d_tree = tree_flatten(diff_args)
        d_leaves = [as_input_array(x) for x in d_leaves]
        check_float_inputs(d_leaves, fun, "fd.grad", argnums)

        def flat(ins):
            call_args = list(args)
            for i, x in zip(nums, tree_unflatten(d_tree, ins)):
                call_args[i] = x
            out = fun(*call_args, **kwargs)
            aux = None
            if has_aux:
                out, aux = split_aux(out, fun, "fd.grad")
            check_scalar_output(out, fun, "fd.grad")
            return [out], aux

        if scalar_input(d_leaves):
            try:
                out, g, aux = scalar_input_grad(flat, d_leaves[0], name)
            except NeedsReverseMode:
                pass  # a custom_vjp inside: only its reverse rule is defined
            else:
                grads = tree_unflatten(d_tree, [owned(g, d_leaves)])
                return ((out, aux) if has_aux else out), (grads if many else grads[0])
        (out,), jaxpr, aux = linearize_flat(flat, d_leaves, [True] * len(d_leaves), name)
        one = get_aval(out).dtype.type(1)
        cts = backward_pass(jaxpr, [one])
        grads = [zeros_like(x) if c is None else owned(c, d_leaves) for x, c in zip(d_leaves, cts)]
        grads = tree_unflatten(d_tree, grads)
        grads = grads if many else grads[0]
        return ((out, aux) if has_aux else out), grads

    return value_and_grad_fun


# ----------------------------------------------------------------------------- scalar inputs
def scalar_input(leaves) -> bool:
    """One differentiated input holding one number: forward mode is then the cheaper way."""
    return len(leaves) == 1 and all(n == 1 for n in get_aval(leaves[0]).shape)


def scalar_input_grad(flat, x, name):
    """``(value, gradient, aux)`` of ``flat`` at the one-number input ``x`` by a forward pass.

    With one input, the gradient is the tangent of the output for the input tangent 1: one
    JVP pass instead of linearize + transpose (grad(grad(f)) at a float: 165 -> ~60 µs).
    The derivative is the same; its rounding may differ in the last bit, as the chain rule's
    factors are multiplied in the opposite order. A custom_vjp function defines no forward
    rule, so meeting one raises NeedsReverseMode before any of it runs, and the caller
    starts over in reverse mode (the function's Python code then runs a second time).
    """
    aval = get_aval(x)
    one = aval.dtype.type(1) if aval.shape == () else np.ones(aval.shape, aval.dtype)
    with new_main(JVPTrace, SCALAR_INPUT_GRAD, name) as main:
        trace = main.trace
        try:
            (out,), aux = flat([JVPTracer(trace, x, one)])
        except NeedsReverseMode as e:
            if e.main is not main:
                raise  # an outer scalar-input grad has to start over instead
            raise NeedsReverseMode(None) from None
        out, tangent = lower_jvp(trace, out)
        aux = strip_level(trace, aux) if aux is not None else None
    aval = ShapedArray(aval.shape, aval.dtype)  # the gradient is never weakly typed
    g = zeros_like(aval) if tangent is None else match_aval(tangent, aval)
    return out, g, aux


def grad(fun, argnums=0, has_aux=False):
    """The gradient of a scalar function with respect to ``argnums``; nests to any order.

    Args:
        fun: function returning a real scalar (0-d), or ``(scalar, aux)`` with ``has_aux``.
        argnums: int or tuple of ints: which positional arguments to differentiate.
        has_aux: ``fun`` returns ``(out, aux)``; the gradient function then returns
            ``(grad, aux)``.

    Returns:
        A function with ``fun``'s signature returning the gradient, shaped like the
        differentiated argument(s).

    Raises:
        NonScalarOutputError: the output is not a real 0-d value.
        NonFloatInputError: a differentiated input is not a real float.
        ArgnumsError: ``argnums`` is out of range.
        HasAuxError: ``has_aux=True`` but ``fun`` did not return a pair.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.grad(lambda x: 2.0 * fnp.dot(x, x))(np.arange(4.0))
    array([ 0.,  4.,  8., 12.])
    """
    vg = value_and_grad(fun, argnums, has_aux)

    @wraps(fun, "grad")
    def grad_fun(*args, **kwargs):
        value, g = vg(*args, **kwargs)
        return (g, value[1]) if has_aux else g

    return grad_fun
