"""The workspace assets the online deployments use: created here (a container and its version), or existing
ones the deployment reads first, so a missing asset stops it early and by name instead of failing a
deployment with an ARM 404."""

from __future__ import annotations

from amlgen.analysis.assets import COLLECTIONS, declared
from amlgen.analysis.decisions import identifier
from amlgen.analysis.endpoints import parse_asset
from amlgen.arm.model import Join, Ref, Resource, StorageSuffix, Value
from amlgen.azure.tables import STORAGE_SUFFIX
from amlgen.intent.assets import Asset
from amlgen.intent.model import Intent

MODULE = "assets"
WORKSPACE_TYPE = "Microsoft.MachineLearningServices/workspaces"
DEFAULT_MODEL_TYPE = "custom_model"


def cloud_host(url: str, cloud: str) -> Value:
    """A URL whose host is under the cloud's storage suffix keeps the suffix as an expression: Bicep reads it
    from environment(), the linter's no-hardcoded-env-urls rule."""
    suffix = STORAGE_SUFFIX[cloud]
    head, found, tail = url.partition(f".{suffix}/")
    if not found:
        return url
    return Join((f"{head}.", StorageSuffix(suffix), f"/{tail}"))


def _base(asset: Asset) -> str:
    return identifier(f"{asset.kind}_{asset.name}")


def version_key(asset: Asset) -> str:
    return f"{_base(asset)}_{identifier(asset.version).removeprefix('r_')}_version"


def _version_properties(asset: Asset, cloud: str) -> dict[str, Value]:
    properties: dict[str, Value] = {}
    if asset.description is not None:
        properties["description"] = asset.description
    if asset.kind == "model":
        assert asset.path is not None
        properties["modelUri"] = cloud_host(asset.path, cloud)
        properties["modelType"] = asset.model_type or DEFAULT_MODEL_TYPE
    elif asset.kind == "code":
        assert asset.path is not None
        properties["codeUri"] = cloud_host(asset.path, cloud)
    else:
        assert asset.image is not None
        properties["image"] = asset.image
        properties["osType"] = "Linux"
    return properties


def _lower(asset: Asset, cloud: str) -> tuple[Resource, Resource]:
    collection = COLLECTIONS[asset.kind]
    base = _base(asset)
    container = Resource(
        key=base, type=f"{WORKSPACE_TYPE}/{collection}", name=asset.name, module=MODULE, label=base,
        title=f"{asset.kind} {asset.name}", parent="workspace", existing=asset.existing,
        properties={} if asset.existing else {"description": f"The {asset.kind} {asset.name}, declared in the intent."})
    version = Resource(
        key=version_key(asset), type=f"{container.type}/versions", name=asset.version, module=MODULE,
        label=version_key(asset).removesuffix("_version"), title=f"{asset.kind} {asset.name} version {asset.version}",
        parent=container.key, existing=asset.existing,
        properties={} if asset.existing else _version_properties(asset, cloud),
        comments=((f"Registered outside this deployment: read before the deployments, so a missing {asset.kind} "
                   "stops the deployment here, by name (AML520).",) if asset.existing else
                  ("Asset versions are immutable: new content needs a new version.",)))
    return container, version


def asset_resources(intent: Intent) -> tuple[Resource, ...]:
    """Declared assets in the intent's order; one container per kind and name, however many versions."""
    resources: list[Resource] = []
    keys: set[str] = set()
    for asset in intent.assets:
        container, version = _lower(asset, intent.cloud)
        if version.key in keys:
            continue  # declared twice: the rules report it (AML521)
        if container.key not in keys:
            resources.append(container)
            keys.add(container.key)
        resources.append(version)
        keys.add(version.key)
    return tuple(resources)


def asset_id(intent: Intent, value: str, collection: str) -> Value:
    """A registry asset as its ID; a declared workspace asset as a reference to its version resource."""
    asset = parse_asset(value, collection)
    assert asset is not None, value  # validated by AML515
    if asset.registry is not None:
        return value
    kind = next(kind for kind, name in COLLECTIONS.items() if name == collection)
    found = declared(intent, kind, asset.name, asset.version)
    assert found is not None, value  # validated by AML518
    return Ref(version_key(found))
