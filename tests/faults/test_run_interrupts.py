"""Ctrl-C and SIGTERM in the `convergence` command itself (in this process, real signals): SIGTERM
is an interruption like Ctrl-C, and an interruption Python had to swallow is raised again."""

import argparse
import ctypes
import os
import signal
import sys
import time

import pytest

from convergence.cli import main as cli
from convergence.cli.main import Terminated, _interrupted, _interruptions_delivered


def _idle(seconds=5.0):
    """Ordinary Python code for a while: where a (re-)delivered interruption is raised."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.01)


def test_sigterm_raises_terminated_a_keyboard_interrupt_and_the_handler_is_restored():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Terminated), _interruptions_delivered():
        os.kill(os.getpid(), signal.SIGTERM)
        _idle()
    assert issubclass(Terminated, KeyboardInterrupt) and signal.getsignal(signal.SIGTERM) == before


def test_an_interruption_swallowed_by_a_ctypes_callback_is_raised_again():
    # numba compiling its kernels calls Python through ctypes: a signal landing there was printed as
    # "Exception ignored" and the run went on to its end.
    def callback():
        raise Terminated

    swallowing = ctypes.CFUNCTYPE(None)(callback)
    with pytest.raises(Terminated), _interruptions_delivered():
        swallowing()
        _idle()


def test_ctrl_c_swallowed_by_a_destructor_is_raised_again():
    class Interrupted:
        def __del__(self):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as raised, _interruptions_delivered():
        Interrupted()
        _idle()
    assert not isinstance(raised.value, Terminated)


def test_other_unraisable_errors_still_reach_the_previous_hook(monkeypatch):
    reported = []

    def record(unraisable):
        reported.append(unraisable.exc_value)

    monkeypatch.setattr(sys, "unraisablehook", record)

    class Broken:
        def __del__(self):
            raise ValueError("a broken destructor")

    with _interruptions_delivered():
        Broken()
    assert [str(error) for error in reported] == ["a broken destructor"] and sys.unraisablehook is record


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_after_an_interruption_errors_of_half_built_objects_are_not_printed(monkeypatch, signum):
    # A signal landing while numba compiles leaves llvmlite objects half-built; freed while the
    # command cleans up, their destructors failed ("Exception ignored ... 'PassBuilder' object has
    # no attribute '_as_parameter_'") and a traceback followed the one-line message (CI, session 11).
    reported = []

    def record(unraisable):
        reported.append(unraisable.exc_value)

    monkeypatch.setattr(sys, "unraisablehook", record)

    class HalfBuilt:
        def __del__(self):
            raise AttributeError("'PassBuilder' object has no attribute '_as_parameter_'")

    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with _interruptions_delivered():
        try:
            os.kill(os.getpid(), signum)
            _idle()
        except KeyboardInterrupt:
            HalfBuilt()
    assert reported == [] and sys.unraisablehook is record
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == handlers


@pytest.mark.parametrize("terminated, code", [(True, 143), (False, 130)])
def test_the_command_exits_128_plus_the_signal_with_one_line(monkeypatch, capsys, tmp_path, terminated, code):
    from convergence.experiments import scenario_run

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM if terminated else signal.SIGINT)
        _idle()

    monkeypatch.setattr(scenario_run, "run_to_directory", interrupted)
    assert cli.main(["run", "baseline", "--out", str(tmp_path / "o")]) == code
    assert capsys.readouterr().err == "interrupted; nothing incomplete was left in the output directory\n"


def test_a_resumable_command_says_resume_continues_it(capsys):
    assert _interrupted(argparse.Namespace(command="calibrate", resume=False), terminated=True) == 143
    assert capsys.readouterr().err == "interrupted; --resume continues it\n"
    # A sweep says itself what it stored (and an interrupted --overwrite has nothing to resume).
    assert _interrupted(argparse.Namespace(command="sweep", resume=False), terminated=False) == 130
    assert capsys.readouterr().err == ""
    assert _interrupted(argparse.Namespace(), terminated=False) == 130
    assert capsys.readouterr().err == "interrupted; nothing incomplete was left in the output directory\n"
