"""Compute in `amlgen explain` and ARCHITECTURE.md: each cluster and instance, where it runs, the outbound path it
uses, and the cluster that builds images. Read from the Deployment, as explain.py reads the rest."""

from __future__ import annotations

from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Ref
from amlgen.records import dataclass

COMPUTE = "Microsoft.MachineLearningServices/workspaces/computes"
WORKSPACE = "Microsoft.MachineLearningServices/workspaces"
_KINDS = {"AmlCompute": "Compute cluster", "ComputeInstance": "Compute instance"}


@dataclass(frozen=True)
class ComputeView:
    id: str  # diagram node id
    kind: str  # 'Compute cluster'
    name: str
    subnet: bool  # in the customer network's training subnet (else in the managed network)
    public_ip: bool
    builds_images: bool

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


def computes(deployment: Deployment) -> list[ComputeView]:
    workspace = next(deployment.of_type(WORKSPACE))
    builder = workspace.properties.get("imageBuildCompute")
    found = []
    for resource in deployment.of_type(COMPUTE):
        inner = resource.properties.get("properties")
        inner = inner if isinstance(inner, dict) else {}
        kind = _KINDS.get(str(resource.properties.get("computeType")), "Compute")
        found.append(ComputeView(f"compute_{resource.label}", kind, str(resource.name), "subnet" in inner,
                                 inner.get("enableNodePublicIp") is True, resource.name == builder))
    return found


def serverless_in_subnet(deployment: Deployment) -> bool:
    workspace = next(deployment.of_type(WORKSPACE))
    return isinstance(workspace.properties.get("serverlessComputeSettings"), dict)


def egress_control(deployment: Deployment) -> str:
    """What a customer network's compute egress goes through."""
    if any(True for _ in deployment.of_type("Microsoft.Network/routeTables")):
        return "the hub firewall (the training subnet's route table), with the NSG"
    if any(True for _ in deployment.of_type("Microsoft.Network/natGateways")):
        return "the compute NSG and the NAT gateway"
    return "the compute NSG"


def subnet_prefix(deployment: Deployment) -> str:
    """The training subnet's prefix, when this module creates it."""
    if not deployment.has("training_subnet"):
        return ""
    prefix = deployment.resource("training_subnet").properties.get("addressPrefix")
    return prefix if isinstance(prefix, str) else ""


def registry_node(deployment: Deployment) -> str | None:
    workspace = next(deployment.of_type(WORKSPACE))
    registry = workspace.properties.get("containerRegistry")
    return registry.resource if isinstance(registry, Ref) else None


def flows(deployment: Deployment) -> list[tuple[str, str, str, str]]:
    """(source, destination, through, why) of each compute's outbound path."""
    found = []
    for view in computes(deployment):
        ip = " Nodes have public IPs (network.compute_public_ip)." if view.public_ip else " No public IP."
        if view.subnet:
            found.append((view.label, "the required outbound set and the intent's additions",
                          egress_control(deployment),
                          "It runs in the training subnet, whose egress goes only through these controls." + ip))
        else:
            found.append((view.label, "the managed network's outbound rules", "managed virtual network",
                          "It runs in the workspace's managed network." + ip))
        if view.builds_images:
            found.append((view.label, "container registry", "private endpoint",
                          "It builds the environments' images (imageBuildCompute): the registry is private."))
    if serverless_in_subnet(deployment):
        found.append(("Serverless compute", "the required outbound set and the intent's additions",
                      egress_control(deployment), "serverlessComputeSettings place serverless jobs in the training "
                      "subnet."))
    return found
