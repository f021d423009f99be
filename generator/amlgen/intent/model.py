"""The intent model (version 1): the single source for validation and for the published JSON Schema.

Field names keep the documentation's terms (public_network_access, isolation_mode, v1_legacy_mode).
Cross-field rules live in amlgen.rules, where they get stable IDs; the model checks shape only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, create_model, field_validator

from amlgen.azure.policies import NETWORK_POLICIES, PRIVATE_DNS_ZONES
from amlgen.intent.assets import Asset
from amlgen.intent.base import Access, AddressSpace, Cloud, IsolationMode, StrictModel, one_or_many
from amlgen.intent.endpoints import ExistingPrivateEndpoint, OnlineEndpoint
from amlgen.intent.network import Network
from amlgen.intent.outbound import FqdnRule, OutboundRule, PrivateEndpointRule, ServiceTagRule
from amlgen.intent.scalars import describe
from amlgen.kinds.associated import KINDS as ASSOCIATED_KINDS


class ManagedNetwork(StrictModel):
    isolation_mode: IsolationMode
    firewall_sku: Literal["standard", "basic"] = Field(
        default="standard",
        description="SKU of the Azure Firewall that Azure provisions for FQDN rules (billed to you).",
    )
    outbound_rules: list[OutboundRule] = Field(default_factory=list)
    provision_on_creation: bool = Field(
        default=True,
        description="Provision the managed network when the workspace is created (provisionNetworkNow). Online "
                    "deployments need a provisioned network; provisioning on the first compute takes about 30 "
                    "minutes. Acts only at creation: in Terraform, changing it later replaces the workspace.",
    )
    include_spark: bool = Field(
        default=False,
        description="Also provision the managed network for serverless Spark jobs (the provisionManagedNetwork "
                    "action with includeSpark). Needs a private_endpoint rule to a storage account with "
                    "spark_enabled.",
    )


class Workspace(StrictModel):
    name: str | None = Field(default=None, min_length=1,
                             description="Workspace name; derived from the prefix if absent.")
    friendly_name: str | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, min_length=1)
    public_network_access: Access = "disabled"
    v1_legacy_mode: bool = False
    identity: Literal["system_assigned", "user_assigned"] = Field(
        default="system_assigned",
        description="user_assigned: amlgen creates a user-assigned identity for the workspace and grants it the "
                    "roles the workspace and its managed private endpoints need.",
    )
    managed_network: ManagedNetwork = Field(default_factory=lambda: ManagedNetwork(isolation_mode="disabled"))


# resources: one section per registered associated resource kind, in the kinds' order.
if TYPE_CHECKING:
    Resources = StrictModel
else:
    Resources = create_model("Resources", __base__=StrictModel, **{
        kind.key: (kind.spec, Field(default_factory=kind.spec)) for kind in ASSOCIATED_KINDS})


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


DnsMode = Literal["create", "existing", "none", "policy"]


class Dns(StrictModel):
    zones: DnsMode = Field(
        default="create",
        description="create: private DNS zones here; existing: use zone_ids; none: custom DNS server; policy: a "
                    "landing zone's central Azure Policy adds the DNS zone groups to the private endpoints.",
    )
    zone_ids: dict[str, str] = Field(default_factory=dict, description="Zone name -> existing zone ID "
                                     "(existing; policy: the central zones the policy writes to, for the docs).")
    servers: list[str] = Field(
        default_factory=list,
        description="DNS server addresses of the virtual networks amlgen creates (their dhcpOptions.dnsServers): "
                    "servers that resolve the private link zones, as dns.zones none and policy need.")
    firewall_proxy: bool = Field(
        default=False,
        description="The hub firewall is the DNS proxy: the spoke resolves through the firewall's private address, "
                    "which forwards to dns.servers (or Azure DNS when there are none).")
    link_zones: bool = Field(
        default=False,
        description="existing: link the existing zones to the virtual networks amlgen creates. Zones in another "
                    "subscription are linked there (a Bicep module scoped to their resource group, a Terraform "
                    "provider alias): the deploying identity needs Private DNS Zone Contributor on them.")


if TYPE_CHECKING:
    PolicyDefinition = str
else:
    PolicyDefinition = Literal[(*(policy.key for policy in NETWORK_POLICIES), PRIVATE_DNS_ZONES)]


class PolicyAssignment(StrictModel):
    definition: PolicyDefinition = Field(description="The built-in to assign (Plan for network isolation, \"Network "
                                         "policy enforcement\"); private_dns_zones assigns the DeployIfNotExists "
                                         "built-in of each private link group (dns.zones: policy).")
    effect: Literal["Audit", "Deny", "Disabled", "DeployIfNotExists"] = Field(
        description="The effect, among those the definition allows (AML701).")


class Policy(StrictModel):
    assignments: list[PolicyAssignment] = Field(
        default_factory=list, description="Built-in Azure Policy definitions assigned at the resource group.")


class Naming(StrictModel):
    unique_suffix: bool = Field(
        default=False,
        description="End the globally unique names amlgen derives (storage account, key vault, container registry) "
                    "with uniqueString(subscription_id, resource_group, name): the same names on every redeploy to "
                    "that resource group, others elsewhere. Needs subscription_id and resource_group.",
    )


class Intent(StrictModel):
    version: Literal[1]
    name: str = Field(description="Prefix for every derived resource name.")
    location: str = Field(min_length=1, description="Azure region, for example eastus.")
    cloud: Cloud = "AzureCloud"
    subscription_id: str | None = Field(
        default=None, description="The workspace's subscription; existing resources must be in it."
    )
    resource_group: str | None = Field(
        default=None, min_length=1,
        description="The resource group the deployment targets (Terraform's resource_group_name default).")
    naming: Naming = Field(default_factory=Naming)
    tags: dict[str, str] = Field(default_factory=dict)
    workspace: Workspace = Field(default_factory=Workspace)
    resources: Resources = Field(default_factory=Resources)
    inbound: Inbound = Field(default_factory=Inbound)
    dns: Dns = Field(default_factory=Dns)
    network: Network | None = Field(
        default=None, description="Customer-managed virtual network for compute (instead of a managed network).")
    endpoints: list[OnlineEndpoint] = Field(default_factory=list, description="Managed online endpoints.")
    assets: list[Asset] = Field(
        default_factory=list,
        description="Workspace models, code and environments the online deployments use: created here, or "
                    "existing ones the template checks before using them.")
    policy: Policy = Field(default_factory=Policy, description="Azure Policy assignments that keep self-service "
                           "workspaces and compute isolated.")

    @field_validator("version", mode="before")
    @classmethod
    def _integer_version(cls, value: object) -> object:
        """Literal[1] would take true and 1.0 (they equal 1 in Python); the schema says the integer 1."""
        if type(value) is not int:
            raise ValueError(f"version must be the number 1, not {describe(value)}")
        return value


__all__ = ["FqdnRule", "OutboundRule", "PrivateEndpointRule", "ServiceTagRule"]
