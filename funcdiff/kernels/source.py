"""Builds the Python source of one Numba kernel: a `prange` loop over flat arrays whose body is
a straight line of scalar expressions from `templates.OPS`. Plain text; no Numba here.
"""

from __future__ import annotations

import numpy as np

from funcdiff.kernels.templates import OPS, literal

_HEADER = """\
import math

import numpy as np
from numba import njit, prange


@njit({parallel}cache=True, fastmath=False, error_model="numpy")
def kernel({args}):
    for i in {loop}(o0.size):
"""


class KernelSource:
    """Collects inputs, statements and outputs; ``text()`` renders the kernel module.

    Operands are ``("v", name, dtype)`` for values in the loop or ``("c", value, dtype)`` for
    constants, ``dtype`` None for Python scalars (NumPy's weak operands take the op's dtype).

    >>> src = KernelSource()
    >>> x = src.input("a", "float32")
    >>> src.output(src.op("mul", [x, ("c", 2.0, None)], "float32"))
    >>> src.text().splitlines()[-2:]
    ['        t1 = (a0 * np.float32(2.0))', '        o0[i] = t1']
    """

    def __init__(self):
        self.kinds = []
        self.dtypes = []
        self.body = []
        self.outs = []

    def input(self, kind, dtype):
        """A new kernel argument: ``"a"`` a flat array read at ``i``, ``"s"`` a scalar."""
        n = len(self.kinds)
        self.kinds.append(kind)
        self.dtypes.append(np.dtype(dtype))
        self.body.append(f"a{n} = x{n}[i]" if kind == "a" else f"a{n} = x{n}")
        return ("v", f"a{n}", str(dtype))

    def op(self, name, operands, out_dtype, params=None):
        """Append ``t_k = name(*operands)`` computed in NumPy's dtypes; returns the operand."""
        kind, template = OPS[name]
        out_dtype = str(out_dtype)
        if kind == "float":
            exprs = [_cast(o, out_dtype) for o in operands]
        elif kind == "compare":
            common = str(np.result_type(*[o[2] for o in operands if o[2] is not None]))
            exprs = [_cast(o, common) for o in operands]
        elif kind == "select":
            exprs = [_cast(operands[0], "bool")] + [_cast(o, out_dtype) for o in operands[1:]]
        else:
            exprs = [o[1] if o[0] == "v" else literal(o[1], "bool") for o in operands]
        target = f"t{len(self.body)}"
        self.body.append(f"{target} = {template(exprs, out_dtype, **(params or {}))}")
        return ("v", target, out_dtype)

    def output(self, operand):
        """Store ``operand`` into the next output array."""
        self.body.append(f"o{len(self.outs)}[i] = {operand[1]}")
        self.outs.append(operand)

    def warm_args(self):
        """One-element arguments of the kernel's types (inputs, then outputs), to compile it.

        >>> src = KernelSource()
        >>> src.output(src.op("neg", [src.input("a", "float64")], "float64"))
        >>> [a.dtype.name for a in src.warm_args()]
        ['float64', 'float64']
        """
        ins = [np.zeros(1, d) if k == "a" else d.type(0) for k, d in zip(self.kinds, self.dtypes)]
        return ins + [np.zeros(1, np.dtype(o[2])) for o in self.outs]

    def text(self, parallel=True) -> str:
        """The module source; ``parallel=False`` makes a one-thread loop for small arrays."""
        args = [f"x{i}" for i in range(len(self.kinds))] + [f"o{j}" for j in range(len(self.outs))]
        lines = [f"        {line}\n" for line in self.body]
        head = _HEADER.format(
            args=", ".join(args),
            parallel="parallel=True, " if parallel else "",
            loop="prange" if parallel else "range",
        )
        return head + "".join(lines)


def _cast(operand, dtype):
    if operand[0] == "c":
        return literal(operand[1], dtype)
    _, name, have = operand
    if have == dtype:
        return name
    return f"({name} != 0)" if dtype == "bool" else f"np.{dtype}({name})"


__all__ = ["KernelSource"]
