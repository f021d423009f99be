"""Build the plan from a validated intent."""

from __future__ import annotations

from amlgen.analysis.decisions import (
    ASSOCIATED,
    creates,
    dns_zones_needed,
    effective_access,
    has_workspace_private_endpoint,
    identifier,
    inbound_private_endpoints,
    name_of,
    numbered_unique,
)
from amlgen.azure.ids import parse_resource_id
from amlgen.azure.names import derive
from amlgen.azure.tables import AZURE_DNS_IP
from amlgen.intent.model import FqdnRule, Intent, PrivateEndpointRule, ServiceTagRule
from amlgen.intent.model import OutboundRule as IntentRule
from amlgen.plan import model as p
from amlgen.plan.endpoints import build_endpoints, endpoint_outputs, legacy_mode
from amlgen.plan.network import build_network, isolated_endpoints, isolated_inputs
from amlgen.plan.scan import scan_exceptions

ISOLATION = {
    "disabled": "Disabled",
    "allow_internet_outbound": "AllowInternetOutbound",
    "allow_only_approved_outbound": "AllowOnlyApprovedOutbound",
}

_DESCRIPTIONS = {
    "storage_account": "storage account",
    "key_vault": "key vault",
    "container_registry": "container registry",
    "application_insights": "Application Insights component",
}


def _inputs(intent: Intent) -> tuple[p.Input, ...]:
    inputs = [
        p.Input("location", "string", "Azure region of every resource.", intent.location),
        p.Input("tags", "object", "Tags applied to every resource.", dict(intent.tags), required=False),
        p.Input("workspace_name", "string", "Name of the Azure Machine Learning workspace.",
                name_of(intent, "workspace")),
    ]
    for kind in ASSOCIATED:
        spec = getattr(intent.resources, kind)
        label = _DESCRIPTIONS[kind]
        if spec.existing_id is None:
            inputs.append(p.Input(f"{kind}_name", "string", f"Name of the {label}.", name_of(intent, kind)))
        else:
            inputs.append(p.Input(f"{kind}_id", "string", f"ID of the existing {label} the workspace uses.",
                                  spec.existing_id))
    if creates(intent, "application_insights"):
        inputs.append(p.Input("log_analytics_workspace_name", "string",
                              "Name of the Log Analytics workspace behind Application Insights.",
                              name_of(intent, "log_analytics_workspace")))
    inbound = intent.inbound.private_endpoint
    if inbound is not None and inbound.virtual_network is not None:
        inputs.append(p.Input("virtual_network_name", "string", "Name of the virtual network for private endpoints.",
                              name_of(intent, "virtual_network")))
    if inbound is not None and inbound.subnet_id is not None:
        inputs.append(p.Input("private_endpoint_subnet_id", "string",
                              "ID of the existing subnet the private endpoints are placed in.", inbound.subnet_id))
    if intent.dns.zones == "existing":
        inputs.append(p.Input("private_dns_zone_ids", "object",
                              "IDs of the existing private DNS zones, by zone name.", dict(intent.dns.zone_ids)))
    return (*inputs, *isolated_inputs(intent))


def _resource_ref(intent: Intent, kind: str) -> p.Ref:
    if creates(intent, kind):
        return p.Ref("resource", kind)
    return p.Ref("input", f"{kind}_id")


def _virtual_network(intent: Intent) -> p.VirtualNetwork | None:
    inbound = intent.inbound.private_endpoint
    if inbound is None or inbound.virtual_network is None or inbound.subnet is None:
        return None
    subnet = p.Subnet("private_endpoints", inbound.subnet.name, inbound.subnet.prefix,
                      "Private endpoints of the workspace and its associated resources.")
    return p.VirtualNetwork(tuple(inbound.virtual_network.address_space), (subnet,))


