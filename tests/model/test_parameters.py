"""Parameter declarations: every value validated where declared, errors name the key and range."""

import re
from pathlib import Path

import pytest

from convergence.model import (
    PARAMETERS,
    ParameterRangeError,
    Parameters,
    ParameterTypeError,
    PolicyChange,
    QuarterError,
    TimelineError,
    UnknownParameterError,
)
from convergence.model.calendar import quarter_to_step, step_to_quarter
from convergence.model.dimensions import REGION_INFO, SECTOR_INFO
from convergence.model.parameters import GROUPS, RENAMED

MODEL_ROOT = Path(__file__).resolve().parents[2] / "model"


def test_every_parameter_is_documented_with_unit_range_and_role():
    for p in PARAMETERS.values():
        assert p.unit and p.description, p.name
        assert p.low <= p.default <= p.high, p.name
        assert p.role in ("lever", "uncertainty", "setting")
        assert (p.regulator is not None) == (p.role == "lever"), p.name


def test_parameters_are_immutable_and_replace_validates():
    params = Parameters()
    with pytest.raises(AttributeError):
        params.switching_cost = 2.0
    assert params.replace(switching_cost=2.0).switching_cost == 2.0 != params.switching_cost
    with pytest.raises(ParameterRangeError):
        params.replace(switching_cost=-1.0)
    assert len(params) == len(PARAMETERS)


def test_out_of_range_names_parameter_and_range():
    with pytest.raises(ParameterRangeError) as error:
        Parameters({"china_data_localization_strictness": 1.5})
    assert error.value.key == "china_data_localization_strictness"
    assert "[0.0, 1.0]" in str(error.value)


def test_unknown_parameter_suggests_closest_name():
    with pytest.raises(UnknownParameterError, match="did you mean 'switching_cost'"):
        Parameters({"switching_cots": 1.0})


@pytest.mark.parametrize("name, value", [("switching_cost", "high"), ("us_reciprocity_rule", 1.0),
                                         ("users_per_region", 10.5), ("switching_cost", True)])
def test_wrong_types_are_rejected(name, value):
    with pytest.raises(ParameterTypeError) as error:
        Parameters({name: value})
    assert error.value.key == name


def test_entrant_strategy_shares_cannot_exceed_one():
    with pytest.raises(ParameterRangeError, match="exceed 1"):
        Parameters({"china_copycat_share": 0.7, "china_disruptor_share": 0.5})


def test_command_line_text_is_parsed_and_validated():
    assert PARAMETERS["us_reciprocity_rule"].parse("true") is True
    assert PARAMETERS["users_per_region"].parse("500") == 500
    with pytest.raises(ParameterRangeError):
        PARAMETERS["reconsider_rate"].parse("2")


def test_timeline_accepts_only_levers_and_valid_quarters():
    change = PolicyChange.checked("2018Q2", "us_reciprocity_strength", 0.5)
    assert change.step == quarter_to_step("2018Q2") == 21
    with pytest.raises(TimelineError, match="not a policy lever"):
        PolicyChange.checked("2018Q2", "switching_cost", 1.0)
    with pytest.raises(QuarterError):
        PolicyChange.checked("2018Q5", "us_reciprocity_strength", 0.5)
    with pytest.raises(ParameterRangeError):
        PolicyChange.checked("2018Q2", "us_reciprocity_strength", 5.0)


@pytest.mark.parametrize("text", ["2018", "18Q1", "2012Q4", "2101Q1", "2018q1x"])
def test_bad_quarters_are_rejected(text):
    with pytest.raises(QuarterError):
        quarter_to_step(text)


def test_quarter_labels_round_trip():
    for step in (0, 1, 19, 71):
        assert quarter_to_step(step_to_quarter(step)) == step
    assert step_to_quarter(71) == "2030Q4"


