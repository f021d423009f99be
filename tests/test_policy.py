"""Network policy enforcement, in both targets: the built-in definitions the intent assigns at the resource group,
each with its effect, and for the landing-zone DNS mode the DeployIfNotExists built-ins with the identity and the
role their remediation deploys with, in this resource group and where the central zones live."""

from __future__ import annotations

import pytest

from amlgen.azure.ids import parse_resource_id
from amlgen.azure.policies import NETWORK_CONTRIBUTOR, PRIVATE_DNS_POLICIES, network_policy
from amlgen.intent.loader import load_intent_text
from amlgen.validation import validate
from tests.deployed import intent_of, of_type, read, read_text
from tests.helpers import EXAMPLES, TARGETS, render_text

ASSIGNMENT = "Microsoft.Authorization/policyAssignments"
ROLE = "Microsoft.Authorization/roleAssignments"
EXAMPLE = "existing-hub-landing-zone"
ZONES = (EXAMPLES / "public-workspace-private-resources" / "intent.yaml").read_text().split("zone_ids:\n", 1)[1]
DNS_POLICY = (EXAMPLES / EXAMPLE / "intent.yaml").read_text().replace(
    "  servers: [10.0.0.4]\n", "  servers: [10.0.0.4]\n  zone_ids:\n" + ZONES).replace(
    "    - {definition: compute_local_auth_disabled, effect: Deny}\n",
    "    - {definition: compute_local_auth_disabled, effect: Deny}\n"
    "    - {definition: private_dns_zones, effect: DeployIfNotExists}\n")


@pytest.mark.parametrize("target", TARGETS)
def test_each_assignment_has_its_definition_and_effect_at_the_resource_group(target: str) -> None:
    intent = intent_of(EXAMPLE)
    found = {body["properties"]["policyDefinitionId"]: body for _, body in of_type(read(EXAMPLE, target), ASSIGNMENT)}
    assert len(found) == len(intent.policy.assignments)
    for spec in intent.policy.assignments:
        body = found[network_policy(spec.definition).definition_id]
        assert body["properties"]["parameters"] == {"effect": {"value": spec.effect}}
        assert body["properties"]["enforcementMode"] == "Default"
        assert "@scope" not in body, "assigned at the deployment's own resource group"


@pytest.mark.parametrize("target", TARGETS)
def test_private_dns_built_ins_get_their_zones_identity_and_role(target: str) -> None:
    intent, _ = validate(load_intent_text("intent.yaml", DNS_POLICY.encode()))
    entries = read_text(DNS_POLICY, target)
    by_definition = {body["properties"]["policyDefinitionId"]: (name, body)
                     for name, body in of_type(entries, ASSIGNMENT)}
    roles = of_type(entries, ROLE)
    for policy in PRIVATE_DNS_POLICIES:
        name, body = by_definition[policy.definition_id]
        assert body["identity"] == {"type": "SystemAssigned"} and body["location"] == ("param", "location")
        parameters = body["properties"]["parameters"]
        assert parameters.pop("effect") == {"value": "DeployIfNotExists"}
        zones = {value["value"] for value in parameters.values()}
        assert set(parameters) == set(policy.zone_parameters)
        assert zones <= set(intent.dns.zone_ids.values())
        mine = [role for _, role in roles
                if role["properties"]["principalId"] == ("ref", (ASSIGNMENT, name), "identity.principalId")]
        role_ids = [role["properties"]["roleDefinitionId"] for role in mine]
        assert all((rid if isinstance(rid, str) else rid[1][-1]).endswith(f"roleDefinitions/{NETWORK_CONTRIBUTOR}")
                   for rid in role_ids)
        groups = {role.get("@scope") for role in mine}
        central = {(parsed.subscription, parsed.resource_group) for parsed in map(parse_resource_id, zones) if parsed}
        assert groups == {None} | central, "Network Contributor here (zone groups) and where the zones live"


@pytest.mark.parametrize("target", TARGETS)
def test_private_endpoints_wait_for_their_dns_policy(target: str) -> None:
    files = render_text(DNS_POLICY, target)
    if target == "terraform":
        text = files["private_endpoints.tf"]
        assert text.count("azapi_resource.dns_amlworkspace,") == 1 and "azapi_resource.dns_registry" in text
    else:
        main = files["main.bicep"]
        module = main[main.index("module privateEndpoints"):]
        assert "dependsOn" in module[:module.index("\n}")] and "    policy\n" in module[:module.index("\n}")]


def test_explain_lists_what_each_assignment_enforces() -> None:
    from amlgen.commands.explain import explain_text
    from amlgen.plan import build_plan

    intent = intent_of(EXAMPLE)
    text = explain_text(build_plan(intent, "intent.yaml"), [])
    section = text.split("## Policy assignments", 1)[1].split("\n## ", 1)[0]
    for spec in intent.policy.assignments:
        policy = network_policy(spec.definition)
        row = next(line for line in section.splitlines() if policy.definition_id in line)
        assert f"| {spec.effect} |" in row and policy.enforces.split(" (")[0] in row


def test_policy_table_matches_the_vendored_definitions() -> None:
    """IDs, effects and zone parameters as the definitions themselves state them (tests/data/builtin-policies.json).
    Display names may differ in capitalisation between versions of a definition, so they are compared folded."""
    import json

    from amlgen.azure.policies import NETWORK_POLICIES
    from tests.helpers import ROOT

    data = json.loads((ROOT / "tests" / "data" / "builtin-policies.json").read_text())
    vendored = {definition["name"]: definition for definition in data["definitions"]}
    for policy in NETWORK_POLICIES:
        definition = vendored[policy.name]
        assert tuple(definition["effects"]) == policy.effects, policy.key
        assert definition["displayName"].lower() == policy.display_name.lower(), policy.key
    for dns_policy in PRIVATE_DNS_POLICIES:
        definition = vendored.get(dns_policy.name)
        if definition is None:
            continue  # storage and registry: named in the landing-zone docs (Private Link and DNS integration at scale)
        assert definition["groupId"] == dns_policy.group
        assert tuple(definition["zoneParameters"]) == dns_policy.zone_parameters
        assert definition["roleDefinitionIds"] == [NETWORK_CONTRIBUTOR]
        assert definition["displayName"].lower() == dns_policy.display_name.lower()
