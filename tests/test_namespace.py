"""One import namespace: a user's own model.py, experiments.py or scenarios.py shadows nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = Path(sys.executable).parent


@pytest.fixture
def mesa_user_folder(tmp_path: Path) -> Path:
    """A working directory like a Mesa user's, with modules named like ours that fail on import."""
    for name in ("model", "experiments", "scenarios", "calibration", "runner", "cli"):
        (tmp_path / f"{name}.py").write_text(f"raise ImportError('the user\\'s own {name}.py was imported')\n")
    return tmp_path


def test_the_package_imports_from_a_folder_holding_modules_of_the_same_names(mesa_user_folder):
    code = ("from convergence.model import ConvergenceModel, simulate\n"
            "from convergence.experiments.api import run_scenario\n"
            "from convergence.calibration.targets import load_targets\n"
            "table = simulate(None, overrides={'users_per_region': 200, 'enterprise_buyers_per_region': 20},"
            " end='2013Q2')\n"
            "print(sorted(set(table.scenario)))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=mesa_user_folder, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "['defaults']" in result.stdout


@pytest.mark.slow
def test_the_command_works_from_such_a_folder(mesa_user_folder):
    result = subprocess.run([str(SCRIPTS / "convergence"), "scenarios"], cwd=mesa_user_folder,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "baseline" in result.stdout


@pytest.mark.slow
def test_the_wheel_installs_only_the_convergence_package(tmp_path):
    source = tmp_path / "source"                  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "output",
                                                                "runs", "sweeps", "__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
                            str(source)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("convergence-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"convergence", wheel.name.split("-")[0] + "-"
                                                      + wheel.name.split("-")[1] + ".dist-info"}
    for expected in ("convergence/model/model.py", "convergence/model/inputs/firms.csv",
                     "convergence/scenarios/baseline.toml", "convergence/scenarios/calibrations/shipped.toml",
                     "convergence/runner/execution.py", "convergence/cli/main.py",
                     "convergence/experiments/smoke.toml", "convergence/calibration/targets.py"):
        assert expected in names, expected
