"""The table of test rows that drives every per-primitive test.

A row names a facade function and how to sample its inputs; tests/test_primitives.py checks
each row's derivatives against finite differences (fwd and rev, order 2), the facade against
NumPy, vmap against a loop, and jit against eager. Families add rows in tests/cases/.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

UNARY_SHAPES = [((),), ((3,),), ((2, 3),)]
BINARY_SHAPES = [((), ()), ((3,), (3,)), ((2, 3), (2, 3))]
BROADCASTING = [((), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((3,), ())]


@dataclass
class Case:
    """One row: a function of ``nargs`` float arrays and how to sample them.

    Attributes:
        fn: the facade function (or a lambda around it, for static arguments).
        nargs: how many array arguments ``fn`` takes.
        shapes: list of samples, each a tuple of one shape per argument.
        domain: (low, high) of the uniform samples, kept away from kinks and poles.
        name: row id; defaults to ``fn.__name__``.
        reference: the NumPy function ``fn`` must agree with (values, shapes, dtypes);
            defaults to ``numpy.<name>`` when that exists.
        args_maker: ``rng -> list of argument tuples``, replacing shapes/domain sampling.
        order: derivative order checked against finite differences.
        modes: ``("fwd", "rev")`` or a subset, with the reason in a comment on the row.
        differentiable: False for rows whose output has no derivative (comparisons, argmax).
        batch_args: which argument positions vmap may map (default: all).
        tol: tolerance override for check_grads.
    """

    fn: Callable
    nargs: int = 1
    shapes: list = None
    domain: tuple = (-2.0, 2.0)
    name: str = None
    reference: Callable = None
    args_maker: Callable = None
    order: int = 2
    modes: tuple = ("fwd", "rev")
    differentiable: bool = True
    batch_args: tuple = None
    tol: float = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.name is None:
            self.name = getattr(self.fn, "__name__", "case")
        if self.shapes is None:
            self.shapes = UNARY_SHAPES if self.nargs == 1 else BINARY_SHAPES
        if self.reference is None:
            self.reference = getattr(np, self.name, None)
        if self.batch_args is None:
            self.batch_args = tuple(range(self.nargs))

    def samples(self, rng):
        """A list of argument tuples (float64 arrays) to test at."""
        if self.args_maker is not None:
            return self.args_maker(rng)
        lo, hi = self.domain
        return [tuple(rng.uniform(lo, hi, size=s) for s in sample) for sample in self.shapes]


def all_cases():
    """Every row from every module in tests/cases/."""
    import cases

    rows = []
    for info in sorted(pkgutil.iter_modules(cases.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"cases.{info.name}")
        rows.extend(module.CASES)
    return rows


CASES = all_cases()
