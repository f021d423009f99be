"""Decisions about compute that the rules and the plan share: which compute builds images, where compute runs, and
the declared compute by kind."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from amlgen.analysis.decisions import creates, effective_access, identifier, numbered_unique
from amlgen.intent.model import Intent
from amlgen.kinds.compute import KINDS
from amlgen.kinds.compute.base import ComputeKind, ComputeSpec
from amlgen.records import dataclass

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Declared:
    kind: ComputeKind[Any]
    spec: ComputeSpec
    path: PathKey  # of the item in the intent
    key: str  # the resource key
    label: str  # the Terraform label


def declared(intent: Intent) -> list[Declared]:
    """Every compute the intent declares, in the kinds' order, with unique resource keys."""
    items = [(kind, spec, ("compute", kind.key, index)) for kind in KINDS
             for index, spec in enumerate(kind.specs_of(intent.compute))]
    labels = numbered_unique([identifier(spec.name) for _, spec, _ in items], "_")
    return [Declared(kind, spec, path, f"{label}_compute", label)
            for (kind, spec, path), label in zip(items, labels, strict=True)]


@dataclass(frozen=True)
class ImageBuild:
    name: str
    path: PathKey
    existing: bool


def image_build(intent: Intent) -> ImageBuild | None:
    """The compute that builds images: compute.image_build_compute, or network.image_build_compute (where intents
    written before compute: name it)."""
    if intent.compute.image_build_compute is not None:
        return ImageBuild(intent.compute.image_build_compute, ("compute", "image_build_compute"),
                          intent.compute.image_build_compute_existing)
    if intent.network is not None and intent.network.image_build_compute is not None:
        return ImageBuild(intent.network.image_build_compute, ("network", "image_build_compute"),
                          intent.compute.image_build_compute_existing)
    return None


def registry_private(intent: Intent) -> bool:
    """Whether the registry this deployment creates is reachable only through its private endpoint."""
    return creates(intent, "container_registry") and effective_access(intent, "container_registry") == "disabled"


def managed_network(intent: Intent) -> bool:
    return intent.workspace.managed_network.isolation_mode != "disabled"


def in_training_subnet(intent: Intent) -> bool:
    """Compute runs in the customer network's training subnet (not in the managed network)."""
    return intent.network is not None and intent.network.spoke.training is not None and not managed_network(intent)


def public_ip_allowed(intent: Intent) -> bool:
    """Only a customer network that admits the inbound path public IPs need (network.compute_public_ip)."""
    return in_training_subnet(intent) and intent.network is not None and intent.network.compute_public_ip


def training_nodes(intent: Intent) -> Iterator[tuple[Declared, int]]:
    """The private addresses each declared compute can take in the training subnet."""
    for item in declared(intent):
        yield item, item.kind.nodes(item.spec)
