"""``make_jaxpr``: stage a function into a printable program, one primitive per line."""

from __future__ import annotations

from funcdiff.jaxpr import abstractify, trace_to_jaxpr
from funcdiff.transforms._api import as_input_array, fun_name, wraps
from funcdiff.tree_util import tree_flatten, tree_unflatten


def make_jaxpr(fun, static_argnums=()):
    """A function returning the staged program of ``fun`` at its arguments' shapes and dtypes.

    This is funcdiff's answer to PyTorch's ``grad_fn``/``next_functions``: it shows every
    primitive, including the ones a transform such as ``grad`` adds.

    Args:
        fun: function of pytree arguments.
        static_argnums: positions of arguments taken as Python constants, not traced.

    Returns:
        A function of ``fun``'s arguments returning a ``Jaxpr``; print it to read it.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> print(fd.make_jaxpr(lambda x: fnp.sin(x) * 2.0 + 1.0)(0.5))
    { lambda  ; a:f64[]. let
        b:f64[] = sin a
        c:f64[] = mul b 2.0
        d:f64[] = add c 1.0
      in (d,) }
    """
    static = {static_argnums} if isinstance(static_argnums, int) else set(static_argnums)

    @wraps(fun, "make_jaxpr")
    def staged(*args, **kwargs):
        dynamic = [a for i, a in enumerate(args) if i not in static]
        leaves, tree = tree_flatten(dynamic)
        leaves = [as_input_array(x) for x in leaves]

        def flat(*xs):
            it = iter(tree_unflatten(tree, list(xs)))
            call_args = [a if i in static else next(it) for i, a in enumerate(args)]
            out_leaves, _ = tree_flatten(fun(*call_args, **kwargs))
            return out_leaves

        return trace_to_jaxpr(
            flat, [abstractify(x) for x in leaves], f"fd.make_jaxpr({fun_name(fun)})"
        )

    return staged
