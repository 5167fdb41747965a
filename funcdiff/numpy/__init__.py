"""funcdiff.numpy: NumPy's names, signatures and semantics, differentiable and batchable.

On plain arrays every function returns what NumPy returns; on traced values it binds
funcdiff primitives. Import it as ``import funcdiff.numpy as fnp``.
"""

from funcdiff.numpy._elementwise import *  # noqa: F403
from funcdiff.numpy import _methods

_methods.install(__import__(__name__, fromlist=["*"]))
