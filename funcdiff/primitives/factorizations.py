"""Matrix factorizations (QR, SVD, eigen-decomposition) and their derivative rules."""

from __future__ import annotations

__all__: list[str] = []
