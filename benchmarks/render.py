#!/usr/bin/env python3
"""How fast amlgen renders: every figure is a ratio of CPU times measured in the same round, over many rounds;
prints the tables and writes results.md.

    .venv/bin/python benchmarks/render.py [--rounds 20] [--catalog-rounds 3] [--out benchmarks/results.md]

Each measurement is one fresh process; its CPU time is user + system time from wait4(), its memory the
maximum resident set size. A round runs every subject once, each right after the process it is compared with
(the floor, or one example's render), so the two share the machine's load; the tables give the median of
the per-round ratios and their middle half (25th to 75th percentile). The targets (issue 17):

- one example renders in at most 2.0x the floor `python -c "import yaml, jinja2, pydantic"` (stretch 1.5x);
  `validate` and `check` of the same example within the same 2.0x;
- 10,000 outbound rules render in at most 2.0x one example's time, within 100 MiB;
- 50,000 rules cost per rule what 10,000 do, within 25 %.

Every process runs with compiled bytecode, as an installed amlgen does (pip compiles on install): the
bytecode goes to a temporary PYTHONPYCACHEPREFIX and PYTHONDONTWRITEBYTECODE is dropped, so the first
(uncounted) run of each command writes it. Speed is measured here and never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/intent.yaml"))
EXAMPLE = "managed-vnet-approved-outbound"  # one rule of each kind, every associated resource, private DNS
TARGETS = ("terraform", "bicep")
PYTHON = sys.executable
FLOOR = [PYTHON, "-c", "import yaml, jinja2, pydantic"]
# What a pydantic model and a typer CLI cost on top of the floor (`import pydantic` alone is lazy: the first
# model class imports pydantic's schema machinery).
MODEL = "import yaml, jinja2, pydantic\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)"
REFERENCES = [("the floor plus one validated pydantic model", [PYTHON, "-c", MODEL]),
              ("the floor plus one validated pydantic model and `import typer`",
               [PYTHON, "-c", MODEL.replace("pydantic\n", "pydantic, typer\n", 1)])]
AMLGEN = [PYTHON, "-c", "import sys; from amlgen.cli import main; sys.argv[0] = 'amlgen'; main()"]
# The same command line, with the intent check that refuses more than 800 outbound rules (AML611: Bicep
# creates them in one loop of one ARM template) lifted, so that the pipeline's cost per rule can be measured
# at 10,000 and 50,000 rules. Terraform creates each rule as its own resource and prints any number.
# Importing the limit loads the intent model and the rules before the command runs, so this does first what
# the entry point and the command's callback do before they load them (no plugin loader, no collector).
UNCAPPED = [PYTHON, "-c", "import gc, sys; gc.disable(); from amlgen.commands.runtime import no_pydantic_plugins; "
            "no_pydantic_plugins(); import amlgen.rules.limits as limits; "
            "limits.RESOURCES_PER_TEMPLATE = sys.maxsize; from amlgen.cli import main; sys.argv[0] = 'amlgen'; "
            "main()"]
BICEP_LOOP_LIMIT = 800
READING = "## Reading this run"  # results.md's section written by hand, kept when the tables are rewritten
# Where one render's CPU time goes: the process's CPU time at each step, the steps `amlgen render` takes
# (the command's imports first, as it loads them, then its work), in a fresh process.
STAGES = r"""
import os, resource, sys
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
marks = [("interpreter start-up (site, the editable install's finder)", cpu())]
def mark(step):
    marks.append((step, cpu()))
import yaml, jinja2, pydantic
mark("import yaml, jinja2, pydantic (the rest of the floor)")
import typer
mark("import typer")
from amlgen.commands.runtime import no_pydantic_plugins
no_pydantic_plugins()  # as the amlgen entry point does, before typer parses the options
class M(pydantic.BaseModel):
    x: int
