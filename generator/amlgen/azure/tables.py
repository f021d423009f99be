"""Facts about Azure that amlgen checks and renders, kept as data in one place.

Each table states where it comes from. They change when Azure changes, not when amlgen's logic does.
"""

from __future__ import annotations

from typing import Literal

from amlgen.azure.lists import service_tag_problem
from amlgen.azure.sources import (
    BATCH_VIRTUAL_NETWORK,
    EXFILTRATION_PREVENTION,
    NETWORK_TRAFFIC,
    SECURE_TRAINING,
    Article,
)
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

Control = Literal["firewall", "nsg"]


@dataclass(frozen=True)
class RequiredOutbound:
    """One rule of the required outbound set: where compute in a customer virtual network must reach, and the
    article (and section) that says so."""

    kind: str  # service_tag | fqdn
    destination: str  # service tag ('Name.<region>' when regional), or host name (optionally with a leading '*.')
    protocol: str  # TCP | UDP | Any (and ICMP or * for the intent's additions)
    ports: tuple[int | str, ...]  # the articles' rows are numbers; the intent's additions may be ranges ("8080-8089")
    purpose: str  # the reviewer's "why" in a few words: the rule's description (NSGs take at most 140 characters)
    source: Article | None = None  # None: the intent's own addition
    section: str = ""
    # Which egress control carries the rule: the hub firewall (which filters host names too) and/or an NSG that
    # denies what it does not name.
    controls: tuple[Control, ...] = ("firewall", "nsg")
    # True: not opened on the firewall when a service endpoint policy carries the traffic (it then leaves through
    # the subnet's service endpoint and never reaches the firewall).
    unless_endpoint_policy: bool = False
    detail: str = ""  # more of the why, for `amlgen explain` and ARCHITECTURE.md

    def cited(self) -> str:
        """'Article title, "Section"' for comments and the explanation."""
        if self.source is None:
            return "the intent"
        return f'{self.source.title}, "{self.section}"' if self.section else self.source.title


_BASIC = "Basic configuration"
_NO_PUBLIC_IP = "Compute instance/cluster or serverless compute with no public IP"
_EXFILTRATION = "Azure Machine Learning data exfiltration prevention"
_CURATED = "4. Curated environments"


