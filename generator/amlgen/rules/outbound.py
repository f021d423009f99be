"""Workspace managed virtual network and its outbound rules (seeds 000 and 003)."""

from __future__ import annotations

import re

from amlgen.azure.ids import parse_resource_id
from amlgen.azure.names import name_problem
from amlgen.azure.tables import PRIVATE_LINK_SUBRESOURCES, is_known_service_tag, lookup_type
from amlgen.intent.loader import PathKey
from amlgen.intent.model import FqdnRule, PrivateEndpointRule, ServiceTagRule
from amlgen.rules import Context, check

MN = ("workspace", "managed_network")
RULES_PATH = (*MN, "outbound_rules")

_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_FQDN = re.compile(rf"(?:\*\.)?(?:{_LABEL}\.)+[A-Za-z]{{2,63}}")


def valid_fqdn(value: str) -> bool:
    return len(value) <= 253 and bool(_FQDN.fullmatch(value))


def port_range_problem(value: str) -> str | None:
    """Why a port range string is invalid, or None. Accepts '443', '80,443', '8080-8089', '*'."""
    if value.strip() == "*":
        return None
    parts = [part.strip() for part in value.split(",")]
    for part in parts:
        bounds = part.split("-")
        if len(bounds) > 2 or not all(b.isdigit() for b in bounds):
            return f"'{part}' is not a port or a port range"
        low, high = int(bounds[0]), int(bounds[-1])
        if not (1 <= low <= 65535 and 1 <= high <= 65535):
            return f"'{part}' is outside 1-65535"
        if low > high:
            return f"'{part}' starts above where it ends"
    return None


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
        elif network.isolation_mode == "allow_internet_outbound" and not isinstance(rule, PrivateEndpointRule):
            ctx.report("AML102", f"{rule.type} rule '{rule.name}' is rejected under allow_internet_outbound", path)


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


@check(emits=("AML105", "AML106", "AML107", "AML108", "AML110", "AML203"), reads=("workspace",))
def check_rule_values(ctx: Context) -> None:
    for index, rule in enumerate(ctx.intent.workspace.managed_network.outbound_rules):
        path = (*RULES_PATH, index)
        if isinstance(rule, FqdnRule):
            if not valid_fqdn(rule.destination):
                ctx.report("AML105", f"'{rule.destination}' is not a valid FQDN", (*path, "destination"))
            if rule.port_ranges is not None:
                ports = {p.strip() for p in rule.port_ranges.split(",")}
                if not ports <= {"80", "443"}:
                    ctx.report("AML110", f"port_ranges '{rule.port_ranges}' includes ports other than 80 and 443",
                               (*path, "port_ranges"))
        elif isinstance(rule, ServiceTagRule):
            if not is_known_service_tag(rule.service_tag):
                ctx.report("AML106", f"'{rule.service_tag}' is not an Azure service tag", (*path, "service_tag"))
            problem = port_range_problem(rule.port_ranges)
            if problem:
                ctx.report("AML107", problem, (*path, "port_ranges"))
        elif isinstance(rule, PrivateEndpointRule):
            _check_private_endpoint_rule(ctx, rule, path)


def _check_private_endpoint_rule(ctx: Context, rule: PrivateEndpointRule, path: PathKey) -> None:
    target = parse_resource_id(rule.resource_id)
    if target is None:
        ctx.report("AML203", f"'{rule.resource_id}' is not an ARM resource ID", (*path, "resource_id"))
        return
    known = lookup_type(PRIVATE_LINK_SUBRESOURCES, target.type)
    if known is None:
        ctx.report("AML203", f"resource type {target.type} does not support private endpoints in amlgen's table",
                   (*path, "resource_id"),
                   fix="Point the rule at a resource type that supports private link: "
                       + ", ".join(sorted(PRIVATE_LINK_SUBRESOURCES)) + ".")
        return
    arm_type, groups = known
    if rule.subresource not in groups:
        ctx.report("AML108", f"'{rule.subresource}' is not a sub-resource of {arm_type}; use one of: "
                   + ", ".join(groups), (*path, "subresource"))


@check(emits=("AML109",), reads=("workspace",))
def note_firewall(ctx: Context) -> None:
    network = ctx.intent.workspace.managed_network
    fqdn = [i for i, rule in enumerate(network.outbound_rules) if isinstance(rule, FqdnRule)]
    if fqdn and network.isolation_mode == "allow_only_approved_outbound":
        ctx.report("AML109", f"{len(fqdn)} FQDN rule(s) make Azure provision a managed Azure Firewall "
                   f"({network.firewall_sku} SKU)", (*RULES_PATH, fqdn[0], "type"))


@check(emits=("AML111",), reads=("workspace",))
def note_irreversible(ctx: Context) -> None:
    if ctx.intent.workspace.managed_network.isolation_mode != "disabled":
        ctx.report("AML111", "once this workspace's managed virtual network is enabled it cannot be disabled",
                   (*MN, "isolation_mode"))

