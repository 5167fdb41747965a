"""Kernel settings: the size threshold above which Numba kernels replace NumPy, and the
directory where generated kernel sources (and Numba's on-disk cache beside them) live.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

# Arrays with at least this many elements go to a Numba kernel; smaller ones stay on NumPy.
# Measured on 2 cores (timeit, float64, min of 3, µs NumPy / kernel): sin 4.9/4.4 at 1e3 and
# 66/32 at 1e4; add 0.4/2.1 at 1e3 and 3.9/3.2 at 1e4; sqrt 1.0/2.3 at 1e3 and 8.1/5.6 at
# 1e4. A parallel launch costs about 2 µs, so below ~1e4 elements NumPy wins for the
# arithmetic ops; at 1e4 every kernel we dispatch to is at least level with NumPy.
threshold = int(os.environ.get("FUNCDIFF_KERNEL_THRESHOLD", 10_000))


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


def cache_dir() -> Path:
    """``$FUNCDIFF_CACHE_DIR``, else ``$XDG_CACHE_HOME/funcdiff``, else ``~/.cache/funcdiff``;
    generated kernels go to its ``kernels`` subdirectory."""
    root = os.environ.get("FUNCDIFF_CACHE_DIR")
    if not root:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(xdg, "funcdiff")
    return Path(root) / "kernels"
