"""Assemble the Deployment: resources from each part of the plan, the deploy-time inputs and outputs, the
modules they fall into, and the notes and fixed-at-creation settings the reviewer and `check` read."""

from __future__ import annotations

from dataclasses import replace

from amlgen.analysis.decisions import creates, has_workspace_private_endpoint, kind_facts, name_of
from amlgen.analysis.network import isolated_key
from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Input, Module, Output, Param, Ref, Resource
from amlgen.azure.private_link import WORKSPACE_GROUP
from amlgen.intent.model import Intent
from amlgen.kinds.associated import KINDS
from amlgen.plan import (
    access,
    assets,
    dns,
    egress,
    endpoints,
    existing,
    firewall,
    inbound,
    network,
    outbound,
    policy,
    recreate,
    workspace,
)
from amlgen.plan.inbound import EXISTING_ZONE_IDS, PE_SUBNET_INPUT
from amlgen.plan.network import vnet_key
from amlgen.plan.prerequisites import deployer_grants, prerequisites

# Every module a deployment can have, in the order they appear: (key, description, Bicep file, Terraform
# file). A module exists when a resource is in it.
_MODULES = (
    ("identity", "The workspace's user-assigned identity.", "modules/identity.bicep", "identity.tf"),
    ("network", "Virtual networks, subnets and the control of compute egress.", "modules/network.bicep",
     "network.tf"),
    ("dns", "Private DNS zones and their virtual network links.", "modules/dns.bicep", "dns.tf"),
    ("associated_resources", "", "modules/associated-resources.bicep", "associated_resources.tf"),
    ("workspace", "The Azure Machine Learning workspace and its managed virtual network.", "modules/workspace.bicep",
     "workspace.tf"),
    ("private_endpoints", "Inbound private endpoints and their DNS zone groups.", "modules/private-endpoints.bicep",
     "private_endpoints.tf"),
    ("outbound_rules", "Outbound rules of the workspace's managed virtual network.", "modules/outbound-rules.bicep",
     "outbound_rules.tf"),
    ("assets", "The registered models, code and environments the online deployments use.", "modules/assets.bicep",
     "assets.tf"),
    ("online_endpoints", "Managed online endpoints and their deployments.", "modules/online-endpoints.bicep",
     "online_endpoints.tf"),
    ("online_endpoint_traffic", "Traffic shares, set once the deployments exist.",
     "modules/online-endpoint-traffic.bicep", "online_endpoints.tf"),
    ("policy", "Azure Policy assignments that keep the resource group's workspaces and compute isolated.",
     "modules/policy.bicep", "policy.tf"),
)


def _inputs(intent: Intent) -> tuple[Input, ...]:
    inputs = [
        Input("location", "string", "Azure region of every resource.", intent.location),
        Input("tags", "object", "Tags applied to every resource.", dict(intent.tags), required=False),
        Input("workspace_name", "string", "Name of the Azure Machine Learning workspace.",
              name_of(intent, "workspace")),
    ]
    if access.user_assigned(intent):
        inputs.append(Input("workspace_identity_name", "string", "Name of the workspace's user-assigned identity.",
                            name_of(intent, "user_assigned_identity")))
    for kind in KINDS:
        spec = kind.spec_of(intent.resources)
        if spec.existing_id is not None:
            inputs.append(Input(f"{kind.key}_id", "string", f"ID of the existing {kind.label} the workspace uses.",
                                spec.existing_id))
            continue
        inputs += [Input(part.input, "string", f"Name of the {part.label}.",
                         name_of(intent, part.input.removesuffix("_name"))) for part in kind.names]
    pe = intent.inbound.private_endpoint
    if pe is not None and pe.virtual_network is not None:
        inputs.append(Input("virtual_network_name", "string", "Name of the virtual network for private endpoints.",
                            name_of(intent, "virtual_network")))
    if pe is not None and pe.subnet_id is not None:
        inputs.append(Input(PE_SUBNET_INPUT, "string", "ID of the existing subnet the private endpoints are "
                            "placed in.", pe.subnet_id))
    if intent.dns.zones == "existing":
        inputs.append(Input(EXISTING_ZONE_IDS, "object", "IDs of the existing private DNS zones, by zone name.",
                            dict(intent.dns.zone_ids)))
    hub = intent.network.existing_hub if intent.network is not None else None
    if hub is not None:
        inputs.append(Input(network.HUB_VNET_INPUT, "string", "ID of the existing hub virtual network the spoke "
                            "peers with.", hub.virtual_network_id))
        inputs.append(Input(network.HUB_FIREWALL_IP_INPUT, "string", "Private IP address of the existing hub "
                            "firewall: the compute subnets' next hop.", hub.firewall_private_ip))
    for spec in intent.network.isolated_networks if intent.network is not None else []:
        key = isolated_key(spec.name)
        inputs.append(Input(f"{key}_private_endpoint_subnet_id", "string",
                            f"ID of the existing subnet in the {spec.name} network for its private endpoints.",
                            spec.subnet_id))
        inputs.append(Input(f"{key}_private_dns_zone_ids", "object",
                            f"IDs of the {spec.name} network's existing private DNS zones, by zone name.",
                            dict(spec.dns_zone_ids)))
    return tuple(inputs)


