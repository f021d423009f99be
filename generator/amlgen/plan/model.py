"""The target-neutral plan: every resource amlgen will emit, its settings and its links.

Templates read this (through the per-target views) and decide nothing. Values that point at another
resource are Refs, which each target spells in its own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from amlgen.plan.endpoints import OnlineEndpoints
from amlgen.plan.network_model import CustomerNetwork


@dataclass(frozen=True)
class Ref:
    """A link to another resource's ID or name, or to a deploy-time input."""

    kind: Literal["resource", "input"]
    key: str  # resource key (see Plan) or input name (snake_case)
    attr: str = "id"


@dataclass(frozen=True)
class Input:
    """A deploy-time input: a Bicep parameter and a Terraform variable of the same meaning."""

    name: str  # snake_case; the Bicep parameter is its camelCase form
    type: Literal["string", "object", "array"]
    description: str
    value: Any  # the value the intent gives it (written to main.bicepparam / terraform.tfvars.example)
    required: bool = True  # False: the value is also the default


@dataclass(frozen=True)
class Subnet:
    key: str
    name: str
    prefix: str
    purpose: str


@dataclass(frozen=True)
class VirtualNetwork:
    address_space: tuple[str, ...]
    subnets: tuple[Subnet, ...]


@dataclass(frozen=True)
class DnsZone:
    key: str
    name: str
    purpose: str
    existing: bool  # True: the ID comes from the input named below
    input: str = "private_dns_zone_ids"  # the map of existing zone IDs, by zone name


@dataclass(frozen=True)
class DnsLink:
    """A further virtual network that resolves the created zones (beyond virtual_network_id)."""

    key: str  # suffix of the link's identifier, for example hub
    name: str
    virtual_network_id: Ref


@dataclass(frozen=True)
class Dns:
    mode: Literal["create", "existing", "none"]
    zones: tuple[DnsZone, ...]
    virtual_network_id: Ref | None  # the network the created zones link to
    link_name: str
    forwarders: tuple[DnsZone, ...] = ()  # zones a custom DNS server must forward (mode none)
    forwarder_target: str = ""  # where those forwarders point: Azure DNS's virtual IP
    forwarder_via_resolver: bool = False  # True: they point at the DNS Private Resolver's inbound endpoint
    extra_links: tuple[DnsLink, ...] = ()


@dataclass(frozen=True)
class StorageAccount:
    sku_tier: str
    sku_replication: str
    public_network_access: bool
    default_action: str  # network rule default: Deny unless the account is public


@dataclass(frozen=True)
class KeyVault:
    sku: str
    public_network_access: bool
    default_action: str


@dataclass(frozen=True)
class ContainerRegistry:
    sku: str
    public_network_access: bool
    comment: str


@dataclass(frozen=True)
class ApplicationInsights:
    retention_in_days: int


@dataclass(frozen=True)
class Associated:
    storage_account: StorageAccount | None  # None: existing, referenced by input
    key_vault: KeyVault | None
    container_registry: ContainerRegistry | None
    application_insights: ApplicationInsights | None


@dataclass(frozen=True)
class Workspace:
    friendly_name: str
    description: str
    public_network_access: bool
    v1_legacy_mode: bool
    isolation_mode: str  # ARM value: Disabled | AllowInternetOutbound | AllowOnlyApprovedOutbound
    firewall_sku: str | None  # ARM value, set only when FQDN rules make Azure create the firewall
    storage_account_id: Ref
    key_vault_id: Ref
    container_registry_id: Ref
    application_insights_id: Ref
    notes: tuple[str, ...]  # why-comments for the reviewer
    image_build_compute: str | None = None  # set when the registry cannot build images itself


@dataclass(frozen=True)
class OutboundRule:
    key: str  # identifier-safe, unique
    name: str
    type: Literal["FQDN", "ServiceTag", "PrivateEndpoint"]
    destination: Any  # ARM destination: a string (FQDN) or an object
    comment: str


@dataclass(frozen=True)
class PrivateEndpoint:
    key: str
    name: str
    group: str
    target: Ref
    zones: tuple[DnsZone, ...]
    subnet_id: Ref


@dataclass(frozen=True)
class Output:
    name: str  # snake_case; Bicep uses camelCase
    description: str
    value: Ref


@dataclass(frozen=True)
class ImmutableSetting:
    """A setting Azure fixes once the resource exists. `amlgen check` compares it with the value the
    committed output was rendered with (kept in the writer's manifest) and warns before a flip."""

    key: str  # stable: the manifest stores values under it
    label: str
    value: str
    reason: str
    changeable_from: tuple[str, ...] = ()  # committed values from which a change is still allowed


@dataclass(frozen=True)
class ScanException:
    """A security-scanner check that does not apply to a resource, and why (see plan/scan.py)."""

    resource: str  # plan resource key: storage_account, container_registry, workspace, subnet_<key>
    check: str  # checkov check ID
    reason: str
    targets: tuple[str, ...]  # checkov's Terraform and ARM/Bicep check IDs differ


@dataclass(frozen=True)
class Plan:
    source: str
    prefix: str
    location: str
    cloud: str
    inputs: tuple[Input, ...]
    virtual_network: VirtualNetwork | None
    dns: Dns
    associated: Associated
    workspace: Workspace
    outbound_rules: tuple[OutboundRule, ...]
    private_endpoints: tuple[PrivateEndpoint, ...]
    outputs: tuple[Output, ...]
    notes: tuple[str, ...] = field(default=())
    immutable: tuple[ImmutableSetting, ...] = field(default=())
    customer_network: CustomerNetwork | None = None
    online_endpoints: OnlineEndpoints | None = None  # managed online endpoints (plan/endpoints.py)
    scan_exceptions: tuple[ScanException, ...] = field(default=())

    def scan_skips(self, resource: str, target: str) -> list[ScanException]:
        return [e for e in self.scan_exceptions if e.resource == resource and target in e.targets]

    def input(self, name: str) -> Input:
        for item in self.inputs:
            if item.name == name:
                return item
        raise KeyError(name)
