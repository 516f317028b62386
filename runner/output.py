"""Output directories written atomically, locked, and only ever replacing this program's own output.

A command writes into a hidden sibling folder (``.NAME.partial-PID``) while it holds the
directory's lock (:class:`~convergence.runner.locks.DirectoryLock`), and moves it into place
when the work is complete. Replacing an existing directory (``--overwrite``) moves the old one
aside (``.NAME.old-PID``), moves the new one in, then deletes the old one: the old output is
never deleted before the new one is complete. Ctrl-C and SIGTERM are held back while folders
are renamed or deleted, so an interrupted command leaves the old directory or the new one and
no hidden sibling. A command killed outright (SIGKILL, power loss) may leave siblings behind;
the next command to take the lock tidies them, putting the old directory back if the new one
never arrived.

Only a directory that looks like this program's output of the same kind is replaced (its
``manifest.json`` names the kind, and it holds only files that kind writes), so ``--out .
--overwrite`` can never delete a working directory's files. A path that cannot be written (a
file, under a file, read-only, a full disk) raises :class:`OutputError` naming it, and leaves
nothing behind.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import re
import shutil
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from convergence.model.errors import ConvergenceError
from convergence.runner.locks import DirectoryLock

MANIFEST = "manifest.json"
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM,
                          errno.EIO, errno.ENOTDIR, errno.EEXIST, errno.ENAMETOOLONG})
"""Errors of writing output that are the destination's fault (full, read-only, not a folder...)."""
HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""Signals held back while folders are renamed or deleted."""


class OutputError(ConvergenceError):
    """The output directory cannot be written, or may not be replaced."""


class OutputExistsError(OutputError):
    """The output directory exists and overwriting was not asked for, or is not allowed."""


@dataclass(frozen=True)
class OutputKind:
    """What one command writes to its output directory, so that a rerun can recognise it.

    ``name`` is the ``kind`` its ``manifest.json`` records (and the lock's purpose); ``files``
    are the shell patterns of every file it writes. ``manifest=False`` for an output without a
    manifest (recognised by its file names alone).
    """

    name: str
    files: tuple[str, ...]
    manifest: bool = True

    def unrecognised(self, directory: Path) -> str | None:
        """Why ``directory`` is not output of this kind, or ``None`` if it is."""
        if self.manifest:
            recorded = _manifest_kind(directory / MANIFEST)
            if recorded != self.name:
                return (f"its {MANIFEST} is missing or unreadable" if recorded is None
                        else f"its {MANIFEST} is of kind '{recorded}'")
        foreign = sorted(entry.name for entry in directory.iterdir() if not self._written(entry))
        if foreign:
            more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
            return f"it holds files `{self.name}` does not write: {', '.join(foreign[:3])}{more}"
        return None

    def _written(self, entry: Path) -> bool:
        return entry.is_file() and not entry.is_symlink() and any(
            fnmatch.fnmatchcase(entry.name, pattern) for pattern in self.files)


def _manifest_kind(path: Path) -> str | None:
    """The ``kind`` a manifest records, or ``None`` if it is missing or unreadable."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kind = manifest.get("kind") if isinstance(manifest, dict) else None
    return kind if isinstance(kind, str) else None


@contextmanager
def atomic_directory(path: str | Path, overwrite: bool = False, *, kind: OutputKind | None = None) -> Iterator[Path]:
    """Yield a temporary folder that becomes ``path`` if the block finishes without error.

    The directory's lock is held throughout. An existing non-empty ``path`` is replaced only with
    ``overwrite`` and only if it is output of ``kind`` (without a ``kind``, never). Errors of
    writing (full disk, read-only, a file in the way) become :class:`OutputError` naming ``path``.
    """
    final = Path(os.path.abspath(path))
    _check_target(final)
    created: list[Path] = []
    try:
        _make_parents(final, created)
        with DirectoryLock(final, kind.name if kind else "convergence output"):
            _tidy_leftovers(final)
            _check_replaceable(final, overwrite, kind)
            partial = _sibling(final, "partial")
            partial.mkdir()
            with _removed_on_error(partial):
                yield partial
            with _signals_held():
                _move_into_place(partial, final)
    except OSError as error:
        _remove_empty(created)
        if isinstance(error, BrokenPipeError) or error.errno not in WRITE_ERRNOS:
            raise
        raise OutputError(f"cannot write output directory '{final}': {error.strerror or error}", key="--out",
                          allowed="a writable directory with free space") from None
    except BaseException:
        _remove_empty(created)
        raise


def _check_target(final: Path) -> None:
    """Refuse a ``--out`` that is a file, lies under a file, or is the working directory or above it."""
    for folder in (*reversed(final.parents), final):
        if folder.exists() and not folder.is_dir():
            where = "is a file" if folder == final else f"lies under '{folder}', which is a file"
            raise OutputError(f"output directory '{final}' {where}", key="--out", allowed="a directory path")
    if final.is_symlink():
        raise OutputError(f"output directory '{final}' is a symbolic link", key="--out",
                          allowed="the directory it points to, or a new directory")
    cwd = Path.cwd()
    if final == cwd or final in cwd.parents:
        raise OutputError(f"output directory '{final}' is the working directory or holds it", key="--out",
                          allowed="a directory below the working directory, e.g. runs/NAME")


def _make_parents(final: Path, created: list[Path]) -> None:
    """Create the missing folders above ``final``, recording each in ``created`` as it is made."""
    for folder in reversed(final.parents):
        if not folder.exists():
            folder.mkdir()
            created.append(folder)


def _remove_empty(created: list[Path]) -> None:
    """Remove the folders this command created, deepest first, as long as they are empty."""
    for folder in reversed(created):
        try:
            folder.rmdir()
        except OSError:
            return


def _sibling(final: Path, role: str) -> Path:
    """The hidden folder beside ``final`` for this process's ``role`` (``partial`` or ``old``)."""
    return final.parent / f".{final.name}.{role}-{os.getpid()}"


def _check_replaceable(final: Path, overwrite: bool, kind: OutputKind | None) -> None:
    """Raise unless ``final`` is absent, empty, or (with ``overwrite``) output of ``kind``."""
    if not final.is_dir() or not any(final.iterdir()):
        return
    if not overwrite:
        raise OutputExistsError(f"output directory '{final}' already exists", key="--out",
                                allowed="a new directory, or --overwrite")
    reason = kind.unrecognised(final) if kind else "this command cannot tell its own output from other files"
    if reason:
        what = f"`{kind.name}` output" if kind else "output of this command"
        raise OutputExistsError(f"refusing to replace '{final}': {reason}", key="--out",
                                allowed=f"a new directory, or an existing {what} (--overwrite replaces only that)")


@contextmanager
def _removed_on_error(folder: Path) -> Iterator[None]:
    """Delete ``folder`` if the block raises (Ctrl-C and SIGTERM included), signals held meanwhile."""
    try:
        yield
    except BaseException:
        with _signals_held():
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _move_into_place(partial: Path, final: Path) -> None:
    """Rename ``partial`` to ``final``, moving an existing ``final`` aside first and deleting it last."""
    if not final.exists():
        partial.rename(final)
        return
    old = _sibling(final, "old")
    final.rename(old)
    partial.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _tidy_leftovers(final: Path) -> None:
    """Clear the hidden siblings a killed command left (the lock is held, so none is in use).

    If ``final`` is missing but an old copy was moved aside, the kill fell between the two renames
    of a replacement: the old copy, which was complete, is put back.
    """
    pattern = re.compile(rf"\.{re.escape(final.name)}\.(partial|old)-\d+")
    leftovers = [p for p in final.parent.iterdir() if pattern.fullmatch(p.name) and p.is_dir()]
    with _signals_held():
        for folder in sorted(leftovers, key=lambda p: p.stat().st_mtime, reverse=True):
            if pattern.fullmatch(folder.name).group(1) == "old" and not final.exists():
                folder.rename(final)
                print(f"restored '{final}' from an interrupted replacement", file=sys.stderr)
            else:
                shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and SIGTERM for the block; the first that arrived is raised again after it.

    Python runs signal handlers in the main thread whichever thread the system delivers a signal
    to, so the handlers themselves are swapped for ones that only take note (a thread's signal
    mask would not do: tqdm and executors start other threads). Elsewhere than in the main thread
    no handler can interrupt the block, and nothing needs holding.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    held = {signum: signal.getsignal(signum) for signum in HELD_SIGNALS}
    held = {signum: handler for signum, handler in held.items() if handler is not None}   # None: set outside Python
    for signum in held:
        signal.signal(signum, lambda number, frame: arrived.append(number))
    try:
        yield
    finally:
        for signum, handler in held.items():
            signal.signal(signum, handler)
        if arrived:
            signal.raise_signal(arrived[0])
