"""Products with NumPy's names and semantics: dot, matmul, tensordot, einsum, outer, inner,
vdot and kron, all bound to the one contraction primitive ``dot_general``.
"""

from __future__ import annotations

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import bind
from funcdiff.errors import AxisError, EinsumError, ShapeError
from funcdiff.primitives.linalg import dot_general_p

__all__ = ["dot", "matmul", "tensordot", "einsum", "outer", "inner", "vdot", "kron"]


def _shape(x):
    shape = getattr(x, "shape", None)
    return np.shape(x) if shape is None else shape


def _strong(x):
    # NumPy's products turn Python scalars into arrays of their default dtype (not weak).
    return np.asarray(x) if isinstance(x, (int, float, complex)) else x


def _check_pair(name, a_shape, b_shape, a_axes, b_axes):
    for i, j in zip(a_axes, b_axes, strict=True):
        if a_shape[i] != b_shape[j]:
            raise ShapeError(
                f"{name}: shapes {a_shape} and {b_shape} not aligned: {a_shape[i]} (axis {i}) "
                f"!= {b_shape[j]} (axis {j}); the contracted axes must have equal sizes."
            )


def _contract(a, b, a_axes, b_axes):
    # Bound directly with tuples of ints: dot_general()'s normalization cost 1.5 µs (timeit).
    return bind(dot_general_p, a, b, dimension_numbers=((tuple(a_axes), tuple(b_axes)), ((), ())))


def dot(a, b, out=None):
    """Dot product as ``numpy.dot``: scalars multiply, 1-D.1-D is the inner product, and
    otherwise the last axis of ``a`` meets the second-to-last (or only) axis of ``b``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.dot(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 1.0]))
    array([3., 7.])
    """
    _no_out("dot", out)
    a_shape, b_shape = _shape(a), _shape(b)
    if not a_shape or not b_shape:
        return P.mul(_strong(a), _strong(b))
    a_axis, b_axis = len(a_shape) - 1, max(len(b_shape) - 2, 0)
    if a_shape[a_axis] != b_shape[b_axis]:
        _check_pair("dot", a_shape, b_shape, (a_axis,), (b_axis,))
    return bind(dot_general_p, a, b, dimension_numbers=(((a_axis,), (b_axis,)), ((), ())))


def matmul(x1, x2, /, out=None):
    """Matrix product as ``numpy.matmul`` (``@``): leading axes broadcast, and a 1-D operand
    is a row (first) or column (second) vector whose axis is dropped from the result.

    Raises:
        ShapeError: a scalar operand, mismatched inner sizes or unbroadcastable stacks.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.matmul(np.ones((2, 3, 4)), np.ones((4, 5))).shape
    (2, 3, 5)
    """
    _no_out("matmul", out)
    s1, s2 = _shape(x1), _shape(x2)
    n1, n2 = len(s1), len(s2)
    if not n1 or not n2:
        raise ShapeError(
            f"matmul: operand {0 if not n1 else 1} is a scalar (shapes {s1} and {s2}); "
            "matmul needs arrays of at least 1 dimension. Use multiply for scalars."
        )
    c1, c2 = n1 - 1, max(n2 - 2, 0)
    if s1[c1] != s2[c2]:
        raise ShapeError(
            f"matmul: shapes {s1} and {s2} do not match in the contracted axis: "
            f"{s1[c1]} (axis {c1} of x1) != {s2[c2]} (axis {c2} of x2)."
        )
    lead1, lead2 = s1[:-2], s2[:-2]
    if not lead2:
        # The leading axes of x1 stay free axes; x2 is never broadcast over them.
        return _contract(x1, x2, (c1,), (c2,))
    if not lead1:
        out = _contract(x1, x2, (c1,), (c2,))
        if n1 == 1:
            return out
        # (m, *lead2, n) -> (*lead2, m, n)
        k = len(lead2)
        return P.transpose(out, permutation=tuple(range(1, k + 1)) + (0, k + 1))
    # Both are stacks: broadcast the leading axes (only where they differ) and batch them.
    lead = lead1 if lead1 == lead2 else P.registry.broadcast_shapes(lead1, lead2)
    x1 = P.broadcast_to(x1, shape=lead + s1[-2:])
    x2 = P.broadcast_to(x2, shape=lead + s2[-2:])
    batch = tuple(range(len(lead)))
    return bind(
        dot_general_p, x1, x2, dimension_numbers=(((len(lead) + 1,), (len(lead),)), (batch, batch))
    )


def _normalize(axis, ndim, name):
    if not -ndim <= axis < ndim:
        raise AxisError(f"{name}: axis {axis} is out of bounds for an array of dimension {ndim}")
    return axis % ndim


