"""Vector and matrix norms for funcdiff.numpy.linalg: norm, matrix_norm and vector_norm
(2-norms bind norm2 directly; spectral norms go through the singular values).
"""

from __future__ import annotations

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import bind
from funcdiff.errors import AxisError, OptionError
from funcdiff.numpy._products import _shape
from funcdiff.primitives.linalg import norm2_p

__all__ = ["norm", "matrix_norm", "vector_norm"]


def _float(x):
    dtype = getattr(x, "dtype", None) or np.asarray(x).dtype
    return x if dtype.kind in "fc" else P.convert_element_type(x, new_dtype=np.float64)


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