def _subnet_ref(intent: Intent) -> p.Ref:
    inbound = intent.inbound.private_endpoint
    if inbound is not None and inbound.subnet_id is not None:
        return p.Ref("input", "private_endpoint_subnet_id")
    return p.Ref("resource", "subnet_private_endpoints")


def _dns(intent: Intent) -> p.Dns:
    needed = dns_zones_needed(intent)
    mode = intent.dns.zones
    zones = tuple(p.DnsZone(z.key, z.name, z.purpose, existing=(mode == "existing")) for z in needed)
    if mode == "none":
        forwarders = tuple(p.DnsZone(z.key, z.name, z.purpose, existing=False) for z in needed)
        return p.Dns("none", (), None, derive("dns_zone_link", intent.name), forwarders=forwarders,
                     forwarder_target=AZURE_DNS_IP)
    inbound = intent.inbound.private_endpoint
    vnet: p.Ref | None = None
    extra: tuple[p.DnsLink, ...] = ()
    if mode == "create" and zones and intent.network is not None:
        # The spoke's compute resolves the private endpoints; the hub is where enterprises run the DNS
        # forwarders that answer for peered networks and on-premises clients (seed 003).
        vnet = p.Ref("resource", "spoke_virtual_network")
        if intent.network.hub is not None:
            extra = (p.DnsLink("hub", f"link-{intent.name}-hub", p.Ref("resource", "hub_virtual_network")),)
    elif mode == "create" and zones:
        vnet = (p.Ref("resource", "virtual_network") if inbound is not None and inbound.subnet_id is None
                else p.Ref("input", "private_endpoint_subnet_id", attr="virtual_network_id"))
    hub = intent.network.hub if intent.network is not None else None
    if mode == "create" and zones and hub is not None and hub.dns_resolver_inbound_prefix is not None:
        # Enterprise DNS servers forward the private link zones to the resolver, which answers from the
        # zones linked to the hub (seed 003, DNS resolution of private link resources).
        forwarders = tuple(p.DnsZone(z.key, z.name, z.purpose, existing=False) for z in needed)
        return p.Dns(mode, zones, vnet, derive("dns_zone_link", intent.name), forwarders=forwarders,
                     forwarder_target="dns_resolver_inbound_ip", forwarder_via_resolver=True, extra_links=extra)
    return p.Dns(mode, zones, vnet, derive("dns_zone_link", intent.name), extra_links=extra)


def _associated(intent: Intent) -> p.Associated:
    def public(kind: str) -> bool:
        return effective_access(intent, kind) == "enabled"

    res = intent.resources
    storage = None
    if creates(intent, "storage_account"):
        replication = (res.storage_account.sku or "Standard_ZRS").split("_", 1)[1]
        is_public = public("storage_account")
        storage = p.StorageAccount("Standard", replication, is_public, "Allow" if is_public else "Deny")
    vault = None
    if creates(intent, "key_vault"):
        vault = p.KeyVault(res.key_vault.sku or "standard", public("key_vault"),
                           "Allow" if public("key_vault") else "Deny")
    registry = None
    if creates(intent, "container_registry"):
        sku = res.container_registry.sku or "Premium"
        comment = ("Premium: the only tier with private endpoints, which a workspace with a private endpoint "
                   "needs (seeds 002 and 004, Prerequisites)." if sku == "Premium"
                   else f"{sku}: this tier has no private endpoints; the workspace has none either.")
        registry = p.ContainerRegistry(sku, public("container_registry"), comment)
    insights = p.ApplicationInsights(90) if creates(intent, "application_insights") else None
    return p.Associated(storage, vault, registry, insights)


