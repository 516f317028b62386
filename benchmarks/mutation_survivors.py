"""Second stage of the mutation check (issue 15): rerun the mutants that survived the fast
mechanism tests against the slower behavioural pins, and print per module the mutants
total / killed / survived / not run, and each survivor (file:line, operator, the line).

Usage (from the repository root, after ``cosmic-ray exec``; ``benchmarks/mutation.sh`` calls it):
    python benchmarks/mutation_survivors.py SESSION_DB [PYTEST ARGS ...]
Without pytest arguments it only reports. A mutant is applied with ``cosmic-ray apply`` and
the module's text restored afterwards, so run nothing else in this copy meanwhile.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path


def session(db: str) -> list[tuple[dict, dict | None]]:
    """(mutation, result) per job of a cosmic-ray session (result None: not run)."""
    dump = subprocess.run(["cosmic-ray", "dump", db], capture_output=True, text=True, check=True).stdout
    jobs = [json.loads(line) for line in dump.splitlines() if line.strip()]
    return [(job["mutations"][0], result) for job, result in jobs]


def outcome(result: dict | None) -> str:
    if result is None:
        return "not run"
    if result["worker_outcome"] == "skipped":
        return "filtered"
    return {"killed": "killed", "survived": "survived"}.get(result["test_outcome"], "incompetent")


def rerun(mutation: dict, pytest_args: list[str]) -> bool:
    """Apply the mutant, run the pins, restore the module; True if the pins kill it."""
    path = Path(mutation["module_path"])
    original = path.read_text()
    try:
        subprocess.run(["cosmic-ray", "apply", str(path), mutation["operator_name"], str(mutation["occurrence"])],
                       check=True, capture_output=True)
        tests = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                                "-p", "no:randomly", *pytest_args], capture_output=True)
        return tests.returncode != 0
    finally:
        path.write_text(original)


def main(db: str, pytest_args: list[str]) -> None:
    counts: dict[str, Counter] = {}
    survivors = []
    for mutation, result in session(db):
        state = outcome(result)
        if state == "survived" and pytest_args and rerun(mutation, pytest_args):
            state = "killed by the pins"
        counts.setdefault(mutation["module_path"], Counter())[state] += 1
        if state == "survived":
            survivors.append(mutation)
    print("module: total, killed (fast tests), killed by the pins, survived, not run (filtered operators aside)")
    for module, count in counts.items():
        total = sum(count.values()) - count["filtered"]
        print(f"{module}: {total}, {count['killed']}, {count['killed by the pins']}, {count['survived']}, "
              f"{count['not run']}" + (f" ({count['incompetent']} incompetent)" if count["incompetent"] else ""))
    for mutation in survivors:
        line = mutation["start_pos"][0]
        source = Path(mutation["module_path"]).read_text().splitlines()[line - 1].strip()
        print(f"SURVIVED {mutation['module_path']}:{line} {mutation['operator_name']} "
              f"#{mutation['occurrence']}: {source}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
