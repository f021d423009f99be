"""The `compute:` section: compute clusters and instances (one list per registered compute kind), serverless
compute's network settings, and the compute that builds images when the registry is private.

Shape only; cross-field rules live in amlgen.rules.compute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, create_model

from amlgen.intent.base import StrictModel
from amlgen.kinds.compute import KINDS as COMPUTE_KINDS


class Serverless(StrictModel):
    """Serverless compute (jobs without a declared cluster): in a customer network it runs in the training subnet."""

    public_ip: bool = Field(
        default=False,
        description="Give serverless compute nodes public IPs. Off by default: no inbound path is needed (AML804).")


class ComputeBase(StrictModel):
    image_build_compute: str | None = Field(
        default=None,
        description="The compute cluster that builds the environments' images: a registry behind a private "
                    "endpoint cannot (Plan for network isolation: Image build compute setting for ACR behind VNet). "
                    "A cluster declared under clusters (created after the workspace), or an existing one "
                    "(image_build_compute_existing). A private registry without one is refused (AML312).")
    image_build_compute_existing: bool = Field(
        default=False,
        description="image_build_compute names a compute that exists already in the workspace (created "
                    "outside this module).")
    serverless: Serverless | None = Field(
        default=None, description="Serverless compute without public IPs, in the training subnet of the customer "
                                  "network (the workspace's serverlessComputeSettings).")


# compute: one list per registered compute kind, in the kinds' order.
if TYPE_CHECKING:
    Compute = ComputeBase
else:
    Compute = create_model("Compute", __base__=ComputeBase, **{
        kind.key: (list[kind.spec], Field(default_factory=list, description=kind.description))
        for kind in COMPUTE_KINDS})
