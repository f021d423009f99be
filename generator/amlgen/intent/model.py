"""The intent model (version 1): the single source for validation and for the published JSON Schema.

Field names keep the documentation's terms (public_network_access, isolation_mode, v1_legacy_mode).
Cross-field rules live in amlgen.rules, where they get stable IDs; the model checks shape only.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from amlgen.intent.base import Access, AddressSpace, Cloud, IsolationMode, StrictModel, one_or_many
from amlgen.intent.endpoints import ExistingPrivateEndpoint, OnlineEndpoint
from amlgen.intent.network import Network
from amlgen.intent.outbound import FqdnRule, OutboundRule, PrivateEndpointRule, ServiceTagRule


class ManagedNetwork(StrictModel):
    isolation_mode: IsolationMode
    firewall_sku: Literal["standard", "basic"] = Field(
        default="standard",
        description="SKU of the Azure Firewall that Azure provisions for FQDN rules (billed to you).",
    )
    outbound_rules: list[OutboundRule] = Field(default_factory=list)


class Workspace(StrictModel):
    name: str | None = Field(default=None, min_length=1,
                             description="Workspace name; derived from the prefix if absent.")
    friendly_name: str | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, min_length=1)
    public_network_access: Access = "disabled"
    v1_legacy_mode: bool = False
    managed_network: ManagedNetwork = Field(default_factory=lambda: ManagedNetwork(isolation_mode="disabled"))


class _Associated(StrictModel):
    name: str | None = Field(default=None, min_length=1,
                             description="Name to create; derived from the prefix if absent.")
    existing_id: str | None = Field(default=None, description="Use this existing resource instead of creating one.")


class _Networked(_Associated):
    public_network_access: Access | None = Field(
        default=None, description="Defaults to the workspace's public_network_access."
    )


class StorageAccount(_Networked):
    sku: Literal["Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_GZRS", "Standard_RAGRS",
                 "Standard_RAGZRS"] | None = None


class KeyVault(_Networked):
    sku: Literal["standard", "premium"] | None = None


class ContainerRegistry(_Networked):
    sku: Literal["Basic", "Standard", "Premium"] | None = None


class ApplicationInsights(_Associated):
    pass


class Resources(StrictModel):
    storage_account: StorageAccount = Field(default_factory=StorageAccount)
    key_vault: KeyVault = Field(default_factory=KeyVault)
    container_registry: ContainerRegistry = Field(default_factory=ContainerRegistry)
    application_insights: ApplicationInsights = Field(default_factory=ApplicationInsights)


class VirtualNetworkSpec(StrictModel):
    name: str | None = Field(default=None, min_length=1)
    address_space: AddressSpace = Field(min_length=1)

    @field_validator("address_space", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return one_or_many(value)


class SubnetSpec(StrictModel):
    name: str = "snet-pe"
    prefix: str


class InboundPrivateEndpoint(StrictModel):
    virtual_network: VirtualNetworkSpec | None = None
    subnet: SubnetSpec | None = None
    subnet_id: str | None = Field(default=None, description="Existing subnet for the private endpoints.")


class Inbound(StrictModel):
    private_endpoint: InboundPrivateEndpoint | None = None
    existing_private_endpoint: ExistingPrivateEndpoint | None = Field(
        default=None, description="A workspace private endpoint created elsewhere, with its creation date."
    )


class Dns(StrictModel):
    zones: Literal["create", "existing", "none"] = Field(
        default="create",
        description="create: private DNS zones here; existing: use zone_ids; none: custom DNS server.",
    )
    zone_ids: dict[str, str] = Field(default_factory=dict, description="Zone name -> existing zone ID.")


class Intent(StrictModel):
    version: Literal[1]
    name: str = Field(description="Prefix for every derived resource name.")
    location: str = Field(min_length=1, description="Azure region, for example eastus.")
    cloud: Cloud = "AzureCloud"
    subscription_id: str | None = Field(
        default=None, description="The workspace's subscription; existing resources must be in it."
    )
    tags: dict[str, str] = Field(default_factory=dict)
    workspace: Workspace = Field(default_factory=Workspace)
    resources: Resources = Field(default_factory=Resources)
    inbound: Inbound = Field(default_factory=Inbound)
    dns: Dns = Field(default_factory=Dns)
    network: Network | None = Field(
        default=None, description="Customer-managed virtual network for compute (instead of a managed network).")
    endpoints: list[OnlineEndpoint] = Field(default_factory=list, description="Managed online endpoints.")


__all__ = ["FqdnRule", "OutboundRule", "PrivateEndpointRule", "ServiceTagRule"]
