"""Resources in another subscription or resource group than the deployment's: where they live (a Scope, read from
the ID the intent gives), and the existing resources there that they belong to or take values from."""

from __future__ import annotations

from amlgen.arm.model import Module, Resource, Scope
from amlgen.azure.ids import parse_resource_id

VNET = "Microsoft.Network/virtualNetworks"


def scope_of(resource_id: str, key: str, description: str) -> Scope:
    """The subscription and resource group of a resource, by its ID (validated by the rules before the plan)."""
    parsed = parse_resource_id(resource_id)
    assert parsed is not None, resource_id
    return Scope(key, parsed.subscription, parsed.resource_group, description)


def network_of_subnet(subnet_id: str, key: str, module: str, scope: Scope, network: str) -> Resource:
    """The existing virtual network of a subnet: private endpoints in it take its location."""
    parsed = parse_resource_id(subnet_id)
    assert parsed is not None, subnet_id
    vnet_name = parsed.raw.split("/")[-3]
    return Resource(key=f"{key}_virtual_network", type=VNET, name=vnet_name, module=module, label=key,
                    title=f"{network} virtual network", scope=scope, existing=True,
                    comments=(f"The {network} network, which exists already: a private endpoint must be in its "
                              "virtual network's subscription and region (What is a private endpoint?), so the "
                              "endpoints below are created in its resource group, at its location.",))


def scoped_module(key: str, description: str, scope: Scope, terraform_file: str = "private_endpoints.tf") -> Module:
    """A module of the resources in one other resource group (Bicep deploys it there; Terraform keeps a file)."""
    return Module(key, description, f"modules/{key.replace('_', '-')}.bicep", terraform_file, scope=scope)
