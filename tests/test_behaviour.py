"""What the deployment does, checked in both targets against the intent (not against the plan).

The equivalence tests prove that Bicep and Terraform spell the plan; these prove that the plan does what the
intent and Azure's documentation ask: closed resources deny by default, NSG rules only open the outbound
paths they name, compute egress goes through the firewall, private endpoints use the right group. Each check
reads both targets' rendered files back (tests/readback/) and looks at the property that matters.
"""

from __future__ import annotations

from typing import Any

import pytest

from amlgen.analysis.network import isolated_key
from amlgen.azure.ids import parse_resource_id
from amlgen.azure.tables import PRIVATE_LINK_SUBRESOURCES, lookup_type
from amlgen.intent.loader import load_intent_text
from amlgen.plan.network import spoke_subnets
from amlgen.validation import validate
from tests.deployed import NSG, SUBNET, intent_of, read_text
from tests.deployed import of_type as entries_of_type
from tests.deployed import read as read_example
from tests.helpers import TARGETS, example_names, hcl_unquote, parse_hcl, render_example

NETWORKED = {"storage_account": "Microsoft.Storage/storageAccounts", "key_vault": "Microsoft.KeyVault/vaults",
             "container_registry": "Microsoft.ContainerRegistry/registries"}
WITH_ACLS = ("storage_account", "key_vault")  # resources with a network rule set and its default action


def read(example: str, target: str) -> Any:
    return read_example(example, target)


def of_type(example: str, target: str, arm_type: str) -> list[tuple[str, dict[str, Any]]]:
    return entries_of_type(read(example, target), arm_type)


# The service tag suffix of the examples' locations, as Azure spells it.
TAG_REGIONS = {"northeurope": "NorthEurope", "westeurope": "WestEurope", "eastus": "EastUS", "eastus2": "EastUS2"}
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
def test_nsg_rules_open_only_named_paths(example: str, target: str) -> None:
    """Every allow rule amlgen writes names its destination: outbound from the virtual network to a service tag or
    a prefix, inbound only from the services that manage compute with public IPs, to their ports. A deny of
    unlisted outbound is the last rule, exactly when the intent asks for it. Priorities are unique and in range."""
    intent = intent_of(example)
    for _, body in of_type(example, target, NSG):
        rules = [{"name": rule["name"], **rule["properties"]} for rule in body.get("properties", {}).get(
            "securityRules", [])]
        priorities = [rule["priority"] for rule in rules]
        assert len(set(priorities)) == len(priorities) and all(100 <= p <= 4096 for p in priorities)
        allows = [rule for rule in rules if rule["access"] == "Allow"]
        for rule in allows:
            if rule["direction"] == "Outbound":
                assert rule["sourceAddressPrefix"] == "VirtualNetwork", rule["name"]
                assert rule["destinationAddressPrefix"] not in ("*", "0.0.0.0/0"), rule["name"]
            else:
                assert intent.network is not None and intent.network.compute_public_ip, rule["name"]
                assert rule["sourceAddressPrefix"].split(".")[0] in ("AzureMachineLearning", "BatchNodeManagement")
                assert rule["destinationPortRanges"] in (["44224"], ["29876-29877"]), rule["name"]
        denies = [rule for rule in rules if rule["access"] == "Deny"]
        wants_deny = intent.network is not None and intent.network.unlisted_outbound == "deny"
        assert len(denies) == (1 if wants_deny else 0)
        for rule in denies:
            assert (rule["direction"], rule["destinationAddressPrefix"]) == ("Outbound", "*")
            assert rule["priority"] == max(priorities)


@pytest.mark.parametrize(("example", "target"), CASES)
def test_every_compute_subnet_has_an_nsg_and_no_default_outbound_access(example: str, target: str) -> None:
    """Compute subnets carry an NSG in every egress architecture (landing zones deny subnets without one), and
    leave only through the firewall or NAT gateway: Azure's default outbound access is off, not left to the
    provider's default (azurerm keeps it on, newer Network APIs turn it off)."""
    intent = intent_of(example)
    if intent.network is None:
        return
    spoke = intent.network.spoke
    if spoke.existing_id is not None:
        return  # an existing spoke's subnets keep their owners' settings: test_existing_spoke_is_never_replaced
    compute = {s.prefix for s in (spoke.training, spoke.scoring) if s is not None}
    nsgs = {("Microsoft.Network/networkSecurityGroups", name) for name, _ in of_type(example, target, NSG)}
    for _, body in of_type(example, target, SUBNET):
        properties = body["properties"]
        if properties["addressPrefix"] in compute:
            nsg = properties["networkSecurityGroup"]["id"]
            assert nsg[0] == "ref" and nsg[1] in nsgs
            assert properties["defaultOutboundAccess"] is False


