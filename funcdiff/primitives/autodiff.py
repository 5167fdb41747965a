"""Primitives that exist for differentiation itself: stop_gradient."""

from __future__ import annotations

import numpy as np

from funcdiff.core import bind
from funcdiff.primitives.registry import define, same_aval, vectorized_batch, zero_jvp

stop_gradient_p = define(
    "stop_gradient",
    impl=lambda x: np.array(x, copy=True) if isinstance(x, np.ndarray) else x,
    abstract_eval=same_aval,
    jvp=zero_jvp,
    batch=vectorized_batch,
)


def stop_gradient(x):
    """``x`` itself, with a zero derivative under every transform (pytrees allowed).

    The counterpart of PyTorch's ``detach()``.

    >>> import funcdiff as fd
    >>> float(fd.grad(lambda x: x * fd.stop_gradient(x))(3.0))
    3.0
    """
    from funcdiff.tree_util import tree_map

    return tree_map(lambda leaf: bind(stop_gradient_p, leaf), x)


__all__ = ["stop_gradient", "stop_gradient_p"]
