"""Seed 003 (前向和反向自动微分): forward mode with fd.jvp and reverse mode with fd.grad.

The tutorial's dual-number ``Var`` class is what fd.jvp does internally: it carries
(value, derivative) pairs through the program.
Run: python examples/forward_reverse.py
"""

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp


def fx(x):
    return fnp.exp(x * x - x) / x


def f2(x1, x2):
    return x1 * fnp.exp(x2) - x1


def forward_mode(f, x1, x2):
    """One jvp per input: seeding dx1 = 1 (then dx2 = 1) gives one partial derivative each."""
    _, d1 = fd.jvp(f, (x1, x2), (1.0, 0.0))
    _, d2 = fd.jvp(f, (x1, x2), (0.0, 1.0))
    return d1, d2


def reverse_mode(f, x1, x2):
    """One backward pass from df/df = 1 gives both partial derivatives at once."""
    return fd.grad(f, argnums=(0, 1))(x1, x2)


def main():
    value, deriv = fd.jvp(fx, (2.0,), (1.0,))
    print(f"value: {float(value)!r}\t deriv: {float(deriv)!r}")  # 3.694528..., 9.236320...
    # By hand: f' = exp(x^2 - x) (2x - 1) / x - exp(x^2 - x) / x^2.
    print("by hand:", np.exp(2.0) * 3 / 2 - np.exp(2.0) / 4)

    # Example 2 and 3: f(x1, x2) = x1 exp(x2) - x1 at a point of our choosing.
    x1, x2 = 1.5, 0.5
    print("the traced program:")
    print(fd.make_jaxpr(f2)(x1, x2))
    fwd = forward_mode(f2, x1, x2)
    rev = reverse_mode(f2, x1, x2)
    exact = (np.exp(x2) - 1, x1 * np.exp(x2))
    print("forward mode (2 jvps):", tuple(float(d) for d in fwd))
    print("reverse mode (1 grad):", tuple(float(d) for d in rev))
    print("exact (exp(x2) - 1, x1 exp(x2)):", tuple(float(d) for d in exact))
    assert np.allclose(fwd, exact) and np.allclose(rev, exact)


if __name__ == "__main__":
    main()
