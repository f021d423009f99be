"""Facts about Azure that amlgen checks and renders, kept as data in one place.

Each table states where it comes from. They change when Azure changes, not when amlgen's logic does.
"""

from __future__ import annotations

from dataclasses import dataclass

# Private link sub-resources (group IDs) by resource type, from the Azure Private Link documentation
# ("Private-link resource"). Types are compared case-insensitively.
PRIVATE_LINK_SUBRESOURCES: dict[str, tuple[str, ...]] = {
    "Microsoft.Storage/storageAccounts": ("blob", "blob_secondary", "file", "queue", "queue_secondary",
                                          "table", "table_secondary", "dfs", "dfs_secondary", "web",
                                          "web_secondary"),
    "Microsoft.KeyVault/vaults": ("vault",),
    "Microsoft.ContainerRegistry/registries": ("registry",),
    "Microsoft.MachineLearningServices/workspaces": ("amlworkspace",),
    "Microsoft.MachineLearningServices/registries": ("amlregistry",),
    "Microsoft.Sql/servers": ("sqlServer",),
    "Microsoft.DocumentDB/databaseAccounts": ("Sql", "MongoDB", "Cassandra", "Gremlin", "Table"),
    "Microsoft.Search/searchServices": ("searchService",),
    "Microsoft.CognitiveServices/accounts": ("account",),
    "Microsoft.Web/sites": ("sites",),
    "Microsoft.DBforPostgreSQL/flexibleServers": ("postgresqlServer",),
    "Microsoft.DBforMySQL/flexibleServers": ("mysqlServer",),
    "Microsoft.Databricks/workspaces": ("databricks_ui_api", "browser_authentication"),
    "Microsoft.Cache/Redis": ("redisCache",),
    "Microsoft.EventHub/namespaces": ("namespace",),
    "Microsoft.Synapse/workspaces": ("Sql", "SqlOnDemand", "Dev"),
    "Microsoft.DataFactory/factories": ("dataFactory", "portal"),
    "Microsoft.AppConfiguration/configurationStores": ("configurationStores",),
}

# Azure service tags that can be used in network rules (the "Available service tags" table).
# Tags marked regional also accept a ".<region>" suffix, for example Storage.EastUS.
SERVICE_TAGS: dict[str, bool] = {
    "ActionGroup": False, "ApiManagement": True, "AppConfiguration": False, "AppService": True,
    "AppServiceManagement": False, "AzureActiveDirectory": False, "AzureActiveDirectoryDomainServices": False,
    "AzureAdvancedThreatProtection": False, "AzureArcInfrastructure": False, "AzureBackup": True,
    "AzureBotService": False, "AzureCloud": True, "AzureCognitiveSearch": False, "AzureConnectors": True,
    "AzureContainerRegistry": True, "AzureCosmosDB": True, "AzureDatabricks": False,
    "AzureDataExplorerManagement": False,
    "AzureDataLake": False, "AzureDevSpaces": False, "AzureDevOps": False, "AzureDigitalTwins": False,
    "AzureEventGrid": False, "AzureFrontDoor.Frontend": False, "AzureFrontDoor.Backend": False,
    "AzureFrontDoor.FirstParty": False, "AzureHealthcareAPIs": False, "AzureInformationProtection": False,
    "AzureIoTHub": True, "AzureKeyVault": True, "AzureLoadTestingInstanceManagement": False,
    "AzureMachineLearning": True, "AzureMachineLearningInference": True, "AzureManagedGrafana": False,
    "AzureMonitor": True, "AzureOpenDatasets": False, "AzurePlatformDNS": False, "AzurePlatformIMDS": False,
    "AzurePlatformLKM": False, "AzureResourceManager": True, "AzureSignalR": False, "AzureSiteRecovery": False,
    "AzureSphere": False, "AzureStack": False, "AzureTrafficManager": False, "AzureUpdateDelivery": False,
    "AzureWebPubSub": False, "BatchNodeManagement": True, "CognitiveServicesFrontend": False,
    "CognitiveServicesManagement": False, "DataFactory": True, "DataFactoryManagement": False,
    "Dynamics365ForMarketingEmail": False, "EventHub": True, "GatewayManager": False, "GuestAndHybridManagement": False,
    "HDInsight": True, "Internet": False, "KustoAnalytics": False, "LogicApps": True, "LogicAppsManagement": False,
    "M365ManagementActivityApi": False, "MicrosoftAzureFluidRelay": False, "MicrosoftCloudAppSecurity": False,
    "MicrosoftContainerRegistry": True, "MicrosoftDefenderForEndpoint": False,
    "MicrosoftPurviewPolicyDistribution": False,
    "PowerBI": False, "PowerPlatformInfra": False, "PowerPlatformPlex": False, "PowerQueryOnline": False,
    "Scuba": False, "SerialConsole": False, "ServiceBus": True, "ServiceFabric": False, "Sql": True,
    "SqlManagement": False, "Storage": True, "StorageSyncService": False, "StorageMover": False,
    "VirtualNetwork": False, "WindowsAdminCenter": False, "WindowsVirtualDesktop": False,
}

