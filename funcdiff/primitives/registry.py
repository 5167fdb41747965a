"""The primitive registry: `define` builds a primitive from its rules and records it, and the
helpers here write the common rules (elementwise JVPs, linear JVPs, batching by broadcasting).

Rule signatures, shared by every primitive:
    impl(*arrays, **params) -> array                    (plain NumPy values)
    abstract_eval(*avals, **params) -> ShapedArray
    jvp(primals, tangents, **params) -> (out, out_dot)  (a tangent of None is a symbolic zero)
    transpose(ct, *args, **params) -> [ct per arg]      (linear args are UndefinedPrimal)
    batch(args, dims, **params) -> (out, out_dim)       (a dim of None means unbatched)
"""

from __future__ import annotations

import numpy as np

from funcdiff import kernels
from funcdiff.core import Primitive, ShapedArray, bind, get_aval
from funcdiff.dtypes import is_float, result_type
from funcdiff.jaxpr import UndefinedPrimal  # noqa: F401 - re-exported for transpose rules

REGISTRY: dict[str, Primitive] = {}


def define(
    name,
    *,
    impl,
    abstract_eval,
    jvp,
    batch,
    transpose=None,
    multiple_results=False,
    elementwise=False,
    kernel=None,
):
    """Create, register and return the primitive ``name`` from its rules.

    ``jvp`` may be a rule or a factory marked ``needs_prim`` (``linear_jvp``, ``zero_jvp``,
    ``partials(...)``); factories receive the primitive. Giving ``transpose`` declares the
    primitive linear in its float operands.

    >>> "add" in REGISTRY and REGISTRY["add"].transpose is not None
    True
    """
    if name in REGISTRY:
        raise ValueError(f"primitive {name!r} is defined twice")
    prim = Primitive(name, multiple_results)
    prim.elementwise = elementwise
    prim.kernel = kernel
    # Large arrays go to the Numba kernel named ``kernel``, small ones straight to ``impl``.
    prim.impl = kernels.dispatching(impl, kernel) if elementwise and kernel else impl
    prim.abstract_eval = abstract_eval
    prim.jvp = jvp(prim) if getattr(jvp, "needs_prim", False) else jvp
    prim.batch = batch(prim) if getattr(batch, "needs_prim", False) else batch
    prim.transpose = transpose
    prim.linear = transpose is not None
    REGISTRY[name] = prim
    return prim


def _factory(fn):
    fn.needs_prim = True
    return fn


# ----------------------------------------------------------------------------- abstract eval
def same_aval(x, **params):
    """Abstract eval of a primitive whose output has its first operand's shape and dtype."""
    return ShapedArray(x.shape, x.dtype)


def broadcasting_aval(*avals, **params):
    """Abstract eval of an elementwise n-ary op: NumPy broadcasting and dtype promotion."""
    shape = avals[0].shape
    for aval in avals[1:]:
        other = aval.shape
        # Scalars and equal shapes are the common cases; np.broadcast_shapes costs ~3 µs.
        if other == shape or other == ():
            continue
        shape = other if shape == () else broadcast_shapes(shape, other)
    return ShapedArray(shape, result_type(*avals))


def broadcast_shapes(*shapes):
    """NumPy's broadcast of shapes, raising funcdiff's ShapeError with both shapes named."""
    from funcdiff.errors import ShapeError

    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        raise ShapeError(
            f"operands could not be broadcast together with shapes {' '.join(map(str, shapes))}"
        ) from None


# ----------------------------------------------------------------------------- jvp helpers
@_factory
def zero_jvp(prim):
    """JVP of a primitive with no derivative (comparisons, floor, argmax...): a zero tangent."""

    def rule(primals, tangents, **params):
        return bind(prim, *primals, **params), None

    return rule


@_factory
def linear_jvp(prim):
    """JVP of a primitive linear in its float operands: apply it to the tangents.

    Non-float operands (indices, masks) are passed through as they are; float operands with
    a symbolic-zero tangent get explicit zeros.
    """

    def rule(primals, tangents, **params):
        out = bind(prim, *primals, **params)
        args = []
        for x, t in zip(primals, tangents):
            if t is not None:
                args.append(t)
            elif is_float(get_aval(x).dtype):
                args.append(zeros_like(x))
            else:
                args.append(x)
        return out, bind(prim, *args, **params)

    return rule


