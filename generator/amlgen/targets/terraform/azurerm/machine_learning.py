"""Microsoft.MachineLearningServices: the workspace and its managed network's outbound rules."""

from __future__ import annotations

from collections.abc import Callable

from amlgen.arm.model import Resource
from amlgen.targets.terraform.mapping import ENABLED, Arg, AzurermType, Nested, ParentArg, standard

OUTBOUND_RULE = "Microsoft.MachineLearningServices/workspaces/outboundRules"


def _rule_type(name: str) -> Callable[[Resource], bool]:
    """azurerm has one resource type per kind of outbound rule."""

    def select(resource: Resource) -> bool:
        return resource.properties.get("type") == name
    return select


MAPPINGS = (
    AzurermType(
        "Microsoft.MachineLearningServices/workspaces", "azurerm_machine_learning_workspace",
        standard(
            Arg("friendly_name", "properties.friendlyName"),
            Arg("description", "properties.description"),
            Arg("storage_account_id", "properties.storageAccount"),
            Arg("key_vault_id", "properties.keyVault"),
            Arg("container_registry_id", "properties.containerRegistry"),
            Arg("application_insights_id", "properties.applicationInsights"),
            Arg("public_network_access_enabled", "properties.publicNetworkAccess", ENABLED),
            Arg("image_build_compute_name", "properties.imageBuildCompute"),
            Arg("v1_legacy_mode_enabled", "properties.v1LegacyMode"),
            Arg("tags", "tags"),
            Nested("identity", "identity", (Arg("type", "type"),)),
            Nested("managed_network", "properties.managedNetwork", (Arg("isolation_mode", "isolationMode"),)),
        ),
        attributes={"identity.principalId": "identity[0].principal_id", "properties.workspaceId": "workspace_id"},
        azapi_patch=("properties.managedNetwork.firewallSku",),
    ),
    AzurermType(
        OUTBOUND_RULE, "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
        (Arg("name", "name"), ParentArg("workspace_id"), Arg("destination_fqdn", "properties.destination")),
        select=_rule_type("FQDN"),
        implied={"properties.type": "FQDN"},
    ),
    AzurermType(
        OUTBOUND_RULE, "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
        (Arg("name", "name"), ParentArg("workspace_id"), Arg("service_tag", "properties.destination.serviceTag"),
         Arg("protocol", "properties.destination.protocol"), Arg("port_ranges", "properties.destination.portRanges")),
        select=_rule_type("ServiceTag"),
        implied={"properties.type": "ServiceTag", "properties.destination.action": "Allow"},
    ),
    AzurermType(
        OUTBOUND_RULE, "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
        (Arg("name", "name"), ParentArg("workspace_id"),
         Arg("service_resource_id", "properties.destination.serviceResourceId"),
         Arg("sub_resource_target", "properties.destination.subresourceTarget"),
         Arg("spark_enabled", "properties.destination.sparkEnabled")),
        select=_rule_type("PrivateEndpoint"),
        implied={"properties.type": "PrivateEndpoint"},
    ),
)
