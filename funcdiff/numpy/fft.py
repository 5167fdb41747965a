"""funcdiff.numpy.fft: NumPy's fft names (being written)."""
