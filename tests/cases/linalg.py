"""Rows for products (dot, matmul, tensordot, einsum, outer, inner, vdot, kron), numpy.linalg
(norms, det, slogdet, inv, solve, cholesky, eigh, matrix_power, multi_dot) and numpy.fft."""

import numpy as np
from primitive_cases import Case

import funcdiff.numpy as fnp

DOT_SHAPES = [
    ((), (3,)),
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((3,), (3, 2)),
    ((2, 3), (3, 4)),
    ((2, 2, 3), (3,)),
    ((2, 2, 3), (2, 3, 4)),
]
MATMUL_SHAPES = [
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((3,), (3, 2)),
    ((2, 3), (3, 4)),
    ((2, 2, 3), (3, 4)),  # a stack times one matrix: no broadcast of the matrix
    ((3,), (2, 3, 4)),
    ((2, 3), (2, 3, 4)),
    ((2, 2, 3), (2, 3, 4)),
    ((2, 1, 2, 3), (3, 3, 2)),  # leading axes (2, 1) and (3,) broadcast to (2, 3)
]


def sym(a):
    """The symmetric part, so finite differences stay among symmetric matrices."""
    return (a + fnp.linalg.matrix_transpose(a)) * 0.5


def np_sym(a):
    return (a + np.linalg.matrix_transpose(a)) * 0.5


def well_conditioned(*shapes):
    """Square matrices random + 3 I (eigenvalues near 3, far from singular) and, for the
    other shapes, plain uniform samples."""

    def make(rng):
        out = []
        for sample in shapes:
            args = []
            for shape in sample:
                x = rng.uniform(-1.0, 1.0, size=shape)
                if len(shape) >= 2 and shape[-1] == shape[-2]:
                    x = x + 3.0 * np.eye(shape[-1])
                args.append(x)
            out.append(tuple(args))
        return out

    return make


def spd(rng):
    """A A^T + n I: symmetric positive definite, well inside the SPD set."""
    out = []
    for shape in [(3, 3), (2, 4, 4)]:
        a = rng.uniform(-1.0, 1.0, size=shape)
        out.append((a @ np.linalg.matrix_transpose(a) + shape[-1] * np.eye(shape[-1]),))
    return out


def distinct_spectrum(rng):
    """Q diag(1, 2, ..., n) Q^T with random orthogonal Q: eigenvalue gaps of at least 1."""
    out = []
    for shape in [(3, 3), (2, 4, 4)]:
        q, _ = np.linalg.qr(rng.standard_normal(shape))
        w = np.arange(1.0, shape[-1] + 1.0)
        out.append(((q * w) @ np.linalg.matrix_transpose(q),))
    return out


def einsum_row(subscripts, *shapes):
    return Case(
        lambda *ops: fnp.einsum(subscripts, *ops),
        nargs=len(shapes[0]),
        shapes=list(shapes),
        name="einsum_" + subscripts.replace(",", "_").replace("->", "_to_").replace("...", "E"),
        reference=lambda *ops: np.einsum(subscripts, *ops),
    )


def spectral_weights(m):
    # A fixed real filter, so fft rows are real -> real compositions.
    return 1.0 + np.arange(m) / m


def _rfft_filter(x):
    spec = fnp.fft.rfft(x, n=8)  # zero-pads the signal to 8
    return fnp.sin(fnp.fft.irfft(spec * spectral_weights(5), n=x.shape[-1]))  # crops the bins


def _np_rfft_filter(x):
    return np.sin(np.fft.irfft(np.fft.rfft(x, n=8) * spectral_weights(5), n=x.shape[-1]))


def fft_row(name, fn, shapes):
    """A row for ``sin(fn(module, x))`` with module funcdiff.numpy or, as reference, numpy."""
    return Case(
        lambda x: fnp.sin(fn(fnp, x)),
        shapes=shapes,
        name=name,
        reference=lambda x: np.sin(fn(np, x)),
    )


FFT_1D = [((4,),), ((5,),), ((2, 6),)]
FFT_2D = [((3, 4),), ((2, 3, 5),)]


