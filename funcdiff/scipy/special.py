"""funcdiff.scipy.special (being written)."""
