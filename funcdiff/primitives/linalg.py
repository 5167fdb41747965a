"""Products: `dot_general`, the one contraction primitive behind dot, matmul, tensordot and
einsum, plus the vector 2-norm. Decompositions and FFTs live in sibling modules re-exported here.
"""

from __future__ import annotations

import math

import numpy as np

from funcdiff.core import ShapedArray, bind
from funcdiff.dtypes import float_dtype_for, result_type
from funcdiff.errors import ShapeError
from funcdiff.primitives import binary as bin_ops
from funcdiff.primitives import reductions as red
from funcdiff.primitives import shape as shp
from funcdiff.primitives.registry import aval_of, define, is_undefined, partials, vectorized_batch


# ----------------------------------------------------------------------------- dot_general
def _free_axes(ndim, contract, batch):
    return [i for i in range(ndim) if i not in contract and i not in batch]


def _dot_general_impl(x, y, *, dimension_numbers):
    (x_contract, y_contract), (x_batch, y_batch) = dimension_numbers
    x, y = np.asarray(x), np.asarray(y)
    x_ndim, y_ndim = x.ndim, y.ndim
    if not x_batch and len(x_contract) == 1 and x_ndim <= 2 and y_ndim <= 2:
        # The hot path (MLP layers and their transposes): one BLAS call on (transposed) views.
        if x_contract[0] != x_ndim - 1:
            x = x.T
        if y_contract[0] != 0:
            y = y.T
        return np.dot(x, y)
    x_free = _free_axes(x_ndim, x_contract, x_batch)
    y_free = _free_axes(y_ndim, y_contract, y_batch)
    batch_shape = tuple(x.shape[i] for i in x_batch)
    x_free_shape = tuple(x.shape[i] for i in x_free)
    y_free_shape = tuple(y.shape[i] for i in y_free)
    k = math.prod(x.shape[i] for i in x_contract)
    m, n = math.prod(x_free_shape), math.prod(y_free_shape)
    # Lay both operands out as (batch, rows, k) and (batch, k, cols) and use one BLAS call.
    x = x.transpose(tuple(x_batch) + tuple(x_free) + tuple(x_contract))
    y = y.transpose(tuple(y_batch) + tuple(y_contract) + tuple(y_free))
    if x_batch:
        b = math.prod(batch_shape)
        out = np.matmul(x.reshape(b, m, k), y.reshape(b, k, n))
    else:
        out = np.dot(x.reshape(m, k), y.reshape(k, n))
    return out.reshape(batch_shape + x_free_shape + y_free_shape)


def _dot_general_abstract_eval(x, y, *, dimension_numbers):
    (x_contract, y_contract), (x_batch, y_batch) = dimension_numbers
    for what, xs, ys in (("contracted", x_contract, y_contract), ("batch", x_batch, y_batch)):
        if [x.shape[i] for i in xs] != [y.shape[i] for i in ys]:
            raise ShapeError(
                f"dot_general: {what} axes {xs} of shape {x.shape} and {ys} of shape "
                f"{y.shape} have different sizes; the paired axes must match."
            )
    shape = (
        tuple(x.shape[i] for i in x_batch)
        + tuple(x.shape[i] for i in _free_axes(x.ndim, x_contract, x_batch))
        + tuple(y.shape[i] for i in _free_axes(y.ndim, y_contract, y_batch))
    )
    return ShapedArray(shape, result_type(x, y))


def _dot_general_jvp(primals, tangents, *, dimension_numbers):
    # Bilinear: d(x.y) = dx.y + x.dy, both terms the same contraction.
    (x, y), (x_dot, y_dot) = primals, tangents
    out = dot_general(x, y, dimension_numbers=dimension_numbers)
    terms = []
    if x_dot is not None:
        terms.append(dot_general(x_dot, y, dimension_numbers=dimension_numbers))
    if y_dot is not None:
        terms.append(dot_general(x, y_dot, dimension_numbers=dimension_numbers))
    if not terms:
        return out, None
    return out, terms[0] if len(terms) == 1 else bin_ops.add(terms[0], terms[1])


def _dot_general_transpose(ct, x, y, *, dimension_numbers):
    (x_contract, y_contract), (x_batch, y_batch) = dimension_numbers
    x_ndim, y_ndim = aval_of(x).ndim, aval_of(y).ndim
    x_free = _free_axes(x_ndim, x_contract, x_batch)
    y_free = _free_axes(y_ndim, y_contract, y_batch)
    nb = len(x_batch)
    ct_batch = tuple(range(nb))
    ct_x_free = tuple(range(nb, nb + len(x_free)))
    ct_y_free = tuple(range(nb + len(x_free), nb + len(x_free) + len(y_free)))
    x_ct = y_ct = None
    if is_undefined(x):
        # ct . y over y's free axes gives (batch, x free, y's contracted axes in y's order);
        # the paired x axes of that layout, argsorted, put x's axes back in place.
        dims = ((ct_y_free, tuple(y_free)), (ct_batch, tuple(y_batch)))
        x_ct = dot_general(ct, y, dimension_numbers=dims)
        order = list(x_batch) + x_free + [x_contract[i] for i in np.argsort(y_contract)]
        x_ct = _restore(x_ct, order, x.aval)
    if is_undefined(y):
        # x . ct over x's free axes gives (batch, x's contracted axes in x's order, y free).
        dims = ((tuple(x_free), ct_x_free), (tuple(x_batch), ct_batch))
        y_ct = dot_general(x, ct, dimension_numbers=dims)
        order = list(y_batch) + [y_contract[i] for i in np.argsort(x_contract)] + y_free
        y_ct = _restore(y_ct, order, y.aval)
    return [x_ct, y_ct]


