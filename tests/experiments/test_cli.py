"""The command line end to end, and the bad-input catalogue (one test per case)."""

import json
import os
import shlex
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from convergence.cli.main import build_parser, main
from convergence.experiments.specs import load_spec
from convergence.model.scenario import load_scenario

SHORT = ["--until", "2014Q4", "--set", "users_per_region=500", "--set", "enterprise_buyers_per_region=100"]


def _run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_scenarios_lists_every_scenario(capsys):
    code, out, _ = _run(capsys, "scenarios")
    assert code == 0
    for name in ("baseline", "decoupling", "convergence_deal", "us_reciprocity"):
        assert f"{name}  (" in out


def test_params_lists_parameters_with_scenario_values(capsys):
    code, out, _ = _run(capsys, "params", "strict_localization")
    assert code == 0
    line = next(row for row in out.splitlines() if row.startswith("china_data_localization_scope "))
    assert "float in [0.0, 1.0]" in line and "2018Q2: 1" in line


def test_run_writes_table_manifest_and_plot_and_is_reproducible(tmp_path, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        code, stdout, _ = _run(capsys, "run", "us_reciprocity", "-r", "2", "--seed", "5", *SHORT,
                               "--out", str(out))
        assert code == 0 and "Convergence of Chinese and U.S. innovation portfolios" in stdout
        assert "Final values: " in stdout and "(mean of " in stdout           # what "final" means, printed
    assert {p.name for p in first.iterdir()} >= {"timeseries.parquet", "manifest.json", "summary.png"}
    table_a = pd.read_parquet(first / "timeseries.parquet")
    pd.testing.assert_frame_equal(table_a, pd.read_parquet(second / "timeseries.parquet"))
    assert sorted(table_a.replication.unique()) == [0, 1]
    manifest = json.loads((first / "manifest.json").read_text())
    for key in ("scenario_files", "parameters", "seeds", "packages", "git", "started", "finished", "rerun"):
        assert key in manifest
    assert manifest["parameters"]["users_per_region"] == 500
    assert len(manifest["seeds"]) == 2 and manifest["packages"]["mesa"].startswith("3.")


def test_existing_output_is_not_overwritten_without_asking(tmp_path, capsys):
    out = tmp_path / "run"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    code, _, err = _run(capsys, "run", "baseline", "-r", "1", *SHORT, "--out", str(out))
    assert code == 2 and "--overwrite" in err
    assert (out / "keep.txt").read_text() == "precious"


def test_every_example_in_the_help_parses_and_names_what_exists():
    # The examples are what users copy: each must be accepted by the parser as written, and the
    # scenario or spec it names must exist.
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    examples = [line.strip() for sub in commands.values() for line in sub.description.split("Example:")[1].splitlines()
                if line.strip().startswith("convergence ")]
    assert {example.split()[1] for example in examples} == set(commands)
    for example in examples:
        args = parser.parse_args(shlex.split(example)[1:])
        if getattr(args, "scenario", None):
            load_scenario(args.scenario)
        if getattr(args, "spec", None):
            load_spec(args.spec)


# --- bad input: exit code 2, one clear message naming file and key, no traceback, no output ---
def _bad(tmp_path, capsys, text, *extra):
    path = tmp_path / "bad.toml"
    path.write_text(textwrap.dedent(text))
    out = tmp_path / "out"
    code, _, err = _run(capsys, "run", str(path), "-r", "1", *SHORT, "--out", str(out), *extra)
    assert code == 2, err
    assert "Traceback" not in err
    assert not out.exists(), "no output directory may be left behind"
    assert not list(tmp_path.glob(".out.partial*"))
    return err, str(path)


def test_malformed_toml(tmp_path, capsys):
    err, path = _bad(tmp_path, capsys, 'description = "x"\n[parameters\n')
    assert path in err and "malformed TOML" in err


def test_unknown_top_level_key_suggests_closest(tmp_path, capsys):
    err, path = _bad(tmp_path, capsys, 'description = "x"\nparameter = {}\n')
    assert path in err and "did you mean 'parameters'" in err


def test_unknown_parameter_suggests_closest(tmp_path, capsys):
    err, path = _bad(tmp_path, capsys, 'description = "x"\n[parameters]\nswitching_cots = 1\n')
    assert path in err and "did you mean 'switching_cost'" in err


def test_wrong_type(tmp_path, capsys):
    err, path = _bad(tmp_path, capsys, 'description = "x"\n[parameters]\nswitching_cost = "high"\n')
    assert path in err and "parameters.switching_cost" in err and "must be a number" in err


def test_out_of_range_value(tmp_path, capsys):
    err, path = _bad(tmp_path, capsys, 'description = "x"\n[parameters]\nreconsider_rate = 1.5\n')
    assert path in err and "reconsider_rate" in err and "[0.0, 1.0]" in err


def test_unknown_scenario(tmp_path, capsys):
    code, _, err = _run(capsys, "run", "decoupled", "-r", "1", "--out", str(tmp_path / "o"))
    assert code == 2 and "unknown scenario 'decoupled'" in err and "did you mean 'decoupling'" in err
    assert not (tmp_path / "o").exists()


def test_extends_cycle(tmp_path, capsys):
    (tmp_path / "other.toml").write_text('description = "y"\nextends = "bad.toml"\n')
    err, _ = _bad(tmp_path, capsys, 'description = "x"\nextends = "other.toml"\n')
    assert "cycle" in err and "bad -> other -> bad" in err


def test_bad_quarter_in_timeline(tmp_path, capsys):
    err, path = _bad(tmp_path, capsys, '''
        description = "x"
        [[timeline]]
        quarter = "2018Q5"
        us_reciprocity_strength = 0.5
        ''')
    assert path in err and "2018Q5" in err and "YYYYQn" in err


def test_bad_until_quarter(tmp_path, capsys):
    code, _, err = _run(capsys, "run", "baseline", "-r", "1", "--until", "2040-Q1",
                        "--out", str(tmp_path / "o"))
    assert code == 2 and "2040-Q1" in err and not (tmp_path / "o").exists()


@pytest.mark.parametrize("setting, message", [("switching_cost", "name=value"),
                                              ("switching_cots=1", "did you mean 'switching_cost'"),
                                              ("reconsider_rate=7", "[0.0, 1.0]"),
                                              ("us_reciprocity_rule=maybe", "true or false")])
def test_bad_set(tmp_path, capsys, setting, message):
    code, _, err = _run(capsys, "run", "baseline", "-r", "1", "--set", setting, "--out", str(tmp_path / "o"))
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_readme_opens_with_the_two_documented_commands():
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    first_block = readme.split("```")[1].splitlines()
    commands = [line.split("#")[0].strip() for line in first_block[1:] if line.strip()]
    assert commands == ["make demo", "make test"]
    makefile = (root / "Makefile").read_text()
    assert "\ndemo:" in makefile and "\ntest:" in makefile
    assert "make test" in (root / ".ci" / "run").read_text()


def test_a_replication_that_crashes_exits_1_and_leaves_no_output(tmp_path, capsys, monkeypatch):
    # Bad input exits 2; a simulation that raises on good input is a failed run: exit 1.
    from convergence.runner import execution

    def crash(*args, **kwargs):
        raise FloatingPointError("the model diverged")

    monkeypatch.setattr(execution, "run_model", crash)
    out = tmp_path / "out"
    code, _, err = _run(capsys, "run", "baseline", "-r", "1", *SHORT, "--out", str(out))
    assert code == 1 and "the model diverged" in err and "Traceback" not in err
    assert not out.exists()


# --- --set: whole-run values replace the scenario's timeline entries; @QUARTER schedules a change ---
TINY = ["--until", "2018Q4", "--set", "users_per_region=200", "--set", "enterprise_buyers_per_region=20"]


def _lever(out, lever="us_reciprocity_lag_quarters"):
    table = pd.read_parquet(out / "timeseries.parquet")
    rows = table[table.metric == f"policy:{lever}"]
    return dict(zip(rows.quarter, rows.value))


def _rerun(manifest_path, out, capsys):
    rerun = json.loads(manifest_path.read_text())["rerun"]
    code, _, err = _run(capsys, *shlex.split(rerun)[1:], "--out", str(out))
    assert code == 0, err
    return out


@pytest.mark.slow
@pytest.mark.parametrize("setting, expected", [
    ("us_reciprocity_lag_quarters=1", {"2017Q4": 1.0, "2018Q1": 1.0, "2018Q4": 1.0}),
    ("us_reciprocity_lag_quarters=1@2016Q1", {"2015Q4": 4.0, "2016Q1": 1.0, "2018Q4": 1.0}),
])
def test_set_replaces_the_scenario_timeline_says_so_and_reruns_exactly(tmp_path, capsys, setting, expected):
    # run --help's own example: before the fix the scenario's 2018Q1 entry overrode --set.
    out = tmp_path / "run"
    code, _, err = _run(capsys, "run", "us_reciprocity", "-r", "1", *TINY, "--set", setting, "--out", str(out))
    assert code == 0, err
    note = [line for line in err.splitlines() if line.startswith("note: --set us_reciprocity_lag_quarters")]
    assert len(note) == 1 and "2018Q1 -> 2 (us_reciprocity.toml timeline[0].us_reciprocity_lag_quarters)" in note[0]
    path = _lever(out)
    assert {quarter: path[quarter] for quarter in expected} == expected
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["timeline_replaced"] == [{"quarter": "2018Q1", "lever": "us_reciprocity_lag_quarters", "value": 2}]
    again = _rerun(out / "manifest.json", tmp_path / "again", capsys)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "timeseries.parquet"),
                                  pd.read_parquet(again / "timeseries.parquet"))


