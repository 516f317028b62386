"""Every quantity a reader sees has a display name and a unit declared in one place (model/labels.py)."""

from __future__ import annotations

import re

import pytest

from convergence.model import labels
from convergence.model.dimensions import REGIONS, SECTORS
from convergence.model.metrics import METRICS, ORIGIN_LABELS, POLICY_PREFIX
from convergence.model.parameters import PARAMETERS

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
"""A snake_case code identifier (what a display name must not contain)."""


@pytest.mark.parametrize("name", sorted(METRICS))
def test_every_registered_metric_has_a_declared_display_name_and_a_unit(name: str) -> None:
    assert name in labels.METRIC_NAMES, f"add a display name for metric '{name}' to model/labels.py"
    label = labels.metric_label(name)
    assert label.unit.strip(), f"metric '{name}' declares no unit in model/metrics.py"
    assert not IDENTIFIER.search(label.name)


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_every_parameter_has_a_declared_display_name_and_a_unit(name: str) -> None:
    assert name in labels.PARAMETER_NAMES, f"add a display name for parameter '{name}' to model/labels.py"
    label = labels.parameter_label(name)
    assert label.unit.strip()
    assert not IDENTIFIER.search(label.name)


def test_no_display_name_is_declared_for_a_quantity_that_does_not_exist() -> None:
    assert set(labels.METRIC_NAMES) <= set(METRICS)
    assert set(labels.PARAMETER_NAMES) <= set(PARAMETERS)


def test_display_names_are_distinct_so_a_reader_can_tell_quantities_apart() -> None:
    names = list(labels.PARAMETER_NAMES.values())
    assert len(set(names)) == len(names)
    assert len(set(labels.METRIC_NAMES.values())) == len(labels.METRIC_NAMES)


def test_regions_sectors_and_origins_have_display_names_other_than_their_codes() -> None:
    for code in REGIONS:
        assert labels.region_name(code) != code or code in ("EU",)
    assert labels.region_name("US") == "U.S." and labels.region_name("US", in_sentence=True) == "the U.S."
    for code in SECTORS:
        assert not IDENTIFIER.search(labels.sector_name(code)) and labels.sector_name(code) != code
    for code in ORIGIN_LABELS:
        assert labels.origin_name(code) != code


def test_policy_metrics_are_labelled_by_their_lever() -> None:
    label = labels.metric_label(POLICY_PREFIX + "us_reciprocity_strength")
    assert label.name.startswith(labels.PARAMETER_NAMES["us_reciprocity_strength"])
    assert label.unit == PARAMETERS["us_reciprocity_strength"].unit


def test_an_undeclared_name_falls_back_to_readable_words() -> None:
    assert labels.parameter_label("china_new_lever").name == "China new lever"
    assert labels.metric_label("made_up_rd_metric") == labels.Label("Made up R&D metric", "")
