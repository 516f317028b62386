"""Running scenarios and sweeps, executing them locally or on Dask, analysing and plotting.

The notebook entry points are :func:`experiments.api.run_scenario` (a scenario's tidy table),
:func:`experiments.evaluation.evaluate` (one point's outcomes, what EMA Workbench, SALib or an
optimiser calls) and :func:`experiments.sweeps.load_sweep` (a sweep's results).
"""

from convergence.experiments.api import run_scenario
from convergence.experiments.evaluation import evaluate

__all__ = ["evaluate", "run_scenario"]
