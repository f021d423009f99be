"""The Azure articles amlgen's rules and comments come from, cited by title (and link where a reader
follows one: the rule catalog, the generated README, the docs)."""

from __future__ import annotations

from amlgen.records import dataclass


@dataclass(frozen=True)
class Article:
    title: str
    url: str

    def cite(self, section: str = "") -> str:
        """'Title, "Section" (url)': how the rule catalog and the docs name a source."""
        where = f', "{section}"' if section else ""
        return f"{self.title}{where} ({self.url})"


ONLINE_ENDPOINT_ISOLATION = Article(
    "Network isolation with managed online endpoints",
    "https://learn.microsoft.com/azure/machine-learning/concept-secure-online-endpoint")
SECURE_ONLINE_ENDPOINT = Article(
    "Secure managed online endpoints by using network isolation",
    "https://learn.microsoft.com/azure/machine-learning/how-to-secure-online-endpoint")
NETWORK_ISOLATION_PLANNING = Article(
    "Plan for network isolation",
    "https://learn.microsoft.com/azure/machine-learning/how-to-network-isolation-planning")
MANAGED_NETWORK = Article(
    "Configure a managed virtual network",
    "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network")
VNET_FAQ = Article(
    "Azure Virtual Network frequently asked questions (FAQ)",
    "https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq")
RESOURCE_NAME_RULES = Article(
    "Naming rules and restrictions for Azure resources",
    "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules")
PRIVATE_ENDPOINT = Article(
    "What is a private endpoint?",
    "https://learn.microsoft.com/azure/private-link/private-endpoint-overview")
SERVICE_TAGS = Article(
    "Virtual network service tags",
    "https://learn.microsoft.com/azure/virtual-network/service-tags-overview")
ENDPOINT_VM_SIZES = Article(
    "Managed online endpoints SKU list",
    "https://learn.microsoft.com/azure/machine-learning/reference-managed-online-endpoints-vm-sku-list")
QUOTAS = Article(
    "Manage and increase quotas and limits for resources with Azure Machine Learning",
    "https://learn.microsoft.com/azure/machine-learning/how-to-manage-quotas")
BICEP_LOOPS = Article(
    "Iterative loops in Bicep",
    "https://learn.microsoft.com/azure/azure-resource-manager/bicep/loops")
TEMPLATE_LIMITS = Article(
    "Best practices for ARM templates",
    "https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices")
# A community walk-through of the secure endpoint sample (the California housing model), not a Learn article.
ENDPOINT_WALKTHROUGH = Article(
    "Secure Azure ML Managed Online Endpoints with Network Isolation (community blog)",
    "https://github.com/Azure/azureml-examples/tree/main/cli/endpoints/online/managed/vnet")

ARTICLES = (ONLINE_ENDPOINT_ISOLATION, SECURE_ONLINE_ENDPOINT, NETWORK_ISOLATION_PLANNING, MANAGED_NETWORK,
            ENDPOINT_WALKTHROUGH, VNET_FAQ, RESOURCE_NAME_RULES, PRIVATE_ENDPOINT, SERVICE_TAGS, ENDPOINT_VM_SIZES,
            QUOTAS, BICEP_LOOPS, TEMPLATE_LIMITS)
