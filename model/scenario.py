"""Load scenario files: TOML with a description, parameters, a lever timeline and ``extends``.

A scenario file has these top-level keys (all optional but ``description``)::

    description = "What the scenario means, in plain language."
    report_passage = "The report's words it rests on (quoted)."
    extends = "baseline"          # a scenario name or a path relative to this file
    calibration = "calibrations/shipped.toml"   # start from a calibrated parameter set (path
                                  # relative to this file; a `convergence calibrate` output)

    [parameters]                  # values for the whole run (any declared parameter)
    china_data_localization_scope = 1.0

    [[timeline]]                  # lever changes from a quarter on (levers only)
    quarter = "2018Q2"
    event = "What happened (optional)"           # documentation of the entry, kept for reports
    reference = "Where it is recorded (optional)"
    china_data_localization_strictness = 0.8

Parameters resolve in order: model defaults, the parent's parameters, the calibration the
file names (its ``[parameters]`` table), the file's own ``[parameters]``. A child's parameters
override its parent's; its timeline entries are added after the parent's (a later entry for
the same quarter and lever wins). Every value is validated
against the model's parameter declarations (numbers must be finite); every error names the file
and the key, and any way a file can be unreadable (not UTF-8, malformed or too deeply nested
TOML, an ``extends`` chain with a cycle or more than :data:`MAX_EXTENDS_DEPTH` files) is a
:class:`ScenarioError`, never another exception. Each timeline entry remembers its file and key
(:class:`~convergence.model.parameters.PolicyChange` ``source`` and ``key``), so that
:func:`convergence.model.run.resolve_run` can name an entry that falls after the run's end.

Shipped scenarios live in the scenario library (:mod:`convergence.scenarios`); the shipped
baseline names the shipped calibration explicitly, so what a scenario starts from is always
written in a file the analyst can read.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from convergence.model.errors import ConvergenceError
from convergence.model.parameters import Parameters, PolicyChange, Value, lookup

SCENARIO_KEYS = ("description", "report_passage", "extends", "calibration", "parameters", "timeline")
TIMELINE_NOTE_KEYS = ("event", "reference")
"""Text keys a timeline entry may carry besides its quarter and levers: what happened and where
it is recorded (the history scenario gives both for every event)."""
SCENARIO_LIBRARY = "convergence.scenarios"
"""Package holding the shipped scenario files."""
MAX_EXTENDS_DEPTH = 100
"""Most files in one ``extends`` chain; a deeper chain is a mistake (or a generated loop)."""


class ScenarioError(ConvergenceError):
    """A scenario is unknown, malformed, or holds an invalid key or value."""


@dataclass(frozen=True)
class TimelineEvent:
    """A documented timeline entry: its quarter, what happened, where it is recorded, and the
    levers it sets (name -> value), for reports and manifests."""

    quarter: str
    event: str
    reference: str
    levers: dict[str, Value]


@dataclass(frozen=True)
class Scenario:
    """A resolved scenario: its own texts plus parameters and timeline merged along ``extends``.

    ``files`` maps each file of the ``extends`` chain (root first), and each calibration
    file they name, to its text, for manifests. ``calibration`` is the calibration file the
    scenario starts from (through ``extends`` or its own ``calibration`` key), if any.
    """

    name: str
    description: str
    report_passage: str
    path: Path
    overrides: dict[str, Value]
    timeline: tuple[PolicyChange, ...]
    chain: tuple[str, ...]
    files: dict[str, str] = field(default_factory=dict)
    calibration: Path | None = None
    events: tuple[TimelineEvent, ...] = ()

    def parameters(self, extra: dict[str, Value] | None = None) -> Parameters:
        """Validated parameters: defaults, then the scenario's overrides, then ``extra``."""
        return Parameters({**self.overrides, **(extra or {})})


def scenario_dir() -> Path:
    """Folder of the shipped scenario files."""
    return Path(str(resources.files(SCENARIO_LIBRARY)))


def calibration_parameters(path: Path) -> dict[str, Value]:
    """The ``[parameters]`` table of a calibration file (``convergence calibrate`` writes them),
    validated against the declarations; errors name the file and the key."""
    data, _ = _read(path)
    return _calibration_table(path, data)


def _calibration_table(path: Path, data: dict[str, Any]) -> dict[str, Value]:
    parameters = data.get("parameters")
    if not isinstance(parameters, dict):
        raise ScenarioError("a calibration file needs a [parameters] table", key="parameters",
                            allowed="[parameters] with name = value pairs", source=str(path))
    try:
        return {name: _validated(f"parameters.{name}", name, value) for name, value in parameters.items()}
    except ConvergenceError as error:
        raise error.with_source(str(path)) from None


