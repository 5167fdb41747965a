"""Dense linear algebra on stacks of matrices ``(..., n, n)``: det, slogdet, inv, solve,
cholesky and eigh, with derivative rules written in terms of solves and products.
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, bind
from funcdiff.dtypes import float_dtype_for, result_type
from funcdiff.primitives import binary as bin_ops
from funcdiff.primitives import reductions as red
from funcdiff.primitives import shape as shp
from funcdiff.primitives.linalg import dot_general, safe_reciprocal
from funcdiff.primitives.registry import (
    aval_of,
    define,
    is_undefined,
    move_axis_to_front,
    stack_batch,
)


# ----------------------------------------------------------------------------- helpers
def matmul_stack(a, b):
    """``a @ b`` for stacks with the same leading axes (a contraction with batch axes)."""
    nd = aval_of(a).ndim
    lead = tuple(range(nd - 2))
    return dot_general(a, b, dimension_numbers=(((nd - 1,), (nd - 2,)), (lead, lead)))


def matrix_transpose(a):
    """Swap the last two axes of ``a``."""
    nd = aval_of(a).ndim
    return shp.transpose(a, permutation=tuple(range(nd - 2)) + (nd - 1, nd - 2))


def _symmetrize(a_dot):
    # The decompositions read one triangle of a symmetric input; their rules differentiate
    # the symmetric function A -> f((A + A^T) / 2), which agrees with them on symmetric inputs.
    return bin_ops.mul(bin_ops.add(a_dot, matrix_transpose(a_dot)), 0.5)


def _trace_of_product(a_inv, a_dot):
    # trace(A^-1 dA) = sum_ij (A^-1)^T_ij dA_ij, linear in dA.
    nd = aval_of(a_dot).ndim
    return red.reduce_sum(bin_ops.mul(matrix_transpose(a_inv), a_dot), axes=(nd - 2, nd - 1))


def _square_aval(x, out_shape):
    return ShapedArray(out_shape, float_dtype_for(x.dtype))


# ----------------------------------------------------------------------------- det / slogdet
def _det_jvp(primals, tangents):
    # d det(A) = det(A) trace(A^-1 dA)
    (x,), (x_dot,) = primals, tangents
    out = det(x)
    return out, bin_ops.mul_safe(out, _trace_of_product(inv(x), x_dot))


det_p = define(
    "det",
    impl=np.linalg.det,
    abstract_eval=lambda x: _square_aval(x, x.shape[:-2]),
    jvp=_det_jvp,
    batch=stack_batch,
)


def det(x):
    """Determinant of each matrix in a stack ``(..., n, n)``."""
    return bind(det_p, x)


def _slogdet_jvp(primals, tangents):
    # The sign is locally constant; d log|det A| = trace(A^-1 dA).
    (x,), (x_dot,) = primals, tangents
    sign, logabsdet = slogdet(x)
    return [sign, logabsdet], [None, _trace_of_product(inv(x), x_dot)]


slogdet_p = define(
    "slogdet",
    impl=lambda x: list(np.linalg.slogdet(x)),
    abstract_eval=lambda x: [_square_aval(x, x.shape[:-2])] * 2,
    jvp=_slogdet_jvp,
    batch=stack_batch,
    multiple_results=True,
)


def slogdet(x):
    """``[sign, log|det|]`` of each matrix in a stack."""
    return bind(slogdet_p, x)


# ----------------------------------------------------------------------------- inv / solve
def _inv_jvp(primals, tangents):
    # d A^-1 = -A^-1 dA A^-1
    (x,), (x_dot,) = primals, tangents
    out = inv(x)
    return out, bin_ops.neg(matmul_stack(out, matmul_stack(x_dot, out)))


inv_p = define(
    "inv",
    impl=np.linalg.inv,
    abstract_eval=lambda x: _square_aval(x, x.shape),
    jvp=_inv_jvp,
    batch=stack_batch,
)


def inv(x):
    """Inverse of each matrix in a stack."""
    return bind(inv_p, x)


def _solve_jvp(primals, tangents):
    # A X = B  =>  A dX = dB - dA X, one more solve with the same A.
    (a, b), (a_dot, b_dot) = primals, tangents
    out = solve(a, b)
    rhs = b_dot
    if a_dot is not None:
        term = matmul_stack(a_dot, out)
        rhs = bin_ops.neg(term) if rhs is None else bin_ops.sub(rhs, term)
    return out, solve(a, rhs)


def _solve_transpose(ct, a, b):
    # Linear in b only: the adjoint of B -> A^-1 B is C -> A^-T C.
    assert is_undefined(b) and not is_undefined(a), "solve is linear in its right side only"
    b_ct = solve(matrix_transpose(a), ct)
    if aval_of(b_ct).dtype != b.aval.dtype:
        b_ct = bin_ops.convert_element_type(b_ct, new_dtype=b.aval.dtype)
    return [None, b_ct]


def _solve_batch(args, dims):
    (a, b), (a_bdim, b_bdim) = args, dims
    if a_bdim is None:
        # Only the right side is mapped: its examples become extra columns of one solve.
        nd = np.ndim(b)
        b = shp.transpose(b, permutation=tuple(i for i in range(nd) if i != b_bdim) + (b_bdim,))
        shape = aval_of(b).shape
        out = solve(a, shp.reshape(b, new_shape=shape[:-2] + (shape[-2] * shape[-1],)))
        return shp.reshape(out, new_shape=shape), nd - 1
    a = move_axis_to_front(a, a_bdim)
    size = aval_of(a).shape[0]
    if b_bdim is None:
        b_shape = aval_of(b).shape
        b = shp.broadcast_to(shp.reshape(b, new_shape=(1,) + b_shape), shape=(size,) + b_shape)
    else:
        b = move_axis_to_front(b, b_bdim)
    return solve(a, b), 0


solve_p = define(
    "solve",
    impl=np.linalg.solve,
    abstract_eval=lambda a, b: ShapedArray(b.shape, float_dtype_for(result_type(a, b))),
    jvp=_solve_jvp,
    transpose=_solve_transpose,
    batch=_solve_batch,
)


def solve(a, b):
    """``A^-1 B`` for stacks ``a`` of shape ``(..., n, n)`` and ``b`` of ``(..., n, k)`` with
    the same leading axes (the facade broadcasts them and handles vector right sides)."""
    return bind(solve_p, a, b)


# ----------------------------------------------------------------------------- cholesky
def _tril_half_mask(n, dtype):
    # Phi(S): the lower triangle of S with its diagonal halved, as a constant mask.
    mask = np.tril(np.ones((n, n), dtype))
    mask[np.diag_indices(n)] = 0.5
    return mask


def _cholesky_jvp(primals, tangents):
    # A = L L^T  =>  dL = L Phi(L^-1 dA L^-T), Phi = lower triangle with half the diagonal.
    (x,), (x_dot,) = primals, tangents
    low = cholesky(x)
    left = solve(low, _symmetrize(x_dot))  # L^-1 dA
    inner = matrix_transpose(solve(low, matrix_transpose(left)))  # L^-1 dA L^-T
    aval = aval_of(low)
    phi = bin_ops.mul(inner, _tril_half_mask(aval.shape[-1], aval.dtype))
    return low, matmul_stack(low, phi)


cholesky_p = define(
    "cholesky",
    impl=np.linalg.cholesky,
    abstract_eval=lambda x: _square_aval(x, x.shape),
    jvp=_cholesky_jvp,
    batch=stack_batch,
)


def cholesky(x):
    """Lower Cholesky factor of each symmetric positive definite matrix in a stack."""
    return bind(cholesky_p, x)


# ----------------------------------------------------------------------------- eigh
def _eigh_jvp(primals, tangents, *, uplo):
    # With A V = V diag(w) and P = V^T dA V: dw = diag(P), dV = V (F * P) where
    # F_ij = 1 / (w_j - w_i) off the diagonal and 0 on it (distinct eigenvalues only).
    (x,), (x_dot,) = primals, tangents
    w, v = eigh(x, uplo=uplo)
    proj = matmul_stack(matrix_transpose(v), matmul_stack(_symmetrize(x_dot), v))
    w_shape = aval_of(w).shape
    n = w_shape[-1]
    eye = np.eye(n, dtype=aval_of(proj).dtype)
    w_dot = red.reduce_sum(bin_ops.mul(proj, eye), axes=(len(w_shape),))
    gaps = bin_ops.sub(
        shp.reshape(w, new_shape=w_shape[:-1] + (1, n)),
        shp.reshape(w, new_shape=w_shape + (1,)),
    )
    v_dot = matmul_stack(v, bin_ops.mul_safe(safe_reciprocal(gaps), proj))
    return [w, v], [w_dot, v_dot]


eigh_p = define(
    "eigh",
    impl=lambda x, *, uplo: list(np.linalg.eigh(x, UPLO=uplo)),
    abstract_eval=lambda x, *, uplo: [
        _square_aval(x, x.shape[:-1]),
        _square_aval(x, x.shape),
    ],
    jvp=_eigh_jvp,
    batch=stack_batch,
    multiple_results=True,
)


def eigh(x, *, uplo="L"):
    """``[w, v]``: ascending eigenvalues and eigenvectors of symmetric matrices in a stack."""
    return bind(eigh_p, x, uplo=uplo)


__all__ = [
    "cholesky",
    "cholesky_p",
    "det",
    "det_p",
    "eigh",
    "eigh_p",
    "inv",
    "inv_p",
    "matmul_stack",
    "matrix_transpose",
    "slogdet",
    "slogdet_p",
    "solve",
    "solve_p",
]
