"""Running scenarios and sweeps, executing them locally or on Dask, analysing and plotting.

The notebook entry points are :func:`experiments.api.run_scenario` (a scenario's tidy table)
and :func:`experiments.sweeps.load_sweep` (a sweep's results).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from convergence.experiments.api import run_scenario


def __getattr__(name: str) -> Any:
    """``run_scenario`` on first use (PEP 562): importing a light module of the package, as the
    command line does, does not import the simulation."""
    if name == "run_scenario":
        from convergence.experiments.api import run_scenario
        return run_scenario
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["run_scenario"]
