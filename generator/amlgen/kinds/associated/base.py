"""What an associated resource kind is: one registered definition per kind of resource the workspace
depends on (storage, key vault, registry, Application Insights, ...).

A kind module defines its intent section (a pydantic model), the names it derives and their Azure rules,
its private link groups with their DNS zones per cloud, its own checks, and its lowering to ARM resources.
Rules, plan, docs and targets read the registry (kinds.associated.KINDS); none of them names a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from pydantic import Field

from amlgen.arm.model import Param, Resource
from amlgen.azure.names import NameRule
from amlgen.azure.private_link import PrivateLinkGroup
from amlgen.intent.base import Access, StrictModel
from amlgen.kinds.problem import Problem
from amlgen.records import dataclass

MODULE = "associated_resources"  # the module every associated resource is lowered into


class AssociatedSpec(StrictModel):
    """The intent section of an associated resource: created here under a derived or given name, or an
    existing resource referenced by ID."""

    name: str | None = Field(default=None, min_length=1,
                             description="Name to create; derived from the prefix if absent.")
    existing_id: str | None = Field(default=None, description="Use this existing resource instead of creating one.")


class NetworkedSpec(AssociatedSpec):
    """An associated resource with its own public network access and inbound private endpoints."""

    public_network_access: Access | None = Field(
        default=None, description="Defaults to the workspace's public_network_access."
    )


@dataclass(frozen=True)
class KindFacts:
    """What the rest of the deployment decides that a kind's checks and lowering need."""

    prefix: str
    cloud: str
    public_network_access: bool  # the resource's own setting, else the workspace's
    workspace_has_private_endpoint: bool


@dataclass(frozen=True)
class NamePart:
    """A name the kind creates: its deploy-time input, the Azure rule it must meet and how it is derived.
    The first part names the kind's main resource; further parts name resources it also needs."""

    input: str  # Input name, <something>_name
    label: str  # for messages and descriptions
    rule: NameRule
    derive: Callable[[str], str]  # from the intent's name prefix
    explicit: bool = True  # False: never given in the intent, always derived
    # A globally unique name with the deterministic suffix (naming.unique_suffix): from the prefix and suffix.
    unique: Callable[[str, str], str] | None = None

    def param(self) -> Param:
        return Param(self.input)


SpecT = TypeVar("SpecT", bound=AssociatedSpec)


@dataclass(frozen=True)
class AssociatedKind(Generic[SpecT]):
    key: str  # the intent's key under resources:, and the resource key of its main resource
    order: int  # position in the intent, the output and the docs
    label: str  # 'storage account'
    title: str  # 'Storage account', for diagrams
    arm_type: str
    spec: type[SpecT]
    workspace_property: str | None  # the workspace property that points at it; None: not the workspace's own
    names: tuple[NamePart, ...]
    lower: Callable[[SpecT, KindFacts], tuple[Resource, ...]]
    private_link: tuple[PrivateLinkGroup, ...] = ()  # inbound private endpoint groups, in creation order
    checks: Callable[[SpecT, KindFacts], list[Problem]] = lambda spec, facts: []
    emits: tuple[str, ...] = ()  # the rule IDs its checks may report
    description: str = ""  # one line for the module README
    # Roles a workspace's user-assigned identity needs on it (Set up authentication between Azure Machine
    # Learning and other services: User-assigned managed identity).
    identity_roles: tuple[str, ...] = ()

    @property
    def networked(self) -> bool:
        return issubclass(self.spec, NetworkedSpec)

    def spec_of(self, resources: Any) -> SpecT:
        value: SpecT = getattr(resources, self.key)
        return value
