"""Outbound rules of the workspace managed virtual network: one ARM rule per intent rule, by its kind."""

from __future__ import annotations

from amlgen.analysis.decisions import identifier, numbered_unique
from amlgen.arm.model import Resource
from amlgen.intent.model import Intent
from amlgen.kinds.outbound import kind_of

MODULE = "outbound_rules"
SERIAL = "outbound_rules"


def outbound_rules(intent: Intent) -> tuple[Resource, ...]:
    """The service can drop rules that are created in parallel, so the rules form one serial group."""
    rules = intent.workspace.managed_network.outbound_rules
    labels = numbered_unique([identifier(rule.name) for rule in rules], "_")
    resources = []
    for label, rule in zip(labels, rules, strict=True):
        kind = kind_of(rule)
        resources.append(Resource(
            key=f"{label}_outbound_rule", type="Microsoft.MachineLearningServices/workspaces/outboundRules",
            title=f"outbound rule {rule.name}",
            name=rule.name, module=MODULE, label=label, parent="workspace",
            properties={"type": kind.arm_type, "destination": kind.destination(rule)},
            comments=(kind.comment(rule),), serial=SERIAL))
    return tuple(resources)
