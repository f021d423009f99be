"""No input changes the structure of the generated code (issue 6, "Safety of rendering").

Arbitrary text goes into one free-text field of a full intent at a time. Each render either fails
validation with positioned diagnostics (the exit-2 path), or renders both targets into files that parse
and, parsed and unescaped, hold exactly the input value, with the same structure as the baseline render.

The example count comes from the hypothesis profile (tests/conftest.py): 100 in a local run (dev),
2,000 in CI (HYPOTHESIS_PROFILE=ci), HYPOTHESIS_PROFILE=thorough for 20,000.
"""

from __future__ import annotations

import copy
import re
import string
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

import pytest
import yaml
from hypothesis import event, example, given
from hypothesis import strategies as st

from amlgen.catalog import RULES
from amlgen.diagnostics import IntentError, format_github, format_json, format_text
from amlgen.intent.loader import load_intent_text
from amlgen.intent.scalars import core_value
from amlgen.plan import build_plan
from amlgen.targets import render
from amlgen.validation import validate
from tests.helpers import (
    EXAMPLES,
    TARGETS,
    bicep_unescape,
    hcl_unescape,
    parse_bicep,
    parse_bicepparam,
    parse_hcl,
    parse_markdown,
    parse_mermaid,
)

BASE: dict[str, Any] = yaml.safe_load((EXAMPLES / "managed-vnet-approved-outbound" / "intent.yaml").read_text())
BASE["tags"] = {"owner": "ml-platform"}  # one tag, so a fuzzed key replaces it without changing the count
BASE["resources"] = {"storage_account": {"name": "stcontosodata"}, "key_vault": {"name": "kv-contoso-data"},
                     "container_registry": {"name": "crcontosodata", "sku": "Premium"},
                     "application_insights": {"name": "appi-contoso-data"}}
BASE["inbound"]["private_endpoint"]["virtual_network"]["name"] = "vnet-contoso-data"
RULES_AT = BASE["workspace"]["managed_network"]["outbound_rules"]
SUB = "00000000-0000-0000-0000-000000000000"


# Each field puts a value into the intent and returns the string the output must then hold.
def _at(*path: str | int) -> Callable[[dict, str], str]:
    def put(data: dict, value: str) -> str:
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        return value

    return put


def _prefix(data: dict, value: str) -> str:
    """Every resource of the base has an explicit name, so the prefix shows in the derived ones only."""
    data["name"] = value
    return f"pe-{value}-amlworkspace"


def _tag_key(data: dict, value: str) -> str:
    data["tags"] = {value: "ml-platform"}
    return value


def _resource_group(data: dict, value: str) -> str:
    """Free text inside an ARM ID: the resource group segment of the private endpoint rule's target."""
    resource_id = f"/subscriptions/{SUB}/resourceGroups/{value}/providers/Microsoft.Storage/storageAccounts/stshared"
    data["workspace"]["managed_network"]["outbound_rules"][3]["resource_id"] = resource_id
    return resource_id


def _arm_id(resource_group: str, resource: str) -> str:
    return f"/subscriptions/{SUB}/resourceGroups/{resource_group}/providers/{resource}"


def _existing_storage(data: dict, value: str) -> str:
    """Free text inside an existing resource's ID, which the module takes as an input."""
    data["resources"]["storage_account"] = {"existing_id": _arm_id(value, "Microsoft.Storage/storageAccounts/st")}
    return data["resources"]["storage_account"]["existing_id"]


def _existing_subnet(data: dict, value: str) -> str:
    subnet = _arm_id(value, "Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe")
    data["inbound"]["private_endpoint"] = {"subnet_id": subnet}
    return subnet


def _existing_zone(data: dict, value: str) -> str:
    """dns.zones: existing, every zone ID given; the first zone's resource group is the free text."""
    zones = ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net", "privatelink.blob.core.windows.net",
             "privatelink.file.core.windows.net", "privatelink.vaultcore.azure.net", "privatelink.azurecr.io"]
    ids = {zone: _arm_id("rg-dns", f"Microsoft.Network/privateDnsZones/{zone}") for zone in zones}
    ids[zones[0]] = _arm_id(value, f"Microsoft.Network/privateDnsZones/{zones[0]}")
    data["dns"] = {"zones": "existing", "zone_ids": ids}
    return ids[zones[0]]


