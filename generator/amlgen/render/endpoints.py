"""Spelling the online endpoint plan in each target: ARM bodies as HCL or Bicep objects, and CLI v2 YAML.

Values are (key, value) pairs in output order; a value is a string, int, bool, a nested tuple of
pairs, or a WorkspaceChild (an ID below the workspace, whose prefix each target spells).
"""

from __future__ import annotations

from typing import Any

from amlgen.plan.endpoints import WorkspaceChild
from amlgen.render.environment import camel, each
from amlgen.render.escape import bicep_string, hcl_string, yaml_string
from amlgen.render.values import _IDENT, align_assignments, bicep_key, bicep_value, hcl_value

Pairs = tuple[tuple[str, Any], ...]


def _nested(value: Any) -> bool:
    return isinstance(value, tuple)


def hcl_object(pairs: Pairs, indent: int, workspace_id: str) -> str:
    """An HCL object literal, '=' aligned as terraform fmt aligns it."""
    keys, values = [], []
    for key, value in pairs:
        keys.append(key if _IDENT.fullmatch(key) else hcl_string(key))
        if _nested(value):
            values.append(hcl_object(value, indent + 2, workspace_id))
        elif isinstance(value, WorkspaceChild):
            values.append('"${' + workspace_id + "}" + hcl_string(value.suffix)[1:])
        else:
            values.append(hcl_value(value, indent + 2))
    return "{\n" + "\n".join(align_assignments(keys, values, indent + 2)) + "\n" + " " * indent + "}"


def bicep_object(pairs: Pairs, indent: int, workspace_id: str) -> str:
    pad = " " * (indent + 2)
    lines = []
    for key, value in pairs:
        if _nested(value):
            rendered = bicep_object(value, indent + 2, workspace_id)
        elif isinstance(value, WorkspaceChild):
            rendered = "'${" + workspace_id + "}" + bicep_string(value.suffix)[1:]
        else:
            rendered = bicep_value(value, indent + 2)
        lines.append(f"{pad}{bicep_key(key)}: {rendered}")
    return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"


def yaml_block(pairs: Pairs, indent: int = 0) -> str:
    """A YAML block mapping; every string is double-quoted through yaml_string."""
    pad = " " * indent
    lines = []
    for key, value in pairs:
        if _nested(value):
            lines.append(f"{pad}{key}:\n{yaml_block(value, indent + 2)}")
        elif isinstance(value, bool):
            lines.append(f"{pad}{key}: {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{pad}{key}: {value}")
        else:
            lines.append(f"{pad}{key}: {yaml_string(value)}")
    return "\n".join(lines)


_WORKSPACE_TF = "azurerm_machine_learning_workspace.this"
ENDPOINT_TYPE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"
DEPLOYMENT_TYPE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"

# Terraform spellings of the online_endpoints outputs (the plan's Ref attributes).
TERRAFORM_REFS = {
    "workspace_guid": f"{_WORKSPACE_TF}.workspace_id",
    "inference_dns_record": f'"*.${{{_WORKSPACE_TF}.workspace_id}}.inference.${{var.location}}"',
}
# Bicep: the module outputs that carry them.
BICEP_REFS = {"workspace_guid": "onlineEndpoints.outputs.workspaceGuid",
              "inference_dns_record": "onlineEndpoints.outputs.inferenceDnsRecord"}


class TerraformEndpoints:
    """What online_endpoints.tf.j2 calls: addresses and bodies."""

    def __init__(self, plan: Any):
        self.plan = plan.online_endpoints

    @staticmethod
    def endpoint_address(endpoint: Any) -> str:
        return f"azapi_resource.online_endpoint_{endpoint.key}"

    @staticmethod
    def deployment_address(deployment: Any) -> str:
        return f"azapi_resource.online_deployment_{deployment.key}"

    @staticmethod
    def endpoint_body(endpoint: Any, indent: int = 2) -> str:
        properties = (("authMode", endpoint.auth_mode), ("publicNetworkAccess", endpoint.public_network_access))
        return hcl_object((("properties", properties),), indent, f"{_WORKSPACE_TF}.id")

    @staticmethod
    def deployment_body(deployment: Any, indent: int = 2) -> str:
        sku = (("name", "Default"), ("capacity", deployment.sku_capacity))
        return hcl_object((("sku", sku), ("properties", deployment.properties)), indent, f"{_WORKSPACE_TF}.id")

    @staticmethod
    def traffic_body(endpoint: Any, indent: int = 2) -> str:
        return hcl_object((("properties", (("traffic", endpoint.traffic),)),), indent, f"{_WORKSPACE_TF}.id")

    def depends_on(self, endpoint: Any) -> str:
        addresses = [self.deployment_address(d) for d in endpoint.template_deployments]
        one_line = "[" + ", ".join(addresses) + "]"
        return one_line if len(one_line) < 90 else "[\n" + "".join(f"    {a},\n" for a in addresses) + "  ]"


class BicepEndpoints:
    """What the online endpoint Bicep modules call: symbols and bodies."""

    def __init__(self, plan: Any):
        self.plan = plan.online_endpoints

    @staticmethod
    def symbol(item: Any, suffix: str) -> str:
        return camel(item.key) + suffix

    @staticmethod
    def endpoint_properties(endpoint: Any, traffic: bool = False) -> str:
        pairs: list[tuple[str, Any]] = [("authMode", endpoint.auth_mode),
                                        ("publicNetworkAccess", endpoint.public_network_access)]
        if traffic:
            pairs.append(("traffic", endpoint.traffic))
        return bicep_object(tuple(pairs), 2, "workspace.id")

    @staticmethod
    def deployment_properties(deployment: Any) -> str:
        return bicep_object(deployment.properties, 2, "workspace.id")


class YamlView:
    """What the az ml YAML templates call."""

    @staticmethod
    def block(pairs: Pairs) -> str:
        return yaml_block(pairs)

    each = staticmethod(each)


def yaml_files(plan: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """(template, output path, context) for every endpoint.yml and deployment-<name>.yml."""
    if plan.online_endpoints is None:
        return []
    chosen: list[tuple[str, str, dict[str, Any]]] = []
    chosen.append(("endpoints-summary.md.j2", plan.online_endpoints.summary_file, {}))
    for endpoint in plan.online_endpoints.endpoints:
        chosen.append(("endpoint.yml.j2", endpoint.yaml_file, {"endpoint": endpoint}))
        chosen += [("deployment.yml.j2", d.yaml_file, {"endpoint": endpoint, "deployment": d})
                   for d in endpoint.deployments]
    return chosen
