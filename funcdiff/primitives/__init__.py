"""Every primitive of funcdiff, one family per module, all recorded in ``REGISTRY``.

The families are imported in dependency order; rules refer to each other through this package
at call time, so a family may use primitives defined in a later one.
"""

from funcdiff.primitives.registry import REGISTRY, UndefinedPrimal, is_undefined  # noqa: F401
from funcdiff.primitives.binary import *  # noqa: F401,F403
from funcdiff.primitives.shape import *  # noqa: F401,F403
from funcdiff.primitives.reductions import *  # noqa: F401,F403
from funcdiff.primitives.unary import *  # noqa: F401,F403
from funcdiff.primitives.autodiff import *  # noqa: F401,F403