# Private DNS zones for each private endpoint group, per cloud, from "Azure Private Endpoint private
# DNS zone values" and the Azure Machine Learning custom DNS article. Order matters: it is the order
# in which zones appear in the generated code.
PRIVATE_DNS_ZONES: dict[str, dict[str, tuple[str, ...]]] = {
    "AzureCloud": {
        "amlworkspace": ("privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"),
        "blob": ("privatelink.blob.core.windows.net",),
        "file": ("privatelink.file.core.windows.net",),
        "vault": ("privatelink.vaultcore.azure.net",),
        "registry": ("privatelink.azurecr.io",),
    },
    "AzureChinaCloud": {
        "amlworkspace": ("privatelink.api.ml.azure.cn", "privatelink.notebooks.chinacloudapi.cn"),
        "blob": ("privatelink.blob.core.chinacloudapi.cn",),
        "file": ("privatelink.file.core.chinacloudapi.cn",),
        "vault": ("privatelink.vaultcore.azure.cn",),
        "registry": ("privatelink.azurecr.cn",),
    },
    "AzureUSGovernment": {
        "amlworkspace": ("privatelink.api.ml.azure.us", "privatelink.notebooks.usgovcloudapi.net"),
        "blob": ("privatelink.blob.core.usgovcloudapi.net",),
        "file": ("privatelink.file.core.usgovcloudapi.net",),
        "vault": ("privatelink.vaultcore.usgovcloudapi.net",),
        "registry": ("privatelink.azurecr.us",),
    },
}

# The storage endpoint suffix per cloud: what Bicep's environment().suffixes.storage returns there.
STORAGE_SUFFIX: dict[str, str] = {
    "AzureCloud": "core.windows.net",
    "AzureChinaCloud": "core.chinacloudapi.cn",
    "AzureUSGovernment": "core.usgovcloudapi.net",
}

# What each private DNS zone resolves, for comments a reviewer reads next to the zone, keyed by the
# label after "privatelink." (the same in every cloud).
ZONE_PURPOSE: dict[str, str] = {
    "api": "workspace API and online endpoints",
    "notebooks": "studio notebooks service",
    "blob": "storage blob endpoint",
    "file": "storage file endpoint",
    "vaultcore": "key vault",
    "azurecr": "container registry (login and data endpoints)",
}

# The A records a private endpoint's DNS zone group writes, per group: (index into the group's zones,
# record name relative to the zone, what it serves). {name} is the target resource's name, {region}
# the workspace's region; <workspace-guid> is only known once Azure has created the workspace. From the
# Azure Machine Learning custom DNS article and seed 000 ("Limitations": the inference wildcard record).
DNS_RECORDS: dict[str, tuple[tuple[int, str, str], ...]] = {
    "amlworkspace": ((0, "<workspace-guid>.workspace.{region}", "workspace API"),
                     (0, "*.<workspace-guid>.inference.{region}", "online endpoint scoring"),
                     (1, "ml-{name}-{region}-<workspace-guid>.{region}", "notebooks")),
    "blob": ((0, "{name}", "blob endpoint"),),
    "file": ((0, "{name}", "file endpoint"),),
    "vault": ((0, "{name}", "vault endpoint"),),
    "registry": ((0, "{name}", "registry login endpoint"), (0, "{name}.{region}.data", "registry data endpoint")),
}


