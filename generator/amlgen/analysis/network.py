"""Decisions about a customer-managed virtual network (Plan for network isolation) that the rules and the plan share:
which rows of the required outbound set each egress control carries, in the workspace's region."""

from __future__ import annotations

from dataclasses import replace

from amlgen.analysis.decisions import identifier
from amlgen.azure.regions import REGION_PLACEHOLDER, regional
from amlgen.azure.tables import PUBLIC_IP_INBOUND, REQUIRED_OUTBOUND, Control, PublicIpInbound, RequiredOutbound
from amlgen.intent.network import Network
from amlgen.intent.outbound import FqdnRule, ServiceTagRule


def hosts_compute(network: Network) -> bool:
    """Whether Azure Machine Learning compute runs in the spoke: only then does the required outbound set apply."""
    scoring = network.spoke.scoring
    return network.spoke.training is not None or (scoring is not None and scoring.nodes > 0)


def _ports(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(","))


def additions(network: Network) -> tuple[RequiredOutbound, ...]:
    """The intent's own destinations (network.additional_outbound), in its order."""
    rows = []
    for rule in network.additional_outbound:
        if isinstance(rule, FqdnRule):
            ports = tuple(int(port) for port in (rule.port_ranges or "443").split(","))
            rows.append(RequiredOutbound("fqdn", rule.destination, "TCP", ports, f"{rule.name} (added by the intent)"))
        elif isinstance(rule, ServiceTagRule):
            rows.append(RequiredOutbound("service_tag", rule.service_tag, rule.protocol, _ports(rule.port_ranges),
                                         f"{rule.name} (added by the intent)"))
    return tuple(rows)


def in_region(row: RequiredOutbound, location: str, cloud: str) -> RequiredOutbound:
    """A row with its regional tag spelled for the location (Storage.<region> -> Storage.EastUS)."""
    return replace(row, destination=regional(row.destination, location, cloud)) if row.kind == "service_tag" else row


def required_rows(control: Control, network: Network) -> tuple[RequiredOutbound, ...]:
    """The rows of the required set one control carries, before region substitution."""
    if not hosts_compute(network):
        return ()
    return tuple(row for row in REQUIRED_OUTBOUND if control in row.controls
                 and not (control == "firewall" and row.unless_endpoint_policy and network.exfiltration_prevention))


def firewall_set(network: Network, location: str, cloud: str) -> tuple[RequiredOutbound, ...]:
    """What the hub firewall admits from the compute subnets: the required set, then the intent's additions."""
    return tuple(in_region(row, location, cloud) for row in (*required_rows("firewall", network), *additions(network)))


def nsg_denies_unlisted(network: Network) -> bool:
    return network.outbound in ("nsg_nat", "nsg") and network.unlisted_outbound == "deny"


def nsg_set(network: Network, location: str, cloud: str) -> tuple[RequiredOutbound, ...]:
    """What the compute subnets' NSG allows outbound by name. Behind the firewall it names nothing (the firewall
    filters); an NSG that denies the rest names the required set (private endpoints in the virtual network
    included, even without compute); an open NSG names only the intent's additions."""
    if network.outbound == "hub_spoke_firewall":
        return ()
    rows: list[RequiredOutbound] = []
    if nsg_denies_unlisted(network):
        rows += required_rows("nsg", network) or [row for row in REQUIRED_OUTBOUND
                                                   if row.destination == "VirtualNetwork" and row.ports == (443,)]
    rows += additions(network)
    return tuple(in_region(row, location, cloud) for row in rows)


def public_ip_inbound(network: Network, location: str, cloud: str) -> tuple[PublicIpInbound, ...]:
    """Inbound the compute subnets admit: only for compute with public IPs."""
    if not (network.compute_public_ip and hosts_compute(network)):
        return ()
    return tuple(replace(row, source_tag=regional(row.source_tag, location, cloud)) for row in PUBLIC_IP_INBOUND)


def unregioned_tags(network: Network, location: str, cloud: str) -> list[str]:
    """Regional tags the cloud's service tag file publishes no form of for the location (they fall back to the
    global tag: AML322)."""
    rows = [*REQUIRED_OUTBOUND, *(RequiredOutbound("service_tag", r.source_tag, "TCP", (r.ports,), r.purpose)
                                  for r in PUBLIC_IP_INBOUND)] if hosts_compute(network) else []
    return sorted({row.destination for row in rows if row.destination.endswith(REGION_PLACEHOLDER)
                   and regional(row.destination, location, cloud) == row.destination.removesuffix(REGION_PLACEHOLDER)})


def isolated_key(name: str) -> str:
    """The identifier of an isolated network's inputs and resources."""
    return identifier(name)
