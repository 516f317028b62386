"""The key outcomes analysts compare, each a named view on the tidy table with a unit."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from convergence.model.errors import ConvergenceError


@dataclass(frozen=True)
class MetricView:
    """A named selection of one metric (with fixed dimensions) and how to label it."""

    key: str
    title: str
    metric: str
    unit: str
    filters: dict[str, str] = field(default_factory=dict)

    def select(self, table: pd.DataFrame) -> pd.DataFrame:
        """Rows of this view: the metric with its dimensions fixed (blank where not given)."""
        rows = table[table.metric == self.metric]
        for column in ("region", "sector", "origin", "firm"):
            rows = rows[rows[column] == self.filters.get(column, "")]
        return rows


KEY_VIEWS: tuple[MetricView, ...] = (
    MetricView("convergence_index", "Convergence of Chinese and U.S. innovation portfolios",
               "convergence_index", "index (0-1)"),
    MetricView("data_flow_index", "Cross-border data flows", "data_flow_index",
               "index (1 = unrestricted)"),
    MetricView("chinese_share_outside_china", "Chinese firms' share of consumers' use outside China",
               "chinese_share_outside_china", "share of users (0-1)", {"sector": "consumer_sectors"}),
    MetricView("chinese_share_us", "Chinese firms' share of U.S. consumers' use", "market_share",
               "share of users (0-1)", {"region": "US", "origin": "CN", "sector": "consumer_sectors"}),
    MetricView("foreign_share_in_china", "Foreign firms' share of consumers' use in China",
               "foreign_share_in_china", "share of users (0-1)", {"sector": "consumer_sectors"}),
    MetricView("chinese_share_outside_china_enterprise",
               "Chinese vendors' share of enterprise buyers outside China (cloud, ICT equipment)",
               "chinese_share_outside_china", "share of buyers (0-1)", {"sector": "enterprise_sectors"}),
    MetricView("foreign_share_in_china_enterprise",
               "Foreign vendors' share of enterprise buyers in China (cloud, ICT equipment)",
               "foreign_share_in_china", "share of buyers (0-1)", {"sector": "enterprise_sectors"}),
    MetricView("knowledge_flow_cn_us", "Knowledge flow China to U.S.", "knowledge_flow",
               "feature adoptions per quarter", {"origin": "CN->US"}),
    MetricView("knowledge_flow_us_cn", "Knowledge flow U.S. to China", "knowledge_flow",
               "feature adoptions per quarter", {"origin": "US->CN"}),
    MetricView("compliance_cost", "Compliance cost of all firms", "compliance_cost",
               "USD bn per quarter"),
    MetricView("consumer_welfare_cn", "Consumer welfare in China", "consumer_welfare",
               "utils per online user", {"region": "CN"}),
    MetricView("consumer_welfare_us", "Consumer welfare in the U.S.", "consumer_welfare",
               "utils per online user", {"region": "US"}),
)

VIEWS_BY_KEY = {view.key: view for view in KEY_VIEWS}


def view(key: str) -> MetricView:
    """The view named ``key`` (a clear error listing the names otherwise)."""
    try:
        return VIEWS_BY_KEY[key]
    except KeyError:
        raise ConvergenceError(f"unknown metric '{key}'", key=key,
                               allowed=", ".join(VIEWS_BY_KEY)) from None


def band(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Mean and 5th/95th percentiles of ``value`` across replications, per group ``by``."""
    grouped = rows.groupby(by, sort=True).value
    return pd.DataFrame({"mean": grouped.mean(), "low": grouped.quantile(0.05),
                         "high": grouped.quantile(0.95), "replications": grouped.size()}).reset_index()
