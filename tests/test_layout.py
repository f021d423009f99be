"""Generated code is laid out as its ecosystem's formatter and linter want it.

No terraform binary can be installed here, so the rules `terraform fmt` applies are checked directly:
two-space indents, '=' aligned within runs of single-line arguments (hclwrite ends a run at any line
without a whole 'name = value': a blank line, a comment, a block, a multi-line value), one space before
the '=' of a multi-line value, blank lines around blocks, count/for_each first and depends_on/lifecycle
last. Bicep follows the linter's defaults beyond those in test_parse.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.helpers import bicep_code_only, example_names, parse_bicep, render_example, render_text

TF = [(name, path) for name in example_names() for path in render_example(name, "terraform")
      if path.endswith((".tf", ".tfvars.example"))]
BICEP = [(name, path) for name in example_names() for path in render_example(name, "bicep")
         if path.endswith(".bicep")]

_ASSIGN = re.compile(r"^( *)([A-Za-z_][A-Za-z0-9_-]*|\"[^\"]*\")( +)= (.*)$")
_BLOCK = re.compile(r"^( *)[a-z_][a-z0-9_]*( \"[^\"]*\")* \{$")
_OPEN, _CLOSE = "{[(", "}])"


def _code(line: str) -> str:
    """A line of HCL without its string contents and trailing comment, for bracket counting."""
    out, index, quoted = [], 0, False
    while index < len(line):
        char = line[index]
        if quoted:
            if char == "\\":
                index += 1
            elif char == '"':
                quoted = False
                out.append(char)
        elif char == '"':
            quoted = True
            out.append(char)
        elif char == "#" or line.startswith("//", index):
            break
        else:
            out.append(char)
        index += 1
    assert not quoted, f"unterminated string: {line!r}"
    return "".join(out)


def _closes(code: str) -> bool:
    """Whether a line starts with a closing bracket."""
    first = code.lstrip()[:1]
    return bool(first) and first in _CLOSE


def _net(code: str) -> int:
    return sum(code.count(c) for c in _OPEN) - sum(code.count(c) for c in _CLOSE)


@dataclass
class Line:
    number: int
    text: str
    depth: int  # nesting before the line
    code: str

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def comment(self) -> bool:
        return self.text.lstrip().startswith(("#", "//"))

    @property
    def single_assignment(self) -> re.Match | None:
        """A whole 'name = value' on one line: what hclwrite aligns."""
        match = _ASSIGN.match(self.text)
        return match if match and _net(self.code) == 0 else None

    @property
    def opens_multiline_value(self) -> bool:
        return bool(_ASSIGN.match(self.text)) and _net(self.code) > 0 and not _BLOCK.match(self.text)


def _lines(text: str) -> list[Line]:
    lines, depth = [], 0
    for number, raw in enumerate(text.split("\n")[:-1], start=1):
        code = _code(raw)
        lines.append(Line(number, raw, depth, code))
        depth += _net(code)
        assert depth >= 0, f"line {number}: more closing than opening brackets"
    assert depth == 0, "unbalanced brackets"
    return lines


def terraform_layout_errors(text: str) -> list[str]:
    errors = []
    if not text.endswith("\n") or text.endswith("\n\n"):
        errors.append("the file must end with exactly one newline")
    lines = _lines(text)
    for line in lines:
        where = f"line {line.number}"
        if line.text != line.text.rstrip():
            errors.append(f"{where}: trailing whitespace")
        if "\t" in line.text:
            errors.append(f"{where}: tab")
        if line.blank:
            continue
        closing = _closes(line.code)
        expected = 2 * (line.depth - (1 if closing else 0))
        indent = len(line.text) - len(line.text.lstrip(" "))
        if indent != expected:
            errors.append(f"{where}: indented {indent}, terraform fmt indents {expected}")
        if line.opens_multiline_value and not re.match(r"^ *\S+ = ", line.text):
            errors.append(f"{where}: a multi-line value's '=' takes one space before it")
    errors += _alignment_errors(lines)
    errors += _block_spacing_errors(lines)
    errors += _meta_argument_errors(lines)
    return errors


def _alignment_errors(lines: list[Line]) -> list[str]:
    errors, run = [], []

    def close() -> None:
        if run:
            columns = {len(m.group(1)) + len(m.group(2)) + len(m.group(3)) for _, m in run}
            widest = max(len(m.group(1)) + len(m.group(2)) for _, m in run)
            if columns != {widest + 1}:
                errors.append(f"lines {run[0][0].number}-{run[-1][0].number}: '=' not aligned one space "
                              "after the longest name")
        run.clear()

    for line in lines:
        match = line.single_assignment
        if match:
            run.append((line, match))
        else:
            close()
    close()
    return errors


def _block_spacing_errors(lines: list[Line]) -> list[str]:
    """Blocks are set apart: a blank line (or the parent's opening line, or a comment so placed) before
    each, and a blank line (or a closing bracket) after it."""
    errors = []
    for index, line in enumerate(lines):
        if not _BLOCK.match(line.text):
            continue
        before = index - 1
        while before >= 0 and lines[before].comment:
            before -= 1
        if before >= 0 and not (lines[before].blank or lines[before].code.rstrip().endswith("{")):
            errors.append(f"line {line.number}: no blank line before the block")
        end = index + 1
        while not (lines[end].depth == line.depth + 1 and lines[end].code.lstrip()[:1] == "}"):
            end += 1
        following = lines[end + 1] if end + 1 < len(lines) else None
        if following and not (following.blank or _closes(following.code)):
            errors.append(f"line {lines[end].number}: no blank line after the block")
    return errors


def _meta_argument_errors(lines: list[Line]) -> list[str]:
    """In resource, data and module bodies: count/for_each first, depends_on/lifecycle last."""
    errors = []
    for index, line in enumerate(lines):
        if not re.match(r"^(resource|data|module) ", line.text) or not line.text.endswith("{"):
            continue
        body, cursor = [], index + 1
        while cursor < len(lines) and lines[cursor].depth > 0:
            if lines[cursor].depth == 1 and not lines[cursor].blank and not lines[cursor].comment:
                body.append(lines[cursor].text.strip().split(" ")[0])
            cursor += 1
        items = [item for item in body if item not in ("}", "]", ")")]
        for meta in ("count", "for_each"):
            if meta in items and items.index(meta) != 0:
                errors.append(f"line {line.number}: {meta} must be the first argument")
        tail = [item for item in items if item in ("depends_on", "lifecycle")]
        if tail and items[-len(tail):] != tail:
            errors.append(f"line {line.number}: depends_on and lifecycle must come last")
    return errors


@pytest.mark.parametrize(("example", "path"), TF, ids=[f"{n}--{p}" for n, p in TF])
def test_terraform_files_follow_terraform_fmt_layout(example: str, path: str) -> None:
    assert terraform_layout_errors(render_example(example, "terraform")[path]) == []


def test_the_layout_checker_catches_what_terraform_fmt_would_change() -> None:
    good = 'resource "a" "b" {\n  count = 1\n  name  = "x"\n\n  tags = {\n    a = "b"\n  }\n\n  depends_on = [c.d]\n}\n'
    assert terraform_layout_errors(good) == []
    misaligned = good.replace('  name  = "x"', '  name = "x"')
    assert any("not aligned" in e for e in terraform_layout_errors(misaligned))
    indented = good.replace('    a = "b"', '      a = "b"')
    assert any("indented 6" in e for e in terraform_layout_errors(indented))
    late_count = 'resource "a" "b" {\n  name  = "x"\n  count = 1\n}\n'
    assert any("count must be" in e for e in terraform_layout_errors(late_count))
    early_depends = 'resource "a" "b" {\n  depends_on = [c.d]\n  name       = "x"\n}\n'
    assert any("must come last" in e for e in terraform_layout_errors(early_depends))
    crowded = 'resource "a" "b" {\n  name = "x"\n  identity {\n    type = "y"\n  }\n}\n'
    assert any("no blank line before" in e for e in terraform_layout_errors(crowded))
    trailing = good.replace('count = 1', 'count = 1 ')
    assert any("trailing whitespace" in e for e in terraform_layout_errors(trailing))
    padded_multiline = good.replace("  tags = {", "  tags  = {")
    assert any("one space" in e for e in terraform_layout_errors(padded_multiline))


def test_hostile_values_keep_the_layout() -> None:
    intent = """version: 1
name: contoso-ml
location: eastus
tags:
  "with space": 'quote " brace { # hash'
  a: "${x} %{y}"
workspace:
  public_network_access: enabled
"""
    for path, text in render_text(intent, "terraform").items():
        if path.endswith((".tf", ".tfvars.example")):
            assert terraform_layout_errors(text) == [], path


# --- Bicep ---------------------------------------------------------------------------------------

# The linter's default disallowed hosts (no-hardcoded-env-urls), from its documentation.
DISALLOWED_HOSTS = ("gallery.azure.com", "management.core.windows.net", "management.azure.com",
                    "database.windows.net", "core.windows.net", "login.microsoftonline.com", "graph.windows.net",
                    "trafficmanager.net", "datalake.azure.net", "azuredatalakestore.net",
                    "azuredatalakeanalytics.net", "vault.azure.net", "api.loganalytics.io", "asazure.windows.net",
                    "region.asazure.windows.net", "batch.core.windows.net")
SECRET_NAME = re.compile(r"password|secret|token|connectionstring|(?<!vault)(?<!Vault)key(?!vault|Vault)s?$",
                         re.IGNORECASE)


def _unnecessary_depends_on(parsed: dict) -> list[str]:
    """no-unnecessary-dependson: a dependsOn entry the resource's body already references symbolically.
    An entry the body does not reference (an ordering the references cannot express) is necessary."""
    import json

    errors = []
    for name, resource in {**parsed.get("resources", {}), **parsed.get("modules", {})}.items():
        config = resource.get("config", {})
        config = config.get("config", config)  # loops wrap the body once more
        body = json.dumps({k: v for k, v in config.items() if k != "dependsOn"})
        for dependency in config.get("dependsOn") or []:
            if re.search(rf"\b{re.escape(str(dependency))}\b", body):
                errors.append(f"no-unnecessary-dependson: {name} depends on {dependency}, which it references")
    return errors


def _bicep_errors(text: str) -> list[str]:
    errors = []
    parsed = parse_bicep(text)
    strings = re.findall(r"'(?:\\.|[^'\\])*'", bicep_code_only(text, keep_strings=True))
    for literal in strings:
        for host in DISALLOWED_HOSTS:
            if re.search(rf"(^|[^a-z0-9-]){re.escape(host)}($|[^a-z0-9.-])", literal[1:-1], re.IGNORECASE):
                errors.append(f"no-hardcoded-env-urls: {literal}")
    for name, param in parsed.get("parameters", {}).items():
        secure = any(d["type"] == "secure" for d in param["decorators"])
        if SECRET_NAME.search(name) and not secure:
            errors.append(f"secure-secrets-in-params: param {name} lacks @secure()")
    for name in parsed.get("outputs", {}):
        if SECRET_NAME.search(name):
            errors.append(f"outputs-should-not-contain-secrets: output {name}")
    code = bicep_code_only(text)
    for pattern, rule in ((r"\bresourceId\(", "use-resource-symbol-reference: resourceId()"),
                          (r"\breference\(", "use-resource-symbol-reference: reference()"),
                          (r"\blist[A-Z]\w*\(", "outputs-should-not-contain-secrets: list*()")):
        errors += [f"{rule}: {line.strip()}" for line in code.splitlines() if re.search(pattern, line)]
    errors += _unnecessary_depends_on(parsed)
    for line in bicep_code_only(text, keep_strings=True).splitlines():
        if re.match(r"\s*name: '[^']*/", line):
            errors.append(f"use-parent-property: {line.strip()}")
    for line in text.splitlines():
        if line != line.rstrip() or "\t" in line:
            errors.append(f"whitespace: {line!r}")
        indent = len(line) - len(line.lstrip(" "))
        if indent % 2:
            errors.append(f"indent: {line!r}")
    return errors


@pytest.mark.parametrize(("example", "path"), BICEP, ids=[f"{n}--{p}" for n, p in BICEP])
def test_bicep_follows_more_linter_defaults(example: str, path: str) -> None:
    assert _bicep_errors(render_example(example, "bicep")[path]) == []


def test_the_bicep_checks_catch_what_the_linter_reports() -> None:
    base = ("@description('x')\nparam adminPassword string\n\n"
            "resource z 'Microsoft.Network/privateDnsZones@2024-06-01' = {\n"
            "  name: 'privatelink.blob.core.windows.net'\n  location: 'global'\n}\n\n"
            "output keyId string = resourceId('Microsoft.Network/privateDnsZones', 'a')\n")
    errors = "\n".join(_bicep_errors(base))
    for rule in ("no-hardcoded-env-urls", "secure-secrets-in-params", "use-resource-symbol-reference"):
        assert rule in errors
    assert _bicep_errors("@description('x')\nparam keyVaultId string\n\nresource z 'T@1' = {\n"
                         "  name: 'privatelink.blob.${environment().suffixes.storage}'\n}\n") == []


EXISTING_ZONES = """version: 1
name: contoso-ml
location: eastus
cloud: {cloud}
workspace:
  managed_network:
    isolation_mode: allow_internet_outbound
inbound:
  private_endpoint:
    subnet_id: {subnet_id}
dns:
  zones: existing
  zone_ids:
{zone_ids}"""


@pytest.mark.parametrize("cloud", ["AzureCloud", "AzureChinaCloud", "AzureUSGovernment"])
def test_bicep_with_existing_zones_in_every_cloud_follows_the_linter(cloud: str) -> None:
    from amlgen.kinds.associated import private_link_groups

    zones = [zone for link in private_link_groups() for zone in link.zone_names(cloud)]
    ids = "".join(f"    {zone}: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/"
                  f"Microsoft.Network/privateDnsZones/{zone}\n" for zone in zones)
    subnet = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/"
              "Microsoft.Network/virtualNetworks/vnet/subnets/pe")
    files = render_text(EXISTING_ZONES.format(cloud=cloud, zone_ids=ids, subnet_id=subnet), "bicep")
    for path, text in files.items():
        if path.endswith(".bicep"):
            assert _bicep_errors(text) == [], path
    assert ("privateDnsZoneIds['privatelink.blob.${environment().suffixes.storage}']"
            in files["modules/private-endpoints.bicep"])
