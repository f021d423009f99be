"""Compute clusters (AmlCompute): nodes that scale between a minimum and a maximum, without public IPs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from amlgen.arm.model import Resource, Value
from amlgen.kinds.compute.base import ComputeFacts, ComputeKind, ComputeSpec, compute_resource, placement
from amlgen.kinds.problem import Problem

PRIORITIES = {"dedicated": "Dedicated", "low_priority": "LowPriority"}


class ComputeCluster(ComputeSpec):
    min_nodes: int = Field(default=0, ge=0, description="Nodes kept running when idle; 0 (the default) scales "
                                                        "to zero and costs nothing while no job runs.")
    max_nodes: int = Field(default=4, ge=1, description="Nodes the cluster scales up to: each takes a private "
                                                        "address in the training subnet (AML309).")
    idle_seconds_before_scale_down: int = Field(
        default=120, ge=60, le=604800,
        description="Seconds a node stays idle before the cluster scales it down (Azure's default: 120).")
    priority: Literal["dedicated", "low_priority"] = Field(
        default="dedicated", description="dedicated, or low_priority: cheaper nodes Azure may preempt.")


def _duration(seconds: int) -> str:
    """An ISO 8601 duration, as ARM and azurerm spell nodeIdleTimeBeforeScaleDown."""
    return f"PT{seconds}S"


def lower(spec: ComputeCluster, facts: ComputeFacts) -> Resource:
    inner: dict[str, Value] = {
        "vmSize": spec.vm_size,
        "vmPriority": PRIORITIES[spec.priority],
        "scaleSettings": {
            "minNodeCount": spec.min_nodes,
            "maxNodeCount": spec.max_nodes,
            "nodeIdleTimeBeforeScaleDown": _duration(spec.idle_seconds_before_scale_down),
        },
        "remoteLoginPortPublicAccess": "Disabled",
    }
    placement(inner, spec, facts)
    return compute_resource(KIND, spec, facts, inner, notes=(
        ("properties.properties.remoteLoginPortPublicAccess",
         "No SSH port on the nodes: jobs are submitted through the workspace."),))


def checks(spec: ComputeCluster) -> list[Problem]:
    if spec.min_nodes > spec.max_nodes:
        return [Problem("AML803", f"min_nodes {spec.min_nodes} is more than max_nodes {spec.max_nodes}",
                        ("min_nodes",), fix="Set min_nodes at most max_nodes (0 lets the cluster scale to zero).")]
    return []


KIND: ComputeKind[ComputeCluster] = ComputeKind(
    key="clusters",
    order=10,
    label="compute cluster",
    title="Compute cluster",
    compute_type="AmlCompute",
    spec=ComputeCluster,
    lower=lower,
    nodes=lambda spec: spec.max_nodes,
    checks=checks,
    emits=("AML803",),
    description="Training jobs and image builds, scaling between min_nodes and max_nodes.",
    image_build=True,
)
