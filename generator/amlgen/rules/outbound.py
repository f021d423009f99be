"""Workspace managed virtual network and its outbound rules (Network isolation with managed online endpoints; Plan for
network isolation)."""

from __future__ import annotations

from amlgen.analysis.endpoints import arm_blocker
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



@check(emits=("AML112", "AML113", "AML114", "AML115"), reads=("workspace", "endpoints"))
def check_provisioning(ctx: Context) -> None:
    """Configure a managed virtual network, "Manually provision a managed VNet" and "Configure for serverless
    Spark jobs": what provisioning the managed network needs."""
    network = ctx.intent.workspace.managed_network
    spark = (*MN, "include_spark")
    if network.isolation_mode == "disabled":
        if network.include_spark:
            ctx.report("AML112", "include_spark provisions a managed virtual network, but isolation_mode is disabled",
                       spark)
        return
    deployments = [d.name for e in ctx.intent.endpoints for d in e.deployments if arm_blocker(d) is None]
    if deployments and not network.provision_on_creation and not network.include_spark:
        where = (*MN, "provision_on_creation")
        ctx.report("AML113", f"online deployment(s) {', '.join(deployments)} need the managed network provisioned, "
                   "and provision_on_creation is false", where if ctx.present(where) else (*MN, "isolation_mode"))
    if not network.include_spark:
        return
    ctx.report("AML114", "the managed network is provisioned for serverless Spark by the provisionManagedNetwork "
               "action, which Terraform calls and Bicep cannot", spark)
    if not any(kind_of(rule).spark_storage(rule) for rule in network.outbound_rules):
        ctx.report("AML115", "include_spark is set but no private_endpoint rule to a storage account has "
                   "spark_enabled: true", spark)
