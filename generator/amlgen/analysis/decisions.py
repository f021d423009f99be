"""Decisions shared by the rules and the plan builder, so both see the same deployment."""

from __future__ import annotations

import re
from typing import Any

from amlgen.azure.names import NAME_RULES, NameRule, derive
from amlgen.azure.private_link import WORKSPACE_GROUP, PrivateLinkGroup
from amlgen.azure.unique_string import unique_string
from amlgen.intent.loader import PathKey
from amlgen.intent.model import Intent
from amlgen.kinds.associated import KINDS
from amlgen.kinds.associated import kind as kind_named
from amlgen.kinds.associated.base import AssociatedKind, AssociatedSpec, KindFacts, NetworkedSpec
from amlgen.records import dataclass

# Associated resource kind key -> ARM type, in the kinds' order.
ASSOCIATED: dict[str, str] = {kind.key: kind.arm_type for kind in KINDS}


@dataclass(frozen=True)
class InboundEndpoint:
    target: str  # workspace, or an associated resource kind's key
    link: PrivateLinkGroup

    @property
    def group(self) -> str:
        return self.link.group

    @property
    def key(self) -> str:
        return self.link.endpoint_key


@dataclass(frozen=True)
class Zone:
    name: str
    group: str
    purpose: str

    @property
    def key(self) -> str:
        return self.name.removeprefix("privatelink.").replace(".", "_").replace("-", "_")


@dataclass(frozen=True)
class PlannedName:
    kind: str
    name: str
    explicit: bool
    path: PathKey
    rule: NameRule | None = None  # Azure's rule for the name: NAME_RULES[kind] unless a kind brings its own

    @property
    def naming(self) -> NameRule:
        return self.rule or NAME_RULES[self.kind]

    @property
    def globally_unique(self) -> bool:
        return self.naming.globally_unique

    def problem(self) -> str | None:
        return self.naming.problem(self.name)


def has_workspace_private_endpoint(intent: Intent) -> bool:
    return intent.inbound.private_endpoint is not None or intent.network is not None


NETWORKED = tuple(kind.key for kind in KINDS if kind.networked)


def spec_of(intent: Intent, key: str) -> AssociatedSpec:
    spec = kind_named(key).spec_of(intent.resources)
    assert isinstance(spec, AssociatedSpec)
    return spec


def effective_access(intent: Intent, key: str) -> str:
    """Public access of a networked associated resource: its own setting, else the workspace's."""
    spec = spec_of(intent, key)
    own = spec.public_network_access if isinstance(spec, NetworkedSpec) else None
    return own or intent.workspace.public_network_access


def creates(intent: Intent, key: str) -> bool:
    return spec_of(intent, key).existing_id is None


def kind_facts(intent: Intent, kind: AssociatedKind[Any]) -> KindFacts:
    return KindFacts(prefix=intent.name, cloud=intent.cloud,
                     public_network_access=effective_access(intent, kind.key) == "enabled",
                     workspace_has_private_endpoint=has_workspace_private_endpoint(intent))


def inbound_private_endpoints(intent: Intent) -> list[InboundEndpoint]:
    """Private endpoints in the customer's subnet: the workspace, and every associated resource created
    here that is reachable privately. Existing resources keep the networking their owners gave them."""
    if not has_workspace_private_endpoint(intent):
        return []
    endpoints = [InboundEndpoint("workspace", WORKSPACE_GROUP)]
    for kind in KINDS:
        if creates(intent, kind.key):
            endpoints += [InboundEndpoint(kind.key, link) for link in kind.private_link]
    return endpoints


def dns_zones_needed(intent: Intent) -> list[Zone]:
    zones: list[Zone] = []
    for endpoint in inbound_private_endpoints(intent):
        for zone in endpoint.link.zones:
            name = zone.name(intent.cloud)
            if all(found.name != name for found in zones):
                zones.append(Zone(name, endpoint.group, zone.purpose))
    return zones


def planned_names(intent: Intent) -> list[PlannedName]:
    names = []
    workspace = intent.workspace.name
    names.append(PlannedName("workspace", workspace or derive("workspace", intent.name), workspace is not None,
                             ("workspace", "name")))
    if intent.workspace.identity == "user_assigned":
        names.append(PlannedName("user_assigned_identity", derive("user_assigned_identity", intent.name), False,
                                 ("name",)))
    for kind in KINDS:
        spec = kind.spec_of(intent.resources)
        if spec.existing_id is not None:
            continue
        for part in kind.names:
            given = spec.name if part.explicit else None
            suffix = name_suffix(intent)
            derived = part.unique(intent.name, suffix) if suffix and part.unique else part.derive(intent.name)
            names.append(PlannedName(part.input.removesuffix("_name"), given or derived,
                                     given is not None, ("resources", kind.key, "name") if given else ("name",),
                                     part.rule))
    inbound = intent.inbound.private_endpoint
    if inbound and inbound.virtual_network:
        vnet = inbound.virtual_network.name
        names.append(PlannedName("virtual_network", vnet or derive("virtual_network", intent.name),
                                 vnet is not None, ("inbound", "private_endpoint", "virtual_network", "name")))
    if inbound and inbound.subnet:
        names.append(PlannedName("subnet", inbound.subnet.name, True,
                                 ("inbound", "private_endpoint", "subnet", "name")))
    for endpoint in inbound_private_endpoints(intent):
        names.append(PlannedName("private_endpoint", derive("private_endpoint", intent.name, endpoint.group), False,
                                 ("name",)))
    if intent.dns.zones == "create" and dns_zones_needed(intent):
        names.append(PlannedName("dns_zone_link", derive("dns_zone_link", intent.name), False, ("name",)))
    return names


def name_suffix(intent: Intent) -> str | None:
    """The suffix of globally unique derived names (naming.unique_suffix): ARM's uniqueString of the
    subscription, the resource group and the name prefix, computed here so both targets get the same names."""
    if not intent.naming.unique_suffix or intent.subscription_id is None or intent.resource_group is None:
        return None
    return unique_string(intent.subscription_id.lower(), intent.resource_group, intent.name)


def name_of(intent: Intent, kind: str) -> str:
    for planned in planned_names(intent):
        if planned.kind == kind:
            return planned.name
    raise KeyError(kind)


def identifier(value: str) -> str:
    """An identifier both targets accept: lowercase letters, digits and underscores, not leading digit."""
    key = re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_") or "item"
    return key if key[0].isalpha() else f"r_{key}"


def numbered_unique(bases: list[str], separator: str) -> list[str]:
    """The bases, with a repeated one numbered (base<separator>2, ...). A set keeps thousands of names
    linear."""
    out: list[str] = []
    taken: set[str] = set()
    for base in bases:
        candidate, suffix = base, 2
        while candidate in taken:
            candidate = f"{base}{separator}{suffix}"
            suffix += 1
        out.append(candidate)
        taken.add(candidate)
    return out
