"""Every generated file parses with a real parser, and Bicep follows the linter's defaults."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest
import yaml

from tests.catalog_files import DistinctFile, file_params
from tests.helpers import (
    bicep_code_only,
    example_names,
    parse_bicep,
    parse_bicepparam,
    parse_hcl,
    parse_markdown,
    parse_mermaid,
    render_example,
)


def _check_parses(path: str, text: str) -> None:
    if path.endswith((".tf", ".tfvars.example")):
        assert isinstance(parse_hcl(text), dict)
    elif path.endswith(".bicep"):
        parsed = parse_bicep(text)
        assert parsed.get("resources") or parsed.get("modules"), f"{path} declares nothing"
    elif path.endswith(".bicepparam"):
        assert parse_bicepparam(text)
    elif path.endswith(".yml"):
        assert isinstance(yaml.safe_load(text), dict)
    elif path.endswith(".md"):
        parsed = parse_markdown(text)  # every table's rows must have its header's cell count
        assert parsed["tables"], f"{path} has no table"
        for info, content in parsed["fences"]:
            if info == "mermaid":
                assert parse_mermaid(content)["edges"], f"{path}: the diagram has no edges"
    else:
        pytest.fail(f"no parser for {path}")


def _kind(path: str) -> str:
    return ".tfvars.example" if path.endswith(".tfvars.example") else PurePosixPath(path).suffix


@pytest.mark.parametrize("file", file_params())
def test_file_parses(file: DistinctFile) -> None:
    # One content could sit under names that need different parsers: parse it once per kind of name.
    by_kind = {_kind(path): path for path in sorted(file.paths, reverse=True)}
    for path in by_kind.values():
        _check_parses(path, file.text)


@pytest.mark.parametrize("file", file_params(".bicep"))
def test_bicep_linter_defaults(file: DistinctFile) -> None:
    """no-unused-params, no-unused-vars, a description on every parameter, no hard-coded locations."""
    text = file.text
    parsed = parse_bicep(text)
    code = bicep_code_only(text)
    for name, param in parsed.get("parameters", {}).items():
        assert any(d["type"] == "description" for d in param["decorators"]), f"param {name} lacks @description"
        uses = re.findall(rf"\b{name}\b", code)
        assert len(uses) >= 2, f"param {name} is never used"
    for name in parsed.get("variables", {}):
        assert len(re.findall(rf"\b{name}\b", code)) >= 2, f"var {name} is never used"
    for line in text.splitlines():
        match = re.match(r"\s*location: '([^']*)'", line)
        assert match is None or match.group(1) == "global", f"hard-coded location: {line.strip()}"


@pytest.mark.parametrize("example", example_names())
def test_bicepparam_matches_main(example: str) -> None:
    files = render_example(example, "bicep")
    declared = parse_bicep(files["main.bicep"])["parameters"]
    values = parse_bicepparam(files["main.bicepparam"])
    assert set(values) <= set(declared), "main.bicepparam sets a parameter main.bicep does not declare"
    required = {name for name, param in declared.items() if param["default"] is None}
    assert required <= set(values), f"main.bicepparam misses {required - set(values)}"


@pytest.mark.parametrize("example", example_names())
def test_bicep_modules_receive_exactly_their_parameters(example: str) -> None:
    files = render_example(example, "bicep")
    main = parse_bicep(files["main.bicep"])
    for symbol, module in main["modules"].items():
        path = module["detail"]["path"]
        declared = parse_bicep(files[path]).get("parameters", {})
        passed = module["config"].get("params", {})
        assert set(passed) == set(declared), f"module {symbol}: passes {set(passed) ^ set(declared)}"
