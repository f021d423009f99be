"""FQDN rules: outbound HTTP and HTTPS to a host name, through the managed Azure Firewall."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from amlgen.kinds.outbound.base import OutboundKind, RuleSpec


class FqdnRule(RuleSpec):
    """Allow outbound traffic to a host name (ports 80 and 443 only). Needs allow_only_approved_outbound."""

    type: Literal["fqdn"]
    destination: str = Field(description="Host name, optionally with a leading '*.' wildcard label.")
    port_ranges: str | None = Field(
        default=None, description="Only '80', '443' or '80,443' are accepted: FQDN rules allow no other ports."
    )


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
)
