"""How compute egress leaves a customer-managed network (Plan for network isolation): an Azure Firewall in the hub that
the
compute subnets route through, or NSG rules (with a NAT gateway), and the service endpoint policy of data
exfiltration prevention. Every egress value (priorities, directions, next hops) is decided here.
"""

from __future__ import annotations

import re

from amlgen.analysis.decisions import numbered_unique
from amlgen.analysis.network import hosts_compute, outbound_set
from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.model import Ref, Resource, ScanSkip, Value
from amlgen.azure.tables import MACHINE_LEARNING_STORAGE_ALIAS, RequiredOutbound
from amlgen.intent.model import Intent
from amlgen.plan.network import ENDPOINT_POLICY, NAT_GATEWAY, ROUTE_TABLE, SECURITY_GROUP, compute_prefixes, subnet_key

MODULE = "network"
FILE = "egress.tf"
FIREWALL = "firewall"
RULE_COLLECTION_GROUP = "required_outbound"

# Azure Firewall: the service-tag (network) rules are evaluated before the host-name (application) rules.
GROUP_PRIORITY = 200
NETWORK_COLLECTION = ("service-tags", 200)
APPLICATION_COLLECTION = ("fqdns", 300)
# NSG rules: the first priority, and the gap that leaves room for rules added by hand in between.
NSG_FIRST_PRIORITY = 100
NSG_PRIORITY_STEP = 10
# A security rule's description: Azure (and azurerm's StringLenBetween(0, 140)) refuse a longer one.
NSG_DESCRIPTION_MAX = 140
# Compute subnets send all traffic to the firewall's private address.
DEFAULT_ROUTE = {"name": "default-via-firewall", "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance"}
FIREWALL_PRIVATE_IP = "properties.ipConfigurations[0].properties.privateIPAddress"


def _rule_name(row: RequiredOutbound) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", row.destination.removeprefix("*.")).strip("-")


def _renamed(rules: list[dict[str, Value]]) -> list[dict[str, Value]]:
    """Rule names must be unique within their collection; a repeated one is numbered."""
    names = numbered_unique([str(rule["name"]) for rule in rules], "-")
    return [{**rule, "name": name} for rule, name in zip(rules, names, strict=True)]


def rule_collections(rows: tuple[RequiredOutbound, ...], sources: list[str]) -> list[Value]:
    """Service tags become network rules, host names application rules (Azure Firewall filters FQDNs only
    in application rules for HTTP and HTTPS)."""
    network: list[dict[str, Value]] = []
    application: list[dict[str, Value]] = []
    for row in rows:
        if row.kind == "service_tag":
            network.append({"ruleType": "NetworkRule", "name": _rule_name(row), "description": row.purpose,
                            "ipProtocols": ["Any" if row.protocol == "*" else row.protocol],
                            "sourceAddresses": list(sources), "destinationAddresses": [row.destination],
                            "destinationPorts": [str(port) for port in row.ports]})
        else:
            application.append({"ruleType": "ApplicationRule", "name": _rule_name(row), "description": row.purpose,
                                "sourceAddresses": list(sources), "targetFqdns": [row.destination],
                                "protocols": [{"protocolType": "Http" if int(port) == 80 else "Https",
                                               "port": int(port)} for port in row.ports]})
    collections: list[Value] = []
    for (name, priority), rules in ((NETWORK_COLLECTION, network), (APPLICATION_COLLECTION, application)):
        if rules:
            collections.append({"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": name,
                                "priority": priority, "action": {"type": "Allow"}, "rules": list(_renamed(rules))})
    return collections


