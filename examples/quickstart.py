"""Quickstart: derivatives of a NumPy function with funcdiff, by every route.

Run: python examples/quickstart.py
"""

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp


def f(x):
    return fnp.exp(x) * (x + fnp.sin(x))


def main():
    df = fd.grad(f)
    print("f(2)       =", round(float(f(2.0)), 4))  # 21.497
    print("f'(2)      =", round(float(df(2.0)), 4))  # 25.8111
    print("f''(3)     =", round(float(fd.grad(df)(3.0)), 4))  # 60.6586

    xs = np.linspace(-1.0, 1.0, 5)
    print("f' on a grid (vmap):", np.round(fd.vmap(df)(xs), 4))

    out, tangent = fd.jvp(f, (2.0,), (1.0,))
    print("jvp at 2   =", round(float(out), 4), round(float(tangent), 4))

    def loss(w, x, y):
        return fnp.mean((fnp.tanh(x @ w) - y) ** 2)

    rng = np.random.default_rng(0)
    x, y, w = rng.normal(size=(8, 3)), rng.normal(size=8), np.zeros(3)
    for _ in range(100):
        w = w - 0.5 * fd.grad(loss)(w, x, y)
    print("loss after 100 steps:", round(float(loss(w, x, y)), 4))
    print("Hessian of the loss:\n", np.round(fd.hessian(loss)(w, x, y), 4))
    print(fd.make_jaxpr(df)(2.0))


if __name__ == "__main__":
    main()