@pytest.mark.parametrize(("example", "target"), CASES)
def test_compute_egress_goes_through_the_firewall(example: str, target: str) -> None:
    """With a hub firewall (created here, or the network team's), every compute subnet routes 0.0.0.0/0 to the
    firewall's private address, and the firewall's rules admit exactly the compute subnets."""
    intent = intent_of(example)
    firewalls = of_type(example, target, "Microsoft.Network/azureFirewalls")
    network = intent.network
    if network is None or network.outbound != "hub_spoke_firewall":
        assert not firewalls
        return
    (route_table,) = of_type(example, target, "Microsoft.Network/routeTables")
    route, *others = route_table[1]["properties"]["routes"]
    assert route["properties"]["addressPrefix"] == "0.0.0.0/0"
    # Compute with public IPs: the services that reach it go back to the internet directly, nothing else does.
    expected = {"AzureMachineLearning", f"BatchNodeManagement.{TAG_REGIONS[intent.location]}"} \
        if network.compute_public_ip else set()
    assert {r["properties"]["addressPrefix"] for r in others} == expected
    assert all(r["properties"]["nextHopType"] == "Internet" for r in others)
    assert route["properties"]["nextHopType"] == "VirtualAppliance"
    hop = route["properties"]["nextHopIpAddress"]
    if network.existing_hub is not None:
        assert not firewalls, "an existing hub's firewall is the network team's"
        assert hop == ("param", "hub_firewall_private_ip")
    else:
        ((firewall_name, _),) = firewalls
        assert hop[0] == "ref" and hop[1] == ("Microsoft.Network/azureFirewalls", firewall_name)
    spoke = network.spoke
    compute = {s.prefix for s in (spoke.training, spoke.scoring) if s is not None}
    table = ("Microsoft.Network/routeTables", route_table[0])
    routed = {_subnet_prefix(intent, name) for name, body in of_type(example, target, SUBNET)
              if body["properties"].get("routeTable", {}).get("id", (None, None))[1] == table}
    owned = {s.prefix for s in (spoke.training, spoke.scoring) if s is not None and "route_table" in s.owns}
    assert routed == (owned if spoke.existing_id else compute)
    groups = of_type(example, target, "Microsoft.Network/firewallPolicies/ruleCollectionGroups")
    if network.existing_hub is not None and network.existing_hub.firewall_rules == "network_team":
        assert not groups, "the network team adds the rules (FIREWALL-RULES.md)"
        return
    (group,) = groups
    for collection in group[1]["properties"]["ruleCollections"]:
        assert collection["action"]["type"] == "Allow"
        for rule in collection["rules"]:
            assert set(rule["sourceAddresses"]) == compute, rule["name"]


def _subnet_prefix(intent: Any, name: str) -> str:
    """A spoke subnet's prefix, from the intent, by its full name (vnet/subnet)."""
    prefixes = {subnet.name: subnet.prefix for subnet in spoke_subnets(intent)}
    return prefixes.get(name.rsplit("/", 1)[-1], "")


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


def _subnet_inputs(intent: Any) -> dict[str, str]:
    """Input name -> the existing subnet ID it carries, for the private endpoints' subnets."""
    found = {}
    if intent.inbound.private_endpoint is not None and intent.inbound.private_endpoint.subnet_id is not None:
        found["private_endpoint_subnet_id"] = intent.inbound.private_endpoint.subnet_id
    for spec in intent.network.isolated_networks if intent.network is not None else []:
        found[f"{isolated_key(spec.name)}_private_endpoint_subnet_id"] = spec.subnet_id
    return found


def check_private_endpoints_placed_with_their_network(intent: Any, entries: Any) -> int:
    """A private endpoint must be in its virtual network's subscription and region (What is a private endpoint?):
    one in an existing subnet of another subscription (an isolated network's always) is created in that subnet's
    resource group, at its virtual network's location. Returns how many were checked."""
    subnets = _subnet_inputs(intent)
    checked = 0
    for _, body in entries_of_type(entries, "Microsoft.Network/privateEndpoints"):
        subnet = body["properties"]["subnet"]["id"]
        if not (isinstance(subnet, tuple) and subnet[0] == "param" and subnet[1] in subnets):
            assert "@scope" not in body
            continue
        parsed = parse_resource_id(subnets[subnet[1]])
        assert parsed is not None
        elsewhere = subnet[1] != "private_endpoint_subnet_id" or (
            intent.subscription_id is not None and intent.subscription_id.lower() != parsed.subscription)
        if not elsewhere:
            assert "@scope" not in body
            continue
        assert body["@scope"] == (parsed.subscription, parsed.resource_group)
        vnet = parsed.raw.split("/")[-3]
        assert body["location"] == ("ref", ("Microsoft.Network/virtualNetworks", vnet), "location")
        checked += 1
    return checked


