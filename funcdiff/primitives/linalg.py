"""Primitives: linalg family (being written)."""

__all__ = []
