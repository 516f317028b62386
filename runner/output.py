"""Output directories written atomically: complete, or not there at all.

Work is written to a hidden sibling folder and renamed into place when it has finished, so an
interrupted or failed command never leaves a directory that looks complete.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from convergence.model.errors import ConvergenceError


class OutputExistsError(ConvergenceError):
    """The output directory exists and overwriting was not asked for."""


@contextmanager
def atomic_directory(path: str | Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder that becomes ``path`` if the block finishes without error."""
    final = Path(path)
    if final.exists() and any(final.iterdir()) and not overwrite:
        raise OutputExistsError(f"output directory '{final}' already exists", key="--out",
                                allowed="a new directory, or --overwrite")
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.parent / f".{final.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        yield partial
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if final.exists():
        trash = final.parent / f".{final.name}.old-{os.getpid()}"
        final.rename(trash)
        partial.rename(final)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        partial.rename(final)

