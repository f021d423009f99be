"""DNS that resolves, in both targets: the virtual networks amlgen creates use the DNS servers (or the firewall's DNS
proxy) the intent names, the landing-zone mode leaves the DNS zone groups to Azure Policy, and DNS-FORWARDERS.md says
who creates each record in each mode."""

from __future__ import annotations

import pytest

from amlgen.azure.ids import parse_resource_id
from amlgen.azure.policies import PRIVATE_DNS_POLICIES
from tests.deployed import intent_of, of_type, read, read_text
from tests.helpers import TARGETS, parse_hcl, parse_markdown, render_example, render_text

VNET = "Microsoft.Network/virtualNetworks"
PRIVATE_ENDPOINT = "Microsoft.Network/privateEndpoints"
ZONE_GROUP = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups"

NETWORK = """version: 1
name: contoso-ml
location: eastus
workspace: {public_network_access: disabled}
resources: {container_registry: {sku: Premium}}
network:
  outbound: hub_spoke_firewall
  hub: {address_space: 10.0.0.0/24, firewall_subnet_prefix: 10.0.0.0/26}
  spoke:
    address_space: 10.1.0.0/16
    training: {prefix: 10.1.0.0/24, nodes: 10}
    private_endpoints: {prefix: 10.1.1.0/27}
  image_build_compute: builder
"""
SERVERS = ["10.200.0.4", "10.200.0.5"]


def dns(body: str) -> str:
    return NETWORK + "dns:\n" + body


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("zones", ["none", "policy"])
def test_networks_resolve_through_the_intents_dns_servers(target: str, zones: str) -> None:
    entries = read_text(dns(f"  zones: {zones}\n  servers: [{', '.join(SERVERS)}]\n"), target)
    vnets = of_type(entries, VNET)
    assert len(vnets) == 2
    for _, body in vnets:
        assert body["properties"]["dhcpOptions"]["dnsServers"] == SERVERS


@pytest.mark.parametrize("target", TARGETS)
def test_spoke_resolves_through_the_firewall_dns_proxy(target: str) -> None:
    entries = read_text(dns(f"  zones: none\n  firewall_proxy: true\n  servers: [{', '.join(SERVERS)}]\n"), target)
    ((firewall, _),) = of_type(entries, "Microsoft.Network/azureFirewalls")
    spoke = dict(of_type(entries, VNET))["vnet-contoso-ml-spoke"]
    (server,) = spoke["properties"]["dhcpOptions"]["dnsServers"]
    assert server[:2] == ("ref", ("Microsoft.Network/azureFirewalls", firewall))
    assert server[2].endswith("privateIPAddress")
    ((_, policy),) = of_type(entries, "Microsoft.Network/firewallPolicies")
    assert policy["properties"]["dnsSettings"] == {"enableProxy": True, "servers": SERVERS}


@pytest.mark.parametrize("target", TARGETS)
def test_policy_mode_leaves_the_zone_groups_to_azure_policy(target: str) -> None:
    text = dns(f"  zones: policy\n  servers: [{SERVERS[0]}]\n")
    entries = read_text(text, target)
    endpoints = of_type(entries, PRIVATE_ENDPOINT)
    assert endpoints and not of_type(entries, ZONE_GROUP)
    files = render_text(text, target)
    readme = files["README.md"]
    groups = {body["properties"]["privateLinkServiceConnections"][0]["properties"]["groupIds"][0]
              for _, body in endpoints}
    for policy in PRIVATE_DNS_POLICIES:
        assert (policy.definition_id in readme) == (policy.group in groups), policy.group
    if target == "terraform":
        blocks = parse_hcl(files["private_endpoints.tf"])["resource"]
        bodies = [body for block in blocks for body in block.get('"azurerm_private_endpoint"', {}).values()]
        assert len(bodies) == len(endpoints)
        for body in bodies:
            assert body["lifecycle"][0]["ignore_changes"] == ["private_dns_zone_group"]


def _records(files: dict[str, str]) -> list[list[str]]:
    tables = parse_markdown(files["DNS-FORWARDERS.md"])["tables"]
    (records,) = [table for table in tables if table[0] == ["zone", "record", "serves", "created by"]]
    return records[1:]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(("zones", "actor"), [("none", "you:"), ("policy", "Azure Policy:")])
def test_dns_forwarders_say_who_creates_each_record(target: str, zones: str, actor: str) -> None:
    records = _records(render_text(dns(f"  zones: {zones}\n  servers: [{SERVERS[0]}]\n"), target))
    assert len(records) >= 8  # workspace (3), blob, file, vault, registry (2)
    assert all(row[3].startswith(actor) for row in records)
    if zones == "policy":
        assert any("ee40564d-486e-4f68-a5ca-7a621edae0fb" in row[3] for row in records if "azureml" in row[0])


@pytest.mark.parametrize("target", TARGETS)
def test_resolver_mode_records_are_written_by_this_modules_zone_groups(target: str) -> None:
    records = _records(render_example("hub-spoke-firewall", target))
    assert records and all(row[3].startswith("this module: the DNS zone group of") for row in records)


@pytest.mark.parametrize("target", TARGETS)
def test_existing_central_zones_are_linked_where_they_live(target: str) -> None:
    """dns.link_zones: every existing zone gets a link to each network amlgen creates, created in the zone's own
    subscription and resource group (a scoped Bicep module, an aliased Terraform provider)."""
    example = "public-workspace-private-resources"
    intent = intent_of(example)
    entries = read(example, target)
    vnets = {("Microsoft.Network/virtualNetworks", name) for name, _ in of_type(entries, VNET)}
    links = of_type(entries, "Microsoft.Network/privateDnsZones/virtualNetworkLinks")
    assert not of_type(entries, "Microsoft.Network/privateDnsZones"), "existing zones are not deployed"
    by_zone: dict[str, set] = {}
    for name, body in links:
        zone = name.split("/")[0]
        parsed = parse_resource_id(intent.dns.zone_ids[zone])
        assert parsed is not None
        assert body["@scope"] == (parsed.subscription, parsed.resource_group)
        target_vnet = body["properties"]["virtualNetwork"]["id"]
        assert target_vnet[0] == "ref" and target_vnet[1] in vnets
        by_zone.setdefault(zone, set()).add(target_vnet[1])
    assert set(by_zone) == set(intent.dns.zone_ids) and all(found == vnets for found in by_zone.values())
