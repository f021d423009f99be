"""Facts about Azure that amlgen checks and renders, kept as data in one place.

Each table states where it comes from. They change when Azure changes, not when amlgen's logic does.
"""

from __future__ import annotations

from amlgen.azure.lists import service_tag_problem
from amlgen.records import dataclass

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

# The storage endpoint suffix per cloud: what Bicep's environment().suffixes.storage returns there.
STORAGE_SUFFIX: dict[str, str] = {
    "AzureCloud": "core.windows.net",
    "AzureChinaCloud": "core.chinacloudapi.cn",
    "AzureUSGovernment": "core.usgovcloudapi.net",
}

@dataclass(frozen=True)
class RequiredOutbound:
    """One row of the required-outbound tables of Plan for network isolation: where compute in a customer VNet must
    reach."""

    kind: str  # service_tag | fqdn
    destination: str  # service tag, or host name (optionally with a leading '*.')
    protocol: str  # TCP | UDP
    ports: tuple[int | str, ...]  # the article's rows are numbers; the intent's additions may be ranges ("8080-8089")
    purpose: str  # the reviewer's "why", rendered as a comment or rule description


# Plan for network isolation, "Data exfiltration protection": the outbound service tags and FQDNs compute in a customer
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

# Plan for network isolation, "Data exfiltration protection": with the service endpoint policy, "you don't need to open
# outbound to Storage on your firewall". Without it, compute fetches its set-up scripts from the service's
# storage accounts through the Storage service tag, which is read/write outbound to any account.
STORAGE_WITHOUT_POLICY = RequiredOutbound(
    "service_tag", "Storage", "TCP", (443,),
    "Azure Storage: set-up scripts in Azure Machine Learning's storage accounts (no service endpoint policy, "
    "so this opens every storage account: a data exfiltration path)")

# The service endpoint policy alias that admits only Azure Machine Learning's own storage accounts
# (Plan for network isolation, "Data exfiltration protection"), and the subnet service endpoint it works through.
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
    """Whether Azure publishes the service tag (or this regional form of it): amlgen.azure.lists."""
    return service_tag_problem(tag) is None
