"""Searching and order-statistic primitives (searchsorted, partition, sort-based selection)."""

from __future__ import annotations

__all__: list[str] = []
