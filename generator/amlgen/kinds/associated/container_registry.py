"""The container registry that holds the workspace's environment images."""

from __future__ import annotations

from typing import Literal

from amlgen.arm.build import LOCATION, TAGS, access
from amlgen.arm.model import Resource, ScanSkip
from amlgen.azure.names import NAME_RULES, compact
from amlgen.azure.private_link import PrivateLinkGroup, Record, zone
from amlgen.azure.roles import CONTRIBUTOR
from amlgen.kinds.associated.base import MODULE, AssociatedKind, KindFacts, NamePart, NetworkedSpec
from amlgen.kinds.problem import Problem

PREMIUM = "Premium"


class ContainerRegistry(NetworkedSpec):
    sku: Literal["Basic", "Standard", "Premium"] | None = None


REGISTRY = PrivateLinkGroup(
    "registry",
    (zone("privatelink.azurecr.io", "privatelink.azurecr.cn", "privatelink.azurecr.us",
          "container registry (login and data endpoints)"),),
    (Record(0, "{name}", "registry login endpoint"), Record(0, "{name}.{region}.data", "registry data endpoint")),
    "registry",
)

NAME = NamePart("container_registry_name", "container registry", NAME_RULES["container_registry"],
                lambda prefix: f"cr{compact(prefix)}",
                unique=lambda prefix, suffix: f"cr{compact(prefix)[:35]}{suffix}")  # 50 characters at most


def _skips(public: bool) -> tuple[ScanSkip, ...]:
    skips = [
        ScanSkip("CKV_AZURE_164", "Azure Machine Learning pushes the environment images it builds unsigned; "
                 "content trust would reject them", ("terraform",)),
        ScanSkip("CKV_AZURE_165", "a single-region deployment: geo-replication is an availability choice, not "
                 "isolation", ("terraform",)),
        ScanSkip("CKV_AZURE_166", "quarantine holds pushed images until a scanner releases them; with none "
                 "configured, the workspace's image builds would never become usable", ("terraform", "bicep")),
        ScanSkip("CKV_AZURE_167", "untagged manifests are kept: purging them is a cost choice, not isolation",
                 ("terraform",)),
        ScanSkip("CKV_AZURE_233", "zone redundancy is an availability choice, and not offered in every region",
                 ("terraform",)),
    ]
    if not public:
        skips.append(ScanSkip("CKV_AZURE_237", "dedicated data endpoints narrow public firewall rules; this "
                              "registry is reached only through its private endpoint", ("terraform",)))
    return tuple(skips)


def lower(spec: ContainerRegistry, facts: KindFacts) -> tuple[Resource, ...]:
    sku = spec.sku or PREMIUM
    comment = ("Premium: the only tier with private endpoints, which a workspace with a private endpoint "
               "needs (Secure managed online endpoints by using network isolation: Prerequisites)." if sku == PREMIUM
               else f"{sku}: this tier has no private endpoints; the workspace has none either.")
    return (Resource(
        key="container_registry",
        title=KIND.label,
        type=KIND.arm_type,
        name=NAME.param(),
        module=MODULE,
        location=LOCATION,
        tags=TAGS,
        sku={"name": sku},
        properties={
            "adminUserEnabled": False,
            "publicNetworkAccess": access(facts.public_network_access),
            "networkRuleBypassOptions": "AzureServices",
        },
        comments=(comment,),
        scan_skips=_skips(facts.public_network_access) if sku == PREMIUM else (),
    ),)


def checks(spec: ContainerRegistry, facts: KindFacts) -> list[Problem]:
    if spec.sku not in (None, PREMIUM) and facts.workspace_has_private_endpoint:
        return [Problem("AML201", f"container registry sku is {spec.sku} but the workspace has a private endpoint",
                        ("sku",))]
    return []


KIND: AssociatedKind[ContainerRegistry] = AssociatedKind(
    key="container_registry",
    order=30,
    label="container registry",
    title="Container registry",
    arm_type="Microsoft.ContainerRegistry/registries",
    spec=ContainerRegistry,
    workspace_property="containerRegistry",
    names=(NAME,),
    lower=lower,
    private_link=(REGISTRY,),
    checks=checks,
    emits=("AML201",),
    identity_roles=(CONTRIBUTOR,),
    description="Docker images of the workspace's environments.",
)
