"""Joining and splitting with NumPy's names and semantics: concatenate, stack and its variants,
split and array_split, and the argument plumbing shared by the shape functions.
"""

from __future__ import annotations

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer
from funcdiff.errors import AxisError, DtypeError, ShapeError

__all__ = [
    "atleast_1d", "atleast_2d", "atleast_3d", "concatenate", "stack", "hstack", "vstack",
    "dstack", "column_stack", "split", "array_split",
]  # fmt: skip


# ----------------------------------------------------------------------------- helpers
def _has_tracer(seq):
    for x in seq:
        if isinstance(x, Tracer) or (isinstance(x, (list, tuple)) and _has_tracer(x)):
            return True
    return False


def as_operand(x):
    """``x`` as an array or tracer; a (nested) list holding tracers is stacked along axis 0."""
    if isinstance(x, (np.ndarray, Tracer)):
        return x
    if isinstance(x, (list, tuple)) and _has_tracer(x):
        return stack([as_operand(e) for e in x])
    return np.asarray(x)


def normalize_axis(axis, ndim, where):
    """``axis`` in ``[0, ndim)``, counting negative axes from the end, or an AxisError."""
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise AxisError(f"{where}: axis must be an int, got {axis!r}.")
    if not -ndim <= axis < ndim:
        raise AxisError(
            f"{where}: axis {axis} is out of bounds for an array of rank {ndim} "
            f"(valid: {-ndim} to {ndim - 1})."
        )
    return int(axis) % ndim


def _axes(axis, ndim, where):
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = tuple(normalize_axis(a, ndim, where) for a in axes)
    if len(set(out)) != len(out):
        raise AxisError(f"{where}: repeated axis in {axis!r}; name each axis once.")
    return out


def _atleast(arys, ndim, place):
    out = []
    for x in arys:
        x = as_operand(x)
        if x.ndim < ndim:
            x = P.reshape(x, new_shape=place(x.shape))
        out.append(x)
    return out[0] if len(out) == 1 else tuple(out)


def atleast_1d(*arys):
    """Each input as an array of rank >= 1 (a tuple for several inputs).

    >>> import funcdiff.numpy as fnp
    >>> fnp.atleast_1d(2.0).shape
    (1,)
    """
    return _atleast(arys, 1, lambda s: (1,))


def atleast_2d(*arys):
    """Each input as an array of rank >= 2; a 1-D ``(n,)`` becomes ``(1, n)``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.atleast_2d(np.ones(3)).shape
    (1, 3)
    """
    return _atleast(arys, 2, lambda s: (1,) * (2 - len(s)) + s)


def atleast_3d(*arys):
    """Each input as an array of rank >= 3: ``(n,) -> (1, n, 1)``, ``(m, n) -> (m, n, 1)``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.atleast_3d(np.ones(3)).shape
    (1, 3, 1)
    """
    return _atleast(arys, 3, lambda s: {0: (1, 1, 1), 1: (1,) + s + (1,), 2: s + (1,)}[len(s)])


