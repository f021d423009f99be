"""Security-scanner (checkov) checks that do not apply to a planned resource, and why.

Each exception is a plan decision: the templates render it inside the resource as a
`checkov:skip=ID:reason` comment, so a reviewer sees the reason next to the code it excuses. Check IDs
differ between checkov's Terraform and ARM/Bicep frameworks, so each exception names its targets.
"""

from __future__ import annotations

from amlgen.plan.model import Associated, ScanException, VirtualNetwork, Workspace
from amlgen.plan.network_model import CustomerNetwork

BOTH = ("terraform", "bicep")
TERRAFORM = ("terraform",)
BICEP = ("bicep",)



def _storage(associated: Associated) -> list[ScanException]:
    storage = associated.storage_account
    if storage is None:
        return []
    found = []
    if storage.sku_replication in ("LRS", "ZRS"):
        found.append(ScanException("storage_account", "CKV_AZURE_206", (
            f"the intent chose Standard_{storage.sku_replication}: geo-replication is an availability choice, "
            "not isolation"), BOTH))
    found.append(ScanException("storage_account", "CKV_AZURE_43", (
        "the name is a parameter checkov cannot always resolve; amlgen derives it within the naming rules"), BICEP))
    if not storage.public_network_access:
        found.append(ScanException("storage_account", "CKV_AZURE_33", (
            "the workspace uses blob and file, not queues; queue logging is set through the data plane, which "
            "is closed here"), TERRAFORM))
    found += [
        ScanException("storage_account", "CKV2_AZURE_1", (
            "Microsoft-managed keys encrypt the account; the intent asks for no customer-managed key"), TERRAFORM),
        ScanException("storage_account", "CKV2_AZURE_38", (
            "blob soft delete is a data-retention policy of the data owner, outside the network isolation "
            "amlgen renders"), TERRAFORM),
        ScanException("storage_account", "CKV2_AZURE_40", (
            "the workspace's system datastores authenticate with the account key (systemDatastoresAuthMode "
            "accessKey)"), TERRAFORM),
        ScanException("storage_account", "CKV2_AZURE_41", (
            "the account key stays enabled for the workspace's datastores; SAS expiry is the data owner's "
            "policy"), TERRAFORM),
    ]
    return found


def _registry(associated: Associated) -> list[ScanException]:
    registry = associated.container_registry
    if registry is None or registry.sku != "Premium":
        return []
    found = [
        ScanException("container_registry", "CKV_AZURE_164", (
            "Azure Machine Learning pushes the environment images it builds unsigned; content trust would "
            "reject them"), TERRAFORM),
        ScanException("container_registry", "CKV_AZURE_165", (
            "a single-region deployment: geo-replication is an availability choice, not isolation"), TERRAFORM),
        ScanException("container_registry", "CKV_AZURE_166", (
            "quarantine holds pushed images until a scanner releases them; with none configured, the "
            "workspace's image builds would never become usable"), BOTH),
        ScanException("container_registry", "CKV_AZURE_167", (
            "untagged manifests are kept: purging them is a cost choice, not isolation"), TERRAFORM),
        ScanException("container_registry", "CKV_AZURE_233", (
            "zone redundancy is an availability choice, and not offered in every region"), TERRAFORM),
    ]
    if not registry.public_network_access:
        found.append(ScanException("container_registry", "CKV_AZURE_237", (
            "dedicated data endpoints narrow public firewall rules; this registry is reached only through its "
            "private endpoint"), TERRAFORM))
    return found


def _workspace(workspace: Workspace) -> list[ScanException]:
    if workspace.public_network_access:
        return []
    return [ScanException("workspace", "CKV_AZURE_243", (
        "clients reach the workspace through its private endpoint; the check looks only for inline "
        "private-endpoint outbound rules, which amlgen writes as outboundRules child resources"), BICEP)]


_PRIVATE_ENDPOINT_SUBNET = ("the subnet holds only private endpoints, and NSG rules do not apply to private "
                            "endpoints while their network policies are off (the default)")


def _subnets(network: VirtualNetwork | None) -> list[ScanException]:
    if network is None:
        return []
    return [ScanException(f"subnet_{subnet.key}", "CKV2_AZURE_31", _PRIVATE_ENDPOINT_SUBNET, TERRAFORM)
            for subnet in network.subnets if subnet.key == "private_endpoints"]


def _customer_network(network: CustomerNetwork | None) -> list[ScanException]:
    if network is None:
        return []
    found = []
    for _vnet, subnet in network.subnets:
        reason = None
        if subnet.nsg or subnet.key == "firewall":
            continue
        if subnet.delegation is not None:
            reason = (f"the subnet is delegated to {subnet.delegation}, whose endpoint answers only DNS queries "
                      "from the peered networks")
        elif subnet.route_table:
            reason = ("compute here has no public IP and its default route sends all egress through the hub "
                      "firewall, which filters it (seed 003's firewall architecture)")
        elif subnet.key.startswith("private_endpoints") or "private endpoint" in subnet.purpose.lower():
            reason = _PRIVATE_ENDPOINT_SUBNET
        if reason:
            found.append(ScanException(f"subnet_{subnet.key}", "CKV2_AZURE_31", reason, TERRAFORM))
    firewall = network.firewall
    if firewall is not None:
        found.append(ScanException("firewall", "CKV_AZURE_216", (
            f"the attached firewall policy sets threat intelligence to {firewall.threat_intel_mode}; a firewall "
            "managed by a policy takes its threat intelligence mode from the policy"), BOTH))
        if firewall.idps_mode is None:
            found.append(ScanException("firewall_policy", "CKV_AZURE_220", (
                f"intrusion detection and prevention is a Premium feature; this policy is {firewall.sku_tier} "
                "(network.hub.firewall_sku)"), TERRAFORM))
    return found


def scan_exceptions(associated: Associated, workspace: Workspace, network: VirtualNetwork | None,
                    customer_network: CustomerNetwork | None = None) -> tuple[ScanException, ...]:
    return tuple(_storage(associated) + _registry(associated) + _workspace(workspace) + _subnets(network)
                 + _customer_network(customer_network))
