"""The key outcomes analysts compare, each a named view on the tidy table with a unit.

This module stays light (pandas is imported where a table is summarised), because the command
line reads the views' names to build its options before any command runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from convergence.model.errors import ConvergenceError

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class MetricView:
    """A named selection of one metric (with fixed dimensions) and how to label it.

    ``question`` is the report section it answers (:data:`QUESTIONS`); ``starts_at_zero`` says
    whether its value axis should include 0 (quantities that cannot be negative: a share or an
    index drawn from 0.94 to 0.95 makes a 0.01 dip look like a collapse).
    """

    key: str
    title: str
    metric: str
    unit: str
    filters: dict[str, str] = field(default_factory=dict)
    question: str = "convergence"
    starts_at_zero: bool = True

    def select(self, table: pd.DataFrame) -> pd.DataFrame:
        """Rows of this view: the metric with its dimensions fixed (blank where not given)."""
        rows = table[table.metric == self.metric]
        for column in ("region", "sector", "origin", "firm"):
            rows = rows[rows[column] == self.filters.get(column, "")]
        return rows


KEY_VIEWS: tuple[MetricView, ...] = (
    MetricView("convergence_index", "Convergence of Chinese and U.S. innovation portfolios",
               "convergence_index", "index (0-1)", question="convergence"),
    MetricView("cross_border_data_use", "Consumer use with data crossing borders (measured)",
               "cross_border_data_use", "share of consumers' use (0-1)", question="data_flows"),
    MetricView("data_flow_index", "Cross-border data flows the rules allow (index of the levers)",
               "data_flow_index", "index (1 = unrestricted)", question="data_flows"),
    MetricView("chinese_share_outside_china", "Chinese firms' share of consumers' use outside China",
               "chinese_share_outside_china", "share of users (0-1)", {"sector": "consumer_sectors"},
               question="market_share"),
    MetricView("chinese_share_us", "Chinese firms' share of U.S. consumers' use", "market_share",
               "share of users (0-1)", {"region": "US", "origin": "CN", "sector": "consumer_sectors"},
               question="market_share"),
    MetricView("foreign_share_in_china", "Foreign firms' share of consumers' use in China",
               "foreign_share_in_china", "share of users (0-1)", {"sector": "consumer_sectors"},
               question="market_share"),
    MetricView("chinese_share_outside_china_enterprise",
               "Chinese vendors' share of enterprise buyers outside China (cloud, ICT equipment)",
               "chinese_share_outside_china", "share of buyers (0-1)", {"sector": "enterprise_sectors"},
               question="market_share"),
    MetricView("foreign_share_in_china_enterprise",
               "Foreign vendors' share of enterprise buyers in China (cloud, ICT equipment)",
               "foreign_share_in_china", "share of buyers (0-1)", {"sector": "enterprise_sectors"},
               question="market_share"),
    MetricView("knowledge_flow_cn_us", "Knowledge flow China to U.S.", "knowledge_flow",
               "feature adoptions per quarter", {"origin": "CN->US"}, question="convergence"),
    MetricView("knowledge_flow_us_cn", "Knowledge flow U.S. to China", "knowledge_flow",
               "feature adoptions per quarter", {"origin": "US->CN"}, question="convergence"),
    MetricView("compliance_cost", "Compliance cost of all firms", "compliance_cost",
               "USD bn per quarter", question="data_flows"),
    MetricView("consumer_welfare_cn", "Consumer welfare in China", "consumer_welfare",
               "utils per online user", {"region": "CN"}, question="welfare",
               starts_at_zero=False),
    MetricView("consumer_welfare_us", "Consumer welfare in the U.S.", "consumer_welfare",
               "utils per online user", {"region": "US"}, question="welfare",
               starts_at_zero=False),
)

VIEWS_BY_KEY = {view.key: view for view in KEY_VIEWS}

DEFAULT_METRICS = ("convergence_index", "cross_border_data_use", "data_flow_index", "chinese_share_outside_china",
                   "chinese_share_us", "foreign_share_in_china", "consumer_welfare_cn", "consumer_welfare_us")
"""The views ``convergence compare`` compares unless ``--metrics`` names others."""

QUESTIONS: dict[str, str] = {
    "market_share": "Who serves whose users: market share",
    "convergence": "Do Chinese and U.S. innovation converge?",
    "data_flows": "Cross-border data flows and compliance",
    "welfare": "What consumers gain or lose: welfare",
}
"""The questions a comparison answers, in report order (section titles)."""


def view(key: str) -> MetricView:
    """The view named ``key`` (a clear error listing the names otherwise)."""
    try:
        return VIEWS_BY_KEY[key]
    except KeyError:
        raise ConvergenceError(f"unknown metric '{key}'", key=key,
                               allowed=", ".join(VIEWS_BY_KEY)) from None


def band(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Mean and 5th/95th percentiles of ``value`` across replications, per group ``by``."""
    import pandas as pd

    grouped = rows.groupby(by, sort=True).value
    return pd.DataFrame({"mean": grouped.mean(), "low": grouped.quantile(0.05),
                         "high": grouped.quantile(0.95), "replications": grouped.size()}).reset_index()