def list_scenarios() -> list[Scenario]:
    """Every shipped scenario, loaded (so a broken file is reported, not hidden)."""
    return [load_scenario(path) for path in sorted(scenario_dir().glob("*.toml"))]


def _is_file(path: Path) -> bool:
    """True if ``path`` is a file; False also for names the system refuses (too long, NUL)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _resolve_path(reference: str | Path, relative_to: Path | None = None) -> Path:
    candidate = Path(reference)
    if candidate.suffix == ".toml" or candidate.parent != Path("."):
        base = relative_to.parent if relative_to else Path.cwd()
        path = candidate if candidate.is_absolute() else (base / candidate)
        if not _is_file(path):
            raise ScenarioError(f"scenario file '{shown_text(path)}' does not exist", key=shown_text(reference),
                                allowed="an existing .toml file or a shipped scenario name")
        return path.resolve()
    path = scenario_dir() / f"{candidate}.toml"
    if not _is_file(path):
        names = sorted(p.stem for p in scenario_dir().glob("*.toml"))
        close = difflib.get_close_matches(str(reference), names, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ScenarioError(f"unknown scenario '{shown_text(reference)}'{hint} (available: {', '.join(names)})",
                            key=shown_text(reference), allowed=", ".join(names))
    return path


def shown_text(text: str | Path, limit: int = 80) -> str:
    """A file name or reference as a message shows it: cut to ``limit`` characters."""
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit - 3]}..."


def load_scenario(reference: str | Path) -> Scenario:
    """Load a scenario by shipped name (``"decoupling"``) or by path to a ``.toml`` file.

    The ``extends`` chain is followed iteratively, at most :data:`MAX_EXTENDS_DEPTH` files deep.
    """
    scenario = None
    for path, data, text in _chain(_resolve_path(reference)):
        try:
            scenario = _build(path, data, text, scenario)
        except ConvergenceError as error:
            if error.source is None:
                error.with_source(str(path))
            raise
    return scenario


def _chain(path: Path) -> list[tuple[Path, dict[str, Any], str]]:
    """The files of ``path``'s ``extends`` chain with their contents, root first."""
    files: list[tuple[Path, dict[str, Any], str]] = []
    seen: list[Path] = []
    while True:
        if path in seen:
            cycle = " -> ".join(p.stem for p in (*seen, path))
            raise ScenarioError(f"'extends' forms a cycle: {cycle}", key="extends",
                                allowed="a chain of scenarios without repeats", source=str(path))
        if len(seen) == MAX_EXTENDS_DEPTH:
            raise ScenarioError(f"'extends' chain is more than {MAX_EXTENDS_DEPTH} files deep", key="extends",
                                allowed=f"at most {MAX_EXTENDS_DEPTH} scenarios in a chain",
                                source=str(seen[0]))
        seen.append(path)
        data, text = _read(path)
        files.append((path, data, text))
        try:
            _check_keys(data)
            reference = _extends(data)
            if reference is None:
                return files[::-1]
            path = _resolve_path(reference, relative_to=path)
        except ConvergenceError as error:
            raise error.with_source(str(path)) from None


def _read(path: Path) -> tuple[dict[str, Any], str]:
    """A TOML file's table and text; every way it can be unreadable is a :class:`ScenarioError`."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ScenarioError(f"cannot read the file: {error.strerror or error}", allowed="a readable TOML file",
                            source=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(f"not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start})",
                            allowed="a TOML file saved as UTF-8", source=str(path)) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"malformed TOML: {error}", allowed="valid TOML (https://toml.io)",
                            source=str(path)) from None
    except RecursionError:
        raise ScenarioError("malformed TOML: arrays or tables nested too deeply", allowed="valid TOML",
                            source=str(path)) from None
    except ValueError as error:                          # e.g. an integer of more than 4300 digits
        raise ScenarioError(f"malformed TOML: {str(error).splitlines()[0]}", allowed="valid TOML",
                            source=str(path)) from None


def _check_keys(data: dict[str, Any]) -> None:
    for key in data:
        if key not in SCENARIO_KEYS:
            close = difflib.get_close_matches(key, SCENARIO_KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ScenarioError(f"unknown key '{shown_text(key)}'{hint}", key=shown_text(key),
                                allowed=", ".join(SCENARIO_KEYS))


def _extends(data: dict[str, Any]) -> str | None:
    """The file's ``extends`` reference, if any."""
    if "extends" not in data:
        return None
    reference = data["extends"]
    if not isinstance(reference, str):
        raise ScenarioError("'extends' must be a scenario name or path (text)", key="extends", allowed="text")
    return reference


