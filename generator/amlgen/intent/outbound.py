"""Outbound rules of the workspace managed virtual network, as the intent declares them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from amlgen.intent.base import StrictModel


class FqdnRule(StrictModel):
    """Allow outbound traffic to a host name (ports 80 and 443 only). Needs allow_only_approved_outbound."""

    name: str = Field(description="Rule name, unique in the workspace.")
    type: Literal["fqdn"]
    destination: str = Field(description="Host name, optionally with a leading '*.' wildcard label.")
    port_ranges: str | None = Field(
        default=None, description="Only '80', '443' or '80,443' are accepted: FQDN rules allow no other ports."
    )


class ServiceTagRule(StrictModel):
    """Allow outbound traffic to an Azure service tag. Needs allow_only_approved_outbound."""

    name: str
    type: Literal["service_tag"]
    service_tag: str = Field(description="Azure service tag, for example AzureActiveDirectory.")
    protocol: Literal["TCP", "UDP", "ICMP", "*"] = "TCP"
    port_ranges: str = Field(description="'443', '80,443' or '8080-8089'.")


class PrivateEndpointRule(StrictModel):
    """A managed private endpoint from the workspace's managed network to another Azure resource."""

    name: str
    type: Literal["private_endpoint"]
    resource_id: str = Field(description="ARM ID of the target resource.")
    subresource: str = Field(description="Private link sub-resource (group ID), for example 'blob'.")
    spark_enabled: bool = False


OutboundRule = Annotated[FqdnRule | ServiceTagRule | PrivateEndpointRule, Field(discriminator="type")]