M(x=1)
mark("pydantic's model machinery (the first model class; no plugin loader, as in amlgen)")
from typer.main import get_command
import amlgen.cli
command = get_command(amlgen.cli.app)
mark("amlgen.cli and typer building the commands")
import gc
gc.disable(); os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"  # as the root callback does
import amlgen.intent.model, amlgen.validation
mark("amlgen's intent model (35 pydantic models) and the modules under it")
from amlgen.rules import all_checks
all_checks()
mark("the rule checks")
import amlgen.plan, amlgen.explain, amlgen.targets.documents, amlgen.writer
import amlgen.targets.terraform.files
mark("the plan, the Terraform printer, the documents and the writer")
from pathlib import Path
from amlgen.pipeline import check_file
from amlgen.plan import build_plan
from amlgen.targets import render
from amlgen.writer import plan_changes, write_folders
checked = check_file(Path(sys.argv[1]), sys.argv[1])
mark("load and validate (schema and rules)")
plan = build_plan(checked.intent, "intent.yaml")
mark("plan")
files = render(plan, "terraform")
mark("render (templates loaded compiled)")
write_folders([plan_changes(Path(sys.argv[2]), files, target="terraform", force=True)])
mark("write (unchanged files are only compared)")
print("\n".join(f"{step}\t{end - start}" for (_, start), (step, end) in zip([("", 0.0)] + marks, marks)))
"""
# Where the time of a render of many rules goes: its work, step by step, in one process with the command's
# modules imported first (AML611 lifted as in UNCAPPED), and the process's peak RSS after each step.
SCALE_STAGES = r"""
import gc, os, resource, sys
gc.disable(); os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"  # as the root callback does
import amlgen.rules.limits as limits
limits.RESOURCES_PER_TEMPLATE = sys.maxsize
from pathlib import Path
from amlgen.intent.loader import load_intent_file
from amlgen.validation import validate
from amlgen.plan import build_plan
from amlgen.targets import TARGETS
from amlgen.targets.documents import documents, tidy
from amlgen.writer import plan_changes, write_folders
import amlgen.explain, amlgen.targets.terraform.files
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024
marks = [cpu()]
steps = []
def mark(step):
    marks.append(cpu())
    steps.append(step)
loaded = load_intent_file(Path(sys.argv[1]), sys.argv[1])
mark("load (parse, positions)")
intent, _ = validate(loaded)
mark("validate (schema and rules)")
plan = build_plan(intent, "intent.yaml")
mark("plan")
target = TARGETS["terraform"]
files = target.files(plan)
mark("Terraform files (HCL blocks, printed)")
docs = documents(plan, target.module_doc(plan))
mark("documents (README, ARCHITECTURE with the explanation, cited articles)")
rendered = {**files, **docs}
del files, docs
rendered = {path: tidy(rendered.pop(path)) for path in sorted(rendered)}
mark("tidy")
write_folders([plan_changes(Path(sys.argv[2]), rendered, target="terraform", force=True)])
mark("write")
print("\n".join(f"{step}\t{end[0] - start[0]}\t{end[1]}" for step, start, end in zip(steps, marks, marks[1:])))
"""
# The whole catalog in one process: every example, both targets, through the pipeline and writer of render.
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


@dataclass
class Subject:
    label: str
    command: list[str]
    base: str  # the label of the subject measured right before it, in the same round
    cpu: list[float] = field(default_factory=list)
    rss: int = 0
    ratios: list[float] = field(default_factory=list)


def run(command: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """CPU time (s) and peak RSS (MiB) of one fresh process; fails loudly when the process fails."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def measure(subjects: list[Subject], rounds: int, env: dict[str, str], seed: int = 17) -> None:
    """Each round runs every subject once, in a shuffled order, each right after a fresh run of its base."""
    by_label = {s.label: s for s in subjects}
    for subject in subjects:  # the first run writes bytecode and warms the file cache; not counted
        run(subject.command, env)
    shuffle = random.Random(seed)
    for _ in range(rounds):
        order = [s for s in subjects if s.base != s.label]
        shuffle.shuffle(order)
        for subject in order:
            base = by_label[subject.base]
            base_cpu, base_rss = run(base.command, env)
            cpu, rss = run(subject.command, env)
            base.cpu.append(base_cpu)
            base.rss = max(base.rss, base_rss)
            subject.cpu.append(cpu)
            subject.rss = max(subject.rss, rss)
            subject.ratios.append(cpu / base_cpu)


def quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return values[0], values[0], values[0]
    low, _middle, high = statistics.quantiles(values, n=4)
    return low, statistics.median(values), high


def ratio_cell(subject: Subject) -> str:
    low, middle, high = quartiles(subject.ratios)
    return f"{middle:.2f} ({low:.2f}-{high:.2f})"


def ms(subject: Subject) -> str:
    return f"{statistics.median(subject.cpu) * 1000:,.0f}"


