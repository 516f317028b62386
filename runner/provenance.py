"""Provenance for manifests: package versions, git commit, platform, time, command line."""

from __future__ import annotations

import platform
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

PACKAGES = ("convergence", "mesa", "numpy", "scipy", "pandas", "matplotlib", "pyarrow", "SALib",
            "dask", "distributed")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def package_versions() -> dict[str, str]:
    """Installed versions of the packages a result depends on."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit() -> dict[str, str | bool]:
    """Commit of the project's checkout and whether it has uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "dirty": True}


def now() -> str:
    """Current UTC time, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def environment() -> dict[str, object]:
    """Everything about the environment a manifest records."""
    return {"packages": package_versions(), "git": git_commit(), "platform": platform.platform(),
            "command": sys.argv}
