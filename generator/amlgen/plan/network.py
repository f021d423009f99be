"""Plan a customer-managed virtual network (seed 003): hub and spoke VNets, and how compute egress is
controlled: an Azure Firewall in the hub, or NSG rules and a NAT gateway. Every egress decision is here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from amlgen.analysis.decisions import dns_zones_needed, identifier, numbered_unique
from amlgen.azure.tables import (
    GLOBAL_STORAGE_SERVICE_ENDPOINT,
    MACHINE_LEARNING_STORAGE_ALIAS,
    PRIVATE_DNS_ZONES,
    REQUIRED_OUTBOUND,
    STORAGE_WITHOUT_POLICY,
    RequiredOutbound,
)
from amlgen.intent.model import FqdnRule, Intent
from amlgen.intent.network import Network
from amlgen.plan import model as p
from amlgen.plan import network_model as n

FIREWALL_SUBNET = "AzureFirewallSubnet"  # the name Azure Firewall requires
_NSG_FIRST_PRIORITY = 100
_NSG_PRIORITY_STEP = 10


def hosts_compute(network: Network) -> bool:
    """Whether Azure Machine Learning compute runs in the spoke: only then does seed 003's set apply."""
    scoring = network.spoke.scoring
    return network.spoke.training is not None or (scoring is not None and scoring.nodes > 0)


def outbound_set(network: Network) -> tuple[RequiredOutbound, ...]:
    """Seed 003's required outbound rows (when compute runs here), Storage when no service endpoint policy
    reaches it, then the user's additions, in that order."""
    rows = list(REQUIRED_OUTBOUND) if hosts_compute(network) else []
    if hosts_compute(network) and not network.exfiltration_prevention:
        rows.append(STORAGE_WITHOUT_POLICY)
    for rule in network.additional_outbound:
        if isinstance(rule, FqdnRule):
            ports = tuple(int(port) for port in (rule.port_ranges or "443").split(","))
            rows.append(RequiredOutbound("fqdn", rule.destination, "TCP", ports, f"{rule.name} (added by the intent)"))
        else:
            rows.append(RequiredOutbound("service_tag", rule.service_tag, rule.protocol, _ports(rule.port_ranges),
                                         f"{rule.name} (added by the intent)"))
    return tuple(rows)


def _ports(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(","))


def _rule_name(row: RequiredOutbound) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", row.destination.removeprefix("*.")).strip("-")


FirewallRules = tuple[tuple[n.NetworkRule, ...], tuple[n.ApplicationRule, ...]]


def firewall_rules(rows: tuple[RequiredOutbound, ...]) -> FirewallRules:
    """Service tags become network rules, host names application rules (Azure Firewall filters FQDNs only
    in application rules for HTTP and HTTPS)."""
    network, application = [], []
    for row in rows:
        if row.kind == "service_tag":
            protocol = "Any" if row.protocol == "*" else row.protocol
            network.append(n.NetworkRule(_rule_name(row), (protocol,), (row.destination,),
                                         tuple(str(p) for p in row.ports), row.purpose))
        else:
            protocols = tuple(("Http" if int(port) == 80 else "Https", int(port)) for port in row.ports)
            application.append(n.ApplicationRule(_rule_name(row), (row.destination,), protocols, row.purpose))
    network = _renamed(network)
    application = _renamed(application)
    return tuple(network), tuple(application)


def nsg_rules(rows: tuple[RequiredOutbound, ...], egress: str = "the NAT gateway") -> tuple[n.SecurityRule, ...]:
    """Service tags become one allow rule each. NSGs cannot name host names, so the FQDN rows share one
    rule to the Internet tag on their ports, which the NAT gateway carries (seed 003, Removing firewall
    requirement)."""
    rules: list[n.SecurityRule] = []
    priority = _NSG_FIRST_PRIORITY
    for row in rows:
        if row.kind != "service_tag":
            continue
        protocol = {"TCP": "Tcp", "UDP": "Udp"}.get(row.protocol, "*")
        rules.append(n.SecurityRule(f"allow-{_rule_name(row).replace('.', '-').lower()}-outbound", priority, protocol,
                                    tuple(str(p) for p in row.ports), row.destination, row.purpose))
        priority += _NSG_PRIORITY_STEP
    fqdns = [row for row in rows if row.kind == "fqdn"]
    if fqdns:
        ports = tuple(sorted({str(p) for row in fqdns for p in row.ports}, key=int))
        hosts = ", ".join(row.destination for row in fqdns)
        rules.append(n.SecurityRule("allow-internet-fqdns-outbound", priority, "Tcp", ports, "Internet",
                                    f"Host names NSGs cannot name, through {egress}: {hosts}"))
    names = numbered_unique([rule.name for rule in rules], "-")
    return tuple(replace(rule, name=name) for rule, name in zip(rules, names, strict=True))


