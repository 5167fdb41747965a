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
from funcdiff.errors import OptionError, ShapeError
from funcdiff.numpy._linalg_factorizations import (
    EigResult,
    QRResult,
    SVDResult,
    _dtype,
    _matrices,
    _square,
    cond,
    eig,
    eigvals,
    lstsq,
    matrix_rank,
    pinv,
    qr,
    svd,
    svdvals,
)
from funcdiff.numpy._linalg_norms import matrix_norm, norm, vector_norm
from funcdiff.numpy._products import _shape, dot, matmul, outer, tensordot

__all__ = [
    "norm",
    "det",
    "slogdet",
    "inv",
    "solve",
    "cholesky",
    "eigh",
    "eigvalsh",
    "eig",
    "eigvals",
    "EigResult",
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
