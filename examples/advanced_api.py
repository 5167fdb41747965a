"""Seed 004 (自动求导基础), section 高级 API: torch.autograd.functional's jacobian, hessian, vjp,
jvp, hvp and vhp, as funcdiff transforms.

Run: python examples/advanced_api.py
"""

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp


def exp_adder(x, y):
    return 2 * fnp.exp(x) + 3 * y


def do_some_doubling(x):
    y = x * 2
    while fnp.linalg.norm(y) < 1000:
        y = y * 2
    return y


def pow_reducer(x):
    return fnp.sum(x**3)


def main():
    # The tutorial's torch.rand inputs, as it printed them (4 decimals): the jacobians are
    # diag(2 exp(x)) = [[4.1137]] and diag(2.4623, 2.5950, 3.1102) up to that rounding, and 3 I.
    for xs, ys in (([0.7212], [0.2079]), ([0.2080, 0.2604, 0.4415], [0.5220, 0.9867, 0.4288])):
        x, y = np.array(xs), np.array(ys)
        jx, jy = fd.jacobian(exp_adder, argnums=(0, 1))(x, y)
        print(f"inputs {x}, {y}\njacobian:\n{np.round(jx, 4)}\n{jy}")
        assert np.allclose(jx, np.diag(2 * np.exp(x))) and np.allclose(jy, 3 * np.eye(len(x)))

    # hessian of a scalar function of two arguments: a nested tuple of blocks, as JAX.
    hess = fd.hessian(lambda x, y: fnp.sum(exp_adder(x, y)), argnums=(0, 1))(x, y)
    zero = not any(np.any(block) for block in (hess[0][1], hess[1][0], hess[1][1]))
    print(f"hessian d2/dx2:\n{np.round(hess[0][0], 4)}\nother blocks all zero: {zero}")

    # y.backward(v) on a vector output is a vector-Jacobian product; the loop doubles 10 times.
    v = np.array([0.1, 1.0, 0.0001])
    out, pullback = fd.vjp(do_some_doubling, np.array([0.5, 0.8, -1.0]))
    print("doubling:", out, " vjp with v:", pullback(v)[0])  # [102.4, 1024, 0.1024]

    # jvp pushes a tangent forwards: J t = 2 exp(x) t_x + 3 t_y.
    t = np.ones(3)
    print("jvp:", fd.jvp(exp_adder, (x, y), (t, t))[1], " 2 exp(x) + 3 =", 2 * np.exp(x) + 3)

    # Hessian-vector products of sum(x^3), whose Hessian is diag(6 x): H v and v H agree.
    x = np.arange(1.0, 4.0)
    value, hv = fd.hvp(pow_reducer, (x,), (t,))
    print("hvp:", value, hv, " vhp:", fd.vhp(pow_reducer, (x,), (t,))[1], " 6 x =", 6 * x)


if __name__ == "__main__":
    main()
