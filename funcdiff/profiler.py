"""A profiler of primitive evaluations: calls and time per primitive, under any transform.

While a ``profile()`` block is open, every primitive implementation that runs (forward pass,
derivative rules, backward pass, jitted programs) is timed; the table groups them by name.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from funcdiff import kernels
from funcdiff.primitives import REGISTRY

_lock = threading.Lock()
_active = []


@dataclass
class PrimitiveStats:
    """Calls and total seconds spent in one primitive's implementation."""

    name: str
    calls: int = 0
    seconds: float = 0.0

    @property
    def mean_us(self) -> float:
        return 1e6 * self.seconds / self.calls if self.calls else 0.0


@dataclass
class Profile:
    """What a ``profile()`` block measured; ``table()`` renders it."""

    stats: dict = field(default_factory=dict)
    wall_seconds: float = 0.0

    def record(self, name, seconds):
        entry = self.stats.get(name)
        if entry is None:
            entry = self.stats[name] = PrimitiveStats(name)
        entry.calls += 1
        entry.seconds += seconds

    def table(self, sort_by="seconds") -> str:
        """A text table of primitives, most expensive first (or by ``"calls"``)."""
        rows = sorted(self.stats.values(), key=lambda s: getattr(s, sort_by), reverse=True)
        total = sum(s.seconds for s in rows) or 1.0
        lines = [
            f"{'primitive':<22}{'calls':>9}{'total ms':>12}{'mean us':>11}{'share':>9}",
            "-" * 63,
        ]
        for s in rows:
            lines.append(
                f"{s.name:<22}{s.calls:>9}{1e3 * s.seconds:>12.3f}{s.mean_us:>11.2f}"
                f"{100 * s.seconds / total:>8.1f}%"
            )
        lines.append("-" * 63)
        lines.append(
            f"primitive time {1e3 * total:.3f} ms of {1e3 * self.wall_seconds:.3f} ms wall"
        )
        return "\n".join(lines)


def _timed(fn, label):
    """``fn``, timed into every open profile under the name ``label(*args)``."""

    def timed(*args, **params):
        start = time.perf_counter()
        try:
            return fn(*args, **params)
        finally:
            elapsed = time.perf_counter() - start
            for prof in _active:
                prof.record(label(*args), elapsed)

    timed.__wrapped__ = fn
    return timed


# Kernels that stand in for several primitives at once: a value with its derivative
# (sin -> sin, cos) and a cotangent's summed contributions in the backward pass.
_KERNELS = {
    "fused": lambda name, args: f"{name}+derivative",
    "accumulate": lambda terms: "cotangent sum",
}


@contextmanager
def profile():
    """Time every primitive evaluated inside the block.

    Large arrays also show two kinds of fused kernel: ``sin+derivative`` (a value and its
    derivative in one pass) and ``cotangent sum`` (the backward pass adding up one variable's
    contributions at once).

    The counterpart of ``torch.autograd.profiler.profile``. Profiling wraps the registered
    implementations while any block is open, so it costs nothing when unused.

    Yields:
        A ``Profile``; call ``.table()`` after the block.

    >>> import funcdiff as fd, funcdiff.numpy as fnp, numpy as np
    >>> with fd.profiler.profile() as prof:
    ...     _ = fd.grad(lambda x: fnp.sum(fnp.sin(x)))(np.ones(3))
    >>> prof.stats["sin"].calls
    1
    """
    prof = Profile()
    with _lock:
        if not _active:
            for prim in REGISTRY.values():
                prim.impl = _timed(prim.impl, lambda *args, name=prim.name: name)
            for attr, label in _KERNELS.items():
                setattr(kernels, attr, _timed(getattr(kernels, attr), label))
        _active.append(prof)
    start = time.perf_counter()
    try:
        yield prof
    finally:
        prof.wall_seconds = time.perf_counter() - start
        with _lock:
            _active.remove(prof)
            if not _active:
                for prim in REGISTRY.values():
                    prim.impl = prim.impl.__wrapped__
                for attr in _KERNELS:
                    setattr(kernels, attr, getattr(kernels, attr).__wrapped__)
