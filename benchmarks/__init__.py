"""Benchmarks: reference implementations and the timing script (``python benchmarks/run.py``)."""
