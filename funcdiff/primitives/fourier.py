"""Discrete Fourier transforms (one primitive, four kinds), and guards around the real-part and
conjugate primitives (from the unary family) that their transposes need.

Cotangents of complex values follow JAX's convention: a transpose rule applies the plain
(unconjugated) transpose of a complex-linear map, so a cotangent is the conjugate of the real
adjoint's. With it the DFT matrix, being symmetric, is its own transpose.
"""

from __future__ import annotations

import numpy as np

from funcdiff.core import ShapedArray, bind
from funcdiff.primitives import binary as bin_ops
from funcdiff.primitives import shape as shp
from funcdiff.primitives import unary as un
from funcdiff.primitives.registry import define, linear_jvp

_COMPLEX = {
    np.dtype(np.float32): np.dtype(np.complex64),
    np.dtype(np.complex64): np.dtype(np.complex64),
}
_SWAPPED_NORM = {"backward": "forward", "ortho": "ortho", "forward": "backward"}


def complex_dtype(dtype):
    """The complex dtype NumPy's FFTs return for inputs of ``dtype``."""
    return _COMPLEX.get(np.dtype(dtype), np.dtype(np.complex128))


def real_dtype(dtype):
    """The real dtype of the same precision as ``dtype``."""
    return np.dtype(np.float32) if np.dtype(dtype) in _COMPLEX else np.dtype(np.float64)


# ----------------------------------------------------------------------------- real / conj
def complex_real(x):
    """The real part of complex ``x`` (real ``x`` passes through, with no primitive)."""
    if np.dtype(getattr(x, "dtype", np.float64)).kind != "c":
        return x
    return un.real(x)


def complex_conj(x):
    """The complex conjugate of ``x`` (real ``x`` passes through, with no primitive)."""
    if np.dtype(getattr(x, "dtype", np.float64)).kind != "c":
        return x
    return un.conj(x)


# ----------------------------------------------------------------------------- fft
_IMPLS = {"fft": np.fft.fftn, "ifft": np.fft.ifftn, "rfft": np.fft.rfftn, "irfft": np.fft.irfftn}


def _fft_impl(x, *, kind, axes, lengths, norm):
    return _IMPLS[kind](x, s=lengths, axes=axes, norm=norm)


def _fft_abstract_eval(x, *, kind, axes, lengths, norm):
    shape = list(x.shape)
    if kind == "rfft":
        shape[axes[-1]] = lengths[-1] // 2 + 1
    elif kind == "irfft":
        shape[axes[-1]] = lengths[-1]
        return ShapedArray(tuple(shape), real_dtype(x.dtype))
    return ShapedArray(tuple(shape), complex_dtype(x.dtype))


def _fft_transpose(ct, x, *, kind, axes, lengths, norm):
    params = dict(axes=axes, lengths=lengths)
    if kind in ("fft", "ifft"):
        # The (multi-dimensional) DFT matrix is symmetric, scaling included.
        x_ct = fft(ct, kind=kind, norm=norm, **params)
    elif kind == "rfft":
        # rfft = (keep the first n//2+1 bins) . fft . (real to complex): transpose each.
        last = axes[-1]
        hi = [0] * len(x.aval.shape)
        hi[last] = lengths[-1] - ct.shape[last]
        padded = shp.pad_zeros(ct, lo=(0,) * len(hi), hi=tuple(hi))
        x_ct = fft(padded, kind="fft", norm=norm, **params)
    else:
        # irfft reads bin k and its mirror n-k, so the interior bins weigh twice; its real
        # adjoint is w * rfft(ct) at the reciprocal scale, conjugated by the convention.
        m = x.aval.shape[axes[-1]]
        weights = np.full(m, 2.0, real_dtype(ct.dtype))
        weights[0] = 1.0
        if lengths[-1] % 2 == 0:
            weights[-1] = 1.0
        weights = weights.reshape((m,) + (1,) * (len(x.aval.shape) - 1 - axes[-1]))
        spectrum = fft(ct, kind="rfft", norm=_SWAPPED_NORM[norm], **params)
        x_ct = complex_conj(bin_ops.mul(spectrum, weights))
    if x.aval.dtype.kind != "c":
        x_ct = complex_real(x_ct)
    return [x_ct]


def _fft_batch(args, dims, *, kind, axes, lengths, norm):
    (x,), (x_bdim,) = args, dims
    # Transforming other axes leaves the mapped axis where it is.
    axes = tuple(a + (a >= x_bdim) for a in axes)
    return fft(x, kind=kind, axes=axes, lengths=lengths, norm=norm), x_bdim


fft_p = define(
    "fft",
    impl=_fft_impl,
    abstract_eval=_fft_abstract_eval,
    jvp=linear_jvp,
    transpose=_fft_transpose,
    batch=_fft_batch,
)


def fft(x, *, kind, axes, lengths, norm):
    """An n-dimensional DFT of ``kind`` fft, ifft, rfft or irfft over ``axes``.

    ``lengths`` are the transform sizes: the input's sizes along ``axes`` for fft, ifft and
    rfft (the facade pads or crops first) and the output's sizes for irfft, whose input must
    have ``lengths[-1] // 2 + 1`` bins along the last axis. ``norm`` is NumPy's.
    """
    return bind(fft_p, x, kind=kind, axes=tuple(axes), lengths=tuple(lengths), norm=norm)


__all__ = [
    "complex_conj",
    "complex_dtype",
    "complex_real",
    "fft",
    "fft_p",
    "real_dtype",
]
