"""Seed 000 (自动微分): f = exp(x)(x + sin x), its derivative, n-th derivatives, control flow.

Each ``x.requires_grad_(); y.backward(); x.grad`` of the tutorial becomes ``fd.grad(f)(x)``.
Run: python examples/autograd_basics.py [OUT_DIR]  (or set FUNCDIFF_EXAMPLES_OUT); the plot
autograd_basics.png is written there, next to this script by default.
"""

import os
import sys

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp


def f(x):
    return fnp.exp(x) * (x + fnp.sin(x))


def f_x(x):
    """The derivative worked out by hand: exp(x)(x + sin x + 1 + cos x)."""
    return np.exp(x) * (x + np.sin(x) + 1 + np.cos(x))


def nth_derivative(f, n):
    """The n-th derivative of a scalar function, by nesting grad n times (n >= 1)."""
    for _ in range(n):
        f = fd.grad(f)
    return f


def two_dot(x):
    return 2 * fnp.dot(x, x)


def doubling_with_branch(a):
    """The tutorial's function with a while loop and an if: Python control flow is traced."""
    b = a * 2
    while fnp.linalg.norm(b) < 1000:
        b = b * 2
    return b if fnp.sum(b) > 0 else 100 * b


def out_path(name):
    """argv[1], else $FUNCDIFF_EXAMPLES_OUT, else this script's folder."""
    default = os.environ.get("FUNCDIFF_EXAMPLES_OUT", os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(sys.argv[1] if len(sys.argv) > 1 else default, name)


def plot(x, y, dy, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(x, y, label="f(x)")
    ax.plot(x, dy, linestyle="solid", label="autograd")
    ax.plot(x, f_x(x), linestyle="--", label="grad")
    ax.set(title="f(x) and grad", xlabel="x", ylabel="f(x) and grad")
    ax.legend()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main():
    y, dy = fd.value_and_grad(f)(2.0)
    print(f"f(2) = {y:.4f}, f'(2) = {dy:.4f}")  # 21.4970, 25.8111
    print(f"|f'(2) - analytic| = {abs(dy - f_x(2.0)):.3g}")  # float64: ~0, torch float32: 1.9e-06

    # y.backward(torch.ones_like(x)) on a grid: one reverse pass gives every f'(x_i).
    x = np.arange(-5.0, 5.0, 0.01)
    grads = fd.elementwise_grad(f)(x)
    err = np.max(np.abs(grads - f_x(x)))
    print(f"grad on the grid: shape {grads.shape}, max |autograd - analytic| = {err:.3g}")
    assert np.allclose(grads, fd.vmap(fd.grad(f))(x))
    path = out_path("autograd_basics.png")
    plot(x, f(x), grads, path)
    print("saved", path)

    print(f"second derivative at 3 = {nth_derivative(f, 2)(3.0):.4f}")  # 60.6586
    print("grad of 2 x.x at arange(4):", fd.grad(two_dot)(np.arange(4.0)))  # [0 4 8 12]

    # The function is linear in a once the loop count and branch are fixed, so grad = c / a.
    for a in (0.5, -0.3):
        c, dc = fd.value_and_grad(doubling_with_branch)(a)
        print(f"control flow: a = {a}, c = {c:g}, dc/da = {dc:g}, c / a = {c / a:g}")


if __name__ == "__main__":
    main()
