"""Decisions about a customer-managed virtual network (Plan for network isolation) that the rules and the plan share."""

from __future__ import annotations

from amlgen.analysis.decisions import identifier
from amlgen.azure.tables import REQUIRED_OUTBOUND, STORAGE_WITHOUT_POLICY, RequiredOutbound
from amlgen.intent.network import Network
from amlgen.intent.outbound import FqdnRule, ServiceTagRule


def hosts_compute(network: Network) -> bool:
    """Whether Azure Machine Learning compute runs in the spoke: only then does the required outbound set apply."""
    scoring = network.spoke.scoring
    return network.spoke.training is not None or (scoring is not None and scoring.nodes > 0)


def _ports(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(","))


def outbound_set(network: Network) -> tuple[RequiredOutbound, ...]:
    """The required outbound rows of Plan for network isolation (when compute runs here), Storage when no service
    endpoint policy
    reaches it, then the user's additions, in that order."""
    rows = list(REQUIRED_OUTBOUND) if hosts_compute(network) else []
    if hosts_compute(network) and not network.exfiltration_prevention:
        rows.append(STORAGE_WITHOUT_POLICY)
    for rule in network.additional_outbound:
        if isinstance(rule, FqdnRule):
            ports = tuple(int(port) for port in (rule.port_ranges or "443").split(","))
            rows.append(RequiredOutbound("fqdn", rule.destination, "TCP", ports, f"{rule.name} (added by the intent)"))
        elif isinstance(rule, ServiceTagRule):
            rows.append(RequiredOutbound("service_tag", rule.service_tag, rule.protocol, _ports(rule.port_ranges),
                                         f"{rule.name} (added by the intent)"))
    return tuple(rows)


def isolated_key(name: str) -> str:
    """The identifier of an isolated network's inputs and resources."""
    return identifier(name)
