"""Searching, sorting, set and histogram functions with NumPy's names."""

from __future__ import annotations

__all__: list[str] = []
