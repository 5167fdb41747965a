"""Rows for calculus."""

CASES = []
