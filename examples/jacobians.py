"""Jacobians and Hessians of a multi-input function (the tutorial's exp_adder), three ways.

jacfwd pushes the input basis forward, jacrev pulls the output basis back, and hessian is
jacfwd(jacrev); all three are one batched pass, with no loop over basis vectors.
Run: python examples/jacobians.py
"""

import numpy as np

import funcdiff as fd
import funcdiff.numpy as fnp


def exp_adder(x, y):
    return 2.0 * fnp.exp(x) + 3.0 * y


def main():
    x = np.array([0.2080, 0.2604, 0.4415])
    y = np.array([0.5220, 0.9867, 0.4288])

    for name, jac in [("jacfwd", fd.jacfwd), ("jacrev", fd.jacrev)]:
        jx, jy = jac(exp_adder, argnums=(0, 1))(x, y)
        print(
            f"{name}: d/dx diagonal {np.round(np.diag(jx), 4)}, d/dy = 3 I: "
            f"{np.array_equal(jy, 3.0 * np.eye(3))}"
        )
        assert np.allclose(jx, np.diag(2.0 * np.exp(x)), rtol=1e-15)

    def energy(x, y):
        return fnp.sum(exp_adder(x, y) * fnp.sin(x * y))

    hess = fd.hessian(energy, argnums=(0, 1))(x, y)
    print("Hessian blocks:", [[block.shape for block in row] for row in hess])
    full = np.block([[hess[0][0], hess[0][1]], [hess[1][0], hess[1][1]]])
    print("symmetric:", bool(np.allclose(full, full.T, rtol=1e-12)))

    # A matrix-valued function: blocks are out.shape + in.shape.
    w = np.random.default_rng(0).normal(size=(4, 3))
    jac = fd.jacrev(lambda w, x: fnp.tanh(w @ x))(w, x)
    print("d tanh(W x) / dW shape:", jac.shape)  # (4, 4, 3)
    assert np.allclose(jac, fd.jacfwd(lambda w, x: fnp.tanh(w @ x))(w, x), rtol=1e-13)

    v = np.array([1.0, 0.0, -1.0])
    value, hv = fd.hvp(lambda x: energy(x, y), (x,), (v,))
    print("H v (forward-over-reverse):", np.round(hv, 4))
    assert np.allclose(hv, hess[0][0] @ v, rtol=1e-12)


if __name__ == "__main__":
    main()
