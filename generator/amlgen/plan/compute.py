"""Compute: the clusters and instances the intent declares (children of the workspace), the workspace's
serverless compute settings, and the compute that builds images.

Compute is created once the network it runs in is ready for it: in the managed network after the network is
provisioned and every outbound rule exists; in a customer network after the training subnet with its NSG, route
table, NAT gateway and the firewall's rules.
"""

from __future__ import annotations

from amlgen.analysis.compute import declared, image_build, in_training_subnet
from amlgen.arm.build import SYSTEM_ASSIGNED
from amlgen.arm.model import Ref, Resource, UserAssignedIdentities, Value
from amlgen.intent.model import Intent
from amlgen.kinds.compute.base import ComputeFacts, ComputeSpec
from amlgen.plan.access import IDENTITY
from amlgen.plan.compute_settings import TRAINING_SUBNET
from amlgen.plan.outbound import network_ready
from amlgen.plan.workspace import KEY as WORKSPACE

# What compute in a customer network waits for besides its subnet: the egress the required outbound set goes
# through (created in plan/network.py, plan/egress.py and plan/firewall.py), when the deployment has it.
_EGRESS_TYPES = ("Microsoft.Network/networkSecurityGroups", "Microsoft.Network/routeTables",
                 "Microsoft.Network/natGateways", "Microsoft.Network/azureFirewalls",
                 "Microsoft.Network/firewallPolicies/ruleCollectionGroups")


def _identity(spec: ComputeSpec) -> dict[str, Value] | None:
    if spec.identity == "system_assigned":
        return dict(SYSTEM_ASSIGNED)
    if spec.identity == "user_assigned":
        return {"type": "UserAssigned", "userAssignedIdentities": UserAssignedIdentities((Ref(IDENTITY),))}
    return None


def ready(intent: Intent, resources: tuple[Resource, ...]) -> tuple[str, ...]:
    """What compute waits for: the managed network provisioned with its outbound rules, or the training subnet with
    what controls its egress (an existing subnet's attachments included)."""
    if not in_training_subnet(intent):  # the workspace is every compute's parent: it needs no listing
        return tuple(key for key in network_ready(intent, resources) if key != WORKSPACE)
    waits = [r.key for r in resources if r.key in (TRAINING_SUBNET, f"{TRAINING_SUBNET}_attachments")]
    waits += [r.key for r in resources if r.type in _EGRESS_TYPES and not r.existing and r.update_of is None]
    return tuple(waits)


def _comments(intent: Intent, name: str) -> tuple[str, ...]:
    build = image_build(intent)
    if build is not None and not build.existing and build.name == name:
        return ("It also builds the workspace's environment images: the registry is behind a private endpoint, "
                "where Azure Machine Learning cannot build them directly (Plan for network isolation: Image build "
                "compute setting for ACR behind VNet). The "
                "workspace names it in imageBuildCompute; Azure stores only the name, so the workspace is created "
                "first and this cluster after it, and image builds wait for it.",)
    return ()


def compute_resources(intent: Intent, resources: tuple[Resource, ...]) -> tuple[Resource, ...]:
    waits = ready(intent, resources)
    subnet: Value = Ref(TRAINING_SUBNET) if in_training_subnet(intent) else None
    lowered = []
    for item in declared(intent):
        notes: tuple[tuple[str, str], ...] = ()
        if subnet is not None:
            notes = (("properties.properties.subnet", "The training subnet: egress leaves through the network's "
                      "controls, and each node takes one of its private addresses (AML309)."),)
        facts = ComputeFacts(key=item.key, label=item.label, subnet=subnet, identity=_identity(item.spec),
                             depends_on=waits, notes=notes, comments=_comments(intent, item.spec.name))
        lowered.append(item.kind.lower(item.spec, facts))
    return tuple(lowered)
