"""Mechanisms that carry policy effects, one module each (see docs/ODD.md, Submodels)."""
