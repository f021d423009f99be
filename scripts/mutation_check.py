"""Apply a known mutation to a copy of the source and show which tests, other than the golden snapshots,
catch it.

    .venv/bin/python scripts/mutation_check.py            # every mutation below
    .venv/bin/python scripts/mutation_check.py storage-default-allow

Each mutation is a change a careless edit could make: it must fail at least one test that is not a golden
snapshot (goldens are regenerated with --snapshot-update, which would remove them as a safety net). The
copy lives in a temporary folder; the working tree is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name -> (file, text to replace, replacement)
MUTATIONS = {
    # The plan decides a closed storage account allows traffic no rule admits (both targets agree).
    "storage-default-allow": ("generator/amlgen/kinds/associated/storage_account.py",
                              '"networkAcls": {"defaultAction": default_action(public)',
                              '"networkAcls": {"defaultAction": "Allow"'),
    # Only the Bicep printer writes an NSG rule's source as any address (the targets disagree).
    "bicep-nsg-source-any": ("generator/amlgen/targets/bicep/values.py",
                             "                lines.append(f\"{pad}  {bicep_key(key)}: {self.spell(item, indent + 2, "
                             "child, note)}\\n\")",
                             "                item = '*' if key == 'sourceAddressPrefix' else item\n"
                             "                lines.append(f\"{pad}  {bicep_key(key)}: {self.spell(item, indent + 2, "
                             "child, note)}\\n\")"),
    # A well-formed size outside the listed series refused as certainly wrong (blocks sizes Azure may accept).
    "compute-size-uncertain-as-error": ("generator/amlgen/rules/compute.py",
                                        '"AML802" if size.certain else',
                                        '"AML802" if True else'),
    # A retired series accepted as supported.
    "compute-size-retired-accepted": ("generator/amlgen/azure/lists.py",
                                      "    if retired is not None:\n",
                                      "    if False:\n"),
}


def run(name: str) -> bool:
    path, old, new = MUTATIONS[name]
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "repo"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv*", ".git", "__pycache__", ".pytest_cache",
                                                                  ".hypothesis", "infra"))
        target = copy / path
        text = target.read_text()
        if old not in text:
            print(f"{name}: the code to mutate is not in {path} any more; update the mutation")
            return False
        target.write_text(text.replace(old, new, 1))
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
             "--ignore", "tests/test_golden.py", "--deselect", "tests/test_golden.py", "-m", "not slow",
             "-o", "addopts=", "tests"],
            cwd=copy, capture_output=True, text=True, env={"PYTHONPATH": str(copy / "generator"),
                                                           "PATH": "/usr/bin:/bin"})
    failed = sorted({line.split(" ")[1] for line in result.stdout.splitlines() if line.startswith("FAILED ")})
    print(f"{name}: {len(failed)} non-golden test(s) fail")
    for test in failed:
        print(f"  {test}")
    return bool(failed)


def main() -> int:
    names = sys.argv[1:] or list(MUTATIONS)
    caught = [run(name) for name in names]
    return 0 if all(caught) else 1


if __name__ == "__main__":
    raise SystemExit(main())
