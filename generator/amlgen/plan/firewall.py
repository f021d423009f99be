"""The hub firewall compute egress goes through (Plan for network isolation, "Recommended architecture"): Azure
Firewall with its policy and the rule collection group of the required outbound set, and the compute subnets'
route table that sends everything to it."""

from __future__ import annotations

from amlgen.analysis.network import firewall_set, public_ip_inbound
from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.model import Module, Param, Ref, Resource, ScanSkip, Scope, Value
from amlgen.intent.model import Intent
from amlgen.plan.egress_rules import rule_collections
from amlgen.plan.network import (
    FIREWALL,
    FIREWALL_PRIVATE_IP,
    HUB_FIREWALL_IP_INPUT,
    ROUTE_TABLE,
    compute_prefixes,
    subnet_key,
)
from amlgen.plan.scopes import scope_of

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
            "ruleCollections": rule_collections(firewall_set(network, intent.location, intent.cloud),
                                                list(compute_prefixes(intent)))}


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
    network = intent.network
    if network is not None and network.existing_hub is not None:
        return Param(HUB_FIREWALL_IP_INPUT)
    return Ref(FIREWALL, FIREWALL_PRIVATE_IP)


HUB_RULES_MODULE = "hub_firewall_rules"


def hub_rules_scope(intent: Intent) -> Scope | None:
    """Where an existing hub's firewall policy lives, when amlgen adds its rule collection group there."""
    network = intent.network
    hub = network.existing_hub if network is not None else None
    if hub is None or hub.firewall_rules != "rule_collection_group":
        return None
    return scope_of(hub.firewall_policy_id, "hub", "the hub firewall policy's resource group")


def hub_rules_modules(intent: Intent) -> tuple[Module, ...]:
    scope = hub_rules_scope(intent)
    if scope is None:
        return ()
    return (Module(HUB_RULES_MODULE, "The required outbound rules, added to the existing hub firewall's policy.",
                   "modules/hub-firewall-rules.bicep", "egress.tf", scope=scope),)


def existing_hub_rules(intent: Intent) -> tuple[Resource, ...]:
    """A rule collection group in the network team's firewall policy, where the policy lives."""
    network = intent.network
    scope = hub_rules_scope(intent)
    if network is None or network.existing_hub is None or scope is None:
        return ()
    hub = network.existing_hub
    policy = Resource(key="hub_firewall_policy", type="Microsoft.Network/firewallPolicies",
                      name=hub.firewall_policy_id.rsplit("/", 1)[-1], module=HUB_RULES_MODULE, label="hub",
                      title="hub firewall policy", scope=scope, existing=True,
                      comments=("The hub firewall's policy, which the network team owns (network.existing_hub).",))
    properties = rule_collection_group_properties(intent)
    properties["priority"] = hub.rule_collection_group_priority
    group = Resource(
        key=RULE_COLLECTION_GROUP, type="Microsoft.Network/firewallPolicies/ruleCollectionGroups",
        title="firewall rule collection group", name=f"aml-{intent.name}", module=HUB_RULES_MODULE,
        label=RULE_COLLECTION_GROUP, parent=policy.key, scope=scope, properties=properties,
        comments=(GROUP_COMMENT, "Its priority is unique in the shared policy (existing_hub.rule_collection_group_"
                  "priority), and its name carries the workspace's prefix so other teams' groups are left alone."))
    return policy, group


def routes(intent: Intent) -> list[Value]:
    """Everything to the hub firewall; with public-IP compute, the service tags that reach the nodes from the
    internet go back there directly (Configure inbound and outbound network traffic, "Scenario: Using compute
    cluster or compute instance with a public IP"; Create an Azure Batch pool in a virtual network)."""
    network = intent.network
    assert network is not None
    found: list[Value] = [{"name": DEFAULT_ROUTE["name"], "properties": {
        "addressPrefix": DEFAULT_ROUTE["addressPrefix"], "nextHopType": DEFAULT_ROUTE["nextHopType"],
        "nextHopIpAddress": firewall_address(intent)}}]
    for row in public_ip_inbound(network, intent.location, intent.cloud):
        found.append({"name": f"{row.source_tag.split('.')[0].lower()}-to-internet", "properties": {
            "addressPrefix": row.source_tag, "nextHopType": "Internet"}})
    return found


def route_table(intent: Intent) -> Resource:
    network = intent.network
    assert network is not None
    why = ("Compute has no public IPs: its only way out is the hub firewall"
           + (" (the network team's, network.existing_hub)." if network.existing_hub is not None else ".")
           if not network.compute_public_ip else
           "Compute egress goes through the hub firewall, except the traffic of the services that reach the nodes' "
           "public IPs: their replies must leave the way the requests came in, or the firewall drops them.")
    return Resource(
        key=ROUTE_TABLE, type="Microsoft.Network/routeTables", name=f"rt-{intent.name}-compute", module=MODULE,
        title="compute subnets' route table",
        label="compute", file=FILE, location=LOCATION, tags=TAGS, properties={"routes": routes(intent)},
        comments=(why,))


def handoff(intent: Intent) -> tuple[str, dict[str, Value]] | None:
    """The rule collection group the network team adds to its policy (existing_hub.firewall_rules: network_team)."""
    network = intent.network
    hub = network.existing_hub if network is not None else None
    if hub is None or hub.firewall_rules != "network_team":
        return None
    properties = rule_collection_group_properties(intent)
    properties["priority"] = hub.rule_collection_group_priority
    return f"aml-{intent.name}", properties
