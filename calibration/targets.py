"""Calibration targets: observed figures, their sources and weights, and the model outputs
they are compared with.

Built at load time from the copied data files (``appendix_a_financials.csv``,
``external_anchors.csv``, ``report_figures.csv``, with their source and confidence columns)
and ``targets_extra.csv`` (figures that need a choice documented there). Roles:

* ``fit`` - in the objective;
* ``holdout`` - the held-out period, calendar 2017 (fiscal 2017; Alibaba's FY2018, ending
  March 2018; CNNIC's mid- and end-2017 figures): kept out of the fit, reported separately. The
  year wave 1 missed by 26% sits between fitted years (2013-2016, 2018-2019), so the holdout
  tests whether the fitted dynamics pass through a year they were not shown;
* ``validation`` - figures kept out of the fit for their own reasons (stated in the row);
* ``scale`` - each firm's first fiscal year of revenue (2013; Alibaba's fiscal 2014), matched by
  construction through the level of its monetization (``calibration.revenue_scale``), so
  excluded from error statistics.

Weights: confidence (verified 1, verified-secondary 0.8, derived 0.6, recalled 0.3) divided by
the number of fit targets in the target's group, times the group's weight, so that the 40-odd
Appendix A rows do not drown the dozen adoption figures.
"""

from __future__ import annotations

import hashlib
from importlib import resources

import pandas as pd

from convergence.calibration.financials import firm_financials

CONFIDENCE_WEIGHT = {"verified": 1.0, "verified-secondary": 0.8, "derived": 0.6, "recalled": 0.3}
GROUP_WEIGHT = {"adoption": 1.0, "revenue": 1.0, "rd": 0.5, "market": 1.0}
TARGET_COLUMNS = ["target_id", "group", "description", "observed", "unit", "period", "source", "confidence",
                  "role", "weight", "model_output"]
DATA_FILES = ("appendix_a_financials.csv", "financials_2017_2019.csv", "china_internet_2017_2019.csv",
              "external_anchors.csv", "report_figures.csv", "targets_extra.csv")
HOLDOUT_FISCAL_YEAR = {"Alibaba": 2018}
"""The held-out fiscal year per firm (default 2017): calendar 2017, which for Alibaba (year
ending 31 March) is FY2018. Adoption figures of 2017 are held out in ``targets_extra.csv``."""
DEFAULT_HOLDOUT_FISCAL_YEAR = 2017
LAST_FISCAL_YEAR = {"Alibaba": 2019}
"""Last fiscal year inside the calibration window 2013-2019 (default 2019)."""


def _read(name: str) -> pd.DataFrame:
    with resources.files("convergence.calibration").joinpath(name).open() as handle:
        return pd.read_csv(handle)


def data_hash() -> str:
    """SHA-256 of the data files the targets come from (recorded with every calibration)."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(resources.files("convergence.calibration").joinpath(name).read_bytes())
    return digest.hexdigest()


def appendix_targets() -> pd.DataFrame:
    """Revenue and R&D of the Appendix A firms (and Huawei), per fiscal year (USD bn), 2013-2019."""
    rows = []
    table = firm_financials()
    table = table[table.firm != "Snap"]                       # optional peer with one year only
    for (firm, metric), group in table.groupby(["firm", "metric"]):
        group = group[group.fiscal_year >= (2014 if firm == "Alibaba" else 2013)].sort_values("fiscal_year")
        first_revenue_year = table[(table.firm == firm) & (table.metric == "revenue")
                                   & (table.fiscal_year >= (2014 if firm == "Alibaba" else 2013))].fiscal_year.min()
        holdout = HOLDOUT_FISCAL_YEAR.get(firm, DEFAULT_HOLDOUT_FISCAL_YEAR)
        for row in group.itertuples():
            if row.fiscal_year > LAST_FISCAL_YEAR.get(firm, 2019):
                continue
            role = "holdout" if row.fiscal_year == holdout else "fit"
            if metric == "revenue" and row.fiscal_year == first_revenue_year:
                role = "scale"
            rows.append({
                "target_id": f"{metric}_{firm}_FY{row.fiscal_year}".replace(".", "").replace(" ", "_"),
                "group": "revenue" if metric == "revenue" else "rd",
                "description": f"{firm} {'revenue' if metric == 'revenue' else 'R&D expense'}, fiscal "
                               f"{row.fiscal_year}",
                "observed": row.value_usd_bn, "unit": "USD bn per fiscal year", "period": f"FY{row.fiscal_year}",
                "source": row.source, "confidence": row.confidence, "role": role,
                "model_output": f"{metric}|{firm}|FY{row.fiscal_year}"})
    return pd.DataFrame(rows)


def load_targets() -> pd.DataFrame:
    """The full targets table (columns ``TARGET_COLUMNS``)."""
    extra = _read("targets_extra.csv")
    targets = pd.concat([extra, appendix_targets()], ignore_index=True)
    targets["weight"] = targets.confidence.map(CONFIDENCE_WEIGHT)
    fit = targets.role == "fit"
    counts = targets[fit].groupby("group").size()
    targets.loc[fit, "weight"] *= targets[fit].group.map(GROUP_WEIGHT) / targets[fit].group.map(counts)
    targets.loc[~fit, "weight"] = 0.0
    return targets[TARGET_COLUMNS]


STYLISED_FACTS = {
    "foreign_social_search_near_zero": "Foreign social and search share in China below 2% in every quarter 2013-2017",
    "uber_leaves_china_2016": "Uber serves Chinese users in 2015 and has left China by 2017Q1",
    "chinese_small_abroad_except_equipment": ("Chinese firms' share outside China below 10% in consumer internet "
                                              "sectors in 2017Q4, and higher in ICT equipment"),
    "chinese_app_in_us_social_2018_2019": ("Chinese-origin apps hold at least 1% of U.S. social use on average "
                                           "over 2018-2019 (Musical.ly / TikTok)"),
    "chinese_devices_large_abroad_2019": "Chinese brands hold at least 20% of device users outside China in 2019Q4",
}
"""Patterns checked per seed (reproduced in at least 90% of seeds is the quality bar)."""
