"""Fusion for ``fd.jit``: maximal regions of elementwise equations in a staged program become
one generated Numba kernel each (no intermediate arrays); other equations call their impl.
"""

from __future__ import annotations

import math

import numpy as np

from funcdiff import kernels
from funcdiff.jaxpr import Var

_DTYPES = frozenset(map(np.dtype, ["float32", "float64", "bool"]))


class Region:
    """Elementwise equations over one shape, run as one kernel; ``inputs`` are Vars or array
    Literals (``kinds[i]`` "a" for a full-shape array, "s" for a 0-d value)."""

    __slots__ = (
        "eqns", "shape", "inputs", "kinds", "outputs", "kernel", "source", "open", "parallel"
    )  # fmt: skip

    def __init__(self, shape):
        self.eqns = []
        self.shape = shape
        self.open = True
        self.parallel = True

    def run(self, env):
        if self.kernel is None:
            # A kernel giving NumPy's bits, loading on the background thread: until it is
            # ready, the region's equations run one by one, with the same results.
            self.kernel = kernels.codegen_load_in_background(*self.source)
            if self.kernel is None:
                for eqn in self.eqns:
                    vals = [env[v] if type(v) is Var else v.val for v in eqn.invars]
                    env[eqn.outvars[0]] = eqn.prim.impl(*vals, **eqn.params)
                for eqn in self.eqns:  # what the kernel would have kept to itself
                    if eqn.outvars[0] not in self.outputs:
                        del env[eqn.outvars[0]]
                return
        args = []
        for v, kind in zip(self.inputs, self.kinds):
            val = env[v] if type(v) is Var else v.val
            # reshape(-1) is a view of a C-contiguous array and a C-order copy of any other.
            args.append(np.asarray(val).reshape(-1) if kind == "a" else v.aval.dtype.type(val))
        outs = [kernels.pool.empty(self.shape, v.aval.dtype) for v in self.outputs]
        self.kernel(*args, *[o.reshape(-1) for o in outs])
        env.update(zip(self.outputs, outs))


def plan(jaxpr, threshold):
    """The steps that run ``jaxpr``: Eqns, and Regions of at least two fusible equations
    whose arrays have ``threshold`` elements or more (parallel kernels), or of at least
    ``config.small_region_eqns`` smaller ones (one-thread kernels); unused results drop.

    >>> import funcdiff as fd, funcdiff.numpy as fnp
    >>> jaxpr = fd.make_jaxpr(lambda x: fnp.cos(x) * fnp.sin(x) + 1.0)(np.ones(4))
    >>> [type(step).__name__ for step in plan(jaxpr, threshold=0)]
    ['Region']
    """
    steps, open_regions, owner = [], {}, {}

    def close(region):
        region.open = False
        open_regions.pop(region.shape, None)
        steps.append(region)

    for eqn in _live_eqns(jaxpr):
        shape = eqn.outvars[0].aval.shape
        fusible = _fusible(eqn, shape)
        target = open_regions.get(shape) if fusible else None
        for v in eqn.invars:
            region = owner.get(v) if type(v) is Var else None
            if region is not None and region.open and region is not target:
                close(region)
        if not fusible:
            steps.append(eqn)
            continue
        if target is None:
            target = open_regions[shape] = Region(shape)
        target.eqns.append(eqn)
        owner[eqn.outvars[0]] = target
    for region in list(open_regions.values()):
        close(region)
    return _finish(jaxpr, steps, threshold)


def _live_eqns(jaxpr):
    # Equations whose results reach an output; grad's programs compute the unused primal.
    live = {v for v in jaxpr.outvars if type(v) is Var}
    eqns = []
    for eqn in reversed(jaxpr.eqns):
        if any(v in live for v in eqn.outvars):
            eqns.append(eqn)
            live.update(v for v in eqn.invars if type(v) is Var)
    return eqns[::-1]


def _fusible(eqn, shape):
    prim = eqn.prim
    if not prim.elementwise or prim.multiple_results or prim.kernel not in kernels.OPS:
        return False
    if not _exact(eqn):
        # exp, log, tanh ...: Numba's libm may differ from NumPy's SIMD routines in the last
        # bit, so they run as NumPy calls between kernels and jit keeps eager's exact values.
        return False
    out = eqn.outvars[0].aval
    if not shape or out.dtype not in _DTYPES:
        return False
    if kernels.OPS[prim.kernel][0] == "float" and out.dtype.kind != "f":
        return False
    if "new_dtype" in eqn.params and np.dtype(eqn.params["new_dtype"]) not in _DTYPES:
        return False
    for v in eqn.invars:
        aval = v.aval
        weak_scalar = type(v) is not Var and type(v.val) in (float, int, bool)
        if not weak_scalar and (aval.dtype not in _DTYPES or aval.shape not in (shape, ())):
            return False
    return True


