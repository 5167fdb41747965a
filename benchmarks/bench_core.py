"""Eager overhead of funcdiff against HIPS autograd, measured side by side in one run.

Workloads: reverse-mode cost per primitive on 10-element arrays (100 primitive calls),
grad(grad(f)) at a Python float, and a fresh process's `import LIB; LIB.grad(f)(2.0)`.
Rounds alternate between the libraries so that machine noise hits both alike; the table
shows medians.  Run: python benchmarks/bench_core.py  (needs `pip install autograd`).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import timeit

import numpy as np

N_OPS = 100  # 25 iterations x 4 primitives (sin, mul, add, mul)


def chain(np_mod):
    def f(x):
        for _ in range(25):
            x = np_mod.sin(x) * 0.9 + x * 0.1
        return np_mod.sum(x)

    return f


def seed_f(np_mod):
    return lambda x: np_mod.exp(x) * (x + np_mod.sin(x))


def libraries():
    import funcdiff as fd
    import funcdiff.numpy as fnp

    libs = {"funcdiff": (fd.grad, fnp)}
    try:
        import autograd
        import autograd.numpy as anp

        libs["autograd"] = (autograd.grad, anp)
    except ImportError:
        print("autograd is not installed: pip install autograd", file=sys.stderr)
    return libs


def per_call(fn, arg, number):
    fn(arg)  # warm up
    return min(timeit.repeat(lambda: fn(arg), number=number, repeat=3)) / number


def cold_start(lib):
    code = (
        f"import {lib} as L; import {'funcdiff.numpy' if lib == 'funcdiff' else 'autograd.numpy'}"
        " as N; L.grad(lambda x: N.exp(x) * (x + N.sin(x)))(2.0)"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main(rounds=7):
    libs = libraries()
    x10 = np.linspace(0.0, 1.0, 10)
    results = {name: {"per_op": [], "grad2": [], "cold": []} for name in libs}
    for _ in range(rounds):
        for name, (grad, np_mod) in libs.items():
            g = grad(chain(np_mod))
            results[name]["per_op"].append(per_call(g, x10, 100) / N_OPS)
            g2 = grad(grad(seed_f(np_mod)))
            results[name]["grad2"].append(per_call(g2, 3.0, 300))
            results[name]["cold"].append(cold_start(name))
    print("| workload | " + " | ".join(libs) + " | funcdiff / " + " / ".join(list(libs)[1:]) + " |")
    print("|---|" + "---|" * (len(libs) + 1))
    rows = [
        ("reverse mode, µs per primitive (10 elements)", "per_op", 1e6),
        ("grad(grad(f)) at a float, µs", "grad2", 1e6),
        ("cold start: import + grad(f)(2.0), s", "cold", 1.0),
    ]
    for label, key, scale in rows:
        meds = {n: statistics.median(results[n][key]) * scale for n in libs}
        ratio = " / ".join(f"{meds['funcdiff'] / meds[n]:.2f}x" for n in list(libs)[1:])
        cells = " | ".join(f"{meds[n]:.3g}" for n in libs)
        print(f"| {label} | {cells} | {ratio} |")


if __name__ == "__main__":
    main()
