"""Every generated file parses with a real parser, and Bicep follows the linter's defaults."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.helpers import (
    TARGETS,
    bicep_code_only,
    example_names,
    parse_bicep,
    parse_bicepparam,
    parse_hcl,
    parse_markdown,
    parse_mermaid,
    render_example,
)

FILES = [(name, target, path) for name in example_names() for target in TARGETS
         for path in render_example(name, target)]
IDS = [f"{n}--{t}--{p}" for n, t, p in FILES]


@pytest.mark.parametrize(("example", "target", "path"), FILES, ids=IDS)
def test_file_parses(example: str, target: str, path: str) -> None:
    text = render_example(example, target)[path]
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


BICEP = [(name, path) for name in example_names() for path in render_example(name, "bicep")
         if path.endswith(".bicep")]


@pytest.mark.parametrize(("example", "path"), BICEP, ids=[f"{n}--{p}" for n, p in BICEP])
def test_bicep_linter_defaults(example: str, path: str) -> None:
    """no-unused-params, no-unused-vars, a description on every parameter, no hard-coded locations."""
    text = render_example(example, "bicep")[path]
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
        passed = module["config"]["params"]
        assert set(passed) == set(declared), f"module {symbol}: passes {set(passed) ^ set(declared)}"
