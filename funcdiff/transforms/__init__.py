"""The transforms, one module each; each pushes its own level on the interpreter stack."""