def test_every_parameter_is_read_by_its_literal_name_in_the_model():
    # Names built by f-strings cannot be found with grep; every declared parameter must appear
    # in full ("name" or .name) in some model module other than its declaration.
    sources = [path.read_text() for path in MODEL_ROOT.rglob("*.py") if path.name != "parameters.py"]
    unread = [name for name in PARAMETERS
              if not any(re.search(rf"([\"']{name}[\"']|\.{name}\b)", text) for text in sources)]
    assert not unread


def test_region_specific_names_start_with_their_region():
    suffixes = ("_cn", "_us", "_eu", "_row", "_other")
    assert not [name for name in PARAMETERS if name.endswith(suffixes)]
    for info in REGION_INFO.values():
        names = (info.ip_protection, info.revenue_per_user_growth, *info.internet_curve,
                 *info.mobile_internet_curve, *info.mobile_payment_curve)
        assert all(name in PARAMETERS for name in names), info.code
    for info in SECTOR_INFO.values():
        assert info.revenue_per_user_growth in PARAMETERS and info.china_foreign_access in PARAMETERS


def test_parameters_are_grouped_by_mechanism_without_duplicates():
    grouped = [p.name for group in GROUPS.values() for p in group]
    assert sorted(grouped) == sorted(PARAMETERS) and len(grouped) == len(set(grouped))


def test_a_renamed_parameter_names_its_new_name():
    with pytest.raises(UnknownParameterError) as error:
        Parameters({"entry_rate_cn": 1.0})
    assert "was renamed 'china_entry_rate'" in str(error.value)
    assert all(new in PARAMETERS and old not in PARAMETERS for old, new in RENAMED.items())


@pytest.mark.parametrize("name, value", [("users_per_region", float("inf")), ("users_per_region", float("nan")),
                                         ("users_per_region", float("-inf")), ("switching_cost", float("nan")),
                                         ("switching_cost", float("inf"))])
def test_non_finite_numbers_are_a_type_error_not_a_crash(name, value):
    with pytest.raises(ParameterTypeError, match="must be a finite number") as error:
        PARAMETERS[name].validate(value)
    assert error.value.key == name


@pytest.mark.parametrize("name", ["users_per_region", "switching_cost"])
def test_huge_numbers_are_out_of_range_not_an_overflow(name):
    for value in (10 ** 400, -(10 ** 400), 1e300):
        with pytest.raises(ParameterRangeError, match="outside its allowed range"):
            PARAMETERS[name].validate(value)
    with pytest.raises(ParameterRangeError, match="an integer of about 5001 digits"):
        PARAMETERS[name].validate(10 ** 5000)                # repr() would refuse its 5001 digits


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "NaN", "1e400", "Infinity"])
def test_command_line_non_finite_text_is_rejected_naming_what_was_typed(text):
    for name in ("users_per_region", "switching_cost"):
        with pytest.raises(ParameterTypeError, match=f"must be a finite number, got '{text}'"):
            PARAMETERS[name].parse(text)


def test_command_line_whole_numbers_are_read_exactly():
    assert PARAMETERS["users_per_region"].parse("5000000") == 5_000_000
    with pytest.raises(ParameterRangeError):
        PARAMETERS["users_per_region"].parse("5000001")
    with pytest.raises(ParameterRangeError, match="9" * 40):
        PARAMETERS["users_per_region"].parse("9" * 40)
    assert PARAMETERS["switching_cost"].parse("2") == 2.0 and isinstance(PARAMETERS["switching_cost"].parse("2"), float)


def test_where_a_timeline_change_was_written_takes_no_part_in_equality():
    written = PolicyChange.checked("2018Q2", "us_reciprocity_strength", 0.5, source="a.toml", key="timeline[0].x")
    assert written == PolicyChange.checked("2018Q2", "us_reciprocity_strength", 0.5)
    assert (written.source, written.key) == ("a.toml", "timeline[0].x")
    with pytest.raises(TimelineError, match="'switching_cost' is an uncertainty, not a policy lever"):
        PolicyChange.checked("2018Q2", "switching_cost", 1.0)
