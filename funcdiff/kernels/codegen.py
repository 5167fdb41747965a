"""Compiles kernel sources with Numba: each source is written once to the cache directory as
``fd_<hash>.py`` and imported, so Numba's on-disk cache (``cache=True``) serves later processes.

`load` compiles on the calling thread; `load_in_background` hands the work (importing Numba,
loading or compiling the kernel) to one background thread and returns None until it is done,
for callers that have an equivalent NumPy path meanwhile.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import threading

from funcdiff.kernels import config

_loaded: dict = {}
_lock = threading.Lock()
_ready: dict = {}  # digest -> dispatcher compiled for its signature (background loads)
_pending: dict = {}  # digest -> Future of a background load
_executor = None
_deferred = threading.local()  # .queue: loads noted inside `deferring`, by digest


def load(source: str):
    """The Numba dispatcher for ``source`` (a module defining ``kernel``), memoized."""
    digest = _digest(source)
    fn = _loaded.get(digest)
    if fn is not None:
        return fn
    with _lock:
        fn = _loaded.get(digest)
        if fn is None:
            fn = _loaded[digest] = _import(digest, source)
    return fn


def _digest(source):
    return hashlib.sha1(source.encode()).hexdigest()[:20]


def load_in_background(source: str, warm_args):
    """The compiled kernel of ``source`` if it is ready, else None: the first request starts
    loading it on a background thread, which also calls it once on ``warm_args()`` (one-element
    arguments of the real types) so that compiling, or reading Numba's disk cache, is done there.
    A failure to compile is raised to the caller that next asks for the kernel.
    """
    digest = _digest(source)
    fn = _ready.get(digest)
    if fn is not None:
        return fn
    with _lock:
        future = _pending.get(digest)
        if future is None:
            queue = getattr(_deferred, "queue", None)
            if queue is not None:
                queue[digest] = (source, warm_args)
            else:
                _pending[digest] = _pool().submit(_load_and_warm, source, warm_args)
            return None
    if not future.done():
        return None
    fn = _ready[digest] = future.result()
    return fn


class deferring:
    """Within the block, background loads are only noted, and they start when it ends.

    A jitted call runs its program with this: Numba's import on the background thread holds
    the GIL for long stretches, and would slow the very call that needs no kernel yet.

    >>> with deferring():
    ...     pass
    """

    def __enter__(self):
        self.outer = getattr(_deferred, "queue", None)
        if self.outer is None:
            _deferred.queue = {}
        return self

    def __exit__(self, *exc):
        if self.outer is None:
            queue, _deferred.queue = _deferred.queue, None
            with _lock:
                for digest, (source, warm_args) in queue.items():
                    if digest not in _pending:
                        _pending[digest] = _pool().submit(_load_and_warm, source, warm_args)
        return False


def wait() -> None:
    """Block until every kernel loading in the background is ready (benchmarks, tests).

    >>> wait()
    """
    from concurrent.futures import wait as wait_all

    with _lock:
        futures = list(_pending.values())
    wait_all(futures)


def _load_and_warm(source, warm_args):
    fn = load(source)
    fn(*warm_args())
    return fn


def _after_fork_in_child():
    # The parent's loader thread does not exist in a forked child: forget its pool and the
    # loads it had in flight (they would never finish), so that the child starts its own.
    global _executor, _lock
    _executor, _lock = None, threading.Lock()
    _pending.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _pool():
    global _executor
    if _executor is None:
        # One worker: Numba compiles under a global lock anyway. Imported here, on first use,
        # to keep `import funcdiff` light.
        from concurrent.futures import ThreadPoolExecutor

        _executor = ThreadPoolExecutor(1, thread_name_prefix="funcdiff-kernels")
    return _executor


def _import(digest, source):
    directory = config.cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"fd_{digest}.py"
    # Never rewrite an existing file: Numba keys its cache on the file's timestamp and size.
    if not path.exists():
        tmp = directory / f"fd_{digest}.{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_text(source)
        os.replace(tmp, path)
    name = f"funcdiff_kernel_{digest}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    # Registered by name: Numba's cached code re-imports its module by name when it loads.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module.kernel


def cache_info() -> dict:
    """Kernels loaded in this process and Numba's on-disk cache hits and misses among them."""
    hits = misses = 0
    for fn in list(_loaded.values()):
        hits += sum(fn.stats.cache_hits.values())
        misses += sum(fn.stats.cache_misses.values())
    return {"kernels": len(_loaded), "disk_hits": hits, "compiled": misses}


__all__ = ["cache_info", "deferring", "load", "load_in_background", "wait"]