# ----------------------------------------------------------------------------- joining
def concatenate(arrays, /, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """Join arrays along an existing axis (flattened first when ``axis`` is None).

    ``out=`` works for plain NumPy arrays only, as traced arrays cannot be written into.

    Raises:
        ShapeError: no arrays, 0-d arrays, or shapes that differ off ``axis``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.concatenate([np.zeros(2), np.ones(3)])
    array([0., 0., 1., 1., 1.])
    """
    if out is not None:
        return np.concatenate(arrays, axis, out=out, dtype=dtype, casting=casting)
    xs = [as_operand(x) for x in arrays]
    if not xs:
        raise ShapeError("fnp.concatenate needs at least one array.")
    if axis is None:
        xs, axis = [P.reshape(x, new_shape=(x.size,)) for x in xs], 0
    if any(x.ndim == 0 for x in xs):
        raise ShapeError("fnp.concatenate: 0-d arrays cannot be concatenated; use fnp.stack.")
    if any(x.ndim != xs[0].ndim for x in xs):
        ranks = [x.ndim for x in xs]
        raise ShapeError(f"fnp.concatenate: the arrays must have one rank, got ranks {ranks}.")
    axis = normalize_axis(axis, xs[0].ndim, "fnp.concatenate")
    off_axis = {x.shape[:axis] + x.shape[axis + 1 :] for x in xs}
    if len(off_axis) > 1:
        shapes = ", ".join(str(x.shape) for x in xs)
        raise ShapeError(
            f"fnp.concatenate along axis {axis}: the shapes {shapes} differ off that axis."
        )
    if dtype is not None:
        xs = [_cast(x, dtype, casting, "fnp.concatenate") for x in xs]
    return P.concatenate(*xs, axis=axis)


def _cast(x, dtype, casting, where):
    dtype = np.dtype(dtype)
    if not np.can_cast(x.dtype, dtype, casting):
        raise DtypeError(
            f"{where}: cannot cast {x.dtype} to {dtype} under casting={casting!r}; "
            "pass casting='unsafe' or a wider dtype."
        )
    return P.convert_element_type(x, new_dtype=dtype)


def stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """Join arrays of one shape along a new axis, as ``numpy.stack``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.stack([np.zeros(3), np.ones(3)], axis=1).shape
    (3, 2)
    """
    if out is not None:
        return np.stack(arrays, axis, out=out, dtype=dtype, casting=casting)
    xs = [as_operand(x) for x in arrays]
    if not xs:
        raise ShapeError("fnp.stack needs at least one array.")
    shape = xs[0].shape
    if any(x.shape != shape for x in xs):
        shapes = [x.shape for x in xs]
        raise ShapeError(f"fnp.stack: all arrays must have one shape, got {shapes}.")
    axis = normalize_axis(axis, len(shape) + 1, "fnp.stack")
    new_shape = shape[:axis] + (1,) + shape[axis:]
    xs = [P.reshape(x, new_shape=new_shape) for x in xs]
    return concatenate(xs, axis, dtype=dtype, casting=casting)


def hstack(tup, *, dtype=None, casting="same_kind"):
    """Join along axis 1 (axis 0 for 1-D inputs), as ``numpy.hstack``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.hstack([np.zeros((2, 1)), np.ones((2, 2))]).shape
    (2, 3)
    """
    xs = [atleast_1d(x) for x in tup]
    axis = 0 if xs and xs[0].ndim == 1 else 1
    return concatenate(xs, axis, dtype=dtype, casting=casting)


def vstack(tup, *, dtype=None, casting="same_kind"):
    """Join along axis 0 after making inputs at least 2-D, as ``numpy.vstack``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.vstack([np.zeros(3), np.ones(3)]).shape
    (2, 3)
    """
    return concatenate([atleast_2d(x) for x in tup], 0, dtype=dtype, casting=casting)


def dstack(tup):
    """Join along axis 2 after making inputs at least 3-D, as ``numpy.dstack``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.dstack([np.zeros(3), np.ones(3)]).shape
    (1, 3, 2)
    """
    return concatenate([atleast_3d(x) for x in tup], 2)


def column_stack(tup):
    """Join 1-D arrays as columns (2-D arrays as they are), as ``numpy.column_stack``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.column_stack([np.zeros(3), np.ones(3)]).shape
    (3, 2)
    """
    xs = [as_operand(x) for x in tup]
    xs = [P.reshape(x, new_shape=(x.size, 1)) if x.ndim < 2 else x for x in xs]
    return concatenate(xs, 1)


# ----------------------------------------------------------------------------- splitting
def array_split(ary, indices_or_sections, axis=0):
    """Split into sub-arrays (a list), allowing unequal sections, as ``numpy.array_split``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> [x.shape for x in fnp.array_split(np.arange(5.0), 2)]
    [(3,), (2,)]
    """
    ary = as_operand(ary)
    axis = normalize_axis(axis, ary.ndim, "fnp.array_split")
    n = ary.shape[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ShapeError("fnp.array_split: the number of sections must be positive.")
        each, extras = divmod(n, sections)
        sizes = [each + 1] * extras + [each] * (sections - extras)
        points = np.cumsum([0] + sizes).tolist()
    else:
        points = [0] + [int(i) for i in indices_or_sections] + [n]
    out = []
    for lo, hi in zip(points[:-1], points[1:], strict=True):
        lo, hi, _ = slice(lo, hi).indices(n)  # Python slice semantics, as NumPy
        hi = max(lo, hi)
        starts = tuple(lo if i == axis else 0 for i in range(ary.ndim))
        limits = tuple(hi if i == axis else m for i, m in enumerate(ary.shape))
        out.append(P.static_slice(ary, starts=starts, limits=limits))
    return out


def split(ary, indices_or_sections, axis=0):
    """Split into equal sections or at the given indices (a list), as ``numpy.split``.

    Raises:
        ShapeError: an int number of sections does not divide the axis length.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> [x.tolist() for x in fnp.split(np.arange(4.0), [1])]
    [[0.0], [1.0, 2.0, 3.0]]
    """
    ary = as_operand(ary)
    if isinstance(indices_or_sections, (int, np.integer)):
        n = ary.shape[normalize_axis(axis, ary.ndim, "fnp.split")]
        if indices_or_sections <= 0 or n % indices_or_sections:
            raise ShapeError(
                f"fnp.split: {indices_or_sections} sections do not divide an axis of length "
                f"{n} equally; use fnp.array_split for unequal sections."
            )
    return array_split(ary, indices_or_sections, axis)
