"""The compute VM sizes (compute_vm_sizes.json): the file's shape and sources, every size filed under the series its
name belongs to, and the check's split by certainty (AML802 certain, AML812 retired, AML811 outside the series)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from amlgen.azure.lists import VM_SIZE_SHAPE, compute_vm_size_problem
from tests.helpers import EXAMPLES, ROOT, example_names


def _compute_sizes_file() -> dict[str, Any]:
    return json.loads((ROOT / "generator" / "amlgen" / "azure" / "compute_vm_sizes.json").read_text(encoding="utf-8"))


def test_compute_vm_sizes_file_shape_and_sources() -> None:
    data = _compute_sizes_file()
    assert set(data) == {"description", "source", "retrieved", "note", "clusters_only", "series"}
    assert data["retrieved"] == "2026-12-03" and "concept-compute-target.md" in data["source"]
    assert set(data["clusters_only"]) <= set(data["series"])
    seen: set[str] = set()
    for name, series in data["series"].items():
        assert set(series) <= {"pattern", "sizes", "sources", "retired", "unverified"}, name
        assert series["sizes"] and (series["sources"] or series.get("unverified")), name
        for source in series["sources"]:
            assert set(source) == {"repo", "path", "commit"} and re.fullmatch(r"[0-9a-f]{40}", source["commit"])
        if "retired" in series:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", series["retired"]["on"]) and series["retired"]["source"]
        for size in series["sizes"]:
            # Filed under the series its name belongs to, spelled as Azure names sizes, and filed once.
            assert re.fullmatch(series["pattern"], size), (name, size)
            assert VM_SIZE_SHAPE.fullmatch(size), size
            assert size.lower() not in seen, size
            seen.add(size.lower())


@pytest.mark.parametrize(("size", "instances", "expected"), [
    ("Standard_DS3_v2", True, None),
    ("standard_ds3_v2", True, None),                 # Azure compares sizes without regard to case
    ("Standard_HC44-16rs", True, None),              # constrained-core sizes the size article lists
    ("Standard_E64is_v3", True, None),
    ("Standard_ND96isr_H100_v5", True, None),        # series added to the article's table
    ("Standard_FX4mds", False, None),
    ("Standard_FX4mds", True, "certain"),            # FX runs clusters only
    ("DS3_v2", False, "certain"),                    # not a VM size name at all
    ("Standard DS3 v2", False, "certain"),
    ("Standard_DS3_v9", False, "uncertain"),         # well formed, outside the listed series
    ("Standard_D4s_v5", False, "uncertain"),
    ("Standard_NC6s_v3", False, "retired"),
    ("Standard_NC6", True, "retired"),
])
def test_compute_vm_size_problem_by_certainty(size: str, instances: bool, expected: str | None) -> None:
    problem = compute_vm_size_problem(size, instances)
    if expected is None:
        assert problem is None
        return
    assert problem is not None
    assert (problem.certain, problem.retired) == {"certain": (True, False), "uncertain": (False, False),
                                                  "retired": (False, True)}[expected]


def test_compute_vm_size_suggestions() -> None:
    typo = compute_vm_size_problem("Standard_DS3_v9", instances=True)
    assert typo is not None and "'Standard_DS3_v2'" in typo.message and "az ml compute list-sizes" in typo.message
    bare = compute_vm_size_problem("DS3_v2", instances=True)
    assert bare is not None and "did you mean 'Standard_DS3_v2'" in bare.message
    retired = compute_vm_size_problem("Standard_NC6s_v3", instances=True)
    assert retired is not None and "NCasT4_v3" in retired.message


def test_every_example_compute_size_is_supported_and_current() -> None:
    for name in example_names():
        intent = yaml.safe_load((EXAMPLES / name / "intent.yaml").read_text(encoding="utf-8"))
        compute = intent.get("compute") or {}
        for kind in ("clusters", "instances"):
            for item in compute.get(kind) or []:
                assert compute_vm_size_problem(item["vm_size"], kind == "instances") is None, (name, item)
