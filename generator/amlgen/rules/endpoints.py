"""Managed online endpoints and the legacy per-deployment egress mode (Network isolation with managed online endpoints;
Secure managed online endpoints by using network isolation)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from amlgen.analysis.decisions import has_workspace_private_endpoint, spec_of
from amlgen.analysis.endpoints import (
    arm_blocker,
    egress_disabled,
    legacy_mode,
    parse_asset,
    public_outbound,
    pulls_from_mcr,
)
from amlgen.azure.ids import is_type, parse_resource_id
from amlgen.intent.endpoints import OnlineDeployment, OnlineEndpoint
from amlgen.intent.loader import PathKey
from amlgen.rules import Context, check

EP = ("endpoints",)
RECREATE_BEFORE = datetime.date(2022, 5, 24)
# Endpoint and deployment names: 3 to 32 characters, a letter first, then letters, digits and hyphens.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{1,30}[A-Za-z0-9]")


def _deployments(ctx: Context) -> Iterator[tuple[OnlineEndpoint, OnlineDeployment, PathKey]]:
    for e_index, endpoint in enumerate(ctx.intent.endpoints):
        for d_index, deployment in enumerate(endpoint.deployments):
            yield endpoint, deployment, (*EP, e_index, "deployments", d_index)


def _egress_path(ctx: Context, path: PathKey) -> PathKey:
    flag = (*path, "egress_public_network_access")
    return flag if ctx.present(flag) else (*path, "name")


@check(emits=("AML101",), reads=("endpoints", "workspace"))
def check_legacy_workspace(ctx: Context) -> None:
    ws = ctx.intent.workspace
    # With a managed network, rules/outbound.py already reports AML101 on this line.
    if ctx.intent.endpoints and ws.v1_legacy_mode and ws.managed_network.isolation_mode == "disabled":
        ctx.report("AML101", "v1_legacy_mode is true, so managed online endpoints cannot be created",
                   ("workspace", "v1_legacy_mode"))


@check(emits=("AML514", "AML601"), reads=("endpoints",))
def check_names(ctx: Context) -> None:
    endpoints: set[str] = set()
    for e_index, endpoint in enumerate(ctx.intent.endpoints):
        path = (*EP, e_index, "name")
        if not _NAME.fullmatch(endpoint.name):
            ctx.report("AML601", f"endpoint name '{endpoint.name}' must be 3-32 letters, digits or hyphens, "
                       "starting with a letter", path)
        if endpoint.name.lower() in endpoints:
            ctx.report("AML514", f"endpoint name '{endpoint.name}' is used twice", path)
        endpoints.add(endpoint.name.lower())
        deployments: set[str] = set()
        for d_index, deployment in enumerate(endpoint.deployments):
            d_path = (*EP, e_index, "deployments", d_index, "name")
            if not _NAME.fullmatch(deployment.name):
                ctx.report("AML601", f"deployment name '{deployment.name}' must be 3-32 letters, digits or "
                           "hyphens, starting with a letter", d_path)
            if deployment.name.lower() in deployments:
                ctx.report("AML514", f"deployment name '{deployment.name}' is used twice in '{endpoint.name}'",
                           d_path)
            deployments.add(deployment.name.lower())


@check(emits=("AML511", "AML512", "AML513", "AML515"), reads=("endpoints",))
def check_shape(ctx: Context) -> None:
    for e_index, endpoint in enumerate(ctx.intent.endpoints):
        shares = [d.traffic for d in endpoint.deployments if d.traffic is not None]
        if shares and sum(shares) != 100:
            ctx.report("AML513", f"traffic of '{endpoint.name}' adds up to {sum(shares)}", (*EP, e_index, "name"))
    for _, deployment, path in _deployments(ctx):
        if deployment.environment is not None and deployment.image is not None:
            ctx.report("AML511", f"deployment '{deployment.name}' sets both environment and image", (*path, "image"),
                       key=True)
        code = deployment.code
        if code is not None and (code.path is None) == (code.asset is None):
            ctx.report("AML512", f"code of '{deployment.name}' must set one of path or asset", (*path, "code"),
                       key=True)
        elif code is not None and code.asset is not None and code.scoring_script is None:
            ctx.report("AML512", f"code of '{deployment.name}' is an asset without scoring_script", (*path, "code"),
                       key=True)
        refs = [("model", deployment.model, "models"), ("environment", deployment.environment, "environments")]
        if code is not None:
            refs.append(("asset", code.asset, "codes"))
        for field, value, kind in refs:
            if value is not None and parse_asset(value, kind) is None:
                where = (*path, "code", "asset") if field == "asset" else (*path, field)
                ctx.report("AML515", f"'{value}' is not a reference to {kind}", where)


@check(emits=("AML501", "AML502", "AML503"), reads=("endpoints", "workspace"))
def check_egress_mode(ctx: Context) -> None:
    intent = ctx.intent
    mode = intent.workspace.managed_network.isolation_mode
    for endpoint, deployment, path in _deployments(ctx):
        flag_path = (*path, "egress_public_network_access")
        if deployment.egress_public_network_access is not None and not legacy_mode(intent):
            ctx.report("AML501", f"the workspace's managed network ({mode}) secures outbound; the service rejects "
                       "this flag", flag_path)
        if deployment.egress_public_network_access is not None and legacy_mode(intent):
            ctx.report("AML502", f"egress_public_network_access of '{endpoint.name}/{deployment.name}' is fixed at "
                       "creation", flag_path)
        if public_outbound(intent, deployment) and intent.workspace.public_network_access == "disabled":
            ctx.report("AML503", f"'{deployment.name}' uses public outbound (egress_public_network_access "
                       f"{deployment.egress_public_network_access or 'unset, so enabled'}) but the workspace denies "
                       "public access", _egress_path(ctx, path))


@check(emits=("AML504", "AML505", "AML506", "AML507", "AML509", "AML510"),
       reads=("endpoints", "workspace", "resources", "inbound", "network"))
def check_egress_disabled(ctx: Context) -> None:
    intent = ctx.intent
    isolated = [(d, p) for _, d, p in _deployments(ctx) if egress_disabled(intent, d)]
    if not isolated:
        return
    first = (*isolated[0][1], "egress_public_network_access")
    registry = spec_of(intent, "container_registry")
    if getattr(registry, "sku", None) not in (None, "Premium"):
        ctx.report("AML504", f"container registry sku is {getattr(registry, 'sku', None)}",
                   ("resources", "container_registry", "sku"))
    groups = {}
    for kind in ("storage_account", "container_registry"):
        parsed = parse_resource_id(getattr(intent.resources, kind).existing_id or "")
        if parsed is not None:
            groups[kind] = parsed.resource_group
    for kind, group in groups.items():
        others = {g.lower() for g in groups.values()}
        reason = ("the registry and storage account are in different resource groups" if len(others) > 1
                  else f"the workspace must be deployed into resource group '{group}'")
        ctx.report("AML505", f"{kind} is in resource group '{group}': {reason} (Secure managed online endpoints "
                   "by using network isolation)",
                   ("resources", kind, "existing_id"))
    ctx.report("AML506", "Log Analytics gets metrics and AMLOnlineEndpointTrafficLog only; console and event logs "
               "need get-logs (the current article supersedes its 2022 version)", first)
    if not has_workspace_private_endpoint(intent) and intent.inbound.existing_private_endpoint is None:
        ctx.report("AML510", "no workspace private endpoint is declared", first)
    for deployment, path in isolated:
        from_mcr = pulls_from_mcr(deployment)
        if from_mcr is not None:
            where = (*path, "image") if deployment.image else (*path, "environment") if deployment.environment \
                else (*path, "name")
            ctx.report("AML507", f"'{deployment.name}': {from_mcr}", where)
        model = parse_asset(deployment.model, "models")
        if model is not None and model.registry is not None:
            ctx.report("AML509", f"model {deployment.model} lives in registry '{model.registry}', not on the "
                       "workspace's storage account", (*path, "model"))
        code_asset = deployment.code.asset if deployment.code is not None else None
        asset = parse_asset(code_asset, "codes") if code_asset is not None else None
        if asset is not None and asset.registry is not None:
            ctx.report("AML509", f"code {code_asset} lives in registry '{asset.registry}'", (*path, "code", "asset"))


@check(emits=("AML203", "AML508", "AML516"), reads=("inbound", "endpoints", "network"))
def check_inbound(ctx: Context) -> None:
    intent = ctx.intent
    existing = intent.inbound.existing_private_endpoint
    if existing is not None:
        parsed = parse_resource_id(existing.resource_id)
        path = ("inbound", "existing_private_endpoint")
        if parsed is None or not is_type(parsed, "Microsoft.Network/privateEndpoints"):
            ctx.report("AML203", "resource_id must be the ID of a Microsoft.Network/privateEndpoints resource",
                       (*path, "resource_id"))
        if intent.endpoints and existing.created < RECREATE_BEFORE:
            ctx.report("AML508", f"the workspace private endpoint was created on {existing.created.isoformat()}",
                       (*path, "created"))
    reachable = has_workspace_private_endpoint(intent) or existing is not None
    for index, endpoint in enumerate(intent.endpoints):
        if endpoint.public_network_access == "disabled" and not reachable:
            ctx.report("AML516", f"endpoint '{endpoint.name}' is private but the workspace has no private endpoint",
                       (*EP, index, "name"))


@check(emits=("AML517",), reads=("endpoints",))
def note_cli_only(ctx: Context) -> None:
    for _, deployment, path in _deployments(ctx):
        blocker = arm_blocker(deployment)
        if blocker is not None:
            ctx.report("AML517", f"'{deployment.name}' is created with az ml: {blocker}", (*path, "name"))

