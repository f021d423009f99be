"""The workspace assets online deployments use: every one is declared, created or checked before use."""

from __future__ import annotations

from amlgen.analysis.assets import declared, image_problem, path_problem, workspace_assets
from amlgen.rules import Context, check

ASSETS = ("assets",)


@check(emits=("AML518",), reads=("endpoints", "assets"))
def check_declared(ctx: Context) -> None:
    """A deployment's workspace asset that nothing creates is an ARM 404 on the first apply."""
    for e_index, endpoint in enumerate(ctx.intent.endpoints):
        for d_index, deployment in enumerate(endpoint.deployments):
            for use in workspace_assets(deployment):
                if declared(ctx.intent, use.kind, use.name, use.version) is None:
                    ctx.report("AML518", f"deployment '{endpoint.name}/{deployment.name}' uses {use.kind} "
                               f"{use.name}:{use.version}, which nothing creates or checks",
                               ("endpoints", e_index, "deployments", d_index, *use.field))


@check(emits=("AML519", "AML520", "AML521", "AML522"), reads=("assets", "cloud"))
def check_assets(ctx: Context) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for index, asset in enumerate(ctx.intent.assets):
        path = (*ASSETS, index)
        identity = (asset.kind, asset.name, asset.version)
        if identity in seen:
            ctx.report("AML521", f"{asset.kind} {asset.name}:{asset.version} is declared twice", (*path, "name"))
        seen.setdefault(identity, index)
        sources = [key for key, given in (("path", asset.path), ("image", asset.image)) if given is not None]
        sources += ["existing"] if asset.existing else []
        expected = "image" if asset.kind == "environment" else "path"
        if len(sources) != 1:
            ctx.report("AML519", f"{asset.kind} {asset.name}:{asset.version} must set one of {expected} or "
                       f"existing: true (it sets {', '.join(sources) or 'neither'})", (*path, "kind"))
        elif sources[0] not in (expected, "existing"):
            ctx.report("AML519", f"a {asset.kind} is created from its {expected}, not from {sources[0]}",
                       (*path, sources[0]), key=True)
        if asset.model_type is not None and asset.kind != "model":
            ctx.report("AML519", f"model_type applies to models, not to a {asset.kind}", (*path, "model_type"),
                       key=True)
        problem = (path_problem(asset.path, ctx.intent.cloud) if asset.path is not None and asset.kind != "environment"
                   else image_problem(asset.image) if asset.image is not None and asset.kind == "environment"
                   else None)
        if problem is not None:
            ctx.report("AML522", problem, (*path, "path" if asset.path is not None else "image"))
        if asset.existing:
            # amlgen creates the workspace, so the asset can only be registered once a first apply made it.
            ctx.report("AML520", f"{asset.kind} {asset.name}:{asset.version} is expected to exist in the workspace "
                       "this deployment creates", (*path, "existing"))
