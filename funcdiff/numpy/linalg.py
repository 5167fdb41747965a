"""funcdiff.numpy.linalg: NumPy's linalg names (being written)."""
