"""runner.locks: one command per output directory; stale locks of dead processes are cleared."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from convergence.runner.locks import DirectoryLock, DirectoryLockedError, lock_holder, lock_path


def _write_lock(directory, **fields):
    holder = {"host": socket.gethostname(), "pid": os.getpid(), "purpose": "convergence sweep",
              "started": "2026-01-01T00:00:00+00:00", "command": "convergence sweep smoke", **fields}
    lock_path(directory).parent.mkdir(parents=True, exist_ok=True)
    lock_path(directory).write_text(json.dumps(holder))


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_lock_is_a_sibling_file_with_its_holder_and_is_released(tmp_path):
    directory = tmp_path / "out"
    with DirectoryLock(directory, "convergence sweep") as lock:
        assert lock.path == tmp_path / ".out.lock" and not directory.exists()
        holder = json.loads(lock.path.read_text())
        assert holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()
        assert set(holder) == {"host", "pid", "purpose", "started", "command"}
        assert holder["purpose"] == "convergence sweep"
    assert not lock.path.exists()


@pytest.mark.parametrize("exception", [RuntimeError, KeyboardInterrupt])
def test_lock_is_released_on_errors_and_interrupts(tmp_path, exception):
    with pytest.raises(exception), DirectoryLock(tmp_path / "out", "test") as lock:
        raise exception
    assert not lock.path.exists()


HOLD = """
import sys, time
from convergence.runner.locks import DirectoryLock
with DirectoryLock(sys.argv[1], "convergence sweep"):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_live_holder_is_refused_and_its_lock_taken_once_it_is_killed(tmp_path, capsys):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "out")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(DirectoryLockedError) as error, DirectoryLock(tmp_path / "out", "convergence sweep"):
            pass
    finally:
        holder.kill()
        holder.wait()
    message = str(error.value)
    assert "'" + str(tmp_path / "out") + "'" in message and f"PID {holder.pid}" in message
    assert socket.gethostname() in message and "started 20" in message and "convergence sweep" in message
    assert error.value.key == "--out" and "wait for it to finish, or stop it" in error.value.allowed
    with DirectoryLock(tmp_path / "out", "after kill -9"):                        # stale now: taken
        assert lock_holder(tmp_path / "out").purpose == "after kill -9"
    assert f"stale lock on '{tmp_path / 'out'}' left by PID {holder.pid}" in capsys.readouterr().err


def test_a_lock_held_in_this_process_refuses_a_second_taker(tmp_path):
    with DirectoryLock(tmp_path / "out", "first"), pytest.raises(DirectoryLockedError, match="first"):
        with DirectoryLock(tmp_path / "out", "second"):
            pass


def test_a_stale_lock_of_a_dead_process_is_removed_with_a_notice(tmp_path, capsys):
    dead = _dead_pid()
    _write_lock(tmp_path / "out", pid=dead)
    with DirectoryLock(tmp_path / "out", "convergence sweep") as lock:
        assert json.loads(lock.path.read_text())["pid"] == os.getpid()
    notice = capsys.readouterr().err.strip().splitlines()
    assert len(notice) == 1 and "stale lock" in notice[0] and f"PID {dead}" in notice[0]
    assert not list(tmp_path.glob(".out.lock*"))


def test_a_lock_from_another_host_is_refused_with_how_to_remove_it(tmp_path):
    _write_lock(tmp_path / "out", host="elsewhere.example", pid=_dead_pid())
    with pytest.raises(DirectoryLockedError, match="another host, elsewhere.example") as error:
        with DirectoryLock(tmp_path / "out", "convergence sweep"):
            pass
    assert f"remove {lock_path(tmp_path / 'out')} by hand" in error.value.allowed


def test_the_working_directory_gets_a_lock_beside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with DirectoryLock(Path("."), "test") as lock:
        assert lock.path == tmp_path.parent / f".{tmp_path.name}.lock"
