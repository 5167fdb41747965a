"""Seed 004's TinyModel (1000 -> 100 ReLU -> 10) trained with SGD, functionally.

Parameters are a dict pytree, ``loss.backward()`` is ``fd.grad(loss)(params, x, y)``,
``optimizer.step()`` is a tree_map, and gradient accumulation is an explicit sum.
Run: python examples/tiny_model.py
"""

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.tree_util import tree_map

BATCH_SIZE, DIM_IN, HIDDEN_SIZE, DIM_OUT = 16, 1000, 100, 10
LR = 0.001


def init_linear(rng, fan_in, fan_out):
    """torch.nn.Linear's default: weight and bias uniform in +-1/sqrt(fan_in)."""
    bound = 1 / np.sqrt(fan_in)
    return {
        "w": rng.uniform(-bound, bound, (fan_out, fan_in)),
        "b": rng.uniform(-bound, bound, fan_out),
    }


def init_model(rng):
    return {
        "layer1": init_linear(rng, DIM_IN, HIDDEN_SIZE),
        "layer2": init_linear(rng, HIDDEN_SIZE, DIM_OUT),
    }


def model(params, x):
    hidden = fnp.maximum(x @ params["layer1"]["w"].T + params["layer1"]["b"], 0.0)  # ReLU
    return hidden @ params["layer2"]["w"].T + params["layer2"]["b"]


def loss(params, x, ideal):
    return fnp.sum((ideal - model(params, x)) ** 2)


def sgd_step(params, grads, lr=LR):
    return tree_map(lambda p, g: p - lr * g, params, grads)


def main():
    # torch.randn/nn.Linear's RNG is replaced by a seeded NumPy rng: the numbers differ from the
    # tutorial's, the behaviour (a step moves the weights, accumulation grows, loss falls) not.
    np.set_printoptions(precision=4, suppress=True, linewidth=120)
    rng = np.random.default_rng(0)
    some_input = rng.standard_normal((BATCH_SIZE, DIM_IN))
    ideal_output = rng.standard_normal((BATCH_SIZE, DIM_OUT))
    params = init_model(rng)
    print("layer2.w[0][:10] =", params["layer2"]["w"][0][:10])

    value, grads = fd.value_and_grad(loss)(params, some_input, ideal_output)
    print(f"loss = {value:.4f}")
    print("grad[0][:10]     =", grads["layer2"]["w"][0][:10])
    params = sgd_step(params, grads)
    print("after one step   =", params["layer2"]["w"][0][:10])

    # torch accumulates 5 more backward passes into .grad until zero_grad(); here the sum is
    # explicit, and "zeroing" is just starting again from zeros.
    accumulated = grads
    for _ in range(5):
        step_grads = fd.grad(loss)(params, some_input, ideal_output)
        accumulated = tree_map(np.add, accumulated, step_grads)
    print("accumulated      =", accumulated["layer2"]["w"][0][:10])
    zeroed = tree_map(np.zeros_like, accumulated)
    print("after zero_grad  =", zeroed["layer2"]["w"][0][:10])

    losses = [float(value)]
    for step in range(1, 51):
        value, grads = fd.value_and_grad(loss)(params, some_input, ideal_output)
        params = sgd_step(params, grads)
        losses.append(float(value))
        if step % 10 == 0:
            print(f"step {step:2d}: loss = {value:.4f}")
    assert losses[-1] < 0.5 * losses[0], "training should reduce the loss"


if __name__ == "__main__":
    main()
