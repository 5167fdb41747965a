"""Facade module _unary (being written)."""

__all__ = []
