"""funcdiff.numpy.fft: NumPy's discrete Fourier transforms (n, axis, s, axes and norm as
NumPy), differentiable and batchable; complex results have NumPy's dtypes.
"""

from __future__ import annotations

from numpy.fft import fftfreq, rfftfreq

from funcdiff import primitives as P
from funcdiff.errors import AxisError, OptionError, ShapeError
from funcdiff.numpy._products import _no_out, _shape

__all__ = [
    "fft",
    "ifft",
    "rfft",
    "irfft",
    "fft2",
    "ifft2",
    "rfft2",
    "irfft2",
    "fftn",
    "ifftn",
    "rfftn",
    "irfftn",
    "fftfreq",
    "rfftfreq",
    "hfft",
    "ihfft",
    "fftshift",
    "ifftshift",
]

_NORMS = {None: "backward", "backward": "backward", "ortho": "ortho", "forward": "forward"}


def _resize(x, axes, sizes):
    """Crop or zero-pad ``x`` along ``axes`` to ``sizes``, as NumPy does with ``n``/``s``."""
    shape = _shape(x)
    limits, hi = list(shape), [0] * len(shape)
    for a, n in zip(axes, sizes, strict=True):
        limits[a] = min(shape[a], n)
        hi[a] = max(n - shape[a], 0)
    x = P.static_slice(x, starts=(0,) * len(shape), limits=limits)
    return P.pad_zeros(x, lo=(0,) * len(shape), hi=hi)