def scaling_intent(rules: int) -> str:
    lines = ["version: 1", "name: scale", "location: eastus", "workspace:", "  public_network_access: disabled",
             "  managed_network:", "    isolation_mode: allow_only_approved_outbound", "    outbound_rules:"]
    lines += [f"      - {{name: rule-{i}, type: fqdn, destination: host{i}.example.com}}" for i in range(rules)]
    lines += ["resources:", "  container_registry: {sku: Premium}", "inbound:", "  private_endpoint:",
              "    virtual_network: {address_space: 10.0.0.0/16}", "    subnet: {name: snet-pe, prefix: 10.0.1.0/24}",
              "dns:", "  zones: create",
              "compute:", "  image_build_compute: image-builder",  # the private registry cannot build images
              "  clusters:", "    - {name: image-builder, vm_size: Standard_DS3_v2, max_nodes: 1}"]
    return "\n".join(lines) + "\n"


def environment(tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def startup(tmp: Path, rounds: int, env: dict[str, str]) -> tuple[list[Subject], list[str]]:
    """One example against the floor: render for each target, validate, check."""
    intent = f"examples/{EXAMPLE}/intent.yaml"
    floor = Subject("floor", FLOOR, "floor")
    subjects = [floor] + [Subject(label, command, "floor") for label, command in REFERENCES]
    committed = tmp / "committed"
    for target in TARGETS:
        run([*AMLGEN, "render", intent, "--target", target, "--out", str(committed / target)], env)
        subjects.append(Subject(f"`amlgen render {EXAMPLE} --target {target}`",
                                [*AMLGEN, "render", intent, "--target", target, "--out", str(tmp / target),
                                 "--force"], "floor"))
    subjects.append(Subject(f"`amlgen validate {EXAMPLE}`", [*AMLGEN, "validate", intent], "floor"))
    subjects.append(Subject(f"`amlgen check {EXAMPLE} --target terraform` (up to date)",
                            [*AMLGEN, "check", intent, "--target", "terraform", "--out",
                             str(committed / "terraform")], "floor"))
    measure(subjects, rounds, env)
    rows = ["## One example against the floor\n",
            f"{rounds} rounds; each run right after a run of the floor. Ratio: median of the per-round ratios to "
            "the floor's CPU time, with the middle half of them in brackets.\n",
            "| command | CPU median (ms) | ratio to the floor | peak RSS (MiB) |", "| --- | ---: | ---: | ---: |"]
    rows += [f"| {s.label} | {ms(s)} | {'1.00' if s is floor else ratio_cell(s)} | {s.rss} |" for s in subjects]
    return subjects, rows


def scaling(tmp: Path, rounds: int, env: dict[str, str], sizes: list[int]) -> tuple[list[Subject], list[str]]:
    """N FQDN rules against one example's render, for each target; Bicep up to its loop limit."""
    subjects: list[Subject] = []
    for target in TARGETS:
        example = Subject(f"{EXAMPLE} ({target})", [*AMLGEN, "render", f"examples/{EXAMPLE}/intent.yaml", "--target",
                                                    target, "--out", str(tmp / f"example-{target}"), "--force"],
                          f"{EXAMPLE} ({target})")
        subjects.append(example)
        for size in sizes:
            if target == "bicep" and size > BICEP_LOOP_LIMIT:
                continue
            intent = tmp / f"rules-{size}.yaml"
            intent.write_text(scaling_intent(size))
            subjects.append(Subject(f"{size:,} rules ({target})",
                                    [*UNCAPPED, "render", str(intent), "--target", target, "--out",
                                     str(tmp / f"rules-{size}-{target}"), "--force"], example.label))
    measure(subjects, rounds, env)
    rows = ["## Outbound rules: N FQDN rules against one example\n",
            f"{rounds} rounds; each run right after a render of {EXAMPLE} for the same target. Bicep is measured "
            f"up to {BICEP_LOOP_LIMIT} rules: it creates the rules in one loop, which Bicep caps at "
            f"{BICEP_LOOP_LIMIT} iterations, and its printer refuses more. Terraform is measured beyond that "
            "with the intent check AML611 lifted (the `UNCAPPED` command line), which refuses more than "
            f"{BICEP_LOOP_LIMIT} rules for both targets; everything else is `amlgen render`.\n",
            "| rules | target | CPU median (ms) | ratio to the example | CPU ms per 1,000 rules | peak RSS (MiB) |",
            "| ---: | --- | ---: | ---: | ---: | ---: |"]
    for target in TARGETS:
        example = next(s for s in subjects if s.label == f"{EXAMPLE} ({target})")
        rows.append(f"| {EXAMPLE} | {target} | {ms(example)} | 1.00 |  | {example.rss} |")
        for subject in subjects:
            if subject.base == example.label and subject is not example:
                size = int(subject.label.split()[0].replace(",", ""))
                per_rule = (statistics.median(subject.cpu) - statistics.median(example.cpu)) / size * 1_000_000
                rows.append(f"| {size:,} | {target} | {ms(subject)} | {ratio_cell(subject)} | {per_rule:,.1f} | "
                            f"{subject.rss} |")
    return subjects, rows


def slope(subjects: list[Subject], low: int, high: int, target: str) -> float | None:
    found = {s.label: statistics.median(s.cpu) for s in subjects}
    a, b = found.get(f"{low:,} rules ({target})"), found.get(f"{high:,} rules ({target})")
    return None if a is None or b is None else (b - a) / (high - low)


def catalog(tmp: Path, rounds: int, env: dict[str, str]) -> list[str]:
    subjects = [Subject("floor", FLOOR, "floor")]
    for example in EXAMPLES:
        for target in TARGETS:
            subjects.append(Subject(f"`{example}` ({target})",
                                    [*AMLGEN, "render", f"examples/{example}/intent.yaml", "--target", target,
                                     "--out", str(tmp / "catalog" / example / target), "--force"], "floor"))
    subjects.append(Subject(f"the whole catalog in one process ({len(EXAMPLES)} examples x {len(TARGETS)} targets)",
                            [PYTHON, "-c", CATALOG, *EXAMPLES], "floor"))
    measure(subjects, rounds, env)
    rows = ["## Every example against the floor\n", f"{rounds} rounds, each render right after a run of the floor.\n",
            "| render | CPU median (ms) | ratio to the floor | peak RSS (MiB) |", "| --- | ---: | ---: | ---: |"]
    rows += [f"| {s.label} | {ms(s)} | {'1.00' if s.base == s.label else ratio_cell(s)} | {s.rss} |"
             for s in subjects]
    return rows


def scale_stages(tmp: Path, rounds: int, env: dict[str, str], rules: int, example_cpu: float) -> list[str]:
    """The steps of rendering N rules in one process, each the median of its CPU time over the rounds."""
    intent = tmp / f"rules-{rules}.yaml"
    intent.write_text(scaling_intent(rules))
    found: dict[str, list[float]] = {}
    rss: dict[str, int] = {}
    for _ in range(rounds + 1):
        result = subprocess.run([PYTHON, "-c", SCALE_STAGES, str(intent), str(tmp / "scale-stages")], cwd=ROOT,
                                env=env, capture_output=True, text=True, check=True)
        for line in result.stdout.splitlines():
            step, seconds, peak = line.split("\t")
            found.setdefault(step, []).append(float(seconds))
            rss[step] = max(rss.get(step, 0), int(peak))
    rows = [f"## Where the time of {rules:,} rules goes\n",
            f"`amlgen render` of {rules:,} FQDN rules (Terraform, AML611 lifted as above), its work step by step "
            f"in one process after its imports ({rounds} rounds, medians; the first run is not counted). The last "
            f"column compares each step with the whole CPU time of one example's render ({EXAMPLE}, Terraform, "
            "from the table above): the target leaves the work of 10,000 rules one example's time.\n",
            "| step | CPU median (ms) | µs per rule | peak RSS after it (MiB) | share of one example's render |",
            "| --- | ---: | ---: | ---: | ---: |"]
    total = 0.0
    for step, values in found.items():
        middle = statistics.median(values[1:])
        total += middle
        rows.append(f"| {step} | {middle * 1000:,.0f} | {middle / rules * 1e6:,.1f} | {rss[step]} | "
                    f"{middle / example_cpu:.2f} |")
    rows.append(f"| total | {total * 1000:,.0f} | {total / rules * 1e6:,.1f} | {max(rss.values())} | "
                f"{total / example_cpu:.2f} |")
    return rows


def stages(tmp: Path, rounds: int, env: dict[str, str], floor_cpu: float) -> list[str]:
    """The steps of one render in a fresh process, each the median of its CPU time over the rounds."""
    found: dict[str, list[float]] = {}
    intent = f"examples/{EXAMPLE}/intent.yaml"
    for _ in range(rounds + 1):
        result = subprocess.run([PYTHON, "-c", STAGES, intent, str(tmp / "stages")], cwd=ROOT, env=env,
                                capture_output=True, text=True, check=True)
        for line in result.stdout.splitlines():
            step, seconds = line.split("\t")
            found.setdefault(step, []).append(float(seconds))
    rows = ["## Where one render's time goes\n",
            f"`amlgen render {EXAMPLE} --target terraform`, step by step in a fresh process ({rounds} rounds, "
            "medians; the first run is not counted). The floor's run is the first two rows; the third and "
            "fourth are what any typer command line with one pydantic model adds.\n",
            "| step | CPU median (ms) | share of the floor's CPU time |", "| --- | ---: | ---: |"]
    total = 0.0
    for step, values in found.items():
        middle = statistics.median(values[1:])
        total += middle
        rows.append(f"| {step} | {middle * 1000:,.1f} | {middle / floor_cpu:.2f} |")
    rows.append(f"| total | {total * 1000:,.1f} | {total / floor_cpu:.2f} |")
    return rows


def _import_times(stderr: str) -> dict[str, float]:
    """Each module's own import time (ms) from `python -X importtime`'s report."""
    found: dict[str, float] = {}
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            own, _cumulative, name = line[len("import time:"):].split("|")
            if own.strip().isdigit():
                found[name.strip()] = int(own) / 1000
    return found


def _import_group(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "amlgen" else parts[0]


def imports(rounds: int, env: dict[str, str], floor_cpu: float, tmp: Path) -> list[str]:
    """What `amlgen render` imports beyond the floor, by package (amlgen by subpackage): the median over the
    rounds of each group's own import time, from `python -X importtime` (which adds its own overhead, so the
    figures are a little high; their shares are what to read)."""
    command = [*AMLGEN, "render", f"examples/{EXAMPLE}/intent.yaml", "--target", "terraform", "--out",
               str(tmp / "imports"), "--force"]
    found: dict[str, list[float]] = {}
    for index in range(rounds + 1):
        floor = _import_times(subprocess.run([PYTHON, "-X", "importtime", *FLOOR[1:]], cwd=ROOT, env=env,
                                             capture_output=True, text=True, check=True).stderr)
        render = _import_times(subprocess.run([PYTHON, "-X", "importtime", *command[1:]], cwd=ROOT, env=env,
                                              capture_output=True, text=True, check=True).stderr)
        groups: dict[str, float] = {}
        for module, own in render.items():
            if module not in floor:
                groups[_import_group(module)] = groups.get(_import_group(module), 0.0) + own
        if index:  # the first run is not counted
            for group, total in groups.items():
                found.setdefault(group, []).append(total)
            found.setdefault("total", []).append(sum(groups.values()))
    # A group some round did not import counts 0 ms in that round.
    medians = {group: statistics.median(values + [0.0] * (rounds - len(values))) for group, values in found.items()}
    rows = ["## What a render imports beyond the floor\n",
            f"`amlgen render {EXAMPLE} --target terraform` under `python -X importtime`, against the floor's "
            f"own run ({rounds} rounds, medians of each group's own import time; the first run is not "
            "counted). Modules the floor imports are left out; each third-party package is one row and amlgen "
            "one row per subpackage. Import time includes what a module does when it is imported: for "
            "amlgen.intent, building its pydantic models.\n",
            "| imported | ms | share of the floor's CPU time |", "| --- | ---: | ---: |"]
    ordered = sorted((g for g in medians if g != "total"), key=lambda g: -medians[g])
    shown = [g for g in ordered if medians[g] >= 1.0]
    rows += [f"| {g} | {medians[g]:,.1f} | {medians[g] / 1000 / floor_cpu:.2f} |" for g in shown]
    rest = sum(medians[g] for g in ordered if g not in shown)
    rows.append(f"| {len(ordered) - len(shown)} more, under 1 ms each | {rest:,.1f} | {rest / 1000 / floor_cpu:.2f} |")
    rows.append(f"| total | {medians['total']:,.1f} | {medians['total'] / 1000 / floor_cpu:.2f} |")
    return rows


def verdict(value: float | None, limit: float, unit: str = "x") -> str:
    if value is None:
        return "not measured"
    return f"{value:.2f}{unit}: {'met' if value <= limit else 'not met'}"


def summary(start: list[Subject], scale: list[Subject]) -> list[str]:
    found = {s.label: s for s in start + scale}
    rows = ["## Targets\n", "| target | measured | limit | |", "| --- | --- | ---: | --- |"]
    for target in TARGETS:
        subject = found[f"`amlgen render {EXAMPLE} --target {target}`"]
        middle = statistics.median(subject.ratios)
        rows.append(f"| render one example ({target}) / floor | {ratio_cell(subject)} | 2.0 (stretch 1.5) | "
                    f"{verdict(middle, 2.0)}{', stretch met' if middle <= 1.5 else ''} |")
    for label, name in ((f"`amlgen validate {EXAMPLE}`", "validate"),
                        (f"`amlgen check {EXAMPLE} --target terraform` (up to date)", "check")):
        rows.append(f"| {name} one example / floor | {ratio_cell(found[label])} | 2.0 | "
                    f"{verdict(statistics.median(found[label].ratios), 2.0)} |")
    rules = found.get("10,000 rules (terraform)")
    if rules is not None:
        rows.append(f"| 10,000 rules (terraform) / one example (terraform) | {ratio_cell(rules)} | 2.0 | "
                    f"{verdict(statistics.median(rules.ratios), 2.0)} |")
        rows.append(f"| peak RSS at 10,000 rules (terraform) | {rules.rss} MiB | 100 MiB | "
                    f"{'met' if rules.rss <= 100 else 'not met'} |")
    low, high = slope(scale, 1_000, 10_000, "terraform"), slope(scale, 10_000, 50_000, "terraform")
    if low and high:
        rows.append(f"| cost per rule, 10,000 to 50,000 / 1,000 to 10,000 (terraform) | {high / low:.2f} | 1.25 | "
                    f"{verdict(high / low, 1.25)} |")
    bicep = found.get(f"{BICEP_LOOP_LIMIT} rules (bicep)")
    if bicep is not None:
        rows.append(f"| {BICEP_LOOP_LIMIT} rules, Bicep's loop limit / one example (bicep) | {ratio_cell(bicep)} | "
                    f"2.0 | {verdict(statistics.median(bicep.ratios), 2.0)} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--catalog-rounds", type=int, default=3, help="rounds of every example (0: skip)")
    parser.add_argument("--sizes", default="100,800,1000,10000,50000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    # Measure what a wheel runs: its templates compiled (in a checkout, into templates/_compiled/).
    subprocess.run([PYTHON, "scripts/compile_templates.py"], cwd=ROOT, check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = environment(tmp)
        start, start_rows = startup(tmp, args.rounds, env)
        print("\n".join(start_rows), flush=True)
        stage_rows = stages(tmp, args.rounds, env, statistics.median(start[0].cpu))
        print("\n".join(stage_rows), flush=True)
        import_rows = imports(args.rounds, env, statistics.median(start[0].cpu), tmp)
        print("\n".join(import_rows), flush=True)
        scale, scale_rows = scaling(tmp, args.rounds, env, sizes)
        print("\n".join(scale_rows), flush=True)
        example = next(s for s in scale if s.label == f"{EXAMPLE} (terraform)")
        work_rows = scale_stages(tmp, max(5, args.rounds // 4), env, 10_000, statistics.median(example.cpu))
        print("\n".join(work_rows), flush=True)
        catalog_rows = catalog(tmp, args.catalog_rounds, env) if args.catalog_rounds else []
        print("\n".join(catalog_rows), flush=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = ["# Render benchmarks\n",
              f"Measured {stamp} by `python benchmarks/render.py --rounds {args.rounds} --catalog-rounds "
              f"{args.catalog_rounds}` on {platform.machine()}, {os.cpu_count()} CPUs, Python "
              f"{platform.python_version()}, with compiled bytecode (as installed). The machine is shared, so "
              "absolute times move with its load; the ratios pair runs made one right after the other.\n"]
    text = "\n".join([*header, *summary(start, scale), "", *start_rows, "", *stage_rows, "", *import_rows, "",
                      *scale_rows, "", *work_rows, "", *catalog_rows]) + "\n"
    # The hand-written reading of a run (see README.md) is kept; it names the run it was written for.
    previous = args.out.read_text() if args.out.exists() else ""
    if READING in previous:
        text += "\n" + previous[previous.index(READING):]
    args.out.write_text(text)
    print("\n".join(summary(start, scale)))
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
