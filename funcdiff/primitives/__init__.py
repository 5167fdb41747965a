"""Every primitive of funcdiff, one family per module, all recorded in ``REGISTRY``.

Rules refer to other families through this package at call time, so the import order below
only has to respect what each module uses while it is being imported.
"""

from funcdiff.primitives.autodiff import *  # noqa: F401,F403
from funcdiff.primitives.bessel import *  # noqa: F401,F403
from funcdiff.primitives.binary import *  # noqa: F401,F403
from funcdiff.primitives.binary_math import *  # noqa: F401,F403
from funcdiff.primitives.compare import *  # noqa: F401,F403
from funcdiff.primitives.eigen import *  # noqa: F401,F403
from funcdiff.primitives.factorizations import *  # noqa: F401,F403
from funcdiff.primitives.floating import *  # noqa: F401,F403
from funcdiff.primitives.incomplete_gamma import *  # noqa: F401,F403
from funcdiff.primitives.indexing import *  # noqa: F401,F403
from funcdiff.primitives.linalg import *  # noqa: F401,F403
from funcdiff.primitives.reductions import *  # noqa: F401,F403
from funcdiff.primitives.registry import REGISTRY, UndefinedPrimal, is_undefined  # noqa: F401
from funcdiff.primitives.shape import *  # noqa: F401,F403
from funcdiff.primitives.sorting import *  # noqa: F401,F403
from funcdiff.primitives.special import *  # noqa: F401,F403
from funcdiff.primitives.unary import *  # noqa: F401,F403
