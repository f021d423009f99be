"""Judge checkov's JSON reports written by .ci/checkov.sh (stdlib only: runs in checkov's venv).

Usage: checkov_report.py examples/README.md REPORT_DIR, where REPORT_DIR holds EXAMPLE.TARGET.json.
Fails when a report has parsing errors or scanned nothing, and, for the examples the catalog marks
secure, when a check failed or a suppression gives no reason. Prints which checks ran and passed.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path


def secure_examples(readme: Path) -> set[str]:
    """Examples whose row in the catalog table ends with `| yes |`."""
    found = set()
    for line in readme.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        link = re.search(r"\]\(([^)/]+)/?\)", line)
        if link and cells and cells[-1].lower() == "yes":
            found.add(link.group(1))
    return found


def reports(path: Path) -> list[dict]:
    data = json.loads(path.read_text() or "{}")
    return data if isinstance(data, list) else [data]


def main() -> int:
    readme, folder = Path(sys.argv[1]), Path(sys.argv[2])
    secure = secure_examples(readme)
    if not secure:
        print(f"checkov: {readme} marks no example secure", file=sys.stderr)
        return 1
    problems: list[str] = []
    passed_ids: dict[str, set[str]] = defaultdict(set)
    skipped: dict[str, set[str]] = defaultdict(set)
    print(f"{'example':40} {'target':10} {'passed':>6} {'failed':>6} {'skipped':>7} {'parse errors':>12}")
    for path in sorted(folder.glob("*.json")):
        example, target = path.stem.rsplit(".", 1)
        for report in reports(path):
            summary = report.get("summary", report)
            results = report.get("results", {})
            label = f"{example} ({target})"
            print(f"{example:40} {target:10} {summary.get('passed', 0):>6} {summary.get('failed', 0):>6} "
                  f"{summary.get('skipped', 0):>7} {summary.get('parsing_errors', 0):>12}")
            if summary.get("parsing_errors") or results.get("parsing_errors"):
                problems.append(f"{label}: parsing errors in {results.get('parsing_errors')}")
            if not summary.get("resource_count"):
                problems.append(f"{label}: checkov scanned no resource")
            for check in results.get("passed_checks", []):
                passed_ids[target].add(check["check_id"])
            for check in results.get("skipped_checks", []):
                reason = check.get("check_result", {}).get("suppress_comment", "")
                skipped[target].add(check["check_id"])
                if not reason or reason == "No comment provided":
                    problems.append(f"{label}: {check['check_id']} on {check['resource']} is skipped without a reason")
            if example in secure:
                for check in results.get("failed_checks", []):
                    problems.append(f"{label}: {check['check_id']} failed on {check['resource']} "
                                    f"({check['check_name']})")
    for target in sorted(passed_ids):
        print(f"checks passed ({target}): {' '.join(sorted(passed_ids[target]))}")
        print(f"checks suppressed with a reason ({target}): {' '.join(sorted(skipped[target]))}")
    print(f"secure examples (no failed check allowed): {', '.join(sorted(secure))}")
    for problem in problems:
        print(f"checkov: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
