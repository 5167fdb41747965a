"""Facade module _products (being written)."""

__all__ = []
