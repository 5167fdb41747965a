"""Rows for linalg_factorizations."""

CASES = []
