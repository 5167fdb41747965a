"""Rows for the general eigendecomposition: linalg.eig, linalg.eigvals and roots.

Eigenvector phases are a convention, so rows differentiate real parts of real spectra,
imaginary parts (which follow LAPACK's convention, largest entry real) and moduli.
"""

import numpy as np
from primitive_cases import Case

import funcdiff.numpy as fnp

_REAL_BLOCK = np.diag([1.0, 2.0, 3.0])
# Eigenvalues 0.5 +- 1.5i and -1: gaps of at least 1.5 keep 1 / (w_j - w_i) moderate.
_COMPLEX_BLOCK = np.array([[0.5, 1.5, 0.0], [-1.5, 0.5, 0.0], [0.0, 0.0, -1.0]])


def similar(block, *shapes):
    """S D S^-1 with D the leading n x n block of ``block`` and S = I + 0.3 U(-1, 1), which is
    well conditioned: the spectrum is D's, distinct, and the eigenvectors far from parallel."""

    def make(rng):
        out = []
        for shape in shapes:
            n = shape[-1]
            s = np.eye(n) + 0.3 * rng.uniform(-1.0, 1.0, size=shape)
            out.append((s @ block[:n, :n] @ np.linalg.inv(s),))
        return out

    return make


def polys(roots, *counts):
    """c * poly(roots + noise) for c in [1, 2]: distinct roots, and no leading or trailing
    zeros (so vmap/jit, which cannot strip them, see NumPy's companion matrix)."""

    def make(rng):
        out = []
        for n in counts:
            r = np.asarray(roots[:n]) + rng.uniform(-0.1, 0.1, n)
            out.append((rng.uniform(1.0, 2.0) * np.poly(r).real,))
        return out

    return make


def _modulus(m, z):
    return m.real(z) ** 2 + m.imag(z) ** 2


def _row(name, fn, args_maker, order=2):
    """A row for ``fn(module, a)``, with funcdiff.numpy as module and numpy as reference."""
    return Case(
        lambda a: fn(fnp, a),
        args_maker=args_maker,
        name=name,
        reference=lambda a: fn(np, a),
        order=order,
    )


CASES = [
    # A real spectrum stays real (NumPy's real output dtype, eagerly and under grad)
    _row(
        "eig_real",
        lambda m, a: tuple(m.real(o) for o in m.linalg.eig(a)),
        similar(_REAL_BLOCK, (3, 3), (2, 3, 3)),
    ),
    _row("eigvals_real", lambda m, a: m.real(m.linalg.eigvals(a)), similar(_REAL_BLOCK, (3, 3))),
    # Complex pairs: imaginary parts, of the eigenvectors in LAPACK's phase convention
    _row(
        "eig_complex_imag",
        lambda m, a: tuple(m.imag(o) for o in m.linalg.eig(a)),
        similar(_COMPLEX_BLOCK, (3, 3), (2, 2, 2)),
    ),
    _row(
        "eigvals_complex_imag",
        lambda m, a: m.imag(m.linalg.eigvals(a)),
        similar(_COMPLEX_BLOCK, (2, 3, 3)),
    ),
    # Moduli: order 1, because the second reverse pass transposes real()'s transpose (a cast
    # from real to complex) into a complex-to-real cast, which raises NumPy's ComplexWarning
    # (binary.py's convert_element_type transpose). tests/test_eigen.py checks order 2 forward.
    _row(
        "eig_complex_modulus",
        lambda m, a: tuple(_modulus(m, o) for o in m.linalg.eig(a)),
        similar(_COMPLEX_BLOCK, (3, 3), (2, 2, 2)),
        order=1,
    ),
    # roots: companion-matrix eigenvalues, real roots near -1.5, 0.5, 2 or complex 0.5 +- i
    _row("roots_real", lambda m, p: m.real(m.roots(p)), polys([-1.5, 0.5, 2.0], 2, 3)),
    _row("roots_complex_imag", lambda m, p: m.imag(m.roots(p)), polys([0.5 + 1j, 0.5 - 1j, -1], 3)),
]