def _spoke(intent: Intent, network: Network) -> n.Vnet:
    firewall = network.outbound == "hub_spoke_firewall"
    nat = network.outbound == "nsg_nat"
    nsg = network.outbound in ("nsg_nat", "nsg")
    policy = network.exfiltration_prevention
    compute = {"route_table": firewall, "nsg": nsg, "nat_gateway": nat,
               "service_endpoints": (GLOBAL_STORAGE_SERVICE_ENDPOINT,) if policy else (),
               "service_endpoint_policy": policy}
    spoke = network.spoke
    subnets = []
    if spoke.training is not None:
        subnets.append(n.NetSubnet("training", spoke.training.name or "snet-training", spoke.training.prefix,
                                   "Compute instances and clusters for training, without public IPs.", **compute))
    if spoke.scoring is not None:
        purpose = ("Scoring compute (AKS), without public IPs." if hosts_compute(network)
                   else "Scoring clients: they reach the online endpoints through the workspace's private endpoint.")
        subnets.append(n.NetSubnet("scoring", spoke.scoring.name or "snet-scoring", spoke.scoring.prefix,
                                   purpose, **compute))
    subnets.append(n.NetSubnet("private_endpoints", spoke.private_endpoints.name, spoke.private_endpoints.prefix,
                               "Private endpoints of the workspace and its associated resources."))
    purpose = ("Spoke: the workspace's compute and private endpoints." if network.hub is not None
               else "The workspace's virtual network: its compute subnets and private endpoints.")
    return n.Vnet("spoke", spoke.name or f"vnet-{intent.name}-spoke", tuple(spoke.address_space), purpose,
                  tuple(subnets))


def _nsg_comment(network: Network) -> str:
    if hosts_compute(network):
        return "Seed 003's required service tags plus the intent's additions, allowed outbound by name."
    return "The intent's outbound destinations, allowed by name."


def _notes(network: Network) -> tuple[str, ...]:
    notes = []
    if network.outbound == "hub_spoke_firewall":
        notes.append("Compute has no public IPs; its subnets send 0.0.0.0/0 to the hub firewall, which allows "
                     "only seed 003's required outbound set and the intent's additions.")
    elif network.outbound == "nsg_nat":
        notes.append("No firewall (seed 003, Removing firewall requirement): the NAT gateway carries compute "
                     "egress, and the NSG allows the required service tags by name so they keep working when a "
                     "deny rule is added.")
    else:
        notes.append("NSG rules only (seeds 002 and 004, the managed online endpoint sample's network): they name "
                     "the destinations this network needs so they keep working when a deny rule is added; other "
                     "egress follows the subnet's default outbound path.")
    if not hosts_compute(network):
        notes.append("No Azure Machine Learning compute runs in this network, so seed 003's required outbound set "
                     "does not apply; the rules are the intent's own.")
    elif network.exfiltration_prevention:
        notes.append("Data exfiltration prevention: a service endpoint policy with the Azure Machine Learning "
                     "alias admits only the service's storage accounts, so Storage is not opened on the firewall.")
    else:
        notes.append("No service endpoint policy, so the Storage service tag is opened for compute set-up "
                     "scripts (seed 003): that is read/write egress to any account; exfiltration_prevention "
                     "closes it.")
    return tuple(notes)


def _dns_notes(intent: Intent) -> list[str]:
    notes = []
    if intent.dns.zones == "existing":
        notes.append("The private DNS zones already exist (dns.zones: existing): link them to these virtual "
                     "networks where they live; amlgen does not create links in another subscription.")
    assert intent.network is not None
    if intent.network.isolated_networks:
        notes.append("Each isolated network resolves its own private endpoints through its own zones, which must "
                     "already be linked to it (seed 003, Private IP address shortage in your main network).")
    return notes


