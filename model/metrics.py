"""Metrics: recorded into arrays every quarter, turned into one tidy table at the end.

Mesa's DataCollector deep-copies model state on every collect; here each quarter appends
small numpy arrays of codes and values, and :meth:`MetricRecorder.table` builds the long
table once. Metric names, units and dimensions are listed in ``METRICS`` (and docs/ODD.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from convergence.model.calendar import step_to_quarter
from convergence.model.input_data import ORIGINS
from convergence.model.mechanisms import data_localization, market_access
from convergence.model.mechanisms.innovation_diffusion import adoption_by_region, convergence_index
from convergence.model.parameters import REGIONS, SECTORS

if TYPE_CHECKING:
    from convergence.model.model import ConvergenceModel

ORIGIN_LABELS = ORIGINS + ("CN->US", "US->CN")
CN_TO_US, US_TO_CN = ORIGIN_LABELS.index("CN->US"), ORIGIN_LABELS.index("US->CN")
TIDY_COLUMNS = ("scenario", "replication", "seed", "step", "quarter", "metric", "region", "sector",
                "origin", "firm", "value")

METRICS: dict[str, tuple[str, str]] = {
    "market_share": ("share of the sector's users (0-1)",
                     "region x sector x origin (sums to 1; blank sector = all sectors, user-weighted), "
                     "and region x sector x firm"),
    "chinese_share_outside_china": ("share of users (0-1)",
                                    "sector (blank = all sectors, user-weighted); U.S., EU, RoW"),
    "foreign_share_in_china": ("share of users (0-1)", "sector (blank = all sectors)"),
    "hhi": ("Herfindahl index (0-1)", "region x sector"),
    "firm_count": ("firms operating", "region x origin; blank region = anywhere"),
    "entries": ("firms per quarter", "region"),
    "exits": ("markets left per quarter", "region x origin"),
    "acquisitions": ("deals per quarter", "region of the target"),
    "deals_blocked": ("deals per quarter", "region of the screening regulator"),
    "investment_deals": ("deals per quarter", "origin = CN->US or US->CN"),
    "revenue": ("USD bn per quarter", "firm (blank region = all regions; or by region), and origin"),
    "sector_users": ("millions using a provider", "region x sector"),
    "rd_spend": ("USD bn per quarter", "firm, and origin"),
    "rd_intensity": ("R&D / revenue", "origin"),
    "compliance_cost": ("USD bn per quarter", "origin; blank origin = all firms"),
    "data_flow_index": ("index (1 = unrestricted)", "none"),
    "convergence_index": ("index (0-1)", "none"),
    "knowledge_flow": ("feature adoptions per quarter", "origin = CN->US or US->CN"),
    "internet_users": ("millions", "region"),
    "internet_penetration": ("share of population", "region"),
    "mobile_internet_users": ("millions", "region"),
    "mobile_payment_users": ("millions", "region"),
    "consumer_welfare": ("utils per online user (logit log-sum, summed over sectors)", "region"),
    "policy": ("lever value (units of the parameter)", "metric 'policy:<lever>', region of regulator"),
}

_REGULATOR_REGION = {"china": "CN", "us": "US", "eu": "EU"}


@dataclass
class StepEvents:
    """Counts of events during one quarter (reset at each step)."""

    entries: np.ndarray = field(default_factory=lambda: np.zeros(len(REGIONS), int))
    exits: np.ndarray = field(default_factory=lambda: np.zeros((len(REGIONS), len(ORIGINS)), int))
    acquisitions: np.ndarray = field(default_factory=lambda: np.zeros(len(REGIONS), int))
    deals_blocked: np.ndarray = field(default_factory=lambda: np.zeros(len(REGIONS), int))
    investment_deals: np.ndarray = field(default_factory=lambda: np.zeros(len(ORIGINS), int))
    knowledge_flow_cn_to_us: int = 0
    knowledge_flow_us_to_cn: int = 0


class MetricRecorder:
    """Accumulates coded metric rows; ``table`` decodes them into the tidy long table."""

    def __init__(self) -> None:
        self._metric_codes: dict[str, int] = {}
        self._columns: dict[str, list[np.ndarray]] = {
            name: [] for name in ("step", "metric", "region", "sector", "origin", "firm", "value")}

    def add(self, step: int, metric: str, value: np.ndarray | float, region: np.ndarray | int = -1,
            sector: np.ndarray | int = -1, origin: np.ndarray | int = -1,
            firm: np.ndarray | int = -1) -> None:
        """Append rows; dimension codes index REGIONS, SECTORS, ORIGIN_LABELS, firm rows (-1 = blank)."""
        value = np.atleast_1d(np.asarray(value, float))
        code = self._metric_codes.setdefault(metric, len(self._metric_codes))
        size = len(value)
        for name, data in (("step", step), ("metric", code), ("region", region), ("sector", sector),
                           ("origin", origin), ("firm", firm)):
            self._columns[name].append(np.full(size, data, np.int32) if np.isscalar(data)
                                       else np.asarray(data, np.int32))
        self._columns["value"].append(value)

    def record(self, model: "ConvergenceModel", welfare: np.ndarray) -> None:
        """Record every metric for the quarter just simulated."""
        step, state = model.step_index, model.firm_state
        n = state.count
        users = state.users[:n]
        totals = users.sum(axis=0)
        share = users / np.where(totals > 0, totals, 1.0)
        origin = state.origin[:n]
        self._record_shares(step, share, totals, users, origin)

        access = market_access.access_shares(origin, model.levers)     # entrants included
        operating = state.operating(access).any(axis=2)
        for o in range(len(ORIGINS)):
            mine = operating[origin == o]
            self.add(step, "firm_count", mine.sum(axis=0), region=np.arange(len(REGIONS)), origin=o)
            self.add(step, "firm_count", (mine.any(axis=1)).sum(), origin=o)
        events = model.events
        regions = np.arange(len(REGIONS))
        self.add(step, "entries", events.entries, region=regions)
        region_grid, origin_grid = np.meshgrid(regions, np.arange(len(ORIGINS)), indexing="ij")
        self.add(step, "exits", events.exits.ravel(), region=region_grid.ravel(), origin=origin_grid.ravel())
        self.add(step, "acquisitions", events.acquisitions, region=regions)
        self.add(step, "deals_blocked", events.deals_blocked, region=regions)
        self.add(step, "investment_deals", [events.investment_deals[0], events.investment_deals[1]],
                 origin=[CN_TO_US, US_TO_CN])
        self.add(step, "knowledge_flow", [events.knowledge_flow_cn_to_us, events.knowledge_flow_us_to_cn],
                 origin=[CN_TO_US, US_TO_CN])

        active = np.flatnonzero(state.active[:n])
        self.add(step, "revenue", state.revenue[active], firm=active)
        revenue_region = state.revenue_market[:n].sum(axis=2)
        f, r = np.nonzero(revenue_region > 0)
        self.add(step, "revenue", revenue_region[f, r], region=r, firm=f)
        self.add(step, "rd_spend", state.rd_spend[active], firm=active)
        origins = np.arange(len(ORIGINS))
        revenue = np.array([state.revenue[:n][origin == o].sum() for o in origins])
        rd = np.array([state.rd_spend[:n][origin == o].sum() for o in origins])
        compliance = np.array([state.compliance_cost[:n][origin == o].sum() for o in origins])
        self.add(step, "revenue", revenue, origin=origins)
        self.add(step, "rd_spend", rd, origin=origins)
        self.add(step, "rd_intensity", np.divide(rd, revenue, out=np.zeros(3), where=revenue > 0),
                 origin=origins)
        self.add(step, "compliance_cost", compliance, origin=origins)
        self.add(step, "compliance_cost", compliance.sum())

        internet = model.adoption_totals
        self.add(step, "data_flow_index",
                 data_localization.data_flow_index(model.conditions.openness, internet[:, 0]))
        self.add(step, "convergence_index", convergence_index(adoption_by_region(model, share)))
        self.add(step, "internet_users", internet[:, 0], region=regions)
        self.add(step, "internet_penetration", internet[:, 0] / model.world.population, region=regions)
        self.add(step, "mobile_internet_users", internet[:, 1], region=regions)
        self.add(step, "mobile_payment_users", internet[:, 2], region=regions)
        self.add(step, "consumer_welfare", welfare, region=regions)
        for regulator in (model.china, model.us, model.eu):
            region = REGIONS.index(_REGULATOR_REGION[regulator.jurisdiction])
            for name, value in regulator.levers.items():
                self.add(step, f"policy:{name}", float(value), region=region)

    def _record_shares(self, step: int, share: np.ndarray, totals: np.ndarray, users: np.ndarray,
                       origin: np.ndarray) -> None:
        served = totals > 0
        by_origin = np.stack([share[origin == o].sum(axis=0) for o in range(len(ORIGINS))], axis=-1)
        r, s, o = np.nonzero(np.broadcast_to(served[..., None], by_origin.shape))
        self.add(step, "market_share", by_origin[r, s, o], region=r, sector=s, origin=o)
        f, r, s = np.nonzero(share > 0)
        self.add(step, "market_share", share[f, r, s], region=r, sector=s, firm=f)
        region_users = users.sum(axis=2)                  # firms x regions, all sectors
        region_totals = region_users.sum(axis=0)
        by_origin_all = np.stack([region_users[origin == o].sum(axis=0) for o in range(len(ORIGINS))],
                                 axis=-1) / np.where(region_totals > 0, region_totals, 1.0)[:, None]
        r, o = np.nonzero(np.broadcast_to((region_totals > 0)[:, None], by_origin_all.shape))
        self.add(step, "market_share", by_origin_all[r, o], region=r, origin=o)
        r, s = np.nonzero(served)
        self.add(step, "hhi", (share ** 2).sum(axis=0)[r, s], region=r, sector=s)
        self.add(step, "sector_users", totals[r, s], region=r, sector=s)
        cn = REGIONS.index("CN")
        chinese = users[origin == 0].sum(axis=0)          # regions x sectors
        outside = np.arange(len(REGIONS)) != cn
        for metric, numerator, denominator in (
                ("chinese_share_outside_china", chinese[outside], totals[outside]),
                ("foreign_share_in_china", (totals - chinese)[[cn]], totals[[cn]])):
            per_sector = numerator.sum(axis=0)
            all_users = denominator.sum(axis=0)
            has_users = np.flatnonzero(all_users > 0)
            self.add(step, metric, per_sector[has_users] / all_users[has_users], sector=has_users)
            if all_users.sum() > 0:
                self.add(step, metric, per_sector.sum() / all_users.sum())

    def table(self, firm_names: list[str], scenario: str, replication: int, seed: int) -> pd.DataFrame:
        """The tidy long table (columns ``TIDY_COLUMNS``)."""
        columns = {name: np.concatenate(parts) if parts else np.zeros(0)
                   for name, parts in self._columns.items()}
        metric_labels = np.array(list(self._metric_codes), dtype=object)

        def decode(labels: tuple[str, ...] | list[str], codes: np.ndarray) -> np.ndarray:
            return np.array(list(labels) + [""], dtype=object)[codes]

        steps = columns["step"]
        quarters = np.array([step_to_quarter(s) for s in range(int(steps.max(initial=0)) + 1)], dtype=object)
        return pd.DataFrame({
            "scenario": scenario,
            "replication": np.int32(replication),
            "seed": np.int64(seed),
            "step": steps.astype(np.int32),
            "quarter": quarters[steps],
            "metric": metric_labels[columns["metric"]],
            "region": decode(REGIONS, columns["region"]),
            "sector": decode(SECTORS, columns["sector"]),
            "origin": decode(ORIGIN_LABELS, columns["origin"]),
            "firm": decode(firm_names, columns["firm"]),
            "value": columns["value"],
        }, columns=list(TIDY_COLUMNS))