def security_rules(rows: tuple[RequiredOutbound, ...], egress: str) -> list[Value]:
    """Service tags become one allow rule each. NSGs cannot name host names, so the FQDN rows share one
    rule to the Internet tag on their ports, which the NAT gateway carries (Plan for network isolation: Removing
    firewall
    requirement)."""
    rules: list[tuple[str, int, str, list[Value], str, str]] = []
    priority = NSG_FIRST_PRIORITY
    for row in rows:
        if row.kind != "service_tag":
            continue
        protocol = {"TCP": "Tcp", "UDP": "Udp"}.get(row.protocol, "*")
        ports: list[Value] = [str(p) for p in row.ports]
        rules.append((f"allow-{_rule_name(row).replace('.', '-').lower()}-outbound", priority, protocol, ports,
                      row.destination, row.purpose))
        priority += NSG_PRIORITY_STEP
    fqdns = [row for row in rows if row.kind == "fqdn"]
    if fqdns:
        fqdn_ports: list[Value] = [str(p) for p in sorted({int(p) for row in fqdns for p in row.ports})]
        hosts = ", ".join(row.destination for row in fqdns)
        rules.append(("allow-internet-fqdns-outbound", priority, "Tcp", fqdn_ports, "Internet",
                      f"Host names NSGs cannot name, through {egress}: {hosts}"))
    names = numbered_unique([rule[0] for rule in rules], "-")
    return [{"name": name, "properties": {
        "description": _fit(description), "priority": priority, "direction": "Outbound", "access": "Allow",
        "protocol": protocol, "sourcePortRange": "*", "destinationPortRanges": ports,
        "sourceAddressPrefix": "VirtualNetwork", "destinationAddressPrefix": destination}}
        for name, (_, priority, protocol, ports, destination, description) in zip(names, rules, strict=True)]


def _fit(description: str) -> str:
    """A description within the security rule's limit, cut at a word with '...' when longer."""
    if len(description) <= NSG_DESCRIPTION_MAX:
        return description
    return description[:NSG_DESCRIPTION_MAX - 3].rsplit(" ", 1)[0].rstrip(",:;") + "..."


def _public_ip(key: str, label: str, name: str) -> Resource:
    return Resource(key=key, type="Microsoft.Network/publicIPAddresses", name=name, module=MODULE, label=label,
                    title=f"public IP {name}",
                    file=FILE, location=LOCATION, tags=TAGS, sku={"name": "Standard"},
                    properties={"publicIPAllocationMethod": "Static"})


def _firewall(intent: Intent) -> tuple[Resource, ...]:
    network = intent.network
    assert network is not None and network.hub is not None
    tier = network.hub.firewall_sku
    prefix = intent.name
    policy_properties: dict[str, Value] = {"sku": {"tier": tier}, "threatIntelMode": "Deny"}
    policy_notes: tuple[tuple[str, str], ...] = ()
    policy_skips: tuple[ScanSkip, ...] = ()
    if tier == "Premium":
        policy_properties["intrusionDetection"] = {"mode": "Deny"}
        policy_notes = (("properties.intrusionDetection",
                         "Premium: intrusion detection and prevention blocks the attack signatures it detects."),)
    else:
        policy_skips = (ScanSkip("CKV_AZURE_220", (
            f"intrusion detection and prevention is a Premium feature; this policy is {tier} "
            "(network.hub.firewall_sku)"), ("terraform",)),)
    policy = Resource(
        key="firewall_policy", type="Microsoft.Network/firewallPolicies", name=f"afwp-{prefix}", module=MODULE,
        title="firewall policy",
        file=FILE, location=LOCATION, tags=TAGS, properties=policy_properties, notes=policy_notes,
        comments=("Threat intelligence drops traffic to and from known malicious addresses instead of only "
                  "logging it.",), scan_skips=policy_skips)
    group = Resource(
        key=RULE_COLLECTION_GROUP, type="Microsoft.Network/firewallPolicies/ruleCollectionGroups",
        title="firewall rule collection group",
        name="required-outbound", module=MODULE, label=RULE_COLLECTION_GROUP, file=FILE, parent=policy.key,
        properties={"priority": GROUP_PRIORITY,
                    "ruleCollections": rule_collections(outbound_set(network), list(compute_prefixes(intent)))},
        comments=("The required outbound set of Plan for network isolation plus the intent's additions, admitted from "
                  "the compute "
                  "subnets only. Service tags are network rules; host names are application rules, the only kind "
                  "that matches FQDNs.",))
    public_ip = _public_ip("firewall_public_ip", "firewall", f"pip-afw-{prefix}")
    firewall = Resource(
        key=FIREWALL, type="Microsoft.Network/azureFirewalls", name=f"afw-{prefix}", module=MODULE, file=FILE,
        title="hub firewall",
        location=LOCATION, tags=TAGS,
        properties={"sku": {"name": "AZFW_VNet", "tier": tier}, "firewallPolicy": {"id": Ref(policy.key)},
                    "ipConfigurations": [{"name": "ipconfig", "properties": {
                        "subnet": {"id": Ref(subnet_key("firewall"))},
                        "publicIPAddress": {"id": Ref(public_ip.key)}}}]},
        depends_on=(group.key,),
        scan_skips=(ScanSkip("CKV_AZURE_216", (
            "the attached firewall policy sets threat intelligence to Deny; a firewall managed by a policy takes "
            "its threat intelligence mode from the policy"), ("terraform", "bicep")),))
    route_table = Resource(
        key=ROUTE_TABLE, type="Microsoft.Network/routeTables", name=f"rt-{prefix}-compute", module=MODULE,
        title="compute subnets' route table",
        label="compute", file=FILE, location=LOCATION, tags=TAGS,
        properties={"routes": [{"name": DEFAULT_ROUTE["name"], "properties": {
            "addressPrefix": DEFAULT_ROUTE["addressPrefix"], "nextHopType": DEFAULT_ROUTE["nextHopType"],
            "nextHopIpAddress": Ref(FIREWALL, FIREWALL_PRIVATE_IP)}}]},
        comments=("Compute has no public IPs: its only way out is the hub firewall.",))
    return public_ip, policy, group, firewall, route_table


