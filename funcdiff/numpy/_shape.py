"""Facade module _shape (being written)."""

__all__ = []
