"""QR and SVD for funcdiff.numpy.linalg and what is built on them: pinv, lstsq, matrix_rank
and cond; also the matrix shape and dtype checks the linalg modules share.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer
from funcdiff.dtypes import float_dtype_for
from funcdiff.errors import ConcretizationError, OptionError, ShapeError
from funcdiff.numpy._linalg_norms import norm
from funcdiff.numpy._products import _shape

__all__ = [
    "EigResult", "QRResult", "SVDResult", "qr", "svd", "svdvals", "pinv", "lstsq", "matrix_rank",
    "cond", "eig", "eigvals",
]  # fmt: skip

# Named as the public module's, where users meet them (funcdiff.numpy.linalg.QRResult).
QRResult = namedtuple("QRResult", ["Q", "R"], module="funcdiff.numpy.linalg")
SVDResult = namedtuple("SVDResult", ["U", "S", "Vh"], module="funcdiff.numpy.linalg")
EigResult = namedtuple("EigResult", ["eigenvalues", "eigenvectors"], module="funcdiff.numpy.linalg")
_NO_VALUE = object()  # NumPy's "argument not given" marker for pinv's rtol


def _dtype(x):
    return float_dtype_for(getattr(x, "dtype", None) or np.asarray(x).dtype)


def _matrices(name, a):
    shape = _shape(a)
    if len(shape) < 2:
        raise ShapeError(f"linalg.{name}: expected matrices (..., m, n), got shape {shape}.")
    return shape


def _square(name, a):
    shape = _shape(a)
    if len(shape) < 2 or shape[-1] != shape[-2]:
        raise ShapeError(f"linalg.{name}: expected square matrices (..., n, n), got shape {shape}.")
    return shape


def qr(a, mode="reduced"):
    """QR factorization of each matrix in ``a`` (..., m, n), as ``numpy.linalg.qr``.

    ``mode`` is 'reduced' (Q (..., m, k), R (..., k, n), k = min(m, n)), 'complete' (Q square)
    or 'r' (R alone); 'raw' is not supported. Derivatives need full-rank inputs, and
    'complete' on a tall input has none (its extra columns of Q are not unique).

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.qr(np.eye(3)[:, :2]).R.shape
    (2, 2)
    """
    _matrices("qr", a)
    if mode not in ("reduced", "complete", "r"):
        raise OptionError(f"linalg.qr: mode must be 'reduced', 'complete' or 'r', got {mode!r}.")
    q, r = P.qr(a, mode="complete" if mode == "complete" else "reduced")
    return r if mode == "r" else QRResult(q, r)


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """Singular value decomposition ``U @ (S[..., None] * Vh)`` of each matrix, as
    ``numpy.linalg.svd`` (S descending). Derivatives (real inputs) need distinct nonzero
    singular values, and ``full_matrices=False`` unless the matrices are square.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.svd(np.diag([1.0, 3.0])).S
    array([3., 1.])
    """
    _matrices("svd", a)
    out = P.svd(a, full_matrices=full_matrices, compute_uv=compute_uv, hermitian=hermitian)
    return SVDResult(*out) if compute_uv else out[0]


def svdvals(x, /):
    """Singular values of each matrix, descending, as ``numpy.linalg.svdvals``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.svdvals(np.diag([1.0, -3.0]))
    array([3., 1.])
    """
    _matrices("svdvals", x)
    return P.svd(x, compute_uv=False)[0]


def pinv(a, rcond=None, hermitian=False, *, rtol=_NO_VALUE):
    """Moore-Penrose pseudo-inverse, as ``numpy.linalg.pinv`` (``rcond`` or NumPy 2's
    ``rtol``; one scalar for the whole stack). The derivative holds where the rank is
    locally constant.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.pinv(np.array([[2.0], [0.0]]))
    array([[0.5, 0. ]])
    """
    shape = _matrices("pinv", a)
    if rcond is None:
        if rtol is _NO_VALUE:
            rcond = 1e-15
        elif rtol is None:
            rcond = max(shape[-2:]) * np.finfo(_dtype(a)).eps
        else:
            rcond = rtol
    elif rtol is not _NO_VALUE:
        raise OptionError("linalg.pinv: give rcond or rtol, not both.")
    if np.ndim(rcond) != 0:
        raise OptionError("linalg.pinv: rcond/rtol must be a scalar (one for the whole stack).")
    return P.pinv(a, rcond=rcond, hermitian=hermitian)


def lstsq(a, b, rcond=None):
    """Least-squares solution of ``a @ x = b``, as ``numpy.linalg.lstsq``: returns
    ``(x, residuals, rank, s)`` for a 2-D ``a`` and ``b`` of shape (m,) or (m, k).

    ``x``, ``residuals`` and ``s`` are differentiable (constant rank). Residuals are empty
    when the rank is below n or m <= n; under jit/vmap the rank is unknown while tracing, so
    for m > n they are always returned (as JAX does).

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> x, res, rank, s = fnp.linalg.lstsq(np.array([[1.0], [1.0]]), np.array([1.0, 3.0]))
    >>> x, res, int(rank)
    (array([2.]), array([2.]), 1)
    """
    a_shape, b_shape = _shape(a), _shape(b)
    if len(a_shape) != 2 or len(b_shape) not in (1, 2) or b_shape[0] != a_shape[0]:
        raise ShapeError(
            f"linalg.lstsq: a has shape {a_shape} and b {b_shape}; expected a (m, n) and b "
            "(m,) or (m, k) with the same m."
        )
    m, n = a_shape
    if rcond is None:
        rcond = np.finfo(np.float64).eps * max(m, n)  # NumPy solves in double precision
    vector = len(b_shape) == 1
    if vector:
        b = P.reshape(b, new_shape=(m, 1))
    x, resids, rank, s = P.lstsq(a, b, rcond=rcond)
    if vector:
        x = P.reshape(x, new_shape=(n,))
    try:
        keep = m > n and int(rank) == n
    except ConcretizationError:
        keep = m > n
    if not keep:
        resids = np.array([], s.dtype)
    return x, resids, rank, s


def matrix_rank(A, tol=None, hermitian=False, *, rtol=None):  # noqa: N803 - NumPy's name
    """Number of singular values above ``tol`` (default ``rtol * max(S)``), as
    ``numpy.linalg.matrix_rank``. An integer: it has no derivative.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> int(fnp.linalg.matrix_rank(np.diag([1.0, 0.0, 2.0])))
    2
    """
    import funcdiff.numpy as fnp

    if rtol is not None and tol is not None:
        raise OptionError("linalg.matrix_rank: give tol or rtol, not both.")
    shape = _shape(A)
    if len(shape) < 2:
        if not isinstance(A, Tracer):
            return int(not np.all(np.asarray(A) == 0))
        return P.convert_element_type(fnp.any(fnp.not_equal(A, 0)), new_dtype=np.int64)
    (s,) = P.svd(A, compute_uv=False, hermitian=hermitian)
    if tol is None:
        if rtol is None:
            rtol = max(shape[-2:]) * np.finfo(s.dtype).eps
        else:
            rtol = fnp.expand_dims(rtol, -1)
        tol = fnp.max(s, axis=-1, keepdims=True) * rtol
    else:
        tol = fnp.expand_dims(tol, -1)
    return fnp.count_nonzero(fnp.greater(s, tol), axis=-1)


def cond(x, p=None):
    """Condition number of each matrix, as ``numpy.linalg.cond``: p None/2/-2 from the
    singular values, other norms as ``norm(x, p) * norm(inv(x), p)``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> float(fnp.linalg.cond(np.diag([1.0, 4.0])))
    4.0
    """
    _matrices("cond", x)
    if not isinstance(x, Tracer):
        # NumPy's own, which also turns the nan of a singular input into inf.
        return np.linalg.cond(x, p)
    if p is None or p in (2, -2):
        (s,) = P.svd(x, compute_uv=False)
        first, last = s[..., 0], s[..., -1]
        return first / last if p != -2 else last / first
    from funcdiff.numpy.linalg import inv  # linalg imports this module: import at call

    _square("cond", x)
    return norm(x, p, axis=(-2, -1)) * norm(inv(x), p, axis=(-2, -1))


def _real_spectrum(a, compute_v):
    """Whether NumPy would return real arrays: a real stack whose eigenvalues are all real.

    That depends on values, so it is decided on concrete values (plain arrays, and the primal
    under grad/jvp); under vmap/jit the result is complex.
    """
    from funcdiff.numpy._indexing import _concrete_or_none

    if _dtype(a).kind == "c":
        return False
    values = _concrete_or_none(a)
    if values is None:
        return False
    w = np.linalg.eig(values)[0] if compute_v else np.linalg.eigvals(values)
    return w.dtype.kind != "c"


def eig(a):
    """Eigenvalues and right eigenvectors of each square matrix, as ``numpy.linalg.eig``.

    Returns ``EigResult(eigenvalues, eigenvectors)``: columns of unit 2-norm, the largest
    entry of each made real, as LAPACK. As NumPy, a real input whose eigenvalues (over the
    whole stack) are all real gives real arrays, otherwise complex ones. Under vmap and jit
    that cannot be known while tracing, so the result is always complex there (unlike NumPy).
    Derivatives assume distinct eigenvalues; eigenvector phases are a convention, so
    differentiate phase-invariant functions of them (such as ``abs(v) ** 2``).

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.eig(np.array([[2.0, 1.0], [0.0, 3.0]])).eigenvalues
    array([2., 3.])
    """
    _square("eig", a)
    if not isinstance(a, Tracer):
        return EigResult(*np.linalg.eig(a))
    return EigResult(*P.eig(a, real=_real_spectrum(a, True)))


def eigvals(a):
    """Eigenvalues of each square matrix, as ``numpy.linalg.eigvals`` (real or complex as
    NumPy; always complex under vmap/jit, see ``eig``). Derivatives assume distinct
    eigenvalues.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.eigvals(np.array([[0.0, -1.0], [1.0, 0.0]]))
    array([0.+1.j, 0.-1.j])
    """
    _square("eigvals", a)
    if not isinstance(a, Tracer):
        return np.linalg.eigvals(a)
    return P.eig(a, compute_v=False, real=_real_spectrum(a, False))[0]
