"""funcdiff: composable function transformations for automatic differentiation on NumPy.

>>> import funcdiff as fd, funcdiff.numpy as fnp
>>> round(float(fd.grad(fd.grad(lambda x: fnp.exp(x) * (x + fnp.sin(x))))(3.0)), 4)
60.6586
"""

from funcdiff import numpy, tree_util  # noqa: F401
from funcdiff.primitives.autodiff import stop_gradient
from funcdiff.transforms.checkpoint import checkpoint
from funcdiff.transforms.custom import custom_jvp, custom_vjp
from funcdiff.transforms.jacobians import (
    elementwise_grad,
    hessian,
    hvp,
    jacfwd,
    jacobian,
    jacrev,
    vhp,
)
from funcdiff.transforms.jit import jit
from funcdiff.transforms.jvp import jvp
from funcdiff.transforms.linearize import linearize
from funcdiff.transforms.staging import make_jaxpr
from funcdiff.transforms.vjp import grad, value_and_grad, vjp
from funcdiff.transforms.vmap import vmap

remat = checkpoint

__version__ = "0.1.0"

# Loaded on first use, so that `import funcdiff` stays light (cold start is a benchmark).
_LAZY_SUBMODULES = ("profiler", "test_util")


def __getattr__(name):
    if name in _LAZY_SUBMODULES:
        import importlib

        return importlib.import_module(f"funcdiff.{name}")
    raise AttributeError(f"module 'funcdiff' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY_SUBMODULES])


__all__ = [
    "checkpoint",
    "custom_jvp",
    "custom_vjp",
    "elementwise_grad",
    "grad",
    "hessian",
    "hvp",
    "jacfwd",
    "jacobian",
    "jacrev",
    "jit",
    "jvp",
    "linearize",
    "make_jaxpr",
    "remat",
    "stop_gradient",
    "value_and_grad",
    "vhp",
    "vjp",
    "vmap",
]
