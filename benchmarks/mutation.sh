#!/usr/bin/env bash
# Mutation check of the policy mechanisms (issue 15): each mutant of the modules named in
# benchmarks/mutation.toml is run against the fast mechanism tests; the survivors are rerun
# against the behavioural lever pins (listed below) and those still alive are listed.
# cosmic-ray edits the source files in place while it runs (and restores them): run it in a
# copy of the repository, or run nothing else here meanwhile. Installs cosmic-ray into .venv
# only (it is not a project dependency). About 10-20 s per mutant, ~530 mutants (hours on 2 cores:
# a session resumes where it stopped; pass its database again).
# Usage: benchmarks/mutation.sh [SESSION_DB]   (default: /tmp/convergence-mutation.sqlite)
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-/tmp/convergence-mutation.sqlite}"
.venv/bin/python -m pip install --quiet cosmic-ray
export PATH="$PWD/.venv/bin:$PATH"
[ -f "$db" ] || { cosmic-ray init benchmarks/mutation.toml "$db"; cr-filter-operators "$db" benchmarks/mutation.toml; }
nice -n 10 cosmic-ray exec benchmarks/mutation.toml "$db"
pins=(tests/model/test_levers.py tests/model/test_lever_pins.py tests/model/test_trade_controls.py
      tests/model/test_data_rules_effects.py tests/model/test_regions.py tests/model/test_policy_effects.py)
nice -n 10 .venv/bin/python benchmarks/mutation_survivors.py "$db" "${pins[@]}"
