"""Microsoft.MachineLearningServices/workspaces/computes: compute clusters and compute instances, one azurerm
resource type per computeType (internal/services/machinelearning/machine_learning_compute_*_resource.go)."""

from __future__ import annotations

import re
from collections.abc import Callable

from amlgen.arm.build import LOCATION
from amlgen.arm.model import Resource
from amlgen.targets.terraform.mapping import ENABLED, IDENTITY_IDS, NOT, Arg, AzurermType, Nested, ParentArg

COMPUTE = "Microsoft.MachineLearningServices/workspaces/computes"
PROVIDER = "azurerm 4.81.0"
INSTANCE_SOURCE = "internal/services/machinelearning/machine_learning_compute_instance_resource.go"
# The instance resource's name validation (StringMatch): a letter, then 3 to 24 more characters.
INSTANCE_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]{3,24}$")


def _compute_type(name: str) -> Callable[[Resource], bool]:
    def select(resource: Resource) -> bool:
        return resource.properties.get("computeType") == name
    return select


def _inner(resource: Resource) -> dict[str, object]:
    inner = resource.properties.get("properties")
    return dict(inner) if isinstance(inner, dict) else {}


def _refused_instance(resource: Resource) -> str | None:
    if "idleTimeBeforeShutdown" in _inner(resource):
        return (f"{PROVIDER}'s compute instance has no argument for idle shutdown (idleTimeBeforeShutdown) and no "
                f"update ({INSTANCE_SOURCE}), so azapi creates this instance.")
    if isinstance(resource.name, str) and not INSTANCE_NAME.match(resource.name):
        return (f"{PROVIDER}'s compute instance accepts only names of 4 to 25 characters ({INSTANCE_SOURCE}), not "
                f"'{resource.name}', so azapi creates this instance.")
    return None


_IDENTITY = Nested("identity", "identity", (Arg("type", "type"), Arg("identity_ids", "userAssignedIdentities",
                                                                      IDENTITY_IDS)))

MAPPINGS = (
    AzurermType(
        COMPUTE, "azurerm_machine_learning_compute_cluster",
        (Arg("name", "name"), Arg("location", "location"), ParentArg("machine_learning_workspace_id"),
         Arg("vm_size", "properties.properties.vmSize"), Arg("vm_priority", "properties.properties.vmPriority"),
         Arg("description", "properties.description"),
         Arg("local_auth_enabled", "properties.disableLocalAuth", NOT),
         Arg("ssh_public_access_enabled", "properties.properties.remoteLoginPortPublicAccess", ENABLED),
         Arg("subnet_resource_id", "properties.properties.subnet.id"),
         Arg("node_public_ip_enabled", "properties.properties.enableNodePublicIp"),
         Arg("tags", "tags"),
         _IDENTITY,
         Nested("scale_settings", "properties.properties.scaleSettings",
                (Arg("min_node_count", "minNodeCount"), Arg("max_node_count", "maxNodeCount"),
                 Arg("scale_down_nodes_after_idle_duration", "nodeIdleTimeBeforeScaleDown")))),
        select=_compute_type("AmlCompute"),
        implied={"properties.computeType": "AmlCompute"},
        attributes={"identity.principalId": "identity[0].principal_id"},
    ),
    AzurermType(
        COMPUTE, "azurerm_machine_learning_compute_instance",
        (Arg("name", "name"), ParentArg("machine_learning_workspace_id"),
         Arg("virtual_machine_size", "properties.properties.vmSize"),
         Arg("authorization_type", "properties.properties.computeInstanceAuthorizationType"),
         Arg("description", "properties.description"),
         Arg("local_auth_enabled", "properties.disableLocalAuth", NOT),
         Arg("subnet_resource_id", "properties.properties.subnet.id"),
         Arg("node_public_ip_enabled", "properties.properties.enableNodePublicIp"),
         Arg("tags", "tags"),
         Nested("assign_to_user", "properties.properties.personalComputeInstanceSettings.assignedUser",
                (Arg("object_id", "objectId"), Arg("tenant_id", "tenantId"))),
         _IDENTITY),
        select=_compute_type("ComputeInstance"),
        # azurerm sends the workspace's location (the instance has no location argument) and, without an ssh
        # block, sshPublicAccess Disabled (expandComputeSSHSetting).
        implied={"properties.computeType": "ComputeInstance", "location": LOCATION,
                 "properties.properties.sshSettings.sshPublicAccess": "Disabled"},
        attributes={"identity.principalId": "identity[0].principal_id"},
        refuses=_refused_instance,
    ),
)
