"""User-defined derivative rules: ``custom_jvp`` and ``custom_vjp`` decorators, as JAX's.

A call goes to the innermost trace owning an argument: the JVP trace applies the rule, the
batch trace batches function and rule together, every other trace just runs the function.
"""

from __future__ import annotations

import functools

from funcdiff.core import ShapedArray, bind, find_top_trace, get_aval
from funcdiff.errors import CustomRuleError
from funcdiff.primitives.registry import define, is_undefined, zeros_like
from funcdiff.transforms._api import as_input_array, fun_name
from funcdiff.tree_util import tree_flatten, tree_unflatten


def custom_jvp_call(fun, jvp, args):
    """Apply a flat custom-JVP function (list in, list out) at the right level."""
    top = find_top_trace(args)
    return fun(*args) if top is None else top.process_custom_jvp(fun, jvp, args)


def custom_vjp_call(fun, fwd, bwd, args):
    """Apply a flat custom-VJP function (list in, list out) at the right level."""
    top = find_top_trace(args)
    return fun(*args) if top is None else top.process_custom_vjp(fun, fwd, bwd, args)


def _split_static(args, nondiff_argnums):
    static = {i: args[i] for i in nondiff_argnums}
    dynamic = tuple(a for i, a in enumerate(args) if i not in static)
    return static, dynamic


def _merge_static(static, dynamic):
    it = iter(dynamic)
    return [static[i] if i in static else next(it) for i in range(len(static) + len(dynamic))]


class custom_jvp:  # noqa: N801 - decorator named as JAX's
    """Give a function a hand-written JVP rule, used by every derivative transform.

    Decorate the function, then its rule with ``@f.defjvp``; the rule takes
    ``(primals, tangents)`` tuples and returns ``(primal_out, tangent_out)``. Arguments listed
    in ``nondiff_argnums`` are passed to the rule first and get no tangent.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> @fd.custom_jvp
    ... def log1pexp(x):
    ...     return fnp.log(1.0 + fnp.exp(x))
    >>> @log1pexp.defjvp
    ... def _(primals, tangents):
    ...     (x,), (x_dot,) = primals, tangents
    ...     return log1pexp(x), x_dot * (1.0 - 1.0 / (1.0 + fnp.exp(x)))
    >>> float(fd.grad(log1pexp)(100.0))
    1.0
    """

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.jvp = None

    def defjvp(self, jvp):
        """Register the JVP rule ``jvp(primals, tangents) -> (out, out_dot)``."""
        self.jvp = jvp
        return jvp

    def __call__(self, *args):
        if self.jvp is None:
            raise CustomRuleError(
                f"custom_jvp function {fun_name(self.fun)} has no JVP rule; define one with "
                f"@{fun_name(self.fun)}.defjvp before calling it."
            )
        static, dynamic = _split_static(args, self.nondiff_argnums)
        leaves, in_tree = tree_flatten(dynamic)
        leaves = [as_input_array(x) for x in leaves]
        out_tree = []

        def flat_fun(*xs):
            out = self.fun(*_merge_static(static, tree_unflatten(in_tree, xs)))
            out_leaves, tree = tree_flatten(out)
            out_tree.append(tree)
            return out_leaves

        def flat_jvp(primals, tangents):
            p_args = tree_unflatten(in_tree, primals)
            t_args = tree_unflatten(in_tree, tangents)
            res = (
                self.jvp(
                    tuple(static[i] for i in self.nondiff_argnums) + tuple(p_args), tuple(t_args)
                )
                if static
                else self.jvp(tuple(p_args), tuple(t_args))
            )
            if not (isinstance(res, (tuple, list)) and len(res) == 2):
                raise CustomRuleError(
                    f"the JVP rule of {fun_name(self.fun)} must return (primal_out, "
                    f"tangent_out), got {type(res).__name__}."
                )
            outs, tree = tree_flatten(res[0])
            out_dots, t_tree = tree_flatten(res[1])
            if tree != t_tree:
                raise CustomRuleError(
                    f"the JVP rule of {fun_name(self.fun)} returned a primal output structured "
                    f"{tree} but a tangent structured {t_tree}; they must match."
                )
            out_tree.append(tree)
            out_dots = [_cast_like(t, o) for t, o in zip(out_dots, outs)]
            return outs, out_dots

        outs = custom_jvp_call(flat_fun, flat_jvp, leaves)
        return tree_unflatten(out_tree[-1], outs)


def _cast_like(t, out):
    from funcdiff.primitives.registry import match_aval

    aval, t_aval = get_aval(out), get_aval(t)
    if t_aval.shape != aval.shape and t_aval.shape != ():
        raise CustomRuleError(
            f"a custom rule returned a tangent of shape {t_aval.shape} for an output of shape "
            f"{aval.shape}."
        )
    return match_aval(t, ShapedArray(aval.shape, aval.dtype))