def zone_purpose(zone: str) -> str:
    return ZONE_PURPOSE[zone.split(".")[1]]


@dataclass(frozen=True)
class RequiredOutbound:
    """One row of seed 003's required-outbound tables: where compute in a customer VNet must reach."""

    kind: str  # service_tag | fqdn
    destination: str  # service tag, or host name (optionally with a leading '*.')
    protocol: str  # TCP | UDP
    ports: tuple[int | str, ...]  # the seed's rows are numbers; the intent's additions may be ranges ("8080-8089")
    purpose: str  # the reviewer's "why", rendered as a comment or rule description


# Seed 003, "Data exfiltration protection": the outbound service tags and FQDNs compute in a customer
# virtual network needs. The firewall renders them as network rules (tags) and application rules (FQDNs);
# without a firewall they become NSG rules. Storage is not here: the service endpoint policy with the
# Azure Machine Learning alias reaches the service's storage accounts (see STORAGE_WITHOUT_POLICY).
REQUIRED_OUTBOUND: tuple[RequiredOutbound, ...] = (
    RequiredOutbound("service_tag", "AzureActiveDirectory", "TCP", (80, 443),
                     "Microsoft Entra ID: sign-in and tokens for compute and jobs"),
    RequiredOutbound("service_tag", "AzureResourceManager", "TCP", (443,),
                     "Azure Resource Manager: compute lifecycle calls"),
    RequiredOutbound("service_tag", "AzureMachineLearning", "UDP", (5831,),
                     "Azure Machine Learning service: compute instance and cluster management"),
    RequiredOutbound("service_tag", "BatchNodeManagement", "TCP", (443,),
                     "Azure Batch: node management of compute clusters"),
    RequiredOutbound("fqdn", "mcr.microsoft.com", "TCP", (443,), "Microsoft Container Registry: base images"),
    RequiredOutbound("fqdn", "*.data.mcr.microsoft.com", "TCP", (443,),
                     "Microsoft Container Registry data endpoints: image layers"),
    RequiredOutbound("fqdn", "ml.azure.com", "TCP", (443,), "Azure Machine Learning studio"),
    RequiredOutbound("fqdn", "automlresources-prod.azureedge.net", "TCP", (443,), "Automated ML resources"),
)

# Seed 003, "Data exfiltration protection": with the service endpoint policy, "you don't need to open
# outbound to Storage on your firewall". Without it, compute fetches its set-up scripts from the service's
# storage accounts through the Storage service tag, which is read/write outbound to any account.
STORAGE_WITHOUT_POLICY = RequiredOutbound(
    "service_tag", "Storage", "TCP", (443,),
    "Azure Storage: set-up scripts in Azure Machine Learning's storage accounts (no service endpoint policy, "
    "so this opens every storage account: a data exfiltration path)")

# The service endpoint policy alias that admits only Azure Machine Learning's own storage accounts
# (seed 003, "Data exfiltration protection"), and the subnet service endpoint it works through.
MACHINE_LEARNING_STORAGE_ALIAS = "/services/Azure/MachineLearning"
GLOBAL_STORAGE_SERVICE_ENDPOINT = "Microsoft.Storage.Global"

# Azure DNS's virtual IP: the target of conditional forwarders for private link zones.
AZURE_DNS_IP = "168.63.129.16"


def lookup_type(table: dict[str, tuple[str, ...]], arm_type: str) -> tuple[str, tuple[str, ...]] | None:
    for known, values in table.items():
        if known.lower() == arm_type.lower():
            return known, values
    return None


def is_known_service_tag(tag: str) -> bool:
    if tag in SERVICE_TAGS:
        return True
    base, _, region = tag.rpartition(".")
    return bool(base) and SERVICE_TAGS.get(base, False) and region.isalnum()
