"""Order statistics and NaN-aware reductions with NumPy's names: median, percentile, quantile,
the nan* family, covariance and correlation.
"""

from __future__ import annotations

__all__: list[str] = []
