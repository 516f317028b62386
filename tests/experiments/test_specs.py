"""Experiment specs are validated like scenarios: file, key and what is allowed; nothing runs."""

import textwrap

import pytest

from convergence.cli.main import main
from convergence.experiments.designs import Sampler, build_design
from convergence.experiments.specs import SpecError, load_spec, spec_dir
from convergence.model.errors import UnknownParameterError
from tests.experiments.ishigami import ISHIGAMI
from tests.experiments.ishigami import SPEC as ISHIGAMI_SPEC

SHIPPED = ("smoke", "localization_x_reciprocity", "sobol_convergence")


def test_every_shipped_spec_is_tested():
    assert sorted(p.stem for p in spec_dir().glob("*.toml")) == sorted(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_specs_load_and_build_designs(name):
    spec = load_spec(name)
    design = build_design(spec.factors, spec.sampler.resized(None if spec.sampler.design == "grid" else 8))
    assert len(design) > 0 and list(design.columns) == [f.name for f in spec.factors]


def test_grid_and_sobol_sizes():
    spec = load_spec("localization_x_reciprocity")
    assert len(build_design(spec.factors, spec.sampler)) == 25
    spec = load_spec("sobol_convergence")
    assert len(build_design(spec.factors, spec.sampler.resized(8))) == 8 * (2 * len(spec.factors) + 2)
    first_order = Sampler("sobol", 8, seed=1, calc_second_order=False)
    assert len(build_design(spec.factors, first_order)) == 8 * (len(spec.factors) + 2)


def test_sampler_settings_default_per_design():
    assert load_spec("sobol_convergence").sampler == Sampler("sobol", 256, 7, calc_second_order=True)
    assert load_spec("smoke").sampler == Sampler("grid", 0, 11)


def test_a_spec_is_validated_against_the_model_it_is_loaded_for(tmp_path):
    spec = load_spec(ISHIGAMI_SPEC, model=ISHIGAMI)
    assert spec.model is ISHIGAMI and [f.name for f in spec.uncertainties] == ["x1", "x2", "x3"]
    assert spec.metrics == ("ishigami",)
    with pytest.raises(UnknownParameterError, match="x1"):
        load_spec(ISHIGAMI_SPEC)
    path = tmp_path / "wrong_metric.toml"
    path.write_text(ISHIGAMI_SPEC.read_text().replace('metrics = ["ishigami"]', 'metrics = ["convergence_index"]'))
    with pytest.raises(SpecError, match="unknown key 'outputs.metrics.convergence_index'"):
        load_spec(path, model=ISHIGAMI)


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
    ('description = "x"\ndesign = "grid"\n[levers]\nus_reciprocity_strength = [0.0]\n'
     '[outputs]\nmetrics = ["convergnce_index"]\n',
     "did you mean 'convergence_index'"),
    ('description = "x"\nmodel = "ishigami"\ndesign = "grid"\n[levers]\nus_reciprocity_strength = [0.0]\n',
     "unknown key 'model'"),
    ('description = "x"\ndesign = "grid"\nmorris_levels = 4\n[levers]\nus_reciprocity_strength = [0.0]\n',
     "applies to design 'morris' only"),
    (('description = "x"\ndesign = "morris"\nsamples = 4\nmorris_levels = 5\n[levers]\n'
      'us_reciprocity_strength = { low = 0.0, high = 1.0 }\n'), "must be even"),
    (('description = "x"\ndesign = "sobol"\nsamples = 4\nsobol_second_order = "yes"\n[levers]\n'
      'us_reciprocity_strength = { low = 0.0, high = 1.0 }\n'), "true or false"),
    (('description = "x"\ndesign = "grid"\n[levers]\nus_reciprocity_strength = [0.0, 1.0]\n'
      '[uncertainties]\nus_reciprocity_strength = [0.5]\n'),
     "'us_reciprocity_strength' is listed under both [levers] and [uncertainties]"),
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


def test_a_parameter_under_both_levers_and_uncertainties_names_key_and_what_is_allowed(tmp_path):
    path = tmp_path / "twice.toml"
    path.write_text('description = "x"\ndesign = "grid"\n[levers]\nus_reciprocity_strength = [0.0, 1.0]\n'
                    '[uncertainties]\nus_reciprocity_strength = [0.5]\n')
    with pytest.raises(SpecError) as error:
        load_spec(path)
    assert error.value.source == str(path) and error.value.key == "uncertainties.us_reciprocity_strength"
    assert "under [levers]" in error.value.allowed and "under [uncertainties]" in error.value.allowed


def test_a_spec_that_is_not_utf8_exits_2_naming_the_file(tmp_path, capsys):
    path = tmp_path / "latin1.toml"
    path.write_bytes('description = "Pr\u00e9vision"\n'.encode("latin-1"))
    assert main(["sweep", str(path), "--workers", "1", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{path}: not UTF-8 text: byte 0xe9 at position 17" in err and "Traceback" not in err
