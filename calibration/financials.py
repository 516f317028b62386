"""Firm financials (revenue and R&D, USD bn per fiscal year) and their model quarters.

Sources: ``calibration/appendix_a_financials.csv`` (fiscal 2013-2016, Alibaba FY2013-FY2017)
and ``calibration/financials_2017_2019.csv`` (fiscal 2017-2019, Alibaba FY2018-FY2019, Huawei
2018-2019), copied from the project's shared data with their source and confidence columns.
Amazon reports no R&D line: its "technology and content" expense stands in for it in both files.
NetEase's restated 2017 revenue is left out (the model compares figures as first reported).
Alibaba's fiscal year ends 31 March, so its FY2014 covers 2013Q2-2014Q1; every other firm
reports by calendar year.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from convergence.model.calendar import quarter_to_step

FIRM_NAMES = {"Alphabet (Google)": "Alphabet", "Snap (optional)": "Snap"}
"""Appendix A company labels that differ from the model's firm names."""
FISCAL_YEAR_END_QUARTER = {"Alibaba": 1}
"""Calendar quarter in which a firm's fiscal year ends (default 4)."""


FINANCIALS_FILES = ("appendix_a_financials.csv", "financials_2017_2019.csv")
"""The copied financials, fiscal 2013-2016 and 2017-2019."""
METRIC_NAMES = {"revenue": "revenue", "rd_expense": "rd_spend",
                "tech_and_content_expense (R&D proxy; Amazon reports no R&D line)": "rd_spend"}
"""Metric labels of the files -> model outputs (revenue, R&D)."""


def firm_financials() -> pd.DataFrame:
    """Financial rows (fiscal 2013-2019) with the model's firm names (column ``firm``), revenue
    and R&D only."""
    frames = []
    for name in FINANCIALS_FILES:
        with resources.files("convergence.calibration").joinpath(name).open() as handle:
            frames.append(pd.read_csv(handle))
    table = pd.concat(frames, ignore_index=True)
    table = table[table.metric.isin(list(METRIC_NAMES)) & table.value_usd_bn.notna()].copy()
    table["firm"] = table.company.replace(FIRM_NAMES)
    table["metric"] = table.metric.replace(METRIC_NAMES)
    return table[["firm", "country", "fiscal_year", "metric", "value_usd_bn", "source", "confidence"]]


def fiscal_year_steps(firm: str, fiscal_year: int) -> list[int]:
    """Model steps (quarters) that make up a firm's fiscal year."""
    last = quarter_to_step(f"{fiscal_year}Q{FISCAL_YEAR_END_QUARTER.get(firm, 4)}")
    return list(range(last - 3, last + 1))
