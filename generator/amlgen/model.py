"""The intent model (version 1): the single source for validation and for the published JSON Schema.

Field names keep the documentation's terms (public_network_access, isolation_mode, v1_legacy_mode).
Cross-field rules live in amlgen.rules, where they get stable IDs; the model checks shape only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from amlgen.model_endpoints import ExistingPrivateEndpoint, OnlineEndpoint

Access = Literal["enabled", "disabled"]
IsolationMode = Literal["disabled", "allow_internet_outbound", "allow_only_approved_outbound"]
Cloud = Literal["AzureCloud", "AzureChinaCloud", "AzureUSGovernment"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class FqdnRule(_Model):
    """Allow outbound traffic to a host name (ports 80 and 443 only). Needs allow_only_approved_outbound."""

    name: str = Field(description="Rule name, unique in the workspace.")
    type: Literal["fqdn"]
    destination: str = Field(description="Host name, optionally with a leading '*.' wildcard label.")
    port_ranges: str | None = Field(
        default=None, description="Only '80', '443' or '80,443' are accepted: FQDN rules allow no other ports."
    )


class ServiceTagRule(_Model):
    """Allow outbound traffic to an Azure service tag. Needs allow_only_approved_outbound."""

    name: str
    type: Literal["service_tag"]
    service_tag: str = Field(description="Azure service tag, for example AzureActiveDirectory.")
    protocol: Literal["TCP", "UDP", "ICMP", "*"] = "TCP"
    port_ranges: str = Field(description="'443', '80,443' or '8080-8089'.")


class PrivateEndpointRule(_Model):
    """A managed private endpoint from the workspace's managed network to another Azure resource."""

    name: str
    type: Literal["private_endpoint"]
    resource_id: str = Field(description="ARM ID of the target resource.")
    subresource: str = Field(description="Private link sub-resource (group ID), for example 'blob'.")
    spark_enabled: bool = False


OutboundRule = Annotated[FqdnRule | ServiceTagRule | PrivateEndpointRule, Field(discriminator="type")]


class ManagedNetwork(_Model):
    isolation_mode: IsolationMode
    firewall_sku: Literal["standard", "basic"] = Field(
        default="standard",
        description="SKU of the Azure Firewall that Azure provisions for FQDN rules (billed to you).",
    )
    outbound_rules: list[OutboundRule] = Field(default_factory=list)


class Workspace(_Model):
    name: str | None = Field(default=None, min_length=1,
                             description="Workspace name; derived from the prefix if absent.")
    friendly_name: str | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, min_length=1)
    public_network_access: Access = "disabled"
    v1_legacy_mode: bool = False
    managed_network: ManagedNetwork = Field(default_factory=lambda: ManagedNetwork(isolation_mode="disabled"))


class _Associated(_Model):
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


class Resources(_Model):
    storage_account: StorageAccount = Field(default_factory=StorageAccount)
    key_vault: KeyVault = Field(default_factory=KeyVault)
    container_registry: ContainerRegistry = Field(default_factory=ContainerRegistry)
    application_insights: ApplicationInsights = Field(default_factory=ApplicationInsights)


# One prefix may be written as a string; the schema says so, so editors accept what amlgen accepts.
_AddressSpace = Annotated[list[str], WithJsonSchema({
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}],
    "description": "Address prefixes (CIDR): one as a string, or a list.",
})]


class VirtualNetworkSpec(_Model):
    name: str | None = Field(default=None, min_length=1)
    address_space: _AddressSpace = Field(min_length=1)

    @field_validator("address_space", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class SubnetSpec(_Model):
    name: str = "snet-pe"
    prefix: str


class InboundPrivateEndpoint(_Model):
    virtual_network: VirtualNetworkSpec | None = None
    subnet: SubnetSpec | None = None
    subnet_id: str | None = Field(default=None, description="Existing subnet for the private endpoints.")


class Inbound(_Model):
    private_endpoint: InboundPrivateEndpoint | None = None
    existing_private_endpoint: ExistingPrivateEndpoint | None = Field(
        default=None, description="A workspace private endpoint created elsewhere, with its creation date."
    )


class Dns(_Model):
    zones: Literal["create", "existing", "none"] = Field(
        default="create",
        description="create: private DNS zones here; existing: use zone_ids; none: custom DNS server.",
    )
    zone_ids: dict[str, str] = Field(default_factory=dict, description="Zone name -> existing zone ID.")


class Intent(_Model):
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


from amlgen.model_network import Network  # noqa: E402  (it builds on the models above)

Intent.model_rebuild()
