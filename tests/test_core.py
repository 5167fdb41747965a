"""The interpreter stack: levels, perturbation confusion, escaped tracers, control flow."""

import math
import subprocess
import sys
import threading

import numpy as np
import pytest

import funcdiff as fd
import funcdiff.numpy as fnp
from funcdiff.errors import ConcretizationError, InPlaceUpdateError, UnexpectedTracerError


def test_nested_perturbations_are_not_confused():
    # d/dx [x * d/dy (x + y)] = d/dx [x * 1] = 1 exactly, at any x.
    for x in (0.0, 2.5, -7.0):
        assert fd.grad(lambda x: x * fd.grad(lambda y: x + y)(2.0))(x) == 1.0


def test_nested_jvp_perturbations_are_not_confused():
    def f(x):
        inner = fd.jvp(lambda y: x * y, (3.0,), (1.0,))[1]  # d/dy (x y) = x
        return inner * x  # x^2, derivative 2x

    assert fd.jvp(f, (4.0,), (1.0,))[1] == 8.0


def test_fourth_derivative_by_nesting():
    g = fd.grad(fd.grad(fd.grad(fd.grad(fnp.sin))))
    assert g(1.0) == pytest.approx(math.sin(1.0), rel=1e-15)


def test_users_receive_numpy_values_not_tracers():
    out = fd.grad(lambda x: fnp.sin(x) * 2.0)(1.0)
    assert isinstance(out, (np.ndarray, np.generic))
    v, g = fd.value_and_grad(lambda x: fnp.sum(x * x))(np.ones(3))
    assert isinstance(v, (np.ndarray, np.generic)) and isinstance(g, np.ndarray)


def test_escaped_tracer_is_caught():
    leaked = []

    def f(x):
        leaked.append(x)
        return x * 2.0

    fd.grad(f)(1.0)
    with pytest.raises(UnexpectedTracerError, match="was used after that transform"):
        fnp.sin(leaked[0])


def test_escaped_tracer_from_vmap_is_caught():
    leaked = []
    fd.vmap(lambda x: leaked.append(x) or x)(np.ones(3))
    with pytest.raises(UnexpectedTracerError, match="return it"):
        leaked[0] + 1.0


def test_python_control_flow_on_concrete_values_under_grad():
    def doubling(a):
        b = a * 2.0
        while fnp.linalg.norm(b) < 1000:
            b = b * 2.0
        return b if fnp.sum(b) > 0 else 100.0 * b

    # 2 * 2^9 = 1024 passes 1000 for |a| = 1, so the derivative is 1024.
    assert fd.grad(lambda a: fnp.sum(doubling(a)))(1.0) == 1024.0
    assert fd.grad(lambda a: fnp.sum(doubling(a)))(-1.0) == 102400.0


def test_branching_under_vmap_raises_with_fix():
    def f(x):
        return x if x > 0 else -x

    with pytest.raises(ConcretizationError, match="fnp.where"):
        fd.vmap(f)(np.array([1.0, -1.0]))


def test_branching_under_jit_names_the_line():
    def f(x):
        if x > 0:
            return x
        return -x

    with pytest.raises(ConcretizationError, match=r"test_core.py:\d+ \(if x > 0:\)"):
        fd.jit(f)(1.0)


def test_in_place_assignment_on_a_tracer_raises():
    def f(x):
        x[0] = 1.0
        return fnp.sum(x)

    with pytest.raises(InPlaceUpdateError, match=r"\.at\[idx\]\.set"):
        fd.grad(f)(np.ones(3))


def test_float_of_a_traced_value_raises_under_grad():
    with pytest.raises(ConcretizationError, match="drop its derivative"):
        fd.grad(lambda x: float(x) * x)(2.0)


def test_numpy_conversion_of_a_tracer_raises():
    with pytest.raises(ConcretizationError, match="funcdiff.numpy"):
        fd.grad(lambda x: np.asarray(x).sum())(np.ones(2))


def test_numpy_ufunc_on_tracer_routes_to_funcdiff():
    assert fd.grad(lambda x: np.sin(x))(0.0) == 1.0
    assert fd.grad(lambda x: fnp.sum(np.float64(3.0) * x))(np.ones(2)).tolist() == [3.0, 3.0]


def test_user_exception_arrives_unchanged_and_funcdiff_stays_usable():
    err = RuntimeError("mine")

    def f(x):
        raise err

    with pytest.raises(RuntimeError) as info:
        fd.grad(f)(1.0)
    assert info.value is err
    assert fd.grad(lambda x: x * x)(3.0) == 6.0


def test_inputs_are_not_modified_and_outputs_do_not_alias_inputs():
    x = np.arange(3.0)
    before = x.copy()
    out, t = fd.jvp(lambda x: x, (x,), (np.ones(3),))
    assert not np.shares_memory(out, x)
    out[0] = 99.0
    np.testing.assert_array_equal(x, before)
    y, f_vjp = fd.vjp(lambda x: fnp.sin(x) * x, x)
    x[:] = 5.0  # the pullback keeps the values it was built from
    np.testing.assert_allclose(f_vjp(np.ones(3))[0], np.sin(before) + before * np.cos(before))


def test_long_programs_do_not_recurse():
    def f(x):
        for _ in range(20000):
            x = x + 1e-5
        return x * x

    assert fd.grad(f)(0.0) == pytest.approx(2 * 20000 * 1e-5, rel=1e-9)