def tensordot(a, b, axes=2):
    """Sum products over the given axes, as ``numpy.tensordot``.

    ``axes`` is an int N (last N axes of ``a`` with the first N of ``b``) or a pair of axis
    sequences. The result has ``a``'s remaining axes, then ``b``'s.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.tensordot(np.ones((2, 3)), np.ones((3, 4)), axes=1).shape
    (2, 4)
    """
    a_shape, b_shape = _shape(a), _shape(b)
    if isinstance(axes, (int, np.integer)):
        a_axes = tuple(range(len(a_shape) - axes, len(a_shape)))
        b_axes = tuple(range(axes))
    else:
        a_axes, b_axes = axes
        a_axes = (a_axes,) if isinstance(a_axes, (int, np.integer)) else tuple(a_axes)
        b_axes = (b_axes,) if isinstance(b_axes, (int, np.integer)) else tuple(b_axes)
    if len(a_axes) != len(b_axes):
        raise ShapeError(
            f"tensordot: {len(a_axes)} axes of a {a_axes} but {len(b_axes)} axes of b {b_axes};"
            " give the same number of axes for both."
        )
    a_axes = tuple(_normalize(i, len(a_shape), "tensordot") for i in a_axes)
    b_axes = tuple(_normalize(i, len(b_shape), "tensordot") for i in b_axes)
    _check_pair("tensordot", a_shape, b_shape, a_axes, b_axes)
    return _contract(_strong(a), _strong(b), a_axes, b_axes)


def outer(a, b, out=None):
    """Outer product of the flattened inputs, as ``numpy.outer``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.outer(np.array([1.0, 2.0]), np.array([1.0, 10.0, 100.0])).shape
    (2, 3)
    """
    _no_out("outer", out)
    a, b = _ravel(_strong(a)), _ravel(_strong(b))
    return _contract(a, b, (), ())


def inner(a, b, /):
    """Inner product over the last axes, as ``numpy.inner`` (scalars multiply).

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> float(fnp.inner(np.array([1.0, 2.0]), np.array([3.0, 4.0])))
    11.0
    """
    a_shape, b_shape = _shape(a), _shape(b)
    if not a_shape or not b_shape:
        return P.mul(_strong(a), _strong(b))
    a_axis, b_axis = len(a_shape) - 1, len(b_shape) - 1
    _check_pair("inner", a_shape, b_shape, (a_axis,), (b_axis,))
    return _contract(a, b, (a_axis,), (b_axis,))


def vdot(a, b, /):
    """Dot product of the flattened inputs, conjugating ``a`` if complex, as ``numpy.vdot``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> float(fnp.vdot(np.ones((2, 2)), np.full((2, 2), 2.0)))
    8.0
    """
    a, b = _ravel(_strong(a)), _ravel(_strong(b))
    if _shape(a) != _shape(b):
        raise ShapeError(
            f"vdot: the inputs have {_shape(a)[0]} and {_shape(b)[0]} elements; "
            "vdot needs the same number of elements in both."
        )
    return _contract(P.complex_conj(a), b, (0,), (0,))


def kron(a, b):
    """Kronecker product, as ``numpy.kron``: blocks ``a[i, j] * b``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.kron(np.eye(2), np.ones((2, 2))).shape
    (4, 4)
    """
    a, b = _strong(a), _strong(b)
    a_shape, b_shape = _shape(a), _shape(b)
    nd = max(len(a_shape), len(b_shape))
    a_shape = (1,) * (nd - len(a_shape)) + tuple(a_shape)
    b_shape = (1,) * (nd - len(b_shape)) + tuple(b_shape)
    a, b = P.reshape(a, new_shape=a_shape), P.reshape(b, new_shape=b_shape)
    # The outer product has axes (a..., b...); interleave them as (a0, b0, a1, b1, ...).
    out = _contract(a, b, (), ())
    out = P.transpose(out, permutation=tuple(i for k in range(nd) for i in (k, nd + k)))
    return P.reshape(out, new_shape=tuple(m * n for m, n in zip(a_shape, b_shape, strict=True)))


def _ravel(x):
    shape = _shape(x)
    return P.reshape(x, new_shape=(int(np.prod(shape, dtype=np.int64)),))


def _no_out(name, out):
    if out is not None:
        raise TypeError(
            f"{name}: funcdiff arrays are immutable, so out= is not supported; "
            "use the returned array instead."
        )


def einsum(subscripts, *operands, out=None, dtype=None, order="K", casting="safe", optimize=False):
    """Einstein summation, as ``numpy.einsum``, bound to pairwise contractions.

    Supports explicit (``'ij,jk->ik'``) and implicit (``'ij,jk'``) outputs, ``...`` for
    broadcast leading axes, and repeated indices within one operand (``'ii->i'``, ``'ii'``).
    Operands are contracted left to right; ``order``, ``casting`` and ``optimize`` are
    accepted and ignored.

    Raises:
        EinsumError: a malformed subscript string or the interleaved (sublist) call form.
        ShapeError: an index bound to different sizes.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.einsum("ij,jk->ik", np.ones((2, 3)), np.ones((3, 4))).shape
    (2, 4)
    """
    _no_out("einsum", out)
    if not isinstance(subscripts, str):
        raise EinsumError(
            "einsum: the interleaved form einsum(op0, sublist0, ...) is not supported; "
            "pass a subscript string such as 'ij,jk->ik'."
        )
    result = _einsum(subscripts.replace(" ", ""), [_strong(x) for x in operands])
    return result if dtype is None else P.convert_element_type(result, new_dtype=dtype)


