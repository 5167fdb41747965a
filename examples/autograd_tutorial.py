"""Seed 002 (Automatic Differentiation): a one-layer net with a BCE-with-logits loss, backward
with a vector, gradient "accumulation", control flow and disabling gradient tracking.

Run: python examples/autograd_tutorial.py
"""

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.scipy.special import expit, log_expit


def bce_with_logits(z, y):
    """torch's binary_cross_entropy_with_logits (mean): -[y log s(z) + (1 - y) log s(-z)]."""
    return -fnp.mean(y * log_expit(z) + (1 - y) * log_expit(-z))


def loss(w, b, x, y):
    z = fnp.matmul(x, w) + b
    return bce_with_logits(z, y)


def square_plus_one(inp):
    return (inp + 1) ** 2


def func(a):
    b = a * 2
    while fnp.linalg.norm(b) < 1000:
        b = b * 2
    return b


def main():
    x, y = np.ones(5), np.zeros(3)
    # torch.randn is replaced by a seeded NumPy rng, so the numbers differ from the tutorial's;
    # they are checked against the closed form dloss/db = (sigmoid(z) - y) / 3 instead.
    rng = np.random.default_rng(0)
    w, b = rng.standard_normal((5, 3)), rng.standard_normal(3)
    print("the graph behind loss (grad_fn):")
    print(fd.make_jaxpr(loss)(w, b, x, y))
    value, (w_grad, b_grad) = fd.value_and_grad(loss, argnums=(0, 1))(w, b, x, y)
    print(f"loss = {value:.4f}\nw.grad =\n{np.round(w_grad, 4)}\nb.grad = {np.round(b_grad, 4)}")
    closed_form = (expit(x @ w + b) - y) / 3
    assert np.allclose(b_grad, closed_form) and np.allclose(w_grad, np.outer(x, closed_form))

    # out.backward(ones) on a matrix output is a vjp; the pullback may be called many times.
    inp = np.eye(3)
    out, pullback = fd.vjp(square_plus_one, inp)
    (first,) = pullback(np.ones_like(out))
    print("inp.grad =\n", first)  # [[4 2 2] [2 4 2] [2 2 4]]
    # torch adds the second backward into inp.grad; functionally the sum is explicit.
    print("accumulated =\n", first + pullback(np.ones_like(out))[0])  # [[8 4 4] ...]
    print("after zero_() =\n", pullback(np.ones_like(out))[0])  # nothing to zero: [[4 2 2] ...]

    # torch.randn(()) picks a; with a = 1.2 the loop doubles nine times, so dc/da = 2 * 2^9.
    a = 1.2
    print("func(a) =", func(a), " a.grad =", fd.grad(func)(a))  # 1024.0

    # no_grad / detach: evaluating without a transform gives a plain NumPy array, and
    # fd.stop_gradient cuts a value out of the derivative inside a transform.
    z = np.matmul(x, w) + b
    print("plain evaluation:", type(z).__name__)
    w_grad_detached = fd.grad(lambda w: fnp.sum(fd.stop_gradient(fnp.matmul(x, w) + b)))(w)
    print("gradient through stop_gradient:", np.abs(w_grad_detached).max())  # 0.0


if __name__ == "__main__":
    main()
