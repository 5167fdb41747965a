"""Rows for linalg_factorizations: qr, svd, svdvals, pinv, lstsq, matrix_rank, cond, matrix and
vector norms, diagonal, trace, cross, vecdot, tensorsolve, tensorinv, and fft's hfft, ihfft,
fftshift and ifftshift."""

import numpy as np
from primitive_cases import Case

import funcdiff.numpy as fnp
from cases.linalg import np_sym, spectral_weights, sym, well_conditioned


def distinct_singular(*shapes):
    """U diag(1, 2, ..., k) V^T with random orthonormal U, V: singular values 1 apart, so the
    SVD's derivative (which divides by s_i^2 - s_j^2) is well away from its poles."""

    def make(rng):
        out = []
        for shape in shapes:
            *lead, m, n = shape
            k = min(m, n)
            u, _ = np.linalg.qr(rng.standard_normal((*lead, m, k)))
            v, _ = np.linalg.qr(rng.standard_normal((*lead, n, k)))
            s = np.arange(k, 0.0, -1.0)
            out.append(((u * s) @ np.linalg.matrix_transpose(v),))
        return out

    return make


def tall(*shapes):
    """Full-rank m x n samples: random + 3 I on the leading square block."""

    def make(rng):
        return [
            (rng.uniform(-1.0, 1.0, size=shape) + 3.0 * np.eye(*shape[-2:]),) for shape in shapes
        ]

    return make


def low_rank(rng):
    """Rank-2 samples (a 4 x 3 product of 4 x 2 and 2 x 3) and a stack of rank-2 3 x 3."""
    b, c = rng.standard_normal((4, 2)), rng.standard_normal((2, 3))
    d, e = rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 2, 3))
    return [(b @ c,), (d @ e,)]


def least_squares(rng):
    """Tall full-rank systems: b a vector, then b with two columns."""
    a1 = rng.uniform(-1.0, 1.0, (5, 3)) + 3.0 * np.eye(5, 3)
    a2 = rng.uniform(-1.0, 1.0, (4, 2)) + 3.0 * np.eye(4, 2)
    return [(a1, rng.uniform(-1.0, 1.0, 5)), (a2, rng.uniform(-1.0, 1.0, (4, 2)))]


def square_tensor(rng):
    """A (2, 3, 2, 3) tensor from a well-conditioned 6 x 6 matrix, and a (2, 3) right side."""
    a = rng.uniform(-1.0, 1.0, (6, 6)) + 3.0 * np.eye(6)
    return [(a.reshape(2, 3, 2, 3), rng.uniform(-1.0, 1.0, (2, 3)))]


def _squares(result):
    # Singular vectors are unique up to sign: their squares are smooth functions of A.
    u, s, vh = result
    return u * u, s, vh * vh


def _lstsq_values(result):
    x, residuals, _, s = result
    return x, residuals, s


def fft_row(name, fn, shapes):
    """A row for ``sin(fn(module, x))`` with module funcdiff.numpy or, as reference, numpy."""
    return Case(
        lambda x: fnp.sin(fn(fnp, x)),
        shapes=shapes,
        name=name,
        reference=lambda x: np.sin(fn(np, x)),
    )