def _security_group(intent: Intent) -> Resource:
    network = intent.network
    assert network is not None
    egress = "the NAT gateway" if network.outbound == "nsg_nat" else "the default outbound path"
    comment = ("The required service tags of Plan for network isolation plus the intent's additions, allowed outbound "
               "by name."
               if hosts_compute(network) else "The intent's outbound destinations, allowed by name.")
    return Resource(key=SECURITY_GROUP, type="Microsoft.Network/networkSecurityGroups",
                    title="compute subnets' network security group",
                    name=f"nsg-{intent.name}-compute", module=MODULE, label="compute", file=FILE, location=LOCATION,
                    tags=TAGS, properties={"securityRules": security_rules(outbound_set(network), egress)},
                    comments=(comment,))


def _nat_gateway(intent: Intent) -> tuple[Resource, ...]:
    public_ip = _public_ip("nat_public_ip", "nat_gateway", f"pip-ng-{intent.name}")
    gateway = Resource(key=NAT_GATEWAY, type="Microsoft.Network/natGateways", name=f"ng-{intent.name}",
                       title="NAT gateway",
                       module=MODULE, file=FILE, location=LOCATION, tags=TAGS, sku={"name": "Standard"},
                       properties={"publicIpAddresses": [{"id": Ref(public_ip.key)}]},
                       comments=("Outbound internet for compute without public IPs (Plan for network isolation: "
                                 "Removing firewall requirement).",))
    return public_ip, gateway


def _endpoint_policy(intent: Intent) -> Resource:
    return Resource(
        key=ENDPOINT_POLICY, type="Microsoft.Network/serviceEndpointPolicies", name=f"se-{intent.name}-ml-storage",
        title="service endpoint policy",
        module=MODULE, label="ml_storage", file=FILE, location=LOCATION, tags=TAGS,
        properties={"serviceEndpointPolicyDefinitions": [{"name": "azure-machine-learning", "properties": {
            "service": "Global", "serviceResources": [MACHINE_LEARNING_STORAGE_ALIAS]}}]},
        comments=("Storage through the subnets' service endpoint reaches only Azure Machine Learning's own storage "
                  "accounts (the alias), so compute gets its set-up scripts without an outbound path to any other "
                  "account.",))


def egress_resources(intent: Intent) -> tuple[Resource, ...]:
    network = intent.network
    assert network is not None
    resources: list[Resource] = []
    if network.outbound == "hub_spoke_firewall" and network.hub is not None:
        resources += _firewall(intent)
    if network.outbound in ("nsg_nat", "nsg"):
        resources.append(_security_group(intent))
    if network.outbound == "nsg_nat":
        resources += _nat_gateway(intent)
    if network.exfiltration_prevention:
        resources.append(_endpoint_policy(intent))
    return tuple(resources)
