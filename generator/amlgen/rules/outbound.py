"""Workspace managed virtual network and its outbound rules (Network isolation with managed online endpoints; Plan for
network isolation)."""

from __future__ import annotations

from amlgen.azure.names import name_problem
from amlgen.kinds.outbound import KINDS, kind_of
from amlgen.rules import Context, check

MN = ("workspace", "managed_network")
RULES_PATH = (*MN, "outbound_rules")

@check(emits=("AML101",), reads=("workspace",))
def check_legacy_mode(ctx: Context) -> None:
    ws = ctx.intent.workspace
    if ws.v1_legacy_mode and ws.managed_network.isolation_mode != "disabled":
        ctx.report("AML101", "v1_legacy_mode is true while the workspace has a managed virtual network",
                   ("workspace", "v1_legacy_mode"))


@check(emits=("AML102", "AML103"), reads=("workspace",))
def check_rule_modes(ctx: Context) -> None:
    network = ctx.intent.workspace.managed_network
    for index, rule in enumerate(network.outbound_rules):
        path = (*RULES_PATH, index, "type")
        if network.isolation_mode == "disabled":
            ctx.report("AML103", f"outbound rule '{rule.name}' is declared but isolation_mode is disabled", path)
        elif network.isolation_mode == "allow_internet_outbound" and kind_of(rule).approved_only:
            ctx.report("AML102", f"{kind_of(rule).key} rule '{rule.name}' is rejected under allow_internet_outbound",
                       path)


@check(emits=("AML104", "AML601"), reads=("workspace",))
def check_rule_names(ctx: Context) -> None:
    seen: dict[str, int] = {}
    for index, rule in enumerate(ctx.intent.workspace.managed_network.outbound_rules):
        path = (*RULES_PATH, index, "name")
        problem = name_problem("outbound_rule", rule.name)
        if problem:
            ctx.report("AML601", problem, path)
        folded = rule.name.lower()
        if folded in seen:
            ctx.report("AML104", f"rule name '{rule.name}' is already used by rule {seen[folded] + 1}", path)
        else:
            seen[folded] = index


# Each kind of rule checks its own values (amlgen.kinds.outbound); this reports what they find.
@check(emits=tuple(sorted({rule_id for kind in KINDS for rule_id in kind.emits})), reads=("workspace",))
def check_rule_values(ctx: Context) -> None:
    for index, rule in enumerate(ctx.intent.workspace.managed_network.outbound_rules):
        for problem in kind_of(rule).checks(rule):
            ctx.report(problem.rule_id, problem.message, (*RULES_PATH, index, *problem.path), fix=problem.fix)


@check(emits=("AML109",), reads=("workspace",))
def note_firewall(ctx: Context) -> None:
    network = ctx.intent.workspace.managed_network
    fqdn = [i for i, rule in enumerate(network.outbound_rules) if kind_of(rule).through_firewall]
    if fqdn and network.isolation_mode == "allow_only_approved_outbound":
        ctx.report("AML109", f"{len(fqdn)} FQDN rule(s) make Azure provision a managed Azure Firewall "
                   f"({network.firewall_sku} SKU)", (*RULES_PATH, fqdn[0], "type"))


@check(emits=("AML111",), reads=("workspace",))
def note_irreversible(ctx: Context) -> None:
    if ctx.intent.workspace.managed_network.isolation_mode != "disabled":
        ctx.report("AML111", "once this workspace's managed virtual network is enabled it cannot be disabled",
                   (*MN, "isolation_mode"))

