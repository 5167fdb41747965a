"""One adapter per library for the benchmark workloads: the transforms and a small NumPy-like
namespace, all in float64. Each is built only inside its own worker process."""

from __future__ import annotations

import types

import numpy as np


def funcdiff(jit=False):
    import funcdiff as fd
    import funcdiff.numpy as fnp

    ns = types.SimpleNamespace(
        exp=fnp.exp, sin=fnp.sin, tanh=fnp.tanh, log=fnp.log, sum=fnp.sum, mean=fnp.mean,
        relu=lambda h: fnp.maximum(h, 0.0), asarray=np.asarray, tonp=np.asarray,
    )  # fmt: skip
    return _adapter(
        ns,
        grad=fd.grad,
        value_and_grad=fd.value_and_grad,
        vmap=fd.vmap,
        hessian=fd.hessian,
        jacfwd=fd.jacfwd,
        jacrev=fd.jacrev,
        jit=fd.jit if jit else None,
    )


def autograd():
    import autograd as ag
    import autograd.numpy as anp

    ns = types.SimpleNamespace(
        exp=anp.exp, sin=anp.sin, tanh=anp.tanh, log=anp.log, sum=anp.sum, mean=anp.mean,
        relu=lambda h: anp.maximum(h, 0.0), asarray=np.asarray, tonp=np.asarray,
    )  # fmt: skip
    # autograd has no vmap and no forward-mode jacobian.
    return _adapter(
        ns,
        grad=ag.grad,
        value_and_grad=ag.value_and_grad,
        vmap=None,
        hessian=ag.hessian,
        jacfwd=None,
        jacrev=ag.jacobian,
        jit=None,
    )


def jax(jit=False):
    import jax as jx

    jx.config.update("jax_enable_x64", True)
    jx.config.update("jax_platforms", "cpu")
    import jax.numpy as jnp

    ns = types.SimpleNamespace(
        exp=jnp.exp, sin=jnp.sin, tanh=jnp.tanh, log=jnp.log, sum=jnp.sum, mean=jnp.mean,
        relu=lambda h: jnp.maximum(h, 0.0), asarray=jnp.asarray,
        tonp=lambda t: np.asarray(jx.block_until_ready(t)),
    )  # fmt: skip
    return _adapter(
        ns,
        grad=jx.grad,
        value_and_grad=jx.value_and_grad,
        vmap=jx.vmap,
        hessian=jx.hessian,
        jacfwd=jx.jacfwd,
        jacrev=jx.jacrev,
        jit=jx.jit if jit else None,
        sync=jx.block_until_ready,
    )


def torch():
    import torch as tc
    import torch.func as tf

    tc.set_default_dtype(tc.float64)

    def value_and_grad(f):
        def vg(*args):
            g, v = tf.grad_and_value(f)(*args)
            return v, g

        return vg

    def vmap(f, in_axes=0):
        return tf.vmap(f, in_dims=in_axes)

    ns = types.SimpleNamespace(
        exp=tc.exp, sin=tc.sin, tanh=tc.tanh, log=tc.log, sum=tc.sum, mean=tc.mean,
        relu=tc.relu, asarray=lambda a: tc.as_tensor(np.asarray(a, dtype=np.float64)),
        tonp=lambda t: t.detach().numpy() if hasattr(t, "detach") else np.asarray(t),
    )  # fmt: skip
    return _adapter(
        ns,
        grad=tf.grad,
        value_and_grad=value_and_grad,
        vmap=vmap,
        hessian=tf.hessian,
        jacfwd=tf.jacfwd,
        jacrev=tf.jacrev,
        jit=None,
    )


def _adapter(ns, jit, sync=None, **transforms):
    ns.jit = jit or (lambda f: f)
    ns.sync = sync or (lambda out: out)  # wait for asynchronous results (JAX)
    ns.jitted = jit is not None
    for name, fn in transforms.items():
        setattr(ns, name, fn)
    return ns


LIBRARIES = {
    "funcdiff": lambda: funcdiff(jit=False),
    "funcdiff.jit": lambda: funcdiff(jit=True),
    "autograd": autograd,
    "jax": lambda: jax(jit=False),
    "jax.jit": lambda: jax(jit=True),
    "torch": torch,
}

# W8: a fresh interpreter importing the library and taking one derivative at a float.
COLD_START = {
    "funcdiff": "import funcdiff as L, funcdiff.numpy as N; L.grad(lambda x: N.exp(x) * (x + "
    "N.sin(x)))(2.0)",
    "autograd": "import autograd as L, autograd.numpy as N; L.grad(lambda x: N.exp(x) * (x + "
    "N.sin(x)))(2.0)",
    "jax": "import jax as L, jax.numpy as N; L.grad(lambda x: N.exp(x) * (x + N.sin(x)))(2.0)",
    "torch": "import torch as L, torch.func as F; F.grad(lambda x: L.exp(x) * (x + L.sin(x)))"
    "(L.tensor(2.0))",
}

# A jitted function's first call in a fresh process (its kernels already on disk from earlier
# runs): W2's chain on 10 elements, and W3's function at n = 1e6. Prints the seconds.
_FIRST_CALL = """
import time, numpy as np
{imports}
def chain(x):
    for _ in range(25):
        x = N.sin(x) * 0.9 + x * 0.1
    return N.sum(x)
def w3(x):
    return N.sum(N.exp(x) * (x + N.sin(x)))
f = L.jit(L.grad({fn}))
x = {array}(np.linspace(0.0, 1.0, {n}))
start = time.perf_counter()
{block}(f(x))
print(time.perf_counter() - start)
"""
_FIRST_CALL_LIBS = {
    "funcdiff.jit": ("import funcdiff as L, funcdiff.numpy as N", "np.asarray", "np.asarray"),
    "jax.jit": (
        "import jax as L, jax.numpy as N; L.config.update('jax_enable_x64', True)",
        "N.asarray",
        "L.block_until_ready",
    ),
}
FIRST_CALL = {
    (lib, label): _FIRST_CALL.format(imports=imports, fn=fn, n=n, array=array, block=block)
    for lib, (imports, array, block) in _FIRST_CALL_LIBS.items()
    for label, fn, n in (("W2 chain, 10 elements", "chain", 10), ("W3, n = 1e6", "w3", 10**6))
}
