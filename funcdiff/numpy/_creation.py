"""Facade module _creation (being written)."""

__all__ = []
