"""Outbound rules of the workspace managed virtual network: one ARM rule per intent rule, by its kind, and the
point from which the managed network is ready for what needs it (online deployments)."""

from __future__ import annotations

from amlgen.analysis.decisions import identifier, numbered_unique
from amlgen.arm.model import Resource
from amlgen.intent.model import Intent
from amlgen.kinds.outbound import kind_of
from amlgen.plan.workspace import KEY as WORKSPACE
from amlgen.plan.workspace import NAME, provisions_network

MODULE = "outbound_rules"
SERIAL = "outbound_rules"
RULE_TYPE = "Microsoft.MachineLearningServices/workspaces/outboundRules"
CATEGORY = "UserDefined"  # the REST examples and azurerm both mark the rules a user adds as UserDefined
SPARK = "workspace_spark_provision"
PROVISION_ACTION = "provisionManagedNetwork"


def outbound_rules(intent: Intent) -> tuple[Resource, ...]:
    """The service can drop rules that are created in parallel, so the rules form one serial group."""
    rules = intent.workspace.managed_network.outbound_rules
    labels = numbered_unique([identifier(rule.name) for rule in rules], "_")
    resources = []
    for label, rule in zip(labels, rules, strict=True):
        kind = kind_of(rule)
        resources.append(Resource(
            key=f"{label}_outbound_rule", type=RULE_TYPE, title=f"outbound rule {rule.name}",
            name=rule.name, module=MODULE, label=label, parent=WORKSPACE,
            properties={"type": kind.arm_type, "category": CATEGORY, "destination": kind.destination(rule)},
            comments=(kind.comment(rule),), serial=SERIAL))
    return (*resources, *_spark(intent, resources))


def _spark(intent: Intent, rules: list[Resource]) -> tuple[Resource, ...]:
    """Serverless Spark needs the network provisioned with includeSpark, after its storage rule exists
    (Configure a managed virtual network: Configure for serverless Spark jobs)."""
    network = intent.workspace.managed_network
    if network.isolation_mode == "disabled" or not network.include_spark:
        return ()
    return (Resource(
        key=SPARK, type="Microsoft.MachineLearningServices/workspaces", name=NAME, module=MODULE,
        label="workspace_spark", title="provisioning of the managed network for serverless Spark",
        properties={"includeSpark": True}, update_of=WORKSPACE, action=PROVISION_ACTION,
        depends_on=(rules[-1].key,) if rules else (),
        cli="az ml workspace provision-network --resource-group <resource group> --name <workspace> --include-spark",
        comments=("Provision the managed network for serverless Spark jobs, once every outbound rule exists "
                  "(Configure a managed virtual network: Configure for serverless Spark jobs).",)),)


def network_ready(intent: Intent, resources: tuple[Resource, ...]) -> tuple[str, ...]:
    """What must exist before anything runs in the managed network (an online deployment): the network
    provisioned with the workspace, every outbound rule (they are created one at a time, so the last one),
    and the Spark provisioning when there is one. Empty without a managed network."""
    if intent.workspace.managed_network.isolation_mode == "disabled":
        return ()
    ready = [WORKSPACE] if provisions_network(intent) else []
    rules = [r.key for r in resources if r.type == RULE_TYPE]
    ready += rules[-1:]
    ready += [r.key for r in resources if r.key == SPARK]
    return tuple(ready)
