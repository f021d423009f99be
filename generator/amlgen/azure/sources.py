"""The Azure articles amlgen's rules and comments come from, cited by title (and link where a reader
follows one: the rule catalog, the generated README, the docs).

`updated` is the article's own date (its ms.date) as of the version amlgen's facts were last checked
against; tests/data/required-outbound-articles.json vendors the tables read from that version.
"""

from __future__ import annotations

from amlgen.records import dataclass


@dataclass(frozen=True)
class Article:
    title: str
    url: str
    updated: str = ""  # YYYY-MM-DD: the version of the article the facts were checked against

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
    "https://learn.microsoft.com/azure/machine-learning/how-to-network-isolation-planning", "2026-01-08")
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
VM_SIZES = Article(
    "Sizes for virtual machines in Azure",
    "https://learn.microsoft.com/azure/virtual-machines/sizes/overview")
VM_RETIREMENTS = Article(
    "VM size series retirements, capacity growth restrictions, and modernization guidance",
    "https://learn.microsoft.com/azure/virtual-machines/sizes/lifecycle/retirements-and-capacity-restrictions",
    "2026-09-24")
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
# The articles behind the required outbound set of compute in a customer virtual network.
NETWORK_TRAFFIC = Article(
    "Configure inbound and outbound network traffic",
    "https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall", "2026-03-19")
SECURE_TRAINING = Article(
    "Secure an Azure Machine Learning training environment with virtual networks",
    "https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet", "2025-06-12")
EXFILTRATION_PREVENTION = Article(
    "Azure Machine Learning data exfiltration prevention",
    "https://learn.microsoft.com/azure/machine-learning/how-to-prevent-data-loss-exfiltration", "2025-02-05")
BATCH_VIRTUAL_NETWORK = Article(
    "Create an Azure Batch pool in a virtual network",
    "https://learn.microsoft.com/azure/batch/batch-virtual-network", "2023-09-20")
# Networking facts beyond Azure Machine Learning.
DEFAULT_OUTBOUND_ACCESS = Article(
    "Default outbound access in Azure",
    "https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access")
PRIVATE_DNS_AT_SCALE = Article(
    "Private Link and DNS integration at scale",
    "https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/"
    "private-link-and-dns-integration-at-scale")
FIREWALL_DNS_PROXY = Article(
    "Azure Firewall DNS settings",
    "https://learn.microsoft.com/azure/firewall/dns-settings")
MACHINE_LEARNING_POLICY = Article(
    "Azure Policy built-in policy definitions for Azure Machine Learning",
    "https://learn.microsoft.com/azure/machine-learning/policy-reference")
# Compute.
COMPUTE_TARGETS = Article(
    "What are compute targets in Azure Machine Learning?",
    "https://learn.microsoft.com/azure/machine-learning/concept-compute-target", "2025-11-13")
COMPUTE_CLUSTER = Article(
    "Create an Azure Machine Learning compute cluster",
    "https://learn.microsoft.com/azure/machine-learning/how-to-create-attach-compute-cluster")
COMPUTE_INSTANCE = Article(
    "Create an Azure Machine Learning compute instance",
    "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance")

ARTICLES = (ONLINE_ENDPOINT_ISOLATION, SECURE_ONLINE_ENDPOINT, NETWORK_ISOLATION_PLANNING, MANAGED_NETWORK,
            ENDPOINT_WALKTHROUGH, VNET_FAQ, RESOURCE_NAME_RULES, PRIVATE_ENDPOINT, SERVICE_TAGS, ENDPOINT_VM_SIZES,
            QUOTAS, BICEP_LOOPS, TEMPLATE_LIMITS, NETWORK_TRAFFIC, SECURE_TRAINING, EXFILTRATION_PREVENTION,
            BATCH_VIRTUAL_NETWORK, DEFAULT_OUTBOUND_ACCESS, PRIVATE_DNS_AT_SCALE, FIREWALL_DNS_PROXY,
            MACHINE_LEARNING_POLICY, COMPUTE_TARGETS, COMPUTE_CLUSTER, COMPUTE_INSTANCE)
