"""funcdiff.numpy.linalg: NumPy's linalg names and semantics, differentiable and batchable.

Decompositions act on stacks ``(..., n, n)``; ``LinAlgError`` is NumPy's own.
"""

from __future__ import annotations

import functools
from collections import namedtuple

import numpy as np
from numpy.linalg import LinAlgError

from funcdiff import primitives as P
from funcdiff.core import bind
from funcdiff.errors import AxisError, OptionError, ShapeError
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
]

SlogdetResult = namedtuple("SlogdetResult", ["sign", "logabsdet"])
EighResult = namedtuple("EighResult", ["eigenvalues", "eigenvectors"])


def _float(x):
    dtype = getattr(x, "dtype", None) or np.asarray(x).dtype
    return x if dtype.kind in "fc" else P.convert_element_type(x, new_dtype=np.float64)


def _square(name, a):
    shape = _shape(a)
    if len(shape) < 2 or shape[-1] != shape[-2]:
        raise ShapeError(f"linalg.{name}: expected square matrices (..., n, n), got shape {shape}.")
    return shape


def norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002 - NumPy's name
    """Vector or matrix norm, as ``numpy.linalg.norm``.

    Vector ords: None/2, 1, inf, -inf, other p > 0. Matrix ords: None/'fro', 1, -1, inf,
    -inf. The 2-norm's derivative at the origin is 0 (JAX gives nan), the minimum-norm
    subgradient, so ``grad`` through a norm of zeros stays finite.

    Raises:
        OptionError: (a ValueError) an unsupported ``ord`` (matrix 2, -2 and 'nuc' need an SVD).

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
    if isinstance(ord, str) or ord <= 0:
        raise OptionError(
            f"linalg.norm: vector ord {ord!r} is not supported; use None, 1, 2, "
            "inf, -inf or a positive number."
        )
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
    raise OptionError(
        f"linalg.norm: matrix ord {ord!r} is not supported; use None, 'fro', 1, -1, inf or -inf."
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
