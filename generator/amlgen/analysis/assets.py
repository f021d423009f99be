"""Which workspace assets the online deployments use, and where each is declared: decisions the asset rules
and the plan share."""

from __future__ import annotations

import re
from collections.abc import Iterator

from amlgen.analysis.endpoints import arm_blocker, parse_asset
from amlgen.azure.tables import STORAGE_SUFFIX
from amlgen.intent.assets import Asset
from amlgen.intent.endpoints import OnlineDeployment
from amlgen.intent.model import Intent
from amlgen.records import dataclass

# The ARM collection of each asset kind: workspaces/<collection>/<name>/versions/<version>.
COLLECTIONS = {"model": "models", "code": "codes", "environment": "environments"}

# azureml://datastores/<datastore>/paths/<path>, or an https URL of a blob container folder.
_DATASTORE_PATH = re.compile(r"azureml://datastores/[A-Za-z0-9_]+/paths/\S+")
_BLOB_URL = re.compile(r"https://[a-z0-9]{3,24}\.blob\.(?P<suffix>[a-z.]+)/[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])(?:/\S*)?")
# <registry host>/<repository>[:<tag>|@sha256:<digest>], as docker names an image.
_IMAGE = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*(?::\d+)?/[a-z0-9]+(?:[._/-][a-z0-9]+)*"
                    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?")


@dataclass(frozen=True)
class AssetUse:
    """A deployment's reference to an asset of this workspace."""

    kind: str  # model | code | environment
    name: str
    version: str
    field: tuple[str | int, ...]  # where the deployment names it, below the deployment


def workspace_assets(deployment: OnlineDeployment) -> Iterator[AssetUse]:
    """The assets of this workspace a deployment the template creates uses (registry assets are not here:
    their registry holds them, and a deployment names them by their full ID)."""
    if arm_blocker(deployment) is not None:
        return
    refs: list[tuple[str, str | None, tuple[str | int, ...]]] = [("model", deployment.model, ("model",))]
    if deployment.code is not None:
        refs.append(("code", deployment.code.asset, ("code", "asset")))
    refs.append(("environment", deployment.environment, ("environment",)))
    for kind, value, field in refs:
        parsed = parse_asset(value, COLLECTIONS[kind]) if value is not None else None
        if parsed is not None and parsed.registry is None:
            yield AssetUse(kind, parsed.name, parsed.version, field)


def declared(intent: Intent, kind: str, name: str, version: str) -> Asset | None:
    for asset in intent.assets:
        if (asset.kind, asset.name, asset.version) == (kind, name, version):
            return asset
    return None


def path_problem(path: str, cloud: str) -> str | None:
    if _DATASTORE_PATH.fullmatch(path):
        return None
    url = _BLOB_URL.fullmatch(path)
    suffix = STORAGE_SUFFIX[cloud]
    if url is not None and url["suffix"] == suffix:
        return None
    if url is not None:
        return f"'{path}' is a blob URL of another cloud: {cloud} storage hosts end in blob.{suffix}"
    return (f"'{path}' is not a storage path: use azureml://datastores/<datastore>/paths/<path> or "
            f"https://<account>.blob.{suffix}/<container>/<folder>")


def image_problem(image: str) -> str | None:
    if _IMAGE.fullmatch(image):
        return None
    return f"'{image}' is not a container image reference: use <registry host>/<repository>:<tag>"
