"""Numerical checks of derivatives against central finite differences, as JAX's test_util."""

from __future__ import annotations

import itertools

import numpy as np

from funcdiff.tree_util import tree_flatten, tree_map, tree_unflatten

# Step sizes and tolerances per dtype: a central difference errs by about eps^2 * f''' plus
# rounding of about ulp / eps, both well inside these tolerances for smooth test functions.
_EPS = {np.dtype(np.float64): 1e-5, np.dtype(np.float32): 1e-2, np.dtype(np.float16): 1e-1}
_TOL = {np.dtype(np.float64): 1e-5, np.dtype(np.float32): 2e-2, np.dtype(np.float16): 1e-1}


def _dtype_of(leaves):
    dtypes = [np.asarray(x).dtype for x in leaves]
    floats = [d for d in dtypes if d.kind == "f"]
    return min(floats, key=lambda d: d.itemsize) if floats else np.dtype(np.float64)


def _inner(xs, ys):
    return sum(
        float(np.vdot(np.asarray(x, np.float64), np.asarray(y, np.float64))) for x, y in zip(xs, ys)
    )


def _random_like(leaves, rng):
    return [np.asarray(rng.standard_normal(np.shape(x)), dtype=np.asarray(x).dtype) for x in leaves]


def _numerical_jvp(f, primals, tangents, eps):
    p_leaves, tree = tree_flatten(primals)
    t_leaves, _ = tree_flatten(tangents)
    plus = tree_unflatten(tree, [p + eps * t for p, t in zip(p_leaves, t_leaves)])
    minus = tree_unflatten(tree, [p - eps * t for p, t in zip(p_leaves, t_leaves)])
    f_plus, f_minus = tree_flatten(f(*plus))[0], tree_flatten(f(*minus))[0]
    return [(np.asarray(a) - np.asarray(b)) / (2 * eps) for a, b in zip(f_plus, f_minus)]


def _assert_close(actual, expected, tol, what):
    for i, (a, e) in enumerate(zip(actual, expected)):
        a, e = np.asarray(a, np.float64), np.asarray(e, np.float64)
        if not np.allclose(a, e, atol=tol, rtol=tol, equal_nan=True):
            raise AssertionError(
                f"{what}: leaf {i} differs beyond tol={tol}\nactual:   {a}\nexpected: {e}"
            )


def check_jvp(f, f_jvp, args, atol=None, rtol=None, eps=None, rng=None):
    """Check ``f_jvp(primals, tangents)`` against central differences of ``f`` at ``args``."""
    rng = rng or np.random.default_rng(0)
    leaves, tree = tree_flatten(args)
    dtype = _dtype_of(leaves)
    eps = eps or _EPS[dtype]
    tol = max(atol or 0.0, rtol or 0.0) or _TOL[dtype]
    tangents = tree_unflatten(tree, _random_like(leaves, rng))
    _, out_dot = f_jvp(tuple(args), tuple(tangents))
    expected = _numerical_jvp(f, args, tangents, eps)
    _assert_close(tree_flatten(out_dot)[0], expected, tol, "JVP vs finite differences")


def check_vjp(f, f_vjp, args, atol=None, rtol=None, eps=None, rng=None):
    """Check ``f_vjp(*args)`` by ``<u, J t>`` against finite differences for random u, t."""
    rng = rng or np.random.default_rng(1)
    leaves, tree = tree_flatten(args)
    dtype = _dtype_of(leaves)
    eps = eps or _EPS[dtype]
    tol = max(atol or 0.0, rtol or 0.0) or _TOL[dtype]
    out, pullback = f_vjp(*args)
    out_leaves, out_tree = tree_flatten(out)
    cotangent = tree_unflatten(out_tree, _random_like(out_leaves, rng))
    tangents = tree_unflatten(tree, _random_like(leaves, rng))
    in_cts = tree_flatten(pullback(cotangent))[0]
    lhs = _inner(in_cts, tree_flatten(tangents)[0])
    rhs = _inner(tree_flatten(cotangent)[0], _numerical_jvp(f, args, tangents, eps))
    _assert_close([lhs], [rhs], tol, "VJP vs finite differences (<vjp(u), t> vs <u, J t>)")


def check_grads(f, args, order, modes=("fwd", "rev"), atol=None, rtol=None, eps=None):
    """Check derivatives of ``f`` at ``args`` up to ``order`` against finite differences.

    Forward mode compares ``jvp`` with a central difference along a random tangent; reverse
    mode compares ``<vjp(u), t>`` with ``<u, FD(t)>``. Higher orders check the derivative
    functions themselves, recursively, so order 2 covers forward-over-reverse and the rest.

    Args:
        f: function of the arguments in ``args`` (a tuple).
        args: the point, a tuple of arrays or pytrees of arrays.
        order: highest derivative order to check (1 or more).
        modes: any of ``"fwd"`` and ``"rev"``.
        atol: absolute tolerance, overriding the per-dtype default.
        rtol: relative tolerance, overriding the per-dtype default.
        eps: finite-difference step, overriding the per-dtype default.

    Raises:
        AssertionError: a derivative disagrees with finite differences.

    >>> import funcdiff.numpy as fnp
    >>> check_grads(lambda x: fnp.sin(x) * x, (1.5,), order=2)
    """
    from funcdiff.transforms.jvp import jvp
    from funcdiff.transforms.vjp import vjp

    args = tuple(tree_map(lambda x: np.asarray(x, dtype=np.result_type(x, 0.0)), tuple(args)))
    counter = itertools.count()

    def _check(fun, primals, order_left):
        seed = next(counter)
        if "fwd" in modes:
            f_jvp = lambda p, t: jvp(fun, p, t)  # noqa: E731
            check_jvp(fun, f_jvp, primals, atol, rtol, eps, np.random.default_rng(seed))
            if order_left > 1:
                tangents = tuple(
                    tree_map(lambda x: np.asarray(np.ones_like(x) * 0.5, x.dtype), primals)
                )
                _check(lambda *p: jvp(fun, p, tangents)[1], primals, order_left - 1)
        if "rev" in modes:
            check_vjp(
                fun,
                lambda *p: vjp(fun, *p),
                primals,
                atol,
                rtol,
                eps,
                np.random.default_rng(seed + 100),
            )
            if order_left > 1:
                out = fun(*primals)
                cts = tree_map(
                    lambda x: np.asarray(np.full(np.shape(x), 0.7), np.asarray(x).dtype), out
                )
                _check(lambda *p: vjp(fun, *p)[1](cts), primals, order_left - 1)

    _check(f, args, order)
