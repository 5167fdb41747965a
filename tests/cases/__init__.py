"""Test rows, one module per primitive family; each module defines ``CASES``."""
