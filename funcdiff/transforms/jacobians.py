"""Jacobians and Hessian products built on vmap: one batched JVP or VJP over a basis, never
a Python loop over basis vectors.
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import get_aval
from funcdiff.primitives import convert_element_type, reshape
from funcdiff.primitives.shape import static_slice
from funcdiff.transforms._api import (
    as_input_array,
    check_float_inputs,
    normalize_argnums,
    split_aux,
    wraps,
)
from funcdiff.transforms.jvp import jvp
from funcdiff.transforms.vjp import grad, vjp
from funcdiff.transforms.vmap import vmap
from funcdiff.tree_util import tree_flatten, tree_unflatten


def _std_basis(avals):
    """The identity, one row per scalar of the flattened ``avals``, in their common dtype."""
    n = sum(int(np.prod(a.shape, dtype=np.int64)) for a in avals)
    dtype = np.result_type(*[a.dtype for a in avals]) if avals else np.float64
    return np.eye(n, dtype=dtype)


def _split_vector(vec, avals):
    """Cut a flat vector (batched or not) into pieces shaped and typed like ``avals``."""
    pieces, offset = [], 0
    for aval in avals:
        size = int(np.prod(aval.shape, dtype=np.int64))
        piece = static_slice(vec, starts=(offset,), limits=(offset + size,))
        piece = convert_element_type(reshape(piece, new_shape=aval.shape), new_dtype=aval.dtype)
        pieces.append(piece)
        offset += size
    return pieces


def _diff_setup(fun, argnums, args, transform):
    nums, many = normalize_argnums(fun, argnums, len(args), transform)
    diff_args = tuple(args[i] for i in nums)
    leaves, tree = tree_flatten(diff_args)
    leaves = [as_input_array(x) for x in leaves]
    check_float_inputs(leaves, fun, transform, argnums)

    def call(diff_leaves, **kwargs):
        call_args = list(args)
        for i, x in zip(nums, tree_unflatten(tree, diff_leaves)):
            call_args[i] = x
        return fun(*call_args, **kwargs)

    return leaves, tree, many, call


def _assemble(blocks, out_tree, out_avals, in_tree, in_avals, many):
    """Nest blocks[i][j] (output leaf i by input leaf j) as JAX: output tree of input trees."""
    rows = []
    for i, _ in enumerate(out_avals):
        inner = tree_unflatten(in_tree, [blocks[i][j] for j in range(len(in_avals))])
        rows.append(inner if many else inner[0])
    return tree_unflatten(out_tree, rows)


def jacfwd(fun, argnums=0, has_aux=False):
    """The Jacobian by forward mode: one batched JVP over the input basis.

    Args:
        fun: function of pytree arguments.
        argnums: int or tuple of ints: the inputs to differentiate.
        has_aux: ``fun`` returns ``(out, aux)``; the Jacobian function returns ``(jac, aux)``.

    Returns:
        A function giving the Jacobian, each block shaped ``out.shape + in.shape``, nested as
        the output tree of input trees (a tuple over ``argnums`` when it is a tuple).

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.jacfwd(lambda x: x * x)(np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 4.]])
    """

    @wraps(fun, "jacfwd")
    def jac_fun(*args, **kwargs):
        leaves, in_tree, many, call = _diff_setup(fun, argnums, args, "fd.jacfwd")
        in_avals = [get_aval(x) for x in leaves]
        out_info = []

        def pushforward(e):
            tangents = _split_vector(e, in_avals)
            outs = jvp(
                lambda *xs: _flat_out(call(list(xs), **kwargs), has_aux, out_info),
                tuple(leaves),
                tuple(tangents),
                has_aux=has_aux,
            )
            return (outs[1], outs[2]) if has_aux else outs[1]

        basis = _std_basis(in_avals)
        res = vmap(pushforward, out_axes=(-1, None) if has_aux else -1)(basis)
        out_dots, aux = res if has_aux else (res, None)
        out_tree, out_avals = out_info[-1]
        blocks = []
        for o, o_aval in zip(out_dots, out_avals):
            pieces, offset = [], 0
            for a in in_avals:
                size = int(np.prod(a.shape, dtype=np.int64))
                nd = len(o_aval.shape)
                piece = static_slice(
                    o, starts=(0,) * nd + (offset,), limits=o_aval.shape + (offset + size,)
                )
                pieces.append(reshape(piece, new_shape=o_aval.shape + a.shape))
                offset += size
            blocks.append(pieces)
        jac = _assemble(blocks, out_tree, out_avals, in_tree, in_avals, many)
        return (jac, aux) if has_aux else jac

    return jac_fun


def _flat_out(out, has_aux, out_info):
    if has_aux:
        out, aux = split_aux(out, None, "a Jacobian transform")
    leaves, tree = tree_flatten(out)
    out_info.append((tree, [get_aval(x) for x in leaves]))
    return (leaves, aux) if has_aux else leaves


def jacrev(fun, argnums=0, has_aux=False):
    """The Jacobian by reverse mode: one batched VJP over the output basis.

    Args:
        fun: function of pytree arguments.
        argnums: int or tuple of ints: the inputs to differentiate.
        has_aux: ``fun`` returns ``(out, aux)``; the Jacobian function returns ``(jac, aux)``.

    Returns:
        A function giving the Jacobian, blocks shaped ``out.shape + in.shape`` (as jacfwd).

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.jacrev(lambda x, y: 2.0 * fnp.exp(x) + 3.0 * y, argnums=(0, 1))(
    ...     np.array([0.0]), np.array([1.0]))
    (array([[2.]]), array([[3.]]))
    """

    @wraps(fun, "jacrev")
    def jac_fun(*args, **kwargs):
        leaves, in_tree, many, call = _diff_setup(fun, argnums, args, "fd.jacrev")
        in_avals = [get_aval(x) for x in leaves]
        out_info = []
        res = vjp(
            lambda *xs: _flat_out(call(list(xs), **kwargs), has_aux, out_info),
            *leaves,
            has_aux=has_aux,
        )
        pullback = res[1]
        out_tree, out_avals = out_info[-1]

        def pullback_flat(e):
            return list(pullback(_split_vector(e, out_avals)))

        cts = vmap(pullback_flat)(_std_basis(out_avals))  # one list entry per input leaf
        blocks = [[None] * len(in_avals) for _ in out_avals]
        for j, (ct, a) in enumerate(zip(cts, in_avals)):
            offset = 0
            for i, o_aval in enumerate(out_avals):
                size = int(np.prod(o_aval.shape, dtype=np.int64))
                piece = static_slice(
                    ct, starts=(offset,) + (0,) * len(a.shape), limits=(offset + size,) + a.shape
                )
                blocks[i][j] = reshape(piece, new_shape=o_aval.shape + a.shape)
                offset += size
        jac = _assemble(blocks, out_tree, out_avals, in_tree, in_avals, many)
        return (jac, res[2]) if has_aux else jac

    return jac_fun


jacobian = jacrev


def hessian(fun, argnums=0, has_aux=False):
    """The Hessian, ``jacfwd(jacrev(fun))``; nested tuples for several ``argnums``, as JAX.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.hessian(lambda x: fnp.sum(x ** 3))(np.array([1.0, 2.0]))
    array([[ 6.,  0.],
           [ 0., 12.]])
    """
    return jacfwd(jacrev(fun, argnums, has_aux=has_aux), argnums, has_aux=has_aux)


def hvp(fun, primals, tangents):
    """Hessian-vector product by forward-over-reverse: ``(fun(*primals), H @ tangents)``.

    Returns the value of ``fun`` and the product, as ``torch.autograd.functional.hvp``.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.hvp(lambda x: fnp.sum(x ** 3), (np.array([1.0, 2.0]),), (np.array([1.0, 1.0]),))[1]
    array([ 6., 12.])
    """
    value_holder = []

    def grad_and_value(*xs):
        from funcdiff.transforms.vjp import value_and_grad

        value, g = value_and_grad(fun, argnums=tuple(range(len(xs))))(*xs)
        value_holder.append(value)
        return g

    _, h_dot = jvp(grad_and_value, tuple(primals), tuple(tangents))
    value = _primal_value(value_holder[0])
    return value, (h_dot if len(primals) > 1 else h_dot[0])


def _primal_value(v):
    from funcdiff.transforms.jvp import JVPTracer

    while isinstance(v, JVPTracer):
        v = v.primal
    return v


def vhp(fun, primals, v):
    """Vector-Hessian product ``v @ H`` by reverse-over-reverse: ``(fun(*primals), v @ H)``.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.vhp(lambda x: fnp.sum(x ** 3), (np.array([1.0, 2.0]),), (np.array([1.0, 1.0]),))[1]
    array([ 6., 12.])
    """
    gradient = grad(fun, argnums=tuple(range(len(primals))))
    _, pullback = vjp(gradient, *primals)
    cts = pullback(tuple(v))
    return fun(*primals), (cts if len(primals) > 1 else cts[0])


def elementwise_grad(fun):
    """The derivative of an elementwise function at every point, in one reverse pass.

    Equals ``vjp(fun, x)[1](ones)``, exact when output i depends only on input i.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.elementwise_grad(fnp.sin)(np.array([0.0, np.pi]))
    array([ 1., -1.])
    """

    @wraps(fun, "elementwise_grad")
    def egrad(x, *args, **kwargs):
        out, pullback = vjp(lambda x: fun(x, *args, **kwargs), x)
        aval = get_aval(out)
        return pullback(np.ones(aval.shape, aval.dtype))[0]

    return egrad


__all__ = ["jacfwd", "jacrev", "jacobian", "hessian", "hvp", "vhp", "elementwise_grad"]
