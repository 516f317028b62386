"""Metrics: a registry of small reporters, recorded into arrays every quarter.

Each metric is declared once in :data:`METRICS` with its unit, its dimensions and the reporter
that records it from a :class:`Quarter` (what the model hands the recorder at the end of a
quarter). Reporters append coded rows; :meth:`MetricRecorder.table` builds the tidy long table
once at the end (Mesa's DataCollector would copy model state every quarter instead).

Adding a metric: write a reporter ``def _my_metric(quarter, emit)`` and declare
``Metric("my_metric", unit, dimensions, _my_metric)`` in :data:`METRICS` (``docs/EXTENDING.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import numpy as np
import pandas as pd

from convergence.model.calendar import step_to_quarter
from convergence.model.dimensions import (
    CONSUMER_SECTORS_LABEL,
    ENTERPRISE_SECTORS_LABEL,
    JURISDICTION_REGION,
    ORIGINS,
    REGIONS,
    SECTOR_LABELS,
    Jurisdiction,
    Origin,
    Region,
)
from convergence.model.events import StepEvents
from convergence.model.mechanisms import data_localization
from convergence.model.mechanisms.innovation_diffusion import convergence_index

ORIGIN_LABELS = ORIGINS + ("CN->US", "US->CN")
"""Labels of the origin column: firm origins, then the two directions of knowledge flow."""
CN_TO_US, US_TO_CN = ORIGIN_LABELS.index("CN->US"), ORIGIN_LABELS.index("US->CN")
TIDY_COLUMNS = ("scenario", "replication", "seed", "step", "quarter", "metric", "region", "sector",
                "origin", "firm", "value")
POLICY_PREFIX = "policy:"
"""Metric name prefix of the lever values in force (``policy:us_reciprocity_strength``)."""
BLANK = -1
"""Code of a dimension that does not apply to a row (a blank label in the table)."""


@dataclass(frozen=True)
class Quarter:
    """What the metrics read at the end of a quarter (firm arrays are rows ``0 .. n``).

    users: millions, firms x regions x sectors. operating_region: firms x regions, True where
    the firm may and does serve some market (entrants included). revenue, rd_spend,
    compliance_cost: USD bn per quarter per firm; revenue_market by region and sector too.
    adoption_totals: millions, regions x (online, mobile online, paying by phone).
    feature_adoption: regions x features (share of users whose provider has the feature).
    welfare: utils per user by region. consumer_surplus: USD bn per year by region (the
    quarter's flow at a yearly rate). profit_market: operating profit, USD bn per quarter,
    firms x regions x sectors (margin x revenue less fixed and compliance costs).
    levers: by jurisdiction, the values in force.
    sector_is_enterprise: per sector, True where the buyers are enterprises (aggregates over
    sectors never add people and enterprises together).
    home_region: per firm, the region it is homed in. openness_by_origin: origins x regions x
    regions, the share of data from row-region a firm of that origin may use in column-region.
    """

    step: int
    origin: np.ndarray
    active: np.ndarray
    users: np.ndarray
    operating_region: np.ndarray
    revenue: np.ndarray
    revenue_market: np.ndarray
    rd_spend: np.ndarray
    compliance_cost: np.ndarray
    events: StepEvents
    openness: np.ndarray
    adoption_totals: np.ndarray
    population: np.ndarray
    feature_adoption: np.ndarray
    welfare: np.ndarray
    consumer_surplus: np.ndarray
    profit_market: np.ndarray
    levers: Mapping[Jurisdiction, Mapping[str, float]]
    sector_is_enterprise: np.ndarray
    home_region: np.ndarray
    openness_by_origin: np.ndarray

    @cached_property
    def market_totals(self) -> np.ndarray:
        """Users of each market (regions x sectors, millions; computed once, several reporters read it)."""
        return self.users.sum(axis=0)

    @cached_property
    def shares(self) -> np.ndarray:
        """Market shares (firms x regions x sectors; 0 where a market has no users)."""
        totals = self.market_totals
        return self.users / np.where(totals > 0, totals, 1.0)

    @cached_property
    def chinese_users(self) -> np.ndarray:
        """Users of Chinese firms in each market (regions x sectors, millions)."""
        return self.users[self.origin == Origin.CN].sum(axis=0)

    @cached_property
    def of_origin(self) -> tuple[np.ndarray, ...]:
        """Per origin, which firm rows are of that origin (several reporters sum by origin)."""
        return tuple(self.origin == o for o in Origin)

    @cached_property
    def revenue_by_origin(self) -> np.ndarray:
        """Revenue summed over the firms of each origin (USD bn per quarter)."""
        return _by_origin(self.revenue, self.of_origin)

    @cached_property
    def rd_spend_by_origin(self) -> np.ndarray:
        """R&D spending summed over the firms of each origin (USD bn per quarter)."""
        return _by_origin(self.rd_spend, self.of_origin)


class Emit(Protocol):
    """Appends rows of one metric: values and, per dimension, a code or array of codes."""

    def __call__(self, value: np.ndarray | float, *, region: np.ndarray | int = BLANK,
                 sector: np.ndarray | int = BLANK, origin: np.ndarray | int = BLANK,
                 firm: np.ndarray | int = BLANK) -> None: ...


Reporter = Callable[[Quarter, Emit], None]


@dataclass(frozen=True)
class Metric:
    """A recorded metric: name, unit, the dimensions its rows carry, and its reporter."""

    name: str
    unit: str
    dimensions: str
    reporter: Reporter


_REGIONS = np.arange(len(Region))
_ORIGINS = np.arange(len(Origin))
_REGION_OF_CELL, _ORIGIN_OF_CELL = (grid.ravel() for grid in np.meshgrid(_REGIONS, _ORIGINS, indexing="ij"))
"""Region and origin codes of the cells of a regions x origins array, flattened (row-major)."""
SECTOR_GROUPS = ((CONSUMER_SECTORS_LABEL, False), (ENTERPRISE_SECTORS_LABEL, True))
"""The aggregate sector rows: label and whether it sums the enterprise sectors."""


def _group_code(label: str) -> int:
    return SECTOR_LABELS.index(label)


def _by_origin(values: np.ndarray, of_origin: tuple[np.ndarray, ...]) -> np.ndarray:
    """Sum of ``values`` (firms x ...) over the firms of each origin (origin last axis;
    ``of_origin``: :attr:`Quarter.of_origin`)."""
    sums = np.empty(values.shape[1:] + (len(of_origin),), values.dtype)
    for o, mine in enumerate(of_origin):
        sums[..., o] = values[mine].sum(axis=0)
    return sums


def _market_share(quarter: Quarter, emit: Emit) -> None:
    share, served, of_origin = quarter.shares, quarter.market_totals > 0, quarter.of_origin
    by_origin = _by_origin(share, of_origin)
    r, s, o = np.nonzero(np.broadcast_to(served[..., None], by_origin.shape))
    emit(by_origin[r, s, o], region=r, sector=s, origin=o)
    f, r, s = np.nonzero(share > 0)
    emit(share[f, r, s], region=r, sector=s, firm=f)
    for label, enterprise in SECTOR_GROUPS:
        region_users = quarter.users[:, :, quarter.sector_is_enterprise == enterprise].sum(axis=2)
        region_totals = region_users.sum(axis=0)                   # regions
        by_origin_all = _by_origin(region_users, of_origin) / np.where(region_totals > 0, region_totals, 1.0)[:, None]
        r, o = np.nonzero(np.broadcast_to((region_totals > 0)[:, None], by_origin_all.shape))
        emit(by_origin_all[r, o], region=r, origin=o, sector=_group_code(label))


def _hhi(quarter: Quarter, emit: Emit) -> None:
    r, s = np.nonzero(quarter.market_totals > 0)
    emit((quarter.shares ** 2).sum(axis=0)[r, s], region=r, sector=s)


def _sector_users(quarter: Quarter, emit: Emit) -> None:
    totals = quarter.market_totals
    r, s = np.nonzero(totals > 0)
    emit(totals[r, s], region=r, sector=s)


def _share_of(emit: Emit, numerator: np.ndarray, denominator: np.ndarray, sector_is_enterprise: np.ndarray) -> None:
    """Per sector, and over the consumer and over the enterprise sectors, numerator /
    denominator summed over the regions given."""
    per_sector = numerator.sum(axis=0)
    all_users = denominator.sum(axis=0)
    has_users = np.flatnonzero(all_users > 0)
    emit(per_sector[has_users] / all_users[has_users], sector=has_users)
    for label, enterprise in SECTOR_GROUPS:
        kind = sector_is_enterprise == enterprise
        if all_users[kind].sum() > 0:
            emit(per_sector[kind].sum() / all_users[kind].sum(), sector=_group_code(label))


def _chinese_share_outside_china(quarter: Quarter, emit: Emit) -> None:
    outside = _REGIONS != Region.CN
    _share_of(emit, quarter.chinese_users[outside], quarter.market_totals[outside], quarter.sector_is_enterprise)


def _foreign_share_in_china(quarter: Quarter, emit: Emit) -> None:
    totals = quarter.market_totals
    _share_of(emit, (totals - quarter.chinese_users)[[Region.CN]], totals[[Region.CN]], quarter.sector_is_enterprise)


def _firm_count(quarter: Quarter, emit: Emit) -> None:
    for o, of_origin in zip(Origin, quarter.of_origin, strict=True):
        mine = quarter.operating_region[of_origin]
        emit(mine.sum(axis=0), region=_REGIONS, origin=o)
        emit(mine.any(axis=1).sum(), origin=o)


def _entries(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.events.entries, region=_REGIONS)


def _exits(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.events.exits.ravel(), region=_REGION_OF_CELL, origin=_ORIGIN_OF_CELL)


def _acquisitions(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.events.acquisitions, region=_REGIONS)


def _deals_blocked(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.events.deals_blocked, region=_REGIONS)


def _investment_deals(quarter: Quarter, emit: Emit) -> None:
    deals = quarter.events.investment_deals
    emit([deals[Origin.CN], deals[Origin.US]], origin=[CN_TO_US, US_TO_CN])


def _knowledge_flow(quarter: Quarter, emit: Emit) -> None:
    events = quarter.events
    emit([events.knowledge_flow_cn_to_us, events.knowledge_flow_us_to_cn], origin=[CN_TO_US, US_TO_CN])


def _revenue(quarter: Quarter, emit: Emit) -> None:
    active = np.flatnonzero(quarter.active)
    emit(quarter.revenue[active], firm=active)
    revenue_region = quarter.revenue_market.sum(axis=2)
    f, r = np.nonzero(revenue_region > 0)
    emit(revenue_region[f, r], region=r, firm=f)
    emit(quarter.revenue_by_origin, origin=_ORIGINS)


def _rd_spend(quarter: Quarter, emit: Emit) -> None:
    active = np.flatnonzero(quarter.active)
    emit(quarter.rd_spend[active], firm=active)
    emit(quarter.rd_spend_by_origin, origin=_ORIGINS)


def _rd_intensity(quarter: Quarter, emit: Emit) -> None:
    revenue, rd = quarter.revenue_by_origin, quarter.rd_spend_by_origin
    emit(np.divide(rd, revenue, out=np.zeros(len(Origin)), where=revenue > 0), origin=_ORIGINS)


def _compliance_cost(quarter: Quarter, emit: Emit) -> None:
    compliance = _by_origin(quarter.compliance_cost, quarter.of_origin)
    emit(compliance, origin=_ORIGINS)
    emit(compliance.sum())


def _data_flow_index(quarter: Quarter, emit: Emit) -> None:
    emit(data_localization.data_flow_index(quarter.openness, quarter.adoption_totals[:, 0]))


def _cross_border_data_use(quarter: Quarter, emit: Emit) -> None:
    use = quarter.users[:, :, ~quarter.sector_is_enterprise].sum(axis=2)          # firms x regions
    moved = data_localization.cross_border_use(use, quarter.origin, quarter.home_region,
                                               quarter.openness_by_origin)
    totals = use.sum(axis=0)
    served = np.flatnonzero(totals > 0)
    emit(moved[served] / totals[served], region=served)
    if totals.sum() > 0:
        emit(moved.sum() / totals.sum())


def _convergence_index(quarter: Quarter, emit: Emit) -> None:
    emit(convergence_index(quarter.feature_adoption))


def _internet_users(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.adoption_totals[:, 0], region=_REGIONS)


def _internet_penetration(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.adoption_totals[:, 0] / quarter.population, region=_REGIONS)


def _mobile_internet_users(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.adoption_totals[:, 1], region=_REGIONS)


def _mobile_payment_users(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.adoption_totals[:, 2], region=_REGIONS)


def _consumer_welfare(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.welfare, region=_REGIONS)


def _consumer_surplus_usd(quarter: Quarter, emit: Emit) -> None:
    emit(quarter.consumer_surplus, region=_REGIONS)


def _consumer_surplus_per_user_usd(quarter: Quarter, emit: Emit) -> None:
    online = quarter.adoption_totals[:, 0]
    per_user = np.divide(quarter.consumer_surplus * 1000.0, online, out=np.zeros(len(online)), where=online > 0)
    emit(per_user, region=_REGIONS)


def _operating_profit(quarter: Quarter, emit: Emit) -> None:
    of_origin = quarter.origin[:, None] == _ORIGINS[None, :]                           # firms x origins
    by_origin = np.einsum("frs,fo->ro", quarter.profit_market, of_origin)            # regions x origins
    emit(by_origin.ravel(), region=_REGION_OF_CELL, origin=_ORIGIN_OF_CELL)


METRICS: dict[str, Metric] = {metric.name: metric for metric in (
    Metric("market_share", "share of the sector's users (0-1)",
           "region x sector x origin (sums to 1; sector consumer_sectors / enterprise_sectors = "
           "over the consumer / enterprise sectors, user-weighted), and region x sector x firm", _market_share),
    Metric("hhi", "Herfindahl index (0-1)", "region x sector", _hhi),
    Metric("sector_users", "millions using a provider", "region x sector", _sector_users),
    Metric("chinese_share_outside_china", "share of users (0-1)",
           "sector (or consumer_sectors / enterprise_sectors, user-weighted); every region but China",
           _chinese_share_outside_china),
    Metric("foreign_share_in_china", "share of users (0-1)",
           "sector (or consumer_sectors / enterprise_sectors, user-weighted)",
           _foreign_share_in_china),
    Metric("firm_count", "firms operating", "region x origin; blank region = anywhere", _firm_count),
    Metric("entries", "firms per quarter", "region", _entries),
    Metric("exits", "markets left per quarter", "region x origin", _exits),
    Metric("acquisitions", "deals per quarter", "region of the target", _acquisitions),
    Metric("deals_blocked", "deals per quarter", "region of the screening regulator", _deals_blocked),
    Metric("investment_deals", "deals per quarter", "origin = CN->US or US->CN", _investment_deals),
    Metric("knowledge_flow", "feature adoptions per quarter", "origin = CN->US or US->CN", _knowledge_flow),
    Metric("revenue", "USD bn per quarter", "firm (blank region = all regions; or by region), and origin",
           _revenue),
    Metric("rd_spend", "USD bn per quarter", "firm, and origin", _rd_spend),
    Metric("rd_intensity", "R&D / revenue", "origin", _rd_intensity),
    Metric("compliance_cost", "USD bn per quarter", "origin; blank origin = all firms", _compliance_cost),
    Metric("data_flow_index", "index (1 = unrestricted)", "none", _data_flow_index),
    Metric("cross_border_data_use", "share of consumers' use (0-1)",
           "region of the users; blank region = world", _cross_border_data_use),
    Metric("convergence_index", "index (0-1)", "none", _convergence_index),
    Metric("internet_users", "millions", "region", _internet_users),
    Metric("internet_penetration", "share of population", "region", _internet_penetration),
    Metric("mobile_internet_users", "millions", "region", _mobile_internet_users),
    Metric("mobile_payment_users", "millions", "region", _mobile_payment_users),
    Metric("consumer_welfare", "utils per online user (logit log-sum, summed over sectors)", "region",
           _consumer_welfare),
    Metric("consumer_surplus_usd", "USD bn per year (the quarter's flow at a yearly rate)", "region",
           _consumer_surplus_usd),
    Metric("consumer_surplus_per_user_usd", "USD per online user per year", "region",
           _consumer_surplus_per_user_usd),
    Metric("operating_profit", "USD bn per quarter",
           "region x origin (margin x revenue less fixed and compliance costs, in the region's markets)",
           _operating_profit),
)}
"""Every metric the model records (besides the lever values, see :data:`POLICY_UNIT`)."""

POLICY_UNIT = ("lever value (units of the parameter)", "metric 'policy:<lever>', region of the regulator")
"""Unit and dimensions of the ``policy:<lever>`` rows (the levers in force each quarter)."""


Codes = np.ndarray | int
"""Codes of one dimension of a batch of rows: one per row, or one for all of them."""
Batch = tuple[Codes, Codes, Codes, Codes, Codes, Codes, np.ndarray]
"""Rows added together: step, metric, region, sector, origin and firm codes, and their values."""
ROW_FIELDS = ("step", "metric", "region", "sector", "origin", "firm")
"""The coded columns of a batch of rows, in the order :class:`MetricRecorder` stores them."""


class MetricRecorder:
    """Accumulates coded metric rows; ``table`` decodes them into the tidy long table.

    Rows are kept as the batches reporters emit (a code shared by a whole batch stays one
    number), so recording a quarter costs a few list appends per metric; :meth:`table` expands
    them into columns once.
    """

    def __init__(self, metrics: Mapping[str, Metric] = METRICS) -> None:
        self.metrics = metrics
        self._metric_codes: dict[str, int] = {}
        self._batches: list[Batch] = []
        self._latest_batches: dict[int, list[Batch]] = {}
        """Per metric code, the batches of the quarter recorded last (what :meth:`latest` reads)."""
        self._latest_rows: dict[int, dict[tuple[int, int, int, int], float]] = {}
        """Per metric code, (region, sector, origin, firm) -> value in the last quarter (built on demand)."""
        self._lever_code_arrays: dict[tuple[str, ...], np.ndarray] = {}
        """Lever names -> the codes of their ``policy:`` metrics (see :meth:`_lever_codes`)."""

    def add(self, step: int, metric: str, value: np.ndarray | float, region: np.ndarray | int = BLANK,
            sector: np.ndarray | int = BLANK, origin: np.ndarray | int = BLANK,
            firm: np.ndarray | int = BLANK) -> None:
        """Append rows; dimension codes index REGIONS, SECTOR_LABELS, ORIGIN_LABELS, firm rows (-1 = blank)."""
        self._append(step, self._metric_codes.setdefault(metric, len(self._metric_codes)), value,
                     region, sector, origin, firm)

    def _append(self, step: int, metric: Codes, value: np.ndarray | float | list[float], *dimensions: Codes) -> None:
        """Append a batch of rows (``metric``: a code, or an int32 array of distinct codes;
        ``dimensions``: a code each, or an array of codes)."""
        values = np.asarray(value, float)
        batch = (step, metric, *[code if type(code) is int or isinstance(code, np.integer)
                                 else np.asarray(code, np.int32) for code in dimensions],
                 values if values.ndim else values.reshape(1))
        self._batches.append(batch)
        latest = self._latest_batches
        for code in (metric.tolist() if isinstance(metric, np.ndarray) else (metric,)):
            if code in latest:
                latest[code].append(batch)
            else:
                latest[code] = [batch]
        if self._latest_rows:
            for code in (metric.tolist() if isinstance(metric, np.ndarray) else (metric,)):
                self._latest_rows.pop(code, None)

    def latest(self, metric: str, *, region: int = BLANK, sector: int = BLANK, origin: int = BLANK,
               firm: int = BLANK) -> float:
        """The value of ``metric`` in the quarter recorded last, at the given dimension codes
        (blank where not given, as in the tidy table); NaN if it has no such row. Reads only the
        last quarter's rows, so it costs the same at any step (Mesa's DataCollector calls it)."""
        code = self._metric_codes.get(metric, BLANK)
        if code not in self._latest_rows:
            self._latest_rows[code] = self._rows_of(code, self._latest_batches.get(code, ()))
        return self._latest_rows[code].get((region, sector, origin, firm), float("nan"))

    @staticmethod
    def _rows_of(code: int, batches: Iterable[Batch]) -> dict[tuple[int, int, int, int], float]:
        """(region, sector, origin, firm) -> value of metric ``code``'s rows among ``batches``
        (the first row where several share the codes)."""
        keys: list[tuple[int, int, int, int]] = []
        row_values: list[float] = []
        for _step, metric, *dimensions, values in batches:
            if isinstance(metric, np.ndarray):                 # a batch of several metrics: this one's rows
                selected = np.flatnonzero(metric == code)
                dimensions = [dimension[selected] if isinstance(dimension, np.ndarray) else dimension
                              for dimension in dimensions]
                values = values[selected]
            keys.extend(zip(*[dimension.tolist() if isinstance(dimension, np.ndarray) else [dimension] * len(values)
                              for dimension in dimensions], strict=True))
            row_values.extend(values.tolist())
        return dict(zip(reversed(keys), reversed(row_values), strict=True))    # backwards: the first row wins

    def record(self, quarter: Quarter) -> None:
        """Record every registered metric, then the levers in force, for the quarter just simulated."""
        self._latest_batches, self._latest_rows = {}, {}
        for metric in self.metrics.values():
            def emit(value, *, region=BLANK, sector=BLANK, origin=BLANK, firm=BLANK, name=metric.name):
                self.add(quarter.step, name, value, region=region, sector=sector, origin=origin, firm=firm)
            metric.reporter(quarter, emit)
        for jurisdiction, levers in quarter.levers.items():
            self._append(quarter.step, self._lever_codes(tuple(levers)), [float(value) for value in levers.values()],
                         JURISDICTION_REGION[jurisdiction], BLANK, BLANK, BLANK)

    def _lever_codes(self, names: tuple[str, ...]) -> np.ndarray:
        """Metric codes (int32) of the ``policy:<lever>`` rows of these levers, in order (a
        jurisdiction's levers are the same every quarter, so their codes are looked up once)."""
        if names not in self._lever_code_arrays:
            self._lever_code_arrays[names] = np.array(
                [self._metric_codes.setdefault(POLICY_PREFIX + name, len(self._metric_codes)) for name in names],
                np.int32)
        return self._lever_code_arrays[names]

    def _columns(self) -> dict[str, np.ndarray]:
        """The coded columns (``ROW_FIELDS`` and ``value``) of every row recorded, in order."""
        sizes = np.array([len(batch[-1]) for batch in self._batches], dtype=np.int64)
        ends = np.cumsum(sizes)
        columns = {}
        for position, name in enumerate(ROW_FIELDS):
            codes = [batch[position] for batch in self._batches]
            column = np.repeat(np.array([c if isinstance(c, (int, np.integer)) else 0 for c in codes], np.int32),
                               sizes)
            for end, size, code in zip(ends, sizes, codes, strict=True):
                if isinstance(code, np.ndarray):
                    column[end - size:end] = code
            columns[name] = column
        columns["value"] = (np.concatenate([batch[-1] for batch in self._batches]) if self._batches
                            else np.zeros(0))
        return columns

    def table(self, firm_names: list[str], scenario: str, replication: int, seed: int) -> pd.DataFrame:
        """The tidy long table (columns ``TIDY_COLUMNS``)."""
        columns = self._columns()
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
            "sector": decode(SECTOR_LABELS, columns["sector"]),
            "origin": decode(ORIGIN_LABELS, columns["origin"]),
            "firm": decode(firm_names, columns["firm"]),
            "value": columns["value"],
        }, columns=list(TIDY_COLUMNS))
