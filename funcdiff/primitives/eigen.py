"""The general (non-symmetric) eigendecomposition of stacks of square matrices ``(..., n, n)``,
with NumPy's normalization of the eigenvectors and a derivative rule for distinct eigenvalues.
"""

from __future__ import annotations

import numpy as np
from numpy.linalg import LinAlgError, _umath_linalg

from funcdiff.core import ShapedArray, bind
from funcdiff.primitives import binary as bin_ops
from funcdiff.primitives import compare as cmp
from funcdiff.primitives import reductions as red
from funcdiff.primitives import shape as shp
from funcdiff.primitives import unary as un
from funcdiff.primitives.autodiff import stop_gradient

# Through linalg, which loads the decompositions family after defining dot_general.
from funcdiff.primitives.linalg import matmul_stack, safe_reciprocal, solve
from funcdiff.primitives.registry import aval_of, define, stack_batch

_SINGLE = (np.dtype(np.float32), np.dtype(np.complex64))


def _out_dtype(dtype, real):
    """NumPy's result dtype: single precision stays single, everything else is double."""
    single = np.dtype(dtype) in _SINGLE
    if real:
        return np.dtype(np.float32 if single else np.float64)
    return np.dtype(np.complex64 if single else np.complex128)


def _no_convergence(err, flag):
    raise LinAlgError("Eigenvalues did not converge")


# ----------------------------------------------------------------------------- eig
def _eig_impl(x, *, compute_v, real):
    # NumPy's own stacked LAPACK gufuncs (geev), computing in double precision as NumPy does.
    x = np.asarray(x)
    if not np.isfinite(x).all():
        raise LinAlgError("Array must not contain infs or NaNs")
    sig = "D" if x.dtype.kind == "c" else "d"
    out_t = _out_dtype(x.dtype, real)
    with np.errstate(call=_no_convergence, invalid="call", over="ignore", divide="ignore"):
        if compute_v:
            out = _umath_linalg.eig(x, signature=sig + "->DD")
        else:
            out = (_umath_linalg.eigvals(x, signature=sig + "->D"),)
    if real:
        return [a.real.astype(out_t) for a in out]
    return [a.astype(out_t, copy=False) for a in out]


def _eig_abstract_eval(x, *, compute_v, real):
    out_t = _out_dtype(x.dtype, real)
    w = ShapedArray(x.shape[:-1], out_t)
    return [w, ShapedArray(x.shape, out_t)] if compute_v else [w]


def _diag_part(p):
    shape = aval_of(p).shape
    eye = np.eye(shape[-1], dtype=aval_of(p).dtype)
    return red.reduce_sum(bin_ops.mul(p, eye), axes=(len(shape) - 1,))


def _phase_fix(u, v):
    # LAPACK makes the largest-modulus entry k of each eigenvector real, so Im(dv_k) = 0.
    # Adding i theta v (theta real) to a column leaves its norm alone: theta = -Im(u_k / v_k).
    # i Im(t) is written as (t - conj(t)) / 2 so that nothing real is cut out of a complex
    # value on the tangent path. The argmax is the primal's and carries no derivative.
    shape = aval_of(v).shape
    nd, n = len(shape), shape[-1]
    modulus = stop_gradient(bin_ops.mul(v, un.conj(v)))  # |v|^2 with an exactly zero imag
    first = red.argmax(modulus, axis=nd - 2)
    rows = np.arange(n).reshape(n, 1)
    mask = cmp.eq(shp.reshape(first, new_shape=shape[:-2] + (1, n)), rows)
    mask = bin_ops.convert_element_type(mask, new_dtype=np.empty(0, aval_of(v).dtype).real.dtype)
    u_k = red.reduce_sum(bin_ops.mul(u, mask), axes=(nd - 2,))
    v_k = red.reduce_sum(bin_ops.mul(v, mask), axes=(nd - 2,))
    ratio = bin_ops.div(u_k, v_k)
    return bin_ops.mul(bin_ops.sub(ratio, un.conj(ratio)), 0.5)


def _eig_jvp(primals, tangents, *, compute_v, real):
    # With A V = V diag(w), P = V^-1 dA V and dV = V C: dw = diag(P) and, off the diagonal,
    # C_ij = P_ij / (w_j - w_i) (distinct eigenvalues only). C's diagonal is the freedom to
    # rescale each column: NumPy's columns have unit 2-norm, so Re(v_i^H dv_i) = 0 fixes
    # Re(C_ii) = -Re(v_i^H u_i) with u = V (F o P); for complex vectors the phase convention
    # fixes Im(C_ii) (see _phase_fix). A real spectrum of a real matrix stays real throughout.
    (x,), (x_dot,) = primals, tangents
    w, v = eig(x, compute_v=True, real=real)
    if not real and aval_of(x_dot).dtype.kind != "c":
        # Embed the real tangent as complex by a product: its transpose takes the real part.
        x_dot = bin_ops.mul(x_dot, 1 + 0j)
    proj = solve(v, matmul_stack(x_dot, v))
    w_dot = _diag_part(proj)
    if not compute_v:
        return [w], [w_dot]
    w_shape = aval_of(w).shape
    nd, n = len(w_shape) + 1, w_shape[-1]
    gaps = bin_ops.sub(
        shp.reshape(w, new_shape=w_shape[:-1] + (1, n)),
        shp.reshape(w, new_shape=w_shape + (1,)),
    )
    u = matmul_stack(v, bin_ops.mul_safe(proj, safe_reciprocal(gaps)))
    dots = red.reduce_sum(bin_ops.mul(v if real else un.conj(v), u), axes=(nd - 2,))
    if real:
        scale = bin_ops.neg(dots)
    else:
        # -Re(s) as (s + conj(s)) / 2, kept complex, plus the phase term.
        re = bin_ops.mul(bin_ops.add(dots, un.conj(dots)), -0.5)
        scale = bin_ops.sub(re, _phase_fix(u, v))
    scale = shp.reshape(scale, new_shape=w_shape[:-1] + (1, n))
    return [w, v], [w_dot, bin_ops.add(u, bin_ops.mul(v, scale))]


eig_p = define(
    "eig",
    impl=_eig_impl,
    abstract_eval=_eig_abstract_eval,
    jvp=_eig_jvp,
    batch=stack_batch,
    multiple_results=True,
)


def eig(x, *, compute_v=True, real=False):
    """``[w, v]`` (or ``[w]`` without ``compute_v``): eigenvalues and unit-norm eigenvectors
    (largest entry real, as LAPACK) of each matrix in a stack, complex unless ``real``.

    ``real=True`` returns real parts, valid for a real stack whose eigenvalues are all real
    (NumPy's dtype rule, which the facade checks on concrete values). Under differentiation
    the eigenvalues come with the eigenvectors, since eigenvalues alone do not determine the
    derivative.
    """
    return bind(eig_p, x, compute_v=bool(compute_v), real=bool(real))


__all__ = ["eig", "eig_p"]