CASES = [
    # QR: Householder signs are fixed by the (well away from 0) diagonal, so Q and R are smooth
    Case(
        fnp.linalg.qr,
        args_maker=tall((4, 3), (2, 3, 4)),
        name="qr_reduced",
        reference=lambda a: tuple(np.linalg.qr(a)),
    ),
    Case(
        lambda a: fnp.linalg.qr(a, mode="complete"),
        args_maker=tall((3, 3), (2, 2, 3)),
        name="qr_complete",
        reference=lambda a: tuple(np.linalg.qr(a, mode="complete")),
    ),
    Case(
        lambda a: fnp.linalg.qr(a, mode="r"),
        args_maker=tall((3, 2)),
        name="qr_r",
        reference=lambda a: np.linalg.qr(a, mode="r"),
    ),
    # SVD on inputs with singular values 1 apart
    Case(
        lambda a: _squares(fnp.linalg.svd(a, full_matrices=False)),
        args_maker=distinct_singular((4, 3), (2, 3, 4)),
        name="svd_reduced",
        reference=lambda a: _squares(np.linalg.svd(a, full_matrices=False)),
    ),
    Case(
        lambda a: (lambda u, s, vh: (u * s[..., None, :]) @ vh)(*fnp.linalg.svd(a)),
        args_maker=distinct_singular((3, 3), (2, 3, 3)),
        name="svd_reconstruct",
        reference=lambda a: (lambda u, s, vh: (u * s[..., None, :]) @ vh)(*np.linalg.svd(a)),
    ),
    Case(
        lambda a: _squares(fnp.linalg.svd(sym(a), hermitian=True)),
        args_maker=distinct_singular((3, 3)),
        name="svd_hermitian",
        reference=lambda a: _squares(np.linalg.svd(np_sym(a), hermitian=True)),
    ),
    Case(
        fnp.linalg.svdvals,
        args_maker=distinct_singular((3, 2), (2, 3, 3)),
        name="svdvals",
        reference=np.linalg.svdvals,
    ),
    Case(
        fnp.linalg.pinv,
        args_maker=tall((4, 3), (2, 2, 3)),
        name="pinv",
        reference=np.linalg.pinv,
    ),
    Case(
        lambda a: fnp.linalg.pinv(a, rtol=None),
        args_maker=tall((3, 3)),
        name="pinv_rtol",
        reference=lambda a: np.linalg.pinv(a, rtol=None),
    ),
    Case(
        lambda a, b: _lstsq_values(fnp.linalg.lstsq(a, b)),
        nargs=2,
        args_maker=least_squares,
        name="lstsq",
        reference=lambda a, b: _lstsq_values(np.linalg.lstsq(a, b)),
    ),
    Case(
        lambda a, b: fnp.linalg.lstsq(a, b)[2],
        nargs=2,
        args_maker=least_squares,
        name="lstsq_rank",
        reference=lambda a, b: np.linalg.lstsq(a, b)[2],
        differentiable=False,
    ),
    Case(
        fnp.linalg.matrix_rank,
        args_maker=low_rank,
        name="matrix_rank",
        reference=np.linalg.matrix_rank,
        differentiable=False,
    ),
    # condition numbers and SVD-based norms: max/min singular values are distinct here
    Case(
        fnp.linalg.cond,
        args_maker=distinct_singular((3, 3), (2, 3, 3)),
        name="cond",
        reference=np.linalg.cond,
    ),
    Case(
        lambda a: fnp.linalg.cond(a, "fro"),
        args_maker=well_conditioned([(3, 3)]),
        name="cond_fro",
        reference=lambda a: np.linalg.cond(a, "fro"),
    ),
    Case(
        lambda a: fnp.linalg.norm(a, ord=2),
        args_maker=distinct_singular((3, 2)),
        name="norm_ord2_matrix",
        reference=lambda a: np.linalg.norm(a, ord=2),
    ),
    Case(
        lambda a: fnp.linalg.matrix_norm(a, ord="nuc", keepdims=True),
        args_maker=distinct_singular((2, 3), (2, 3, 3)),
        name="matrix_norm_nuc",
        reference=lambda a: np.linalg.matrix_norm(a, ord="nuc", keepdims=True),
    ),
    Case(
        lambda a: fnp.linalg.matrix_norm(a, ord=-2),
        args_maker=distinct_singular((2, 3, 3)),
        name="matrix_norm_neg2",
        reference=lambda a: np.linalg.matrix_norm(a, ord=-2),
    ),
    # vector norms, sampled away from 0 where they have kinks or poles
    Case(
        fnp.linalg.vector_norm,
        shapes=[((3,),), ((2, 3),)],
        domain=(0.2, 2.0),
        name="vector_norm",
        reference=np.linalg.vector_norm,
    ),
    Case(
        lambda x: fnp.linalg.vector_norm(x, axis=(0, 2), keepdims=True, ord=-1),
        shapes=[((2, 3, 2),)],
        domain=(0.2, 2.0),
        name="vector_norm_axes_neg1",
        reference=lambda x: np.linalg.vector_norm(x, axis=(0, 2), keepdims=True, ord=-1),
    ),
    Case(
        lambda x: fnp.linalg.norm(x, ord=0, axis=1),
        shapes=[((2, 3),)],
        domain=(0.2, 2.0),
        name="norm_ord0",  # a count of nonzeros: piecewise constant, derivative 0
        reference=lambda x: np.linalg.norm(x, ord=0, axis=1),
    ),
    # products and parts of matrices
    Case(
        lambda x: fnp.linalg.diagonal(x, offset=1),
        shapes=[((3, 3),), ((2, 3, 4),)],
        name="linalg_diagonal",
        reference=lambda x: np.linalg.diagonal(x, offset=1),
    ),
    Case(
        fnp.linalg.trace,
        shapes=[((3, 3),), ((2, 3, 4),)],
        name="linalg_trace",
        reference=np.linalg.trace,
    ),
    Case(
        fnp.linalg.cross,
        nargs=2,
        shapes=[((3,), (3,)), ((2, 3), (3,))],
        name="linalg_cross",
        reference=np.linalg.cross,
    ),
    Case(
        lambda a, b: fnp.linalg.cross(a, b, axis=0),
        nargs=2,
        shapes=[((3, 2), (3, 2))],
        name="linalg_cross_axis0",
        reference=lambda a, b: np.linalg.cross(a, b, axis=0),
    ),
    Case(
        fnp.linalg.vecdot,
        nargs=2,
        shapes=[((3,), (3,)), ((2, 3), (3,))],
        name="linalg_vecdot",
        reference=np.linalg.vecdot,
    ),
    Case(
        fnp.linalg.tensorsolve,
        nargs=2,
        args_maker=square_tensor,
        name="tensorsolve",
        reference=np.linalg.tensorsolve,
    ),
    Case(
        lambda a: fnp.linalg.tensorinv(a.reshape(6, 2, 3), ind=1),
        args_maker=well_conditioned([(6, 6)]),
        name="tensorinv",
        reference=lambda a: np.linalg.tensorinv(a.reshape(6, 2, 3), ind=1),
    ),
    # fft: real -> real compositions, as in cases/linalg.py
    fft_row("fftshift", lambda m, x: m.fft.fftshift(x), [((5,),), ((2, 4),)]),
    fft_row("ifftshift_axis", lambda m, x: m.fft.ifftshift(x, axes=1), [((2, 5),)]),
    fft_row("hfft", lambda m, x: m.fft.hfft(x), [((4,),), ((2, 3),)]),
    fft_row(
        "ihfft_hfft_ortho",
        lambda m, x: m.fft.hfft(
            m.fft.ihfft(x, norm="ortho") * spectral_weights(x.shape[-1] // 2 + 1),
            x.shape[-1],
            norm="ortho",
        ),
        [((4,),), ((2, 5),)],
    ),
]
