"""Reverse mode: ``vjp`` is linearize followed by transposition of the linear program;
``grad`` and ``value_and_grad`` are the vjp of a scalar with cotangent 1.
"""

from __future__ import annotations

from funcdiff.core import get_aval
from funcdiff.errors import DtypeError, ShapeError, TreeMismatchError
from funcdiff.primitives.registry import zeros_like
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

    @wraps(fun, "value_and_grad")
    def value_and_grad_fun(*args, **kwargs):
        nums, many = normalize_argnums(fun, argnums, len(args), "fd.value_and_grad")
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

        (out,), jaxpr, aux = linearize_flat(flat, d_leaves, [True] * len(d_leaves), name)
        one = get_aval(out).dtype.type(1)
        cts = backward_pass(jaxpr, [one])
        grads = [zeros_like(x) if c is None else owned(c, d_leaves) for x, c in zip(d_leaves, cts)]
        grads = tree_unflatten(d_tree, grads)
        grads = grads if many else grads[0]
        return ((out, aux) if has_aux else out), grads

    return value_and_grad_fun


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
