"""Quarterly calendar: the model steps once per quarter from 2013Q1.

Step ``k`` is the quarter ``2013Q1 + k``; metrics recorded at step ``k`` describe the state at
the end of that quarter.
"""

from __future__ import annotations

import re

from convergence.model.errors import QuarterError

START_YEAR = 2013
LAST_ALLOWED_YEAR = 2100
DEFAULT_END = "2030Q4"
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_to_step(quarter: str) -> int:
    """Return the step index of a quarter label such as ``"2017Q3"`` (2013Q1 is step 0)."""
    match = _QUARTER.match(str(quarter).strip())
    if not match:
        raise QuarterError(f"quarter {quarter!r} is malformed", key=str(quarter),
                           allowed="YYYYQn, e.g. 2017Q3")
    year, q = int(match.group(1)), int(match.group(2))
    if not START_YEAR <= year <= LAST_ALLOWED_YEAR:
        raise QuarterError(f"quarter {quarter!r} is outside the simulated period", key=str(quarter),
                           allowed=f"{START_YEAR}Q1 to {LAST_ALLOWED_YEAR}Q4")
    return (year - START_YEAR) * 4 + (q - 1)


def step_to_quarter(step: int) -> str:
    """Return the label of step ``step`` (0 -> ``"2013Q1"``)."""
    return f"{START_YEAR + step // 4}Q{step % 4 + 1}"


def step_to_year(step: int) -> float:
    """Years elapsed since the start of 2013 at the end of quarter ``step`` (step 0 -> 0.25)."""
    return (step + 1) / 4.0