def _restore(ct, order, aval):
    ct = shp.transpose(ct, permutation=tuple(np.argsort(order).tolist()))
    if aval_of(ct).dtype != aval.dtype:
        ct = bin_ops.convert_element_type(ct, new_dtype=aval.dtype)
    return ct


def _dot_general_batch(args, dims, *, dimension_numbers):
    (x, y), (x_bdim, y_bdim) = args, dims
    (x_contract, y_contract), (x_batch, y_batch) = dimension_numbers

    def shift(axes, bdim):
        return tuple(a + (a >= bdim) for a in axes) if bdim is not None else tuple(axes)

    x_contract, x_batch = shift(x_contract, x_bdim), shift(x_batch, x_bdim)
    y_contract, y_batch = shift(y_contract, y_bdim), shift(y_batch, y_bdim)
    if x_bdim is not None and y_bdim is not None:
        # Both mapped: the vmap axis becomes the leading batch axis of the contraction.
        dims_out = ((x_contract, y_contract), ((x_bdim,) + x_batch, (y_bdim,) + y_batch))
        return dot_general(x, y, dimension_numbers=dims_out), 0
    # One side mapped: its vmap axis is a free axis, so the other operand is never broadcast.
    dims_out = ((x_contract, y_contract), (x_batch, y_batch))
    nb = len(x_batch)
    if x_bdim is not None:
        x_free = _free_axes(np.ndim(x), x_contract, x_batch)
        out_bdim = nb + x_free.index(x_bdim)
    else:
        x_free = _free_axes(np.ndim(x), x_contract, x_batch)
        y_free = _free_axes(np.ndim(y), y_contract, y_batch)
        out_bdim = nb + len(x_free) + y_free.index(y_bdim)
    return dot_general(x, y, dimension_numbers=dims_out), out_bdim


dot_general_p = define(
    "dot_general",
    impl=_dot_general_impl,
    abstract_eval=_dot_general_abstract_eval,
    jvp=_dot_general_jvp,
    transpose=_dot_general_transpose,
    batch=_dot_general_batch,
)


def dot_general(x, y, *, dimension_numbers):
    """Contract ``x`` and ``y``: ``dimension_numbers = ((x_contract, y_contract), (x_batch,
    y_batch))``. The result's axes are the batch axes, then x's free axes, then y's."""
    (xc, yc), (xb, yb) = dimension_numbers
    dims = (
        (tuple(int(a) for a in xc), tuple(int(a) for a in yc)),
        (tuple(int(a) for a in xb), tuple(int(a) for a in yb)),
    )
    return bind(dot_general_p, x, y, dimension_numbers=dims)


# ----------------------------------------------------------------------------- norms
def _safe_reciprocal_impl(x):
    x = np.asarray(x)
    out = np.zeros_like(x, dtype=float_dtype_for(x.dtype))
    return np.divide(1, x, out=out, where=x != 0)


safe_reciprocal_p = define(
    "safe_reciprocal",
    impl=_safe_reciprocal_impl,
    abstract_eval=lambda x: ShapedArray(x.shape, float_dtype_for(x.dtype)),
    # (1/x)' = -1/x^2 = -out^2, which is also 0 where the output is the 0 stand-in.
    jvp=partials(lambda out, x: bin_ops.neg(bin_ops.mul(out, out))),
    batch=vectorized_batch,
)


def safe_reciprocal(x):
    """``1 / x`` where ``x != 0`` and 0 where ``x == 0`` (used where a 0/0 must be 0)."""
    return bind(safe_reciprocal_p, x)


def _norm2_impl(x, *, axes):
    x = np.asarray(x)
    if len(axes) == x.ndim and x.dtype.kind == "f":
        x = x.ravel()
        return np.sqrt(x.dot(x))  # as numpy.linalg.norm does for the default norm
    return np.sqrt(np.add.reduce(x * x, axis=axes))


def _norm2_jvp(primals, tangents, *, axes):
    # d|x| = <x, dx> / |x|; the reciprocal is 0 at |x| = 0, where <x, dx> is exactly 0 too,
    # so the derivative at the origin is 0 (the minimum-norm subgradient) instead of nan.
    (x,), (x_dot,) = primals, tangents
    out = norm2(x, axes=axes)
    inner = red.reduce_sum(bin_ops.mul(x, x_dot), axes=axes)
    return out, bin_ops.mul_safe(inner, safe_reciprocal(out))


def _norm2_batch(args, dims, *, axes):
    (x,), (x_bdim,) = args, dims
    new_axes = red.shift_axes_for_batch(axes, x_bdim)
    return norm2(x, axes=new_axes), x_bdim - sum(1 for a in new_axes if a < x_bdim)


norm2_p = define(
    "norm2",
    impl=_norm2_impl,
    abstract_eval=lambda x, *, axes: ShapedArray(
        tuple(n for i, n in enumerate(x.shape) if i not in axes), float_dtype_for(x.dtype)
    ),
    jvp=_norm2_jvp,
    batch=_norm2_batch,
)


def norm2(x, *, axes):
    """The Euclidean (Frobenius) norm of real ``x`` over ``axes``; its derivative at 0 is 0."""
    return bind(norm2_p, x, axes=tuple(sorted(int(a) for a in axes)))


# The sibling families import dot_general from here, so they load after it is defined.
from funcdiff.primitives import decompositions, fourier  # noqa: E402
from funcdiff.primitives.decompositions import *  # noqa: E402,F403
from funcdiff.primitives.fourier import *  # noqa: E402,F403

__all__ = (
    ["dot_general", "dot_general_p", "norm2", "norm2_p", "safe_reciprocal", "safe_reciprocal_p"]
    + decompositions.__all__
    + fourier.__all__
)
