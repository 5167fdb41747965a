"""funcdiff: composable function transformations for automatic differentiation on NumPy.

>>> import funcdiff as fd, funcdiff.numpy as fnp
>>> round(float(fd.grad(fd.grad(lambda x: fnp.exp(x) * (x + fnp.sin(x))))(3.0)), 4)
60.6586
"""

from funcdiff import numpy, tree_util  # noqa: F401
from funcdiff._lazy import lazy_submodules as _lazy_submodules
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

# The profiler and test_util load on first use.
__getattr__, __dir__ = _lazy_submodules(__name__, ("profiler", "test_util"))

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