def _workspace(intent: Intent) -> p.Workspace:
    ws = intent.workspace
    network = ws.managed_network
    has_fqdn = any(isinstance(rule, FqdnRule) for rule in network.outbound_rules)
    firewall = None
    notes = []
    if network.isolation_mode != "disabled":
        notes.append("A managed virtual network cannot be turned off once enabled (AML111).")
    if has_fqdn and network.isolation_mode == "allow_only_approved_outbound":
        firewall = network.firewall_sku.capitalize()
        notes.append(f"FQDN rules make Azure provision a managed Azure Firewall, {firewall} SKU, billed to this "
                     "subscription (AML109).")
    if ws.public_network_access == "disabled":
        notes.append("Public network access is disabled: clients reach the workspace through its private endpoint.")
    return p.Workspace(
        friendly_name=ws.friendly_name or name_of(intent, "workspace"),
        description=ws.description or f"Azure Machine Learning workspace {intent.name}, rendered by amlgen.",
        public_network_access=ws.public_network_access == "enabled",
        v1_legacy_mode=ws.v1_legacy_mode,
        isolation_mode=ISOLATION[network.isolation_mode],
        firewall_sku=firewall,
        storage_account_id=_resource_ref(intent, "storage_account"),
        key_vault_id=_resource_ref(intent, "key_vault"),
        container_registry_id=_resource_ref(intent, "container_registry"),
        application_insights_id=_resource_ref(intent, "application_insights"),
        notes=tuple(notes),
        image_build_compute=intent.network.image_build_compute if intent.network is not None else None,
    )


def _outbound_rule(key: str, rule: IntentRule) -> p.OutboundRule:
    if isinstance(rule, FqdnRule):
        return p.OutboundRule(key, rule.name, "FQDN", rule.destination,
                              f"Allow HTTPS and HTTP to {rule.destination} through the managed firewall.")
    if isinstance(rule, ServiceTagRule):
        destination = {"serviceTag": rule.service_tag, "protocol": rule.protocol, "portRanges": rule.port_ranges,
                       "action": "Allow"}
        return p.OutboundRule(key, rule.name, "ServiceTag", destination,
                              f"Allow {rule.protocol} {rule.port_ranges} to the {rule.service_tag} service tag.")
    assert isinstance(rule, PrivateEndpointRule)
    target = parse_resource_id(rule.resource_id)
    destination = {"serviceResourceId": rule.resource_id, "subresourceTarget": rule.subresource,
                   "sparkEnabled": rule.spark_enabled}
    label = f"{target.type} '{target.name}'" if target else rule.resource_id
    return p.OutboundRule(key, rule.name, "PrivateEndpoint", destination,
                          f"Managed private endpoint to the {rule.subresource} sub-resource of {label}.")


def _private_endpoints(intent: Intent, dns: p.Dns) -> tuple[p.PrivateEndpoint, ...]:
    endpoints = []
    zones_by_name = {zone.name: zone for zone in dns.zones}
    from amlgen.azure.tables import PRIVATE_DNS_ZONES

    table = PRIVATE_DNS_ZONES[intent.cloud]
    for endpoint in inbound_private_endpoints(intent):
        target = p.Ref("resource", "workspace") if endpoint.target == "workspace" \
            else _resource_ref(intent, endpoint.target)
        zones = tuple(zones_by_name[name] for name in table[endpoint.group] if name in zones_by_name)
        endpoints.append(p.PrivateEndpoint(
            key=endpoint.key,
            name=derive("private_endpoint", intent.name, endpoint.group),
            group=endpoint.group,
            target=target,
            zones=zones,
            subnet_id=_subnet_ref(intent),
        ))
    return (*endpoints, *isolated_endpoints(intent, tuple(endpoints)))


