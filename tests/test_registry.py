"""Every primitive has its rules, and appears in at least one test row's programs."""

import numpy as np
import pytest
from primitive_cases import CASES

import funcdiff as fd
from funcdiff.primitives import REGISTRY
from funcdiff.tree_util import tree_map


def _prims_in(jaxpr, found):
    for eqn in jaxpr.eqns:
        found.add(eqn.prim.name)


def _covered():
    found = set()
    rng = np.random.default_rng(0)
    for case in CASES:
        args = case.samples(rng)[-1]
        _prims_in(fd.make_jaxpr(case.fn)(*args), found)
        if not case.differentiable:
            continue
        tangents = tuple(np.ones_like(a) for a in args)
        _prims_in(fd.make_jaxpr(lambda *a: fd.jvp(case.fn, a, tangents)[1])(*args), found)
        out = case.fn(*args)
        ct = tree_map(np.ones_like, out)
        _prims_in(fd.make_jaxpr(lambda *a: fd.vjp(case.fn, *a)[1](ct))(*args), found)
        stacked = [np.stack([a, a]) for a in args]
        _prims_in(fd.make_jaxpr(fd.vmap(case.fn))(*stacked), found)
    return found


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_primitive_has_rules(name):
    prim = REGISTRY[name]
    assert callable(prim.impl) and callable(prim.abstract_eval)
    assert callable(prim.jvp), f"{name} lacks a JVP rule"
    assert callable(prim.batch), f"{name} lacks a batching rule"


def test_every_primitive_has_a_test_row():
    missing = sorted(set(REGISTRY) - _covered())
    assert not missing, f"primitives with no test row reaching them: {missing}"