class custom_vjp:  # noqa: N801 - decorator named as JAX's
    """Give a function a hand-written reverse-mode rule.

    ``f.defvjp(fwd, bwd)``: ``fwd(*args) -> (out, residuals)`` and
    ``bwd(residuals, ct) -> tuple of one cotangent per argument``. Residuals are a pytree of
    arrays. Forward mode (``fd.jvp``) of such a function raises, as in JAX; ``fd.grad`` at a
    one-number input, which otherwise runs forward, switches to reverse mode for it.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> @fd.custom_vjp
    ... def clip_grad(x):
    ...     return x
    >>> clip_grad.defvjp(lambda x: (x, None), lambda res, ct: (fnp.clip(ct, -1.0, 1.0),))
    >>> float(fd.grad(lambda x: 5.0 * clip_grad(x))(2.0))
    1.0
    """

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.fwd = self.bwd = None

    def defvjp(self, fwd, bwd):
        """Register ``fwd(*args) -> (out, residuals)`` and ``bwd(residuals, ct) -> cts``."""
        self.fwd, self.bwd = fwd, bwd

    def __call__(self, *args):
        if self.fwd is None:
            raise CustomRuleError(
                f"custom_vjp function {fun_name(self.fun)} has no rules; call "
                f"{fun_name(self.fun)}.defvjp(fwd, bwd) before calling it."
            )
        static, dynamic = _split_static(args, self.nondiff_argnums)
        leaves, in_tree = tree_flatten(dynamic)
        leaves = [as_input_array(x) for x in leaves]
        out_tree, res_tree = [], []
        static_vals = tuple(static[i] for i in self.nondiff_argnums)

        def flat_fun(*xs):
            out = self.fun(*_merge_static(static, tree_unflatten(in_tree, xs)))
            out_leaves, tree = tree_flatten(out)
            out_tree.append(tree)
            return out_leaves

        def flat_fwd(*xs):
            res = self.fwd(*_merge_static(static, tree_unflatten(in_tree, xs)))
            if not (isinstance(res, (tuple, list)) and len(res) == 2):
                raise CustomRuleError(
                    f"the fwd rule of {fun_name(self.fun)} must return (out, residuals)."
                )
            out_leaves, tree = tree_flatten(res[0])
            out_tree.append(tree)
            r_leaves, r_tree = tree_flatten(res[1])
            res_tree.append(r_tree)
            return out_leaves, r_leaves

        def flat_bwd(residuals, cts):
            ct = tree_unflatten(out_tree[-1], cts)
            res = tree_unflatten(res_tree[-1], residuals)
            in_cts = self.bwd(*static_vals, res, ct)
            if not isinstance(in_cts, (tuple, list)) or len(in_cts) != len(dynamic):
                raise CustomRuleError(
                    f"the bwd rule of {fun_name(self.fun)} must return a tuple with one "
                    f"cotangent per differentiable argument ({len(dynamic)}), got {in_cts!r:.80}."
                )
            ct_leaves, tree = tree_flatten(tuple(in_cts), is_leaf=lambda x: x is None)
            return ct_leaves

        outs = custom_vjp_call(flat_fun, flat_fwd, flat_bwd, leaves)
        return tree_unflatten(out_tree[-1], outs)


# ----------------------------------------------------------------------------- the linear part
def custom_vjp_tangents(bwd, residuals, primals, tangents, outs):
    """Tangents of a custom-VJP call: a linear primitive whose transpose calls ``bwd``."""
    n_res = len(residuals)
    in_avals = tuple(get_aval(p) for p in primals)
    out_avals = tuple(get_aval(o) for o in outs)
    tangents = [zeros_like(p) if t is None else t for p, t in zip(primals, tangents)]
    return bind(
        custom_vjp_lin_p,
        *residuals,
        *tangents,
        bwd=bwd,
        n_res=n_res,
        in_avals=in_avals,
        out_avals=out_avals,
    )


def _custom_vjp_lin_forward(*args, bwd, n_res, in_avals, out_avals):
    raise CustomRuleError(
        "forward-mode differentiation (fd.jvp, fd.jacfwd, a linearized function) of a "
        "custom_vjp function is not possible: only its reverse rule is known. Use fd.vjp/"
        "fd.grad/fd.jacrev, or define the function with fd.custom_jvp instead."
    )


def _custom_vjp_lin_transpose(cts, *args, bwd, n_res, in_avals, out_avals):
    residuals = list(args[:n_res])
    cts = [
        zeros_like(ShapedArray(a.shape, a.dtype)) if c is None else c
        for c, a in zip(cts, out_avals)
    ]
    in_cts = bwd(residuals, cts)
    out = [None] * n_res
    for arg, ct, aval in zip(args[n_res:], in_cts, in_avals):
        out.append(None if ct is None or not is_undefined(arg) else _cast_like(ct, aval_arr(aval)))
    return out


def aval_arr(aval):
    """A zero array standing for ``aval`` (to give _cast_like a target)."""
    return zeros_like(ShapedArray(aval.shape, aval.dtype))


custom_vjp_lin_p = define(
    "custom_vjp_lin",
    impl=_custom_vjp_lin_forward,
    abstract_eval=lambda *avals, out_avals, **params: list(out_avals),
    jvp=lambda primals, tangents, **params: _custom_vjp_lin_forward(**params),
    transpose=_custom_vjp_lin_transpose,
    batch=lambda args, dims, **params: _custom_vjp_lin_forward(**params),
    multiple_results=True,
)


def vmap_vjp_rules(fun, fwd, bwd, n):
    """``fun``, ``fwd`` and ``bwd`` batched along axis 0 of every input and output."""
    from funcdiff.transforms.vmap import vmap, vmap_flat_fn

    def fwd_b(*xs):
        outs, res = vmap(lambda *a: tuple(map(list, fwd(*a))), in_axes=(0,) * n)(*xs)
        return outs, res

    def bwd_b(residuals, cts):
        return vmap(lambda r, c: list(bwd(list(r), list(c))), in_axes=(0, 0))(
            tuple(residuals), tuple(cts)
        )

    return vmap_flat_fn(fun, n), fwd_b, bwd_b
