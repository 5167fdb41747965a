"""Order statistics with NumPy's names: median, percentile, quantile and their NaN-aware forms,
computed from a sort so that derivatives flow to the entries that define each value; also
cov and corrcoef.
"""

from __future__ import annotations

import math

import numpy as np

from funcdiff import primitives as P
from funcdiff.core import Tracer, get_aval
from funcdiff.errors import ConcretizationError, OptionError, ValueDomainError
from funcdiff.numpy import _reductions as red
from funcdiff.numpy._indexing import _concrete_or_none, sort, take_along_axis
from funcdiff.numpy._joining import _axes, as_operand

__all__ = [
    "corrcoef", "cov", "median", "nanmedian", "nanpercentile", "nanquantile", "percentile",
    "quantile",
]  # fmt: skip


def _traced(*xs):
    return any(isinstance(x, Tracer) for x in xs)


# ----------------------------------------------------------------------------- sorted samples
def _samples(a, axis, where):
    """``a`` with the reduced axes merged into a sorted leading axis (NaN last), the shape of
    what is left, and the reduced axes."""
    axes = tuple(range(a.ndim)) if axis is None else tuple(sorted(_axes(axis, a.ndim, where)))
    rest = tuple(i for i in range(a.ndim) if i not in axes)
    x = P.transpose(a, permutation=axes + rest)
    rest_shape = tuple(a.shape[i] for i in rest)
    x = P.reshape(x, new_shape=(math.prod(a.shape[i] for i in axes),) + rest_shape)
    return sort(x, axis=0), rest_shape, axes


def _finish(out, a_shape, axes, keepdims, lead=()):
    if not keepdims:
        return out
    kept = tuple(1 if i in axes else n for i, n in enumerate(a_shape))
    return P.reshape(out, new_shape=lead + kept)


def _nan_slices(s, out):
    # A slice holding NaN sorts it last; NumPy's result for that slice is NaN.
    if s.dtype.kind not in "fc":
        return out
    last = s[-1]
    return P.select(P.ne(last, last), P.convert_element_type(last, new_dtype=out.dtype), out)


def _valid_count(s):
    return red.sum(P.eq(s, s), axis=0)  # int64 per slice: how many entries are not NaN


