"""Experiment specs are validated like scenarios: file, key and what is allowed; nothing runs."""

import textwrap

import pytest

from convergence.cli.main import main
from convergence.experiments.designs import build_design
from convergence.experiments.specs import load_spec

SHIPPED = ("smoke", "localization_x_reciprocity", "sobol_convergence", "ishigami")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_specs_load_and_build_designs(name):
    spec = load_spec(name)
    design = build_design(spec, samples=8 if spec.design != "grid" else None)
    assert len(design) > 0 and list(design.columns) == [f.name for f in spec.factors]


def test_grid_and_sobol_sizes():
    assert len(build_design(load_spec("localization_x_reciprocity"))) == 25
    spec = load_spec("sobol_convergence")
    assert len(build_design(spec, samples=8)) == 8 * (2 * len(spec.factors) + 2)


def test_levers_and_uncertainties_are_kept_apart():
    spec = load_spec("sobol_convergence")
    assert {f.role for f in spec.levers} == {"lever"}
    assert {f.role for f in spec.uncertainties} == {"uncertainty"}


@pytest.mark.parametrize("body, message", [
    ('description = "x"\ndesign = "grid"\n[levers\n', "malformed TOML"),
    ('description = "x"\ndesign = "grd"\n[levers]\nus_reciprocity_strength = [0.0]\n', "design"),
    ('description = "x"\ndesign = "grid"\nreplication = 2\n[levers]\nus_reciprocity_strength = [0.0]\n',
     "did you mean 'replications'"),
    ('description = "x"\ndesign = "grid"\n[levers]\nus_reciprocity_strenght = [0.0]\n',
     "did you mean 'us_reciprocity_strength'"),
    ('description = "x"\ndesign = "grid"\n[levers]\nswitching_cost = [1.0]\n', "not a policy lever"),
    ('description = "x"\ndesign = "lhs"\nsamples = 8\n[levers]\nus_reciprocity_strength = { low = 0.0, high = 2.0 }\n',
     "[0.0, 1.0]"),
    ('description = "x"\ndesign = "lhs"\nsamples = 8\n[levers]\nus_reciprocity_strength = [0.0, 1.0]\n',
     "samples ranges"),
    ('description = "x"\ndesign = "grid"\nuntil = "2030Q9"\n[levers]\nus_reciprocity_strength = [0.0]\n',
     "2030Q9"),
    ('description = "x"\ndesign = "grid"\n[levers]\nus_reciprocity_strength = [0.0]\n[outputs]\nmetrics = ["convergnce_index"]\n',
     "did you mean 'convergence_index'"),
])
def test_bad_specs_exit_2_naming_file_and_key(tmp_path, capsys, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(textwrap.dedent(body))
    out = tmp_path / "out"
    code = main(["sweep", str(path), "--workers", "1", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert str(path) in err and message in err and "Traceback" not in err
    assert not out.exists()


def test_unknown_spec_name(capsys):
    assert main(["sweep", "smok", "--workers", "1"]) == 2
    assert "did you mean 'smoke'" in capsys.readouterr().err
