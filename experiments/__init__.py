"""Running scenarios and sweeps, executing them locally or on Dask, analysing and plotting.

The notebook entry points are :func:`experiments.api.run_scenario` (a scenario's tidy table),
:func:`experiments.evaluation.evaluate` (one point's outcomes, what EMA Workbench, SALib or an
optimiser calls) and :func:`experiments.sweeps.load_sweep` (a sweep's results).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from convergence.experiments.api import run_scenario
    from convergence.experiments.evaluation import evaluate


def __getattr__(name: str) -> Any:
    """``run_scenario`` and ``evaluate`` on first use (PEP 562): importing a light module of the
    package, as the command line does, does not import the simulation."""
    if name == "run_scenario":
        from convergence.experiments.api import run_scenario
        return run_scenario
    if name == "evaluate":
        from convergence.experiments.evaluation import evaluate
        return evaluate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["evaluate", "run_scenario"]