# ----------------------------------------------------------------------------- median
def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """Median over ``axis`` (None: all), as ``numpy.median``; NaN slices give NaN.

    The derivative goes to the middle entry, or half to each of the two middle entries.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> fd.grad(fnp.median)(np.array([3.0, 1.0, 4.0, 2.0]))
    array([0.5, 0. , 0. , 0.5])
    """
    if not _traced(a):
        return np.median(a, axis, out, overwrite_input, keepdims)
    _no_out(out, "median")
    a = as_operand(a)
    s, rest_shape, axes = _samples(a, axis, "fnp.median")
    n = s.shape[0]
    middle = s[(n - 1) // 2 : n // 2 + 1]
    return _finish(_nan_slices(s, red.mean(middle, axis=0)), a.shape, axes, keepdims)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """Median of the non-NaN entries over ``axis``, as ``numpy.nanmedian``.

    NaN entries get a zero derivative; an all-NaN slice gives NaN.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nanmedian(np.array([3.0, np.nan, 1.0])))
    2.0
    """
    if not _traced(a):
        return np.nanmedian(a, axis, out, overwrite_input, keepdims)
    _no_out(out, "nanmedian")
    a = as_operand(a)
    if a.dtype.kind not in "fc":
        return median(a, axis, out, overwrite_input, keepdims)
    s, rest_shape, axes = _samples(a, axis, "fnp.nanmedian")
    count = _valid_count(s)
    lo = _take_rows(s, P.floor_divide(P.sub(count, 1), 2))
    hi = _take_rows(s, P.floor_divide(count, 2))
    mid = P.div(P.add(lo, hi), 2)
    return _finish(mid, a.shape, axes, keepdims)


def _take_rows(s, idx):
    """``s[idx[r], r]`` for every trailing position ``r`` (idx has shape ``s.shape[1:]``)."""
    idx = P.maximum(idx, 0)  # an all-NaN slice reads row 0, which is NaN
    return take_along_axis(s, P.reshape(idx, new_shape=(1,) + s.shape[1:]), axis=0)[0]


# ----------------------------------------------------------------------------- quantiles
_METHODS = (
    "inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
    "hazen", "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher",
    "midpoint", "nearest",
)  # fmt: skip
_DISCRETE = {"inverted_cdf", "closest_observation", "lower", "higher", "nearest"}
# Hyndman & Fan's plotting positions: virtual index n q + alpha + q (1 - alpha - beta) - 1.
_ALPHA_BETA = {
    "interpolated_inverted_cdf": (0.0, 1.0), "hazen": (0.5, 0.5), "weibull": (0.0, 0.0),
    "median_unbiased": (1 / 3.0, 1 / 3.0), "normal_unbiased": (3 / 8.0, 3 / 8.0),
}  # fmt: skip


def _fnp():
    import funcdiff.numpy as fnp

    return fnp


def _virtual_index(method, n, q):
    """Where quantile ``q`` sits among ``n`` sorted samples (n an int or an int array)."""
    fnp = _fnp()
    if method == "linear":
        return (n - 1) * q if isinstance(n, int) else P.mul(P.sub(n, 1), q)
    if method in ("lower", "higher", "nearest", "midpoint"):
        g = P.mul(P.sub(n, 1), q)
        if method == "midpoint":
            return P.mul(0.5, P.add(fnp.floor(g), fnp.ceil(g)))
        rounded = {"lower": fnp.floor, "higher": fnp.ceil, "nearest": fnp.round}[method](g)
        return P.convert_element_type(rounded, new_dtype=np.intp)
    if method == "averaged_inverted_cdf":
        return P.sub(P.mul(n, q), 1)
    if method in ("inverted_cdf", "closest_observation"):
        shift = 1 if method == "inverted_cdf" else 1.5
        index = P.sub(P.mul(n, q), shift)
        prev = fnp.floor(index)
        at_step = P.eq(P.sub(index, prev), 0)
        if method == "closest_observation":  # the nearest even order statistic at g = 0
            at_step = P.logical_and(at_step, P.eq(fnp.mod(prev, 2), 1))
        res = P.convert_element_type(P.select(at_step, prev, P.add(prev, 1)), new_dtype=np.intp)
        return P.maximum(res, 0)
    alpha, beta = _ALPHA_BETA[method]
    return P.sub(P.add(P.mul(n, q), P.add(alpha, P.mul(q, 1 - alpha - beta))), 1)


def _gamma(method, vi, prev):
    gamma = P.sub(vi, prev)
    if method == "averaged_inverted_cdf":
        return P.select(P.eq(gamma, 0), 0.5, P.mul(gamma, 0) + 1.0)
    if method == "midpoint":
        return P.select(P.eq(_fnp().mod(vi, 1), 0), 0.0, P.mul(gamma, 0) + 0.5)
    return gamma


def _lerp(lo, hi, t, weak, dtype):
    # NumPy's two-sided lerp: from lo below t = 0.5 and from hi above, exact at both ends.
    diff = P.sub(hi, lo)
    one_minus = P.sub(1.0, t)
    if weak and dtype.kind == "f":
        # A Python-float q is weak: the weight is rounded to the data's dtype, as NumPy.
        t_cast, one_minus = (P.convert_element_type(v, new_dtype=dtype) for v in (t, one_minus))
    else:
        t_cast = t
    up = P.sub(hi, P.mul(diff, one_minus))
    return P.select(P.ge(t, 0.5), up, P.add(lo, P.mul(diff, t_cast)))


def _quantile(a, q, axis, method, keepdims, weak, nan_aware, name):
    if method not in _METHODS:
        raise OptionError(f"fnp.{name}: {method!r} is not a valid method. Use one of {_METHODS}.")
    a = as_operand(a)
    if a.dtype.kind == "c":
        raise TypeError(f"fnp.{name}: a must be an array of real numbers, got {a.dtype}")
    s, rest_shape, axes = _samples(a, axis, f"fnp.{name}")
    if nan_aware and a.dtype.kind == "f":
        n = _valid_count(s)
        q_b = np.reshape(q, q.shape + (1,) * len(rest_shape))
    else:
        n, q_b = s.shape[0], q
    vi = _virtual_index(method, n, q_b)
    if method in _DISCRETE or np.dtype(get_aval(vi).dtype).kind in "iu":
        out = _gather(s, vi, q.shape, rest_shape)
    else:
        last = P.sub(n, 1)
        prev = _fnp().floor(vi)
        gamma = _gamma(method, vi, prev)
        lo_idx = P.convert_element_type(prev, new_dtype=np.intp)
        hi_idx = P.add(lo_idx, 1)
        top, bottom = P.ge(vi, last), P.lt(vi, 0)
        lo_idx = P.select(top, last, P.select(bottom, 0, lo_idx))
        hi_idx = P.select(top, last, P.select(bottom, 0, hi_idx))
        if not nan_aware:
            gamma = P.reshape(gamma, new_shape=q.shape + (1,) * len(rest_shape))
        lo, hi = _gather(s, lo_idx, q.shape, rest_shape), _gather(s, hi_idx, q.shape, rest_shape)
        out = _lerp(lo, hi, gamma, weak, a.dtype)
    if not nan_aware:
        out = _nan_slices(s, out)
    return _finish(out, a.shape, axes, keepdims, q.shape)


def _gather(s, idx, q_shape, rest_shape):
    """``s[idx, r]`` with idx of shape ``q.shape`` or ``q.shape + rest``: q.shape + rest."""
    m = math.prod(q_shape)
    idx = P.maximum(idx, 0)  # an all-NaN slice has no valid entry; it reads row 0 (NaN)
    tail = get_aval(idx).shape[len(q_shape) :] or (1,) * len(rest_shape)
    idx = P.broadcast_to(P.reshape(idx, new_shape=(m,) + tail), shape=(m,) + rest_shape)
    out = take_along_axis(s, idx, axis=0)
    return P.reshape(out, new_shape=q_shape + rest_shape)


def _concrete_q(q, name, scale=1):
    concrete = _concrete_or_none(q)
    if isinstance(concrete, Tracer) or concrete is None:
        raise ConcretizationError(
            f"fnp.{name}: q must be concrete (a NumPy array or number), got a traced value. "
            "funcdiff differentiates quantiles with respect to a, not q; compute q outside "
            "the transformed function."
        )
    weak = type(q) in (int, float)
    q = np.asarray(np.true_divide(concrete, scale) if scale != 1 else concrete)
    if q.ndim > 2:
        raise ValueDomainError(f"fnp.{name}: q must be a scalar or 1d, got shape {q.shape}")
    lo, hi = (0, scale) if scale != 1 else (0, 1)
    if not (np.all(q >= 0) and np.all(q <= 1)):
        raise ValueDomainError(f"fnp.{name}: q must be in the range [{lo}, {hi}].")
    return q, weak


def _no_out(out, name):
    if out is not None:
        raise ValueDomainError(
            f"fnp.{name}: out= is not supported on traced arrays, which are immutable; use "
            "the returned array."
        )


def _dispatch(name, a, q, axis, out, overwrite_input, method, keepdims, weights, scale, nan):
    if not _traced(a, q, weights):
        return getattr(np, name)(a, q, axis, out, overwrite_input, method, keepdims,
                                 weights=weights)  # fmt: skip
    _no_out(out, name)
    if weights is not None:
        raise OptionError(
            f"fnp.{name}: weights= is not supported on traced arrays; pass plain NumPy arrays "
            "or leave weights out."
        )
    q, weak = _concrete_q(q, name, scale)
    return _quantile(a, q, axis, method, keepdims, weak, nan, name)


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None):  # fmt: skip
    """The ``q``-th quantiles over ``axis``, as ``numpy.quantile`` (every ``method``).

    Differentiable in ``a`` (interpolation weights are constants); ``q`` must be concrete.
    ``weights=`` works on plain arrays only.

    Raises:
        ValueDomainError: q outside [0, 1]. OptionError: an unknown method.
        ConcretizationError: a traced q.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.quantile(np.array([1.0, 2.0, 3.0, 4.0]), 0.5))
    2.5
    """
    return _dispatch("quantile", a, q, axis, out, overwrite_input, method, keepdims, weights,
                     1, False)  # fmt: skip


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None):  # fmt: skip
    """The ``q``-th percentiles (q in [0, 100]) over ``axis``, as ``numpy.percentile``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.percentile(np.array([1.0, 2.0, 3.0]), 50))
    2.0
    """
    return _dispatch("percentile", a, q, axis, out, overwrite_input, method, keepdims, weights,
                     100, False)  # fmt: skip


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=False, *, weights=None):  # fmt: skip
    """Quantiles of the non-NaN entries over ``axis``, as ``numpy.nanquantile``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nanquantile(np.array([1.0, np.nan, 3.0]), 0.5))
    2.0
    """
    return _dispatch("nanquantile", a, q, axis, out, overwrite_input, method, keepdims,
                     weights, 1, True)  # fmt: skip


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=False, *, weights=None):  # fmt: skip
    """Percentiles of the non-NaN entries over ``axis``, as ``numpy.nanpercentile``.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> float(fnp.nanpercentile(np.array([1.0, np.nan, 3.0]), 100))
    3.0
    """
    return _dispatch("nanpercentile", a, q, axis, out, overwrite_input, method, keepdims,
                     weights, 100, True)  # fmt: skip


