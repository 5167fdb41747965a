"""Facade module _indexing (being written)."""

__all__ = []