def _transform(name, kind, a, s, axes, norm, out):
    _no_out(f"fft.{name}", out)
    if norm not in _NORMS:
        raise OptionError(
            f"fft.{name}: norm must be 'backward', 'ortho', 'forward' or None, got {norm!r}."
        )
    shape = _shape(a)
    nd = len(shape)
    if axes is None:
        axes = tuple(range(nd)) if s is None else tuple(range(nd - len(s), nd))
    axes = tuple(axes)
    for ax in axes:
        if not -nd <= ax < nd:
            raise AxisError(f"fft.{name}: axis {ax} is out of bounds for a {nd}-D array.")
    axes = tuple(ax % nd for ax in axes)
    if len(set(axes)) != len(axes) or not axes:
        raise AxisError(f"fft.{name}: axes {axes} must be distinct and non-empty.")
    if s is None:
        s = [shape[ax] for ax in axes]
        if kind == "irfft":
            s[-1] = 2 * (s[-1] - 1)
    s = [int(n) for n in s]
    if len(s) != len(axes) or any(n < 1 for n in s):
        raise ShapeError(f"fft.{name}: lengths {s} must be positive, one per axis {axes}.")
    # The primitive wants its input already at the transform's sizes (irfft: n//2+1 bins).
    in_sizes = s[:-1] + [s[-1] // 2 + 1] if kind == "irfft" else s
    a = _resize(a, axes, in_sizes)
    return P.fft(a, kind=kind, axes=axes, lengths=s, norm=_NORMS[norm])


def fft(a, n=None, axis=-1, norm=None, out=None):
    """One-dimensional discrete Fourier transform, as ``numpy.fft.fft``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> np.round(fnp.fft.fft(np.array([1.0, 0.0, 0.0, 0.0])).real, 6)
    array([1., 1., 1., 1.])
    """
    return _transform("fft", "fft", a, None if n is None else [n], [axis], norm, out)


def ifft(a, n=None, axis=-1, norm=None, out=None):
    """One-dimensional inverse DFT, as ``numpy.fft.ifft``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> np.round(fnp.fft.ifft(np.ones(4)).real, 6)
    array([1., 0., 0., 0.])
    """
    return _transform("ifft", "ifft", a, None if n is None else [n], [axis], norm, out)


def rfft(a, n=None, axis=-1, norm=None, out=None):
    """DFT of real input: the n//2+1 non-negative frequencies, as ``numpy.fft.rfft``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.rfft(np.ones(4)).shape
    (3,)
    """
    return _transform("rfft", "rfft", a, None if n is None else [n], [axis], norm, out)


def irfft(a, n=None, axis=-1, norm=None, out=None):
    """Inverse of rfft, a real signal of length n (default 2*(m-1)), as ``numpy.fft.irfft``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.irfft(np.array([4.0, 0.0, 0.0]))
    array([1., 1., 1., 1.])
    """
    return _transform("irfft", "irfft", a, None if n is None else [n], [axis], norm, out)


def fft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """Two-dimensional DFT, as ``numpy.fft.fft2``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.fft2(np.ones((2, 2))).dtype
    dtype('complex128')
    """
    return _transform("fft2", "fft", a, s, axes, norm, out)


def ifft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """Two-dimensional inverse DFT, as ``numpy.fft.ifft2``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.ifft2(np.ones((2, 2))).shape
    (2, 2)
    """
    return _transform("ifft2", "ifft", a, s, axes, norm, out)


def rfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """Two-dimensional DFT of real input, as ``numpy.fft.rfft2``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.rfft2(np.ones((2, 4))).shape
    (2, 3)
    """
    return _transform("rfft2", "rfft", a, s, axes, norm, out)


def irfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """Two-dimensional inverse of rfft2, as ``numpy.fft.irfft2``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.irfft2(np.ones((2, 3))).shape
    (2, 4)
    """
    return _transform("irfft2", "irfft", a, s, axes, norm, out)


def fftn(a, s=None, axes=None, norm=None, out=None):
    """N-dimensional DFT, as ``numpy.fft.fftn``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.fftn(np.ones((2, 2, 2))).shape
    (2, 2, 2)
    """
    return _transform("fftn", "fft", a, s, axes, norm, out)


def ifftn(a, s=None, axes=None, norm=None, out=None):
    """N-dimensional inverse DFT, as ``numpy.fft.ifftn``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.ifftn(np.ones((2, 2))).shape
    (2, 2)
    """
    return _transform("ifftn", "ifft", a, s, axes, norm, out)


def rfftn(a, s=None, axes=None, norm=None, out=None):
    """N-dimensional DFT of real input, as ``numpy.fft.rfftn``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.rfftn(np.ones((2, 4))).shape
    (2, 3)
    """
    return _transform("rfftn", "rfft", a, s, axes, norm, out)


def irfftn(a, s=None, axes=None, norm=None, out=None):
    """N-dimensional inverse of rfftn, as ``numpy.fft.irfftn``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.irfftn(np.ones((2, 3))).shape
    (2, 4)
    """
    return _transform("irfftn", "irfft", a, s, axes, norm, out)


def hfft(a, n=None, axis=-1, norm=None, out=None):
    """DFT of a signal with Hermitian symmetry (given by its first half), a real spectrum of
    length n (default 2*(m-1)), as ``numpy.fft.hfft``: ``irfft(conj(a))`` at the swapped
    normalization.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.hfft(np.array([1.0, 0.0, 0.0]))
    array([1., 1., 1., 1.])
    """
    a = P.complex_conj(a)
    return _transform("hfft", "irfft", a, None if n is None else [n], [axis], _swap(norm), out)


def ihfft(a, n=None, axis=-1, norm=None, out=None):
    """Inverse of hfft for real input: ``conj(rfft(a)) / n``, the n//2+1 non-negative
    frequencies, as ``numpy.fft.ihfft``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.ihfft(np.ones(4))
    array([1.-0.j, 0.-0.j, 0.-0.j])
    """
    spectrum = _transform("ihfft", "rfft", a, None if n is None else [n], [axis], _swap(norm), out)
    return P.complex_conj(spectrum)


def _swap(norm):
    if norm not in _NORMS:
        return norm  # _transform names the bad value
    return {"backward": "forward", "ortho": "ortho", "forward": "backward"}[_NORMS[norm]]


def _shift(name, x, axes, sign):
    from funcdiff.numpy import roll

    shape = _shape(x)
    if axes is None:
        axes = tuple(range(len(shape)))
    for ax in (axes,) if isinstance(axes, int) else axes:
        if not -len(shape) <= ax < len(shape):
            raise AxisError(f"fft.{name}: axis {ax} is out of bounds for a {len(shape)}-D array.")
    shift = (
        sign * (shape[axes] // 2)
        if isinstance(axes, int)
        else [sign * (shape[ax] // 2) for ax in axes]
    )
    return roll(x, shift, axes)


def fftshift(x, axes=None):
    """Move the zero-frequency term to the center (a roll by n//2 along ``axes``), as
    ``numpy.fft.fftshift``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.fftshift(np.arange(5.0))
    array([3., 4., 0., 1., 2.])
    """
    return _shift("fftshift", x, axes, 1)


def ifftshift(x, axes=None):
    """The inverse of fftshift (a roll by -(n//2) along ``axes``), as
    ``numpy.fft.ifftshift``.

    >>> import numpy as np, funcdiff.numpy as fnp
    >>> fnp.fft.ifftshift(np.arange(5.0))
    array([2., 3., 4., 0., 1.])
    """
    return _shift("ifftshift", x, axes, -1)
