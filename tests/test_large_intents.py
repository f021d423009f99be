"""What makes a large intent render in linear time stays what it replaced: each shortcut is compared with the
plain computation it stands for (the loader with PyYAML's composer and resolver; the escapers, wrapping and
copying with the general code), and the diagram of many rules counts them instead of drawing each."""

from __future__ import annotations

import copy
import re
import string
import textwrap
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Ref
from amlgen.arm.walk import expressions, resource_values
from amlgen.diagnostics import IntentError
from amlgen.explain import DIAGRAM_RULES
from amlgen.intent.loader import load_intent_text
from amlgen.intent.scalars import TagRefused, resolve
from amlgen.pipeline import plan_text
from amlgen.targets import render
from amlgen.targets.bicep.layout import Layout
from amlgen.targets.documents import cited_articles
from amlgen.targets.escape import mermaid_text
from amlgen.targets.terraform.emit import body_of as copied_body
from amlgen.targets.terraform.files import read_keys
from amlgen.targets.terraform.hcl import COMMENT_WIDTH, comment_lines
from tests.helpers import EXAMPLES, example_names, parse_markdown, parse_mermaid

# --- the loader against PyYAML's composer and resolver ---------------------------------------------------

SCALAR = st.text(alphabet="nNtTfFyYoO0123456789-+.~<=_:abcxz eE", min_size=0, max_size=8)
QUOTE = st.sampled_from(["", "'", '"', "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "! "])


@given(SCALAR, QUOTE, SCALAR)
def test_every_scalar_reads_as_pyyamls_composer_and_the_core_schema_read_it(text: str, quote: str, key: str) -> None:
    """The oracle is how amlgen read a file before it built from events: libyaml's composer (PyYAML's
    where libyaml is missing) and the core-schema resolution of each node."""
    closing = quote if quote in ("'", '"') else ""
    document = f"version: 1\nk{key}: {quote}{text}{closing}\n"
    helper = (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)(document)
    try:
        composed = helper.get_single_node()
    except yaml.YAMLError:
        assume(False)
        return
    key_node, value_node = composed.value[1]
    expected_key, _ = resolve(helper, key_node)
    try:
        expected, spelled = resolve(helper, value_node)
    except TagRefused:
        with pytest.raises(IntentError):
            load_intent_text("intent.yaml", document.encode())
        return
    loaded = load_intent_text("intent.yaml", document.encode())
    path = (str(expected_key),)
    assert list(loaded.data) == ["version", str(expected_key)]
    value = loaded.data[str(expected_key)]
    assert type(value) is type(expected) and (value == expected or value != value)  # NaN is itself
    assert loaded.scalars[path] == spelled
    assert (loaded.value_positions[path].line, loaded.value_positions[path].column) == (
        value_node.start_mark.line + 1, value_node.start_mark.column + 1)
    assert loaded.key_positions[path].column == 1


def test_positions_and_spellings_are_kept_as_tuples_and_read_as_records() -> None:
    loaded = load_intent_text("intent.yaml", b"version: 1\nname: 'yes'\nlocation: eastus\n")
    assert loaded.value_positions.raw[("name",)] == (2, 7) and ("name",) in loaded.value_positions
    assert loaded.value_positions[("name",)].column == 7 and len(loaded.scalars) == 3
    assert loaded.scalars[("name",)].plain is False and dict(loaded.key_positions)[("location",)].line == 3


# --- escaping, wrapping and copying: the fast paths and the general code --------------------------------

def mermaid_reference(value: str) -> str:
    safe = set(string.ascii_letters + string.digits + " .,:/_()*+=-")
    return "".join("<br>" if c == "\n" else c if c in safe else f"#{ord(c)};" for c in value)


@given(st.text(alphabet=string.ascii_letters + string.digits + " .,:/_()*+=-\n\"#<>|é\x00", max_size=30))
def test_diagram_labels_escape_as_the_character_by_character_rule(value: str) -> None:
    assert mermaid_text(value) == mermaid_reference(value)


@given(st.text(alphabet="ab c  d-e.f/g\t\nxyz", max_size=120), st.sampled_from([0, 2, 4, 40]))
def test_comments_wrap_as_textwrap_wraps_them(text: str, indent: int) -> None:
    from amlgen.targets.escape import comment_text

    cleaned = comment_text(text)
    width = max(COMMENT_WIDTH - indent - 2, 40)
    pad = " " * indent
    expected = [f"{pad}# {line}" for line in textwrap.wrap(cleaned, width, break_long_words=False,
                                                            break_on_hyphens=False)] or [f"{pad}#"]
    if cleaned.startswith("checkov:"):
        expected = [f"{pad}# {cleaned}"]
    assert comment_lines(text, indent) == expected


def _plans() -> list[Deployment]:
    return [plan_text((EXAMPLES / name / "intent.yaml").read_bytes(), "intent.yaml", "intent.yaml")[0]
            for name in example_names()]


def test_resource_bodies_copy_as_deepcopy_does_and_children_index_as_a_scan() -> None:
    for plan in _plans():
        for resource in plan.resources:
            body = copied_body(resource)
            assert body == copy.deepcopy({"name": resource.name, **resource.top_level()})
            for value in body.values():  # containers are the emitter's to take apart; nothing else is
                if isinstance(value, (dict, list)):
                    assert all(value is not original for original in resource.top_level().values())
            assert plan.children(resource.key) == tuple(r for r in plan.resources if r.parent == resource.key)


def test_bicep_modules_know_what_they_declare_as_a_scan_of_their_resources_would() -> None:
    for plan in _plans():
        layout = Layout(plan)
        for module in layout.modules:
            for resource in plan.resources:
                scanned = any(r.key == resource.key for r in [*module.resources, *module.existing])
                assert module.declares(resource.key) == scanned, (module.key, resource.key)


def test_what_the_terraform_module_reads_is_what_a_scan_per_resource_finds() -> None:
    def read(plan: Deployment, key: str) -> bool:  # the scan per existing resource it replaces
        for other in plan.resources:
            if other.parent == key or other.update_of == key:
                return True
            if any(isinstance(found, Ref) and found.resource == key for value in resource_values(other)
                   for found in expressions(value)):
                return True
        return any(isinstance(found, Ref) and found.resource == key for output in plan.outputs
                   for found in expressions(output.value))

    existing = 0
    for plan in _plans():
        found = read_keys(plan)
        for resource in plan.resources:
            assert (resource.key in found) == read(plan, resource.key), resource.key
            existing += resource.existing
    assert existing  # the catalog has existing resources, read and not


def _all_texts(value: Any) -> list[str]:
    """The general walk cited_articles stands for: every string, in order, duplicates and all."""
    import dataclasses

    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in (*_all_texts(key), *_all_texts(item))]
    if isinstance(value, (tuple, list)):
        return [text for item in value for text in _all_texts(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [text for field in dataclasses.fields(value) for text in _all_texts(getattr(value, field.name))]
    return []


def test_cited_articles_are_those_any_string_of_the_deployment_cites() -> None:
    from amlgen.azure.sources import ARTICLES

    for plan in _plans():
        text = re.sub(r"\s+", " ", " ".join(_all_texts(plan)))
        assert cited_articles(plan) == tuple(a for a in ARTICLES if a.title.split(" (")[0] in text)


# --- the diagram of many rules ----------------------------------------------------------------------------

def rules_intent(fqdn: int, service_tags: int) -> bytes:
    lines = ["version: 1", "name: many", "location: eastus", "workspace:", "  public_network_access: disabled",
             "  managed_network:", "    isolation_mode: allow_only_approved_outbound", "    outbound_rules:"]
    lines += [f"      - {{name: host-{i}, type: fqdn, destination: host{i}.example.com}}" for i in range(fqdn)]
    lines += [f"      - {{name: tag-{i}, type: service_tag, service_tag: AzureMonitor, protocol: TCP, "
              f"port_ranges: '{443 + i}'}}" for i in range(service_tags)]
    lines += ["compute:", "  image_build_compute: image-builder",  # the private registry cannot build images
              "  clusters:", "    - {name: image-builder, vm_size: Standard_DS3_v2, max_nodes: 1}"]
    return ("\n".join(lines) + "\n").encode()


def _architecture(raw: bytes) -> tuple[dict[str, Any], list[list[list[str]]]]:
    plan, _ = plan_text(raw, "intent.yaml", "intent.yaml")
    documents = {target: render(plan, target)["ARCHITECTURE.md"] for target in ("bicep", "terraform")}
    assert documents["bicep"] == documents["terraform"]
    parsed = parse_markdown(documents["bicep"])
    return parse_mermaid(parsed["fences"][0][1]), parsed["tables"]


def _rules_table(tables: list[list[list[str]]]) -> list[list[str]]:
    return next(table for table in tables if table[0] == ["Rule", "Kind", "Destination", "Why"])[1:]


def test_up_to_the_threshold_the_diagram_draws_each_rule() -> None:
    graph, tables = _architecture(rules_intent(DIAGRAM_RULES - 2, 2))
    nodes: dict[str, str] = graph["nodes"]  # type: ignore[assignment]
    assert sum(node.startswith("rule_") for node in nodes) == DIAGRAM_RULES
    assert nodes["rule_host_3"] == "host3.example.com" and len(_rules_table(tables)) == DIAGRAM_RULES


def test_beyond_the_threshold_the_diagram_counts_the_rules_of_each_kind_and_the_table_lists_them() -> None:
    graph, tables = _architecture(rules_intent(DIAGRAM_RULES + 5, 3))
    nodes: dict[str, str] = graph["nodes"]  # type: ignore[assignment]
    assert not any(node.startswith("rule_") for node in nodes)
    assert nodes["rules_fqdn"] == f"{DIAGRAM_RULES + 5} FQDN rule destinations<br>(see Outbound rules)"
    assert nodes["rules_service_tag"] == "3 ServiceTag rule destinations<br>(see Outbound rules)"
    edges = {(source, target): (arrow, label) for source, target, arrow, label in graph["edges"]}  # type: ignore[misc]
    assert edges[("firewall", "rules_fqdn")] == ("-.->", "HTTPS/HTTP") and ("compute", "firewall") in edges
    assert ("compute", "rules_service_tag") in edges
    rows = _rules_table(tables)
    assert len(rows) == DIAGRAM_RULES + 8 and {row[0] for row in rows} >= {"host-0", "host-24", "tag-2"}
