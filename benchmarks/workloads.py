"""Workloads W1-W7 written once against a library adapter, each with a hand-written NumPy
derivative to check the result (W8, the cold start, is timed by `run.py`)."""

from __future__ import annotations

import numpy as np

RNG_SEED = 0


def seed_f(L):
    return lambda x: L.exp(x) * (x + L.sin(x))


def w1(L):
    """grad(grad(f)) at the float 3.0."""
    g2 = L.jit(L.grad(L.grad(seed_f(L))))
    arg = L.asarray(3.0) if L.asarray is not np.asarray else 3.0
    want = np.exp(3.0) * (3.0 + 2.0 + 2.0 * np.cos(3.0))  # (e^x (x + sin x))''
    return (lambda: g2(arg)), want


def w2(L):
    """Reverse mode on 10-element arrays, 100 primitive calls (time per primitive)."""

    def chain(x):
        for _ in range(25):
            x = L.sin(x) * 0.9 + x * 0.1
        return L.sum(x)

    x = np.linspace(0.0, 1.0, 10)
    d, y = np.ones(10), x.copy()
    for _ in range(25):  # forward-mode by hand: d/dx of 0.9 sin y + 0.1 y
        d = d * (0.9 * np.cos(y) + 0.1)
        y = 0.9 * np.sin(y) + 0.1 * y
    g = L.jit(L.grad(chain))
    arg = L.asarray(x)
    return (lambda: g(arg)), d, 100


def w3(L, n):
    """grad of sum(exp(x)(x + sin x)) at n points."""
    x = np.linspace(-1.0, 1.0, int(n))
    f = seed_f(L)
    g = L.jit(L.grad(lambda x: L.sum(f(x))))
    want = np.exp(x) * (x + np.sin(x) + 1.0 + np.cos(x))
    arg = L.asarray(x)
    return (lambda: g(arg)), want


def numpy_forward(n):
    x = np.linspace(-1.0, 1.0, int(n))
    return lambda: np.sum(np.exp(x) * (x + np.sin(x)))


def w4(L, batch):
    """value_and_grad of the MSE of a 1000 -> 100 ReLU -> 10 MLP, parameters in a dict."""
    rng = np.random.default_rng(RNG_SEED)
    p = {
        "W1": rng.standard_normal((1000, 100)) / 30,
        "b1": rng.standard_normal(100) / 10,
        "W2": rng.standard_normal((100, 10)) / 10,
        "b2": rng.standard_normal(10) / 10,
    }
    x, y = rng.standard_normal((batch, 1000)), rng.standard_normal((batch, 10))

    def loss(params, x, y):
        h = L.relu(x @ params["W1"] + params["b1"])
        return L.mean((h @ params["W2"] + params["b2"] - y) ** 2)

    # By hand: r = out - y, dL/dout = 2 r / size; back through W2, the ReLU mask and W1.
    pre = x @ p["W1"] + p["b1"]
    h = np.maximum(pre, 0.0)
    r = h @ p["W2"] + p["b2"] - y
    d_out = 2 * r / r.size
    d_pre = (d_out @ p["W2"].T) * (pre > 0)
    want = {"W1": x.T @ d_pre, "b1": d_pre.sum(0), "W2": h.T @ d_out, "b2": d_out.sum(0)}
    vg = L.jit(L.value_and_grad(loss))
    args = ({k: L.asarray(v) for k, v in p.items()}, L.asarray(x), L.asarray(y))
    return (lambda: vg(*args)[1]), want


def w5(L):
    """Per-example gradients of a logistic loss, 256 x 100, by vmap(grad)."""
    if L.vmap is None:
        return None
    rng = np.random.default_rng(RNG_SEED)
    w = rng.standard_normal(100) / 10
    X, Y = rng.standard_normal((256, 100)), np.sign(rng.standard_normal(256))

    def loss(w, x, y):
        return L.log(1.0 + L.exp(-y * L.sum(x * w)))

    margin = Y * (X @ w)
    want = (-Y / (1.0 + np.exp(margin)))[:, None] * X  # -y x sigmoid(-y w.x)
    g = L.jit(L.vmap(L.grad(loss), in_axes=(None, 0, 0)))
    args = (L.asarray(w), L.asarray(X), L.asarray(Y))
    return (lambda: g(*args)), want


def w6(L, n):
    """hessian of sum(tanh(A @ x))."""
    rng = np.random.default_rng(RNG_SEED)
    A, x = rng.standard_normal((n, n)) / np.sqrt(n), rng.standard_normal(n)
    A_arg = L.asarray(A)
    t = np.tanh(A @ x)
    want = A.T @ ((-2.0 * t * (1.0 - t * t))[:, None] * A)  # tanh'' = -2 tanh (1 - tanh^2)
    h = L.jit(L.hessian(lambda x: L.sum(L.tanh(A_arg @ x))))
    arg = L.asarray(x)
    return (lambda: h(arg)), want


def w7(L, mode):
    """jacrev / jacfwd of tanh(W @ x), 200 x 200."""
    jac = getattr(L, mode)
    if jac is None:
        return None
    rng = np.random.default_rng(RNG_SEED)
    W, x = rng.standard_normal((200, 200)) / 15, rng.standard_normal(200)
    W_arg = L.asarray(W)
    want = (1.0 - np.tanh(W @ x) ** 2)[:, None] * W
    j = L.jit(jac(lambda x: L.tanh(W_arg @ x)))
    arg = L.asarray(x)
    return (lambda: j(arg)), want


WORKLOADS = {
    "W1 grad(grad(f)) at 3.0": w1,
    "W2 reverse mode, per primitive (10 elements)": w2,
    "W3 grad, n = 1e6": lambda L: w3(L, 1e6),
    "W3 grad, n = 1e7": lambda L: w3(L, 1e7),
    "W4 MLP value_and_grad, batch 16": lambda L: w4(L, 16),
    "W4 MLP value_and_grad, batch 256": lambda L: w4(L, 256),
    "W5 per-example grads 256 x 100 (vmap)": w5,
    "W6 hessian, n = 100": lambda L: w6(L, 100),
    "W6 hessian, n = 500": lambda L: w6(L, 500),
    "W7 jacrev 200 x 200": lambda L: w7(L, "jacrev"),
    "W7 jacfwd 200 x 200": lambda L: w7(L, "jacfwd"),
}
