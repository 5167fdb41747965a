"""Seed 004 (自动求导基础, PyTorch YouTube series): the graph of sum(2 sin a + 1), switching
gradients off, in-place updates and the profiler. Its TinyModel is tiny_model.py, its advanced
API (jacobian, hessian, vjp, jvp, hvp, vhp) advanced_api.py.

Run: python examples/autograd_advanced.py [OUT_DIR]  (or set FUNCDIFF_EXAMPLES_OUT); the plot
autograd_advanced.png is written there, next to this script by default.
"""

import os
import sys

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import InPlaceUpdateError


def pipeline(a):
    b = fnp.sin(a)
    c = 2 * b
    d = c + 1
    return fnp.sum(d)


def repeated_div_mul(x, y, z):
    for _ in range(1000):
        z = (z / x) * y
    return fnp.sum(z)


def sin_in_place(x):
    x[0] = fnp.sin(x[0])  # torch.sin_(a): an in-place op on a traced array raises
    return fnp.sum(x)


def graph_and_plot(path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a = np.linspace(0.0, 2.0 * np.pi, 25)
    out, grad = fd.value_and_grad(pipeline)(a)
    print(f"out = {out:.4f}\n{fd.make_jaxpr(pipeline)(a)}")  # 25.0; the grad_fn chain
    print("a.grad = 2 cos(a):", np.allclose(grad, 2 * np.cos(a)), np.round(grad[:4], 4))
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(a, np.sin(a), label="b = sin(a)")
    ax.plot(a, grad, label="a.grad = 2 cos(a)")
    ax.legend()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print("saved", path)


def out_path(name):
    """argv[1], else $FUNCDIFF_EXAMPLES_OUT, else this script's folder."""
    default = os.environ.get("FUNCDIFF_EXAMPLES_OUT", os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(sys.argv[1] if len(sys.argv) > 1 else default, name)


def main():
    graph_and_plot(out_path("autograd_advanced.png"))

    # requires_grad / no_grad / detach: choose what to differentiate; stop_gradient detaches.
    a, b = 2 * np.ones((2, 3)), 3 * np.ones((2, 3))
    print("b1 = 2a:", 2 * np.ones(3), " c1 = a + b:", (a + b)[0], " c3 = a * b:", (a * b)[0])
    ga, gb = fd.grad(lambda a, b: fnp.sum(a * fd.stop_gradient(b)), argnums=(0, 1))(a, b)
    print("grad of sum(a * detach(b)):", ga[0], gb[0])  # [3 3 3] [0 0 0]
    a = np.linspace(0.0, 2.0 * np.pi, 25)
    try:
        fd.grad(sin_in_place)(a)
    except InPlaceUpdateError as err:
        print("InPlaceUpdateError:", err)
    at_set = fd.grad(lambda x: fnp.sum(x.at[0].set(10 * x[0])))(a)  # a new array, x untouched
    print("grad of sum(x.at[0].set(10 x[0])):", at_set[:3])  # [10 1 1]

    # The profiler times every primitive run under the transform: forward and backward pass.
    rng = np.random.default_rng(0)  # ratios near 1 keep 1000 divisions and products finite
    x, y = rng.uniform(0.9, 1.1, (2, 3)), rng.uniform(0.9, 1.1, (2, 3))
    with fd.profiler.profile() as prof:
        fd.grad(repeated_div_mul, argnums=(0, 1))(x, y, np.ones((2, 3)))
    print(prof.table())


if __name__ == "__main__":
    main()
