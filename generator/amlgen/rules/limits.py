"""Azure's limits on the values amlgen deploys: address ranges a virtual network refuses, subnet names, the
subscription and where a private endpoint may be created, regions, VM sizes and counts."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from amlgen.azure.addresses import reserved_overlap
from amlgen.azure.lists import region_problem, vm_size_problem
from amlgen.intent.loader import PathKey
from amlgen.rules import Context, check

GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Manage and increase quotas (Azure Machine Learning online endpoints): defaults that allow an exception.
INSTANCES_PER_DEPLOYMENT = 50
DEPLOYMENTS_PER_ENDPOINT = 20
# Iterative loops in Bicep (Loop limits) and the ARM template limits: a template deploys at most 800
# resources, copies included, and the outbound rules are one Bicep module, so one template.
RESOURCES_PER_TEMPLATE = 800
# Subnet names amlgen gives when the intent names none (plan/network.py).
DEFAULT_SUBNET_NAMES = {"training": "snet-training", "scoring": "snet-scoring"}


def prefixes(ctx: Context) -> Iterator[tuple[str, PathKey]]:
    """Every address prefix the intent declares for a virtual network or a subnet, with its path."""
    inbound = ctx.intent.inbound.private_endpoint
    base: PathKey = ("inbound", "private_endpoint")
    if inbound is not None and inbound.virtual_network is not None:
        for index, value in enumerate(inbound.virtual_network.address_space):
            yield value, (*base, "virtual_network", "address_space", index)
    if inbound is not None and inbound.subnet is not None:
        yield inbound.subnet.prefix, (*base, "subnet", "prefix")
    network = ctx.intent.network
    if network is None:
        return
    for index, value in enumerate(network.spoke.address_space):
        yield value, ("network", "spoke", "address_space", index)
    for role in ("training", "scoring", "private_endpoints"):
        subnet = getattr(network.spoke, role)
        if subnet is not None:
            yield subnet.prefix, ("network", "spoke", role, "prefix")
    hub = network.hub
    if hub is not None:
        for index, value in enumerate(hub.address_space):
            yield value, ("network", "hub", "address_space", index)
        yield hub.firewall_subnet_prefix, ("network", "hub", "firewall_subnet_prefix")
        if hub.dns_resolver_inbound_prefix is not None:
            yield hub.dns_resolver_inbound_prefix, ("network", "hub", "dns_resolver_inbound_prefix")


@check(emits=("AML604", "AML605"), reads=("inbound", "network"))
def check_address_ranges(ctx: Context) -> None:
    for value, path in prefixes(ctx):
        try:
            prefix = ipaddress.IPv4Network(value, strict=True)
        except ValueError:
            continue  # AML301, reported with the network's other checks
        reserved = reserved_overlap(prefix)
        if reserved:
            ctx.report("AML604", f"{prefix} overlaps {reserved}, which Azure does not allow in a virtual network",
                       path)
    network = ctx.intent.network
    if network is None:
        return
    seen: dict[str, str] = {}
    for role in ("training", "scoring", "private_endpoints"):
        subnet = getattr(network.spoke, role)
        if subnet is None:
            continue
        name = subnet.name or DEFAULT_SUBNET_NAMES[role]
        if name.lower() in seen:
            where = ("network", "spoke", role, "name") if ctx.present(("network", "spoke", role, "name")) else \
                ("network", "spoke", role)
            ctx.report("AML605", f"the {role} subnet is named '{name}', like the {seen[name.lower()]} subnet",
                       where, key=where[-1] == role)
        else:
            seen[name.lower()] = role


@check(emits=("AML606",), reads=("subscription_id",))
def check_subscription(ctx: Context) -> None:
    """The subscription is a GUID. (Private endpoints in a subnet of another subscription are created in that
    subscription, scoped to its network: AML323 in rules/network.py.)"""
    expected = ctx.intent.subscription_id
    if expected is not None and not GUID.fullmatch(expected):
        ctx.report("AML606", f"subscription_id '{expected}' is not a GUID", ("subscription_id",))


@check(emits=("AML608",), reads=("location", "cloud"))
def check_region(ctx: Context) -> None:
    problem = region_problem(ctx.intent.location, ctx.intent.cloud)
    if problem:
        ctx.report("AML608", problem, ("location",))


@check(emits=("AML609", "AML610"), reads=("endpoints",))
def check_endpoint_capacity(ctx: Context) -> None:
    for e_index, endpoint in enumerate(ctx.intent.endpoints):
        path: PathKey = ("endpoints", e_index)
        if len(endpoint.deployments) > DEPLOYMENTS_PER_ENDPOINT:
            ctx.report("AML610", f"endpoint '{endpoint.name}' has {len(endpoint.deployments)} deployments; the "
                       f"default limit is {DEPLOYMENTS_PER_ENDPOINT} per endpoint", (*path, "deployments"), key=True)
        for d_index, deployment in enumerate(endpoint.deployments):
            where = (*path, "deployments", d_index)
            problem = vm_size_problem(deployment.instance_type)
            if problem:
                ctx.report("AML609", problem, (*where, "instance_type"))
            if deployment.instance_count > INSTANCES_PER_DEPLOYMENT:
                ctx.report("AML610", f"instance_count {deployment.instance_count} is above the default limit of "
                           f"{INSTANCES_PER_DEPLOYMENT} instances per deployment", (*where, "instance_count"))


@check(emits=("AML611",), reads=("workspace",))
def check_rule_count(ctx: Context) -> None:
    rules = ctx.intent.workspace.managed_network.outbound_rules
    if len(rules) > RESOURCES_PER_TEMPLATE:
        ctx.report("AML611", f"{len(rules)} outbound rules; one ARM template deploys at most "
                   f"{RESOURCES_PER_TEMPLATE} resources, copies included",
                   ("workspace", "managed_network", "outbound_rules", RESOURCES_PER_TEMPLATE))
