"""Submodules that a package imports on first attribute access (PEP 562), which keeps
``import funcdiff`` light: cold start is one of the benchmarks."""

from __future__ import annotations

import sys


def lazy_submodules(package: str, names: tuple[str, ...]):
    """``(__getattr__, __dir__)`` for ``package``, importing each of ``names`` when first used.

    >>> getattr_, dir_ = lazy_submodules("json", ("tool",))
    >>> getattr_("tool").__name__, "tool" in dir_()
    ('json.tool', True)
    """

    def __getattr__(name):
        if name in names:
            import importlib

            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted({*vars(sys.modules[package]), *names})

    return __getattr__, __dir__
