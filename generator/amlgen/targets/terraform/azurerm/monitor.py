"""Microsoft.OperationalInsights and Microsoft.Insights: the workspace's telemetry."""

from __future__ import annotations

from amlgen.targets.terraform.mapping import Arg, AzurermType, standard

MAPPINGS = (
    AzurermType(
        "Microsoft.OperationalInsights/workspaces", "azurerm_log_analytics_workspace",
        standard(Arg("sku", "properties.sku.name"), Arg("retention_in_days", "properties.retentionInDays"),
                 Arg("tags", "tags")),
    ),
    AzurermType(
        "Microsoft.Insights/components", "azurerm_application_insights",
        standard(Arg("application_type", "properties.Application_Type"),
                 Arg("workspace_id", "properties.WorkspaceResourceId"), Arg("tags", "tags")),
        implied={"kind": "web"},  # azurerm sets the component's kind from its application type
    ),
)
