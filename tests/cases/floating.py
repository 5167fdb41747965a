"""Rows for floating."""

CASES = []
