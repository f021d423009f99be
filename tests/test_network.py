"""Customer-managed networks (seed 003): what each architecture puts where, read back from the output."""

from __future__ import annotations

from amlgen.azure.tables import AZURE_DNS_IP
from amlgen.kinds.associated import private_link_groups
from tests.helpers import hcl_unquote, parse_bicep, parse_hcl, parse_markdown, render_example, render_text

SPOKE = """  spoke:
    address_space: 10.1.0.0/16
    training: {prefix: 10.1.0.0/24, nodes: 10}
    scoring: {prefix: 10.1.2.0/24, nodes: 10}
    private_endpoints: {prefix: 10.1.1.0/27}
  image_build_compute: builder
"""
HEAD = "version: 1\nname: contoso-ml\nlocation: eastus\nresources: {container_registry: {sku: Premium}}\n"


def resources(files: dict[str, str], tf_type: str) -> dict[str, dict]:
    found = {}
    for path, text in files.items():
        if path.endswith(".tf"):
            for block in parse_hcl(text).get("resource", []):
                for raw_type, instances in block.items():
                    if hcl_unquote(raw_type) == tf_type:
                        found.update({hcl_unquote(name): body for name, body in instances.items()})
    return found


def test_custom_dns_forwarders_list_every_zone_of_the_cloud() -> None:
    text = HEAD.replace("location: eastus", "location: usgovvirginia\ncloud: AzureUSGovernment") + (
        "network:\n  outbound: nsg_nat\n  unlisted_outbound: deny\n" + SPOKE
        + "dns: {zones: none, servers: [10.9.0.4]}\n")
    for target in ("terraform", "bicep"):
        tables = parse_markdown(render_text(text, target)["DNS-FORWARDERS.md"])["tables"]
        (forwarders,) = [table for table in tables if table[0] == ["zone", "forward to", "resolves"]]
        expected = {name for link in private_link_groups() for name in link.zone_names("AzureUSGovernment")}
        assert {row[0] for row in forwarders[1:]} == expected
        assert {row[1] for row in forwarders[1:]} == {AZURE_DNS_IP}


def test_exfiltration_prevention_puts_the_policy_on_compute_subnets_only() -> None:
    files = render_example("hub-spoke-exfiltration-prevention", "terraform")
    subnets = resources(files, "azurerm_subnet")
    for key in ("training", "scoring"):
        assert [hcl_unquote(s) for s in subnets[key]["service_endpoints"]] == ["Microsoft.Storage.Global"]
        assert subnets[key]["service_endpoint_policy_ids"]
    for key in ("private_endpoints", "firewall"):
        assert "service_endpoints" not in subnets[key]
    policy = resources(files, "azurerm_subnet_service_endpoint_storage_policy")["ml_storage"]
    definition = policy["definition"][0]
    assert hcl_unquote(definition["service"]) == "Global"
    assert [hcl_unquote(r) for r in definition["service_resources"]] == ["/services/Azure/MachineLearning"]


def test_firewall_admits_only_the_compute_subnets_and_routes_them_through_it() -> None:
    files = render_example("hub-spoke-firewall", "terraform")
    subnets = resources(files, "azurerm_subnet")
    compute = {hcl_unquote(subnets[key]["address_prefixes"][0]) for key in ("training", "scoring")}
    group = resources(files, "azurerm_firewall_policy_rule_collection_group")["required_outbound"]
    for kind in ("network_rule_collection", "application_rule_collection"):
        for rule in group[kind][0]["rule"]:
            assert {hcl_unquote(s) for s in rule["source_addresses"]} == compute
    routed = {hcl_unquote(a["subnet_id"]).split(".")[1] for a in
              resources(files, "azurerm_subnet_route_table_association").values()}
    assert routed == {"training", "scoring"}
    route = resources(files, "azurerm_route_table")["compute"]["route"][0]
    assert hcl_unquote(route["address_prefix"]) == "0.0.0.0/0"
    assert hcl_unquote(route["next_hop_type"]) == "VirtualAppliance"


def test_created_zones_are_linked_to_hub_and_spoke() -> None:
    for target in ("terraform", "bicep"):
        files = render_example("hub-spoke-firewall", target)
        if target == "terraform":
            links = resources(files, "azurerm_private_dns_zone_virtual_network_link").values()
            networks = {hcl_unquote(link["virtual_network_id"]) for link in links}
            assert networks == {"${azurerm_virtual_network.spoke.id}", "${azurerm_virtual_network.hub.id}"}
        else:
            dns = parse_bicep(files["modules/dns.bicep"])["resources"]
            zones = [r for r in dns.values() if r["type"] == "Microsoft.Network/privateDnsZones"]
            links = [r for r in dns.values() if r["type"] == "Microsoft.Network/privateDnsZones/virtualNetworkLinks"]
            assert len(links) == 2 * len(zones)


def test_isolated_network_doubles_the_private_endpoints_with_its_own_subnet_and_zones() -> None:
    files = render_example("isolated-vnets-ip-shortage", "terraform")
    endpoints = resources(files, "azurerm_private_endpoint")
    corp = {key: body for key, body in endpoints.items() if key.startswith("corp_")}
    assert len(corp) * 2 == len(endpoints)
    for body in corp.values():
        assert hcl_unquote(body["subnet_id"]) == "${var.corp_private_endpoint_subnet_id}"
        zone_ids = body["private_dns_zone_group"][0]["private_dns_zone_ids"]
        assert zone_ids and all("var.corp_private_dns_zone_ids" in hcl_unquote(z) for z in zone_ids)


def test_existing_examples_keep_their_files() -> None:
    """A managed-network intent renders no customer-network file."""
    files = render_example("managed-vnet-approved-outbound", "terraform")
    assert "egress.tf" not in files and "DNS-FORWARDERS.md" not in files


def test_every_zone_of_every_cloud_says_what_it_resolves() -> None:
    from amlgen.azure.private_link import CLOUDS

    for link in private_link_groups():
        for zone in link.zones:
            assert zone.purpose
            assert [cloud for cloud, _ in zone.names] == list(CLOUDS), link.group
            assert all(name.startswith("privatelink.") for _, name in zone.names)
    for cloud in CLOUDS:
        names = [name for link in private_link_groups() for name in link.zone_names(cloud)]
        assert len(names) == len(set(names)), cloud