def test_threads_give_the_same_bits():
    f = fd.grad(lambda x: fnp.sum(fnp.tanh(x) * fnp.exp(x)))
    x = np.linspace(-1, 1, 50)
    expected = f(x)
    results = [None] * 4

    def work(i):
        for _ in range(30):
            results[i] = f(x)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        assert np.array_equal(r, expected)


def test_where_is_nan_safe_under_every_transform():
    f = lambda x: fnp.where(x > 0, fnp.sqrt(x), 0.0)  # noqa: E731
    with np.errstate(divide="ignore"):
        assert fd.grad(f)(0.0) == 0.0
        assert fd.jvp(f, (0.0,), (1.0,))[1] == 0.0
        assert fd.grad(fd.grad(f))(0.0) == 0.0
        np.testing.assert_array_equal(fd.vmap(fd.grad(f))(np.array([0.0, 4.0])), [0.0, 0.25])


def test_errstate_is_left_as_the_user_set_it():
    before = np.geterr()
    fd.grad(lambda x: fnp.where(x > 0, fnp.sqrt(x), 0.0))(4.0)
    assert np.geterr() == before


def test_repeated_calls_do_not_grow_memory():
    import gc
    import tracemalloc

    g = fd.grad(lambda x: fnp.sum(fnp.tanh(x) * fnp.sin(x)))
    h = fd.jit(fd.vmap(fd.grad(lambda x: fnp.sin(x) * x)))
    x = np.linspace(0.0, 1.0, 100)
    for _ in range(50):  # warm caches
        g(x), h(x)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(500):
        g(x), h(x)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown < 50_000, f"memory grew by {grown} bytes over 500 calls"


def test_subnormals_are_kept():
    tiny = np.array([5e-324, 1e-310])
    np.testing.assert_array_equal(fd.grad(lambda x: fnp.sum(x * 0.5))(tiny), [0.5, 0.5])
    out, t = fd.jvp(lambda x: x * 0.5, (tiny,), (tiny,))
    np.testing.assert_array_equal(out, tiny * 0.5)
    np.testing.assert_array_equal(t, tiny * 0.5)


def test_import_loads_only_numpy_and_funcdiff():
    # Cold start is a benchmark (W8): importing funcdiff may add only its own modules, NumPy's
    # and `threading`; anything else (logging, pathlib, numba, ...) must load on first use.
    code = (
        "import sys, numpy\n"
        "before = set(sys.modules)\n"
        "import funcdiff, funcdiff.numpy, funcdiff.scipy\n"
        "extra = sorted(m for m in set(sys.modules) - before\n"
        "               if not m.startswith(('funcdiff', 'numpy.')) and m not in\n"
        "               ('threading', '__future__'))\n"
        "assert not extra, extra\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_reverse_mode_leaves_no_reference_cycles():
    # A transform level's data (a linearization's residuals) must be freed when the transform
    # returns, not whenever the cyclic garbage collector next runs.
    import gc

    f = lambda x: fnp.sum(fnp.exp(x) * (x + fnp.sin(x)))
    fd.grad(fd.grad(lambda s: f(s * np.ones(3))))(0.5)  # warm-up: caches fill once
    gc.collect()
    gc.disable()
    try:
        before = gc.get_count()[0]
        gc.set_debug(gc.DEBUG_SAVEALL)
        fd.grad(fd.grad(lambda s: f(s * np.ones(3))))(0.5)
        fd.vmap(fd.grad(f))(np.ones((2, 3)))
        fd.jacrev(fd.jacfwd(f))(np.ones(3))
        gc.collect()
        leaked = list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert before >= 0
    assert leaked == [], sorted({type(o).__name__ for o in leaked})


def test_reverse_mode_through_a_primitive_without_transpose_rule_raises():
    from funcdiff.core import Primitive, ShapedArray, bind
    from funcdiff.errors import NonDifferentiableError

    # A tangent map made of a primitive that forward mode can evaluate but nobody can
    # transpose (a primitive author's mistake, caught with a clear message).
    opaque = Primitive("opaque_scale")
    opaque.impl = lambda t: 2.0 * t
    opaque.abstract_eval = lambda a: ShapedArray(a.shape, a.dtype)
    double = Primitive("double_it")
    double.impl = lambda x: 2.0 * x
    double.abstract_eval = opaque.abstract_eval
    double.jvp = lambda primals, tangents: (bind(double, *primals), bind(opaque, *tangents))
    f = lambda x: fnp.sum(bind(double, x))  # noqa: E731
    x = np.ones(3)
    assert fd.jvp(f, (x,), (x,))[1] == 6.0  # forward mode is fine
    with pytest.raises(NonDifferentiableError, match="opaque_scale has no transpose rule"):
        fd.grad(f)(x)


def test_linalg_and_fft_load_on_first_use():
    code = (
        "import sys, numpy as np, funcdiff.numpy as fnp\n"
        "assert 'funcdiff.numpy.linalg' not in sys.modules\n"
        "assert 'linalg' in dir(fnp) and fnp.linalg.det(np.eye(2)) == 1.0\n"
        "assert fnp.fft.fft(np.ones(2))[0] == 2.0\n"
        "try:\n"
        "    fnp.no_such_function\n"
        "except AttributeError as e:\n"
        "    assert 'no_such_function' in str(e)\n"
        "else:\n"
        "    raise AssertionError('no AttributeError')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
