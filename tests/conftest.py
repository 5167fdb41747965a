"""Shared fixtures and hypothesis profiles ("dev" quick, "ci" thorough)."""

import os
import sys

import numpy as np
import pytest
from hypothesis import settings

sys.path.insert(0, os.path.dirname(__file__))

settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def rng():
    """A seeded generator, so every run samples the same inputs."""
    return np.random.default_rng(0)


# Kernels compile on the calling thread in tests, so that which path ran never depends on
# timing; tests of background loading switch it back on themselves.
from funcdiff.kernels import config as _kernel_config  # noqa: E402

_kernel_config.background = False
