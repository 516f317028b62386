"""Property tests: whatever scenario file or --set item comes in, the answer is a valid result or
a ConvergenceError (one clean message), never any other exception.

Scenario files are random TOML (random keys, values of random types), mutated bytes of real
files (invalid UTF-8 included) and extends chains of random depth, some with cycles.
"""

import datetime
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convergence.cli.arguments import Settings, parse_settings
from convergence.model.errors import ConvergenceError
from convergence.model.parameters import PARAMETERS
from convergence.model.run import ResolvedRun, resolve_run
from convergence.model.scenario import SCENARIO_KEYS, Scenario, load_scenario, scenario_dir

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = sorted(PARAMETERS)
WHOLE = sorted(name for name, p in PARAMETERS.items() if p.kind is int)
LEVERS = sorted(name for name, p in PARAMETERS.items() if p.role == "lever")
SHIPPED = sorted(scenario_dir().glob("*.toml"))

names = st.one_of(st.sampled_from(WHOLE), st.sampled_from(NAMES))
"""Parameter names, integer ones (where inf, nan and huge values used to crash) as often as the rest."""
extremes = st.sampled_from([math.inf, -math.inf, math.nan, 1e300, 10 ** 400, -(10 ** 400), 2 ** 63, 0.5])
quarters = st.one_of(st.from_regex(r"\A(20[0-9]{2}|2100|2101|1999)Q[0-6]\Z"), st.text(max_size=8))
keys = st.one_of(st.sampled_from(SCENARIO_KEYS), names, st.just("quarter"), st.text(max_size=12))
scalars = st.one_of(
    st.booleans(), st.integers(), st.integers(min_value=-(10 ** 40), max_value=10 ** 40), extremes,
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20), quarters,
    st.sampled_from(["baseline", "decoupling", "nope", "x.toml", "../x.toml", "calibrations/shipped.toml", ""]),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2200, 1, 1)))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=4)), max_leaves=12)
timeline_entry = st.fixed_dictionaries({"quarter": quarters},
                                       optional={name: scalars for name in LEVERS[:6]}) | st.dictionaries(keys, values)
documents = st.fixed_dictionaries({"description": st.one_of(st.text(min_size=1, max_size=20), values)}, optional={
    "report_passage": st.one_of(st.text(max_size=20), values),
    "extends": st.one_of(st.sampled_from(["baseline", "strict_localization", "missing", "self.toml", "x/../y"]),
                         st.just("baseline"), values),
    "calibration": st.one_of(st.just("calibrations/shipped.toml"), values),
    "parameters": st.one_of(st.dictionaries(names, scalars, max_size=6), values),
    "timeline": st.one_of(st.lists(timeline_entry, max_size=4), values)}).flatmap(
    lambda document: st.one_of(st.just({}), st.just({}), st.just({}), st.dictionaries(keys, values, max_size=2))
    .map(lambda extra: {**extra, **document}))
"""Mostly the shape of a scenario file (so that values get checked), sometimes stray keys."""


def _key(text: str) -> str:
    return '"' + _escaped(text) + '"'


def _escaped(text: str) -> str:
    return "".join(c if " " <= c <= "~" and c not in '"\\' else f"\\U{ord(c):08X}" for c in text)


def _value(value: object) -> str:
    """A TOML value (inline form) for what the strategies generate."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return '"' + _escaped(value) + '"'
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"


def toml_text(document: dict) -> str:
    """``document`` as TOML text, one ``key = value`` line per top-level key."""
    return "".join(f"{_key(key)} = {_value(value)}\n" for key, value in document.items())


def _loads_cleanly(path: Path) -> None:
    """The property: a valid Scenario (that resolves, or refuses cleanly) or a ConvergenceError."""
    try:
        scenario = load_scenario(path)
    except ConvergenceError:
        return
    assert isinstance(scenario, Scenario)
    scenario.parameters()
    try:
        assert isinstance(resolve_run(scenario), ResolvedRun)
    except ConvergenceError:
        pass


@BOUNDED
@given(documents)
def test_random_scenario_files_load_or_fail_cleanly(document):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.toml"
        path.write_text(toml_text(document), encoding="utf-8")
        (Path(folder) / "self.toml").write_text(toml_text(document), encoding="utf-8")
        _loads_cleanly(path)


toml_bytes = st.text(alphabet="[]{}=\"'.,-+0123456789Qeinaftrue\n #", min_size=1, max_size=3).map(str.encode)
odd_bytes = st.one_of(st.sampled_from([b"\xff", b"\xc3", b"\x00"]), st.binary(min_size=1, max_size=3))
chunks = st.tuples(st.integers(0, 9), toml_bytes, odd_bytes).map(lambda t: t[2] if t[0] == 0 else t[1])
mutations = st.lists(st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.integers(min_value=0), chunks),
                     min_size=1, max_size=6)
"""Edits of a file's bytes: TOML punctuation, digits and letters mostly, invalid UTF-8 sometimes."""


def _mutated(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    for operation, position, chunk in edits:
        at = position % (len(data) + 1)
        if operation == "insert":
            data = data[:at] + chunk + data[at:]
        elif operation == "delete":
            data = data[:at] + data[at + len(chunk):]
        else:
            data = data[:at] + chunk + data[at + len(chunk):]
    return data


@BOUNDED
@given(st.sampled_from(SHIPPED), mutations)
def test_mutated_bytes_of_real_scenario_files_load_or_fail_cleanly(original, edits):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / original.name
        path.write_bytes(_mutated(original.read_bytes(), edits))
        (Path(folder) / "baseline.toml").write_bytes((scenario_dir() / "baseline.toml").read_bytes())
        (Path(folder) / "calibrations").symlink_to(scenario_dir() / "calibrations")
        _loads_cleanly(path)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=150), st.one_of(st.none(), st.integers(min_value=0, max_value=149)))
def test_extends_chains_of_any_depth_load_or_fail_cleanly(depth, cycle_to):
    with tempfile.TemporaryDirectory() as folder:
        root = f'extends = "s{cycle_to}.toml"\n' if cycle_to is not None and cycle_to < depth else ""
        Path(folder, "s0.toml").write_text(f'description = "root"\n{root}')
        for level in range(1, depth):
            Path(folder, f"s{level}.toml").write_text(f'description = "{level}"\nextends = "s{level - 1}.toml"\n')
        _loads_cleanly(Path(folder) / f"s{depth - 1}.toml")


numbers = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10 ** 50), 10 ** 50),
                    extremes)
set_items = st.one_of(
    st.text(max_size=40),
    st.tuples(st.one_of(names, st.text(max_size=10)),
              st.one_of(numbers.map(str), st.sampled_from(["true", "no", "inf", "nan", "1e400", "", " ", "0x1f"]),
                        st.text(max_size=10)),
              st.one_of(st.just(""), quarters.map(lambda q: "@" + q), st.text(max_size=6)))
    .map(lambda parts: f"{parts[0]}={parts[1]}{parts[2]}"))


@BOUNDED
@given(st.lists(set_items, max_size=4), st.one_of(quarters, st.just("2030Q4")))
def test_set_items_parse_and_resolve_or_fail_cleanly(items, until):
    try:
        parsed = parse_settings(items)
        assert isinstance(parsed, Settings)
        assert isinstance(resolve_run("baseline", parsed.overrides, parsed.timeline, end=until), ResolvedRun)
    except ConvergenceError:
        pass
