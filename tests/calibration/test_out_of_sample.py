"""The out-of-sample check: 2020-2023 figures stay out of the calibration; the check runs a
scenario's timeline and compares what it simulates with them."""

import re

import numpy as np
import pandas as pd
import pytest

from convergence.calibration.out_of_sample import (
    FIRST_OUT_OF_SAMPLE_YEAR,
    check_out_of_sample,
    error_summary,
    out_of_sample_targets,
)
from convergence.calibration.statistics import RunView, output_value
from convergence.calibration.targets import load_targets
from convergence.cli.main import main
from convergence.runner.execution import SerialExecutor

TINY = {"users_per_region": 600, "enterprise_buyers_per_region": 80}


def _years(period: str) -> list[int]:
    return [int(year) for year in re.findall(r"(20\d\d)", period)]


def test_calibration_targets_stop_in_2019_and_out_of_sample_figures_start_in_2020():
    calibration = load_targets()
    assert max(max(_years(period)) for period in calibration.period) <= 2019
    for key in calibration.model_output:
        assert all(year <= 2019 for year in _years(key)), key
    checks = out_of_sample_targets()
    assert checks.target_id.is_unique
    assert set(checks.role) == {"out_of_sample"}
    assert min(min(_years(period)) for period in checks.period) >= FIRST_OUT_OF_SAMPLE_YEAR
    assert not set(checks.model_output) & set(calibration.model_output)
    assert checks.source.str.len().min() > 10 and checks.observed.notna().all()


def test_revenue_change_is_the_relative_change_between_fiscal_years():
    table = pd.DataFrame({
        "metric": "revenue", "firm": "Huawei", "region": "", "sector": "", "origin": "",
        "step": list(range(28, 36)), "quarter": "", "value": [1.0] * 4 + [0.75] * 4})   # 2020, 2021
    assert output_value(RunView(table), "revenue_change|Huawei|FY2020|FY2021") == pytest.approx(-0.25)


@pytest.fixture(scope="module")
def history_check():
    return check_out_of_sample("history", 2, 11, SerialExecutor(), TINY)


def test_the_history_check_covers_every_figure_with_simulated_ranges(history_check):
    table = history_check
    assert len(table) == len(out_of_sample_targets())
    assert np.isfinite(table.simulated_mean).all()
    assert (table.simulated_p05 <= table.simulated_mean + 1e-12).all()
    assert (table.simulated_mean <= table.simulated_p95 + 1e-12).all()
    levels = table[table.group != "fate"]
    np.testing.assert_allclose(levels.error, levels.simulated_mean / levels.observed - 1.0)
    fates = table[table.group == "fate"]
    np.testing.assert_allclose(fates.error, fates.simulated_mean - fates.observed)
    summary = error_summary(table)
    assert set(summary) == {"adoption median |error|", "revenue median |error|", "fates with the observed sign"}


def test_history_and_baseline_differ_after_2018(history_check):
    baseline = check_out_of_sample("baseline", 2, 11, SerialExecutor(), TINY)
    assert not np.allclose(baseline.simulated_mean, history_check.simulated_mean)


def test_out_of_sample_command_writes_table_and_figure(tmp_path, capsys):
    out = tmp_path / "oos"
    code = main(["out-of-sample", "history", "--replications", "1", "--users-per-region", "600",
                 "--out", str(out)])
    assert code == 0
    assert {"out_of_sample.csv", "out_of_sample.png", "out_of_sample.svg"} <= {p.name for p in out.iterdir()}
    assert "nothing after 2019 was fitted" in capsys.readouterr().out


def test_out_of_sample_command_refuses_no_replications_cleanly(capsys):
    code = main(["out-of-sample", "history", "--replications", "0"])
    assert code != 0
    captured = capsys.readouterr()
    assert "--replications" in captured.err and "Traceback" not in captured.err