# ----------------------------------------------------------------------------- covariance
def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
        dtype=None):  # fmt: skip
    """Covariance matrix of the rows (``rowvar``) or columns of ``m``, as ``numpy.cov``.

    Differentiable in ``m``, ``y`` and ``aweights``; ``fweights`` are integer counts.

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.cov(np.array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
    array([[ 1., -1.],
           [-1.,  1.]])
    """
    if not _traced(m, y, fweights, aweights):
        return np.cov(m, y, rowvar, bias, ddof, fweights, aweights, dtype=dtype)
    fnp = _fnp()
    m = as_operand(m)
    if m.ndim > 2:
        raise ValueDomainError(f"fnp.cov: m has more than 2 dimensions (shape {m.shape})")
    if dtype is None:
        dtype = np.result_type(m.dtype, *(() if y is None else (get_aval(y).dtype,)), np.float64)
    x = _rows(m, lambda x: not rowvar and m.ndim != 1, dtype)
    if y is not None:
        y = _rows(as_operand(y), lambda y: not rowvar and y.shape[0] != 1, dtype)
        x = fnp.concatenate((x, y), axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    w = None
    for weights in (fweights, aweights):
        if weights is not None:
            weights = P.convert_element_type(as_operand(weights), new_dtype=np.float64)
            w = weights if w is None else P.mul(w, weights)
    avg = red.average(x, axis=1, weights=w)
    if w is None:
        fact = x.shape[1] - ddof
    elif ddof == 0 or aweights is None:
        fact = P.sub(red.sum(w), ddof)
    else:
        w_sum = red.sum(w)
        fact = P.sub(w_sum, P.div(P.mul(ddof, red.sum(P.mul(w, aweights))), w_sum))
    x = P.sub(x, P.reshape(avg, new_shape=(x.shape[0], 1)))
    x_t = fnp.transpose(x if w is None else P.mul(x, w))
    c = P.mul(fnp.matmul(x, fnp.conj(x_t)), P.div(1.0, fact))
    return fnp.squeeze(c)


def _rows(m, transpose, dtype):
    x = P.convert_element_type(m, new_dtype=dtype)
    if x.ndim < 2:
        x = P.reshape(x, new_shape=(1, x.size))
    return _fnp().transpose(x) if transpose(x) else x


def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """Pearson correlation coefficients, as ``numpy.corrcoef`` (clipped to [-1, 1]).

    >>> import funcdiff.numpy as fnp, numpy as np
    >>> fnp.corrcoef(np.array([[0.0, 1.0, 2.0], [2.0, 1.5, 0.0]])).round(3)
    array([[ 1.   , -0.961],
           [-0.961,  1.   ]])
    """
    if not _traced(x, y):
        return np.corrcoef(x, y, rowvar, dtype=dtype)
    fnp = _fnp()
    c = cov(x, y, rowvar, dtype=dtype)
    if c.ndim == 0:
        return P.div(c, c)
    std = fnp.sqrt(fnp.real(fnp.diagonal(c)))
    c = P.div(P.div(c, P.reshape(std, new_shape=(std.shape[0], 1))), std)
    return fnp.clip(c, -1, 1) if c.dtype.kind == "f" else c
