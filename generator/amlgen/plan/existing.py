"""Plugging into networks that exist: an existing spoke (its virtual network and subnets, by ID), which amlgen never
replaces, attaching only what the intent says it owns; and the spoke's peering with an existing hub."""

from __future__ import annotations

from amlgen.arm.model import Module, Ref, Resource, Scope, Value
from amlgen.intent.model import Intent
from amlgen.plan.network import (
    ATTACHMENTS,
    SUBNET,
    VNET,
    SubnetPlan,
    attachments,
    hub_id,
    peering,
    spoke_subnets,
    vnet_key,
)
from amlgen.plan.scopes import scope_of

SPOKE_MODULE = "spoke"
_OWNED = {"network_security_group": "the NSG", "route_table": "the route table", "nat_gateway": "the NAT gateway",
          "service_endpoint_policy": "the storage service endpoint and its policy"}


def spoke_scope(intent: Intent) -> Scope | None:
    network = intent.network
    if network is None or network.spoke.existing_id is None:
        return None
    return scope_of(network.spoke.existing_id, "spoke", "the existing spoke's resource group")


def spoke_modules(intent: Intent) -> tuple[Module, ...]:
    scope = spoke_scope(intent)
    if scope is None:
        return ()
    return (Module(SPOKE_MODULE, "The existing spoke: what this deployment attaches to its subnets, and its peering.",
                   "modules/spoke.bicep", "network.tf", scope=scope),)


def _attached(intent: Intent, subnet: SubnetPlan) -> dict[str, Value]:
    """What amlgen sets on an existing compute subnet: only the attachments the intent says it owns."""
    assert intent.network is not None
    owned = {prop for item in subnet.owns for prop in ATTACHMENTS[item]}
    return {key: value for key, value in attachments(intent.network).items() if key in owned}


def spoke_resources(intent: Intent) -> tuple[Resource, ...]:
    """The existing spoke, declared (never deployed); an update of each compute subnet it owns attachments on (the
    subnet's other properties are kept as they are); and its peering with the hub."""
    network = intent.network
    scope = spoke_scope(intent)
    if network is None or scope is None:
        return ()
    assert network.spoke.existing_id is not None
    vnet = Resource(key=vnet_key("spoke"), type=VNET, name=network.spoke.existing_id.rsplit("/", 1)[-1],
                    module=SPOKE_MODULE, label="spoke", title="existing spoke virtual network", scope=scope,
                    existing=True, comments=("The spoke exists already (network.spoke.existing_id): this module "
                                             "declares it and its subnets, and never replaces them.",))
    resources = [vnet]
    for subnet in spoke_subnets(intent):
        existing = Resource(key=subnet.key, type=SUBNET, name=subnet.name, module=SPOKE_MODULE, label=subnet.label,
                            title=f"{subnet.name} subnet", parent=vnet.key, scope=scope, existing=True)
        resources.append(existing)
        changes = _attached(intent, subnet) if subnet.compute else {}
        if changes:
            owned = " and ".join(_OWNED[item] for item in subnet.owns)
            resources.append(Resource(
                key=f"{subnet.label}_subnet_attachments", type=SUBNET, name=subnet.name, module=SPOKE_MODULE,
                label=f"{subnet.label}_attachments", title=f"{subnet.name} subnet's attachments", parent=vnet.key,
                scope=scope, update_of=existing.key, properties=changes,
                comments=(f"The intent owns {owned} of {subnet.name}: this sets them and keeps every other property "
                          "of the existing subnet as it is.",)))
    if network.hub is not None or network.existing_hub is not None:
        resources.append(peering("spoke", "hub", hub_id(network), SPOKE_MODULE, scope))
    return tuple(resources)


def spoke_id(intent: Intent) -> Value:
    return Ref(vnet_key("spoke"))