def _linked_zone(data: dict, value: str) -> str:
    """Existing zones linked where they live (dns.link_zones): the resource group becomes a Bicep module's scope and
    a Terraform resource group name, besides the zone's ID."""
    zone_id = _existing_zone(data, value)
    ids = data["dns"]["zone_ids"]
    for zone in ids:  # every zone in that group: one scope, so the module layout is the baseline's
        ids[zone] = _arm_id(value, f"Microsoft.Network/privateDnsZones/{zone}")
    data["dns"]["link_zones"] = True
    return zone_id


# Fields that change the deployment's shape compare against a baseline rendered with a benign value.
BENIGN = {"existing_storage.resource_group": "rg-data", "existing_subnet.resource_group": "rg-hub",
          "existing_dns_zone.resource_group": "rg-dns", "linked_dns_zone.resource_group": "rg-dns"}

FIELDS: dict[str, Callable[[dict, str], str]] = {
    "name": _prefix,
    "location": _at("location"),
    "tags.key": _tag_key,
    "tags.value": _at("tags", "owner"),
    "workspace.name": _at("workspace", "name"),
    "workspace.friendly_name": _at("workspace", "friendly_name"),
    "workspace.description": _at("workspace", "description"),
    "outbound_rule.name": _at("workspace", "managed_network", "outbound_rules", 0, "name"),
    "outbound_rule.destination": _at("workspace", "managed_network", "outbound_rules", 1, "destination"),
    "outbound_rule.resource_group": _resource_group,
    "storage_account.name": _at("resources", "storage_account", "name"),
    "key_vault.name": _at("resources", "key_vault", "name"),
    "container_registry.name": _at("resources", "container_registry", "name"),
    "application_insights.name": _at("resources", "application_insights", "name"),
    "virtual_network.name": _at("inbound", "private_endpoint", "virtual_network", "name"),
    "subnet.name": _at("inbound", "private_endpoint", "subnet", "name"),
    "existing_storage.resource_group": _existing_storage,
    "existing_subnet.resource_group": _existing_subnet,
    "existing_dns_zone.resource_group": _existing_zone,
    "linked_dns_zone.resource_group": _linked_zone,
}

TRICKY = ["${var.x}", "%{ if true }x%{ endif }", "$${", "a'b", 'a"b', "a\\b", "\\'", "\\${x}", "line\nbreak",
          "\r", "\t", "\x00", "\u2028", "\u0085", "*/", "// x", "# x", "'\n}\nresource x 'y' = {", '"\n}\nx = "',
          "", " ", "\\", "ends with a backslash \\", "\ufeff", "é☃😀", "\u202e", "${", "%{", "}", "{{ x }}", "--",
          "a.", ".a", "*.pypi.org"]
NAME_ALPHABET = string.ascii_letters + string.digits + "-_.()*' $%{}\"\\"

TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.text(st.sampled_from("ab-_.${}%'\"\\\n\r\t *#/:é"), max_size=24),
    st.text(st.sampled_from(NAME_ALPHABET), min_size=1, max_size=30),
    st.lists(st.sampled_from(TRICKY), min_size=1, max_size=4).map("".join),
    st.sampled_from(TRICKY),
)


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _intent_text(field: str, value: str) -> tuple[str, str]:
    """The intent with the value in the field, and the string the output must hold if it renders."""
    data = copy.deepcopy(BASE)
    expected = FIELDS[field](data, value)
    # allow_unicode=False: PyYAML writes some line separators (U+0085) raw into quoted scalars, where the
    # reader folds them; escaped, every character survives the round trip.
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=False, sort_keys=False, width=1 << 16)
    assert yaml.load(text, Loader=_Loader) == data, "the test's own YAML round trip lost the value"
    return text, expected


# --- what a parsed file holds -----------------------------------------------------------------------

@lru_cache(maxsize=256)  # the targets share some files (ARCHITECTURE.md, the az ml YAML); callers only read
def _parse(path: str, text: str) -> Any:
    if path.endswith(".md"):
        # Tables (ragged rows fail inside parse_markdown) and the diagrams' nodes and edges.
        parsed = parse_markdown(text)
        diagrams = [parse_mermaid(content) for info, content in parsed["fences"] if info == "mermaid"]
        return {"tables": parsed["tables"], "diagrams": diagrams}
    if path.endswith(".yml"):
        return yaml.safe_load(text)
    if path.endswith(".bicepparam"):
        return parse_bicepparam(text)
    if path.endswith(".bicep"):
        return parse_bicep(text)
    return parse_hcl(text)


