#!/usr/bin/env python3
"""How fast amlgen renders, each measurement in fresh processes: prints a table, writes results.md.

    .venv/bin/python benchmarks/render.py [--runs 5] [--sizes 10,100,1000,10000]

1. `amlgen render` of every catalog example for both targets, against the floor
   `python -c "import yaml, jinja2, pydantic"` (the imports no amlgen run can avoid); target: at most
   1.5x the floor.
2. The whole catalog (every example, both targets) rendered in one process; target: under 5 s.
3. Scaling: `amlgen render` of one intent with N FQDN outbound rules, for each target; target: time
   grows linearly and 10,000 rules render in under 2 s. Peak memory is the process's maximum resident
   set size.

Speed is measured here and never asserted in tests. It runs the Python that runs this script, so use
the project's venv (`amlgen` must be importable).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/intent.yaml"))
TARGETS = ("terraform", "bicep")
PYTHON = sys.executable
AMLGEN = [PYTHON, "-c", "import sys; from amlgen.cli import main; sys.argv[0] = 'amlgen'; main()"]
FLOOR = [PYTHON, "-c", "import yaml, jinja2, pydantic"]
# What any pydantic model and any typer CLI cost on top of that floor (`import pydantic` alone is lazy:
# the first model class imports pydantic's schema machinery).
DEPENDENCIES = [PYTHON, "-c", "import yaml, jinja2, pydantic, typer\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)"]

# Renders every example for both targets through the same pipeline and writer as `amlgen render`.
CATALOG = """
import sys, tempfile
from pathlib import Path
from amlgen.pipeline import render_file
from amlgen.writer import plan_changes, write_folders
out = Path(tempfile.mkdtemp())
for name in sys.argv[1:]:
    for target in ("terraform", "bicep"):
        path = Path("examples") / name / "intent.yaml"
        files, _ = render_file(path, target, str(path), "intent.yaml")
        write_folders([plan_changes(out / name / target, files, target=target)])
"""


def run(command: list[str]) -> tuple[float, float, int]:
    """Wall time (s), CPU time (s) and peak RSS (MiB) of one fresh process; fails loudly when it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    process.stderr and process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command[:4])}...\n{stderr}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def measure(command: list[str], runs: int) -> dict[str, float]:
    run(command)  # warm the OS file cache; not counted
    samples = [run(command) for _ in range(runs)]
    times = [t for t, _c, _m in samples]
    cpu = [c for _t, c, _m in samples]
    return {"min": min(times), "median": statistics.median(times), "cpu": min(cpu),
            "rss": max(m for _t, _c, m in samples)}


def scaling_intent(rules: int) -> str:
    lines = ["version: 1", "name: scale", "location: eastus", "workspace:", "  public_network_access: disabled",
             "  managed_network:", "    isolation_mode: allow_only_approved_outbound", "    outbound_rules:"]
    lines += [f"      - {{name: rule-{i}, type: fqdn, destination: host{i}.example.com}}" for i in range(rules)]
    lines += ["resources:", "  container_registry: {sku: Premium}", "inbound:", "  private_endpoint:",
              "    virtual_network: {address_space: 10.0.0.0/16}", "    subnet: {name: snet-pe, prefix: 10.0.1.0/24}",
              "dns:", "  zones: create"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    rows: list[str] = []
    floor = measure(FLOOR, args.runs)
    rows.append("## One example per process, against the floor\n")
    rows.append("| command | min (s) | median (s) | min / floor | CPU min (s) | CPU / floor CPU | peak RSS (MiB) |")
    rows.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows.append(f"| floor: `python -c \"import yaml, jinja2, pydantic\"` | {floor['min']:.3f} | "
                f"{floor['median']:.3f} | 1.00 | {floor['cpu']:.3f} | 1.00 | {floor['rss']} |")
    deps = measure(DEPENDENCIES, args.runs)
    rows.append(f"| reference: the floor plus one pydantic model and `import typer` | {deps['min']:.3f} | "
                f"{deps['median']:.3f} | {deps['min'] / floor['min']:.2f} | {deps['cpu']:.3f} | "
                f"{deps['cpu'] / floor['cpu']:.2f} | {deps['rss']} |")
    with tempfile.TemporaryDirectory() as tmp:
        for example in EXAMPLES:
            for target in TARGETS:
                command = [*AMLGEN, "render", f"examples/{example}/intent.yaml", "--target", target,
                           "--out", f"{tmp}/{example}-{target}", "--force"]
                result = measure(command, args.runs)
                rows.append(f"| `amlgen render {example} --target {target}` | {result['min']:.3f} | "
                            f"{result['median']:.3f} | {result['min'] / floor['min']:.2f} | {result['cpu']:.3f} | "
                            f"{result['cpu'] / floor['cpu']:.2f} | {result['rss']} |")
        print("\n".join(rows), flush=True)

        catalog = measure([PYTHON, "-c", CATALOG, *EXAMPLES], args.runs)
        rows += ["", "## The whole catalog in one process (target < 5 s)\n",
                 "| what | min (s) | median (s) | CPU min (s) | peak RSS (MiB) |",
                 "| --- | ---: | ---: | ---: | ---: |",
                 f"| {len(EXAMPLES)} examples x {len(TARGETS)} targets | {catalog['min']:.3f} | "
                 f"{catalog['median']:.3f} | {catalog['cpu']:.3f} | {catalog['rss']} |"]
        print("\n".join(rows[-5:]), flush=True)

        rows += ["", "## Scaling: `amlgen render` of N FQDN outbound rules (target: 10,000 rules < 2 s)\n",
                 "| rules | target | min (s) | median (s) | CPU min (s) | CPU ms per 1,000 rules above the smallest "
                 "run | peak RSS (MiB) |", "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
        base: dict[str, tuple[int, float]] = {}
        for size in sizes:
            intent = Path(tmp) / f"scale-{size}.yaml"
            intent.write_text(scaling_intent(size))
            for target in TARGETS:
                command = [*AMLGEN, "render", str(intent), "--target", target, "--out", f"{tmp}/scale-{target}",
                           "--force"]
                result = measure(command, args.runs)
                first = base.setdefault(target, (size, result["cpu"]))
                slope = ("" if size == first[0] else
                         f"{(result['cpu'] - first[1]) / (size - first[0]) * 1_000_000:.0f}")
                rows.append(f"| {size:,} | {target} | {result['min']:.3f} | {result['median']:.3f} | "
                            f"{result['cpu']:.3f} | {slope} | {result['rss']} |")
                print(rows[-1], flush=True)

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        "# Render benchmarks\n",
        f"Measured {stamp} by `python benchmarks/render.py --runs {args.runs}` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; each cell is {args.runs} fresh "
        "processes after one warm-up run. The machine is shared, so wall times vary with its load; CPU "
        "time (user + system of the process) varies less and is the better comparison.\n",
    ]
    args.out.write_text("\n".join(header + rows) + "\n")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
