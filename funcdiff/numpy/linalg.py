"""funcdiff.numpy.linalg: NumPy's linalg names and semantics, differentiable and batchable.

Decompositions act on stacks of matrices ``(..., m, n)`` (square where NumPy requires it);
``LinAlgError`` is NumPy's own.
"""

from __future__ import annotations

import functools
from collections import namedtuple

import numpy as np
from numpy.linalg import LinAlgError

from funcdiff import primitives as P
from funcdiff.core import Tracer, bind
from funcdiff.dtypes import float_dtype_for
from funcdiff.errors import AxisError, ConcretizationError, OptionError, ShapeError
from funcdiff.numpy._products import _shape, dot, matmul, outer, tensordot
from funcdiff.primitives.linalg import norm2_p

__all__ = [
    "norm",
    "det",
    "slogdet",
    "inv",
    "solve",
    "cholesky",
    "eigh",
    "eigvalsh",
    "matrix_power",
    "matrix_transpose",
    "multi_dot",
    "matmul",
    "outer",
    "tensordot",
    "LinAlgError",
    "SlogdetResult",
    "EighResult",
    "QRResult",
    "SVDResult",
    "qr",
    "svd",
    "svdvals",
    "pinv",
    "lstsq",
    "matrix_rank",
    "cond",
    "matrix_norm",
    "vector_norm",
    "diagonal",
    "trace",
    "cross",
    "vecdot",
    "tensorsolve",
    "tensorinv",
]

SlogdetResult = namedtuple("SlogdetResult", ["sign", "logabsdet"])
EighResult = namedtuple("EighResult", ["eigenvalues", "eigenvectors"])
QRResult = namedtuple("QRResult", ["Q", "R"])
SVDResult = namedtuple("SVDResult", ["U", "S", "Vh"])
_NO_VALUE = object()  # NumPy's "argument not given" marker for pinv's rtol


def _float(x):
    dtype = getattr(x, "dtype", None) or np.asarray(x).dtype
    return x if dtype.kind in "fc" else P.convert_element_type(x, new_dtype=np.float64)


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


def norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002 - NumPy's name
    """Vector or matrix norm, as ``numpy.linalg.norm``.

    Vector ords: None/2, 1, inf, -inf, 0 (a count) and any other number. Matrix ords:
    None/'fro', 'nuc', 1, -1, 2, -2, inf, -inf (2, -2 and 'nuc' through the singular values,
    differentiable where they are distinct). The 2-norm's derivative at the origin is 0 (JAX
    gives nan), the minimum-norm subgradient, so ``grad`` through a norm of zeros stays finite.

    Raises:
        OptionError: (a ValueError) an ``ord`` NumPy does not define for vectors or matrices.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> float(fnp.linalg.norm(np.array([3.0, 4.0])))
    5.0
    """
    dtype = getattr(x, "dtype", None)
    if ord is None and axis is None and not keepdims and dtype is not None and dtype.kind == "f":
        # The common call (a loop condition such as `while norm(y) < 1000`) binds at once.
        return bind(norm2_p, x, axes=tuple(range(len(x.shape))))
    x = _float(x)
    ndim = len(_shape(x))
    if axis is None:
        if ord is None or (ord == "fro" and ndim == 2) or (ord == 2 and ndim == 1):
            return _keep(P.norm2(x, axes=range(ndim)), ndim, range(ndim), keepdims)
        if ndim not in (1, 2):
            raise OptionError("linalg.norm: ord needs a 1-D or 2-D input when axis is None.")
        axis = tuple(range(ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    axes = tuple(_axis(a, ndim) for a in axes)
    if len(axes) == 1:
        out = _vector_norm(x, ord, axes[0])
    elif len(axes) == 2:
        out = _matrix_norm(x, ord, axes)
    else:
        raise OptionError(f"linalg.norm: axis must be an int or a pair, got {axis!r}.")
    return _keep(out, ndim, axes, keepdims)


def _axis(a, ndim):
    if not -ndim <= a < ndim:
        raise AxisError(f"linalg.norm: axis {a} is out of bounds for dimension {ndim}.")
    return a % ndim


def _keep(out, ndim, axes, keepdims):
    if not keepdims:
        return out
    shape = list(_shape(out))
    for a in sorted(axes):
        shape.insert(a, 1)
    return P.reshape(out, new_shape=shape)


def _vector_norm(x, ord, axis):  # noqa: A002
    import funcdiff.numpy as fnp

    if ord is None or ord == 2:
        return P.norm2(x, axes=(axis,))
    if ord == np.inf:
        return fnp.max(fnp.abs(x), axis=axis)
    if ord == -np.inf:
        return fnp.min(fnp.abs(x), axis=axis)
    if ord == 1:
        return fnp.sum(fnp.abs(x), axis=axis)
    if isinstance(ord, str):
        raise OptionError(
            f"linalg.norm: vector ord {ord!r} is not defined; use None, a number, inf or -inf."
        )
    if ord == 0:
        # The count of nonzeros, in x's float dtype as NumPy; it has no derivative.
        return fnp.sum(P.convert_element_type(fnp.not_equal(x, 0), new_dtype=x.dtype), axis=axis)
    return fnp.power(fnp.sum(fnp.power(fnp.abs(x), ord), axis=axis), 1.0 / ord)


def _matrix_norm(x, ord, axes):  # noqa: A002
    import funcdiff.numpy as fnp

    row, col = axes
    if ord is None or ord == "fro":
        return P.norm2(x, axes=axes)
    if ord in (1, -1, np.inf, -np.inf):
        # 1: largest column sum of |x|; inf: largest row sum.
        summed, other = (row, col) if ord in (1, -1) else (col, row)
        sums = fnp.sum(fnp.abs(x), axis=summed)
        other -= other > summed
        return (fnp.max if ord > 0 else fnp.min)(sums, axis=other)
    if ord in (2, -2, "nuc"):
        # The largest, smallest or summed singular values of the matrices over (row, col).
        (s,) = P.svd(fnp.moveaxis(x, (row, col), (-2, -1)), compute_uv=False)
        return {2: fnp.max, -2: fnp.min, "nuc": fnp.sum}[ord](s, axis=-1)
    raise OptionError(
        f"linalg.norm: matrix ord {ord!r} is not defined; use None, 'fro', 'nuc', 1, -1, 2, "
        "-2, inf or -inf."
    )


def matrix_transpose(x, /):
    """Swap the last two axes, as ``numpy.linalg.matrix_transpose``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.matrix_transpose(np.ones((2, 3, 4))).shape
    (2, 4, 3)
    """
    shape = _shape(x)
    if len(shape) < 2:
        raise ShapeError(f"linalg.matrix_transpose: needs at least 2 dimensions, got {shape}.")
    return P.matrix_transpose(x)


def det(a):
    """Determinant of each matrix in ``a`` (..., n, n), as ``numpy.linalg.det``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> float(fnp.linalg.det(np.array([[2.0, 1.0], [1.0, 3.0]])))
    5.0
    """
    _square("det", a)
    return P.det(a)


def slogdet(a):
    """``(sign, logabsdet)`` of each matrix, as ``numpy.linalg.slogdet``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> sign, logabsdet = fnp.linalg.slogdet(np.diag([1.0, -2.0]))
    >>> float(sign), round(float(logabsdet), 6)
    (-1.0, 0.693147)
    """
    _square("slogdet", a)
    return SlogdetResult(*P.slogdet(a))


def inv(a):
    """Inverse of each matrix in ``a``, as ``numpy.linalg.inv``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.inv(np.array([[2.0, 0.0], [0.0, 4.0]]))
    array([[0.5 , 0.  ],
           [0.  , 0.25]])
    """
    _square("inv", a)
    return P.inv(a)


def solve(a, b):
    """Solve ``a @ x = b``, as ``numpy.linalg.solve`` (NumPy 2: ``b`` is a vector only when
    it is 1-D, otherwise a stack of matrices (..., n, k); leading axes broadcast).

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.solve(np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([1.0, 1.0]))
    array([0.5 , 0.25])
    """
    a_shape = _square("solve", a)
    b_shape = _shape(b)
    n = a_shape[-1]
    vector = len(b_shape) == 1
    if (vector and b_shape[0] != n) or (not vector and (len(b_shape) < 2 or b_shape[-2] != n)):
        raise ShapeError(
            f"linalg.solve: a has shape {a_shape} but b has shape {b_shape}; "
            f"b needs {n} rows (shape ({n},) or (..., {n}, k))."
        )
    if vector:
        b = P.reshape(b, new_shape=(n, 1))
    b_cols = _shape(b)[-2:]
    lead = P.registry.broadcast_shapes(a_shape[:-2], _shape(b)[:-2])
    a = P.broadcast_to(a, shape=lead + (n, n))
    b = P.broadcast_to(b, shape=lead + b_cols)
    out = P.solve(a, b)
    return P.reshape(out, new_shape=lead + (n,)) if vector else out


def cholesky(a, /, *, upper=False):
    """Cholesky factor of each symmetric positive definite matrix, as
    ``numpy.linalg.cholesky`` (lower, or upper with ``upper=True``). Only the lower triangle
    is read; derivatives treat the perturbation as symmetric.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.cholesky(np.array([[4.0, 2.0], [2.0, 2.0]]))
    array([[2., 0.],
           [1., 1.]])
    """
    _square("cholesky", a)
    low = P.cholesky(a)
    return P.matrix_transpose(low) if upper else low


def eigh(a, UPLO="L"):  # noqa: N803 - NumPy's name
    """Eigenvalues (ascending) and eigenvectors of symmetric matrices, as
    ``numpy.linalg.eigh``. Derivatives assume distinct eigenvalues and a symmetric
    perturbation.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.eigh(np.diag([2.0, 1.0])).eigenvalues
    array([1., 2.])
    """
    _square("eigh", a)
    if UPLO not in ("L", "U"):
        raise OptionError(f"linalg.eigh: UPLO must be 'L' or 'U', got {UPLO!r}.")
    return EighResult(*P.eigh(a, uplo=UPLO))


def eigvalsh(a, UPLO="L"):  # noqa: N803
    """Eigenvalues of symmetric matrices, as ``numpy.linalg.eigvalsh``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.eigvalsh(np.diag([2.0, 1.0]))
    array([1., 2.])
    """
    return eigh(a, UPLO).eigenvalues


def matrix_power(a, n):
    """``a`` to the integer power ``n`` by repeated squaring, as ``numpy.linalg.matrix_power``
    (``n < 0`` inverts first, ``n == 0`` gives identities).

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.matrix_power(np.array([[1.0, 1.0], [0.0, 1.0]]), 3)
    array([[1., 3.],
           [0., 1.]])
    """
    shape = _square("matrix_power", a)
    if not isinstance(n, (int, np.integer)):
        raise TypeError(f"linalg.matrix_power: exponent must be an integer, got {n!r}.")
    if n == 0:
        dtype = getattr(a, "dtype", None) or np.asarray(a).dtype
        return np.broadcast_to(np.eye(shape[-1], dtype=dtype), shape).copy()
    if n < 0:
        a, n = inv(a), -n
    out = None
    while n:
        if n & 1:
            out = a if out is None else matmul(out, a)
        n >>= 1
        if n:
            a = matmul(a, a)
    return out


def multi_dot(arrays, *, out=None):
    """Chained ``dot`` of several arrays, as ``numpy.linalg.multi_dot`` (first and last may
    be 1-D). Evaluated left to right, so results may differ from NumPy's in rounding.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> float(fnp.linalg.multi_dot([np.ones(2), np.eye(2), np.ones(2)]))
    2.0
    """
    if out is not None:
        raise TypeError("linalg.multi_dot: out= is not supported; arrays are immutable.")
    if len(arrays) < 2:
        raise OptionError("linalg.multi_dot: give at least two arrays.")
    return functools.reduce(dot, arrays)


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
    _square("cond", x)
    return norm(x, p, axis=(-2, -1)) * norm(inv(x), p, axis=(-2, -1))


def matrix_norm(x, /, *, keepdims=False, ord="fro"):  # noqa: A002
    """Norm of each matrix over the last two axes, as ``numpy.linalg.matrix_norm``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> float(fnp.linalg.matrix_norm(np.diag([3.0, 4.0]), ord=2))
    4.0
    """
    return norm(x, axis=(-2, -1), keepdims=keepdims, ord=ord)


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):  # noqa: A002
    """Vector norm over ``axis`` (all axes when None, several axes flattened together), as
    ``numpy.linalg.vector_norm``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> float(fnp.linalg.vector_norm(np.full((2, 2), 2.0), ord=1))
    8.0
    """
    shape = _shape(x)
    if axis is None:
        x, red_axis = P.reshape(x, new_shape=(int(np.prod(shape, dtype=np.int64)),)), 0
        axes = tuple(range(len(shape)))
    elif isinstance(axis, tuple):
        axes = tuple(_axis(a, len(shape)) for a in axis)
        rest = tuple(i for i in range(len(shape)) if i not in axes)
        x = P.transpose(x, permutation=axes + rest)
        merged = int(np.prod([shape[i] for i in axes], dtype=np.int64))
        x, red_axis = P.reshape(x, new_shape=(merged,) + tuple(shape[i] for i in rest)), 0
    else:
        red_axis = axes = (_axis(axis, len(shape)),)
    out = norm(x, axis=red_axis, ord=ord)
    if keepdims:
        out = P.reshape(out, new_shape=tuple(1 if i in axes else n for i, n in enumerate(shape)))
    return out


def diagonal(x, /, *, offset=0):
    """The ``offset`` diagonal of each matrix (last two axes), as ``numpy.linalg.diagonal``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.diagonal(np.arange(4.0).reshape(2, 2))
    array([0., 3.])
    """
    import funcdiff.numpy as fnp

    _matrices("diagonal", x)
    return fnp.diagonal(x, offset=offset, axis1=-2, axis2=-1)


def trace(x, /, *, offset=0, dtype=None):
    """Sum of the ``offset`` diagonal of each matrix, as ``numpy.linalg.trace``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> float(fnp.linalg.trace(np.arange(4.0).reshape(2, 2)))
    3.0
    """
    import funcdiff.numpy as fnp

    _matrices("trace", x)
    return fnp.trace(x, offset=offset, axis1=-2, axis2=-1, dtype=dtype)


def cross(x1, x2, /, *, axis=-1):
    """Cross product of 3-vectors along ``axis`` (other axes broadcast), as
    ``numpy.linalg.cross``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.cross(np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
    array([0., 0., 1.])
    """
    import funcdiff.numpy as fnp

    s1, s2 = _shape(x1), _shape(x2)
    for shape in (s1, s2):
        if not -len(shape) <= axis < len(shape) or shape[axis] != 3:
            raise ShapeError(
                f"linalg.cross: both inputs need 3 entries along axis {axis}, got shapes "
                f"{s1} and {s2}."
            )
    a = [fnp.take(x1, i, axis=axis) for i in range(3)]
    b = [fnp.take(x2, i, axis=axis) for i in range(3)]
    # (a1 b2 - a2 b1, a2 b0 - a0 b2, a0 b1 - a1 b0), in the order NumPy evaluates them.
    parts = [a[j] * b[k] - a[k] * b[j] for j, k in ((1, 2), (2, 0), (0, 1))]
    out = fnp.stack(parts, axis=-1)
    return fnp.moveaxis(out, -1, axis) if axis != -1 else out


def vecdot(x1, x2, /, *, axis=-1):
    """Dot product of vectors along ``axis`` (other axes broadcast; the first operand is
    conjugated), as ``numpy.linalg.vecdot``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.vecdot(np.ones((2, 3)), np.arange(3.0))
    array([3., 3.])
    """
    import funcdiff.numpy as fnp

    s1, s2 = _shape(x1), _shape(x2)
    if not (-len(s1) <= axis < len(s1) and -len(s2) <= axis < len(s2)) or (s1[axis] != s2[axis]):
        raise ShapeError(f"linalg.vecdot: shapes {s1} and {s2} need equal sizes along axis {axis}.")
    if _dtype(x1).kind == "c":
        x1 = fnp.conj(x1)
    # The axis counts in each operand separately, so both move to the end before broadcasting.
    return fnp.sum(fnp.multiply(fnp.moveaxis(x1, axis, -1), fnp.moveaxis(x2, axis, -1)), axis=-1)


def tensorsolve(a, b, axes=None):
    """Solve ``tensordot(a, x, x.ndim) = b`` for x, as ``numpy.linalg.tensorsolve``
    (``axes`` of ``a`` moved to the end first).

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.tensorsolve(np.eye(4).reshape(2, 2, 4), np.ones((2, 2))).shape
    (4,)
    """
    shape = _shape(a)
    nd = len(shape)
    if axes is not None:
        order = list(range(nd))
        for k in axes:
            order.remove(k % nd)
            order.append(k % nd)
        a = P.transpose(a, permutation=tuple(order))
        shape = tuple(shape[i] for i in order)
    old = shape[-(nd - len(_shape(b))) :]
    size = int(np.prod(old, dtype=np.int64))
    if int(np.prod(shape, dtype=np.int64)) != size * size:
        raise ShapeError(
            f"linalg.tensorsolve: a of shape {shape} does not split into a square problem for "
            f"x of shape {old}; prod(a.shape[:b.ndim]) must equal prod(a.shape[b.ndim:])."
        )
    a = P.reshape(a, new_shape=(size, size))
    x = solve(a, P.reshape(b, new_shape=(size,)))
    return P.reshape(x, new_shape=old)


def tensorinv(a, ind=2):
    """The inverse of ``a`` for ``tensordot(., ., ind)``, as ``numpy.linalg.tensorinv``: the
    result has shape ``a.shape[ind:] + a.shape[:ind]``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.linalg.tensorinv(np.eye(4).reshape(4, 2, 2), ind=1).shape
    (2, 2, 4)
    """
    shape = _shape(a)
    if ind <= 0:
        raise OptionError(f"linalg.tensorinv: ind must be a positive integer, got {ind!r}.")
    rows = int(np.prod(shape[ind:], dtype=np.int64))
    cols = int(np.prod(shape, dtype=np.int64)) // max(rows, 1)
    if rows != cols:
        raise ShapeError(
            f"linalg.tensorinv: a of shape {shape} with ind={ind} is not square: "
            f"prod(a.shape[:ind]) = {cols} but prod(a.shape[ind:]) = {rows}."
        )
    out = inv(P.reshape(a, new_shape=(rows, rows)))
    return P.reshape(out, new_shape=shape[ind:] + shape[:ind])
