"""Numba kernels against NumPy: special values, empty arrays, both sides of the size threshold,
and fused value-and-partials kernels against the separate computations."""

import subprocess
import sys

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff import kernels
from funcdiff.kernels import kernel_threshold, pool
from funcdiff.kernels.templates import _NP_UNARY
from funcdiff.primitives import REGISTRY

NEVER = 10**18  # a threshold no array reaches: the NumPy path


def special_values(dtype, rng, n=64):
    """Random values mixed with NaN, +-inf, signed zeros, denormals and extremes."""
    info = np.finfo(dtype)
    special = [np.nan, np.inf, -np.inf, 0.0, -0.0, info.smallest_subnormal, -info.tiny / 3,
               info.tiny, info.max, -info.max, 1.0, -1.0, 0.5, 2.0, 3.0, -3.0]  # fmt: skip
    vals = np.concatenate([special, rng.uniform(-4, 4, n), rng.standard_normal(n) * 50])
    return vals.astype(dtype)


def assert_close_ulps(got, want, ulps=4):
    """Same dtype and shape, NaN/inf/sign of zero alike, finite values within ``ulps``."""
    assert got.dtype == want.dtype and got.shape == want.shape
    if want.dtype == bool:
        np.testing.assert_array_equal(got, want)
        return
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    fin = np.isfinite(want)
    np.testing.assert_array_equal(got[~fin & ~np.isnan(want)], want[~fin & ~np.isnan(want)])
    g, w = got[fin].astype(np.float64), want[fin].astype(np.float64)
    np.testing.assert_array_equal(np.signbit(got[fin & (want == 0)]), np.signbit(want[want == 0]))
    with np.errstate(over="ignore"):  # the spacing at the largest float is inf
        spacing = np.spacing(np.maximum(np.abs(want[fin]), np.finfo(want.dtype).tiny))
    assert np.all(np.abs(g - w) <= ulps * spacing.astype(np.float64)), np.max(np.abs(g - w))


UNARY = sorted(set(_NP_UNARY.values()))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("fn", UNARY)
def test_unary_kernel_matches_numpy(fn, dtype, rng):
    x = special_values(dtype, rng)
    with np.errstate(all="ignore"):
        want = getattr(np, fn)(x)
        got = kernels.run(fn, (x.reshape(8, -1),)).reshape(-1)
    assert_close_ulps(got, want)


def _binary_prims():
    return sorted(
        name
        for name, p in REGISTRY.items()
        if p.elementwise and p.kernel in kernels.OPS and name in kernels.EAGER
        and name not in ("neg", "integer_pow", "select", "sin", "cos", "sqrt")
    )  # fmt: skip


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", _binary_prims())
def test_binary_kernel_matches_numpy(name, dtype, rng):
    prim = REGISTRY[name]
    x = special_values(dtype, rng)
    y = rng.permutation(special_values(dtype, rng))
    for args in [(x, y), (x, 0.5), (2, y)]:
        with kernel_threshold(NEVER), np.errstate(all="ignore"):
            want = prim.impl(*args)
        with np.errstate(all="ignore"):
            got = kernels.run(name, args)
        if name == "power" and args[1] is not y:
            assert got is None  # NumPy's sqrt/square fast paths for scalar exponents
            continue
        if name == "mul_safe":  # where t == 0 meets an inf/nan factor NumPy's zero is +0
            got, want = got + 0.0, want + 0.0
        assert_close_ulps(got, want)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_select_neg_integer_pow_kernels(dtype, rng):
    x = special_values(dtype, rng)
    y = rng.permutation(x)
    with np.errstate(all="ignore"):
        assert_close_ulps(kernels.run("select", (x > 0, x, y)), np.where(x > 0, x, y))
        assert_close_ulps(kernels.run("neg", (x,)), -x)
        assert_close_ulps(kernels.run("integer_pow", (x,), {"y": 2}), x * x)
        assert_close_ulps(kernels.run("integer_pow", (x,), {"y": -3}), np.power(x, -3))


