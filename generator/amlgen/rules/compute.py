"""Compute (clusters, instances, serverless): names, VM sizes, where compute runs and whether it may have public IPs,
the subnet's capacity, and the compute that builds images when the registry is private."""

from __future__ import annotations

import ipaddress
import re

from amlgen.analysis.compute import (
    declared,
    image_build,
    in_training_subnet,
    managed_network,
    public_ip_allowed,
    registry_private,
    training_nodes,
)
from amlgen.azure.lists import compute_vm_size_problem
from amlgen.kinds.compute import KINDS
from amlgen.rules import Context, check
from amlgen.rules.network import RESERVED_PER_SUBNET

# Compute names (Create an Azure Machine Learning compute cluster / compute instance): 3 to 24 letters, digits and
# hyphens, starting with a letter; azurerm's cluster validation also wants it to end with a letter or digit.
NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]")


@check(emits=("AML800", "AML801", "AML802", "AML809", "AML811", "AML812",
              *sorted({rule_id for kind in KINDS for rule_id in kind.emits})),
       reads=("compute", "workspace"))
def check_compute(ctx: Context) -> None:
    seen: dict[str, str] = {}
    for item in declared(ctx.intent):
        spec, path = item.spec, item.path
        if not NAME.fullmatch(spec.name):
            ctx.report("AML800", f"{item.kind.label} name '{spec.name}' is not 3-24 letters, digits and hyphens "
                       "starting with a letter and ending with a letter or digit", (*path, "name"))
        folded = spec.name.lower()
        if folded in seen:
            ctx.report("AML801", f"compute name '{spec.name}' is already the name of a {seen[folded]}",
                       (*path, "name"))
        seen.setdefault(folded, item.kind.label)
        size = compute_vm_size_problem(spec.vm_size, instances=not item.kind.image_build)
        if size is not None:
            # Certain refusals are errors; a well-formed size outside the article's series may still be offered.
            rule_id = "AML802" if size.certain else "AML812" if size.retired else "AML811"
            ctx.report(rule_id, size.message, (*path, "vm_size"))
        if spec.identity == "user_assigned" and ctx.intent.workspace.identity != "user_assigned":
            ctx.report("AML809", f"{item.kind.label} '{spec.name}' uses the workspace's user-assigned identity, "
                       "but workspace.identity is system_assigned", (*path, "identity"))
        for problem in item.kind.checks(spec):
            ctx.report(problem.rule_id, problem.message, (*path, *problem.path), fix=problem.fix)


@check(emits=("AML804", "AML805", "AML808"), reads=("compute", "workspace", "network"))
def check_placement(ctx: Context) -> None:
    intent = ctx.intent
    runs_somewhere = managed_network(intent) or in_training_subnet(intent)
    for item in declared(intent):
        if not runs_somewhere:
            ctx.report("AML805", f"{item.kind.label} '{item.spec.name}' has no network to run in: the workspace has "
                       "no managed network and no customer network with a training subnet", item.path)
        elif item.spec.public_ip and not public_ip_allowed(intent):
            ctx.report("AML804", f"{item.kind.label} '{item.spec.name}' asks for public IPs, which this network "
                       "gives no inbound path", (*item.path, "public_ip"))
    serverless = intent.compute.serverless
    if serverless is None:
        return
    if not in_training_subnet(intent):
        ctx.report("AML808", "compute.serverless places serverless compute in a customer network's training "
                   "subnet, and this workspace has none", ("compute", "serverless"), key=True)
    elif serverless.public_ip and not public_ip_allowed(intent):
        ctx.report("AML804", "serverless compute asks for public IPs, which this network gives no inbound path",
                   ("compute", "serverless", "public_ip"))


@check(emits=("AML312", "AML806", "AML810"), reads=("compute", "network", "workspace", "resources"))
def check_image_build(ctx: Context) -> None:
    intent = ctx.intent
    build = image_build(intent)
    if intent.network is not None and intent.network.image_build_compute is not None \
            and intent.compute.image_build_compute is not None:
        ctx.report("AML810", "image_build_compute is set both under compute and under network",
                   ("network", "image_build_compute"))
    if build is None:
        # Where no compute can run (a customer network without a training subnet) nothing can build images either.
        if registry_private(intent) and (managed_network(intent) or in_training_subnet(intent)):
            ctx.report("AML312", "the container registry is reachable only through its private endpoint, and no "
                       "compute builds the environments' images", ("resources", "container_registry"), key=True)
        return
    if build.existing:
        return
    builders = {item.spec.name for item in declared(intent) if item.kind.image_build}
    if build.name not in builders:
        ctx.report("AML806", f"image_build_compute '{build.name}' is not a compute cluster declared under "
                   "compute.clusters", build.path)


@check(emits=("AML309",), reads=("compute", "network", "workspace"))
def check_training_capacity(ctx: Context) -> None:
    intent = ctx.intent
    if not in_training_subnet(intent) or intent.network is None or intent.network.spoke.training is None:
        return
    try:
        subnet = ipaddress.IPv4Network(intent.network.spoke.training.prefix, strict=True)
    except ValueError:
        return  # AML301 reports it
    usable = max(subnet.num_addresses - RESERVED_PER_SUBNET, 0)
    total = 0
    for item, nodes in training_nodes(intent):
        total += nodes
        if total > usable:
            ctx.report("AML309", f"training subnet {subnet} has {usable} usable addresses; the compute declared up "
                       f"to {item.kind.label} '{item.spec.name}' takes {total} at most", item.path)
            return