@pytest.mark.parametrize("argv, message", [
    (["--set", "us_reciprocity_lag_quarters=1@2015Q1", "--until", "2014Q4"],
     "--set us_reciprocity_lag_quarters=1@2015Q1 takes effect in 2015Q1, after the run's last quarter 2014Q4"),
    (["--set", "switching_cost=1@2015Q1"], "'switching_cost' is an uncertainty, not a policy lever"),
    (["--set", "us_reciprocity_lag_quarters=1@2015Q5"], "quarter '2015Q5' is malformed"),
    (["--set", "us_reciprocity_lag_quarters=-1@2015Q1"], "outside its allowed range"),
    (["--set", "users_per_region=inf"], "parameter 'users_per_region' must be a finite number, got 'inf'"),
    (["--set", "users_per_region=nan"], "must be a finite number, got 'nan'"),
    (["--set", "users_per_region=1e400"], "must be a finite number, got '1e400'"),
    (["--set", "users_per_region=" + "9" * 30], "outside its allowed range"),
    (["--set", "switching_cost=nan"], "parameter 'switching_cost' must be a finite number, got 'nan'"),
    (["--seed", "-1"], "--seed must be a whole number >= 0, got -1"),
    (["--workers", "0"], "--workers must be at least 1, got 0"),
    (["--workers", "1000"], "--workers 1000 is more than the"),
    (["-r", "0"], "--replications must be at least 1, got 0"),
    (["-r", "1000000000"], "asks for 1,000,000,000 runs"),
])
def test_bad_options_exit_2_with_one_message(tmp_path, capsys, argv, message):
    out = tmp_path / "o"
    code, _, err = _run(capsys, "run", "baseline", "-r", "1", *SHORT, *argv, "--out", str(out))
    assert code == 2 and message in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.slow
