"""``jit``: trace once per input signature into a program, fuse its elementwise regions into
Numba kernels (``fusion.py``), then run it. Under an outer transform (``grad(jit(f))``) the
function is traced by that transform directly, so every rule keeps working.
"""

from __future__ import annotations

import functools
import inspect
import os

from funcdiff import kernels
from funcdiff.core import Tracer
from funcdiff.jaxpr import abstractify, trace_to_jaxpr
from funcdiff.kernels import config
from funcdiff.transforms import fusion
from funcdiff.transforms._api import as_input_array, fun_name
from funcdiff.tree_util import tree_flatten, tree_unflatten


def log_compiles_enabled() -> bool:
    """True when ``FUNCDIFF_LOG_COMPILES`` is set to a non-empty value other than 0."""
    return os.environ.get("FUNCDIFF_LOG_COMPILES", "") not in ("", "0")


class JitFunction:
    """A function compiled per input signature; see ``fd.jit``."""

    def __init__(self, fun, static_argnums=(), static_argnames=()):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.static_argnums = (
            {static_argnums} if isinstance(static_argnums, int) else set(static_argnums)
        )
        self.static_argnames = (
            {static_argnames} if isinstance(static_argnames, str) else set(static_argnames)
        )
        self.cache = {}
        self.hits = 0
        self.misses = 0

    def _split(self, args, kwargs):
        static = tuple((i, a) for i, a in enumerate(args) if i in self.static_argnums)
        static += tuple(sorted((k, v) for k, v in kwargs.items() if k in self.static_argnames))
        dynamic = (
            [a for i, a in enumerate(args) if i not in self.static_argnums],
            {k: v for k, v in kwargs.items() if k not in self.static_argnames},
        )
        try:
            hash(static)
        except TypeError:
            raise TypeError(
                f"fd.jit of {fun_name(self.fun)}: static arguments must be hashable "
                "(ints, strings, tuples); got an unhashable value. Make it a tuple or drop "
                "it from static_argnums."
            ) from None
        return static, dynamic

    def __call__(self, *args, **kwargs):
        static, dynamic = self._split(args, kwargs)
        leaves, tree = tree_flatten(dynamic)
        if any(isinstance(x, Tracer) for x in leaves):
            return self.fun(*args, **kwargs)
        leaves = [as_input_array(x) for x in leaves]
        avals = tuple(abstractify(x) for x in leaves)
        key = (tree, avals, static)
        entry = self.cache.get(key)
        if entry is None:
            self.misses += 1
            if log_compiles_enabled():
                _logger().warning("%s", self._retrace_reason(key, args, kwargs))
            entry = self.cache[key] = self._trace(args, kwargs, tree, avals)
        else:
            self.hits += 1
        jaxpr, out_tree, plans = entry
        # Plans depend on the kernel threshold (which regions are big enough to fuse).
        steps = plans.get(config.threshold)
        if steps is None:
            steps = plans[config.threshold] = fusion.plan(jaxpr, config.threshold)
        if fusion.ready(steps):
            return tree_unflatten(out_tree[0], fusion.run(steps, jaxpr, leaves))
        with kernels.deferring():  # kernels start loading once this call has returned
            outs = fusion.run(steps, jaxpr, leaves)
        return tree_unflatten(out_tree[0], outs)

    def _trace(self, args, kwargs, tree, avals):
        out_tree = []

        def flat(*xs):
            dyn_args, dyn_kwargs = tree_unflatten(tree, list(xs))
            it = iter(dyn_args)
            call_args = [a if i in self.static_argnums else next(it) for i, a in enumerate(args)]
            call_kwargs = {**kwargs, **dyn_kwargs}
            out_leaves, t = tree_flatten(self.fun(*call_args, **call_kwargs))
            out_tree.append(t)
            return out_leaves

        jaxpr = trace_to_jaxpr(flat, list(avals), f"fd.jit({fun_name(self.fun)})")
        return jaxpr, out_tree, {}

    def _retrace_reason(self, key, args, kwargs):
        name = fun_name(self.fun)
        if not self.cache:
            return f"fd.jit: compiling {name} for the first time"
        tree, avals, static = key
        leaf_names = self._leaf_names(args, kwargs)
        for old_tree, old_avals, old_static in self.cache:
            if old_tree != tree:
                return f"fd.jit: retracing {name}: the argument structure changed to {tree}"
            if old_static != static:
                return f"fd.jit: retracing {name}: static arguments changed to {static}"
            for i, (a, b) in enumerate(zip(old_avals, avals)):
                if a != b:
                    return (
                        f"fd.jit: retracing {name}: {leaf_names[i]} changed from "
                        f"{a.str_short()} to {b.str_short()}"
                    )
        return f"fd.jit: retracing {name}"

    def _leaf_names(self, args, kwargs):
        # "argument 'x'" (or "argument 0") per dynamic leaf, "leaf j of" inside a pytree.
        try:
            params = list(inspect.signature(self.fun).parameters)
        except (TypeError, ValueError):
            params = []
        names = []
        parts = [(i, a) for i, a in enumerate(args) if i not in self.static_argnums]
        parts += [(k, v) for k, v in sorted(kwargs.items()) if k not in self.static_argnames]
        for pos, value in parts:
            label = pos if type(pos) is str else (params[pos] if pos < len(params) else pos)
            n = len(tree_flatten(value)[0])
            arg = f"argument {label!r}"
            names += [arg] if n == 1 else [f"leaf {j} of {arg}" for j in range(n)]
        return names

    def lower(self, *args, **kwargs):
        """The staged program for these arguments (compiling it if needed)."""
        static, dynamic = self._split(args, kwargs)
        leaves, tree = tree_flatten(dynamic)
        avals = tuple(abstractify(as_input_array(x)) for x in leaves)
        key = (tree, avals, static)
        if key not in self.cache:
            self.cache[key] = self._trace(args, kwargs, tree, avals)
        return self.cache[key][0]


def jit(fun=None, *, static_argnums=(), static_argnames=()):
    """Compile ``fun``: trace it once per input structure, shapes, dtypes and static values.

    Args:
        fun: function of pytree arguments.
        static_argnums: positions of arguments treated as compile-time constants.
        static_argnames: keyword names treated as compile-time constants.

    Returns:
        A ``JitFunction`` with the same results as ``fun``; ``.hits``/``.misses`` count cache
        use and ``FUNCDIFF_LOG_COMPILES=1`` logs each retrace with its reason. Chains of
        elementwise primitives run as one generated Numba kernel each (cached on disk under
        ``FUNCDIFF_CACHE_DIR``); their results may differ from eager ones by a few ulps where
        NumPy's SIMD exp/log/tanh differ from libm's. Unlike JAX, dtypes follow NumPy.

    Raises:
        ConcretizationError: Python control flow on a traced value (name the line; use
            ``fnp.where`` or ``static_argnums``).

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> f = fd.jit(lambda x: fnp.sin(x) ** 2 + fnp.cos(x) ** 2)
    >>> float(f(0.3))
    1.0
    """
    if fun is None:
        return functools.partial(
            jit, static_argnums=static_argnums, static_argnames=static_argnames
        )
    return JitFunction(fun, static_argnums, static_argnames)


def _logger():
    """The ``funcdiff.jit`` logger; `logging` is imported only when retraces are logged."""
    import logging

    return logging.getLogger("funcdiff.jit")