def _outputs(intent: Intent) -> tuple[p.Output, ...]:
    outputs = [
        p.Output("workspace_id", "Resource ID of the Machine Learning workspace.", p.Ref("resource", "workspace")),
        p.Output("workspace_name", "Name of the Machine Learning workspace.",
                 p.Ref("resource", "workspace", attr="name")),
        p.Output("workspace_principal_id", "Principal ID of the workspace's system-assigned identity.",
                 p.Ref("resource", "workspace", attr="principal_id")),
    ]
    for kind in ASSOCIATED:
        description = f"Resource ID of the {_DESCRIPTIONS[kind]}."
        outputs.append(p.Output(f"{kind}_id", description, _resource_ref(intent, kind)))
    if intent.inbound.private_endpoint is not None and intent.inbound.private_endpoint.subnet_id is None:
        outputs.append(p.Output("virtual_network_id", "Resource ID of the virtual network.",
                                p.Ref("resource", "virtual_network")))
    if intent.network is not None:
        if intent.network.hub is not None:
            outputs.append(p.Output("hub_virtual_network_id", "Resource ID of the hub virtual network.",
                                    p.Ref("resource", "hub_virtual_network")))
        outputs.append(p.Output("spoke_virtual_network_id", "Resource ID of the spoke virtual network.",
                                p.Ref("resource", "spoke_virtual_network")))
        if intent.network.hub is not None and intent.network.hub.dns_resolver_inbound_prefix is not None:
            outputs.append(p.Output("dns_resolver_inbound_ip", "Address DNS servers forward the private link "
                                    "zones to.", p.Ref("resource", "dns_resolver_inbound", attr="ip")))
    return tuple(outputs)


def _immutable(intent: Intent) -> tuple[p.ImmutableSetting, ...]:
    managed = intent.workspace.managed_network.isolation_mode != "disabled"
    return (_managed_network_setting(managed), *_egress_settings(intent))


def _egress_settings(intent: Intent) -> list[p.ImmutableSetting]:
    """Seed 000, Appendix: a legacy deployment's egress flag cannot be changed once it exists."""
    settings = []
    for endpoint in intent.endpoints:
        for deployment in endpoint.deployments:
            flag = deployment.egress_public_network_access
            if flag is None or not legacy_mode(intent):
                continue
            settings.append(p.ImmutableSetting(
                key=f"deployment.{endpoint.name}.{deployment.name}.egress_public_network_access",
                label=f"Egress public network access of deployment {endpoint.name}/{deployment.name}",
                value=flag,
                reason=("Once a deployment exists its egress_public_network_access flag cannot be updated; "
                        "changing it means a new deployment (AML502)."),
            ))
    return settings


def _managed_network_setting(managed: bool) -> p.ImmutableSetting:
    return p.ImmutableSetting(
        key="workspace.managed_network",
        label="Workspace managed virtual network",
        value="enabled" if managed else "disabled",
        reason=("Azure cannot turn a workspace's managed virtual network off once it is enabled (AML111); "
                "turning it off means a new workspace." if managed else
                "It can be enabled later, but once enabled Azure cannot turn it off again (AML111)."),
        changeable_from=("disabled",),
    )


def build_plan(intent: Intent, source: str) -> p.Plan:
    rules = intent.workspace.managed_network.outbound_rules
    keys = numbered_unique([identifier(rule.name) for rule in rules], "_")
    dns = _dns(intent)
    associated, workspace, network = _associated(intent), _workspace(intent), _virtual_network(intent)
    customer_network = build_network(intent)
    notes = []
    if has_workspace_private_endpoint(intent) and dns.mode == "none":
        notes.append("DNS zones are not created: configure conditional forwarders (see DNS-FORWARDERS.md).")
    return p.Plan(
        source=source,
        prefix=intent.name,
        location=intent.location,
        cloud=intent.cloud,
        inputs=_inputs(intent),
        virtual_network=network,
        dns=dns,
        associated=associated,
        workspace=workspace,
        outbound_rules=tuple(_outbound_rule(key, rule) for key, rule in zip(keys, rules, strict=True)),
        private_endpoints=_private_endpoints(intent, dns),
        outputs=_outputs(intent) + endpoint_outputs(intent),
        notes=tuple(notes),
        immutable=_immutable(intent),
        customer_network=customer_network,
        online_endpoints=build_endpoints(intent),
        scan_exceptions=scan_exceptions(associated, workspace, network, customer_network),
    )
