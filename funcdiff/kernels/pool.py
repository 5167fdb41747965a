"""Reusable output buffers for large arrays, so that eager kernels skip page faults.

Every fresh large result pays for the kernel zeroing its pages on first touch: glibc serves
allocations above 32 MiB with a fresh ``mmap`` and gives smaller ones back when it trims the
heap. On this 2-core machine a 1e7-element float64 multiply takes 23 ms into a reused buffer
and 33-58 ms into a fresh one. Buffers of at least ``MIN_BYTES`` are therefore kept here and
handed out again once nothing outside the pool refers to them. The pool holds at most
``limit`` bytes (``FUNCDIFF_POOL_BYTES``, default 1 GiB or an eighth of memory; 0 turns it
off), evicting idle buffers of other sizes to make room, and ``release()`` frees the idle
ones.
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np

# Arrays from 1 MiB up. glibc returns freed blocks below its mmap threshold to the heap, but
# trims the heap's top once it holds more than twice that threshold free: a gradient freeing
# several 8 MB arrays at once gave their pages back and faulted them in again on the next call
# (W3 at n = 1e6: 8-11 ms eager against 5.7 ms with reuse).
MIN_BYTES = 1 << 20


def _default_limit() -> int:
    # 1 GiB, or an eighth of the machine's memory when that is smaller.
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        physical = 8 << 30
    return min(1 << 30, physical // 8)


limit = int(os.environ.get("FUNCDIFF_POOL_BYTES", _default_limit()))

_lock = threading.Lock()
_buffers: dict[int, list[np.ndarray]] = {}  # nbytes -> owning uint8 arrays
# References to a free buffer: the pool's list, the loop variable and getrefcount's argument.
_FREE_REFS = 3


def _new_lock_in_child():
    # Another thread may have held the lock when the process forked.
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_in_child)


def empty(shape, dtype) -> np.ndarray:
    """``np.empty(shape, dtype)``, in a recycled buffer when the array is large enough.

    >>> empty((2, 3), np.float64).shape
    (2, 3)
    """
    dtype = np.dtype(dtype)
    nbytes = dtype.itemsize
    for n in shape:
        nbytes *= n
    if nbytes < MIN_BYTES or nbytes > limit // 4:
        # Above a quarter of the limit a parked buffer would hold too much memory idle.
        return np.empty(shape, dtype)
    with _lock:
        same_size = _buffers.setdefault(nbytes, [])
        for buffer in same_size:
            if sys.getrefcount(buffer) == _FREE_REFS:
                break
        else:
            # Keep a new buffer only while everything the pool holds, and so all it could hold
            # idle later, stays under the limit; idle buffers of other sizes make room first,
            # so that a program whose shapes change does not leave old sizes parked here.
            if _held_bytes() + nbytes > limit:
                _evict_idle(_held_bytes() + nbytes - limit)
            if _held_bytes() + nbytes > limit:
                return np.empty(shape, dtype)  # a plain array, not parked here afterwards
            buffer = np.empty(nbytes, np.uint8)
            _buffers.setdefault(nbytes, []).append(buffer)
    # A view keeps ``buffer`` referenced (views of views too: NumPy points them at the owner)
    # for as long as the caller holds the array.
    return buffer.view(dtype).reshape(shape)


def _evict_idle(needed):
    for nbytes, same_size in list(_buffers.items()):
        for i in range(len(same_size) - 1, -1, -1):
            if needed <= 0:
                return
            if sys.getrefcount(same_size[i]) == _FREE_REFS - 1:  # list + argument: idle
                del same_size[i]
                needed -= nbytes
        if not same_size:
            del _buffers[nbytes]


def _held_bytes() -> int:
    return sum(n * len(same_size) for n, same_size in _buffers.items())


def pooled_bytes() -> int:
    """Bytes held by the pool, in use or idle.

    >>> pooled_bytes() >= 0
    True
    """
    with _lock:
        return _held_bytes()


def release() -> None:
    """Return every idle buffer to the operating system.

    >>> release()
    """
    with _lock:
        for nbytes, same_size in list(_buffers.items()):
            same_size[:] = [b for b in same_size if sys.getrefcount(b) != _FREE_REFS]
            if not same_size:
                del _buffers[nbytes]
