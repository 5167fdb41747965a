"""Rows for statistics."""

CASES = []