def _build(path: Path, data: dict[str, Any], text: str, parent: Scenario | None) -> Scenario:
    """One file of a chain on top of its (already built) parent."""
    description = _text(data, "description", required=True)
    passage = _text(data, "report_passage", required=False)
    overrides = dict(parent.overrides) if parent else {}
    files = dict(parent.files) if parent else {}
    calibration = parent.calibration if parent else None
    if "calibration" in data:
        calibration = _calibration_path(path, data["calibration"])
        calibration_data, calibration_text = _read(calibration)
        overrides.update(_calibration_table(calibration, calibration_data))
        files[str(calibration)] = calibration_text
    parameters = data.get("parameters", {})
    if not isinstance(parameters, dict):
        raise ScenarioError("'parameters' must be a table", key="parameters", allowed="[parameters]")
    for name, value in parameters.items():
        overrides[name] = _validated(f"parameters.{name}", name, value)
    Parameters(overrides)                                  # cross-parameter constraints
    timeline = list(parent.timeline) if parent else []
    events = list(parent.events) if parent else []
    entries = data.get("timeline", [])
    if not isinstance(entries, list):
        raise ScenarioError("'timeline' must be an array of tables", key="timeline",
                            allowed="[[timeline]] entries with a quarter and lever values")
    for index, entry in enumerate(entries):
        changes = _timeline_entry(path, index, entry)
        timeline.extend(changes)
        if "event" in entry:
            events.append(TimelineEvent(entry["quarter"], entry["event"], entry.get("reference", ""),
                                        {change.name: change.value for change in changes}))
    files[str(path)] = text
    return Scenario(name=path.stem, description=description, report_passage=passage, path=path,
                    overrides=overrides, timeline=tuple(timeline),
                    chain=(*(parent.chain if parent else ()), path.stem), files=files, calibration=calibration,
                    events=tuple(events))


def _calibration_path(path: Path, reference: Any) -> Path:
    """The calibration file a scenario names (relative to the scenario file), checked to exist."""
    if not isinstance(reference, str) or not reference.endswith(".toml"):
        raise ScenarioError("'calibration' must be the path of a .toml calibration file, relative to "
                            "this file", key="calibration", allowed='e.g. "calibrations/shipped.toml"')
    calibration = path.parent / reference
    if not _is_file(calibration):
        raise ScenarioError(f"calibration file '{shown_text(calibration)}' does not exist", key="calibration",
                            allowed="an existing .toml file written by `convergence calibrate`")
    return calibration.resolve()


def _text(data: dict[str, Any], key: str, required: bool) -> str:
    value = data.get(key, "")
    if required and not value:
        raise ScenarioError(f"missing '{key}'", key=key, allowed="a non-empty text")
    if not isinstance(value, str):
        raise ScenarioError(f"'{key}' must be text", key=key, allowed="text")
    return value.strip()


def _validated(where: str, name: str, value: Any) -> Value:
    try:
        return lookup(name).validate(value)
    except ConvergenceError as error:
        error.key = where
        raise


def _timeline_entry(path: Path, index: int, entry: Any) -> list[PolicyChange]:
    where = f"timeline[{index}]"
    if not isinstance(entry, dict) or "quarter" not in entry:
        raise ScenarioError(f"{where} needs a 'quarter' and at least one lever", key=where,
                            allowed='quarter = "2018Q2" plus lever = value pairs')
    quarter = entry["quarter"]
    if not isinstance(quarter, str):
        raise ScenarioError(f"{where}.quarter must be text like \"2018Q2\"", key=f"{where}.quarter",
                            allowed="YYYYQn")
    changes = []
    for name, value in entry.items():
        if name in TIMELINE_NOTE_KEYS:
            if not isinstance(value, str):
                raise ScenarioError(f"{where}.{name} must be text", key=f"{where}.{name}",
                                    allowed='a string, e.g. event = "FIRRMA enacted"')
            continue
        if name == "quarter":
            continue
        try:
            changes.append(PolicyChange.checked(quarter, name, value, source=str(path), key=f"{where}.{name}"))
        except ConvergenceError as error:
            error.key = f"{where}.{name}" if error.key == name else f"{where}.quarter"
            raise
    if not changes:
        raise ScenarioError(f"{where} changes no lever", key=where, allowed="lever = value pairs")
    return changes
