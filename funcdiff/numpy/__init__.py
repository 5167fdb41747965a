"""funcdiff.numpy: NumPy's names, signatures and semantics, differentiable and batchable.

On plain arrays every function returns what NumPy returns; on traced values it binds
funcdiff primitives. Import it as ``import funcdiff.numpy as fnp``.
"""

from numpy import (  # noqa: F401 - dtypes and constants are NumPy's own
    bool_,
    complex64,
    complex128,
    dtype,
    e,
    euler_gamma,
    finfo,
    float16,
    float32,
    float64,
    iinfo,
    inf,
    int8,
    int16,
    int32,
    int64,
    nan,
    ndarray,
    newaxis,
    pi,
    uint8,
)

from funcdiff._lazy import lazy_submodules as _lazy_submodules
from funcdiff.numpy import _methods
from funcdiff.numpy._calculus import *  # noqa: F403
from funcdiff.numpy._creation import *  # noqa: F403
from funcdiff.numpy._dtype_utils import *  # noqa: F403
from funcdiff.numpy._elementwise import *  # noqa: F403
from funcdiff.numpy._floating import *  # noqa: F403
from funcdiff.numpy._histograms import *  # noqa: F403
from funcdiff.numpy._indexing import *  # noqa: F403
from funcdiff.numpy._manipulation import *  # noqa: F403
from funcdiff.numpy._nanfunctions import *  # noqa: F403
from funcdiff.numpy._products import *  # noqa: F403
from funcdiff.numpy._reductions import *  # noqa: F403
from funcdiff.numpy._searching import *  # noqa: F403
from funcdiff.numpy._selection import *  # noqa: F403
from funcdiff.numpy._sets import *  # noqa: F403
from funcdiff.numpy._shape import *  # noqa: F403
from funcdiff.numpy._statistics import *  # noqa: F403
from funcdiff.numpy._unary import *  # noqa: F403

_methods.install(__import__(__name__, fromlist=["*"]))

# fnp.linalg and fnp.fft load on first use: programs that need neither never pay for them.
__getattr__, __dir__ = _lazy_submodules(__name__, ("fft", "linalg"))
