"""The hub firewall compute egress goes through (Plan for network isolation, "Recommended architecture"): Azure
Firewall with its policy and the rule collection group of the required outbound set, and the compute subnets'
route table that sends everything to it."""

from __future__ import annotations

from amlgen.analysis.network import firewall_set, public_ip_inbound
from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.model import Ref, Resource, ScanSkip, Value
from amlgen.intent.model import Intent
from amlgen.plan.egress_rules import rule_collections
from amlgen.plan.network import FIREWALL, FIREWALL_PRIVATE_IP, ROUTE_TABLE, compute_prefixes, subnet_key

MODULE = "network"
FILE = "egress.tf"
RULE_COLLECTION_GROUP = "required_outbound"
GROUP_PRIORITY = 200
# Compute subnets send all traffic to the firewall's private address.
DEFAULT_ROUTE = {"name": "default-via-firewall", "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance"}

GROUP_COMMENT = ("The required outbound set (Configure inbound and outbound network traffic; Secure an Azure Machine "
                 "Learning training environment with virtual networks; Azure Machine Learning data exfiltration "
                 "prevention) plus the intent's additions, admitted from the compute subnets only. Service tags are "
                 "network rules; host names are application rules, the only kind that matches FQDNs.")


def rule_collection_group_properties(intent: Intent) -> dict[str, Value]:
    network = intent.network
    assert network is not None
    return {"priority": GROUP_PRIORITY,
            "ruleCollections": rule_collections(firewall_set(network, intent.location), list(compute_prefixes(intent)))}


def public_ip(key: str, label: str, name: str) -> Resource:
    return Resource(key=key, type="Microsoft.Network/publicIPAddresses", name=name, module=MODULE, label=label,
                    title=f"public IP {name}",
                    file=FILE, location=LOCATION, tags=TAGS, sku={"name": "Standard"},
                    properties={"publicIPAllocationMethod": "Static"})


def firewall(intent: Intent) -> tuple[Resource, ...]:
    network = intent.network
    assert network is not None and network.hub is not None
    tier = network.hub.firewall_sku
    prefix = intent.name
    policy_properties: dict[str, Value] = {"sku": {"tier": tier}, "threatIntelMode": "Deny"}
    policy_notes: tuple[tuple[str, str], ...] = ()
    policy_skips: tuple[ScanSkip, ...] = ()
    if intent.dns.firewall_proxy:
        dns: dict[str, Value] = {"enableProxy": True}
        if intent.dns.servers:
            dns["servers"] = list(intent.dns.servers)
        policy_properties["dnsSettings"] = dns
        policy_notes += (("properties.dnsSettings", "DNS proxy (dns.firewall_proxy): the spoke resolves through the "
                          "firewall, which forwards to " + ("dns.servers" if intent.dns.servers else "Azure DNS, "
                          "answering from the private DNS zones linked to the hub") + "."),)
    if tier == "Premium":
        policy_properties["intrusionDetection"] = {"mode": "Deny"}
        policy_notes += (("properties.intrusionDetection",
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
        properties=rule_collection_group_properties(intent), comments=(GROUP_COMMENT,))
    address = public_ip("firewall_public_ip", "firewall", f"pip-afw-{prefix}")
    hub_firewall = Resource(
        key=FIREWALL, type="Microsoft.Network/azureFirewalls", name=f"afw-{prefix}", module=MODULE, file=FILE,
        title="hub firewall",
        location=LOCATION, tags=TAGS,
        properties={"sku": {"name": "AZFW_VNet", "tier": tier}, "firewallPolicy": {"id": Ref(policy.key)},
                    "ipConfigurations": [{"name": "ipconfig", "properties": {
                        "subnet": {"id": Ref(subnet_key("firewall"))},
                        "publicIPAddress": {"id": Ref(address.key)}}}]},
        depends_on=(group.key,),
        scan_skips=(ScanSkip("CKV_AZURE_216", (
            "the attached firewall policy sets threat intelligence to Deny; a firewall managed by a policy takes "
            "its threat intelligence mode from the policy"), ("terraform", "bicep")),))
    return address, policy, group, hub_firewall


def firewall_address(intent: Intent) -> Value:
    """The hub firewall's private address: the next hop of the compute subnets' default route."""
    return Ref(FIREWALL, FIREWALL_PRIVATE_IP)


def routes(intent: Intent) -> list[Value]:
    """Everything to the hub firewall; with public-IP compute, the service tags that reach the nodes from the
    internet go back there directly (Configure inbound and outbound network traffic, "Scenario: Using compute
    cluster or compute instance with a public IP"; Create an Azure Batch pool in a virtual network)."""
    network = intent.network
    assert network is not None
    found: list[Value] = [{"name": DEFAULT_ROUTE["name"], "properties": {
        "addressPrefix": DEFAULT_ROUTE["addressPrefix"], "nextHopType": DEFAULT_ROUTE["nextHopType"],
        "nextHopIpAddress": firewall_address(intent)}}]
    for row in public_ip_inbound(network, intent.location):
        found.append({"name": f"{row.source_tag.split('.')[0].lower()}-to-internet", "properties": {
            "addressPrefix": row.source_tag, "nextHopType": "Internet"}})
    return found


def route_table(intent: Intent) -> Resource:
    network = intent.network
    assert network is not None
    why = ("Compute has no public IPs: its only way out is the hub firewall." if not network.compute_public_ip else
           "Compute egress goes through the hub firewall, except the traffic of the services that reach the nodes' "
           "public IPs: their replies must leave the way the requests came in, or the firewall drops them.")
    return Resource(
        key=ROUTE_TABLE, type="Microsoft.Network/routeTables", name=f"rt-{intent.name}-compute", module=MODULE,
        title="compute subnets' route table",
        label="compute", file=FILE, location=LOCATION, tags=TAGS, properties={"routes": routes(intent)},
        comments=(why,))
