"""The workspace's compute settings: the compute that builds images (imageBuildCompute) and where serverless compute
runs (serverlessComputeSettings)."""

from __future__ import annotations

from amlgen.analysis.compute import image_build, in_training_subnet
from amlgen.arm.model import Ref, Value
from amlgen.intent.model import Intent
from amlgen.plan.network import subnet_key

TRAINING_SUBNET = subnet_key("training")


def workspace_settings(intent: Intent) -> tuple[dict[str, Value], list[tuple[str, str]]]:
    """The workspace's compute properties (imageBuildCompute, serverlessComputeSettings) and their why-comments."""
    properties: dict[str, Value] = {}
    notes: list[tuple[str, str]] = []
    build = image_build(intent)
    if build is not None:
        properties["imageBuildCompute"] = build.name
        where = ("an existing compute of the workspace" if build.existing else
                 "the compute cluster created after the workspace (Azure stores only its name, so naming it first "
                 "is no cycle)")
        notes.append(("properties.imageBuildCompute", "The registry is behind a private endpoint and cannot build "
                      f"images; {where} does (Plan for network isolation: Image build compute setting for ACR "
                      "behind VNet)."))
    serverless = intent.compute.serverless
    if serverless is not None and in_training_subnet(intent):
        properties["serverlessComputeSettings"] = {"serverlessComputeCustomSubnet": Ref(TRAINING_SUBNET),
                                                   "serverlessComputeNoPublicIP": not serverless.public_ip}
        notes.append(("properties.serverlessComputeSettings", "Serverless jobs run in the training subnet"
                      + (" without public IPs" if not serverless.public_ip else "")
                      + ", so their egress goes through the same controls as the clusters'."))
    return properties, notes