def build_network(intent: Intent) -> n.CustomerNetwork | None:
    network = intent.network
    if network is None:
        return None
    prefix = intent.name
    spoke = _spoke(intent, network)
    rows = outbound_set(network)
    compute_prefixes = tuple(s.prefix for s in spoke.subnets if s.key != "private_endpoints")
    vnets: list[n.Vnet] = []
    peerings: tuple[n.Peering, ...] = ()
    firewall = None
    resolver = None
    if network.hub is not None:
        hub = network.hub
        hub_subnets = [n.NetSubnet("firewall", FIREWALL_SUBNET, hub.firewall_subnet_prefix,
                                   "Azure Firewall; the name is fixed by Azure.")]
        if hub.dns_resolver_inbound_prefix is not None:
            hub_subnets.append(n.NetSubnet("dns_inbound", "snet-dns-inbound", hub.dns_resolver_inbound_prefix,
                                           "Inbound endpoint of the DNS Private Resolver (a delegated subnet).",
                                           delegation="Microsoft.Network/dnsResolvers"))
            resolver = n.DnsResolver(f"dnspr-{prefix}", "inbound", "hub", "dns_inbound")
        vnets.append(n.Vnet("hub", hub.name or f"vnet-{prefix}-hub", tuple(hub.address_space),
                            "Hub: the firewall that controls egress from the spoke.", tuple(hub_subnets)))
        peerings = (n.Peering("spoke_to_hub", "peer-spoke-to-hub", "spoke", "hub"),
                    n.Peering("hub_to_spoke", "peer-hub-to-spoke", "hub", "spoke"))
    if network.outbound == "hub_spoke_firewall" and network.hub is not None:
        net_rules, app_rules = firewall_rules(rows)
        premium = network.hub.firewall_sku == "Premium"
        firewall = n.Firewall(f"afw-{prefix}", f"afwp-{prefix}", f"pip-afw-{prefix}", network.hub.firewall_sku,
                              compute_prefixes, net_rules, app_rules, idps_mode="Deny" if premium else None)
    vnets.append(spoke)
    nat = network.outbound == "nsg_nat"
    return n.CustomerNetwork(
        outbound=network.outbound,
        vnets=tuple(vnets),
        peerings=peerings,
        firewall=firewall,
        route_table_name=f"rt-{prefix}-compute" if firewall is not None else None,
        security_group=(n.SecurityGroup(f"nsg-{prefix}-compute",
                                        nsg_rules(rows, "the NAT gateway" if nat else "the default outbound path"),
                                        _nsg_comment(network))
                        if network.outbound in ("nsg_nat", "nsg") else None),
        nat_gateway=n.NatGateway(f"ng-{prefix}", f"pip-ng-{prefix}") if nat else None,
        service_endpoint_policy=(n.ServiceEndpointPolicy(f"se-{prefix}-ml-storage", MACHINE_LEARNING_STORAGE_ALIAS)
                                 if network.exfiltration_prevention else None),
        notes=(*_notes(network), *_dns_notes(intent)),
        dns_resolver=resolver,
    )


def _renamed(rules: list) -> list:
    """Rule names must be unique within their collection; a repeated one is numbered."""
    names = numbered_unique([rule.name for rule in rules], "-")
    return [replace(rule, name=name) for rule, name in zip(rules, names, strict=True)]


def isolated_key(name: str) -> str:
    return identifier(name)


def isolated_inputs(intent: Intent) -> tuple[p.Input, ...]:
    """Deploy-time inputs of each isolated network: its subnet and its own zones."""
    if intent.network is None:
        return ()
    inputs = []
    for spec in intent.network.isolated_networks:
        key = isolated_key(spec.name)
        inputs.append(p.Input(f"{key}_private_endpoint_subnet_id", "string",
                              f"ID of the existing subnet in the {spec.name} network for its private endpoints.",
                              spec.subnet_id))
        inputs.append(p.Input(f"{key}_private_dns_zone_ids", "object",
                              f"IDs of the {spec.name} network's existing private DNS zones, by zone name.",
                              dict(spec.dns_zone_ids)))
    return tuple(inputs)


def isolated_endpoints(intent: Intent, main: tuple[p.PrivateEndpoint, ...]) -> tuple[p.PrivateEndpoint, ...]:
    """A second set of private endpoints per isolated network: the same targets, its own subnet, and its own
    zones (seed 003: this architecture doubles the number of private endpoints)."""
    if intent.network is None:
        return ()
    endpoints = []
    table = PRIVATE_DNS_ZONES[intent.cloud]
    for spec in intent.network.isolated_networks:
        key = isolated_key(spec.name)
        for endpoint in main:
            zones = tuple(p.DnsZone(f"{key}_{zone.key}", zone.name, zone.purpose, existing=True,
                                    input=f"{key}_private_dns_zone_ids")
                          for zone in dns_zones_needed(intent)
                          if zone.name in table[endpoint.group] and zone.name in spec.dns_zone_ids)
            endpoints.append(p.PrivateEndpoint(
                key=f"{key}_{endpoint.key}",
                name=f"pe-{intent.name}-{key.replace('_', '-')}-{endpoint.group}",
                group=endpoint.group,
                target=endpoint.target,
                zones=zones,
                subnet_id=p.Ref("input", f"{key}_private_endpoint_subnet_id"),
            ))
    return tuple(endpoints)
