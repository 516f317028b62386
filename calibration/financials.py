"""Appendix A financials (revenue and R&D, USD bn per fiscal year) and their model quarters.

Source: ``calibration/appendix_a_financials.csv`` (copied from the project's shared data with
its source and confidence columns). Alibaba's fiscal year ends 31 March, so its FY2014 covers
2013Q2-2014Q1; every other firm reports by calendar year.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from convergence.model.calendar import quarter_to_step

FIRM_NAMES = {"Alphabet (Google)": "Alphabet", "Snap (optional)": "Snap"}
"""Appendix A company labels that differ from the model's firm names."""
FISCAL_YEAR_END_QUARTER = {"Alibaba": 1}
"""Calendar quarter in which a firm's fiscal year ends (default 4)."""


def appendix_a() -> pd.DataFrame:
    """Appendix A rows with the model's firm names (column ``firm``), revenue and R&D only."""
    with resources.files("convergence.calibration").joinpath("appendix_a_financials.csv").open() as handle:
        table = pd.read_csv(handle)
    table = table[table.metric.isin(["revenue", "rd_expense"]) & table.value_usd_bn.notna()].copy()
    table["firm"] = table.company.replace(FIRM_NAMES)
    table["metric"] = table.metric.replace({"rd_expense": "rd_spend"})
    return table[["firm", "country", "fiscal_year", "metric", "value_usd_bn", "source", "confidence"]]


def fiscal_year_steps(firm: str, fiscal_year: int) -> list[int]:
    """Model steps (quarters) that make up a firm's fiscal year."""
    last = quarter_to_step(f"{fiscal_year}Q{FISCAL_YEAR_END_QUARTER.get(firm, 4)}")
    return list(range(last - 3, last + 1))
