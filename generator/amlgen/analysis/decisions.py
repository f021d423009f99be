"""Decisions shared by the rules and the plan builder, so both see the same deployment."""

from __future__ import annotations

import re
from dataclasses import dataclass

from amlgen.azure.names import NAME_RULES, derive
from amlgen.azure.tables import PRIVATE_DNS_ZONES, zone_purpose
from amlgen.intent.loader import PathKey
from amlgen.intent.model import Intent

ASSOCIATED: dict[str, str] = {
    "storage_account": "Microsoft.Storage/storageAccounts",
    "key_vault": "Microsoft.KeyVault/vaults",
    "container_registry": "Microsoft.ContainerRegistry/registries",
    "application_insights": "Microsoft.Insights/components",
}

# Private endpoint groups per target, in the order the endpoints are created.
_INBOUND_GROUPS: tuple[tuple[str, str], ...] = (
    ("workspace", "amlworkspace"),
    ("storage_account", "blob"),
    ("storage_account", "file"),
    ("key_vault", "vault"),
    ("container_registry", "registry"),
)


@dataclass(frozen=True)
class InboundEndpoint:
    target: str  # workspace | storage_account | key_vault | container_registry
    group: str  # private link group ID

    @property
    def key(self) -> str:
        return self.group if self.target != "storage_account" else f"storage_{self.group}"


@dataclass(frozen=True)
class Zone:
    name: str
    group: str

    @property
    def key(self) -> str:
        return self.name.removeprefix("privatelink.").replace(".", "_").replace("-", "_")

    @property
    def purpose(self) -> str:
        return zone_purpose(self.name)


@dataclass(frozen=True)
class PlannedName:
    kind: str
    name: str
    explicit: bool
    path: PathKey

    @property
    def globally_unique(self) -> bool:
        return NAME_RULES[self.kind].globally_unique


def has_workspace_private_endpoint(intent: Intent) -> bool:
    return intent.inbound.private_endpoint is not None or intent.network is not None


NETWORKED = ("storage_account", "key_vault", "container_registry")


def effective_access(intent: Intent, kind: str) -> str:
    """Public access of a networked associated resource: its own setting, else the workspace's."""
    spec = getattr(intent.resources, kind)
    return spec.public_network_access or intent.workspace.public_network_access


def creates(intent: Intent, kind: str) -> bool:
    return getattr(intent.resources, kind).existing_id is None


def inbound_private_endpoints(intent: Intent) -> list[InboundEndpoint]:
    """Private endpoints in the customer's subnet: the workspace, and every associated resource created
    here that is reachable privately. Existing resources keep the networking their owners gave them."""
    if not has_workspace_private_endpoint(intent):
        return []
    return [InboundEndpoint(target, group) for target, group in _INBOUND_GROUPS
            if target == "workspace" or creates(intent, target)]


def dns_zones_needed(intent: Intent) -> list[Zone]:
    zones: list[Zone] = []
    table = PRIVATE_DNS_ZONES[intent.cloud]
    for endpoint in inbound_private_endpoints(intent):
        for name in table[endpoint.group]:
            if all(zone.name != name for zone in zones):
                zones.append(Zone(name, endpoint.group))
    return zones


def planned_names(intent: Intent) -> list[PlannedName]:
    names = []
    workspace = intent.workspace.name
    names.append(PlannedName("workspace", workspace or derive("workspace", intent.name), workspace is not None,
                             ("workspace", "name")))
    for kind in ASSOCIATED:
        spec = getattr(intent.resources, kind)
        if spec.existing_id is None:
            names.append(PlannedName(kind, spec.name or derive(kind, intent.name), spec.name is not None,
                                     ("resources", kind, "name")))
    if creates(intent, "application_insights"):
        names.append(PlannedName("log_analytics_workspace", derive("log_analytics_workspace", intent.name), False,
                                 ("name",)))
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
