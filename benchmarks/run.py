"""funcdiff against autograd, JAX and PyTorch on workloads W1-W8, in one command.

Each library runs in its own worker process, rounds alternate between libraries (round-robin)
so machine noise hits all alike, and the table shows medians over rounds with ratios to eager
funcdiff. Every result is checked against a hand-written NumPy derivative.

    pip install -e ".[bench]"        # autograd, jax[cpu], torch (CPU), tqdm
    python benchmarks/run.py         # ~8 minutes on 2 cores; --rounds 1 for a quick look
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
import timeit

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from libraries import COLD_START, FIRST_CALL, LIBRARIES  # noqa: E402
from workloads import WORKLOADS, numpy_forward  # noqa: E402

MODULE = {"funcdiff": "funcdiff", "autograd": "autograd", "jax": "jax", "torch": "torch"}
FORWARD = {"n = 1e6": 1e6, "n = 1e7": 1e7}


# ----------------------------------------------------------------------------- worker side
def per_call(fn, budget=0.25, repeat=3):
    """Median seconds per call, with a call count that fills about ``budget`` per repeat."""
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    number = max(1, int(budget / max(once, 1e-7)))
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number


def matches(L, got, want):
    if isinstance(want, dict):
        return all(matches(L, got[k], v) for k, v in want.items())
    return bool(np.allclose(L.tonp(got), want, rtol=1e-7, atol=1e-10))


def worker(lib):
    L = LIBRARIES[lib]()
    times, checks = {}, {}
    for name, make in WORKLOADS.items():
        spec = make(L)
        if spec is None:
            continue
        fn, want, *per = spec
        checks[name] = matches(L, fn(), want)  # also the warm-up (jit compiles here)
        if lib.startswith("funcdiff"):
            from funcdiff.kernels import wait

            wait()  # kernels loading in the background: time the steady state
        times[name] = per_call(lambda: L.sync(fn())) / (per[0] if per else 1)
    for label, n in FORWARD.items():
        fwd = per_call(numpy_forward(n))
        times[f"W3 grad / NumPy forward, {label}"] = times[f"W3 grad, {label}"] / fwd
    print(json.dumps({"times": times, "checks": checks}))


# ----------------------------------------------------------------------------- orchestrator
def installed():
    libs = []
    for lib in LIBRARIES:
        if importlib.util.find_spec(MODULE[lib.split(".")[0]]) is not None:
            libs.append(lib)
        elif "." not in lib:
            print(f"{lib} is not installed; skipping it (pip install -e '.[bench]')")
    return libs


def cold_start(lib):
    """Seconds for a fresh interpreter to import ``lib`` and take one derivative.

    Bytecode caching is switched on, as for any installed package: pip compiles .pyc files at
    install time, but an editable install (funcdiff here) writes them on its first import, and
    with PYTHONDONTWRITEBYTECODE set would compile every module from source on every start.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", COLD_START[lib]], check=True, capture_output=True, env=env
    )
    return time.perf_counter() - start


def first_call(lib, label):
    """Seconds of a jitted function's first call in a fresh process (its kernels on disk)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run(
        [sys.executable, "-c", FIRST_CALL[lib, label]],
        check=True, capture_output=True, text=True, env=env,
    )  # fmt: skip
    return float(out.stdout.strip().splitlines()[-1])


def run_worker(lib):
    out = subprocess.run(
        [sys.executable, __file__, "--worker", lib], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(rounds):
    from tqdm import tqdm

    libs = installed()
    base = [lib for lib in libs if "." not in lib]
    results = {lib: [] for lib in libs}
    cold = {lib: [] for lib in base}
    firsts = [key for key in FIRST_CALL if key[0] in libs]
    for lib in base:
        cold_start(lib)  # writes the bytecode caches; untimed
    for key in firsts:
        first_call(*key)  # and the kernels' disk caches
    tasks = [(r, kind, lib) for r in range(rounds) for kind, group in
             (("work", libs), ("cold", base), ("first", firsts)) for lib in group]  # fmt: skip
    first = {key: [] for key in firsts}
    for _, kind, lib in tqdm(tasks, desc="benchmarks", unit="run"):
        if kind == "work":
            results[lib].append(run_worker(lib))
        elif kind == "cold":
            cold[lib].append(cold_start(lib))
        else:
            first[lib].append(first_call(*lib))
    print(table(libs, results, cold, first))


def fmt(seconds, ratio=False):
    if ratio:
        return f"{seconds:.2f}"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale or unit == "µs":
            return f"{seconds / scale:.3g} {unit}"
    return ""


def table(libs, results, cold, first):
    names = list(WORKLOADS) + [f"W3 grad / NumPy forward, {label}" for label in FORWARD]
    labels = sorted({label for _, label in first})
    lines = ["| workload | " + " | ".join(libs) + " |", "|---" * (len(libs) + 1) + "|"]
    failures = []
    first_rows = [f"jit first call, fresh process: {label}" for label in labels]
    for name in names + ["W8 cold start: import + grad(f)(2.0)"] + first_rows:
        is_ratio = name.startswith("W3 grad /")
        meds = {}
        for lib in libs:
            if name.startswith("W8"):
                vals = cold.get(lib, [])
            elif name.startswith("jit first call"):
                vals = first.get((lib, name.split(": ", 1)[1]), [])
            else:
                vals = [r["times"][name] for r in results[lib] if name in r["times"]]
                if any(not r["checks"].get(name, True) for r in results[lib]):
                    failures.append(f"{lib}: {name}")
            if vals:
                meds[lib] = statistics.median(vals)
        ref = meds.get("funcdiff")
        cells = []
        for lib in libs:
            if lib not in meds:
                cells.append("n/a")
            elif is_ratio or ref is None or name.startswith("jit first call"):
                cells.append(fmt(meds[lib], is_ratio) + ("x" if is_ratio else ""))
            else:
                cells.append(f"{fmt(meds[lib])} ({meds[lib] / ref:.2f}x)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    rounds = max(len(v) for v in results.values())
    lines.append("")
    lines.append(
        f"Medians over {rounds} rounds; (r x) is the time relative to eager funcdiff. "
        f"Checks against the NumPy derivatives: "
        + ("all passed." if not failures else "FAILED for " + ", ".join(failures))
    )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
    else:
        main(args.rounds)
