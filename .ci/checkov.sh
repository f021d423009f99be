#!/usr/bin/env bash
# Security scan: render every catalog example for both targets and run checkov over each.
#
# checkov lives in its own virtual environment: it pins old versions of shared packages and installs
# a fork that replaces python-hcl2's `hcl2` module, which would silently change what the project's
# tests parse. It runs with --skip-download (no network), and .ci/checkov_report.py fails the run on
# parsing errors (checkov reports them with exit 0) and, for the examples examples/README.md marks
# secure, on any failed check or any suppression without a reason.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION=3.3.30
venv=${CHECKOV_VENV:-.venv-checkov}
amlgen=${AMLGEN:-.venv/bin/amlgen}

if [ ! -x "$venv/bin/checkov" ] || ! "$venv/bin/checkov" --version 2>/dev/null | grep -qx "$CHECKOV_VERSION"; then
  echo "checkov: installing checkov==$CHECKOV_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "checkov==$CHECKOV_VERSION"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The targets and checkov's framework for each come from amlgen's target registry.
python=${AMLGEN_PYTHON:-.venv/bin/python}
targets=$("$python" -c 'from amlgen.targets import TARGETS; print(" ".join(f"{t.name}:{t.scanner}" for t in TARGETS.values()))')

for intent in examples/*/intent.yaml; do
  example=$(basename "$(dirname "$intent")")
  for entry in $targets; do
    target=${entry%%:*}
    framework=${entry#*:}
    out="$work/$example/$target"
    "$amlgen" render "$intent" --target "$target" --out "$out" >/dev/null
    if [ "$framework" = bicep ]; then
      # checkov 3.3.30's Bicep parser (pycep-parser 0.5.1) knows a fixed list of decorators and reports a
      # parsing error for @onlyIfNotExists() (deploy a resource only when it is absent), which changes no
      # property a check reads. Scan the files without it, so every resource is still scanned.
      find "$out" -name '*.bicep' -exec sed -i '/^@onlyIfNotExists()$/d' {} +
    fi
    # Exit code 1 only means failed checks; the report below judges them. Anything else is an error.
    status=0
    "$venv/bin/checkov" -d "$out" --framework "$framework" --skip-download -o json \
      >"$work/$example.$target.json" 2>"$work/$example.$target.log" || status=$?
    if [ "$status" -gt 1 ]; then
      echo "checkov: $example ($target) exited $status" >&2
      cat "$work/$example.$target.log" >&2
      exit 1
    fi
  done
done

"$venv/bin/python" .ci/checkov_report.py examples/README.md "$work"
