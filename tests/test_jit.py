"""fd.jit: equals eager (alone and composed with grad, vmap, jacobians both ways), caches per
input signature, logs retraces with the changed argument, and rejects traced branching."""

import logging

import numpy as np
import pytest

import funcdiff as fd
from funcdiff.errors import ConcretizationError
from funcdiff.kernels import kernel_threshold
from funcdiff.primitives import REGISTRY

sin, cos, exp, tanh = (REGISTRY[n].bind for n in ("sin", "cos", "exp", "tanh"))


def total(x):
    return REGISTRY["reduce_sum"].bind(x, axes=tuple(range(np.ndim(x))))


FUNCTIONS = {
    "chain": lambda x: exp(x) * (x + sin(x)),
    "mixed_scalar": lambda x: tanh(x * 0.5 + 1.0) / (2.0 + cos(x)),
    "reduction_between": lambda x: sin(x) * total(cos(x) * x) + x,
    "power_select": lambda x: REGISTRY["select"].bind(x > 0, x**3.0 - x, -x * x),
}


def loss(x):
    return total(exp(x) * (x + sin(x)))


@pytest.fixture(params=[None, 0], ids=["numpy", "kernels"])
def threshold(request):
    """Run each test below the kernel threshold (plain NumPy) and with every region fused."""
    if request.param is None:
        yield
        return
    with kernel_threshold(request.param):
        yield


@pytest.mark.parametrize("name", FUNCTIONS)
def test_jit_equals_eager(name, threshold, rng):
    f = FUNCTIONS[name]
    x = rng.uniform(-2, 2, (3, 40))
    np.testing.assert_allclose(fd.jit(f)(x), f(x), rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize(
    "transform",
    [
        lambda f: fd.jit(fd.grad(f)),
        lambda f: fd.grad(fd.jit(f)),
        lambda f: fd.jit(fd.vmap(fd.grad(f))),
        lambda f: fd.vmap(fd.jit(fd.grad(f))),
        lambda f: fd.jit(fd.hessian(f)),
        lambda f: fd.jacfwd(fd.jit(fd.jacrev(f))),
    ],
    ids=["jit_grad", "grad_jit", "jit_vmap_grad", "vmap_jit_grad", "jit_hessian", "jacfwd_jit"],
)
def test_jit_composes_with_transforms(transform, threshold, rng):
    def f(x):
        return total(exp(x) * (x + sin(x)))

    x = rng.uniform(-1, 1, (4, 5)) if "vmap" in str(transform) else rng.uniform(-1, 1, 5)
    got = transform(f)(x)
    ref = _strip_jit(transform)(f)(x)
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)


def _strip_jit(transform):
    # The same composition with fd.jit replaced by the identity.
    def apply(f):
        real = fd.jit
        try:
            fd.jit = lambda g, **kw: g
            return transform(f)
        finally:
            fd.jit = real

    return apply


def test_jvp_and_vjp_of_jit(threshold, rng):
    f = FUNCTIONS["mixed_scalar"]
    x, t = rng.uniform(-1, 1, 30), rng.uniform(-1, 1, 30)
    np.testing.assert_allclose(fd.jvp(fd.jit(f), (x,), (t,))[1], fd.jvp(f, (x,), (t,))[1])
    out, pullback = fd.vjp(fd.jit(f), x)
    np.testing.assert_allclose(pullback(t)[0], fd.vjp(f, x)[1](t)[0])


def test_cache_hits_and_misses(rng):
    f = fd.jit(FUNCTIONS["chain"])
    x = rng.uniform(-1, 1, 8)
    f(x)
    f(x + 1.0)
    assert (f.hits, f.misses) == (1, 1)
    f(x.astype(np.float32))  # new dtype
    f(x[:4])  # new shape
    f(x[:4])
    assert (f.hits, f.misses) == (2, 3)


def test_retrace_log_names_the_changed_argument(monkeypatch, caplog, rng):
    monkeypatch.setenv("FUNCDIFF_LOG_COMPILES", "1")
    f = fd.jit(lambda x, scale: sin(x) * scale)
    with caplog.at_level(logging.WARNING, logger="funcdiff.jit"):
        f(np.ones(3), np.ones(3))
        f(np.ones(3), np.ones(1))
    assert "first time" in caplog.records[0].getMessage()
    message = caplog.records[1].getMessage()
    assert "argument 'scale'" in message and "f64[3]" in message and "f64[1]" in message


def test_static_argnums_and_argnames(rng):
    def f(x, n, *, mode):
        for _ in range(n):  # a Python loop over a static value
            x = sin(x) if mode == "sin" else cos(x)
        return x

    jf = fd.jit(f, static_argnums=1, static_argnames="mode")
    x = rng.uniform(-1, 1, 6)
    np.testing.assert_allclose(jf(x, 3, mode="sin"), f(x, 3, mode="sin"))
    np.testing.assert_allclose(jf(x, 2, mode="cos"), f(x, 2, mode="cos"))
    jf(x, 3, mode="sin")
    assert (jf.hits, jf.misses) == (1, 2)


def test_branch_on_traced_value_names_the_line():
    def f(x):
        if total(x) > 0:  # the offending line
            return x
        return -x

    match = r"(?s)test_jit.py:\d+.*offending line.*fnp.where"
    with pytest.raises(ConcretizationError, match=match):
        fd.jit(f)(np.ones(3))


def _rows():
    from primitive_cases import CASES

    return CASES


@pytest.mark.parametrize("case", _rows(), ids=lambda c: c.name)
def test_every_row_jit_with_kernels_equals_eager(case, rng):
    # Every region fused (threshold 0) against eager NumPy; kernels are within a few ulps.
    jitted = fd.jit(case.fn)
    for args in case.samples(rng):
        with kernel_threshold(0):
            got = fd.tree_util.tree_leaves(jitted(*args))
        with kernel_threshold(10**18):
            want = fd.tree_util.tree_leaves(case.fn(*args))
        for g, w in zip(got, want):
            assert np.shape(g) == np.shape(w) and np.asarray(g).dtype == np.asarray(w).dtype
            np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)
