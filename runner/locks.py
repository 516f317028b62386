"""A lock per output directory, so two commands never write the same directory at once.

The lock is a sibling file ``<parent>/.<name>.lock``, created atomically (``O_CREAT | O_EXCL``)
whether or not the directory exists yet, holding JSON ``{host, pid, purpose, started,
command}``. A second command finds the file and is refused while its holder is alive. A lock
left behind by a process that died on this host (``kill -9``, a crash) is stale: it is removed
with a one-line notice and taken. A lock held from another host cannot be checked from here,
so it is refused with instructions to remove it by hand. The lock is released on leaving the
``with`` block, however it is left (an error, Ctrl-C, a handled SIGTERM).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from convergence.model.errors import ConvergenceError
from convergence.runner.provenance import now

TAKE_ATTEMPTS = 5
"""Times a stale lock is cleared and creation retried before giving up (another process may
clear and take it between our steps)."""


class DirectoryLockedError(ConvergenceError):
    """Another live command holds the output directory's lock."""


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock: what the lock file records."""

    host: str
    pid: int
    purpose: str
    started: str
    command: str

    @classmethod
    def this_process(cls, purpose: str) -> LockHolder:
        """This process, taking a lock for ``purpose``."""
        return cls(host=socket.gethostname(), pid=os.getpid(), purpose=purpose, started=now(),
                   command=" ".join(sys.argv))

    @classmethod
    def parse(cls, text: str) -> LockHolder | None:
        """The holder recorded in a lock file's text; ``None`` if unreadable (half-written)."""
        try:
            data = json.loads(text)
            return cls(host=str(data["host"]), pid=int(data["pid"]), purpose=str(data.get("purpose", "")),
                       started=str(data.get("started", "")), command=str(data.get("command", "")))
        except (ValueError, TypeError, KeyError):
            return None

    @property
    def on_this_host(self) -> bool:
        """True if the holder runs on this machine (so its pid can be checked)."""
        return self.host == socket.gethostname()

    def alive(self) -> bool:
        """True if the holder runs on this host and its process still exists."""
        return self.on_this_host and pid_alive(self.pid)


def pid_alive(pid: int) -> bool:
    """True if a process with this id exists (a zombie counts as dead: it holds nothing)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True                                   # exists, owned by another user
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def lock_path(directory: Path) -> Path:
    """Where the lock of ``directory`` lives: ``<parent>/.<name>.lock``."""
    directory = Path(os.path.abspath(directory))
    return directory.parent / f".{directory.name}.lock"


def lock_holder(directory: Path) -> LockHolder | None:
    """The recorded holder of ``directory``'s lock, or ``None`` if it is not locked."""
    try:
        return LockHolder.parse(lock_path(directory).read_text())
    except OSError:
        return None


class DirectoryLock:
    """``with DirectoryLock(directory, purpose):`` - hold ``directory``'s lock for the block."""

    def __init__(self, directory: Path, purpose: str) -> None:
        self.directory = Path(directory)
        self.purpose = purpose
        self._path = lock_path(self.directory)
        self._held = False

    @property
    def path(self) -> Path:
        """The lock file."""
        return self._path

    def __enter__(self) -> DirectoryLock:
        self.acquire()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock, clearing a stale one; raise :class:`DirectoryLockedError` if held."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        holder = LockHolder.this_process(self.purpose)
        for _ in range(TAKE_ATTEMPTS):
            if self._create(holder):
                self._held = True
                return
            self._clear_stale()
        raise DirectoryLockedError(f"could not take the lock {self._path}: other processes keep taking it",
                                   key="--out", allowed="retry in a moment")

    def release(self) -> None:
        """Remove the lock file if this object holds it."""
        if self._held:
            self._path.unlink(missing_ok=True)
            self._held = False

    def _create(self, holder: LockHolder) -> bool:
        """Create the lock file with ``holder`` in it; False if it already exists."""
        try:
            descriptor = os.open(self._path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(json.dumps(asdict(holder)))
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            self._path.unlink(missing_ok=True)        # a half-written lock would block every later command
            raise
        return True

    def _clear_stale(self) -> None:
        """Remove the existing lock if its holder died on this host; raise if it is held."""
        try:
            text = self._path.read_text()
        except FileNotFoundError:
            return                                    # released meanwhile: try again
        holder = LockHolder.parse(text)
        if holder is None:
            raise DirectoryLockedError(
                f"'{self.directory}' is locked by {self._path}, which cannot be read (being written, or damaged)",
                key="--out", allowed=f"retry in a moment; if no command is using '{self.directory}', "
                                     f"remove {self._path} by hand")
        if holder.alive():
            raise DirectoryLockedError(
                f"'{self.directory}' is in use by {holder.purpose} on host {holder.host}, PID {holder.pid}, "
                f"started {holder.started}", key="--out",
                allowed="wait for it to finish, or stop it (a lock left by a dead process on this host is "
                        "removed automatically)")
        if not holder.on_this_host:
            raise DirectoryLockedError(
                f"'{self.directory}' is locked by {holder.purpose} on another host, {holder.host} "
                f"(PID {holder.pid}, started {holder.started}); its process cannot be checked from here",
                key="--out", allowed=f"wait for it to finish; if it is no longer running on {holder.host}, "
                                     f"remove {self._path} by hand")
        if self._remove_if_unchanged(text):
            print(f"removed a stale lock on '{self.directory}' left by PID {holder.pid} ({holder.purpose}, "
                  f"started {holder.started}), which is no longer running", file=sys.stderr)

    def _remove_if_unchanged(self, text: str) -> bool:
        """Remove the lock file if it still holds ``text``; never removes a lock just taken by another.

        The file is first renamed aside (atomic), then checked: if another process replaced it
        meanwhile, it is linked back (``link`` never overwrites).
        """
        aside = self._path.with_name(f"{self._path.name}.stale-{uuid.uuid4().hex}")
        try:
            os.rename(self._path, aside)
        except FileNotFoundError:
            return False
        if aside.read_text() == text:
            aside.unlink()
            return True
        try:
            os.link(aside, self._path)
        except FileExistsError:
            pass
        aside.unlink()
        return False
