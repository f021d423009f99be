"""Seed 003's required-outbound tables: one data table in the package, rendered as firewall rules and as
NSG rules for both targets.

SEED_003 is copied by hand from shared/seeds/003 ("Data exfiltration protection"), so a change to the
package table that drifts from the documentation fails here.
"""

from __future__ import annotations

import pytest

from amlgen.azure.tables import REQUIRED_OUTBOUND, STORAGE_WITHOUT_POLICY
from tests.helpers import hcl_unquote, parse_bicep, parse_hcl, render_text

# (kind, destination, protocol, ports) as the seed's two tables list them.
SEED_003 = {
    ("service_tag", "AzureActiveDirectory", "TCP", (80, 443)),
    ("service_tag", "AzureResourceManager", "TCP", (443,)),
    ("service_tag", "AzureMachineLearning", "UDP", (5831,)),
    ("service_tag", "BatchNodeManagement", "TCP", (443,)),
    ("fqdn", "mcr.microsoft.com", "TCP", (443,)),
    ("fqdn", "*.data.mcr.microsoft.com", "TCP", (443,)),
    ("fqdn", "ml.azure.com", "TCP", (443,)),
    ("fqdn", "automlresources-prod.azureedge.net", "TCP", (443,)),
}

SPOKE = """
  spoke:
    address_space: 10.1.0.0/16
    training: {prefix: 10.1.0.0/24, nodes: 10}
    private_endpoints: {prefix: 10.1.1.0/27}
  additional_outbound:
    - {name: pypi, type: fqdn, destination: pypi.org}
    - {name: keyvault, type: service_tag, service_tag: AzureKeyVault, protocol: TCP, port_ranges: "443"}
  image_build_compute: builder
"""
HEAD = "version: 1\nname: contoso-ml\nlocation: eastus\nresources: {container_registry: {sku: Premium}}\n"
FIREWALL = HEAD + """network:
  outbound: hub_spoke_firewall
  exfiltration_prevention: POLICY
  hub: {address_space: 10.0.0.0/24, firewall_subnet_prefix: 10.0.0.0/26}
""" + SPOKE


def firewall_intent(policy: bool) -> str:
    return FIREWALL.replace("POLICY", str(policy).lower())
NSG = HEAD + "network:\n  outbound: nsg_nat\n" + SPOKE


def test_the_package_table_is_the_seed_table() -> None:
    rows = {(r.kind, r.destination, r.protocol, r.ports) for r in REQUIRED_OUTBOUND}
    assert rows == SEED_003
    assert len(REQUIRED_OUTBOUND) == len(SEED_003), "no duplicate rows"
    assert all(row.purpose for row in REQUIRED_OUTBOUND), "every row says why"


def _resource(text: str, tf_type: str, name: str) -> dict:
    for block in parse_hcl(text)["resource"]:
        for raw_type, instances in block.items():
            if hcl_unquote(raw_type) == tf_type:
                return {hcl_unquote(key): body for key, body in instances.items()}[name]
    raise AssertionError(f"no {tf_type}.{name}")


def _terraform_firewall(text: str) -> tuple[set, set]:
    group = _resource(text, "azurerm_firewall_policy_rule_collection_group", "required_outbound")
    tags = {(rule["destination_addresses"][0], rule["protocols"][0],
             tuple(int(hcl_unquote(p)) for p in rule["destination_ports"]))
            for collection in group["network_rule_collection"] for rule in collection["rule"]}
    fqdns = {(rule["destination_fqdns"][0], tuple(p["port"] for p in rule["protocols"]))
             for collection in group["application_rule_collection"] for rule in collection["rule"]}
    return ({tuple(hcl_unquote(v) if isinstance(v, str) else v for v in tag) for tag in tags},
            {(hcl_unquote(name), ports) for name, ports in fqdns})


def _bicep_firewall(text: str) -> tuple[set, set]:
    # pycep returns the literal text; the rule collections are plain data, so read them back by name.
    parsed = parse_bicep(text)
    group = parsed["resources"]["requiredOutbound"]["config"]["properties"]["ruleCollections"]
    tags, fqdns = set(), set()
    for collection in group:
        for rule in collection["rules"]:
            if rule["ruleType"] == "NetworkRule":
                tags.add((rule["destinationAddresses"][0], rule["ipProtocols"][0],
                          tuple(int(p) for p in rule["destinationPorts"])))
            else:
                fqdns.add((rule["targetFqdns"][0], tuple(int(p["port"]) for p in rule["protocols"])))
    return tags, fqdns


def _expected(with_storage: bool) -> tuple[set, set]:
    rows = [*SEED_003, ("service_tag", "AzureKeyVault", "TCP", (443,)), ("fqdn", "pypi.org", "TCP", (443,))]
    if with_storage:
        rows.append(("service_tag", "Storage", "TCP", (443,)))
    tags = {(dest, proto, ports) for kind, dest, proto, ports in rows if kind == "service_tag"}
    fqdns = {(dest, ports) for kind, dest, _, ports in rows if kind == "fqdn"}
    return tags, fqdns


@pytest.mark.parametrize("policy", [True, False], ids=["exfiltration-prevention", "storage-tag"])
def test_firewall_rules_in_both_targets(policy: bool) -> None:
    text = firewall_intent(policy)
    expected = _expected(with_storage=not policy)
    assert _terraform_firewall(render_text(text, "terraform")["egress.tf"]) == expected
    assert _bicep_firewall(render_text(text, "bicep")["modules/network.bicep"]) == expected


def test_storage_is_opened_only_without_the_policy_and_says_why() -> None:
    without = render_text(firewall_intent(False), "terraform")
    with_policy = render_text(firewall_intent(True), "terraform")
    assert STORAGE_WITHOUT_POLICY.purpose in without["egress.tf"]
    assert '"Storage"' not in with_policy["egress.tf"]
    assert "/services/Azure/MachineLearning" in with_policy["egress.tf"]
    assert "Microsoft.Storage.Global" in with_policy["network.tf"]


def _nsg_rules_terraform(text: str) -> set:
    group = _resource(text, "azurerm_network_security_group", "compute")
    return {(hcl_unquote(r["destination_address_prefix"]), hcl_unquote(r["protocol"]),
             tuple(int(hcl_unquote(p)) for p in r["destination_port_ranges"])) for r in group["security_rule"]}


def _nsg_rules_bicep(text: str) -> set:
    rules = parse_bicep(text)["resources"]["computeSecurityGroup"]["config"]["properties"]["securityRules"]
    return {(r["properties"]["destinationAddressPrefix"], r["properties"]["protocol"],
             tuple(int(p) for p in r["properties"]["destinationPortRanges"])) for r in rules}


def test_nsg_rules_in_both_targets() -> None:
    tags, _ = _expected(with_storage=True)
    expected = {(dest, proto.capitalize(), ports) for dest, proto, ports in tags}
    # NSGs cannot name host names: the FQDN rows share one rule to the Internet tag through the NAT gateway.
    expected.add(("Internet", "Tcp", (443,)))
    assert _nsg_rules_terraform(render_text(NSG, "terraform")["egress.tf"]) == expected
    assert _nsg_rules_bicep(render_text(NSG, "bicep")["modules/network.bicep"]) == expected
