"""Fusion of elementwise regions in fd.jit programs, and the on-disk kernel cache shared
between processes."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np

import funcdiff as fd
from funcdiff.kernels import kernel_threshold
from funcdiff.primitives import REGISTRY
from funcdiff.transforms import fusion
from funcdiff.transforms.fusion import Region

sin, cos, exp = (REGISTRY[n].bind for n in ("sin", "cos", "exp"))


def total(x):
    return REGISTRY["reduce_sum"].bind(x, axes=(0,))


def regions(f, *args, threshold=0):
    steps = fusion.plan(fd.jit(f).lower(*args), threshold)
    return [s for s in steps if type(s) is Region], steps


def test_chain_becomes_one_region():
    x = np.linspace(-1, 1, 50)
    found, steps = regions(lambda x: exp(x) * (x + sin(x)) - 2.0 * cos(x), x)
    # exp stays NumPy's (its SIMD routine is not libm's); the rest is one kernel.
    assert len(steps) == 2 and steps[0].prim.name == "exp" and len(found) == 1
    (region,) = found
    assert [e.prim.name for e in region.eqns] == ["sin", "add", "mul", "cos", "mul", "sub"]
    assert len(region.outputs) == 1  # no intermediate array leaves the kernel


def test_grad_program_fuses_forward_and_backward():
    x = np.linspace(-1, 1, 50)
    found, steps = regions(fd.grad(lambda x: total(exp(x) * (x + sin(x)))), x)
    # The primal value is dead in grad's program; what is left is exp and one region.
    assert len(found) == 1 and len(steps) == 2
    ref = np.exp(x) * (x + np.sin(x)) + np.exp(x) * (1 + np.cos(x))
    g = fd.grad(lambda x: total(exp(x) * (x + sin(x))))
    with kernel_threshold(0):
        np.testing.assert_allclose(fd.jit(g)(x), ref)
        np.testing.assert_array_equal(fd.jit(g)(x), g(x))  # jit keeps eager's bits


def test_regions_split_at_reductions_and_broadcasts():
    x, y = np.ones((3, 4)), np.ones(4)
    found, steps = regions(lambda x, y: sin(x) * 2.0 + cos(x) + (exp(x) + y), x, y)
    names = [s.prim.name if type(s) is not Region else "region" for s in steps]
    assert "add" in names  # x (3, 4) + y (4,) broadcasts: left to NumPy
    assert len(found) == 1 and len(found[0].eqns) >= 4
    found, _ = regions(lambda x: sin(x) * total(cos(x)), np.ones(8))
    assert all(len(r.eqns) >= 2 for r in found)


def test_small_programs_run_plain_equations():
    x = np.ones(50)
    found, steps = regions(lambda x: exp(x) * sin(x), x, threshold=51)
    assert found == [] and len(steps) == 3


SCRIPT = textwrap.dedent(
    """
    import json, time
    import numpy as np
    t0 = time.perf_counter()
    import funcdiff as fd
    from funcdiff import kernels
    from funcdiff.primitives import REGISTRY
    sin, exp = REGISTRY["sin"].bind, REGISTRY["exp"].bind
    f = fd.jit(fd.grad(lambda x: REGISTRY["reduce_sum"].bind(exp(x) * (x + sin(x)), axes=(0,))))
    x = np.linspace(-1.0, 1.0, 20_000)
    t1 = time.perf_counter()
    f(x)
    t2 = time.perf_counter()
    print(json.dumps(dict(kernels.cache_info(), first_call=t2 - t1, total=t2 - t0)))
    """
)


def test_second_process_loads_kernels_from_disk(tmp_path):
    env = dict(
        os.environ,
        FUNCDIFF_CACHE_DIR=str(tmp_path),
        FUNCDIFF_KERNEL_THRESHOLD="10000",
        FUNCDIFF_BACKGROUND_COMPILE="0",  # compile during the call, to count it
    )

    def run():
        out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True,
                             capture_output=True, text=True)  # fmt: skip
        return json.loads(out.stdout)

    first, second = run(), run()
    assert first["compiled"] >= 1 and first["disk_hits"] == 0
    assert second["compiled"] == 0 and second["disk_hits"] == first["compiled"]
    assert list((tmp_path / "kernels").glob("fd_*.py"))


def test_long_small_regions_fuse_only_exact_ops():
    x = np.linspace(-1, 1, 10)

    def chain(x):
        for _ in range(4):
            x = sin(x) * 0.9 + x * 0.1  # 16 equations, all exact in float64
        return x

    found, steps = regions(chain, x, threshold=10**6)
    assert len(steps) == 1 and not found[0].parallel
    np.testing.assert_array_equal(fd.jit(chain)(x), chain(x))  # the same bits as eager
    found, steps = regions(lambda x: chain(exp(x)), x, threshold=10**6)  # exp: NumPy's bits
    assert steps[0].prim.name == "exp" and [len(r.eqns) for r in found] == [16]


def test_exact_regions_run_unfused_until_their_kernel_loads_in_the_background(monkeypatch):
    from funcdiff.kernels import codegen, config

    monkeypatch.setattr(config, "background", True)
    # A constant seen nowhere else, so that this kernel has never been loaded in this process.
    c = float(np.random.default_rng().uniform(0.2, 0.3))

    def chain(x):
        for _ in range(6):
            x = sin(x) * c + x * (1.0 - c)
        return total(x)

    x = np.linspace(0.0, 1.0, 10)
    eager = fd.grad(chain)(x)
    g = fd.jit(fd.grad(chain))
    started = len(codegen._pending)
    first = g(x)  # the region's kernel starts loading; this call runs equation by equation
    assert len(codegen._pending) == started + 1
    (region,) = [s for s in next(iter(g.cache.values()))[2][config.threshold] if type(s) is Region]
    np.testing.assert_array_equal(first, eager)
    codegen.wait()
    np.testing.assert_array_equal(g(x), eager)  # now the kernel: the same bits
    assert region.kernel is not None


def test_ops_without_numpys_bits_stay_out_of_kernels():
    # exp, log, tanh: Numba's libm differs from NumPy's SIMD routines in the last bit, so they
    # run as NumPy calls, and a jitted program gives eager's values bit for bit.
    x = np.linspace(0.1, 1.0, 40)
    f = lambda x: total(exp(x) * x + x * x + x - x * 0.5 + x * 3.0 + REGISTRY["log"].bind(x))  # noqa: E731
    found, steps = regions(f, x)
    fused = {e.prim.name for r in found for e in r.eqns}
    assert fused and not fused & {"exp", "log"}
    with kernel_threshold(0):
        np.testing.assert_array_equal(fd.jit(f)(x), f(x))
        np.testing.assert_array_equal(fd.jit(fd.grad(f))(x), fd.grad(f)(x))


def test_broadcast_constants_enter_the_kernel_as_numbers():
    # grad's program holds the sum's cotangent as 1.0 broadcast to x's shape: reading it as
    # an array would copy it (it is not contiguous) on every call.
    x = np.linspace(0.0, 1.0, 50)
    f = fd.grad(lambda x: total(exp(x) * (x + sin(x))))
    (region,), _ = regions(f, x)
    assert region.kinds == ["a", "a"]  # x and exp(x), no cotangent array
    with kernel_threshold(0):
        np.testing.assert_array_equal(fd.jit(f)(x), f(x))


def test_jit_equals_eager_bit_for_bit_above_the_threshold():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0.5, 2.0, 300), rng.uniform(-2.0, 2.0, 300)
    pw, sq, mx = (REGISTRY[n].bind for n in ("power", "sqrt", "maximum"))
    fs = [
        lambda x, y: total(pw(x, y)),  # power's partial in y takes a log
        lambda x, y: total(sq(x) * cos(y) / x + exp(y) * sin(x) ** 2),
        lambda x, y: total(mx(x, y) * (x - y) ** 3),
    ]
    with kernel_threshold(0):
        for f in fs:
            g = fd.grad(f, (0, 1))
            for got, want in zip(fd.jit(g)(x, y), g(x, y)):
                np.testing.assert_array_equal(got, want)


def test_intermediates_are_dropped_after_their_last_read():
    x = np.linspace(0.0, 1.0, 50)
    f = lambda x: total(exp(x)) * 2.0 + total(cos(x))  # noqa: E731
    jaxpr = fd.jit(f).lower(x)
    steps = fusion.plan(jaxpr, threshold=10**6)
    names = [s.prim.name for s in steps]
    e, c = (next(s.outvars[0] for s in steps if s.prim.name == n) for n in ("exp", "cos"))
    assert steps.frees[names.index("reduce_sum")] == [e]  # exp(x) dies at the first sum
    assert c in steps.frees[len(names) - 1 - names[::-1].index("reduce_sum")]
    assert not any(v in jaxpr.outvars for dead in steps.frees for v in dead)
    np.testing.assert_array_equal(fusion.run(steps, jaxpr, [x]), [f(x)])
