"""Every API and provider version amlgen emits, declared once.

Changing a value here changes generated output, so it needs a changelog entry and a golden update.
"""

# The Machine Learning API version the Bicep target and the azapi bodies use. It is the version whose
# REST models the schema tests validate against (azure-ai-ml vendors them as arm_ml_service).
MACHINE_LEARNING_API = "2025-12-01"

# Other resource providers, each pinned to a GA version. tests/test_provider_schema.py validates what
# amlgen emits against the REST models of Azure's Python SDKs (scripts/build_arm_schema.py), and each
# SDK carries one API version: private DNS (2024-06-01) and Application Insights (2020-02-02) match
# the pins; network (2026-03-01), storage (2026-09-01), key vault (2026-05-15), container registry
# (2025-11-01), Log Analytics (2025-07-01) and managed identities (2024-11-30) are newer; role assignments
# (2022-04-01) match. A newer API version of these providers keeps
# every property of the older ones, so a misspelled or unknown property is still caught; what the test
# cannot catch is a property added after the pinned version: check a new property against the pinned
# version's ARM reference, or move the pin (a change to every golden, so a deliberate one).
ARM_API_VERSIONS: dict[str, str] = {
    "Microsoft.MachineLearningServices": MACHINE_LEARNING_API,
    "Microsoft.Network/virtualNetworks": "2024-05-01",
    "Microsoft.Network/privateEndpoints": "2024-05-01",
    "Microsoft.Network/privateDnsZones": "2024-06-01",
    "Microsoft.Network/publicIPAddresses": "2024-05-01",
    "Microsoft.Network/azureFirewalls": "2024-05-01",
    "Microsoft.Network/firewallPolicies": "2024-05-01",
    "Microsoft.Network/routeTables": "2024-05-01",
    "Microsoft.Network/networkSecurityGroups": "2024-05-01",
    "Microsoft.Network/natGateways": "2024-05-01",
    "Microsoft.Network/serviceEndpointPolicies": "2024-05-01",
    "Microsoft.Network/dnsResolvers": "2022-07-01",
    "Microsoft.Storage/storageAccounts": "2023-05-01",
    "Microsoft.KeyVault/vaults": "2023-07-01",
    "Microsoft.ContainerRegistry/registries": "2023-07-01",
    "Microsoft.Insights/components": "2020-02-02",
    "Microsoft.OperationalInsights/workspaces": "2023-09-01",
    "Microsoft.Authorization/policyAssignments": "2024-04-01",
    "Microsoft.Authorization/roleAssignments": "2022-04-01",
    "Microsoft.ManagedIdentity/userAssignedIdentities": "2023-01-31",
}

TERRAFORM_REQUIRED_VERSION = ">= 1.9"
# azurerm's constraint is derived per module from what it uses (amlgen.targets.terraform.provider_floor):
# '>= <newest release an emitted argument needs>, < 5.0.0'.
AZAPI_VERSION = "~> 2.0"


def arm_type_version(arm_type: str) -> str:
    """The pinned API version for an ARM resource type (child types use their provider's entry)."""
    for prefix in sorted(ARM_API_VERSIONS, key=len, reverse=True):
        if arm_type == prefix or arm_type.startswith(prefix + "/"):
            return ARM_API_VERSIONS[prefix]
    raise KeyError(f"no pinned API version for {arm_type}")
