"""Rows for manipulation."""

CASES = []
