"""Azure Policy built-in definitions amlgen names or assigns, with their IDs and the effects each one accepts.

Read from the definitions themselves (the Azure/azure-policy repository, built-in-policies/policyDefinitions)
and the Azure Machine Learning built-in policy reference; an assignment's effect must be one its definition
allows (AML702).
"""

from __future__ import annotations

from amlgen.azure.sources import MACHINE_LEARNING_POLICY, PRIVATE_DNS_AT_SCALE, Article
from amlgen.records import dataclass

DEFINITIONS = "/providers/Microsoft.Authorization/policyDefinitions/"


@dataclass(frozen=True)
class BuiltinPolicy:
    key: str  # the intent's name for it
    short: str  # in the assignment's name
    display_name: str
    name: str  # the definition's GUID
    effects: tuple[str, ...]  # the values its `effect` parameter allows
    enforces: str  # what it keeps true, for `amlgen explain`
    source: Article = MACHINE_LEARNING_POLICY

    @property
    def definition_id(self) -> str:
        return DEFINITIONS + self.name


# "Plan for network isolation", "Network policy enforcement": built-in policies keep self-service workspaces and
# compute isolated. Azure has no built-in for a compute's node public IP; local authentication is the nearest.
NETWORK_POLICIES: tuple[BuiltinPolicy, ...] = (
    BuiltinPolicy("workspace_public_network_access_disabled", "ws-public-off",
                  "Azure Machine Learning workspaces should disable public network access",
                  "438c38d2-3772-465a-a9cc-7a6666a275ce", ("Audit", "Deny", "Disabled"),
                  "workspaces have public network access disabled"),
    BuiltinPolicy("workspace_private_link", "ws-private-link",
                  "Azure Machine Learning workspaces should use private link",
                  "40cec1dd-a100-4920-b15b-3024fe8901ab", ("Audit", "Disabled"),
                  "workspaces have an approved private endpoint connection"),
    BuiltinPolicy("compute_in_virtual_network", "compute-vnet",
                  "Audit Azure Machine Learning Compute Cluster and Instance is behind virtual network",
                  "7804b5c7-01dc-4723-969b-ae300cc07ff1", ("Audit", "Disabled"),
                  "compute clusters and instances are created in a subnet"),
    BuiltinPolicy("compute_local_auth_disabled", "compute-local-auth-off",
                  "Machine Learning computes should have local authentication methods disabled",
                  "e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f", ("Audit", "Deny", "Disabled"),
                  "compute accepts Microsoft Entra identities only (no local SSH users or keys)"),
)


@dataclass(frozen=True)
class PrivateDnsPolicy:
    """The DeployIfNotExists built-in a landing zone assigns so private endpoints of a group get a DNS zone group in
    the central zones (dns.zones: policy)."""

    group: str  # private link group ID
    display_name: str
    name: str
    zone_parameters: tuple[str, ...]  # the definition's zone ID parameters, in the order of the group's zones
    source: Article = PRIVATE_DNS_AT_SCALE

    @property
    def definition_id(self) -> str:
        return DEFINITIONS + self.name


PRIVATE_DNS_POLICIES: tuple[PrivateDnsPolicy, ...] = (
    PrivateDnsPolicy("amlworkspace", "Configure Azure Machine Learning workspace to use private DNS zones",
                     "ee40564d-486e-4f68-a5ca-7a621edae0fb", ("privateDnsZoneId", "secondPrivateDnsZoneId")),
    PrivateDnsPolicy("blob", "Configure a private DNS Zone ID for blob groupID", "75973700-529f-4de2-b794-fb9b6781b6b0",
                     ("privateDnsZoneId",)),
    PrivateDnsPolicy("file", "Configure a private DNS Zone ID for file groupID", "6df98d03-368a-4438-8730-a93c4d7693d6",
                     ("privateDnsZoneId",)),
    PrivateDnsPolicy("vault", "Configure Azure Key Vaults to use private DNS zones",
                     "ac673a9a-f77d-4846-b2d8-a57f8e1c01d4", ("privateDnsZoneId",)),
    PrivateDnsPolicy("registry", "Configure Container registries to use private DNS zones",
                     "e9585a95-5b8c-4d03-b193-dc7eb5ac4c32", ("privateDnsZoneId",)),
)
# The role those definitions deploy zone groups with (their roleDefinitionIds): Network Contributor.
NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7"
PRIVATE_DNS_ZONES = "private_dns_zones"  # the intent's name for the private DNS zone built-ins above
DEPLOY_IF_NOT_EXISTS = "DeployIfNotExists"


def private_dns_policy(group: str) -> PrivateDnsPolicy | None:
    return next((policy for policy in PRIVATE_DNS_POLICIES if policy.group == group), None)


def network_policy(key: str) -> BuiltinPolicy:
    return next(policy for policy in NETWORK_POLICIES if policy.key == key)