def _outputs(intent: Intent) -> tuple[Output, ...]:
    outputs = [
        Output("workspace_id", "Resource ID of the Machine Learning workspace.", Ref("workspace")),
        Output("workspace_name", "Name of the Machine Learning workspace.", Ref("workspace", "name")),
        Output("workspace_principal_id", "Principal ID of the identity the workspace acts as.",
               access.principal(intent)),
    ]
    for kind in KINDS:
        value = Ref(kind.key) if creates(intent, kind.key) else Param(f"{kind.key}_id")
        outputs.append(Output(f"{kind.key}_id", f"Resource ID of the {kind.label}.", value))
    pe = intent.inbound.private_endpoint
    if pe is not None and pe.virtual_network is not None:
        outputs.append(Output("virtual_network_id", "Resource ID of the virtual network.", Ref("virtual_network")))
    if intent.network is not None:
        if intent.network.hub is not None:
            outputs.append(Output("hub_virtual_network_id", "Resource ID of the hub virtual network.",
                                  Ref(vnet_key("hub"))))
        outputs.append(Output("spoke_virtual_network_id", "Resource ID of the spoke virtual network.",
                              Ref(vnet_key("spoke"))))
        if intent.network.hub is not None and intent.network.hub.dns_resolver_inbound_prefix is not None:
            outputs.append(Output("dns_resolver_inbound_ip", "Address DNS servers forward the private link zones to.",
                                  Ref("dns_resolver_inbound", "properties.ipConfigurations[0].privateIpAddress")))
    if intent.endpoints:
        outputs.append(Output("workspace_guid", "The workspace's immutable GUID (property workspaceId).",
                              endpoints.WORKSPACE_GUID))
    if endpoints.has_inference_dns(intent):
        zone = WORKSPACE_GROUP.zones[0].name(intent.cloud)
        outputs.append(Output("inference_dns_record", f"Wildcard A record for online endpoints, in the {zone} zone.",
                              endpoints.inference_record()))
    return tuple(outputs)


def _resources(intent: Intent) -> tuple[Resource, ...]:
    resources: list[Resource] = [*access.identity_resources(intent)]
    if intent.network is not None:
        resources += network.network_resources(intent)
        resources += existing.spoke_resources(intent)
        resources += egress.egress_resources(intent)
    resources += inbound.inbound_vnet(intent)
    resources += dns.dns_zones(intent)
    for kind in KINDS:
        spec = kind.spec_of(intent.resources)
        if spec.existing_id is None:
            resources += kind.lower(spec, kind_facts(intent, kind))
    resources.append(workspace.workspace(intent))
    resources += inbound.private_endpoints(intent)
    resources += outbound.outbound_rules(intent)
    resources += assets.asset_resources(intent)
    resources += endpoints.endpoint_resources(intent, outbound.network_ready(intent, tuple(resources)))
    resources += policy.policy_resources(intent)
    roles = access.role_assignments(intent, tuple(resources))
    waits = access.before_workspace(intent, roles)
    # The workspace waits for its identity's roles on the resources it uses: a reference cannot say so.
    resources = [replace(r, depends_on=(*r.depends_on, *waits)) if r.key == workspace.KEY and waits else r
                 for r in resources]
    return policy.after_policies(intent, _in_module_order((*resources, *roles)))


