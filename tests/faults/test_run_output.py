"""runner.output.atomic_directory: the swap never loses the old output, signals wait for it, a killed
command's leftovers are tidied by the next one, and only output of the same kind is replaced."""

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from convergence.cli.main import Terminated, _interruptions_delivered
from convergence.runner.output import OutputExistsError, OutputKind, atomic_directory

KIND = OutputKind("convergence test", ("manifest.json", "*.csv"))


def _write(folder, value):
    (folder / "manifest.json").write_text(json.dumps({"kind": KIND.name}))
    (folder / "table.csv").write_text(value)


def _hidden(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_signal_during_the_swap_waits_until_the_new_output_is_in_place(tmp_path, monkeypatch):
    out = tmp_path / "out"
    with atomic_directory(out, kind=KIND) as folder:
        _write(folder, "old")
    real_rename = Path.rename

    def rename_then_signal(self, target):
        result = real_rename(self, target)
        if self == out:                                  # the old output was just moved aside
            os.kill(os.getpid(), signal.SIGTERM)
        return result

    monkeypatch.setattr(Path, "rename", rename_then_signal)
    threading.Thread(target=time.sleep, args=(3,), daemon=True).start()    # as tqdm's monitor thread in a run
    with pytest.raises(Terminated), _interruptions_delivered():
        with atomic_directory(out, overwrite=True, kind=KIND) as folder:
            _write(folder, "new")
        time.sleep(1)                                    # where the held signal is raised
    assert (out / "table.csv").read_text() == "new" and _hidden(tmp_path) == []


def test_the_next_command_restores_an_old_output_a_kill_left_aside(tmp_path):
    out = tmp_path / "out"
    old, partial = tmp_path / ".out.old-999999", tmp_path / ".out.partial-999999"
    for folder, value in ((old, "old"), (partial, "half")):
        folder.mkdir()
        _write(folder, value)                            # killed between the two renames of a swap
    with pytest.raises(OutputExistsError):
        with atomic_directory(out, kind=KIND):
            pass
    assert (out / "table.csv").read_text() == "old" and _hidden(tmp_path) == []


def test_leftovers_of_other_directories_are_not_touched(tmp_path):
    other = tmp_path / ".out2.partial-123"
    other.mkdir()
    with atomic_directory(tmp_path / "out", kind=KIND) as folder:
        _write(folder, "x")
    assert other.is_dir()


def test_without_a_kind_a_non_empty_directory_is_never_replaced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    _write(out, "mine")
    with pytest.raises(OutputExistsError, match="cannot tell its own output from other files"):
        with atomic_directory(out, overwrite=True):
            pass
    assert (out / "table.csv").read_text() == "mine"


def test_an_empty_directory_is_replaced_without_overwrite(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with atomic_directory(out, kind=KIND) as folder:
        _write(folder, "new")
    assert (out / "table.csv").read_text() == "new" and _hidden(tmp_path) == []


@pytest.mark.parametrize("entries, reason", [
    ({}, "its manifest.json is missing or unreadable"),
    ({"manifest.json": "not json"}, "its manifest.json is missing or unreadable"),
    ({"manifest.json": '{"kind": "other"}'}, "its manifest.json is of kind 'other'"),
    ({"manifest.json": '{"kind": "convergence test"}', "a.txt": "", "b.txt": "", "c.txt": "", "d.txt": ""},
     "it holds files `convergence test` does not write: a.txt, b.txt, c.txt and 1 more"),
    ({"manifest.json": '{"kind": "convergence test"}', "x.csv": ""}, None),
])
def test_what_counts_as_output_of_a_kind(tmp_path, entries, reason):
    for name, text in entries.items():
        (tmp_path / name).write_text(text)
    assert KIND.unrecognised(tmp_path) == reason


def test_a_subdirectory_is_foreign(tmp_path):
    (tmp_path / "manifest.json").write_text('{"kind": "convergence test"}')
    (tmp_path / "nested.csv").mkdir()
    assert "nested.csv" in KIND.unrecognised(tmp_path)
