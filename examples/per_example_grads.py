"""Per-example gradients of a logistic-regression loss with vmap(grad), checked against a loop.

Run: python examples/per_example_grads.py
"""

import time

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp


def loss(w, b, x, y):
    """Logistic loss of one example: log(1 + e^z) - y z with z = w . x + b."""
    z = fnp.dot(w, x) + b
    return fnp.logaddexp(0.0, z) - y * z


def main():
    rng = np.random.default_rng(0)
    batch, features = 256, 100
    xs = rng.normal(size=(batch, features))
    ys = (rng.uniform(size=batch) < 0.5).astype(float)
    w, b = rng.normal(size=features) * 0.1, 0.0

    per_example = fd.vmap(fd.grad(loss, argnums=(0, 1)), in_axes=(None, None, 0, 0))
    gw, gb = per_example(w, b, xs, ys)
    print("per-example gradient shapes:", gw.shape, gb.shape)  # (256, 100) (256,)

    loop_w = np.stack([fd.grad(loss)(w, b, x, y) for x, y in zip(xs, ys)])
    print("max |vmap - loop|:", float(np.max(np.abs(gw - loop_w))))
    assert np.allclose(gw, loop_w, rtol=1e-12, atol=1e-15)

    # Closed form: d/dw = (sigmoid(z) - y) x.
    z = xs @ w + b
    closed = ((1.0 / (1.0 + np.exp(-z)) - ys)[:, None]) * xs
    assert np.allclose(gw, closed, rtol=1e-12, atol=1e-15)
    print("matches (sigmoid(z) - y) x: True")

    per_example(w, b, xs, ys)
    start = time.perf_counter()
    for _ in range(20):
        per_example(w, b, xs, ys)
    print(f"vmap(grad) for {batch} x {features}: {(time.perf_counter() - start) / 20 * 1e3:.2f} ms")

    # The clipped average used by differentially private SGD, one line on top.
    norms = np.linalg.norm(gw, axis=1, keepdims=True)
    clipped = gw / np.maximum(1.0, norms)
    print("mean clipped gradient norm:", round(float(np.linalg.norm(clipped.mean(0))), 4))


if __name__ == "__main__":
    main()
