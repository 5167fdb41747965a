"""funcdiff.scipy: SciPy names on funcdiff primitives."""

from funcdiff.scipy import special  # noqa: F401
