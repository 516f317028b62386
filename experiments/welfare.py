"""Welfare and profits in money: what a scenario costs or gains against the baseline, USD bn.

From tidy results of a scenario and its baseline (same replication seeds: common random
numbers), per region and year:

* **compensating variation** (consumer side): the change in consumer surplus, scenario minus
  baseline (USD bn per year; negative = consumers lose). With utility quasi-linear in money
  the logit's compensating variation is the change in log-sum over the marginal utility of
  money (Small and Rosen 1981), which is what ``consumer_surplus_usd`` records
  (:mod:`convergence.model.mechanisms.consumer_surplus`); a year's value is the mean of its
  quarters' yearly rates;
* **operating profit** of the firms in the region's markets (margin x revenue less fixed and
  compliance costs; USD bn per year, the sum of the year's quarters), and by firm origin
  over all markets together with **compliance costs** (USD bn per year);
* the total (consumer surplus plus operating profit) as a share of the **digital economy**,
  the baseline's revenue in the region's modelled markets that year, and of **GDP** where the
  region's 2013 GDP per person is known (:data:`GDP_PER_PERSON_2013`), grown at the region's
  income growth (the parameter that also drives revenue per user) over the model's fixed
  population. The digital economy here is the modelled internet markets only, not a national
  accounts aggregate.

Differences are per replication (paired), then averaged, with a 90% confidence interval
(:func:`convergence.experiments.compare.difference_interval`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from convergence.experiments.compare import difference_interval
from convergence.model.calendar import step_to_year
from convergence.model.dimensions import REGION_INFO, Region
from convergence.model.input_data import WorldData
from convergence.model.parameters import Parameters

KEYS = ["scenario", "replication", "seed", "year"]
GDP_PER_PERSON_2013 = {"CN": 7_020.0, "US": 53_100.0, "EU": 35_700.0, "IN": 1_450.0, "SEA": 3_900.0}
"""Nominal GDP per person in 2013, USD (World Bank WDI NY.GDP.PCAP.CD, as recalled in the
declarations of ``china_income_growth``, ``us_income_growth``, ``eu_income_growth``; India and
ASEAN-10 recalled likewise: ASEAN's GDP of about USD 2.4 tn over 618 M people). The rest of the
world, a residual of many economies, gets no GDP share."""
WELFARE_TITLE = "Welfare and profits, USD bn (scenario - baseline)"
"""Caption of the table in ``convergence compare``'s report."""


def _yearly(table: pd.DataFrame, metric: str, by: list[str], how: str) -> pd.Series:
    """One metric per scenario, replication, seed, year and ``by`` (``how``: mean or sum of
    the year's quarters)."""
    rows = table[table.metric == metric].assign(year=lambda t: t.quarter.str[:4].astype(int))
    return rows.groupby(KEYS + by).value.agg(how)


def regional_accounts(table: pd.DataFrame) -> pd.DataFrame:
    """Per scenario, replication, seed, year and region: ``consumer_surplus`` (mean of the
    quarters' yearly rates), ``operating_profit`` of the firms in its markets and ``revenue`` of
    its markets (sums of the year's quarters), all USD bn per year."""
    firms = table[table.firm != ""]
    return pd.DataFrame({
        "consumer_surplus": _yearly(table, "consumer_surplus_usd", ["region"], "mean"),
        "operating_profit": _yearly(table[table.origin != ""], "operating_profit", ["region"], "sum"),
        "revenue": _yearly(firms[firms.region != ""], "revenue", ["region"], "sum"),
    }).reset_index()


def origin_accounts(table: pd.DataFrame) -> pd.DataFrame:
    """Per scenario, replication, seed, year and firm origin: ``operating_profit`` over all
    regions and ``compliance_cost`` (USD bn per year)."""
    return pd.DataFrame({
        "operating_profit": _yearly(table, "operating_profit", ["origin"], "sum"),
        "compliance_cost": _yearly(table[(table.origin != "") & (table.region == "")], "compliance_cost",
                                   ["origin"], "sum"),
    }).reset_index()


def gdp_usd_bn(world: WorldData, params: Parameters, year: int) -> dict[str, float]:
    """GDP by region code (USD bn) in ``year``: 2013 GDP per person times the model's population,
    grown at the region's income growth to the middle of the year; regions without a 2013
    figure are left out."""
    years = step_to_year(4 * (year - 2013) + 1)                   # end of Q2: mid-year
    return {REGION_INFO[r].code: world.population[r] * GDP_PER_PERSON_2013[REGION_INFO[r].code]
            * (1.0 + params[REGION_INFO[r].income_growth]) ** years / 1000.0
            for r in Region if REGION_INFO[r].code in GDP_PER_PERSON_2013}


def _paired(accounts: pd.DataFrame, scenario: str, baseline: str, by: str, columns: list[str]) -> pd.DataFrame:
    """Scenario minus baseline per replication (matched on replication, seed, year and ``by``)."""
    index = ["replication", "seed", "year", by]
    mine = accounts[accounts.scenario == scenario].set_index(index)[columns]
    base = accounts[accounts.scenario == baseline].set_index(index)[columns]
    shared = mine.index.intersection(base.index)
    if shared.empty:
        raise ValueError(f"{scenario!r} and {baseline!r} share no replication seed and year: compensating "
                         "variation needs paired runs (the same seeds)")
    return (mine.loc[shared] - base.loc[shared]).reset_index()


def _summarise(differences: pd.DataFrame, by: str, columns: list[str]) -> pd.DataFrame:
    """Mean paired difference per year and ``by``, with its 90% interval and t statistic."""
    rows = []
    for (year, key), group in differences.groupby(["year", by]):
        row = {"year": year, by: key, "replications": len(group)}
        for column in columns:
            values = group[column].to_numpy()
            mean, low, high = difference_interval(values, np.zeros_like(values), paired=True)
            spread = values.std(ddof=1) / np.sqrt(len(values)) if len(values) > 1 else np.nan
            row.update({column: mean, f"{column}_low": low, f"{column}_high": high,
                        f"{column}_t": mean / spread if spread > 0 else np.nan})
        rows.append(row)
    return pd.DataFrame(rows)


def compensating_variation(scenario_table: pd.DataFrame, baseline_table: pd.DataFrame, *,
                           gdp: dict[int, dict[str, float]] | None = None) -> pd.DataFrame:
    """Per year and region, scenario minus baseline in USD bn per year: ``consumer_surplus``
    (the compensating variation; negative = consumers lose), ``operating_profit`` and ``total``,
    each with its 90% interval (``_low``, ``_high``) and paired t statistic (``_t``);
    ``digital_economy`` (the baseline's revenue in the region's markets, USD bn per year),
    ``total_share_of_digital_economy`` and, where ``gdp`` (year -> region -> USD bn) has the
    region, ``total_share_of_gdp`` (shares, not percent)."""
    table = pd.concat([scenario_table, baseline_table], ignore_index=True)
    scenario, baseline = scenario_table.scenario.iloc[0], baseline_table.scenario.iloc[0]
    accounts = regional_accounts(table).assign(total=lambda a: a.consumer_surplus + a.operating_profit)
    columns = ["consumer_surplus", "operating_profit", "total"]
    result = _summarise(_paired(accounts, scenario, baseline, "region", columns), "region", columns)
    economy = accounts[accounts.scenario == baseline].groupby(["year", "region"]).revenue.mean()
    result["digital_economy"] = economy.reindex(pd.MultiIndex.from_frame(result[["year", "region"]])).to_numpy()
    result["total_share_of_digital_economy"] = result.total / result.digital_economy
    result["total_share_of_gdp"] = [total / gdp[year][region] if gdp and region in gdp.get(year, {}) else np.nan
                                    for year, region, total in zip(result.year, result.region, result.total)]
    return result.assign(scenario=scenario)


def profit_variation(scenario_table: pd.DataFrame, baseline_table: pd.DataFrame) -> pd.DataFrame:
    """Per year and firm origin, scenario minus baseline (USD bn per year): ``operating_profit``
    over all markets and ``compliance_cost``, with 90% intervals and t statistics."""
    table = pd.concat([scenario_table, baseline_table], ignore_index=True)
    scenario, baseline = scenario_table.scenario.iloc[0], baseline_table.scenario.iloc[0]
    columns = ["operating_profit", "compliance_cost"]
    differences = _paired(origin_accounts(table), scenario, baseline, "origin", columns)
    return _summarise(differences, "origin", columns).assign(scenario=scenario)


def welfare_table(table: pd.DataFrame, baseline: str, year: int, gdp: dict[str, float] | None = None) -> pd.DataFrame:
    """The comparison's welfare table for ``year``: per scenario other than ``baseline``, one row
    per region (consumer surplus, operating profit in its markets, total; share of the digital
    economy and of GDP) and one per firm origin (operating profit over all markets, compliance
    cost), all scenario minus baseline in USD bn per year, with 90% intervals and t statistics.
    Empty when the table lacks the welfare metrics (runs from before they were recorded)."""
    if not {"consumer_surplus_usd", "operating_profit"} <= set(table.metric.unique()):
        return pd.DataFrame()
    base = table[table.scenario == baseline]
    parts = []
    for scenario in dict.fromkeys(table.scenario):
        if scenario == baseline:
            continue
        mine = table[table.scenario == scenario]
        regions = compensating_variation(mine, base, gdp={year: gdp} if gdp else None)
        origins = profit_variation(mine, base)
        parts += [regions[regions.year == year].assign(level="region"),
                  origins[origins.year == year].assign(level="firm origin")]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