def test_more_workers_than_cores_run_with_allow_large(tmp_path, capsys, monkeypatch):
    from convergence.runner import limits

    monkeypatch.setattr(limits, "available_cores", lambda: 1)
    code, _, err = _run(capsys, "run", "baseline", "-r", "2", *SHORT, "--workers", "2", "--out", str(tmp_path / "o"))
    assert code == 2 and "more than the 1 cores" in err
    code, _, err = _run(capsys, "run", "baseline", "-r", "2", *SHORT, "--workers", "2", "--allow-large",
                        "--out", str(tmp_path / "o"))
    assert code == 0, err


def test_non_utf8_scenario_file(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_bytes(b'description = "caf\xe9"\n')
    out = tmp_path / "out"
    code, _, err = _run(capsys, "run", str(path), "-r", "1", *SHORT, "--out", str(out))
    assert code == 2 and str(path) in err and "not UTF-8 text (byte 0xe9" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("value", ["inf", "nan", "1e400"])
def test_non_finite_value_in_a_file(tmp_path, capsys, value):
    err, path = _bad(tmp_path, capsys, f'description = "x"\n[parameters]\nenterprise_buyers_per_region = {value}\n')
    assert path in err and "parameters.enterprise_buyers_per_region" in err and "finite number" in err


def test_timeline_quarter_after_the_run_in_a_file(tmp_path, capsys):
    err, path = _bad(tmp_path, capsys, '''
        description = "x"
        [[timeline]]
        quarter = "2031Q1"
        us_reciprocity_strength = 0.5
        ''', "--until", "2030Q4")
    assert path in err and "timeline[0].us_reciprocity_strength takes effect in 2031Q1" in err and "2030Q4" in err


# --- output directories: replaced only when they are this program's output, written or not at all ---
def _tiny_run(capsys, out, *extra):
    code, _, err = _run(capsys, "run", "baseline", "-r", "1", *SHORT, "--out", str(out), *extra)
    return code, err


def _siblings(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_overwrite_replaces_a_run_directory_and_leaves_no_sibling(tmp_path, capsys):
    out = tmp_path / "run"
    assert _tiny_run(capsys, out)[0] == 0
    before = json.loads((out / "manifest.json").read_text())["started"]
    code, err = _tiny_run(capsys, out, "--overwrite", "--seed", "9")
    assert code == 0, err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["master_seed"] == 9 and manifest["started"] >= before
    assert _siblings(tmp_path) == []


@pytest.mark.parametrize("content", [{"notes.txt": "mine"}, {"manifest.json": "{}", "data.csv": "1"},
                                     {"manifest.json": '{"kind": "convergence compare"}'},
                                     {"timeseries.parquet": "x"}])
def test_overwrite_refuses_a_directory_that_is_not_a_run_output(tmp_path, capsys, content):
    out = tmp_path / "mine"
    out.mkdir()
    for name, text in content.items():
        (out / name).write_text(text)
    code, err = _tiny_run(capsys, out, "--overwrite")
    assert code == 2 and f"refusing to replace '{out}'" in err and "Traceback" not in err
    assert {p.name: p.read_text() for p in out.iterdir()} == content
    assert _siblings(tmp_path) == []


def test_overwrite_refuses_a_run_directory_holding_foreign_files(tmp_path, capsys):
    out = tmp_path / "run"
    assert _tiny_run(capsys, out)[0] == 0
    (out / "analysis.ipynb").write_text("my notes")
    code, err = _tiny_run(capsys, out, "--overwrite")
    assert code == 2 and "holds files `convergence run` does not write: analysis.ipynb" in err
    assert (out / "analysis.ipynb").read_text() == "my notes"


def test_out_dot_with_overwrite_never_touches_the_working_directory(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "thesis.tex").write_text("years of work")
    for out in (".", str(tmp_path), ".."):
        code, err = _tiny_run(capsys, out, "--overwrite")
        assert code == 2 and "is the working directory or holds it" in err
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.tex"]


@pytest.mark.parametrize("relative, message", [("afile", "is a file"), ("afile/sub", "lies under")])
def test_out_that_is_a_file_or_under_one(tmp_path, capsys, relative, message):
    (tmp_path / "afile").write_text("x")
    code, err = _tiny_run(capsys, tmp_path / relative)
    assert code == 2 and message in err and str(tmp_path / "afile") in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_a_full_disk_is_one_message_naming_the_path_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    out = tmp_path / "deep" / "er" / "run"
    code, err = _tiny_run(capsys, out)
    assert code == 2 and f"cannot write output directory '{out}': No space left on device" in err
    assert "Traceback" not in err and list(tmp_path.iterdir()) == []


def test_a_full_disk_while_overwriting_keeps_the_old_output(tmp_path, capsys, monkeypatch):
    import errno

    out = tmp_path / "run"
    assert _tiny_run(capsys, out)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    code, err = _tiny_run(capsys, out, "--overwrite", "--seed", "4")
    assert code == 2 and "No space left on device" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before and _siblings(tmp_path) == []


@pytest.mark.parametrize("below", ["run", "new/deeper/run"])
def test_a_read_only_directory_is_one_message_naming_the_path(tmp_path, capsys, monkeypatch, below):
    import errno

    read_only = tmp_path / "ro"
    read_only.mkdir()

    def refusing(real):                                  # root ignores chmod: refuse as a read-only mount would
        def call(path, *args, **kwargs):
            if str(path).startswith(str(read_only)):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real(path, *args, **kwargs)
        return call

    monkeypatch.setattr(os, "open", refusing(os.open))
    monkeypatch.setattr(os, "mkdir", refusing(os.mkdir))
    code, err = _tiny_run(capsys, read_only / below)
    assert code == 2 and f"cannot write output directory '{read_only / below}': Permission denied" in err
    assert "Traceback" not in err and list(read_only.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_a_really_read_only_directory(tmp_path, capsys):
    read_only = tmp_path / "ro"
    read_only.mkdir(mode=0o555)
    code, err = _tiny_run(capsys, read_only / "run")
    assert code == 2 and "Permission denied" in err and list(read_only.iterdir()) == []


def test_a_failed_overwrite_keeps_the_old_output(tmp_path, capsys, monkeypatch):
    from convergence.runner import execution

    out = tmp_path / "run"
    assert _tiny_run(capsys, out)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(execution, "run_model", lambda *a, **k: 1 / 0)
    code, err = _tiny_run(capsys, out, "--overwrite")
    assert code == 1 and "ZeroDivisionError" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before and _siblings(tmp_path) == []
