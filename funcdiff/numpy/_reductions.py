"""Facade module _reductions (being written)."""

__all__ = []
