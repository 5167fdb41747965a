"""Primitives: indexing family (being written)."""

__all__ = []
