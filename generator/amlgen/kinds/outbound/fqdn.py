"""FQDN rules: outbound HTTP and HTTPS to a host name, through the managed Azure Firewall."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from amlgen.azure.validation import valid_fqdn
from amlgen.kinds.outbound.base import OutboundKind, RuleSpec
from amlgen.kinds.problem import Problem


class FqdnRule(RuleSpec):
    """Allow outbound traffic to a host name (ports 80 and 443 only). Needs allow_only_approved_outbound."""

    type: Literal["fqdn"]
    destination: str = Field(description="Host name, optionally with a leading '*.' wildcard label.")
    port_ranges: str | None = Field(
        default=None, description="Only '80', '443' or '80,443' are accepted: FQDN rules allow no other ports."
    )


def checks(rule: FqdnRule) -> list[Problem]:
    problems = []
    if not valid_fqdn(rule.destination):
        problems.append(Problem("AML105", f"'{rule.destination}' is not a valid FQDN", ("destination",)))
    if rule.port_ranges is not None and not {p.strip() for p in rule.port_ranges.split(",")} <= {"80", "443"}:
        problems.append(Problem("AML110", f"port_ranges '{rule.port_ranges}' includes ports other than 80 and 443",
                                ("port_ranges",)))
    return problems


KIND: OutboundKind[FqdnRule] = OutboundKind(
    key="fqdn",
    order=10,
    arm_type="FQDN",
    spec=FqdnRule,
    destination=lambda rule: rule.destination,
    comment=lambda rule: f"Allow HTTPS and HTTP to {rule.destination} through the managed firewall.",
    target=lambda destination: str(destination),
    why="Azure enforces FQDN rules with a managed Azure Firewall ({firewall_sku} SKU, AML109).",
    edge_label="HTTPS/HTTP",
    approved_only=True,
    through_firewall=True,
    customer_network=True,
    checks=checks,
    emits=("AML105", "AML110"),
)
