"""Running scenarios and sweeps, executing them locally or on Dask, analysing and plotting.

The notebook entry points are :func:`experiments.api.run_scenario` (a scenario's tidy table)
and :func:`experiments.sweeps.load_sweep` (a sweep's results).
"""

from convergence.experiments.api import run_scenario

__all__ = ["run_scenario"]
