"""The Bicep view of a plan: modules, their parameters and how main.bicep wires them together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amlgen.azure import versions
from amlgen.azure.tables import STORAGE_SUFFIX
from amlgen.plan.model import DnsZone, Input, Plan, PrivateEndpoint, Ref
from amlgen.render.bicep_network import BicepNetworkView
from amlgen.render.endpoints import BICEP_REFS, BicepEndpoints
from amlgen.render.environment import camel, each
from amlgen.render.escape import bicep_string
from amlgen.render.values import bicep_value


def holds_cloud_host(value: Any, cloud: str) -> bool:
    """Whether a value (or any string in it, keys included) contains the cloud's storage host."""
    host = STORAGE_SUFFIX[cloud]
    if isinstance(value, str):
        return host in value
    if isinstance(value, dict):
        return any(holds_cloud_host(k, cloud) or holds_cloud_host(v, cloud) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(holds_cloud_host(v, cloud) for v in value)
    return False


# Plan resource key -> (module symbol, output name) of the module that creates it.
_OUTPUTS = {
    ("workspace", "id"): ("workspace", "workspaceId"),
    ("workspace", "name"): ("workspace", "workspaceName"),
    ("workspace", "principal_id"): ("workspace", "principalId"),
    ("storage_account", "id"): ("associatedResources", "storageAccountId"),
    ("key_vault", "id"): ("associatedResources", "keyVaultId"),
    ("container_registry", "id"): ("associatedResources", "containerRegistryId"),
    ("application_insights", "id"): ("associatedResources", "applicationInsightsId"),
    ("virtual_network", "id"): ("network", "virtualNetworkId"),
    ("hub_virtual_network", "id"): ("network", "hubVirtualNetworkId"),
    ("spoke_virtual_network", "id"): ("network", "spokeVirtualNetworkId"),
    ("dns_resolver_inbound", "ip"): ("network", "dnsResolverInboundIp"),
}


@dataclass(frozen=True)
class ModuleParam:
    name: str
    type: str
    description: str
    value: str  # the expression main.bicep passes


@dataclass(frozen=True)
class Module:
    symbol: str
    file: str  # path relative to main.bicep
    template: str
    description: str
    params: tuple[ModuleParam, ...]


class BicepView:
    """Helpers the Bicep templates call; they format, they do not decide."""

    versions = versions

    def __init__(self, plan: Plan):
        self.plan = plan
        self.net = BicepNetworkView(plan.customer_network)
        self.endpoints = BicepEndpoints(plan)
        self.modules = self._modules()

    # --- expressions ----------------------------------------------------------------------------
    def ref(self, ref: Ref) -> str:
        """How main.bicep spells a reference."""
        if ref.kind == "input":
            expression = camel(ref.key)
            if ref.attr == "virtual_network_id":
                return f"join(take(split({expression}, '/'), 9), '/')"
            return expression
        if ref.key == "online_endpoints":
            return BICEP_REFS[ref.attr]
        if ref.key.startswith("subnet_"):
            return f"network.outputs.{camel(ref.key.removeprefix('subnet_'))}SubnetId"
        module, output = _OUTPUTS[(ref.key, ref.attr)]
        return f"{module}.outputs.{output}"

    def zone_param(self, zone: DnsZone) -> str:
        return f"{camel(zone.key)}ZoneId"

    def zone_name(self, zone: DnsZone) -> str:
        """A zone name as a Bicep string. Names under the cloud's storage suffix take it from
        environment(): the linter's no-hardcoded-env-urls rule rejects a literal core.windows.net."""
        suffix = STORAGE_SUFFIX[self.plan.cloud]
        if zone.name.endswith("." + suffix):
            return bicep_string(zone.name.removesuffix(suffix))[:-1] + "${environment().suffixes.storage}'"
        return bicep_string(zone.name)

    def dns_notes(self) -> list[str]:
        """Comment lines above the zones, when a zone name needs explaining."""
        if any(self.zone_name(zone).endswith("suffixes.storage}'") for zone in self.plan.dns.zones):
            return ["Storage zone names take the cloud's suffix from environment(): the Bicep linter",
                    "rejects a literal core.windows.net host (no-hardcoded-env-urls)."]
        return []

    def zone_id(self, zone: DnsZone) -> str:
        if zone.existing:
            return f"{camel(zone.input)}[{self.zone_name(zone)}]"
        return f"dns.outputs.{self.zone_param(zone)}"

    def subnet_param(self, endpoint: PrivateEndpoint) -> str:
        """subnetId for the workspace network's endpoints; an isolated network's endpoints name theirs."""
        if endpoint.subnet_id == self.plan.private_endpoints[0].subnet_id:
            return "subnetId"
        return camel(endpoint.subnet_id.key.removesuffix("_private_endpoint_subnet_id") + "_subnet_id")

    def target_param(self, endpoint: PrivateEndpoint) -> str:
        return camel(f"{endpoint.target.key.removesuffix('_id')}_id")

    def value(self, value: Any, indent: int = 0) -> str:
        return bicep_value(value, indent)

    @staticmethod
    def access(public: bool) -> str:
        return "'Enabled'" if public else "'Disabled'"

    @staticmethod
    def bool(flag: bool) -> str:
        return "true" if flag else "false"

    def skips(self, resource: str) -> list[str]:
        """The checkov suppressions the plan decided for a resource, as comment text."""
        return [f"checkov:skip={e.check}:{e.reason}" for e in self.plan.scan_skips(resource, "bicep")]

    each = staticmethod(each)

    @staticmethod
    def camel(snake: str) -> str:
        return camel(snake)

    def declaration(self, item: Input) -> str:
        """'param name type', with ' = default' unless the value names a cloud-specific host: such values
        come from main.bicepparam only, so main.bicep passes the linter's no-hardcoded-env-urls rule."""
        head = f"param {camel(item.name)} {item.type}"
        if holds_cloud_host(item.value, self.plan.cloud):
            return head
        return f"{head} = {self.default(item.name, item.value)}"

    def default(self, name: str, value: Any) -> str:
        # The Bicep linter wants location to follow the resource group unless the caller says otherwise;
        # main.bicepparam passes the intent's region.
        return "resourceGroup().location" if name == "location" else bicep_value(value)

    def rule_objects(self) -> list[dict[str, Any]]:
        return [{"name": rule.name, "properties": {"type": rule.type, "destination": rule.destination}}
                for rule in self.plan.outbound_rules]

    def api(self, arm_type: str) -> str:
        return versions.arm_type_version(arm_type)

    def zone_groups(self, endpoint: PrivateEndpoint) -> list[list[DnsZone]]:
        return [list(endpoint.zones)] if endpoint.zones else []

    # --- modules --------------------------------------------------------------------------------
    def _common(self) -> list[ModuleParam]:
        return [ModuleParam("location", "string", "Azure region of the resources.", "location"),
                ModuleParam("tags", "object", "Tags applied to the resources.", "tags")]

    def _name(self, input_name: str, label: str) -> ModuleParam:
        return ModuleParam(camel(input_name), "string", f"Name of the {label}.", camel(input_name))

    def _modules(self) -> tuple[Module, ...]:
        plan = self.plan
        modules: list[Module] = []
        if plan.virtual_network is not None:
            modules.append(Module("network", "modules/network.bicep", "modules/network.bicep.j2",
                                  "Virtual network and subnets for the private endpoints.",
                                  (*self._common(), self._name("virtual_network_name", "virtual network"))))
        elif plan.customer_network is not None:
            modules.append(Module("network", "modules/network.bicep", "modules/customer-network.bicep.j2",
                                  "Hub and spoke virtual networks and the control of compute egress.",
                                  tuple(self._common())))
        created_zones = [zone for zone in plan.dns.zones if not zone.existing]
        if created_zones:
            assert plan.dns.virtual_network_id is not None
            modules.append(Module("dns", "modules/dns.bicep", "modules/dns.bicep.j2",
                                  "Private DNS zones and their virtual network links.",
                                  (ModuleParam("tags", "object", "Tags applied to the resources.", "tags"),
                                   ModuleParam("virtualNetworkId", "string", "Virtual network the zones link to.",
                                               self.ref(plan.dns.virtual_network_id)),
                                   *(ModuleParam(f"{camel(link.key)}VirtualNetworkId", "string",
                                                 "Further virtual network the zones link to.",
                                                 self.ref(link.virtual_network_id))
                                     for link in plan.dns.extra_links))))
        associated = []
        names = {item.name for item in plan.inputs}
        for kind, label in (("storage_account", "storage account"), ("key_vault", "key vault"),
                            ("container_registry", "container registry"),
                            ("application_insights", "Application Insights component"),
                            ("log_analytics_workspace", "Log Analytics workspace")):
            if f"{kind}_name" in names:
                associated.append(self._name(f"{kind}_name", label))
        if associated:
            modules.append(Module("associatedResources", "modules/associated-resources.bicep",
                                  "modules/associated-resources.bicep.j2",
                                  "Storage, key vault, container registry and Application Insights.",
                                  (*self._common(), *associated)))
        ws = plan.workspace
        modules.append(Module("workspace", "modules/workspace.bicep", "modules/workspace.bicep.j2",
                              "The Azure Machine Learning workspace and its managed virtual network.",
                              (*self._common(), self._name("workspace_name", "Machine Learning workspace"),
                               ModuleParam("storageAccountId", "string", "Default storage account.",
                                           self.ref(ws.storage_account_id)),
                               ModuleParam("keyVaultId", "string", "Key vault.", self.ref(ws.key_vault_id)),
                               ModuleParam("containerRegistryId", "string", "Container registry.",
                                           self.ref(ws.container_registry_id)),
                               ModuleParam("applicationInsightsId", "string", "Application Insights component.",
                                           self.ref(ws.application_insights_id)))))
        if plan.private_endpoints:
            params = [*self._common(), ModuleParam("subnetId", "string", "Subnet of the private endpoints.",
                                                   self.ref(plan.private_endpoints[0].subnet_id))]
            for endpoint in plan.private_endpoints:
                subnet = self.subnet_param(endpoint)
                if all(p.name != subnet for p in params):
                    params.append(ModuleParam(subnet, "string", "Subnet of an isolated network's private endpoints.",
                                              self.ref(endpoint.subnet_id)))
                name = self.target_param(endpoint)
                if all(p.name != name for p in params):
                    params.append(ModuleParam(name, "string", f"Target of the {endpoint.group} private endpoint.",
                                              self.ref(endpoint.target)))
                for zone in endpoint.zones:
                    zone_name = self.zone_param(zone)
                    if all(p.name != zone_name for p in params):
                        params.append(ModuleParam(zone_name, "string",
                                                  f"ID of the private DNS zone of the {zone.purpose}.",
                                                  self.zone_id(zone)))
            modules.append(Module("privateEndpoints", "modules/private-endpoints.bicep",
                                  "modules/private-endpoints.bicep.j2",
                                  "Inbound private endpoints and their DNS zone groups.", tuple(params)))
        if plan.outbound_rules:
            modules.append(Module("outboundRules", "modules/outbound-rules.bicep", "modules/outbound-rules.bicep.j2",
                                  "Outbound rules of the workspace's managed virtual network.",
                                  (ModuleParam("workspaceName", "string", "Workspace the rules belong to.",
                                               self.ref(Ref("resource", "workspace", "name"))),)))
        modules += self._endpoint_modules()
        return tuple(modules)

    def _endpoint_modules(self) -> list[Module]:
        endpoints = self.plan.online_endpoints
        if endpoints is None:
            return []
        modules = [Module("onlineEndpoints", "modules/online-endpoints.bicep", "modules/online-endpoints.bicep.j2",
                          "Managed online endpoints and their deployments.",
                          (*self._common(), ModuleParam("workspaceName", "string", "Workspace of the endpoints.",
                                                        self.ref(Ref("resource", "workspace", "name")))))]
        if endpoints.traffic_endpoints:
            # The workspace name passed through the endpoints module makes this module wait for the deployments.
            modules.append(Module("onlineEndpointTraffic", "modules/online-endpoint-traffic.bicep",
                                  "modules/online-endpoint-traffic.bicep.j2",
                                  "Traffic shares, set once the deployments exist.",
                                  (*self._common(), ModuleParam("workspaceName", "string",
                                                                "Workspace of the endpoints.",
                                                                "onlineEndpoints.outputs.workspaceName"))))
        return modules

    def module(self, symbol: str) -> Module:
        for module in self.modules:
            if module.symbol == symbol:
                return module
        raise KeyError(symbol)


def files(view: BicepView) -> list[tuple[str, str, Module | None]]:
    chosen: list[tuple[str, str, Module | None]] = [("main.bicep.j2", "main.bicep", None),
                                                    ("main.bicepparam.j2", "main.bicepparam", None)]
    chosen += [(module.template, module.file, module) for module in view.modules]
    if view.plan.dns.forwarders:
        template = "DNS-FORWARDERS-resolver.md.j2" if view.plan.dns.forwarder_via_resolver else "DNS-FORWARDERS.md.j2"
        chosen.append((template, "DNS-FORWARDERS.md", None))
    return chosen
