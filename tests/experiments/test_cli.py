"""The command line end to end, and the bad-input catalogue (one test per case)."""

import json
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
        assert code == 0 and "convergence_index" in stdout
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