def partials(*derivs):
    """JVP of an elementwise op from one partial derivative per operand.

    Each ``deriv(out, *primals)`` returns the partial (or None for the constant 1); the
    tangent is the sum of ``tangent_i * partial_i``, multiplied with ``mul_safe`` so that a
    zero tangent annihilates an infinite partial (this keeps ``fnp.where`` NaN-free).
    """

    @_factory
    def factory(prim):
        fused = prim.kernel if prim.kernel in kernels.EAGER_FUSED else None

        def rule(primals, tangents, **params):
            ops = _OPS or _ops()
            x = primals[0]
            factors = None
            # Plain arrays above the kernel threshold: the value and every partial in one pass
            # over memory (sin -> sin, cos), instead of impl + one pass per partial.
            if fused is not None and type(x) is np.ndarray and x.size >= kernels.config.threshold:
                res = kernels.fused(fused, primals, background=True)
                if res is not None:
                    out, factors = res
            if factors is None:
                out = bind(prim, *primals, **params)
            out_dot = None
            for i, (t, deriv) in enumerate(zip(tangents, derivs)):
                if t is None:
                    continue
                factor = deriv(out, *primals, **params) if factors is None else factors[i]
                term = t if factor is None else ops.mul_safe(t, factor)
                out_dot = term if out_dot is None else ops.add(out_dot, term)
            if out_dot is not None:
                out_dot = match_aval(out_dot, get_aval(out))
            return out, out_dot

        return rule

    return factory


def match_aval(x, aval):
    """Broadcast and cast ``x`` to ``aval`` (a tangent term to its output's type)."""
    x_aval = get_aval(x)
    if x_aval.dtype != aval.dtype:
        x = _ops().convert_element_type(x, new_dtype=aval.dtype)
    if x_aval.shape != aval.shape:
        x = _ops().broadcast_to(x, shape=aval.shape)
    return x


# ----------------------------------------------------------------------------- transpose helpers
def is_undefined(x) -> bool:
    """True for the linear operand(s) of a transpose rule."""
    return isinstance(x, UndefinedPrimal)


def aval_of(x):
    """The abstract value of an operand or of an UndefinedPrimal."""
    return x.aval if isinstance(x, UndefinedPrimal) else get_aval(x)


# ----------------------------------------------------------------------------- batching helpers
@_factory
def stack_batch(prim):
    """Batching of a one-operand op that already takes stacks (leading axes of matrices, as
    NumPy's linalg does): the batch axis moves to the front and stays there in every output."""

    def rule(args, dims, **params):
        (x,), (x_bdim,) = args, dims
        out = bind(prim, move_axis_to_front(x, x_bdim), **params)
        return out, ([0] * len(out) if prim.multiple_results else 0)

    return rule


@_factory
def vectorized_batch(prim):
    """Batching of a unary op that acts elementwise: the batch axis passes straight through."""

    def rule(args, dims, **params):
        (x,), (x_bdim,) = args, dims
        return bind(prim, x, **params), x_bdim

    return rule


@_factory
def broadcasting_batch(prim):
    """Batching of an n-ary NumPy-broadcasting op: batch axes go first, ranks are aligned."""

    def rule(args, dims, **params):
        return bind(prim, *align_batched(args, dims), **params), 0

    return rule


def align_batched(args, dims):
    """Move batch axes to the front and pad ranks so NumPy broadcasting lines them up.

    Unbatched operands stay as they are (no broadcast against the batch).
    """
    ranks = [np.ndim(x) if d is None else np.ndim(x) - 1 for x, d in zip(args, dims)]
    out_rank = max(ranks)
    aligned = []
    for x, d, r in zip(args, dims, ranks):
        if d is None:
            aligned.append(x)
            continue
        x = move_axis_to_front(x, d)
        if r < out_rank:
            shape = get_aval(x).shape
            x = _ops().reshape(x, new_shape=(shape[0],) + (1,) * (out_rank - r) + shape[1:])
        aligned.append(x)
    return aligned


def move_axis_to_front(x, axis):
    """``x`` with ``axis`` moved to position 0 (a no-op when it is already there)."""
    if axis == 0:
        return x
    ndim = np.ndim(x)
    perm = (axis,) + tuple(i for i in range(ndim) if i != axis)
    return _ops().transpose(x, permutation=perm)


def zeros_like(x):
    """Zeros with the shape and dtype of ``x`` or of an aval (a plain array, whatever ``x`` is)."""
    aval = x if type(x) is ShapedArray else get_aval(x)
    # 0-d zeros are NumPy scalars, as NumPy's own 0-d results are.
    return np.zeros(aval.shape, aval.dtype) if aval.shape else aval.dtype.type(0)


_OPS = None


def _ops():
    # The arithmetic and shape primitives are defined in sibling modules that import this one;
    # the package module exposes them all once loaded. Cached: an import statement per rule
    # call cost 0.3 µs.
    global _OPS
    from funcdiff import primitives

    _OPS = primitives
    return primitives