def _strings(target: str, tree: Any, out: set[str]) -> set[str]:
    """Every string literal value (and quoted map key) in a parsed file, unescaped."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            if isinstance(key, str):
                _leaf(target, key, out, key=True)
            _strings(target, value, out)
    elif isinstance(tree, list):
        for item in tree:
            _strings(target, item, out)
    elif isinstance(tree, str):
        _leaf(target, tree, out, key=False)
    return out


AMLGEN_INTERPOLATION = "${environment().suffixes.storage}"
# The one interpolation amlgen writes in a Terraform string literal: a built-in role's definition ID takes the
# deployment's subscription.
TERRAFORM_INTERPOLATION = "${data.azurerm_client_config.current.subscription_id}"


def _leaf(target: str, text: str, out: set[str], *, key: bool) -> None:
    if target == "terraform":
        if len(text) >= 2 and text[0] == text[-1] == '"':
            out.add(hcl_unescape(text.replace(TERRAFORM_INTERPOLATION, "")))
        elif key:
            out.add(text)
    elif len(text) >= 2 and text[0] == text[-1] == "'":
        out.add(bicep_unescape(text))  # a quoted object key
    else:
        # The one interpolation amlgen itself writes (storage zone names take the cloud's suffix); any
        # other '${' in a string would be an injection, and bicep_unescape fails on it.
        text = text.replace(AMLGEN_INTERPOLATION, "")
        out.add(bicep_unescape(f"'{text}'"))  # pycep hands string values over without their quotes


def _shape(tree: Any) -> Any:
    """The structure of a parsed file with every name and value blanked: what no input may change."""
    if isinstance(tree, dict):
        return ("{", tuple(sorted(repr(_shape(v)) for v in tree.values())))
    if isinstance(tree, list):
        return ("[", tuple(_shape(item) for item in tree))
    return type(tree).__name__


def _baseline_text(field: str) -> str:
    """The intent the field's renders are compared with: the base, or the base with the benign value."""
    if field in BENIGN:
        return _intent_text(field, BENIGN[field])[0]
    return _intent_text("name", BASE["name"])[0]


@cache
def _baseline(field: str, target: str) -> dict[str, tuple[str, Any]]:
    text = _baseline_text(field)
    files = render(build_plan(validate(load_intent_text("intent.yaml", text.encode()))[0], "intent.yaml"), target)
    return {path: (rendered, _shape(_parse(path, rendered))) for path, rendered in files.items()}


def check_field(field: str, value: str) -> str:
    text, expected = _intent_text(field, value)
    raw = text.encode("utf-8")
    loaded = load_intent_text("intent.yaml", raw)
    try:
        intent, _ = validate(loaded)
    except IntentError as error:
        assert error.diagnostics, "a refused intent names at least one problem"
        for diagnostic in error.diagnostics:
            assert diagnostic.rule_id in RULES and diagnostic.position.line >= 1
        for formatted in (format_text("intent.yaml", error.diagnostics, error.text),
                          format_json("intent.yaml", error.diagnostics),
                          format_github("intent.yaml", error.diagnostics)):
            assert formatted
        return "refused"
    plan = build_plan(intent, "intent.yaml")
    for target in TARGETS:
        baseline = _baseline(field if field in BENIGN else "", target)
        files = render(plan, target)
        assert set(files) == set(baseline), f"{target}: the set of files changed"
        found: set[str] = set()
        for path, rendered in files.items():
            if rendered == baseline[path][0]:
                continue  # byte-identical to a file already parsed
            tree = _parse(path, rendered)
            assert _shape(tree) == baseline[path][1], f"{target} {path}: the input changed the structure"
            if path.endswith((".tf", ".tfvars.example", ".bicep", ".bicepparam")):
                _strings(target, tree, found)
        assert expected in found or text == _baseline_text(field), \
            f"{target}: {expected!r} from {field} is not a literal of the output"
    return "rendered"


@given(field=st.sampled_from(sorted(FIELDS)), value=TEXT)
@example(field="workspace.description", value="${var.x} %{ if true }'\"\\\n\u2028")
@example(field="tags.key", value="a'b\"c${d}")
@example(field="tags.key", value="true")  # a Bicep literal as an object key must be quoted
@example(field="subnet.name", value="snet-pe")
def test_free_text_never_changes_the_structure(field: str, value: str) -> None:
    event(f"{field}: {check_field(field, value)}")  # --hypothesis-show-statistics shows the split


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("value", TRICKY, ids=range(len(TRICKY)))
def test_tricky_values_in_every_field(field: str, value: str) -> None:
    check_field(field, value)


