"""Kernel settings: the size threshold above which Numba kernels replace NumPy, and the
directory where generated kernel sources (and Numba's on-disk cache beside them) live.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

# Arrays with at least this many elements go to a Numba kernel; smaller ones stay on NumPy.
# Measured on 2 cores (timeit, float64, min of 3, µs NumPy / kernel): sin 66/32 at 1e4 and
# 741/407 at 1e5; add 3.9/3.2 at 1e4 and 62/13 at 1e5 (a parallel launch costs ~2 µs). But
# next to BLAS calls, whose threads spin after a matmul, kernels on 25,600-element arrays made
# value_and_grad of W4's MLP (batch 256) 3.5x slower (6.1 vs 1.7 ms): we start at 1e5.
threshold = int(os.environ.get("FUNCDIFF_KERNEL_THRESHOLD", 100_000))


# Kernels whose results are NumPy's bit for bit (templates.EXACT) load on a background thread:
# until one is ready, the same call runs on NumPy, so a first call never waits for Numba
# (importing it alone takes ~0.13 s) and a result never depends on which path ran.
# FUNCDIFF_BACKGROUND_COMPILE=0 compiles on the calling thread instead.
background = os.environ.get("FUNCDIFF_BACKGROUND_COMPILE", "1") != "0"

# fd.jit also fuses regions below the threshold into one-thread kernels when they hold at
# least this many equations, all of ops in templates.EXACT: such a kernel call costs about
# 1 µs plus 0.2 µs per array, while each plain equation costs 1-2 µs of Python and NumPy
# dispatch (W2's 10-element chain: 0.13 µs per primitive jitted, against 2.6 µs unfused).
small_region_eqns = 8


@contextmanager
def kernel_threshold(size):
    """Temporarily send arrays of at least ``size`` elements to kernels (tests use 0).

    >>> from funcdiff.kernels import config
    >>> with kernel_threshold(0):
    ...     config.threshold
    0
    """
    global threshold
    old, threshold = threshold, size
    try:
        yield
    finally:
        threshold = old


def cache_dir():
    """``$FUNCDIFF_CACHE_DIR``, else ``$XDG_CACHE_HOME/funcdiff``, else ``~/.cache/funcdiff``;
    generated kernels go to its ``kernels`` subdirectory."""
    root = os.environ.get("FUNCDIFF_CACHE_DIR")
    if not root:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(xdg, "funcdiff")
    from pathlib import Path  # only kernel generation needs it: keeps `import funcdiff` light

    return Path(root) / "kernels"
