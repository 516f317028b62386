"""Mesa idioms: keyword construction from a scenario, ``model.datacollector`` and ``mesa.batch_run``."""

import math
import warnings

import mesa
import pytest

from convergence.experiments.catalog import view
from convergence.model import ConvergenceModel, simulate
from convergence.model.dimensions import REGIONS, SECTOR_LABELS
from convergence.model.headline import HEADLINE
from convergence.model.metrics import ORIGIN_LABELS

TINY = {"users_per_region": 500, "enterprise_buyers_per_region": 50}


def _collected(model):
    return model.datacollector.get_model_vars_dataframe()


def _tidy_value(table, metric, codes, quarter):
    """The tidy table's value of a HEADLINE entry (metric at dimension codes) in ``quarter``."""
    sector = SECTOR_LABELS[codes["sector"]] if "sector" in codes else ""
    rows = table[(table.metric == metric) & (table.quarter == quarter) & (table.sector == sector)
                 & (table.firm == "")]
    region = REGIONS[codes["region"]] if "region" in codes else ""
    origin = ORIGIN_LABELS[codes["origin"]] if "origin" in codes else ""
    return rows[(rows.region == region) & (rows.origin == origin)].value.item()


@pytest.mark.parametrize("scenario", ["baseline", "decoupling", None])
def test_keyword_construction_runs_what_simulate_runs_and_collects_every_headline_metric(scenario):
    model = ConvergenceModel(scenario, rng=4, end="2015Q2", **TINY).run()
    table = simulate(scenario, overrides=TINY, seed=4, end="2015Q2")
    collected = _collected(model)
    assert list(collected.columns) == list(HEADLINE) and len(collected) == model.end_step + 1
    for step, quarter in ((0, "2013Q1"), (model.end_step, "2015Q2")):
        for name, (metric, codes) in HEADLINE.items():
            assert collected[name].iloc[step] == _tidy_value(table, metric, codes, quarter), name
    convergence = view("convergence_index").select(table).value.to_numpy()
    assert collected.convergence_index.to_numpy().tolist() == convergence.tolist()


def test_the_default_is_the_calibrated_baseline_and_none_the_raw_defaults():
    assert ConvergenceModel(rng=0, end="2013Q1", **TINY).params == ConvergenceModel(
        "baseline", rng=0, end="2013Q1", **TINY).params
    calibrated = ConvergenceModel(rng=0, end="2013Q1", **TINY).params
    raw = ConvergenceModel(None, rng=0, end="2013Q1", **TINY).params
    assert calibrated.china_internet_ceiling != raw.china_internet_ceiling
    assert ConvergenceModel.from_parameters(TINY, end="2013Q1").params == raw


def test_overrides_are_validated_like_every_other_way_in():
    with pytest.raises(Exception, match="us_reciprocity_strength"):
        ConvergenceModel(us_reciprocity_strength=7.0, **TINY)


def test_mesa_batch_run_sweeps_scenarios_and_levers_and_returns_the_headline_metrics():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)          # Mesa 3.5 prefers rng= to iterations=
        rows = mesa.batch_run(ConvergenceModel, parameters={"scenario": ["baseline", "decoupling"],
                                                            "us_reciprocity_strength": [0.0, 0.5], **TINY},
                              iterations=1, max_steps=20, display_progress=False)
    assert len(rows) == 4
    assert {(r["scenario"], r["us_reciprocity_strength"]) for r in rows} == {
        (s, v) for s in ("baseline", "decoupling") for v in (0.0, 0.5)}
    for row in rows:
        assert row["Step"] == 20 and set(HEADLINE) <= set(row)
        assert all(math.isfinite(row[name]) for name in HEADLINE)


def test_batch_run_with_a_seed_reproduces_simulate():
    rows = mesa.batch_run(ConvergenceModel, parameters={"scenario": "us_reciprocity", **TINY}, rng=[9],
                          max_steps=8, display_progress=False)
    table = simulate("us_reciprocity", overrides=TINY, seed=9, end="2014Q4")
    assert rows[0]["convergence_index"] == view("convergence_index").select(table).value.iloc[-1]
