"""Modified Bessel functions and inverse error functions, with their derivative rules."""

from __future__ import annotations

__all__: list[str] = []
