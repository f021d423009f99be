"""Microsoft.Authorization and Microsoft.ManagedIdentity: role assignments and user-assigned identities."""

from __future__ import annotations

from amlgen.targets.terraform.mapping import Arg, AzurermType, ScopeArg, standard

MAPPINGS = (
    AzurermType(
        "Microsoft.Authorization/roleAssignments", "azurerm_role_assignment",
        (Arg("name", "name"), ScopeArg("scope"), Arg("role_definition_id", "properties.roleDefinitionId"),
         Arg("principal_id", "properties.principalId"), Arg("principal_type", "properties.principalType")),
    ),
    AzurermType(
        "Microsoft.ManagedIdentity/userAssignedIdentities", "azurerm_user_assigned_identity",
        standard(Arg("tags", "tags")),
        attributes={"properties.principalId": "principal_id", "properties.clientId": "client_id"},
    ),
)
