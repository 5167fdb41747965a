"""Every row of tests/primitive_cases.py: derivatives against finite differences (fwd and rev,
order 2), the facade against NumPy, vmap against a loop and jit against eager."""

import numpy as np
import pytest
from primitive_cases import CASES

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.test_util import check_grads
from funcdiff.tree_util import tree_leaves

IDS = [c.name for c in CASES]
DIFF = [c for c in CASES if c.differentiable]


@pytest.mark.parametrize("case", DIFF, ids=[c.name for c in DIFF])
def test_grads(case, rng):
    for args in case.samples(rng):
        check_grads(case.fn, args, order=case.order, modes=case.modes, atol=case.tol, rtol=case.tol)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.reference is not None],
    ids=[c.name for c in CASES if c.reference is not None],
)
def test_facade_matches_numpy(case, rng):
    for args in case.samples(rng):
        for dtype in (np.float64, np.float32):
            typed = tuple(
                np.asarray(a).astype(dtype) if np.asarray(a).dtype.kind == "f" else a for a in args
            )
            out, expected = case.fn(*typed), case.reference(*typed)
            for o, e in zip(_leaves(out), _leaves(expected)):
                assert np.shape(o) == np.shape(e)
                assert np.asarray(o).dtype == np.asarray(e).dtype, (o, e)
                tol = 1e-12 if dtype == np.float64 else 1e-5
                np.testing.assert_allclose(o, e, rtol=tol, atol=tol)


def _leaves(x):
    return list(x) if isinstance(x, (tuple, list)) else [x]


def _stack_samples(case, rng, n=3):
    """n samples of the same shapes, stacked on a new leading axis per argument."""
    draws = [case.samples(np.random.default_rng(seed))[-1] for seed in range(n)]
    return [np.stack([d[i] for d in draws]) for i in range(case.nargs)], draws


def _loop(fn, draws):
    outs = [fn(*d) for d in draws]
    leaves = [_leaves(o) for o in outs]
    return [np.stack([lv[i] for lv in leaves]) for i in range(len(leaves[0]))]


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("where", ["first", "last", "mixed"])
def test_vmap_matches_loop(case, where, rng):
    stacked, draws = _stack_samples(case, rng)
    if where == "first":
        in_axes = tuple(0 if i in case.batch_args else None for i in range(case.nargs))
    elif where == "last":
        stacked = [np.moveaxis(x, 0, -1) for x in stacked]
        in_axes = tuple(-1 if i in case.batch_args else None for i in range(case.nargs))
    else:
        in_axes = tuple(0 if i == case.batch_args[0] else None for i in range(case.nargs))
    args = [x if ax is not None else d for x, ax, d in zip(stacked, in_axes, draws[0])]
    if where == "last":
        args = [x if ax is not None else d for x, ax, d in zip(stacked, in_axes, draws[0])]
    loop_draws = [
        tuple(d[i] if in_axes[i] is not None else draws[0][i] for i in range(case.nargs))
        for d in draws
    ]
    got = _leaves(fd.vmap(case.fn, in_axes=in_axes)(*args))
    for g, e in zip(got, _loop(case.fn, loop_draws)):
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("case", DIFF, ids=[c.name for c in DIFF])
def test_vmap_of_grad_matches_loop(case, rng):
    stacked, draws = _stack_samples(case, rng)
    loss = lambda *a: fnp.sum(_leaves(case.fn(*a))[0])  # noqa: E731
    argnums = tuple(range(case.nargs))
    got = fd.vmap(fd.grad(loss, argnums=argnums))(*stacked)
    expected = [fd.grad(loss, argnums=argnums)(*d) for d in draws]
    for i in range(case.nargs):
        np.testing.assert_allclose(
            got[i], np.stack([e[i] for e in expected]), rtol=1e-10, atol=1e-12
        )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_jit_matches_eager(case, rng):
    jitted = fd.jit(case.fn)
    for args in case.samples(rng):
        for g, e in zip(_leaves(jitted(*args)), _leaves(case.fn(*args))):
            assert np.shape(g) == np.shape(e)
            np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("case", DIFF, ids=[c.name for c in DIFF])
def test_jacobians_agree(case, rng):
    args = case.samples(rng)[-1]
    argnums = tuple(range(case.nargs))
    rev_modes = "rev" in case.modes and "fwd" in case.modes
    single = np.finfo(np.result_type(*args, np.float32)).bits == 32
    tol = 1e-4 if single else 1e-10
    jac_rev = fd.jacrev(case.fn, argnums=argnums)(*args)
    if rev_modes:
        jac_fwd = fd.jacfwd(case.fn, argnums=argnums)(*args)
        for a, b in zip(tree_leaves(jac_fwd), tree_leaves(jac_rev)):
            np.testing.assert_allclose(a, b, rtol=tol, atol=tol)
        loss = lambda *a: fnp.sum(_leaves(case.fn(*a))[0])  # noqa: E731
        h1 = fd.hessian(loss, argnums=argnums)(*args)
        h2 = fd.jacrev(fd.jacfwd(loss, argnums=argnums), argnums=argnums)(*args)
        for a, b in zip(tree_leaves(h1), tree_leaves(h2)):
            np.testing.assert_allclose(a, b, rtol=tol * 10, atol=tol * 10)


@pytest.mark.parametrize("case", DIFF, ids=[c.name for c in DIFF])
def test_grad_of_vmap_sum_equals_vmap_of_grad(case, rng):
    stacked, _ = _stack_samples(case, rng)
    loss = lambda *a: fnp.sum(_leaves(case.fn(*a))[0])  # noqa: E731
    argnums = tuple(range(case.nargs))
    batched_loss = lambda *a: fnp.sum(fd.vmap(loss)(*a))  # noqa: E731
    got = fd.grad(batched_loss, argnums=argnums)(*stacked)
    expected = fd.vmap(fd.grad(loss, argnums=argnums))(*stacked)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-14)
