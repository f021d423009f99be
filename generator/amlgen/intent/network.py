"""The `network:` section: a customer-managed virtual network instead of the workspace managed network.

Each outbound mode is an architecture from Plan for network isolation ("Recommended architecture (use your Azure "
                                                                       "VNet)").
Shape only; cross-field rules live in amlgen.rules.vnet.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from amlgen.intent.base import AddressSpace, StrictModel, one_or_many
from amlgen.intent.outbound import AllowRule

OutboundMode = Literal["hub_spoke_firewall", "nsg_nat", "nsg"]
UnlistedOutbound = Literal["deny", "allow"]
Attachment = Literal["network_security_group", "route_table", "nat_gateway", "service_endpoint_policy"]
FirewallRules = Literal["rule_collection_group", "network_team"]


class ComputeSubnet(StrictModel):
    name: str | None = Field(default=None, description="Subnet name; snet-training / snet-scoring if absent.")
    prefix: str = Field(description="The subnet's prefix (of an existing subnet too: the firewall rules admit it).")
    nodes: int = Field(default=0, ge=0, description="Compute instances and cluster nodes planned here: each "
                       "takes one private IP (Plan for network isolation: Private IP address shortage).")
    existing_id: str | None = Field(default=None, description="An existing subnet of the existing spoke "
                                    "(spoke.existing_id): amlgen never replaces it.")
    owns: list[Attachment] = Field(
        default_factory=list,
        description="What amlgen attaches to the existing subnet: its NSG, its route table (to the hub firewall), "
                    "the NAT gateway and the service endpoint policy. Anything not listed stays as the subnet's owner "
                    "set it.")


class PrivateEndpointSubnet(StrictModel):
    name: str = "snet-pe"
    prefix: str
    existing_id: str | None = Field(default=None, description="An existing subnet of the existing spoke.")


class Spoke(StrictModel):
    name: str | None = Field(default=None, description="Virtual network name; vnet-<name>-spoke if absent.")
    existing_id: str | None = Field(
        default=None, description="An existing spoke virtual network: amlgen uses its subnets (existing_id on each) "
                                  "and attaches only what each subnet's `owns` lists.")
    address_space: AddressSpace = Field(default_factory=list, description="Required unless existing_id (AML326).")
    training: ComputeSubnet | None = None
    scoring: ComputeSubnet | None = None
    private_endpoints: PrivateEndpointSubnet

    @field_validator("address_space", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return one_or_many(value)


class Hub(StrictModel):
    name: str | None = Field(default=None, description="Virtual network name; vnet-<name>-hub if absent.")
    address_space: AddressSpace = Field(min_length=1)
    firewall_subnet_prefix: str = Field(description="Prefix of AzureFirewallSubnet: /26 or larger.")
    firewall_sku: Literal["Standard", "Premium"] = "Standard"
    dns_resolver_inbound_prefix: str | None = Field(
        default=None, description="Adds an Azure DNS Private Resolver with an inbound endpoint in this subnet of "
                                  "the hub: your DNS servers forward the private link zones to its address.")

    @field_validator("address_space", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return one_or_many(value)


class ExistingHub(StrictModel):
    """A hub the network team runs: its virtual network and firewall exist; amlgen peers the spoke with it, routes
    compute through the firewall and adds (or hands over) the firewall rules."""

    virtual_network_id: str = Field(description="The hub virtual network: the spoke peers with it.")
    firewall_private_ip: str = Field(description="The firewall's private address: the compute subnets' next hop.")
    firewall_policy_id: str = Field(description="The firewall's policy: where the required outbound rules go.")
    firewall_rules: FirewallRules = Field(
        default="rule_collection_group",
        description="rule_collection_group: amlgen adds one to the policy (in its subscription); network_team: "
                    "amlgen writes FIREWALL-RULES.md for the network team instead.")
    rule_collection_group_priority: int = Field(
        default=500, ge=100, le=65000,
        description="Priority of the rule collection group: unique in the policy, which other teams share.")


class IsolatedNetwork(StrictModel):
    """A VNet not peered with the workspace's network (Plan for network isolation: Private IP address shortage in your
    main
    network): it gets its own private endpoints, registered in its own DNS zones."""

    name: str = Field(description="Short label, used in resource names and identifiers (for example corp).")
    subnet_id: str = Field(description="Existing subnet for this network's private endpoints.")
    dns_zone_ids: dict[str, str] = Field(
        description="Zone name -> ID of the existing private DNS zone this network resolves with. Its zones "
                    "must differ from the workspace network's: the two sets of endpoints have different IPs.")


class Network(StrictModel):
    outbound: OutboundMode = Field(
        description="hub_spoke_firewall: a hub firewall filters all compute egress; nsg_nat: NSG rules and a NAT "
                    "gateway, no firewall (Plan for network isolation: Removing firewall requirement); nsg: NSG rules "
                    "only, as in "
                    "the managed online endpoint sample's network (Secure managed online endpoints by using network "
                    "isolation).")
    exfiltration_prevention: bool = Field(
        default=False,
        description="Service endpoint policy with the Azure Machine Learning alias on the compute subnets and "
                    "allow-lists only, instead of the Storage service tag (Plan for network isolation: data "
                    "exfiltration prevention).")
    unlisted_outbound: UnlistedOutbound | None = Field(
        default=None,
        description="nsg_nat and nsg: what the compute subnets' NSG does with outbound traffic no rule names. deny: "
                    "the NSG allows the required set and your additions, then denies the rest; allow: outbound is "
                    "open (through the NAT gateway) and the NSG lists only your additions. Required in those modes "
                    "(AML318).")
    compute_public_ip: bool = Field(
        default=False,
        description="Compute instances and clusters get public IPs: the NSG admits AzureMachineLearning (44224) and "
                    "BatchNodeManagement (29876-29877) inbound and, behind the firewall, routes send those tags to "
                    "the internet directly (Secure an Azure Machine Learning training environment with virtual "
                    "networks). false (no public IP) needs no inbound at all.")
    hub: Hub | None = None
    existing_hub: ExistingHub | None = Field(
        default=None, description="A hub that exists already, instead of hub: amlgen creates no hub resources.")
    spoke: Spoke
    additional_outbound: list[AllowRule] = Field(
        default_factory=list, description="Your destinations beyond the required set of Plan for network isolation.")
    isolated_networks: list[IsolatedNetwork] = Field(
        default_factory=list, description="Non-peered networks that each get their own private endpoints.")
    image_build_compute: str | None = Field(
        default=None, description="Compute cluster that builds images: a registry behind a private endpoint "
                                  "cannot (Plan for network isolation: Image build compute setting for ACR behind "
                                  "VNet).")