@pytest.mark.parametrize("name", ["sin", "add", "select"])
def test_empty_arrays(name):
    x = np.zeros((0, 3))
    args = {"sin": (x,), "add": (x, x), "select": (x > 0, x, x)}[name]
    out = kernels.run(name, args)
    assert out.shape == (0, 3) and out.dtype == np.float64


def test_unsuitable_operands_stay_on_numpy():
    x = np.ones((4, 4))
    assert kernels.run("add", (x, np.ones(4))) is None  # broadcasting
    assert kernels.run("sin", (x.T[::2],)) is None  # non-contiguous
    assert kernels.run("add", (x, x.astype(np.float32))) is None  # mixed dtypes
    assert kernels.run("sin", (np.array(1.0),)) is None  # 0-d: NumPy returns a scalar
    assert kernels.run("add", (x.astype(int), x.astype(int))) is None  # ints


def test_threshold_chooses_the_path(monkeypatch, rng):
    calls = []
    real = kernels.run
    monkeypatch.setattr(kernels, "run", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    x = rng.uniform(-3, 3, 100)
    sin = REGISTRY["sin"].impl
    with kernel_threshold(101):
        below = sin(x)
    assert calls == []
    with kernel_threshold(100):
        above = sin(x)
    assert calls == ["sin"]
    assert_close_ulps(above, below)
    with kernel_threshold(0):
        assert type(sin(1.5)) is float or np.isscalar(sin(1.5))  # scalars never dispatch
    assert calls == ["sin"]


def _separate(name, x, y, out):
    # The value by NumPy, the partials from the kernel's own value (as the rules reuse it).
    with np.errstate(all="ignore"):
        if name in ("sin", "cos", "sqrt", "log", "tanh"):
            value = getattr(np, name)(x)
            d = {"sin": np.cos(x), "cos": -np.sin(x), "sqrt": 0.5 / out, "log": 1.0 / x}
            return value, [d.get(name, 1.0 - out * out)]
        if name == "div":
            return x / y, [1.0 / y, -(out / y)]
        dx = y * np.power(x, y - 1)
        dy = out * np.where(x > 0, np.log(np.where(x > 0, x, 1)), np.where(x == 0, 0, np.nan))
        return np.power(x, y), [dx, dy.astype(x.dtype)]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", sorted(kernels.FUSED))
def test_fused_equals_separate(name, dtype, rng):
    x = rng.uniform(0.1, 3.0, 500).astype(dtype)
    y = rng.uniform(-2.0, 2.0, 500).astype(dtype)
    args = (x, y) if name in ("div", "power") else (x,)
    if name == "power" and dtype == np.float32:
        assert kernels.fused(name, args) is None  # the rule's float64 steps stay with NumPy
        return
    out, partials = kernels.fused(name, args)
    want_out, want_partials = _separate(name, x, y, out)
    assert_close_ulps(out, want_out)
    assert len(partials) == len(want_partials)
    for got, want in zip(partials, want_partials):
        assert_close_ulps(got, want)


def test_jvp_uses_fused_kernel_above_threshold(monkeypatch, rng):
    calls = []
    real = kernels.fused
    monkeypatch.setattr(kernels, "fused", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    x = rng.uniform(-3, 3, 300)
    sin = REGISTRY["sin"]
    with kernel_threshold(NEVER):
        want = fd.jvp(sin.bind, (x,), (np.ones_like(x),))
    assert calls == []
    with kernel_threshold(0):
        got = fd.jvp(sin.bind, (x,), (np.ones_like(x),))
        g2 = fd.grad(fd.grad(lambda s: sin.bind(s)))(0.7)  # higher order: the rule path
    assert calls == ["sin"]
    for g, w in zip(got, want):
        assert_close_ulps(g, w)
    assert np.isclose(g2, -np.sin(0.7))


def test_import_and_float_derivative_load_no_numba():
    code = (
        "import sys, funcdiff as fd\n"
        "assert 'numba' not in sys.modules\n"
        "from funcdiff.primitives import REGISTRY\n"
        "fd.grad(lambda x: REGISTRY['sin'].bind(x) * x)(2.0)\n"
        "assert 'numba' not in sys.modules, 'numba was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_broadcast_scalar_operand(rng):
    x = rng.uniform(-1, 1, (30, 4))
    ct = np.broadcast_to(np.float64(0.5), x.shape)  # all strides 0
    got = kernels.run("mul_safe", (ct, x))
    assert_close_ulps(got, 0.5 * x)
    assert kernels.run("mul", (x, np.broadcast_to(np.ones(4), x.shape))) is None  # row broadcast


@pytest.fixture
def small_pool(monkeypatch):
    """The pool with a 1 KiB threshold and a 1 MiB limit, emptied before and after."""
    monkeypatch.setattr(pool, "MIN_BYTES", 1024)
    monkeypatch.setattr(pool, "limit", 1 << 20)
    pool.release()
    yield pool
    pool.release()


def test_pool_reuses_a_buffer_only_once_it_is_free(small_pool):
    a = small_pool.empty((256,), np.float64)  # 2 KiB
    base = id(a.base)  # an id: holding the buffer itself would keep it in use
    b = small_pool.empty((256,), np.float64)
    assert id(b.base) != base  # `a` still holds the first buffer
    view = a[::2]
    del a
    c = small_pool.empty((16, 16), np.float64)
    assert id(c.base) != base  # a view keeps its owner's buffer in use
    del view
    d = small_pool.empty((2, 128), np.float64)
    assert id(d.base) == base and d.shape == (2, 128) and d.dtype == np.float64
    assert small_pool.pooled_bytes() == 3 * 2048
    del b, c, d
    small_pool.release()
    assert small_pool.pooled_bytes() == 0


def test_pool_below_threshold_or_over_limit_allocates_plainly(small_pool, monkeypatch):
    assert small_pool.empty((8,), np.float64).base is None  # 64 bytes: plain np.empty
    held = [small_pool.empty((1 << 15,), np.float64) for _ in range(5)]  # 256 KiB each
    assert small_pool.pooled_bytes() == 4 * (1 << 18)  # the fifth would pass the 1 MiB limit
    assert held[4].base is None  # a plain array
    assert small_pool.empty((1 << 16,), np.float64).base is None  # over a quarter of the limit
    monkeypatch.setattr(pool, "limit", 0)
    assert small_pool.empty((1 << 16,), np.float64).base is None


def test_pool_evicts_idle_buffers_of_other_sizes(small_pool):
    a, b, c, d = (small_pool.empty((1 << 15,), np.float64) for _ in range(4))  # 256 KiB each
    del a, b  # two idle buffers; the pool is at its 1 MiB limit
    e = small_pool.empty((1 << 15,), np.float32)  # 128 KiB: one idle 256 KiB makes room
    assert small_pool.pooled_bytes() == 3 * (1 << 18) + (1 << 17)
    f = small_pool.empty((1 << 15,), np.float64)  # reuses the other idle one
    assert f.base is not None and small_pool.pooled_bytes() == 3 * (1 << 18) + (1 << 17)
    g = small_pool.empty((1 << 15,), np.float64)  # nothing idle left to evict: plain
    assert g.base is None
    assert all(x.base is not None for x in (c, d, e))


def test_kernel_outputs_come_from_the_pool(small_pool, rng):
    x = rng.uniform(-1, 1, 4096)
    with kernel_threshold(0):
        first = kernels.run("mul", (x, x))
        buffer = id(first.base)
        del first
        again = kernels.run("add", (x, x))
        out, (cos,) = kernels.fused("sin", (x,))
    assert id(again.base) == buffer  # the freed buffer came back
    assert_close_ulps(again, x + x)
    assert_close_ulps(out, np.sin(x))
    assert_close_ulps(cos, np.cos(x))
    # NumPy's own unary ufuncs write large float results into the pool as well.
    exp = REGISTRY["exp"].impl(x)
    assert exp.base is not None and np.array_equal(exp, np.exp(x))


def test_accumulate_sums_terms_left_to_right_with_the_zero_guard(rng):
    a, t, d, u = (rng.uniform(-1, 1, 64) for _ in range(4))
    t[:4] = 0.0
    d[:4] = [np.inf, -np.inf, np.nan, 1.0]  # a zero tangent annihilates an infinite factor
    got = kernels.accumulate([a, (t, d), (u, a)])
    with np.errstate(invalid="ignore"):
        want = (a + np.where(t == 0, 0.0, t * d)) + u * a
    np.testing.assert_array_equal(got, want)
    assert kernels.accumulate([a, np.ones((2, 32))]) is None  # shapes differ: not a kernel


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_accumulate_on_special_values_and_empty_arrays(dtype, rng):
    a, t, d = (rng.permutation(special_values(dtype, rng)) for _ in range(3))
    got = kernels.accumulate([(t, d), a, (a, t)])
    with np.errstate(all="ignore"):
        first = np.where(t == 0, dtype(0), t * d)  # mul_safe: a zero t wins over inf or nan
        want = (first + a) + np.where(a == 0, dtype(0), a * t)
    np.testing.assert_array_equal(got, want)  # same bits, NaN and signed zeros included
    empty = kernels.accumulate([np.empty(0, dtype), (np.empty(0, dtype), np.empty(0, dtype))])
    assert empty.shape == (0,) and empty.dtype == dtype


def test_backward_pass_fuses_cotangent_sums_with_the_same_bits(rng):
    # x feeds five products and sums, so its cotangent has several contributions.
    f = lambda x: fnp.sum(fnp.exp(x) * (x + fnp.sin(x)) + fnp.tanh(x) * x * x)  # noqa: E731
    x = rng.uniform(-1, 1, 2000)
    eager = fd.grad(f)(x)  # below the threshold: one NumPy add or multiply at a time
    calls = []
    real = kernels.accumulate
    with kernel_threshold(0):
        kernels.accumulate = lambda terms, **k: calls.append(len(terms)) or real(terms, **k)
        try:
            fused = fd.grad(f)(x)
        finally:
            kernels.accumulate = real
    assert calls and max(calls) >= 3  # several contributions summed in one kernel
    np.testing.assert_array_equal(fused, eager)


def test_profiler_times_fused_kernels(rng):
    x = rng.uniform(-1, 1, 50)
    f = lambda x: fnp.sum(fnp.sin(x) * x + x * x)  # noqa: E731
    with kernel_threshold(0), fd.profiler.profile() as prof:
        fd.grad(f)(x)
    assert prof.stats["sin+derivative"].calls == 1
    assert prof.stats["cotangent sum"].calls >= 1
    assert kernels.fused.__name__ == "fused"  # unwrapped again after the block


def test_chunked_ufunc_gives_numpys_bits(monkeypatch, rng):
    from funcdiff.kernels import chunks

    monkeypatch.setattr(chunks, "MIN_SIZE", 10)
    monkeypatch.setattr(chunks, "workers", lambda: 3)
    x = rng.uniform(-5, 5, (7, 13))  # 91 elements: chunks of 31, 31 and 29
    out = chunks.unary(np.exp, x, np.empty_like(x))
    np.testing.assert_array_equal(out, np.exp(x))
    strided = x[:, ::2]  # not contiguous: one plain call
    np.testing.assert_array_equal(chunks.unary(np.tanh, strided, np.empty(strided.shape)),
                                  np.tanh(strided))  # fmt: skip


def test_thread_pools_work_in_a_forked_child(monkeypatch, rng):
    import multiprocessing

    from funcdiff.kernels import chunks

    monkeypatch.setattr(chunks, "MIN_SIZE", 10)
    monkeypatch.setattr(chunks, "workers", lambda: 2)
    x = rng.uniform(-1, 1, 100)
    want = chunks.unary(np.exp, x, np.empty_like(x))  # the parent's pool now exists
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as workers:  # a child that would wait forever on the parent's pool
        got = workers.apply_async(_chunked_exp_in_child, (x,)).get(timeout=60)
    np.testing.assert_array_equal(got, want)


def _chunked_exp_in_child(x):
    from funcdiff.kernels import chunks

    chunks.MIN_SIZE, chunks.workers = 10, lambda: 2
    return chunks.unary(np.exp, x, np.empty_like(x))
