#!/usr/bin/env bash
# What a no-op render does to an output folder that holds a 300 MB .terraform: the file-system calls of
# one `amlgen render` (strace), in a fresh process. Pass another amlgen's source folder (its generator/,
# with templates/ and examples/ copied into generator/amlgen/) to compare, e.g. one from `git archive`.
#   bash benchmarks/writer_io.sh [OTHER_GENERATOR_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
INTENT=$ROOT/examples/managed-vnet-approved-outbound/intent.yaml
AMLGEN="import sys; from amlgen.cli import main; sys.argv[0] = 'amlgen'; main()"
sources=("")
if [ $# -gt 0 ]; then sources+=("$1"); fi
for source in "${sources[@]}"; do
  label=${source:-this tree}
  work=$(mktemp -d)
  PYTHONPATH=$source "$PYTHON" -c "$AMLGEN" render "$INTENT" -t terraform -o "$work/infra" >/dev/null 2>&1
  mkdir -p "$work/infra/.terraform/providers"
  head -c 300M /dev/zero > "$work/infra/.terraform/providers/provider.bin"
  PYTHONPATH=$source strace -f -qq -o "$work/trace" \
    -e trace=write,rename,renameat2,unlink,unlinkat,mkdir,mkdirat,openat,copy_file_range,sendfile \
    "$PYTHON" -c "$AMLGEN" render "$INTENT" -t terraform -o "$work/infra" >/dev/null 2>&1
  sum() { grep -E "$1" "$work/trace" | awk -F'= ' '{s += $NF} END {print s + 0}'; }
  echo "$label: written $(grep -E '^[0-9]+ +write[(]' "$work/trace" | grep -vE 'write[(][12],' \
    | awk -F'= ' '{s += $NF} END {print s + 0}') B, copied $(sum 'copy_file_range|sendfile') B," \
    "renames $(grep -cE 'rename' "$work/trace" || true), unlinks $(grep -cE 'unlink' "$work/trace" || true)," \
    "opened for writing $(grep -E 'openat[(].*O_(WRONLY|RDWR)' "$work/trace" | grep -c "$work" || true)"
  rm -rf "$work"
done
