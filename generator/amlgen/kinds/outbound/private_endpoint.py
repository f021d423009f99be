"""Private endpoint rules: a managed private endpoint from the managed network to another Azure resource."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from amlgen.azure.ids import parse_resource_id
from amlgen.azure.tables import PRIVATE_LINK_SUBRESOURCES, lookup_type
from amlgen.kinds.outbound.base import OutboundKind, RuleSpec
from amlgen.kinds.problem import Problem


class PrivateEndpointRule(RuleSpec):
    """A managed private endpoint from the workspace's managed network to another Azure resource."""

    type: Literal["private_endpoint"]
    resource_id: str = Field(description="ARM ID of the target resource.")
    subresource: str = Field(description="Private link sub-resource (group ID), for example 'blob'.")
    spark_enabled: bool = False


def _comment(rule: PrivateEndpointRule) -> str:
    target = parse_resource_id(rule.resource_id)
    label = f"{target.type} '{target.name}'" if target else rule.resource_id
    return f"Managed private endpoint to the {rule.subresource} sub-resource of {label}."


def checks(rule: PrivateEndpointRule) -> list[Problem]:
    target = parse_resource_id(rule.resource_id)
    if target is None:
        return [Problem("AML203", f"'{rule.resource_id}' is not an ARM resource ID", ("resource_id",))]
    known = lookup_type(PRIVATE_LINK_SUBRESOURCES, target.type)
    if known is None:
        return [Problem("AML203", f"resource type {target.type} does not support private endpoints in amlgen's "
                        "table", ("resource_id",),
                        fix="Point the rule at a resource type that supports private link: "
                            + ", ".join(sorted(PRIVATE_LINK_SUBRESOURCES)) + ".")]
    arm_type, groups = known
    if rule.subresource not in groups:
        return [Problem("AML108", f"'{rule.subresource}' is not a sub-resource of {arm_type}; use one of: "
                        + ", ".join(groups), ("subresource",))]
    return []


def _spark_storage(rule: PrivateEndpointRule) -> bool:
    target = parse_resource_id(rule.resource_id)
    return rule.spark_enabled and target is not None and target.type.lower() == "microsoft.storage/storageaccounts"


KIND: OutboundKind[PrivateEndpointRule] = OutboundKind(
    key="private_endpoint",
    order=30,
    arm_type="PrivateEndpoint",
    spec=PrivateEndpointRule,
    destination=lambda rule: {"serviceResourceId": rule.resource_id, "subresourceTarget": rule.subresource,
                              "sparkEnabled": rule.spark_enabled},
    comment=_comment,
    target=lambda d: f"{str(d['serviceResourceId']).rstrip('/').rsplit('/', 1)[-1]} ({d['subresourceTarget']})",
    why="Traffic stays on the Microsoft backbone; the target's owner approves the connection.",
    edge_label="private link",
    creates_private_endpoint=True,
    checks=checks,
    emits=("AML108", "AML203"),
    spark_storage=_spark_storage,
)
