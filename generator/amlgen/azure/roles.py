"""Azure built-in roles amlgen assigns, by name, with their role definition IDs (the same in every Azure
tenant and cloud). Source: Azure built-in roles
(https://learn.microsoft.com/azure/role-based-access-control/built-in-roles)."""

from __future__ import annotations

READER = "Reader"
CONTRIBUTOR = "Contributor"
STORAGE_BLOB_DATA_CONTRIBUTOR = "Storage Blob Data Contributor"
KEY_VAULT_ADMINISTRATOR = "Key Vault Administrator"
NETWORK_CONNECTION_APPROVER = "Azure AI Enterprise Network Connection Approver"

ROLE_IDS: dict[str, str] = {
    READER: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    CONTRIBUTOR: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    STORAGE_BLOB_DATA_CONTRIBUTOR: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    KEY_VAULT_ADMINISTRATOR: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    NETWORK_CONNECTION_APPROVER: "b556d68e-0be0-4f35-a333-ad7ee1ce17ea",
}
ROLE_DEFINITIONS = "Microsoft.Authorization/roleDefinitions"
