"""What a compute kind is: one registered definition per kind of Azure Machine Learning compute the intent
declares under `compute:` (clusters, instances).

A kind module defines its intent item (a pydantic model), its own checks, how many private addresses it
takes in a customer network's training subnet, and its lowering to
Microsoft.MachineLearningServices/workspaces/computes. Rules, plan and docs read the registry
(kinds.compute.KINDS); none of them names a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Literal, TypeVar

from pydantic import Field

from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.model import Resource, Value
from amlgen.intent.base import StrictModel
from amlgen.kinds.problem import Problem
from amlgen.records import dataclass

MODULE = "compute"
COMPUTE_TYPE = "Microsoft.MachineLearningServices/workspaces/computes"

ComputeIdentity = Literal["system_assigned", "user_assigned", "none"]


class ComputeSpec(StrictModel):
    """What every compute declares: its name, VM size, identity and public IP."""

    name: str = Field(description="Compute name: 3-24 letters, digits and hyphens, starting with a letter and "
                                  "ending with a letter or digit (AML800).")
    vm_size: str = Field(description="VM size, for example Standard_DS3_v2: an Azure VM size name (AML802) of a "
                                     "series Azure Machine Learning compute supports (AML811) and Azure still "
                                     "provisions (AML812).")
    description: str | None = Field(default=None, min_length=1)
    identity: ComputeIdentity = Field(
        default="system_assigned",
        description="The managed identity jobs on this compute use: its own system-assigned identity, the "
                    "workspace's user-assigned identity (workspace.identity: user_assigned), or none.")
    public_ip: bool = Field(
        default=False,
        description="Give the nodes public IPs. Off by default: compute without public IPs needs no inbound "
                    "path (Secure an Azure Machine Learning training environment with virtual networks). Only a "
                    "customer network with network.compute_public_ip admits the inbound it needs (AML804).")


@dataclass(frozen=True)
class ComputeFacts:
    """What the rest of the deployment decides that a kind's checks and lowering need."""

    key: str  # the resource key
    label: str  # the Terraform label
    subnet: Value  # the training subnet's ID in a customer network; None in the managed network
    identity: dict[str, Value] | None  # the ARM identity object, or None
    depends_on: tuple[str, ...]  # what must exist before the compute (the network ready for it)
    notes: tuple[tuple[str, str], ...] = ()  # why-comments the plan adds per property
    comments: tuple[str, ...] = ()


SpecT = TypeVar("SpecT", bound=ComputeSpec)


@dataclass(frozen=True)
class ComputeKind(Generic[SpecT]):
    key: str  # the intent's key under compute:
    order: int
    label: str  # 'compute cluster'
    title: str  # 'Compute cluster', for diagrams
    compute_type: str  # ARM properties.computeType
    spec: type[SpecT]
    lower: Callable[[SpecT, ComputeFacts], Resource]
    nodes: Callable[[SpecT], int]  # private addresses it can take in its subnet at most
    checks: Callable[[SpecT], list[Problem]] = lambda spec: []
    emits: tuple[str, ...] = ()
    description: str = ""
    image_build: bool = False  # can build the workspace's images (imageBuildCompute)
    # Holds a user's state on its own disk, and azurerm has no update for it: destroying or changing it loses that.
    personal: bool = False

    def specs_of(self, compute: Any) -> list[SpecT]:
        value: list[SpecT] = getattr(compute, self.key)
        return value


def compute_resource(kind: ComputeKind[SpecT], spec: SpecT, facts: ComputeFacts, inner: dict[str, Value], *,
                     notes: tuple[tuple[str, str], ...] = (), comments: tuple[str, ...] = ()) -> Resource:
    """The workspaces/computes resource of one declared compute: what every kind shares (its place under the
    workspace, Entra ID-only access, the public IP note, the plan's facts) around the kind's own properties
    (`inner`), why-comments per property (`notes`) and on the resource (`comments`)."""
    properties: dict[str, Value] = {"computeType": kind.compute_type}
    if spec.description is not None:
        properties["description"] = spec.description
    properties["disableLocalAuth"] = True
    properties["properties"] = inner
    return Resource(
        key=facts.key, type=COMPUTE_TYPE, name=spec.name, module=MODULE, label=facts.label,
        title=f"{kind.label} {spec.name}", parent="workspace", location=LOCATION, tags=TAGS,
        identity=facts.identity, properties=properties, depends_on=facts.depends_on,
        comments=(*facts.comments, *comments),
        notes=(LOCAL_AUTH_NOTE, PUBLIC_IP_ON_NOTE if spec.public_ip else PUBLIC_IP_NOTE, *notes, *facts.notes))


def placement(inner: dict[str, Value], spec: ComputeSpec, facts: ComputeFacts) -> None:
    """Where the nodes run and whether they get public IPs."""
    if facts.subnet is not None:
        inner["subnet"] = {"id": facts.subnet}
    inner["enableNodePublicIp"] = spec.public_ip


PUBLIC_IP_NOTE = ("properties.properties.enableNodePublicIp",
                  "No public IP: the nodes take only private addresses and need no inbound path from the internet "
                  "(Secure an Azure Machine Learning training environment with virtual networks).")
PUBLIC_IP_ON_NOTE = ("properties.properties.enableNodePublicIp",
                     "Public IPs, as the intent asks: the network admits AzureMachineLearning and BatchNodeManagement "
                     "inbound for them (network.compute_public_ip).")
LOCAL_AUTH_NOTE = ("properties.disableLocalAuth",
                   "Microsoft Entra ID only: no local keys (Azure Policy: Azure Machine Learning Computes should have "
                   "local authentication methods disabled).")