# The required outbound set of Azure Machine Learning compute without public IPs in a customer virtual network. The
# data exfiltration prevention article comes "in addition to" the base rules of the other two, so the set is their
# union: service tags for both controls (regional where the articles ask for it), and where a tag is a read/write
# path (AzureFrontDoor.Frontend) the firewall takes the article's host names instead. Pinned to the articles' own
# tables by tests/test_required_outbound.py (tests/data/required-outbound-articles.json).
REQUIRED_OUTBOUND: tuple[RequiredOutbound, ...] = (
    RequiredOutbound("service_tag", "AzureActiveDirectory", "TCP", (80, 443),
                     "Microsoft Entra ID: sign-in and tokens for compute and jobs", NETWORK_TRAFFIC, _BASIC),
    RequiredOutbound("service_tag", "AzureMachineLearning", "TCP", (443, 8787, 18881),
                     "Azure Machine Learning: the API, and compute instances' RStudio and notebook language server",
                     SECURE_TRAINING, _NO_PUBLIC_IP, detail="8787 serves RStudio and 18881 "
                     "the notebooks' language server on compute instances"),
    RequiredOutbound("service_tag", "AzureMachineLearning", "UDP", (5831,),
                     "Azure Machine Learning: compute instance and cluster management", SECURE_TRAINING,
                     _NO_PUBLIC_IP),
    RequiredOutbound("service_tag", "BatchNodeManagement.<region>", "Any", (443,),
                     "Azure Batch in this region: compute instances and clusters run on Batch nodes",
                     SECURE_TRAINING, _NO_PUBLIC_IP),
    RequiredOutbound("service_tag", "AzureResourceManager", "TCP", (443,),
                     "Azure Resource Manager: compute lifecycle calls", NETWORK_TRAFFIC, _BASIC),
    RequiredOutbound("service_tag", "Storage.<region>", "TCP", (443,),
                     "Azure Storage in this region: Azure Batch's accounts, where compute gets set-up scripts",
                     SECURE_TRAINING, _NO_PUBLIC_IP, unless_endpoint_policy=True,
                     detail="read/write to any storage account in the region: a data exfiltration path unless a "
                     "service endpoint policy limits it"),
    RequiredOutbound("service_tag", "AzureFrontDoor.Frontend", "TCP", (443,),
                     "Azure Front Door: the studio's entry point, AutoML images and environments", NETWORK_TRAFFIC,
                     _BASIC, controls=("nsg",), detail="a firewall allows the studio's and AutoML's host names "
                     "instead, as the tag is a read/write path (Azure Machine Learning data exfiltration prevention)"),
    RequiredOutbound("service_tag", "MicrosoftContainerRegistry", "TCP", (443,),
                     "Microsoft Container Registry: the Docker images Microsoft provides", NETWORK_TRAFFIC, _BASIC),
    RequiredOutbound("service_tag", "AzureFrontDoor.FirstParty", "TCP", (443,),
                     "Azure Front Door (first party): layers of the Docker images Microsoft provides",
                     NETWORK_TRAFFIC, "Recommended configuration for training and deploying models"),
    RequiredOutbound("service_tag", "AzureMonitor", "TCP", (443,),
                     "Azure Monitor: metrics, logs and Application Insights telemetry", NETWORK_TRAFFIC, _BASIC,
                     detail="ingestion is public without an Azure Monitor Private Link Scope, so telemetry is dropped "
                     "if this is closed"),
    RequiredOutbound("service_tag", "VirtualNetwork", "TCP", (443,),
                     "Private endpoints in this and peered virtual networks", NETWORK_TRAFFIC, _BASIC,
                     controls=("nsg",), detail="an NSG that denies other outbound would block them: its deny comes "
                     "before Azure's default AllowVnetOutBound"),
    RequiredOutbound("service_tag", "VirtualNetwork", "TCP", (445,),
                     "SMB to the default storage account's private endpoint during training", SECURE_TRAINING,
                     "Limitations", controls=("nsg",)),
    RequiredOutbound("fqdn", "mcr.microsoft.com", "TCP", (443,), "Microsoft Container Registry: base images",
                     EXFILTRATION_PREVENTION, _CURATED, controls=("firewall",)),
    RequiredOutbound("fqdn", "*.data.mcr.microsoft.com", "TCP", (443,),
                     "Microsoft Container Registry data endpoints: image layers", EXFILTRATION_PREVENTION, _CURATED,
                     controls=("firewall",)),
    RequiredOutbound("fqdn", "ml.azure.com", "TCP", (443,),
                     "Azure Machine Learning studio (instead of the AzureFrontDoor.Frontend tag)",
                     EXFILTRATION_PREVENTION, _EXFILTRATION, controls=("firewall",)),
    RequiredOutbound("fqdn", "automlresources-prod-d0eaehh7g8andvav.b02.azurefd.net", "TCP", (443,),
                     "Automated ML resources (instead of the AzureFrontDoor.Frontend tag)", EXFILTRATION_PREVENTION,
                     _EXFILTRATION, controls=("firewall",)),
)


@dataclass(frozen=True)
class PublicIpInbound:
    """What compute with a public IP needs beyond the outbound set: inbound from a service tag to its nodes and,
    behind a firewall, a route that sends the tag's addresses to the internet directly."""

    source_tag: str  # 'Name.<region>' when regional
    ports: str
    purpose: str
    source: Article
    section: str


# Compute instances and clusters with a public IP (the other documented pattern): Azure Machine Learning and Azure
# Batch reach the nodes through their public load balancer, so the NSG admits them; behind a firewall, user-defined
# routes send these tags to the internet directly, or the replies would leave through the firewall and be dropped.
PUBLIC_IP_INBOUND: tuple[PublicIpInbound, ...] = (
    PublicIpInbound("AzureMachineLearning", "44224", "Azure Machine Learning manages compute instances and clusters "
                    "through their public IP", SECURE_TRAINING,
                    "Compute instance/cluster or serverless compute with public IP"),
    PublicIpInbound("BatchNodeManagement.<region>", "29876-29877", "Azure Batch schedules work on the nodes "
                    "(classic node communication)", BATCH_VIRTUAL_NETWORK, "Inbound security rules"),
)

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