@pytest.mark.parametrize(("example", "target"), CASES)
def test_private_endpoints_live_in_their_networks_subscription_and_region(example: str, target: str) -> None:
    check_private_endpoints_placed_with_their_network(intent_of(example), read(example, target))


OTHER_SUBSCRIPTION_SUBNET = """version: 1
name: contoso-ml
location: eastus
subscription_id: 11111111-1111-1111-1111-111111111111
workspace: {public_network_access: disabled}
resources: {container_registry: {sku: Premium}}
inbound:
  private_endpoint:
    subnet_id: SUBNET
""".replace("SUBNET", "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-net/providers/"
                     "Microsoft.Network/virtualNetworks/vnet-apps/subnets/snet-pe")


@pytest.mark.parametrize("target", TARGETS)
def test_inbound_endpoints_in_a_subnet_of_another_subscription_go_there(target: str) -> None:
    text = OTHER_SUBSCRIPTION_SUBNET
    intent, _ = validate(load_intent_text("intent.yaml", text.encode()))
    assert check_private_endpoints_placed_with_their_network(intent, read_text(text, target)) == 5


ATTACHED = {"network_security_group": {"networkSecurityGroup"}, "route_table": {"routeTable"},
            "nat_gateway": {"natGateway"}, "service_endpoint_policy": {"serviceEndpoints", "serviceEndpointPolicies"}}


@pytest.mark.parametrize(("example", "target"), CASES)
def test_existing_spoke_is_never_replaced(example: str, target: str) -> None:
    """An existing spoke is never deployed: no virtual network and no subnet definition (an address prefix) of it;
    each compute subnet gets exactly the attachments the intent says it owns, and nothing else."""
    intent = intent_of(example)
    if intent.network is None or intent.network.spoke.existing_id is None:
        return
    spoke = intent.network.spoke
    vnet = spoke.existing_id.rsplit("/", 1)[-1]
    assert vnet not in {name for name, _ in of_type(example, target, "Microsoft.Network/virtualNetworks")}
    updates = {name.rsplit("/", 1)[-1]: body for name, body in of_type(example, target, SUBNET)
               if name.startswith(f"{vnet}/")}
    assert all("addressPrefix" not in body["properties"] for body in updates.values())
    expected = {}
    for spec in (spoke.training, spoke.scoring):
        if spec is not None and spec.owns:
            expected[spec.existing_id.rsplit("/", 1)[-1]] = set().union(*(ATTACHED[item] for item in spec.owns))
    assert {name: set(body["properties"]) for name, body in updates.items()} == expected


@pytest.mark.parametrize(("example", "target"), CASES)
def test_existing_hub_gets_no_hub_resources(example: str, target: str) -> None:
    """With the network team's hub, amlgen creates no hub network, firewall or policy; the spoke peers with the
    given hub from its side only; the rule collection group lives in the policy's subscription and group."""
    intent = intent_of(example)
    if intent.network is None or intent.network.existing_hub is None:
        return
    hub = intent.network.existing_hub
    for arm_type in ("Microsoft.Network/azureFirewalls", "Microsoft.Network/firewallPolicies",
                     "Microsoft.Network/publicIPAddresses"):
        assert not of_type(example, target, arm_type), arm_type
    (peering,) = of_type(example, target, "Microsoft.Network/virtualNetworks/virtualNetworkPeerings")
    assert peering[1]["properties"]["remoteVirtualNetwork"]["id"] == ("param", "hub_virtual_network_id")
    groups = of_type(example, target, "Microsoft.Network/firewallPolicies/ruleCollectionGroups")
    if hub.firewall_rules == "network_team":
        assert not groups and "FIREWALL-RULES.md" in render_example(example, target)
        return
    ((name, body),) = groups
    policy = parse_resource_id(hub.firewall_policy_id)
    assert policy is not None and name.split("/")[0] == policy.name
    assert body["@scope"] == (policy.subscription, policy.resource_group)
    assert body["properties"]["priority"] == hub.rule_collection_group_priority
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
                  if hcl_unquote(name) == "azurerm" and "alias" not in config]  # aliased: other subscriptions
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
