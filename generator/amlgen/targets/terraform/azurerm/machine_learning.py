"""Microsoft.MachineLearningServices: the workspace and its managed network's outbound rules."""

from __future__ import annotations

from collections.abc import Callable

from amlgen.arm.model import Resource
from amlgen.targets.terraform.mapping import (
    ENABLED,
    IDENTITY_IDS,
    Arg,
    AzapiPatch,
    AzurermType,
    Nested,
    ParentArg,
    standard,
)

OUTBOUND_RULE = "Microsoft.MachineLearningServices/workspaces/outboundRules"
PROVIDER = "azurerm 4.81.0"
RULES_SOURCE = "internal/services/machinelearning/machine_learning_workspace_network_outbound_rule_{}_resource.go"

# The private endpoint rule resource accepts, at apply time, only these resource providers of
# service_resource_id, each with these sub-resources (its resourceTypeSupportSubResType map, the same on
# main); azapi creates a rule to any other target (a container registry, for one).
PRIVATE_ENDPOINT_TARGETS: dict[str, tuple[str, ...]] = {
    "Microsoft.KeyVault": ("vault",),
    "Microsoft.Cache": ("redisCache",),
    "Microsoft.MachineLearningServices": ("amlworkspace",),
    "Microsoft.Storage": ("blob", "table", "queue", "file", "web", "dfs"),
}
# The service tag rule resource's service_tag validation (StringInSlice, case-sensitive): regional tags such
# as Storage.EastUS are not in it, so azapi creates rules to them.
SERVICE_TAGS = frozenset((
    "AppConfiguration", "AppService", "AzureActiveDirectory", "AzureAdvancedThreatProtection",
    "AzureArcInfrastructure", "AzureAttestation", "AzureBackup", "AzureBotService", "AzureContainerRegistry",
    "AzureCosmosDB", "AzureDataLake", "AzureDevSpaces", "AzureInformationProtection", "AzureIoTHub",
    "AzureKeyVault", "AzureManagedGrafana", "AzureMonitor", "AzureOpenDatasets", "AzurePlatformDNS",
    "AzurePlatformIMDS", "AzurePlatformLKM", "AzureResourceManager", "AzureSignalR", "AzureSiteRecovery",
    "AzureSpringCloud", "AzureStack", "AzureUpdateDelivery", "DataFactoryManagement", "EventHub",
    "GuestAndHybridManagement", "M365ManagementActivityApi", "MicrosoftAzureFluidRelay",
    "MicrosoftCloudAppSecurity", "MicrosoftContainerRegistry", "PowerPlatformInfra", "ServiceBus", "Sql",
    "Storage", "WindowsAdminCenter", "AppServiceManagement", "AutonomousDevelopmentPlatform",
    "AzureActiveDirectoryDomainServices", "AzureCloud", "AzureConnectors", "AzureContainerAppsService",
    "AzureDatabricks", "AzureDeviceUpdate", "AzureEventGrid", "AzureFrontDoor.Frontend", "AzureFrontDoor.Backend",
    "AzureFrontDoor.FirstParty", "AzureHealthcareAPIs", "AzureLoadBalancer", "AzureMachineLearning", "AzureSphere",
    "AzureWebPubSub", "BatchNodeManagement", "ChaosStudio", "CognitiveServicesFrontend",
    "CognitiveServicesManagement", "DataFactory", "Dynamics365ForMarketingEmail", "Dynamics365BusinessCentral",
    "EOPExternalPublishedIPs", "Internet", "LogicApps", "Marketplace", "MicrosoftDefenderForEndpoint", "PowerBI",
    "PowerQueryOnline", "ServiceFabric", "SqlManagement", "StorageSyncService", "WindowsVirtualDesktop",
    "VirtualNetwork",
))


def _rule_type(name: str) -> Callable[[Resource], bool]:
    """azurerm has one resource type per kind of outbound rule."""

    def select(resource: Resource) -> bool:
        return resource.properties.get("type") == name
    return select


