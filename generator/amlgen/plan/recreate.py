"""What destroying a deployment and deploying it again implies: names Azure keeps or frees, soft deletes."""

from __future__ import annotations

from amlgen.analysis.decisions import creates, name_of, name_suffix
from amlgen.intent.model import Intent


def notes(intent: Intent) -> tuple[str, ...]:
    """What destroying this deployment and deploying it again implies, for the module README."""
    notes = []
    suffix = name_suffix(intent)
    if creates(intent, "key_vault"):
        vault = name_of(intent, "key_vault")
        notes.append(f"The key vault {vault} has purge protection: once destroyed it stays soft-deleted for 90 days, "
                     "and no vault can take its name until then. Recover it (az keyvault recover --name "
                     f"{vault}) before deploying again under the same name, or deploy under another name.")
    globally = [name_of(intent, key) for key in ("storage_account", "container_registry") if creates(intent, key)]
    if globally:
        notes.append(f"{' and '.join(globally)} are unique across Azure: once destroyed, anyone may take them.")
    if suffix is not None:
        inputs = f"{intent.subscription_id}, {intent.resource_group}, {intent.name}"
        notes.append(f"The global names end in {suffix}, uniqueString({inputs}) (naming.unique_suffix): "
                     "deploying again to that resource group gives the same names, deploying elsewhere gives "
                     "others. Terraform deployments keep them too, since amlgen computes them.")
    if intent.workspace.identity == "user_assigned":
        notes.append("The workspace uses only a user-assigned identity, so Azure deletes it at once (no soft delete): "
                     "its models, environments and run history go with it.")
    else:
        notes.append("The workspace is soft-deleted for 14 days, and its name cannot be reused until then: recover "
                     "it, or delete it permanently (az ml workspace delete --permanently-delete) before deploying "
                     "again under the same name (Workspace soft deletion).")
    if creates(intent, "application_insights"):
        notes.append(f"The Log Analytics workspace {name_of(intent, 'log_analytics_workspace')} keeps its name for 14 "
                     "days: deploying it again to the same resource group recovers it with its data.")
    return tuple(notes)
