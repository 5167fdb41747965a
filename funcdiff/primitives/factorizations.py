"""Factorizations of stacks of matrices ``(..., m, n)``: QR, SVD, the pseudo-inverse and least
squares, with derivative rules written in terms of products, solves and themselves.
"""

from __future__ import annotations

import numpy as np
from numpy.linalg import _umath_linalg

from funcdiff.core import ShapedArray, bind
from funcdiff.dtypes import float_dtype_for, result_type
from funcdiff.errors import OptionError
from funcdiff.primitives import binary as bin_ops
from funcdiff.primitives import reductions as red
from funcdiff.primitives import shape as shp

# Through linalg, which loads the decompositions family after defining dot_general.
from funcdiff.primitives.linalg import matmul_stack, matrix_transpose, safe_reciprocal, solve
from funcdiff.primitives.registry import aval_of, define, move_axis_to_front, stack_batch


# ----------------------------------------------------------------------------- helpers
def _mm(*xs):
    out = xs[0]
    for x in xs[1:]:
        out = matmul_stack(out, x)
    return out


def _diag_part(p):
    # The diagonal of each k x k matrix in a stack, as a (..., k) array.
    shape = aval_of(p).shape
    eye = np.eye(shape[-1], dtype=aval_of(p).dtype)
    return red.reduce_sum(bin_ops.mul(p, eye), axes=(len(shape) - 1,))


def _symmetrize(x_dot):
    # Hermitian routines read one triangle: differentiate A -> f((A + A^T) / 2) instead.
    return bin_ops.mul(bin_ops.add(x_dot, matrix_transpose(x_dot)), 0.5)


def _first_cols(x, stop):
    shape = aval_of(x).shape
    return shp.static_slice(x, starts=(0,) * len(shape), limits=shape[:-1] + (stop,))


def _last_cols(x, start):
    shape = aval_of(x).shape
    starts = (0,) * (len(shape) - 1) + (start,)
    return shp.static_slice(x, starts=starts, limits=shape)


def _float_aval(x, shape):
    return ShapedArray(shape, float_dtype_for(x.dtype))


# ----------------------------------------------------------------------------- qr
def _qr_abstract_eval(x, *, mode):
    *lead, m, n = x.shape
    k = m if mode == "complete" else min(m, n)
    return [_float_aval(x, (*lead, m, k)), _float_aval(x, (*lead, k, n))]


def _qr_jvp(primals, tangents, *, mode):
    # A = QR with k = min(m, n) and the first k columns A_1 = Q R_1 (R_1 square). With
    # C = Q^T dA_1 R_1^-1, Q^T dQ is antisymmetric and dR_1 R_1^-1 upper triangular, so
    # Q^T dQ = Omega = tril(C, -1) - tril(C, -1)^T, dR_1 = (C - Omega) R_1 and
    # dQ = dA_1 R_1^-1 - Q (C - Omega). Wide inputs add dR_2 = dQ^T A_2 + Q^T dA_2.
    (x,), (x_dot,) = primals, tangents
    *_, m, n = aval_of(x).shape
    if mode == "complete" and m > n:
        raise OptionError(
            f"linalg.qr: mode='complete' on a tall input ({m} x {n}) has no derivative, since "
            "its last m - n columns of Q are not unique; use mode='reduced' (the default)."
        )
    q, r = qr(x, mode=mode)
    k = min(m, n)
    r1 = _first_cols(r, k)
    dx_rinv = matrix_transpose(solve(matrix_transpose(r1), matrix_transpose(_first_cols(x_dot, k))))
    c = matmul_stack(matrix_transpose(q), dx_rinv)
    low = bin_ops.mul(c, np.tril(np.ones((k, k), aval_of(c).dtype), -1))
    c_minus_omega = bin_ops.sub(c, bin_ops.sub(low, matrix_transpose(low)))
    q_dot = bin_ops.sub(dx_rinv, matmul_stack(q, c_minus_omega))
    r_dot = matmul_stack(c_minus_omega, r1)
    if n > k:
        rest = bin_ops.add(
            _mm(matrix_transpose(q_dot), _last_cols(x, k)),
            _mm(matrix_transpose(q), _last_cols(x_dot, k)),
        )
        r_dot = shp.concatenate(r_dot, rest, axis=len(aval_of(x).shape) - 1)
    return [q, r], [q_dot, r_dot]


qr_p = define(
    "qr",
    impl=lambda x, *, mode: list(np.linalg.qr(x, mode=mode)),
    abstract_eval=_qr_abstract_eval,
    jvp=_qr_jvp,
    batch=stack_batch,
    multiple_results=True,
)


def qr(x, *, mode="reduced"):
    """``[q, r]`` of each matrix in a stack; ``mode`` is 'reduced' or 'complete'."""
    return bind(qr_p, x, mode=mode)


# ----------------------------------------------------------------------------- svd
def _svd_impl(x, *, full_matrices, compute_uv, hermitian):
    out = np.linalg.svd(x, full_matrices=full_matrices, compute_uv=compute_uv, hermitian=hermitian)
    return list(out) if compute_uv else [out]