def _finish(jaxpr, steps, threshold):
    """Single-equation regions become plain equations; the others get inputs, outputs and a
    kernel. A region's outputs are the variables used outside it or returned."""
    defined_in = {e.outvars[0]: s for s in steps if type(s) is Region for e in s.eqns}
    used_outside = {v for v in jaxpr.outvars if type(v) is Var}
    for step in steps:
        for eqn in step.eqns if type(step) is Region else [step]:
            used_outside.update(
                v for v in eqn.invars if type(v) is Var and defined_in.get(v) is not step
            )
    out = Plan()
    for step in steps:
        if type(step) is Region:
            step.parallel = math.prod(step.shape) >= threshold
            small = len(step.eqns) < (2 if step.parallel else kernels.config.small_region_eqns)
            if small:
                out.extend(step.eqns)
                continue
            _compile(step, used_outside)
        out.append(step)
    out.frees = _last_reads(out, jaxpr)
    return out


class Plan(list):
    """The steps of a program, and after each step the variables it was the last to read:
    ``run`` drops them, so that large intermediates are freed (and their buffers reused)
    as soon as possible, not when the whole program returns."""

    __slots__ = ("frees",)


def _last_reads(steps, jaxpr):
    last = {}
    for i, step in enumerate(steps):
        for v in step.inputs if type(step) is Region else step.invars:
            if type(v) is Var:
                last[v] = i
    for v in jaxpr.outvars:
        last.pop(v, None)
    frees = [[] for _ in steps]
    for v, i in last.items():
        frees[i].append(v)
    return frees


def _exact(eqn):
    # Regions fuse only ops whose kernels give NumPy's bits (see kernels.EXACT).
    kernel = eqn.prim.kernel
    return kernel in kernels.EXACT or (
        kernel in kernels.EXACT_F64 and eqn.outvars[0].aval.dtype == np.float64
    )


def _compile(region, used_outside):
    src = kernels.KernelSource()
    env, inputs, kinds = {}, [], []
    for eqn in region.eqns:
        operands = []
        for v in eqn.invars:
            if type(v) is not Var and _broadcast_constant(v.val):
                # A constant broadcast to the region's shape (a sum's cotangent, 1.0 with all
                # strides 0) enters the source as a number, not as an array read each call.
                operands.append(("c", v.val.flat[0].item(), str(v.aval.dtype)))
                continue
            if type(v) is Var or (type(v.val) is np.ndarray and v.aval.shape):
                if v not in env:
                    kind = "a" if v.aval.shape else "s"
                    env[v] = src.input(kind, v.aval.dtype)
                    inputs.append(v)
                    kinds.append(kind)
                operands.append(env[v])
            else:
                value = v.val.item() if isinstance(v.val, np.ndarray | np.generic) else v.val
                operands.append(("c", value, None if v.aval.weak_type else str(v.aval.dtype)))
        outvar = eqn.outvars[0]
        env[outvar] = src.op(eqn.prim.kernel, operands, outvar.aval.dtype, eqn.params)
    region.outputs = [e.outvars[0] for e in region.eqns if e.outvars[0] in used_outside]
    for v in region.outputs:
        src.output(env[v])
    region.inputs, region.kinds = inputs, kinds
    region.source = (src.text(region.parallel), src.warm_args)
    # Every op of a region gives NumPy's bits, so until its kernel has loaded in the
    # background, running the equations one by one gives the same results.
    region.kernel = None if kernels.config.background else kernels.load(region.source[0])


def _broadcast_constant(value):
    return type(value) is np.ndarray and value.ndim and value.size and not any(value.strides)


def ready(steps) -> bool:
    """True when every region of a plan has its kernel (none is loading in the background)."""
    for step in steps:
        if type(step) is Region and step.kernel is None:
            return False
    return True


def run(steps, jaxpr, args):
    """Evaluate a planned program on plain values (no tracers)."""
    env = dict(zip(jaxpr.invars, args))
    for step, dead in zip(steps, steps.frees):
        if type(step) is Region:
            step.run(env)
        else:
            vals = [env[v] if type(v) is Var else v.val for v in step.invars]
            out = step.prim.impl(*vals, **step.params)
            if step.prim.multiple_results:
                env.update(zip(step.outvars, out))
            else:
                env[step.outvars[0]] = out
        for v in dead:
            del env[v]
    return [env[v] if type(v) is Var else v.val for v in jaxpr.outvars]


__all__ = ["Plan", "Region", "plan", "ready", "run"]
