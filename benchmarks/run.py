"""Benchmarks, measured in one run: ``python benchmarks/run.py`` (or ``make bench``).

Prints and writes to ``benchmarks/results.json``:

* the default run (10,000 consumers and 1,000 enterprise buyers per region, 2013Q1-2030Q4):
  wall and CPU time (median of repeats), peak memory (a fresh process), per-step cost by
  mechanism;
* user choices per second of the model, the per-agent Mesa reference
  (``benchmarks/reference.py``) and the numpy floor (``benchmarks/floor.py``) at 10k and 100k
  representative consumers per region, with speed-up over the reference and distance to the
  floor;
* wall time and peak memory at 1 M representative consumers per region;
* sweep throughput (runs per second) at 1 and 2 workers and the machinery's overhead over bare
  model time.

Tests never assert times; these figures are for people and for comparing commits.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.floor import capture_blocks, decisions, floor_choose  # noqa: E402
from benchmarks.reference import ReferenceModel  # noqa: E402
from convergence.model import ConvergenceModel  # noqa: E402
from convergence.model.mechanisms import user_choice  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"


def peak_memory_run(users: int, end: str) -> dict[str, float]:
    """Run the model in a fresh process; return its wall time and peak resident memory."""
    code = (
        "import resource, time\n"
        "from convergence.model import ConvergenceModel\n"
        f"ConvergenceModel.from_parameters({{'users_per_region': 200}}, end='2013Q2', rng=0).run()\n"
        "start = time.perf_counter(); cpu = time.process_time()\n"
        f"ConvergenceModel.from_parameters({{'users_per_region': {users}, "
        f"'enterprise_buyers_per_region': {max(10, users // 10)}}}, end='{end}', rng=1).run()\n"
        "print(time.perf_counter() - start, time.process_time() - cpu,"
        " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout.split()
    wall, cpu, peak = (float(x) for x in output[-3:])
    return {"wall_s": wall, "cpu_s": cpu, "peak_memory_mb": peak}


def default_run(repeats: int) -> dict[str, float]:
    """Median wall and CPU seconds of the default run, in this process (kernel compiled)."""
    ConvergenceModel.from_parameters(end="2013Q2", rng=0).run()
    walls, cpus = [], []
    for seed in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        ConvergenceModel.from_parameters(rng=seed).run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus), "repeats": repeats}


def step_breakdown() -> dict[str, float]:
    """Milliseconds per step spent in each mechanism of the default run."""
    from convergence.model import firms, metrics, regulators
    from convergence.model import model as model_module
    from convergence.model.mechanisms import adoption, innovation_diffusion, market_dynamics

    spent: dict[str, float] = {}
    patches = [
        (adoption, "update_adoption", "adoption"),
        (model_module.ConvergenceModel, "refresh_conditions", "market conditions"),
        (user_choice, "choose_providers", "user choice"),
        (market_dynamics, "update_accounts", "accounts"),
        (innovation_diffusion, "invest_in_rd", "R&D (all firms at once)"),
        (firms.Firm, "step", "firms (innovation, imitation, deals, expansion)"),
        (market_dynamics, "acquisitions", "acquisitions"),
        (market_dynamics, "exit_loss_making_markets", "exit"),
        (market_dynamics, "enter_new_firms", "entry"),
        (regulators.Regulator, "step", "regulators"),
        (metrics.MetricRecorder, "record", "metrics"),
    ]
    originals = []
    for owner, name, label in patches:
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def timed(*args, _original=original, _label=label, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.perf_counter() - start
        setattr(owner, name, timed)
    try:
        model = ConvergenceModel.from_parameters(rng=3)
        spent.clear()
        start = time.perf_counter()
        model.run()
        total = time.perf_counter() - start
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    steps = model.step_index + 1
    breakdown = {label: 1000 * seconds / steps for label, seconds in spent.items()}
    breakdown["total"] = 1000 * total / steps
    return breakdown


def choice_rates(users: int, repeats: int, reference_repeats: int) -> dict[str, float]:
    """User choices per second of model, reference and floor at ``users`` per region."""
    params = {"users_per_region": users, "enterprise_buyers_per_region": max(10, users // 10)}
    model = ConvergenceModel.from_parameters(params, end="2030Q4", rng=1)
    for _ in range(20):
        model.step()
    model.refresh_conditions()

    def choose() -> None:
        user_choice.choose_providers(model.users, model.firm_state, model.params, model.world, model.levers,
                                     model.conditions, model.rng)

    with capture_blocks() as blocks:
        choose()
    count = sum(decisions(block) for block in blocks)
    model_times = []
    for _ in range(repeats):
        start = time.perf_counter()
        choose()
        model_times.append(time.perf_counter() - start)
    rng = np.random.default_rng(0)
    floor_times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for block in blocks:
            floor_choose(block, rng)
        floor_times.append(time.perf_counter() - start)

    reference = ReferenceModel.from_parameters(params, end="2030Q4", rng=1)
    for _ in range(20):
        reference.step()
    reference.refresh_conditions()
    reference._prepare_markets()
    reference_times = []
    for _ in range(reference_repeats):
        start = time.perf_counter()
        reference.user_agents.shuffle_do("step")
        reference_times.append(time.perf_counter() - start)
    model_s, floor_s, reference_s = (statistics.median(t) for t in (model_times, floor_times, reference_times))
    return {"choices_per_step": count, "model_s": model_s, "floor_s": floor_s, "reference_s": reference_s,
            "model_choices_per_s": count / model_s, "floor_choices_per_s": count / floor_s,
            "reference_choices_per_s": count / reference_s,
            "speedup_vs_reference": reference_s / model_s, "model_over_floor": model_s / floor_s}


SWEEP_SPEC = """
description = "Benchmark sweep: a Latin hypercube over two levers, default population, full horizon."
scenario = "baseline"
design = "lhs"
samples = {runs}
replications = 1
seed = 5
[levers]
china_data_localization_strictness = {{ low = 0.0, high = 1.0 }}
us_reciprocity_strength = {{ low = 0.0, high = 1.0 }}
[outputs]
metrics = ["convergence_index", "chinese_share_outside_china"]
keep = "timeseries"
"""


def sweep_throughput(runs: int) -> dict[str, float]:
    """Runs per second of ``convergence sweep``'s machinery at 1 and 2 workers, and its overhead
    (design, seeds, execution, reduction, Parquet chunks, manifest) over bare model time."""
    import tempfile

    from convergence.experiments.designs import build_design
    from convergence.experiments.specs import load_spec
    from convergence.experiments.sweeps import run_specs, run_sweep
    from convergence.model.run import run_model
    from convergence.runner.execution import ProcessExecutor, SerialExecutor

    with tempfile.TemporaryDirectory() as folder:
        spec_path = Path(folder) / "bench.toml"
        spec_path.write_text(SWEEP_SPEC.format(runs=runs))
        spec = load_spec(spec_path)
        specs = run_specs(spec, build_design(spec.factors, spec.sampler))
        run_model(end="2013Q2")                              # warm up (compiled kernel, caches)
        start = time.perf_counter()
        for run in specs:
            run_model(run.parameters, run.timeline, end=run.end, seed=run.seed, replication=run.replication)
        bare = time.perf_counter() - start
        result: dict[str, float] = {"runs": runs, "bare_model_s": bare, "bare_runs_per_s": runs / bare}
        for workers in (1, 2):
            executor = SerialExecutor() if workers == 1 else ProcessExecutor(workers)
            with executor:
                if workers > 1:                              # start the workers before timing
                    list(executor.run(specs[:workers]))
                start = time.perf_counter()
                run_sweep(spec, Path(folder) / f"sweep-{workers}", executor, progress=False)
                wall = time.perf_counter() - start
            result[f"runs_per_s_{workers}_workers"] = runs / wall
            result[f"overhead_{workers}_workers"] = (wall * workers - bare) / bare
    result["parallel_efficiency_2_workers"] = result["runs_per_s_2_workers"] / (2 * result["runs_per_s_1_workers"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure the model's speed (see module docstring).")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, skip 1M users")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    results: dict[str, object] = {
        "machine": {"platform": platform.platform(), "processor": platform.processor(),
                    "cpus": os.cpu_count(), "python": platform.python_version()},
        "command": "python benchmarks/run.py" + (" --quick" if args.quick else ""),
    }

    print("default run (10,000 consumers + 1,000 enterprises per region, 2013Q1-2030Q4)")
    default = default_run(repeats)
    default.update({f"fresh_process_{k}": v for k, v in peak_memory_run(10_000, "2030Q4").items()})
    results["default_run"] = default
    print(f"  wall {default['wall_s']:.3f} s, CPU {default['cpu_s']:.3f} s (median of {repeats}); "
          f"fresh process: wall {default['fresh_process_wall_s']:.2f} s, "
          f"peak memory {default['fresh_process_peak_memory_mb']:.0f} MB")

    breakdown = step_breakdown()
    results["per_step_ms"] = breakdown
    print("  per-step cost by mechanism (ms):")
    for label, ms in sorted(breakdown.items(), key=lambda item: -item[1]):
        print(f"    {label:55s} {ms:7.2f}")

    for users in (10_000, 100_000):
        rates = choice_rates(users, repeats=max(3, repeats), reference_repeats=1 if users > 10_000 else repeats)
        key = f"{users // 1000}k"
        results[f"choices_{key}"] = rates
        results[f"speedup_vs_reference_{key}"] = rates["speedup_vs_reference"]
        results[f"model_over_floor_{key}"] = rates["model_over_floor"]
        print(f"user choices per second at {users:,} consumers per region "
              f"({rates['choices_per_step']:,} choices per step):")
        print(f"  model {rates['model_choices_per_s']:,.0f}  reference {rates['reference_choices_per_s']:,.0f}"
              f"  floor {rates['floor_choices_per_s']:,.0f}")
        print(f"  speed-up over reference {rates['speedup_vs_reference']:.0f}x; "
              f"model time / floor time {rates['model_over_floor']:.2f}")

    if not args.quick:
        million = peak_memory_run(1_000_000, "2030Q4")
        results["one_million_users"] = million
        print(f"1,000,000 consumers per region: wall {million['wall_s']:.1f} s, "
              f"peak memory {million['peak_memory_mb']:.0f} MB")

    sweep = sweep_throughput(runs=8 if args.quick else 16)
    results["sweep"] = sweep
    print(f"sweep throughput ({sweep['runs']} runs): bare model {sweep['bare_runs_per_s']:.2f} runs/s; "
          f"sweep {sweep['runs_per_s_1_workers']:.2f} runs/s (1 worker), "
          f"{sweep['runs_per_s_2_workers']:.2f} runs/s (2 workers); overhead over bare model time "
          f"{100 * sweep['overhead_1_workers']:.1f}% (1 worker), {100 * sweep['overhead_2_workers']:.1f}% "
          f"(2 workers, worker-seconds); parallel efficiency {100 * sweep['parallel_efficiency_2_workers']:.0f}%")

    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
