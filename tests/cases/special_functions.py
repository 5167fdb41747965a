"""Rows for special_functions."""

CASES = []
