"""Exception classes for every misuse funcdiff detects.

Each class subclasses ``TypeError`` or ``ValueError`` so that generic handlers keep working,
while tests and users can catch the precise problem.
"""


class FuncdiffError(Exception):
    """Base class of every error raised deliberately by funcdiff."""


class NonScalarOutputError(FuncdiffError, TypeError):
    """``grad`` was asked to differentiate a function whose output is not a real scalar."""


class NonFloatInputError(FuncdiffError, TypeError):
    """A differentiated input has an integer, boolean or complex dtype; a real float is needed."""


class ArgnumsError(FuncdiffError, ValueError):
    """``argnums`` names a positional argument the function was not called with."""


class HasAuxError(FuncdiffError, TypeError):
    """``has_aux=True`` was given but the function did not return an ``(output, aux)`` pair."""


class InPlaceUpdateError(FuncdiffError, TypeError):
    """Item assignment on a traced array; arrays under a transform are immutable."""


class UnexpectedTracerError(FuncdiffError, TypeError):
    """A tracer escaped the transform that created it and was used after it finished."""


class ConcretizationError(FuncdiffError, TypeError):
    """Python control flow or conversion needed a concrete value, but the value is traced."""


class BatchSizeError(FuncdiffError, ValueError):
    """``vmap`` inputs disagree on the size of the mapped axis, or no size can be inferred."""


class AxisError(FuncdiffError, ValueError):
    """An ``in_axes``/``out_axes`` spec or an array axis is out of range or malformed."""


class TreeMismatchError(FuncdiffError, ValueError):
    """Two pytrees that must share a structure do not (tangents vs primals, in_axes vs args)."""


class ShapeError(FuncdiffError, ValueError):
    """Operand shapes are incompatible (broadcasting, matmul, reshape, cotangent shape)."""


class DtypeError(FuncdiffError, TypeError):
    """A tangent or cotangent has a dtype that does not match its primal."""


class CustomRuleError(FuncdiffError, TypeError):
    """A ``custom_jvp``/``custom_vjp`` rule is missing or returned values of the wrong structure."""


class OrderError(FuncdiffError, ValueError):
    """A memory order other than C was requested; funcdiff arrays are always C-ordered."""


class ValueDomainError(FuncdiffError, ValueError):
    """An argument value is outside what the operation accepts (as NumPy would refuse it)."""


class EinsumError(FuncdiffError, ValueError):
    """An einsum subscript string is malformed or uses a form funcdiff does not support."""


class OptionError(FuncdiffError, ValueError):
    """An option such as a norm's ``ord`` or an FFT's ``norm`` has an unsupported value."""


class NonDifferentiableError(FuncdiffError, TypeError):
    """A derivative was asked for with respect to an argument the function has none in
    (``gammainc``'s shape parameter, a primitive without a transpose rule in a linear
    program); wrap that argument in ``fd.stop_gradient`` or differentiate another one."""
