"""Compiles kernel sources with Numba: each source is written once to the cache directory as
``fd_<hash>.py`` and imported, so Numba's on-disk cache (``cache=True``) serves later processes.
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


def load(source: str):
    """The Numba dispatcher for ``source`` (a module defining ``kernel``), memoized."""
    digest = hashlib.sha1(source.encode()).hexdigest()[:20]
    fn = _loaded.get(digest)
    if fn is not None:
        return fn
    with _lock:
        fn = _loaded.get(digest)
        if fn is None:
            fn = _loaded[digest] = _import(digest, source)
    return fn


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


__all__ = ["cache_info", "load"]
