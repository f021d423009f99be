"""A whole deployment: its inputs, outputs, modules and resources, plus what the docs say beside them.

Targets print the resources; the docs (README.md, ARCHITECTURE.md, DNS-FORWARDERS.md, the endpoint summary
and the az ml YAML) read the same deployment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from functools import cached_property
from typing import Any

from amlgen.arm.model import ImmutableSetting, Input, Module, Output, Resource, Scope
from amlgen.records import dataclass


@dataclass(frozen=True, slots=True)
class Forwarders:
    """Private link zones a customer DNS server must forward, and where to."""

    zones: tuple[tuple[str, str], ...]  # (zone name, what it resolves)
    target: str  # an address, or the name of the output that holds it
    via_resolver: bool  # True: the DNS Private Resolver's inbound endpoint (target is an output name)


@dataclass(frozen=True, slots=True)
class EgressRule:
    """One rule of a customer network's egress control, as the explanation lists it: where to, and why, with the
    article that asks for it (title, section and link)."""

    control: str  # hub firewall | compute NSG | route
    direction: str  # outbound | inbound
    destination: str  # service tag, host name or address
    protocol: str
    ports: str
    why: str
    source: str  # 'Title, "Section"', or 'the intent'
    url: str  # the article's link; empty for the intent's own additions


@dataclass(frozen=True, slots=True)
class Prerequisite:
    """What must be true, or done by someone else, for the deployment to work: a permission the deploying identity
    needs, a policy a landing zone assigns, a change the network team makes."""

    who: str  # the deploying identity | the network team | the landing zone
    what: str


@dataclass(frozen=True, slots=True)
class LocalPath:
    """A local folder as the intent names it, relative to the intent file's folder; a document that names it
    writes it relative to its own folder, where az ml resolves it."""

    path: str


@dataclass(frozen=True, slots=True)
class Grant:
    """A role or permission someone needs somewhere: the deployer, or the workspace's identity on a resource
    outside this deployment (the README lists both; nothing here grants them)."""

    role: str
    scope: str
    why: str


@dataclass(frozen=True, slots=True)
class CliDocument:
    """An az ml YAML file: the CLI v2 keys in output order, and comments above them."""

    path: str
    schema: str
    command: str  # how to create it with az ml, from the module folder
    body: tuple[tuple[str, Any], ...]  # nested values are tuples of pairs; a LocalPath is rebased
    comments: tuple[str, ...]  # lines, above the body


@dataclass(frozen=True, slots=True)
class DeploymentSummary:
    """One online deployment, as the endpoint summary describes it."""

    endpoint: str
    name: str
    created_by: str  # template | az ml only
    instance: str  # VM size and count
    outbound: str
    azure_private_endpoints: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EndpointSummary:
    name: str
    auth_mode: str
    inbound: str
    yaml_files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OnlineEndpointDocs:
    """The az ml files and the summary (endpoints/README.md) of the managed online endpoints."""

    documents: tuple[CliDocument, ...]
    endpoints: tuple[EndpointSummary, ...]
    deployments: tuple[DeploymentSummary, ...]
    dns: tuple[str, ...]  # how the endpoints' names resolve
    legacy_note: str | None  # why private endpoints appear outside the template
    summary_file: str = "endpoints/README.md"


@dataclass(frozen=True)
class Deployment:
    source: str  # how the generated headers name the intent
    prefix: str
    location: str
    cloud: str
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]
    modules: tuple[Module, ...]
    resources: tuple[Resource, ...]
    immutable: tuple[ImmutableSetting, ...] = ()
    notes: tuple[str, ...] = ()  # for the reviewer: the explanation and ARCHITECTURE.md
    dns_mode: str = "create"  # create | existing | none | policy
    dns_servers: str = ""  # how the virtual networks this deployment creates resolve names, when not Azure DNS
    forwarders: Forwarders | None = None
    online_endpoints: OnlineEndpointDocs | None = None
    egress: tuple[EgressRule, ...] = ()  # the customer network's egress rules and their sources, for the reviewer
    prerequisites: tuple[Prerequisite, ...] = ()
    # The hub firewall's rule collection group for the network team to add (existing_hub.firewall_rules:
    # network_team): its name and ARM properties, as FIREWALL-RULES.md lists them.
    firewall_handoff: tuple[str, dict[str, Any]] | None = None
    resource_group: str | None = None  # the resource group the intent names (Terraform's example value)
    recreate_notes: tuple[str, ...] = ()  # what destroying and recreating the deployment implies
    deployer_permissions: tuple[Grant, ...] = ()  # what the identity that deploys this module needs
    manual_grants: tuple[Grant, ...] = ()  # roles the workspace's identity needs outside this deployment
    _index: dict[str, Resource] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((resource.key, resource) for resource in self.resources)
        if len(self._index) != len(self.resources):
            raise ValueError("resource keys must be unique")
        scopes = {module.key: module.scope for module in self.modules}
        for resource in self.resources:
            if resource.module in scopes and scopes[resource.module] != resource.scope:
                raise ValueError(f"{resource.key} is not in the scope of its module {resource.module}")

    def resource(self, key: str) -> Resource:
        return self._index[key]

    def has(self, key: str) -> bool:
        return key in self._index

    @property
    def deployed(self) -> tuple[Resource, ...]:
        """The resources this deployment creates or updates (not those it only declares as existing)."""
        return tuple(resource for resource in self.resources if not resource.existing)

    def scopes(self) -> tuple[Scope, ...]:
        """The other resource groups this deployment reaches into, in order of first use."""
        return tuple(dict.fromkeys(resource.scope for resource in self.resources if resource.scope is not None))

    def of_type(self, arm_type: str) -> Iterator[Resource]:
        return (resource for resource in self.resources if resource.type == arm_type and not resource.existing)

    def in_module(self, module: str) -> tuple[Resource, ...]:
        return tuple(resource for resource in self.resources if resource.module == module)

    def children(self, key: str) -> tuple[Resource, ...]:
        return self._children.get(key, ())

    @cached_property
    def _children(self) -> dict[str, tuple[Resource, ...]]:
        """Resources by parent key, built once: the printers ask for every resource's children."""
        found: dict[str, list[Resource]] = {}
        for resource in self.resources:
            if resource.parent is not None:
                found.setdefault(resource.parent, []).append(resource)
        return {parent: tuple(children) for parent, children in found.items()}

    def input(self, name: str) -> Input:
        for item in self.inputs:
            if item.name == name:
                return item
        raise KeyError(name)

    def module(self, key: str) -> Module:
        for module in self.modules:
            if module.key == key:
                return module
        raise KeyError(key)