def _svd_abstract_eval(x, *, full_matrices, compute_uv, hermitian):
    *lead, m, n = x.shape
    k = min(m, n)
    s = ShapedArray((*lead, k), float_dtype_for(x.dtype))
    if not compute_uv:
        return [s]
    cols, rows = (m, n) if full_matrices else (k, k)
    return [_float_aval(x, (*lead, m, cols)), s, _float_aval(x, (*lead, rows, n))]


def _svd_jvp(primals, tangents, *, full_matrices, compute_uv, hermitian):
    # Real A = U S V^T (k = min(m, n) columns) and P = U^T dA V: dS = diag(P),
    # dU = U (F o (P S + S P^T)) + (I - U U^T) dA V S^-1 and
    # dV = V (F o (S P + P^T S)) + (I - V V^T) dA^T U S^-1, F_ij = 1 / (s_j^2 - s_i^2) off
    # the diagonal and 0 on it: valid for distinct nonzero singular values.
    (x,), (x_dot,) = primals, tangents
    *lead, m, n = aval_of(x).shape
    if compute_uv and full_matrices and m != n:
        raise OptionError(
            f"linalg.svd: full_matrices=True on a {m} x {n} input has no derivative, since the "
            "extra singular vectors are not unique; use full_matrices=False."
        )
    if hermitian:
        x_dot = _symmetrize(x_dot)
    params = dict(full_matrices=full_matrices, compute_uv=compute_uv, hermitian=hermitian)
    out = svd(x, **params)
    u, s, vh = out if compute_uv else svd(x, full_matrices=False, hermitian=hermitian)
    v = matrix_transpose(vh)
    proj = _mm(matrix_transpose(u), x_dot, v)
    s_dot = _diag_part(proj)
    if not compute_uv:
        return out, [s_dot]
    k = min(m, n)
    s_row = shp.reshape(s, new_shape=(*lead, 1, k))
    s_col = shp.reshape(s, new_shape=(*lead, k, 1))
    f = safe_reciprocal(bin_ops.sub(bin_ops.mul(s_row, s_row), bin_ops.mul(s_col, s_col)))
    ps, sp = bin_ops.mul(proj, s_row), bin_ops.mul(s_col, proj)
    u_dot = matmul_stack(u, bin_ops.mul_safe(bin_ops.add(ps, matrix_transpose(ps)), f))
    v_dot = matmul_stack(v, bin_ops.mul_safe(bin_ops.add(sp, matrix_transpose(sp)), f))
    s_inv = safe_reciprocal(s_row)
    if m > n:
        dav = matmul_stack(x_dot, v)
        resid = bin_ops.sub(dav, _mm(u, matrix_transpose(u), dav))
        u_dot = bin_ops.add(u_dot, bin_ops.mul_safe(resid, s_inv))
    elif n > m:
        dau = matmul_stack(matrix_transpose(x_dot), u)
        resid = bin_ops.sub(dau, _mm(v, vh, dau))
        v_dot = bin_ops.add(v_dot, bin_ops.mul_safe(resid, s_inv))
    return out, [u_dot, s_dot, matrix_transpose(v_dot)]


svd_p = define(
    "svd",
    impl=_svd_impl,
    abstract_eval=_svd_abstract_eval,
    jvp=_svd_jvp,
    batch=stack_batch,
    multiple_results=True,
)


def svd(x, *, full_matrices=False, compute_uv=True, hermitian=False):
    """``[u, s, vh]`` (or ``[s]`` without ``compute_uv``) of each matrix in a stack."""
    return bind(svd_p, x, full_matrices=full_matrices, compute_uv=compute_uv, hermitian=hermitian)


# ----------------------------------------------------------------------------- pinv
def _pinv_dot(x, p, x_dot):
    # For constant rank: dA+ = -A+ dA A+ + A+ A+^T dA^T (I - A A+) + (I - A+ A) dA^T A+^T A+.
    pt, dt = matrix_transpose(p), matrix_transpose(x_dot)
    first = bin_ops.neg(_mm(p, x_dot, p))
    second = _mm(p, pt, bin_ops.sub(dt, _mm(dt, x, p)))
    tail = _mm(dt, pt, p)
    third = bin_ops.sub(tail, _mm(p, x, tail))
    return bin_ops.add(bin_ops.add(first, second), third)


def _pinv_jvp(primals, tangents, *, rcond, hermitian):
    (x,), (x_dot,) = primals, tangents
    if hermitian:
        x_dot = _symmetrize(x_dot)
    out = pinv(x, rcond=rcond, hermitian=hermitian)
    return out, _pinv_dot(x, out, x_dot)


pinv_p = define(
    "pinv",
    impl=lambda x, *, rcond, hermitian: np.linalg.pinv(x, rcond=rcond, hermitian=hermitian),
    abstract_eval=lambda x, **p: _float_aval(x, x.shape[:-2] + x.shape[:-3:-1]),
    jvp=_pinv_jvp,
    batch=stack_batch,
)