CASES = [
    # products
    Case(fnp.dot, nargs=2, shapes=DOT_SHAPES),
    Case(fnp.matmul, nargs=2, shapes=MATMUL_SHAPES),
    Case(
        lambda a, b: fnp.tensordot(a, b, axes=1),
        nargs=2,
        shapes=[((2, 3), (3, 4)), ((2, 3), (3,))],
        name="tensordot_axes1",
        reference=lambda a, b: np.tensordot(a, b, axes=1),
    ),
    Case(
        lambda a, b: fnp.tensordot(a, b, axes=((1,), (0,))),
        nargs=2,
        shapes=[((2, 3), (3, 4)), ((2, 3, 2), (3, 2))],
        name="tensordot_pairs",
        reference=lambda a, b: np.tensordot(a, b, axes=((1,), (0,))),
    ),
    Case(
        lambda a, b: fnp.tensordot(a, b, axes=((0, 2), (1, 0))),
        nargs=2,
        shapes=[((2, 3, 4), (4, 2, 5))],
        name="tensordot_unordered",
        reference=lambda a, b: np.tensordot(a, b, axes=((0, 2), (1, 0))),
    ),
    Case(fnp.tensordot, nargs=2, shapes=[((2, 3, 4), (3, 4, 2))]),
    einsum_row("ij,jk->ik", ((2, 3), (3, 4))),
    einsum_row("i,i->", ((3,), (3,))),
    einsum_row("bij,bjk->bik", ((2, 2, 3), (2, 3, 4))),
    einsum_row("...i,i->...", ((2, 3), (3,)), ((2, 2, 3), (3,))),
    einsum_row("ij,jk", ((2, 3), (3, 4))),  # implicit output
    einsum_row("ii->i", ((3, 3),)),
    einsum_row("ii", ((3, 3),)),
    einsum_row("ij,jk,k->i", ((2, 3), (3, 4), (4,))),
    Case(fnp.outer, nargs=2, shapes=[((3,), (2,)), ((2, 2), (3,))]),
    Case(fnp.inner, nargs=2, shapes=[((), (3,)), ((3,), (3,)), ((2, 3), (4, 3))]),
    Case(fnp.vdot, nargs=2, shapes=[((3,), (3,)), ((2, 3), (3, 2))]),
    Case(fnp.kron, nargs=2, shapes=[((2,), (3,)), ((2, 2), (2, 3)), ((2,), (2, 2))]),
    # norms; the 2-norms are sampled away from 0, where they have a kink
    Case(
        fnp.linalg.norm,
        shapes=[((3,),), ((2, 3),)],
        domain=(0.2, 2.0),
        name="norm",
        reference=np.linalg.norm,
    ),
    Case(
        lambda x: fnp.linalg.norm(x, axis=1, keepdims=True),
        shapes=[((2, 3),), ((2, 3, 2),)],
        domain=(0.2, 2.0),
        name="norm_axis_keepdims",
        reference=lambda x: np.linalg.norm(x, axis=1, keepdims=True),
    ),
    Case(
        lambda x: fnp.linalg.norm(x, ord="fro", axis=(0, 2)),
        shapes=[((2, 3, 2),)],
        domain=(0.2, 2.0),
        name="norm_fro_axes",
        reference=lambda x: np.linalg.norm(x, ord="fro", axis=(0, 2)),
    ),
    Case(
        lambda x: fnp.linalg.norm(x, ord=1, axis=-1),
        shapes=[((3,),), ((2, 3),)],
        name="norm_ord1",  # |x| has a kink at 0, which uniform samples miss
        reference=lambda x: np.linalg.norm(x, ord=1, axis=-1),
    ),
    Case(
        lambda x: fnp.linalg.norm(x, ord=np.inf),
        shapes=[((3,),), ((2, 3),)],
        name="norm_inf",  # vector: max |x_i|; matrix: max row sum; ties have probability 0
        reference=lambda x: np.linalg.norm(x, ord=np.inf),
    ),
    Case(
        lambda x: fnp.linalg.norm(x, ord=3),
        shapes=[((3,),)],
        domain=(0.2, 2.0),
        name="norm_ord3",
        reference=lambda x: np.linalg.norm(x, ord=3),
    ),
    # decompositions, on well-conditioned, SPD or well-separated inputs
    Case(
        fnp.linalg.det,
        args_maker=well_conditioned([(3, 3)], [(2, 3, 3)]),
        name="det",
        reference=np.linalg.det,
    ),
    Case(
        fnp.linalg.slogdet,
        args_maker=well_conditioned([(3, 3)], [(2, 3, 3)]),
        name="slogdet",
        reference=lambda a: tuple(np.linalg.slogdet(a)),
    ),
    Case(
        fnp.linalg.inv,
        args_maker=well_conditioned([(3, 3)], [(2, 3, 3)]),
        name="inv",
        reference=np.linalg.inv,
    ),
    Case(
        fnp.linalg.solve,
        nargs=2,
        args_maker=well_conditioned(
            [(3, 3), (3,)], [(3, 3), (3, 2)], [(2, 3, 3), (2, 3, 1)], [(2, 3, 3), (3,)]
        ),
        name="solve",
        reference=np.linalg.solve,
    ),
    Case(
        lambda a: fnp.linalg.cholesky(sym(a)),
        args_maker=spd,
        name="cholesky",
        reference=lambda a: np.linalg.cholesky(np_sym(a)),
    ),
    Case(
        lambda a: fnp.linalg.cholesky(sym(a), upper=True),
        args_maker=spd,
        name="cholesky_upper",
        reference=lambda a: np.linalg.cholesky(np_sym(a), upper=True),
    ),
    # eigenvectors up to sign: their squares are smooth, so rows compare v * v
    Case(
        lambda a: (lambda w, v: (w, v * v))(*fnp.linalg.eigh(sym(a))),
        args_maker=distinct_spectrum,
        name="eigh",
        reference=lambda a: (lambda w, v: (w, v * v))(*np.linalg.eigh(np_sym(a))),
    ),
    Case(
        lambda a: fnp.linalg.eigvalsh(sym(a)),
        args_maker=distinct_spectrum,
        name="eigvalsh",
        reference=lambda a: np.linalg.eigvalsh(np_sym(a)),
    ),
    Case(
        lambda a: fnp.linalg.matrix_power(a, 3),
        args_maker=well_conditioned([(3, 3)], [(2, 3, 3)]),
        name="matrix_power_3",
        reference=lambda a: np.linalg.matrix_power(a, 3),
    ),
    Case(
        lambda a: fnp.linalg.matrix_power(a, -2),
        args_maker=well_conditioned([(3, 3)]),
        name="matrix_power_neg2",
        reference=lambda a: np.linalg.matrix_power(a, -2),
    ),
    Case(
        lambda a, b, c: fnp.linalg.multi_dot([a, b, c]),
        nargs=3,
        shapes=[((3,), (3, 4), (4, 2)), ((2, 3), (3, 4), (4,))],
        name="multi_dot",
        reference=lambda a, b, c: np.linalg.multi_dot([a, b, c]),
    ),
    # fft rows are real -> real: a transform, a fixed real filter, an inverse real transform,
    # then sin, so that the transposes are staged on traced cotangents (a linear function's
    # VJP would be evaluated once on constants)
    Case(_rfft_filter, shapes=FFT_1D, name="rfft_irfft", reference=_np_rfft_filter),
    fft_row(
        "fft",
        lambda m, x: m.fft.irfft(m.fft.fft(x) * spectral_weights(x.shape[-1]), x.shape[-1]),
        FFT_1D,
    ),
    fft_row(
        "ifft_ortho",
        lambda m, x: m.fft.irfft(
            m.fft.ifft(x, norm="ortho") * spectral_weights(x.shape[-1]), x.shape[-1], norm="ortho"
        ),
        FFT_1D,
    ),
    fft_row(
        "rfft_axis0_forward",
        lambda m, x: m.fft.irfft(
            m.fft.rfft(x, axis=0, norm="forward") * 2.0, 3, axis=0, norm="forward"
        ),
        [((3, 2),), ((3,),)],
    ),
    fft_row(
        "rfft2_irfft2",
        lambda m, x: m.fft.irfft2(
            m.fft.rfft2(x) * spectral_weights(x.shape[-1] // 2 + 1), s=x.shape[-2:]
        ),
        FFT_2D,
    ),
    fft_row(
        "fftn_ifft2",
        lambda m, x: m.fft.irfftn(
            m.fft.ifft2(m.fft.fftn(x, axes=(-2, -1))) * 3.0, s=x.shape[-2:], axes=(-2, -1)
        ),
        FFT_2D,
    ),
    fft_row(
        "fft2_ifftn_forward",
        lambda m, x: m.fft.irfftn(
            m.fft.ifftn(m.fft.fft2(x, norm="forward"), norm="forward"),
            s=x.shape[-2:],
            axes=(-2, -1),
        ),
        FFT_2D,
    ),
]
