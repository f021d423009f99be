"""Decisions about managed online endpoints that the rules and the plan share: what is legacy mode, what
ARM can express, and where an asset lives."""

from __future__ import annotations

import re

from amlgen.intent.endpoints import OnlineDeployment
from amlgen.intent.model import Intent
from amlgen.records import dataclass

AUTH_MODES = {"key": "Key", "aml_token": "AMLToken", "aad_token": "AADToken"}
ACCESS = {"enabled": "Enabled", "disabled": "Disabled"}
ENDPOINT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json"
DEPLOYMENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json"

_NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,254}"
_WORKSPACE_ASSET = re.compile(rf"azureml:({_NAME}):([A-Za-z0-9_.-]+)")
_REGISTRY_ASSET = re.compile(rf"azureml://registries/({_NAME})/(models|environments|codes)/({_NAME})/versions/"
                             r"([A-Za-z0-9_.-]+)")


@dataclass(frozen=True)
class Asset:
    registry: str | None  # None: an asset of this workspace
    kind: str  # models | environments | codes
    name: str
    version: str


def parse_asset(value: str, kind: str) -> Asset | None:
    """A workspace asset ('azureml:<name>:<version>') or a registry asset ID, or None if malformed."""
    match = _WORKSPACE_ASSET.fullmatch(value)
    if match:
        return Asset(None, kind, match.group(1), match.group(2))
    match = _REGISTRY_ASSET.fullmatch(value)
    if match and match.group(2) == kind:
        return Asset(match.group(1), kind, match.group(3), match.group(4))
    return None


def legacy_mode(intent: Intent) -> bool:
    """Per-deployment egress isolation applies only when the workspace has no managed network."""
    return intent.workspace.managed_network.isolation_mode == "disabled"


def egress_disabled(intent: Intent, deployment: OnlineDeployment) -> bool:
    return legacy_mode(intent) and deployment.egress_public_network_access == "disabled"


def public_outbound(intent: Intent, deployment: OnlineDeployment) -> bool:
    """Legacy mode with the flag enabled or unset (the service's default is enabled)."""
    return legacy_mode(intent) and deployment.egress_public_network_access != "disabled"


def pulls_from_mcr(deployment: OnlineDeployment) -> str | None:
    """Why the deployment's image comes from mcr.microsoft.com, or None."""
    if deployment.image is not None:
        host = deployment.image.split("/", 1)[0].lower()
        return f"image {deployment.image} is on mcr.microsoft.com" if host == "mcr.microsoft.com" else None
    if deployment.environment is None:
        return "no environment or image is given (MLflow no-code deployment), so a curated MCR image is used"
    asset = parse_asset(deployment.environment, "environments")
    if asset is not None and (asset.registry == "azureml" or asset.name.startswith("AzureML-")):
        return f"environment {deployment.environment} is a curated environment built on MCR images"
    return None


def arm_blocker(deployment: OnlineDeployment) -> str | None:
    """Why ARM (Bicep, Terraform) cannot create this deployment, or None when it can."""
    if deployment.code is not None and deployment.code.path is not None:
        return f"its code is the local folder {deployment.code.path}, which only the CLI uploads"
    if deployment.image is not None:
        return "its image needs an environment that only the CLI registers"
    return None