def pinv(x, *, rcond, hermitian=False):
    """Moore-Penrose pseudo-inverse of each matrix in a stack, singular values at or below
    ``rcond`` times the largest treated as zero; its derivative assumes a constant rank."""
    return bind(pinv_p, x, rcond=float(rcond), hermitian=hermitian)


# ----------------------------------------------------------------------------- lstsq
def _lstsq_impl(a, b, *, rcond):
    # NumPy's own LAPACK gufunc (gelsd) in double precision, which also takes stacks; NumPy's
    # lstsq wraps it for 2-D inputs only.
    a, b = np.asarray(a), np.asarray(b)
    out_t = float_dtype_for(np.result_type(a, b))
    work_t = np.complex128 if out_t.kind == "c" else np.float64
    sig = "DDd->Ddid" if out_t.kind == "c" else "ddd->ddid"
    real_t = np.empty(0, out_t).real.dtype
    with np.errstate(over="ignore", divide="ignore", under="ignore", invalid="ignore"):
        x, resids, rank, s = _umath_linalg.lstsq(
            a.astype(work_t, copy=False), b.astype(work_t, copy=False), rcond, signature=sig
        )
    return [x.astype(out_t), resids.astype(real_t), rank, s.astype(real_t)]


def _lstsq_abstract_eval(a, b, *, rcond):
    out_t = float_dtype_for(result_type(a, b))
    real_t = np.empty(0, out_t).real.dtype
    lead = a.shape[:-2]
    n, k = a.shape[-1], b.shape[-1]
    return [
        ShapedArray((*lead, n, k), out_t),
        ShapedArray((*lead, k), real_t),
        ShapedArray(lead, np.int32),
        ShapedArray((*lead, min(a.shape[-2:])), real_t),
    ]


def _lstsq_jvp(primals, tangents, *, rcond):
    # x = A+ b, so dx = dA+ b + A+ db; the residual r = b - A x is orthogonal to A's range,
    # so d|r|^2 = 2 r . (db - dA x). The rank has no derivative; dS is the SVD's.
    (a, b), (a_dot, b_dot) = primals, tangents
    out = lstsq(a, b, rcond=rcond)
    x = out[0]
    p = pinv(a, rcond=rcond)
    resid = bin_ops.sub(b, matmul_stack(a, x))
    x_dot, r_dot, s_dot = None, b_dot, None
    if a_dot is not None:
        x_dot = matmul_stack(_pinv_dot(a, p, a_dot), b)
        a_dot_x = matmul_stack(a_dot, x)
        r_dot = bin_ops.neg(a_dot_x) if r_dot is None else bin_ops.sub(r_dot, a_dot_x)
        s_dot = _svd_jvp((a,), (a_dot,), full_matrices=False, compute_uv=False, hermitian=False)
        s_dot = s_dot[1][0]
    if b_dot is not None:
        term = matmul_stack(p, b_dot)
        x_dot = term if x_dot is None else bin_ops.add(x_dot, term)
    nd = len(aval_of(x).shape)
    res_dot = bin_ops.mul(red.reduce_sum(bin_ops.mul(resid, r_dot), axes=(nd - 2,)), 2.0)
    return out, [x_dot, res_dot, None, s_dot]


def _lstsq_batch(args, dims, *, rcond):
    (a, b), (a_bdim, b_bdim) = args, dims
    if a_bdim is None:
        # Only b is mapped: its examples become extra right-hand sides of one solve.
        nd = len(aval_of(b).shape)
        b = shp.transpose(b, permutation=tuple(i for i in range(nd) if i != b_bdim) + (b_bdim,))
        shape = aval_of(b).shape
        out = lstsq(a, shp.reshape(b, new_shape=shape[:-2] + (shape[-2] * shape[-1],)), rcond=rcond)
        x = shp.reshape(out[0], new_shape=aval_of(out[0]).shape[:-1] + shape[-2:])
        resids = shp.reshape(out[1], new_shape=aval_of(out[1]).shape[:-1] + shape[-2:])
        return [x, resids, out[2], out[3]], [nd - 1, nd - 2, None, None]
    a = move_axis_to_front(a, a_bdim)
    if b_bdim is None:
        b_shape = aval_of(b).shape
        size = aval_of(a).shape[0]
        b = shp.broadcast_to(shp.reshape(b, new_shape=(1,) + b_shape), shape=(size,) + b_shape)
    else:
        b = move_axis_to_front(b, b_bdim)
    return lstsq(a, b, rcond=rcond), [0, 0, 0, 0]


lstsq_p = define(
    "lstsq",
    impl=_lstsq_impl,
    abstract_eval=_lstsq_abstract_eval,
    jvp=_lstsq_jvp,
    batch=_lstsq_batch,
    multiple_results=True,
)


def lstsq(a, b, *, rcond):
    """``[x, residuals, rank, s]`` of least squares for stacks ``a`` (..., m, n) and ``b``
    (..., m, k) with the same leading axes; residuals are |b - a x|^2 per column whatever
    the rank (the facade drops them as NumPy does)."""
    return bind(lstsq_p, a, b, rcond=float(rcond))


__all__ = ["lstsq", "lstsq_p", "pinv", "pinv_p", "qr", "qr_p", "svd", "svd_p"]