def _parse(subscripts, ndims):
    """Per-operand index lists and the output's, with '...' expanded to private letters."""
    inputs, arrow, output = subscripts.partition("->")
    specs = inputs.split(",")
    if len(specs) != len(ndims):
        raise EinsumError(
            f"einsum: {subscripts!r} names {len(specs)} operands but {len(ndims)} were given."
        )
    for spec in specs + [output]:
        if not spec.replace("...", "").isalpha() and spec.replace("...", ""):
            raise EinsumError(
                f"einsum: invalid subscripts {spec!r} in {subscripts!r}; use "
                "letters, ',' between operands, '->' and '...'."
            )
    n_ell = max(
        (nd - len(s.replace("...", "")) for s, nd in zip(specs, ndims, strict=True) if "..." in s),
        default=0,
    )
    ell = [chr(0x100 + i) for i in range(n_ell)]  # never a letter of the user's string
    parsed = []
    for spec, nd in zip(specs, ndims, strict=True):
        head, dots, tail = spec.partition("...")
        k = nd - len(head) - len(tail)
        if (k and not dots) or k < 0:
            raise EinsumError(
                f"einsum: operand subscripts {spec!r} do not match its {nd} dimensions."
            )
        parsed.append(list(head) + (ell[n_ell - k :] if k else []) + list(tail))
    if arrow:
        head, _, tail = output.partition("...")
        out = list(head) + (ell if "..." in output else []) + list(tail)
    else:
        letters = [c for spec in parsed for c in spec if c not in ell]
        out = ell + sorted(c for c in set(letters) if letters.count(c) == 1)
    return parsed, out


def _einsum(subscripts, operands):
    parsed, out = _parse(subscripts, [len(_shape(x)) for x in operands])
    sizes = {}
    for spec, x in zip(parsed, operands, strict=True):
        for c, n in zip(spec, _shape(x), strict=True):
            if sizes.get(c, 1) not in (1, n) and n != 1:
                raise ShapeError(
                    f"einsum: index {c!r} of {subscripts!r} has sizes "
                    f"{sizes[c]} and {n}; an index needs one size (or 1)."
                )
            sizes[c] = max(sizes.get(c, 1), n)
    missing = [c for c in out if c not in sizes]
    if missing or len(set(out)) != len(out):
        raise EinsumError(
            f"einsum: output of {subscripts!r} repeats an index or names one that no operand has."
        )
    terms = [_prepare(x, spec, sizes) for x, spec in zip(operands, parsed, strict=True)]
    x, xs = terms[0]
    for i, (y, ys) in enumerate(terms[1:], start=1):
        keep = set(out).union(*(s for _, s in terms[i + 1 :]))
        x, xs = _sum_unused(x, xs, keep | set(ys))
        y, ys = _sum_unused(y, ys, keep | set(xs))
        common = [c for c in xs if c in ys]
        batch = [c for c in common if c in keep]
        summed = [c for c in common if c not in keep]
        dims = (
            ([xs.index(c) for c in summed], [ys.index(c) for c in summed]),
            ([xs.index(c) for c in batch], [ys.index(c) for c in batch]),
        )
        x = P.dot_general(x, y, dimension_numbers=dims)
        xs = batch + [c for c in xs if c not in common] + [c for c in ys if c not in common]
    x, xs = _sum_unused(x, xs, set(out))
    return P.transpose(x, permutation=tuple(xs.index(c) for c in out))


def _prepare(x, spec, sizes):
    """Take diagonals of repeated indices and drop size-1 axes that broadcast."""
    spec = list(spec)
    shape = list(_shape(x))
    dtype = getattr(x, "dtype", None) or np.asarray(x).dtype
    for c in set(spec):
        while spec.count(c) > 1:
            # x_..i..i.. -> x_..i..: multiply by the identity on the two axes and sum one away.
            p = spec.index(c)
            q = spec.index(c, p + 1)
            eye_shape = [1] * len(spec)
            eye_shape[p] = eye_shape[q] = shape[p]
            eye = np.eye(shape[p], dtype=dtype).reshape(eye_shape)
            x = P.reduce_sum(P.mul(x, eye), axes=(q,))
            x = P.convert_element_type(x, new_dtype=dtype)
            del spec[q], shape[q]
    squeeze = [i for i, c in enumerate(spec) if shape[i] == 1 and sizes[c] != 1]
    if squeeze:
        x = P.reshape(x, new_shape=[n for i, n in enumerate(shape) if i not in squeeze])
        spec = [c for i, c in enumerate(spec) if i not in squeeze]
    return x, spec


def _sum_unused(x, spec, keep):
    axes = [i for i, c in enumerate(spec) if c not in keep]
    if not axes:
        return x, spec
    return P.reduce_sum(x, axes=axes), [c for c in spec if c in keep]
