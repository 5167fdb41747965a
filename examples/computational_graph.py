"""Seed 001 (计算图与自动微分机): the graph u4 = u2 (u1 + u2) and a two-layer sigmoid network.

The tutorial's forward table, its backward table (P4 = 1, P3 = 3, P2 = 8, P1 = 3) and the
backpropagation formulas of the network are reproduced and checked against fd.grad.
Run: python examples/computational_graph.py
"""

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.scipy.special import expit as sigmoid


def u4(u1, u2):
    u3 = u1 + u2
    return u2 * u3


def backward_by_hand(u1, u2):
    """The tutorial's backward table, one local vjp per node: P_i = sum_j P_j J_{i->j}."""
    u3, pull3 = fd.vjp(lambda a, b: a + b, u1, u2)  # J_{1->3} = J_{2->3} = 1
    _, pull4 = fd.vjp(lambda b, c: b * c, u2, u3)  # J_{2->4} = u3, J_{3->4} = u2
    p4 = 1.0
    p2_direct, p3 = pull4(p4)
    p1, p2_via_u3 = pull3(p3)
    return p1, p2_direct + p2_via_u3


def energy(params, x, target):
    """E = 1/2 (y - target)^T (y - target) for y = sigmoid(W2 sigmoid(W1 x + b1) + b2)."""
    a1 = sigmoid(params["W1"] @ x + params["b1"])
    y = sigmoid(params["W2"] @ a1 + params["b2"])
    return 0.5 * fnp.dot(y - target, y - target)


def backprop_by_hand(params, x, target):
    """The hand-derived gradients: delta2 = (y - t) y (1 - y), delta1 = W2^T delta2 a1 (1 - a1)."""
    a1 = 1 / (1 + np.exp(-(params["W1"] @ x + params["b1"])))
    y = 1 / (1 + np.exp(-(params["W2"] @ a1 + params["b2"])))
    delta2 = (y - target) * y * (1 - y)
    delta1 = (params["W2"].T @ delta2) * a1 * (1 - a1)
    return {"W1": np.outer(delta1, x), "b1": delta1, "W2": np.outer(delta2, a1), "b2": delta2}


def init_network(rng, n0=4, n1=5, n2=3):
    params = {
        "W1": rng.standard_normal((n1, n0)),
        "b1": rng.standard_normal(n1),
        "W2": rng.standard_normal((n2, n1)),
        "b2": rng.standard_normal(n2),
    }
    return params, rng.standard_normal(n0), rng.random(n2)


def main():
    u1, u2 = 2.0, 3.0
    print("u3 = u1 + u2 =", u1 + u2, " u4 = u2 u3 =", u4(u1, u2))  # 5, 15
    value, (p1, p2) = fd.value_and_grad(u4, argnums=(0, 1))(u1, u2)
    print(f"fd.grad: du4/du1 = {p1}, du4/du2 = {p2}")  # 3, 8
    print("by the backward table: P1, P2 =", tuple(float(p) for p in backward_by_hand(u1, u2)))
    print("the graph fd.grad walks backwards:")
    print(fd.make_jaxpr(u4)(u1, u2))

    # The tutorial gives no numbers for the network: a seeded rng supplies W, b, x and the target.
    params, x, target = init_network(np.random.default_rng(0))
    E, grads = fd.value_and_grad(energy)(params, x, target)
    by_hand = backprop_by_hand(params, x, target)
    print(f"\nnetwork: E = {E:.6f}")
    for name in ("W1", "b1", "W2", "b2"):
        err = np.max(np.abs(grads[name] - by_hand[name]))
        print(f"dE/d{name} {grads[name].shape}: max |fd.grad - backprop formula| = {err:.2g}")
        assert np.allclose(grads[name], by_hand[name], rtol=1e-12, atol=1e-14)
    print("dE/dW2 =\n", np.round(grads["W2"], 6))


if __name__ == "__main__":
    main()
