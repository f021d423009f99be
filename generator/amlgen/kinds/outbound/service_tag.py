"""Service tag rules: outbound traffic to an Azure service's address ranges on given ports."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from amlgen.kinds.outbound.base import OutboundKind, RuleSpec


class ServiceTagRule(RuleSpec):
    """Allow outbound traffic to an Azure service tag. Needs allow_only_approved_outbound."""

    type: Literal["service_tag"]
    service_tag: str = Field(description="Azure service tag, for example AzureActiveDirectory.")
    protocol: Literal["TCP", "UDP", "ICMP", "*"] = "TCP"
    port_ranges: str = Field(description="'443', '80,443' or '8080-8089'.")


KIND: OutboundKind[ServiceTagRule] = OutboundKind(
    key="service_tag",
    order=20,
    arm_type="ServiceTag",
    spec=ServiceTagRule,
    destination=lambda rule: {"serviceTag": rule.service_tag, "protocol": rule.protocol,
                              "portRanges": rule.port_ranges, "action": "Allow"},
    comment=lambda rule: f"Allow {rule.protocol} {rule.port_ranges} to the {rule.service_tag} service tag.",
    target=lambda d: f"{d['serviceTag']} ({d['protocol']} {d['portRanges']})",
    why="Service-tag rules are allowed only in allow-only-approved-outbound mode (AML102).",
    edge_label="service tag",
    approved_only=True,
    customer_network=True,
)
