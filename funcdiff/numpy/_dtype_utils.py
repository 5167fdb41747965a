"""Dtype and shape utilities with NumPy's names that also accept traced values."""

from __future__ import annotations

__all__: list[str] = []
