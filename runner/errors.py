"""Errors of running simulations, in a module of their own so the command line can name them
without importing the executors (and the model behind them) at start-up."""

from __future__ import annotations

from convergence.model.errors import ConvergenceError


class RunFailedError(ConvergenceError):
    """A simulation raised while running (not bad input): the command exits 1, not 2."""
