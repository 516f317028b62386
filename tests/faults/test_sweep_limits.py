"""runner.limits: invalid sizes are refused; sizes beyond the machine need --allow-large."""

import pytest

from convergence.runner import limits
from convergence.runner.limits import LimitError, check_runs, check_workers


def test_machine_limits_are_positive():
    assert limits.available_cores() >= 1 and limits.available_memory_bytes() > 0


@pytest.mark.parametrize("workers", [0, -3])
def test_fewer_than_one_worker_is_invalid_even_with_allow_large(workers):
    with pytest.raises(LimitError, match=f"--workers must be at least 1, got {workers}"):
        check_workers(workers, allow_large=True)


def test_more_workers_than_cores_needs_allow_large():
    cores = limits.available_cores()
    assert check_workers(cores) == cores
    with pytest.raises(LimitError, match=f"more than the {cores} cores") as error:
        check_workers(cores + 1)
    assert "--allow-large" in error.value.allowed
    assert check_workers(cores + 1, allow_large=True) == cores + 1


@pytest.mark.parametrize("runs", [0, -5])
def test_fewer_than_one_run_is_invalid_even_with_allow_large(runs):
    with pytest.raises(LimitError, match=f"has {runs} runs"):
        check_runs(runs, 100, "sweep x", allow_large=True)


def test_too_many_runs_or_too_much_memory_needs_allow_large():
    runs = limits.run_limit() + 1
    with pytest.raises(LimitError, match=f"sweep x asks for {runs:,} runs") as error:
        check_runs(runs, 1, "sweep x")
    assert "--allow-large" in error.value.allowed
    assert check_runs(runs, 1, "sweep x", allow_large=True) == runs
    with pytest.raises(LimitError, match="of memory"):
        check_runs(10, limits.memory_limit(), "sweep x")
    assert check_runs(10, 1_000, "sweep x") == 10