def _in_module_order(resources: tuple[Resource, ...]) -> tuple[Resource, ...]:
    """Role assignments after the other resources of their module, so a module reads as what it creates and
    then who may use it (a module of role assignments only keeps its place)."""
    first = [r for r in resources if r.type != access.ROLE_ASSIGNMENT]
    roles = [r for r in resources if r.type == access.ROLE_ASSIGNMENT]
    placed = {r.module for r in first}
    ordered: list[Resource] = []
    for resource in resources:
        if resource.type == access.ROLE_ASSIGNMENT:
            if resource.module not in placed:
                ordered.append(resource)
            continue
        ordered.append(resource)
        if resource is next((r for r in reversed(first) if r.module == resource.module), None):
            ordered += [role for role in roles if role.module == resource.module]
    return tuple(ordered)


def _modules(intent: Intent, resources: tuple[Resource, ...]) -> tuple[Module, ...]:
    used = {resource.module for resource in resources}
    created = [kind.label for kind in KINDS if creates(intent, kind.key)]
    associated = (", ".join(created[:-1]) + " and " + created[-1] if len(created) > 1 else "".join(created))
    notes = {
        "network": network.notes(intent) if intent.network is not None else (),
        "private_endpoints": ("Inbound private endpoints in the customer's subnet: clients reach the workspace (and "
                              "its online endpoints) and the associated resources through these.",),
        "outbound_rules": ("The service can drop outbound rules that are created in parallel, so they are created "
                           "one at a time.",),
        "online_endpoints": endpoints.dns_notes(intent),
    }
    modules = []
    for key, description, bicep_file, terraform_file in _MODULES:
        if key not in used:
            continue
        if key == "network" and intent.network is None:
            description = "Virtual network and subnets for the private endpoints."
        if key == "associated_resources":
            description = f"The {associated} the workspace depends on."
        modules.append(Module(key, description, bicep_file, terraform_file, notes.get(key, ())))
    modules += [module for module in (*existing.spoke_modules(intent), *firewall.hub_rules_modules(intent),
                                      *dns.link_modules(intent), *policy.policy_modules(intent),
                                      *inbound.scoped_modules(intent)) if module.key in used]
    return tuple(modules)


def build_deployment(intent: Intent, source: str) -> Deployment:
    resources = _resources(intent)
    notes = []
    if has_workspace_private_endpoint(intent) and intent.dns.zones == "none":
        notes.append("DNS zones are not created: configure conditional forwarders (see DNS-FORWARDERS.md).")
    if has_workspace_private_endpoint(intent) and intent.dns.zones == "policy":
        notes.append("DNS zone groups are added by the landing zone's Azure Policy, not by this module (Private "
                     "Link and DNS integration at scale; see DNS-FORWARDERS.md).")
    return Deployment(
        source=source,
        prefix=intent.name,
        location=intent.location,
        cloud=intent.cloud,
        inputs=_inputs(intent),
        outputs=_outputs(intent),
        modules=_modules(intent, resources),
        resources=resources,
        immutable=(*workspace.immutable_settings(intent), *endpoints.egress_settings(intent)),
        notes=tuple(notes),
        dns_mode=intent.dns.zones,
        dns_servers=dns.resolution(intent),
        forwarders=dns.forwarders(intent),
        online_endpoints=endpoints.endpoint_docs(intent),
        egress=egress.egress_docs(intent),
        prerequisites=prerequisites(intent, resources),
        firewall_handoff=firewall.handoff(intent),
        resource_group=intent.resource_group,
        recreate_notes=recreate.notes(intent),
        deployer_permissions=(*access.deployer_permissions(intent, resources), *deployer_grants(intent, resources)),
        manual_grants=access.manual_grants(intent),
    )