def _destination(resource: Resource) -> dict[str, object]:
    destination = resource.properties.get("destination")
    return dict(destination) if isinstance(destination, dict) else {}


def _refused_private_endpoint(resource: Resource) -> str | None:
    destination = _destination(resource)
    target = str(destination.get("serviceResourceId", ""))
    provider = target.split("/providers/", 1)[1].split("/", 1)[0] if "/providers/" in target else ""
    accepted = next((subs for name, subs in PRIVATE_ENDPOINT_TARGETS.items() if name.lower() == provider.lower()), ())
    subresource = str(destination.get("subresourceTarget", ""))
    if any(sub.lower() == subresource.lower() for sub in accepted):
        return None
    return (f"{PROVIDER}'s private endpoint outbound rule accepts targets of {', '.join(PRIVATE_ENDPOINT_TARGETS)} "
            f"only ({RULES_SOURCE.format('private_endpoint')}), not a {subresource} sub-resource of "
            f"{provider or 'this resource'}, so azapi creates this rule.")


def _refused_service_tag(resource: Resource) -> str | None:
    tag = _destination(resource).get("serviceTag")
    if tag in SERVICE_TAGS:
        return None
    return (f"{PROVIDER}'s service tag outbound rule accepts only the service tags it lists "
            f"({RULES_SOURCE.format('service_tag')}), not {tag}, so azapi creates this rule.")


# azurerm sets every rule's category to UserDefined itself (the rule resources' Create).
_RULE_CATEGORY = {"properties.category": "UserDefined"}

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
            Arg("primary_user_assigned_identity", "properties.primaryUserAssignedIdentity"),
            Arg("tags", "tags"),
            Nested("identity", "identity", (Arg("type", "type"),
                                            Arg("identity_ids", "userAssignedIdentities", IDENTITY_IDS))),
            # azurerm spells the top-level provisionNetworkNow inside this block.
            Nested("managed_network", "properties.managedNetwork",
                   (Arg("isolation_mode", "isolationMode"),
                    Arg("provision_on_creation_enabled", "properties.provisionNetworkNow", root=True))),
        ),
        attributes={"identity.principalId": "identity[0].principal_id", "properties.workspaceId": "workspace_id"},
        # azurerm has no argument for the firewall SKU, and its update replaces managedNetwork with
        # {isolationMode} (machine_learning_workspace_resource.go, expandMachineLearningWorkspaceManagedNetwork):
        # the patch owns the whole object.
        azapi_patch=(AzapiPatch("properties.managedNetwork", ("properties.managedNetwork.firewallSku",)),),
    ),
    AzurermType(
        OUTBOUND_RULE, "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
        (Arg("name", "name"), ParentArg("workspace_id"), Arg("destination_fqdn", "properties.destination")),
        select=_rule_type("FQDN"),
        implied={"properties.type": "FQDN", **_RULE_CATEGORY},
    ),
    AzurermType(
        OUTBOUND_RULE, "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
        (Arg("name", "name"), ParentArg("workspace_id"), Arg("service_tag", "properties.destination.serviceTag"),
         Arg("protocol", "properties.destination.protocol"), Arg("port_ranges", "properties.destination.portRanges")),
        select=_rule_type("ServiceTag"),
        implied={"properties.type": "ServiceTag", "properties.destination.action": "Allow", **_RULE_CATEGORY},
        refuses=_refused_service_tag,
    ),
    AzurermType(
        OUTBOUND_RULE, "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
        (Arg("name", "name"), ParentArg("workspace_id"),
         Arg("service_resource_id", "properties.destination.serviceResourceId"),
         Arg("sub_resource_target", "properties.destination.subresourceTarget"),
         Arg("spark_enabled", "properties.destination.sparkEnabled")),
        select=_rule_type("PrivateEndpoint"),
        implied={"properties.type": "PrivateEndpoint", **_RULE_CATEGORY},
        refuses=_refused_private_endpoint,
    ),
)
