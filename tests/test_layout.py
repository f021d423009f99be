"""Generated code is laid out as its ecosystem's formatter and linter want it.

Terraform: the real `terraform fmt` checks indentation, alignment and spacing (test_terraform.py). What
fmt leaves alone is checked here, from the Terraform style guide: blocks set apart by blank lines, and
count/for_each first and depends_on/lifecycle last in resource, data and module blocks. Bicep follows the
linter's defaults beyond those in test_parse.py.
"""

from __future__ import annotations

import re

import pytest

from tests.catalog_files import DistinctFile, file_params
from tests.helpers import HOSTILE_TEXT_INTENT, bicep_code_only, parse_bicep, render_text

_BLOCK = re.compile(r'^( *)[a-z_][a-z0-9_]*( "[^"]*")* \{$')
_COMMENT = ("#", "//")


def _block_end(lines: list[str], start: int, indent: str) -> int:
    """The closing line of the block opened at start: fmt indents it like the block's first line."""
    return lines.index(f"{indent}}}", start + 1)


def terraform_style_errors(text: str) -> list[str]:
    """Style-guide rules fmt does not apply, on text fmt already accepts (so indentation is canonical)."""
    errors = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _BLOCK.match(line)
        if not match:
            continue
        indent, end = match.group(1), _block_end(lines, index, match.group(1))
        before = index - 1
        while before >= 0 and lines[before].lstrip().startswith(_COMMENT):
            before -= 1
        if before >= 0 and not (lines[before] == "" or lines[before].endswith("{")):
            errors.append(f"line {index + 1}: no blank line before the block")
        after = lines[end + 1] if end + 1 < len(lines) else ""
        if after and after.lstrip()[:1] not in ("}", "]", ")"):
            errors.append(f"line {end + 1}: no blank line after the block")
        if not indent and re.match(r"(resource|data|module) ", line):
            errors += _meta_argument_errors(index + 1, lines[index + 1:end])
    return errors


def _meta_argument_errors(number: int, body: list[str]) -> list[str]:
    """count/for_each first, depends_on/lifecycle last, among the body's own arguments and blocks."""
    items = [line.strip().split(" ")[0] for line in body
             if re.match(r"^  [^ ]", line) and not line.strip().startswith(_COMMENT)
             and line.strip()[:1] not in ("}", "]", ")")]
    errors = []
    for meta in ("count", "for_each"):
        if meta in items and items.index(meta) != 0:
            errors.append(f"line {number}: {meta} must be the first argument")
    tail = [item for item in items if item in ("depends_on", "lifecycle")]
    if tail and items[-len(tail):] != tail:
        errors.append(f"line {number}: depends_on and lifecycle must come last")
    return errors


@pytest.mark.parametrize("file", file_params(".tf", ".tfvars.example"))
def test_terraform_follows_the_style_guide_beyond_fmt(file: DistinctFile) -> None:
    assert terraform_style_errors(file.text) == []


def test_the_style_check_catches_what_fmt_leaves_alone() -> None:
    good = 'resource "a" "b" {\n  count = 1\n  name  = "x"\n\n  tags = {\n    a = "b"\n  }\n\n  depends_on = [c.d]\n}\n'
    assert terraform_style_errors(good) == []
    late_count = 'resource "a" "b" {\n  name  = "x"\n  count = 1\n}\n'
    assert any("count must be" in e for e in terraform_style_errors(late_count))
    early_depends = 'resource "a" "b" {\n  depends_on = [c.d]\n  name       = "x"\n}\n'
    assert any("must come last" in e for e in terraform_style_errors(early_depends))
    crowded = 'resource "a" "b" {\n  name = "x"\n  identity {\n    type = "y"\n  }\n}\n'
    assert any("no blank line before" in e for e in terraform_style_errors(crowded))
    crowded_after = 'resource "a" "b" {\n  identity {\n    type = "y"\n  }\n  name = "x"\n}\n'
    assert any("no blank line after" in e for e in terraform_style_errors(crowded_after))
    adjacent = 'variable "a" {\n}\n# b\nvariable "b" {\n}\n'
    assert any("no blank line before" in e for e in terraform_style_errors(adjacent))


def test_hostile_values_keep_the_style() -> None:
    for path, text in render_text(HOSTILE_TEXT_INTENT, "terraform").items():
        if path.endswith((".tf", ".tfvars.example")):
            assert terraform_style_errors(text) == [], path


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


@pytest.mark.parametrize("file", file_params(".bicep"))
def test_bicep_follows_more_linter_defaults(file: DistinctFile) -> None:
    assert _bicep_errors(file.text) == []


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
location: {location}
cloud: {cloud}
workspace:
  managed_network:
    isolation_mode: allow_internet_outbound
inbound:
  private_endpoint:
    subnet_id: {subnet_id}
compute:
  image_build_compute: builder
  clusters:
    - {{name: builder, vm_size: Standard_DS3_v2}}
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
    location = {"AzureCloud": "eastus", "AzureChinaCloud": "chinanorth3", "AzureUSGovernment": "usgovvirginia"}[cloud]
    files = render_text(EXISTING_ZONES.format(cloud=cloud, location=location, zone_ids=ids, subnet_id=subnet),
                        "bicep")
    for path, text in files.items():
        if path.endswith(".bicep"):
            assert _bicep_errors(text) == [], path
    assert ("privateDnsZoneIds['privatelink.blob.${environment().suffixes.storage}']"
            in files["modules/private-endpoints.bicep"])
