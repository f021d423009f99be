"""Both targets are rendered from one plan, so they must describe the same Azure resources.

Each side is read back from its rendered text (not from the plan) and reduced to a multiset of ARM
resource types, with loops counted and nested sub-resources (subnets, DNS zone groups) made explicit.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.helpers import example_names, hcl_unquote, parse_bicep, parse_hcl, render_example

AZURERM_TO_ARM = {
    "azurerm_machine_learning_workspace": "Microsoft.MachineLearningServices/workspaces",
    "azurerm_machine_learning_workspace_network_outbound_rule_fqdn":
        "Microsoft.MachineLearningServices/workspaces/outboundRules",
    "azurerm_machine_learning_workspace_network_outbound_rule_service_tag":
        "Microsoft.MachineLearningServices/workspaces/outboundRules",
    "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint":
        "Microsoft.MachineLearningServices/workspaces/outboundRules",
    "azurerm_storage_account": "Microsoft.Storage/storageAccounts",
    "azurerm_key_vault": "Microsoft.KeyVault/vaults",
    "azurerm_container_registry": "Microsoft.ContainerRegistry/registries",
    "azurerm_application_insights": "Microsoft.Insights/components",
    "azurerm_log_analytics_workspace": "Microsoft.OperationalInsights/workspaces",
    "azurerm_virtual_network": "Microsoft.Network/virtualNetworks",
    "azurerm_subnet": "Microsoft.Network/virtualNetworks/subnets",
    "azurerm_private_dns_zone": "Microsoft.Network/privateDnsZones",
    "azurerm_private_dns_zone_virtual_network_link": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
    "azurerm_private_endpoint": "Microsoft.Network/privateEndpoints",
    "azurerm_virtual_network_peering": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
    "azurerm_public_ip": "Microsoft.Network/publicIPAddresses",
    "azurerm_firewall": "Microsoft.Network/azureFirewalls",
    "azurerm_firewall_policy": "Microsoft.Network/firewallPolicies",
    "azurerm_firewall_policy_rule_collection_group": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
    "azurerm_route_table": "Microsoft.Network/routeTables",
    "azurerm_network_security_group": "Microsoft.Network/networkSecurityGroups",
    "azurerm_nat_gateway": "Microsoft.Network/natGateways",
    "azurerm_subnet_service_endpoint_storage_policy": "Microsoft.Network/serviceEndpointPolicies",
    "azurerm_private_dns_resolver": "Microsoft.Network/dnsResolvers",
    "azurerm_private_dns_resolver_inbound_endpoint": "Microsoft.Network/dnsResolvers/inboundEndpoints",
}
# Resources that change properties of another resource rather than create one (in Bicep these are
# properties of the subnet or the NAT gateway).
PROPERTY_PATCHES = {"azapi_update_resource", "azurerm_subnet_route_table_association",
                    "azurerm_subnet_network_security_group_association", "azurerm_subnet_nat_gateway_association",
                    "azurerm_nat_gateway_public_ip_association"}
# Bicep modules that re-apply resources declared in another module (Bicep's way of a property patch):
# the traffic module sets traffic on endpoints once their deployments exist.
BICEP_PATCH_FILES = {"modules/online-endpoint-traffic.bicep"}


def terraform_resources(files: dict[str, str]) -> Counter:
    found: Counter = Counter()
    for path, text in files.items():
        if not path.endswith(".tf"):
            continue
        for block in parse_hcl(text).get("resource", []):
            for raw_type, instances in block.items():
                tf_type = hcl_unquote(raw_type)
                for body in instances.values():
                    if tf_type in PROPERTY_PATCHES:
                        continue
                    if tf_type == "azapi_resource":
                        found[hcl_unquote(body["type"]).split("@")[0]] += 1
                        continue
                    assert tf_type in AZURERM_TO_ARM, f"unmapped Terraform type {tf_type}"
                    found[AZURERM_TO_ARM[tf_type]] += 1
                    if tf_type == "azurerm_private_endpoint" and body.get("private_dns_zone_group"):
                        found["Microsoft.Network/privateEndpoints/privateDnsZoneGroups"] += 1
    return found


def _loop_length(parsed: dict, config: dict) -> int:
    loop = config.get("loop_type")
    if not loop:
        return 1
    array = loop["detail"]["array_name"]
    return len(parsed["variables"][array]["value"])


def bicep_resources(files: dict[str, str]) -> Counter:
    found: Counter = Counter()
    for path, text in files.items():
        if not path.endswith(".bicep") or path in BICEP_PATCH_FILES:
            continue
        parsed = parse_bicep(text)
        for resource in parsed.get("resources", {}).values():
            if resource["existing"]:
                continue
            config = resource["config"]
            found[resource["type"]] += _loop_length(parsed, config)
            if resource["type"] == "Microsoft.Network/virtualNetworks":
                found["Microsoft.Network/virtualNetworks/subnets"] += len(config["properties"].get("subnets", []))
    return found


@pytest.mark.parametrize("example", example_names())
def test_targets_describe_the_same_resources(example: str) -> None:
    terraform = terraform_resources(render_example(example, "terraform"))
    bicep = bicep_resources(render_example(example, "bicep"))
    assert terraform, "nothing found in the Terraform output"
    assert terraform == bicep
