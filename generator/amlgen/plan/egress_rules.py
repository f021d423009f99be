"""How the outbound set is spelled as egress rules: Azure Firewall rule collections (service tags as network rules,
host names as application rules) and NSG security rules, with their names, priorities and protocols."""

from __future__ import annotations

import re

from amlgen.analysis.decisions import numbered_unique
from amlgen.arm.model import Value
from amlgen.azure.tables import PublicIpInbound, RequiredOutbound

# Azure Firewall: the service-tag (network) rules are evaluated before the host-name (application) rules.
NETWORK_COLLECTION = ("service-tags", 200)
APPLICATION_COLLECTION = ("fqdns", 300)
# NSG rules: the first priority, and the gap that leaves room for rules added by hand in between.
NSG_FIRST_PRIORITY = 100
NSG_PRIORITY_STEP = 10
NSG_DESCRIPTION_LIMIT = 140
NSG_LAST_PRIORITY = 4096  # the lowest custom priority: Azure's default rules (65000 and up) come after it
FIREWALL_PROTOCOLS = {"*": "Any"}  # Azure Firewall network rules: TCP, UDP, ICMP or Any
NSG_PROTOCOLS = {"TCP": "Tcp", "UDP": "Udp", "ICMP": "Icmp", "Any": "*", "*": "*"}


def rule_name(row: RequiredOutbound) -> str:
    """The destination, with the protocol where a tag is also allowed on another one (AzureMachineLearning-UDP)."""
    name = re.sub(r"[^A-Za-z0-9.]+", "-", row.destination.removeprefix("*.")).strip("-")
    return f"{name}-{row.protocol}" if row.protocol in ("UDP", "ICMP") else name


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
            network.append({"ruleType": "NetworkRule", "name": rule_name(row), "description": row.purpose,
                            "ipProtocols": [FIREWALL_PROTOCOLS.get(row.protocol, row.protocol)],
                            "sourceAddresses": list(sources), "destinationAddresses": [row.destination],
                            "destinationPorts": [str(port) for port in row.ports]})
        else:
            application.append({"ruleType": "ApplicationRule", "name": rule_name(row),
                                "description": row.purpose, "sourceAddresses": list(sources),
                                "targetFqdns": [row.destination],
                                "protocols": [{"protocolType": "Http" if int(port) == 80 else "Https",
                                               "port": int(port)} for port in row.ports]})
    collections: list[Value] = []
    for (name, priority), rules in ((NETWORK_COLLECTION, network), (APPLICATION_COLLECTION, application)):
        if rules:
            collections.append({"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": name,
                                "priority": priority, "action": {"type": "Allow"}, "rules": list(_renamed(rules))})
    return collections


def _nsg_rule(name: str, priority: int, direction: str, access: str, protocol: str, ports: list[Value],
              source: str, destination: str, description: str) -> dict[str, Value]:
    port_key = "destinationPortRange" if ports == ["*"] else "destinationPortRanges"
    return {"name": name, "properties": {
        "description": description, "priority": priority, "direction": direction, "access": access,
        "protocol": protocol, "sourcePortRange": "*", port_key: ports[0] if ports == ["*"] else ports,
        "sourceAddressPrefix": source, "destinationAddressPrefix": destination}}


def fit(text: str) -> str:
    """An NSG rule description: Azure takes at most 140 characters."""
    return text if len(text) <= NSG_DESCRIPTION_LIMIT else text[:NSG_DESCRIPTION_LIMIT - 3].rstrip(" ,") + "..."


def security_rules(rows: tuple[RequiredOutbound, ...], egress: str, deny_unlisted: bool,
                   inbound: tuple[PublicIpInbound, ...] = ()) -> list[Value]:
    """Inbound rules for compute with public IPs; then each service tag as one outbound allow rule. NSGs cannot
    name host names, so the FQDN rows share one rule to the Internet tag on their ports, which the NAT gateway
    carries (Plan for network isolation: Removing firewall requirement). An NSG that denies unlisted outbound ends
    with that deny, at the last priority, so rules added by hand in between still win."""
    found: list[tuple[str, str, str, str, list[Value], str, str, str]] = []
    for entry in inbound:
        base = entry.source_tag.split(".")[0].lower()
        found.append((f"allow-{base}-inbound", "Inbound", "Allow", "Tcp", [entry.ports], entry.source_tag,
                      "VirtualNetwork", entry.purpose))
    for row in rows:
        if row.kind != "service_tag":
            continue
        name = rule_name(row).replace(".", "-").lower()
        if row.destination in ("VirtualNetwork", "Internet"):
            name += "-" + "-".join(str(p) for p in row.ports)
        found.append((f"allow-{name}-outbound", "Outbound", "Allow", NSG_PROTOCOLS.get(row.protocol, "*"),
                      [str(p) for p in row.ports], "VirtualNetwork", row.destination, fit(row.purpose)))
    fqdns = [row for row in rows if row.kind == "fqdn"]
    if fqdns:
        fqdn_ports: list[Value] = [str(p) for p in sorted({int(p) for row in fqdns for p in row.ports})]
        found.append(("allow-internet-fqdns-outbound", "Outbound", "Allow", "Tcp", fqdn_ports, "VirtualNetwork",
                      "Internet", f"Host names NSGs cannot name (listed above the NSG), through {egress}"))
    names = numbered_unique([rule[0] for rule in found], "-")
    rules: list[Value] = [_nsg_rule(name, NSG_FIRST_PRIORITY + NSG_PRIORITY_STEP * index, *rule[1:])
                          for index, (name, rule) in enumerate(zip(names, found, strict=True))]
    if deny_unlisted:
        rules.append(_nsg_rule("deny-unlisted-outbound", NSG_LAST_PRIORITY, "Outbound", "Deny", "*", ["*"], "*",
                               "*", "network.unlisted_outbound: deny: drops outbound traffic no rule above names (the "
                               "defaults would allow it)"))
    return rules


