"""Compute instances: a development VM assigned to one user, shut down when idle, without a public IP."""

from __future__ import annotations

import re

from pydantic import Field

from amlgen.arm.model import Resource, Value
from amlgen.intent.base import StrictModel
from amlgen.kinds.compute.base import ComputeFacts, ComputeKind, ComputeSpec, compute_resource, placement
from amlgen.kinds.problem import Problem

GUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class AssignedUser(StrictModel):
    object_id: str = Field(description="Microsoft Entra object ID of the user the instance is created for.")
    tenant_id: str = Field(description="Microsoft Entra tenant ID of that user.")


class ComputeInstance(ComputeSpec):
    assigned_user: AssignedUser = Field(description="The one user who may use the instance (personal "
                                                    "authorization).")
    idle_shutdown_minutes: int | None = Field(
        default=None, ge=15, le=20160,
        description="Shut the instance down after this many idle minutes (15 to 14 days); unset: it runs until "
                    "stopped.")


def lower(spec: ComputeInstance, facts: ComputeFacts) -> Resource:
    inner: dict[str, Value] = {"vmSize": spec.vm_size}
    placement(inner, spec, facts)
    inner["computeInstanceAuthorizationType"] = "personal"
    inner["personalComputeInstanceSettings"] = {"assignedUser": {"objectId": spec.assigned_user.object_id,
                                                                 "tenantId": spec.assigned_user.tenant_id}}
    inner["sshSettings"] = {"sshPublicAccess": "Disabled"}
    comments: tuple[str, ...] = ()
    if spec.idle_shutdown_minutes is not None:
        inner["idleTimeBeforeShutdown"] = f"PT{spec.idle_shutdown_minutes}M"
        comments = (f"Shut down after {spec.idle_shutdown_minutes} idle minutes, so a forgotten instance "
                    "stops costing (Create an Azure Machine Learning compute instance: Configure idle shutdown).",)
    return compute_resource(KIND, spec, facts, inner, comments=comments, notes=(
        ("properties.properties.sshSettings", "No SSH access: the user works through the studio, Jupyter or VS "
         "Code over the workspace's private endpoint."),))


def checks(spec: ComputeInstance) -> list[Problem]:
    problems = []
    for field in ("object_id", "tenant_id"):
        value = getattr(spec.assigned_user, field)
        if not re.fullmatch(GUID, value):
            problems.append(Problem("AML807", f"assigned_user.{field} '{value}' is not a GUID",
                                    ("assigned_user", field),
                                    fix="Write the user's Microsoft Entra object ID and tenant ID as GUIDs "
                                        "(az ad user show --id <user> --query id)."))
    return problems


KIND: ComputeKind[ComputeInstance] = ComputeKind(
    key="instances",
    order=20,
    label="compute instance",
    title="Compute instance",
    compute_type="ComputeInstance",
    spec=ComputeInstance,
    lower=lower,
    nodes=lambda spec: 1,
    checks=checks,
    emits=("AML807",),
    description="Development VMs, one per user.",
    personal=True,
)
