"""What an outbound rule kind is: one registered definition per kind of rule the workspace managed network
takes (FQDN, service tag, private endpoint, ...).

A kind module defines the rule's intent shape (a pydantic model with its `type`), in which isolation modes
Azure accepts it, how it lowers to the ARM rule's `type` and `destination`, the why-comment a reviewer reads,
and how the traffic flows for the explanation and the diagram.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from pydantic import Field

from amlgen.arm.model import Value
from amlgen.intent.base import StrictModel
from amlgen.kinds.problem import Problem
from amlgen.records import dataclass


class RuleSpec(StrictModel):
    name: str = Field(description="Rule name, unique in the workspace.")


SpecT = TypeVar("SpecT", bound=RuleSpec)


@dataclass(frozen=True)
class OutboundKind(Generic[SpecT]):
    key: str  # the intent's `type` value
    order: int
    arm_type: str  # the ARM rule's properties.type
    spec: type[SpecT]
    destination: Callable[[SpecT], Value]  # the ARM rule's properties.destination
    comment: Callable[[SpecT], str]  # why the rule exists, above it in the output
    target: Callable[[Any], str]  # where an ARM rule's destination sends traffic, in a few words
    why: str  # how Azure enforces it, for the explanation; {firewall_sku} is filled in
    edge_label: str  # the diagram edge's label
    approved_only: bool = False  # Azure rejects it unless isolation_mode is allow_only_approved_outbound
    through_firewall: bool = False  # Azure enforces it with the managed Azure Firewall (billed, AML109)
    creates_private_endpoint: bool = False  # Azure creates a managed private endpoint for it
    customer_network: bool = False  # also usable as network.additional_outbound
    checks: Callable[[SpecT], list[Problem]] = lambda spec: []
    emits: tuple[str, ...] = ()
    spark_storage: Callable[[SpecT], bool] = lambda spec: False  # serverless Spark reaches storage through it

    def spec_type(self) -> Any:
        return self.spec
