"""Service tag rules: outbound traffic to an Azure service's address ranges on given ports."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from amlgen.azure.lists import service_tag_problem
from amlgen.azure.validation import port_range_problem
from amlgen.kinds.outbound.base import OutboundKind, RuleSpec
from amlgen.kinds.problem import Problem


class ServiceTagRule(RuleSpec):
    """Allow outbound traffic to an Azure service tag. Needs allow_only_approved_outbound."""

    type: Literal["service_tag"]
    service_tag: str = Field(description="Azure service tag, for example AzureActiveDirectory.")
    protocol: Literal["TCP", "UDP", "ICMP", "*"] = "TCP"
    port_ranges: str = Field(description="'443', '80,443' or '8080-8089'.")


def checks(rule: ServiceTagRule) -> list[Problem]:
    problems = []
    unknown = service_tag_problem(rule.service_tag)
    if unknown:
        problems.append(Problem("AML106", unknown, ("service_tag",)))
    problem = port_range_problem(rule.port_ranges)
    if problem:
        problems.append(Problem("AML107", problem, ("port_ranges",)))
    return problems


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
    checks=checks,
    emits=("AML106", "AML107"),
)
