"""Associated resources, whatever their kind: existing IDs, public access, and each kind's own checks (Network
isolation with managed online endpoints;
Secure managed online endpoints by using network isolation)."""

from __future__ import annotations

from amlgen.analysis.decisions import (
    ASSOCIATED,
    NETWORKED,
    effective_access,
    has_workspace_private_endpoint,
    kind_facts,
)
from amlgen.azure.ids import is_type, parse_resource_id
from amlgen.intent.loader import PathKey
from amlgen.kinds.associated import KINDS
from amlgen.rules import Context, check


@check(emits=("AML202", "AML203", "AML205"), reads=("resources", "subscription_id"))
def check_existing_ids(ctx: Context) -> None:
    subscriptions: dict[str, PathKey] = {}
    for kind, arm_type in ASSOCIATED.items():
        spec = getattr(ctx.intent.resources, kind)
        path = ("resources", kind)
        if spec.existing_id is None:
            continue
        for setting in ("name", "sku"):
            if getattr(spec, setting, None) is not None:
                ctx.report("AML205", f"{kind} has existing_id and also '{setting}'", (*path, setting), key=True)
        parsed = parse_resource_id(spec.existing_id)
        if parsed is None:
            ctx.report("AML203", f"'{spec.existing_id}' is not an ARM resource ID", (*path, "existing_id"))
            continue
        if not is_type(parsed, arm_type):
            ctx.report("AML203", f"{kind}.existing_id is a {parsed.type}, expected {arm_type}", (*path, "existing_id"))
            continue
        subscriptions[parsed.subscription] = (*path, "existing_id")
    expected = (ctx.intent.subscription_id or "").lower()
    if expected:
        for subscription, where in subscriptions.items():
            if subscription != expected:
                ctx.report("AML202", f"{where[1]} is in subscription {subscription}, the workspace in {expected}",
                           where)
    elif len(subscriptions) > 1:
        for where in list(subscriptions.values())[1:]:
            ctx.report("AML202", f"{where[1]} is in a different subscription from the other existing resources",
                       where, fix="Set subscription_id and keep every associated resource in it.")


# Each kind checks what only it knows (amlgen.kinds.associated); this reports what they find.
@check(emits=tuple(sorted({rule_id for kind in KINDS for rule_id in kind.emits})),
       reads=("name", "cloud", "workspace", "resources", "inbound", "network"))
def check_kinds(ctx: Context) -> None:
    for kind in KINDS:
        spec = kind.spec_of(ctx.intent.resources)
        if spec.existing_id is not None:
            continue
        for problem in kind.checks(spec, kind_facts(ctx.intent, kind)):
            ctx.report(problem.rule_id, problem.message, ("resources", kind.key, *problem.path), fix=problem.fix)


@check(emits=("AML204",), reads=("workspace", "resources"))
def check_public_resources(ctx: Context) -> None:
    if ctx.intent.workspace.public_network_access == "enabled":
        return
    for kind in NETWORKED:
        spec = getattr(ctx.intent.resources, kind)
        if spec.existing_id is None and effective_access(ctx.intent, kind) == "enabled":
            ctx.report("AML204", f"{kind} allows public network access while the workspace does not",
                       ("resources", kind, "public_network_access"))


@check(emits=("AML206",), reads=("workspace", "inbound", "network"))
def check_reachable(ctx: Context) -> None:
    ws = ctx.intent.workspace
    if ws.public_network_access == "disabled" and not has_workspace_private_endpoint(ctx.intent):
        ctx.report("AML206", "public_network_access is disabled and no inbound private endpoint is declared",
                   ("workspace", "public_network_access"))

