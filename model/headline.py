"""The headline metrics as Mesa ``DataCollector`` model reporters (``model.datacollector``).

Each reporter reads one value of the quarter just recorded from the model's metric recorder
(:meth:`~convergence.model.metrics.MetricRecorder.latest`), so collecting costs a few
dictionary look-ups per quarter and copies no model arrays. The full tidy table of every
metric stays :meth:`ConvergenceModel.results`; these columns are what ``mesa.batch_run`` and
the dashboard read. Names follow the analysts' views of ``experiments/catalog.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from convergence.model.dimensions import CONSUMER_SECTORS_LABEL, ENTERPRISE_SECTORS_LABEL, SECTOR_LABELS, Origin, Region
from convergence.model.metrics import CN_TO_US, US_TO_CN, MetricRecorder


class Recorded(Protocol):
    """What a reporter reads of the model: its metric recorder."""

    recorder: MetricRecorder


CONSUMERS = SECTOR_LABELS.index(CONSUMER_SECTORS_LABEL)
ENTERPRISES = SECTOR_LABELS.index(ENTERPRISE_SECTORS_LABEL)

HEADLINE: dict[str, tuple[str, dict[str, int]]] = {
    "convergence_index": ("convergence_index", {}),
    "data_flow_index": ("data_flow_index", {}),
    "chinese_share_outside_china": ("chinese_share_outside_china", {"sector": CONSUMERS}),
    "foreign_share_in_china": ("foreign_share_in_china", {"sector": CONSUMERS}),
    "chinese_share_outside_china_enterprise": ("chinese_share_outside_china", {"sector": ENTERPRISES}),
    "foreign_share_in_china_enterprise": ("foreign_share_in_china", {"sector": ENTERPRISES}),
    "knowledge_flow_cn_us": ("knowledge_flow", {"origin": CN_TO_US}),
    "knowledge_flow_us_cn": ("knowledge_flow", {"origin": US_TO_CN}),
    "compliance_cost": ("compliance_cost", {}),
    **{f"consumer_welfare_{region.code.lower()}": ("consumer_welfare", {"region": int(region)})
       for region in Region},
    **{f"market_share_{region.code.lower()}_{origin.name.lower()}": (
        "market_share", {"region": int(region), "origin": int(origin), "sector": CONSUMERS})
       for region in Region for origin in Origin},
}
"""Reporter name -> (metric, dimension codes; blank where not given). ``market_share_<region>_<origin>``
is the origin's share of the region's consumers' use over the consumer sectors (user-weighted);
the shares in and outside China are over consumers, and over enterprise buyers where the name
says so; units as in
``model/metrics.py``: indices 0-1, shares 0-1, knowledge flow in feature adoptions per quarter,
compliance cost in USD bn per quarter, consumer welfare in utils per online user."""


def _latest(metric: str, codes: dict[str, int], model: Recorded) -> float:
    return model.recorder.latest(metric, **codes)


def model_reporters() -> dict[str, Callable[[Any], float]]:
    """The ``model_reporters`` of :class:`mesa.DataCollector`: one per :data:`HEADLINE` entry."""
    return {name: partial(_latest, metric, codes) for name, (metric, codes) in HEADLINE.items()}
