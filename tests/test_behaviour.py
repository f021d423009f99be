"""What the deployment does, checked in both targets against the intent (not against the plan).

The equivalence tests prove that Bicep and Terraform spell the plan; these prove that the plan does what the
intent and Azure's documentation ask: closed resources deny by default, NSG rules only open the outbound
paths they name, compute egress goes through the firewall, private endpoints use the right group. Each check
reads both targets' rendered files back (tests/readback/) and looks at the property that matters.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from amlgen.azure.tables import PRIVATE_LINK_SUBRESOURCES, STORAGE_SUFFIX, lookup_type
from amlgen.intent.loader import load_intent_file
from amlgen.intent.model import Intent
from amlgen.validation import validate
from tests.helpers import EXAMPLES, TARGETS, example_names, hcl_unquote, parse_hcl, render_example
from tests.readback.bicep_readback import read_bicep
from tests.readback.canonical import Entry
from tests.readback.terraform_readback import read_terraform

NETWORKED = {"storage_account": "Microsoft.Storage/storageAccounts", "key_vault": "Microsoft.KeyVault/vaults",
             "container_registry": "Microsoft.ContainerRegistry/registries"}
WITH_ACLS = ("storage_account", "key_vault")  # resources with a network rule set and its default action


@cache
def intent_of(example: str) -> Intent:
    intent, _ = validate(load_intent_file(EXAMPLES / example / "intent.yaml", "intent.yaml"))
    return intent


@cache
def read(example: str, target: str) -> tuple[Entry, ...]:
    files = render_example(example, target)
    if target == "bicep":
        return tuple(read_bicep(files, STORAGE_SUFFIX[intent_of(example).cloud]))
    return tuple(read_terraform(files))


def of_type(example: str, target: str, arm_type: str) -> list[tuple[str, dict[str, Any]]]:
    return [(identity[1], body) for identity, body in read(example, target) if identity[0] == arm_type]


CASES = [(example, target) for example in example_names() for target in TARGETS]


@pytest.mark.parametrize(("example", "target"), CASES)
def test_resources_closed_to_the_public_deny_by_default(example: str, target: str) -> None:
    """A resource whose public access the intent disables (itself, or through the workspace's setting) says
    Disabled and, where it has a network rule set, denies what no rule admits."""
    intent = intent_of(example)
    for key, arm_type in NETWORKED.items():
        spec = getattr(intent.resources, key)
        if spec.existing_id is not None:
            continue
        public = (spec.public_network_access or intent.workspace.public_network_access) == "enabled"
        ((_, body),) = of_type(example, target, arm_type)
        assert body["properties"]["publicNetworkAccess"] == ("Enabled" if public else "Disabled"), key
        if key in WITH_ACLS:
            assert body["properties"]["networkAcls"]["defaultAction"] == ("Allow" if public else "Deny"), key


@pytest.mark.parametrize(("example", "target"), CASES)
def test_workspace_network_settings_follow_the_intent(example: str, target: str) -> None:
    intent = intent_of(example)
    ((_, body),) = of_type(example, target, "Microsoft.MachineLearningServices/workspaces")
    properties = body["properties"]
    assert properties["publicNetworkAccess"] == intent.workspace.public_network_access.capitalize()
    mode = "".join(part.capitalize() for part in intent.workspace.managed_network.isolation_mode.split("_"))
    assert properties["managedNetwork"]["isolationMode"] == mode
    assert properties["v1LegacyMode"] is intent.workspace.v1_legacy_mode


@pytest.mark.parametrize(("example", "target"), CASES)
def test_nsg_rules_only_allow_outbound_from_the_network(example: str, target: str) -> None:
    """Every NSG rule amlgen writes allows outbound traffic from the virtual network to a named destination;
    none opens inbound traffic or another source, and priorities are unique and in Azure's range."""
    for _, body in of_type(example, target, "Microsoft.Network/networkSecurityGroups"):
        rules = body["properties"]["securityRules"]
        assert rules, "an NSG without rules would not be rendered"
        priorities = [rule["properties"]["priority"] for rule in rules]
        assert len(set(priorities)) == len(priorities) and all(100 <= p <= 4096 for p in priorities)
        for rule in rules:
            properties = rule["properties"]
            assert (properties["direction"], properties["access"]) == ("Outbound", "Allow"), rule["name"]
            assert properties["sourceAddressPrefix"] == "VirtualNetwork", rule["name"]
            assert properties["destinationAddressPrefix"] not in ("*", "0.0.0.0/0"), rule["name"]


@pytest.mark.parametrize(("example", "target"), CASES)
def test_compute_egress_goes_through_the_firewall(example: str, target: str) -> None:
    """With a hub firewall, every compute subnet routes 0.0.0.0/0 to the firewall's private address, and the
    firewall admits exactly the compute subnets."""
    intent = intent_of(example)
    firewalls = of_type(example, target, "Microsoft.Network/azureFirewalls")
    if intent.network is None or intent.network.outbound != "hub_spoke_firewall":
        assert not firewalls
        return
    ((firewall_name, _),) = firewalls
    (route_table,) = of_type(example, target, "Microsoft.Network/routeTables")
    (route,) = route_table[1]["properties"]["routes"]
    assert route["properties"]["addressPrefix"] == "0.0.0.0/0"
    assert route["properties"]["nextHopType"] == "VirtualAppliance"
    hop = route["properties"]["nextHopIpAddress"]
    assert hop[0] == "ref" and hop[1] == ("Microsoft.Network/azureFirewalls", firewall_name)
    spoke = intent.network.spoke
    compute = {s.prefix for s in (spoke.training, spoke.scoring) if s is not None}
    subnets = of_type(example, target, "Microsoft.Network/virtualNetworks/subnets")
    routed = {body["properties"]["addressPrefix"] for _, body in subnets if "routeTable" in body["properties"]}
    assert routed == compute
    (group,) = of_type(example, target, "Microsoft.Network/firewallPolicies/ruleCollectionGroups")
    for collection in group[1]["properties"]["ruleCollections"]:
        assert collection["action"]["type"] == "Allow"
        for rule in collection["rules"]:
            assert set(rule["sourceAddresses"]) == compute, rule["name"]


@pytest.mark.parametrize(("example", "target"), CASES)
def test_private_endpoints_connect_to_a_group_their_target_has(example: str, target: str) -> None:
    types = {identity: identity[0] for identity, _ in read(example, target)}
    for _, body in of_type(example, target, "Microsoft.Network/privateEndpoints"):
        (connection,) = body["properties"]["privateLinkServiceConnections"]
        (group,) = connection["properties"]["groupIds"]
        service = connection["properties"]["privateLinkServiceId"]
        arm_type = types[service[1]] if service[0] == "ref" else _existing_type(example, service)
        known = lookup_type(PRIVATE_LINK_SUBRESOURCES, arm_type)
        assert known is not None and group in known[1], (arm_type, group)


def _existing_type(example: str, service: Any) -> str:
    assert service[0] == "param", service
    value = next(getattr(intent_of(example).resources, key).existing_id for key in NETWORKED
                 if service[1] == f"{key}_id")
    return "/".join(value.split("/providers/", 1)[1].split("/")[:2])


@pytest.mark.parametrize(("example", "target"), CASES)
def test_outbound_rules_are_created_one_at_a_time(example: str, target: str) -> None:
    """The service can drop outbound rules created in parallel: Terraform chains them with depends_on,
    Bicep creates them in a @batchSize(1) loop."""
    rules = of_type(example, target, "Microsoft.MachineLearningServices/workspaces/outboundRules")
    assert len(rules) == len(intent_of(example).workspace.managed_network.outbound_rules)
    files = render_example(example, target)
    if not rules:
        return
    if target == "bicep":
        assert "@batchSize(1)" in files["modules/outbound-rules.bicep"]
    else:
        text = files["outbound_rules.tf"]
        assert text.count("depends_on") >= len(rules) - 1


@pytest.mark.parametrize("example", example_names())
def test_terraform_leaves_a_closed_storage_data_plane_alone(example: str) -> None:
    """azurerm 4 reads a storage account's blob and queue data plane on create and refresh; a runner outside
    the network gets 403 from an account closed to public networks. Where the module creates such an account,
    the provider's storage feature data_plane_available is false, with a comment saying why; elsewhere the
    default stays."""
    files = render_example(example, "terraform")
    closed = [body for _, body in of_type(example, "terraform", "Microsoft.Storage/storageAccounts")
              if body["properties"]["publicNetworkAccess"] == "Disabled"]
    (azurerm,) = [config for block in parse_hcl(files["providers.tf"])["provider"] for name, config in block.items()
                  if hcl_unquote(name) == "azurerm"]
    features = azurerm["features"][0]
    storage = features.get("storage", [{}])[0]
    assert storage.get("data_plane_available") is (False if closed else None)
    if closed:
        prose = " ".join(line.strip().removeprefix("#").strip() for line in files["providers.tf"].splitlines())
        assert "a runner outside the virtual network gets 403" in prose


MANAGED = "Microsoft.MachineLearningServices/workspaces"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"


@pytest.mark.parametrize(("example", "target"), CASES)
def test_the_managed_network_is_provisioned_with_the_workspace(example: str, target: str) -> None:
    """Configure a managed virtual network: online deployments need the managed network provisioned, so a
    workspace with one provisions it at creation (provisionNetworkNow); without one, nothing is asked."""
    intent = intent_of(example)
    ((_, body),) = of_type(example, target, MANAGED)
    managed = intent.workspace.managed_network.isolation_mode != "disabled"
    assert body["properties"].get("provisionNetworkNow") is (True if managed else None)


@pytest.mark.parametrize(("example", "target"), CASES)
def test_outbound_rules_are_user_defined(example: str, target: str) -> None:
    """The rules a user adds are UserDefined, as the REST examples and azurerm send them."""
    for _, body in of_type(example, target, f"{MANAGED}/outboundRules"):
        assert body["properties"]["category"] == "UserDefined"


def _principal(example: str, target: str) -> Any:
    identity = of_type(example, target, "Microsoft.ManagedIdentity/userAssignedIdentities")
    if identity:
        return ("ref", ("Microsoft.ManagedIdentity/userAssignedIdentities", identity[0][0]), "properties.principalId")
    ((name, _),) = of_type(example, target, MANAGED)
    return ("ref", (MANAGED, name), "identity.principalId")


@pytest.mark.parametrize(("example", "target"), CASES)
def test_a_private_storage_gives_the_studio_reader_on_its_private_endpoints(example: str, target: str) -> None:
    """Configure a managed virtual network, studio: with the workspace's storage closed to public networks,
    the workspace's identity holds Reader on each storage private endpoint (blob and file) in the clients'
    network."""
    storage = of_type(example, target, "Microsoft.Storage/storageAccounts")
    closed = [name for name, body in storage if body["properties"]["publicNetworkAccess"] == "Disabled"]
    endpoints = [name for name, body in of_type(example, target, "Microsoft.Network/privateEndpoints")
                 if body["properties"]["privateLinkServiceConnections"][0]["properties"]["privateLinkServiceId"]
                 in [("ref", ("Microsoft.Storage/storageAccounts", n), "id") for n in closed]]
    readers = {name.split("/('guid'", 1)[0] for name, body in of_type(
        example, target, "Microsoft.Authorization/roleAssignments")
        if body["properties"]["roleDefinitionId"][1][-1].endswith(READER)
        and body["properties"]["principalId"] == _principal(example, target)}
    assert readers == set(endpoints)


@pytest.mark.parametrize("target", TARGETS)
def test_a_user_assigned_identity_holds_its_roles(target: str) -> None:
    """Set up authentication, user-assigned identity; Configure a managed virtual network: the workspace acts
    as its user-assigned identity, which holds the roles each associated resource needs, and the network
    connection approver role on those the managed network connects to privately."""
    example = "managed-vnet-user-assigned-identity"
    ((workspace, body),) = of_type(example, target, MANAGED)
    (identity,) = [name for name, _ in of_type(example, target, "Microsoft.ManagedIdentity/userAssignedIdentities")]
    assert body["identity"]["type"] == "UserAssigned"
    assert body["properties"]["primaryUserAssignedIdentity"] == (
        "ref", ("Microsoft.ManagedIdentity/userAssignedIdentities", identity), "id")
    roles: dict[str, set[str]] = {}
    for name, role in of_type(example, target, "Microsoft.Authorization/roleAssignments"):
        assert role["properties"]["principalId"] == _principal(example, target)
        roles.setdefault(name.split("/('guid'", 1)[0], set()).add(role["properties"]["roleDefinitionId"][1][-1]
                                                                   .rsplit("/", 1)[-1])
    approver, contributor = "b556d68e-0be0-4f35-a333-ad7ee1ce17ea", "b24988ac-6180-42a0-ab88-20f7382dd24c"
    for arm_type, needed in (("Microsoft.Storage/storageAccounts", {contributor, "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
                                                                    approver}),
                             ("Microsoft.KeyVault/vaults", {contributor, "00482a5a-887f-4fb3-b363-3b7fe8e74483",
                                                            approver}),
                             ("Microsoft.ContainerRegistry/registries", {contributor, approver}),
                             ("Microsoft.Insights/components", {contributor}),
                             (MANAGED, {contributor})):
        ((name, _),) = of_type(example, target, arm_type)
        assert roles[name] == needed, arm_type
    assert workspace in roles


def test_spark_provisioning_follows_the_spark_storage_rule() -> None:
    """Configure for serverless Spark jobs: Terraform provisions the managed network with includeSpark once
    the Spark-enabled private endpoint rule exists; Bicep, which cannot call the action, names the az ml
    step in its README and beside the rules."""
    tf = render_example("managed-vnet-user-assigned-identity", "terraform")
    actions = [body for block in parse_hcl(tf["outbound_rules.tf"])["resource"] for kind, instances in block.items()
               if hcl_unquote(kind) == "azapi_resource_action" for body in instances.values()]
    (action,) = actions
    assert hcl_unquote(action["action"]) == "provisionManagedNetwork" and action["body"] == {"includeSpark": True}
    assert action["depends_on"] == ["${azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint"
                                    ".spark_data}"]
    bicep = render_example("managed-vnet-user-assigned-identity", "bicep")
    step = "az ml workspace provision-network --resource-group <resource group> --name <workspace> --include-spark"
    assert step in bicep["README.md"]
    assert "provisionManagedNetwork" in bicep["modules/outbound-rules.bicep"]