# --- YAML 1.1 traps and Azure's limits, written as a user writes them: unquoted -----------------------

TRAPS = ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "1:30", "190:20:30", "2022-05-24", "2022-13-01",
         "2021-02-30", "0o17", "017", "0x1F", "1e3", "1_000", ".inf", ".nan", "~", "null", "true", "False",
         "12:00:00", "2001-12-14t21:59:43.10-05:00", "0b101", "+12", "-0", "0.", "=", "<<"]
LIMITS = ["a" * n for n in (1, 2, 3, 20, 21, 24, 25, 33, 34, 64, 65, 260, 261)] + \
    [str(n) for n in (-1, 0, 1, 20, 21, 50, 51, 100, 101, 800, 801, 2**31, 2**63)]
ENDPOINT_EXAMPLE = EXAMPLES / "endpoint-managed-vnet-approved-outbound-public-endpoint" / "intent.yaml"
# (field, the example it is written into, the line it replaces); {raw} is the scalar as written.
RAW_FIELDS = {
    "name": ("managed-vnet-approved-outbound", r"^name: .*$", "name: {raw}"),
    "location": ("managed-vnet-approved-outbound", r"^location: .*$", "location: {raw}"),
    "tag value": ("managed-vnet-approved-outbound", r"^  owner: .*$", "  owner: {raw}"),
    "tag key": ("managed-vnet-approved-outbound", r"^  owner: .*$", "  {raw}: ml-platform"),
    "v1_legacy_mode": ("managed-vnet-approved-outbound", r"^  v1_legacy_mode: .*$", "  v1_legacy_mode: {raw}"),
    "rule name": ("managed-vnet-approved-outbound", r"^      - name: pypi$", "      - name: {raw}"),
    "port_ranges": ("managed-vnet-approved-outbound", r'^        port_ranges: "80,443"$', "        port_ranges: {raw}"),
    "subnet prefix": ("managed-vnet-approved-outbound", r"^      prefix: .*$", "      prefix: {raw}"),
    "instance_count": ("endpoint-managed-vnet-approved-outbound-public-endpoint", r"^        instance_count: .*$",
                       "        instance_count: {raw}"),
    "traffic": ("endpoint-managed-vnet-approved-outbound-public-endpoint", r"^        instance_count: .*$",
                "        instance_count: 1\n        traffic: {raw}"),
}


def raw_intent(field: str, raw: str) -> str:
    example, pattern, line = RAW_FIELDS[field]
    text = (EXAMPLES / example / "intent.yaml").read_text()
    changed, count = re.subn(pattern, line.replace("{raw}", raw.replace("\\", "\\\\")), text, count=1,
                             flags=re.MULTILINE)
    assert count == 1, (field, pattern)
    return changed


def check_raw(field: str, raw: str) -> str:
    """No traceback: refused with positioned diagnostics, or read by YAML 1.2 (a trap stays text) and
    rendered by both targets."""
    text = raw_intent(field, raw)
    try:
        loaded = load_intent_text("intent.yaml", text.encode())
        intent, _ = validate(loaded)
    except IntentError as error:
        lines = len(text.splitlines()) + 1
        for diagnostic in error.diagnostics:
            assert diagnostic.rule_id in RULES and 1 <= diagnostic.position.line <= lines
            assert diagnostic.fix_text and "Use a value of the type" not in diagnostic.fix_text
        assert format_text("intent.yaml", error.diagnostics, error.text)
        return "refused"
    if field in ("name", "location", "tag value", "rule name"):
        value = {"name": intent.name, "location": intent.location, "tag value": intent.tags.get("owner"),
                 "rule name": intent.workspace.managed_network.outbound_rules[0].name}[field]
        assert value == core_value(raw) and isinstance(value, str), (field, raw, value)
    plan = build_plan(intent, "intent.yaml")
    for target in TARGETS:
        assert render(plan, target)
    return "rendered"


@given(field=st.sampled_from(sorted(RAW_FIELDS)), raw=st.sampled_from(TRAPS + LIMITS))
@example(field="instance_count", raw="1:30")
@example(field="v1_legacy_mode", raw="yes")
@example(field="tag value", raw="2022-13-01")
def test_yaml_1_1_traps_and_limits_never_raise(field: str, raw: str) -> None:
    event(f"{field}: {check_raw(field, raw)}")
