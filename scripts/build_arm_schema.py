#!/usr/bin/env python3
"""Rebuild tests/data/arm_schema.json: JSON Schemas of the `properties` of the ARM resources amlgen emits.

The schemas are generated from the REST models that Azure's Python SDKs carry, so the test suite can
validate Bicep and azapi bodies with jsonschema without importing any SDK. Run it with a Python that
has the SDKs installed (a throwaway venv; never the project's):

    python3 -m venv /tmp/arm-sdk && /tmp/arm-sdk/bin/pip install azure-ai-ml==1.35.2 \
        azure-mgmt-network==33.1.0 azure-mgmt-storage==25.3.0 azure-mgmt-keyvault==14.1.0 \
        azure-mgmt-containerregistry==15.0.0 azure-mgmt-applicationinsights==4.1.0 \
        azure-mgmt-loganalytics==14.0.0 azure-mgmt-privatedns==2.0.0 azure-mgmt-dnsresolver==1.1.0 \
        azure-mgmt-authorization==4.0.0 azure-mgmt-msi==7.1.0 azure-mgmt-resource-policy==1.0.0
    /tmp/arm-sdk/bin/python scripts/build_arm_schema.py

Machine Learning models come from azure-ai-ml's vendored `azure.ai.ml._restclient.arm_ml_service`
(API 2025-12-01): `azure-mgmt-machinelearningservices` stops at 2020-08-01, before managed networks
and online endpoints. In the generated schema:
- every object has `additionalProperties: false`, so a misspelled property is an error;
- an SDK enum becomes a JSON Schema `enum` of its known values (the SDKs also accept other strings;
  amlgen must not emit any);
- a server-only property (visibility `read` only, or msrest `readonly`) carries `readOnly: true`, which
  the tests turn into an error when the property is set;
- a property the SDK requires (and the server does not set) is `required`;
- a polymorphic model (`__mapping__`) dispatches on its discriminator with if/then.
"""

from __future__ import annotations

import datetime
import enum
import importlib
import importlib.metadata
import json
import re
import sys
import typing
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "arm_schema.json"

# (distribution, models module, API version its models describe, {ARM type: resource model class}).
SOURCES: list[tuple[str, str, str, dict[str, str]]] = [
    ("azure-ai-ml", "azure.ai.ml._restclient.arm_ml_service.models", "2025-12-01", {
        "Microsoft.MachineLearningServices/workspaces": "Workspace",
        "Microsoft.MachineLearningServices/workspaces/outboundRules": "OutboundRuleBasicResource",
        "Microsoft.MachineLearningServices/workspaces/onlineEndpoints": "OnlineEndpoint",
        "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments": "OnlineDeployment",
        "Microsoft.MachineLearningServices/workspaces/computes": "ComputeResource",
        "Microsoft.MachineLearningServices/workspaces/models": "ModelContainer",
        "Microsoft.MachineLearningServices/workspaces/models/versions": "ModelVersion",
        "Microsoft.MachineLearningServices/workspaces/codes": "CodeContainer",
        "Microsoft.MachineLearningServices/workspaces/codes/versions": "CodeVersion",
        "Microsoft.MachineLearningServices/workspaces/environments": "EnvironmentContainer",
        "Microsoft.MachineLearningServices/workspaces/environments/versions": "EnvironmentVersion",
    }),
    ("azure-mgmt-network", "azure.mgmt.network.models", "2026-03-01", {
        "Microsoft.Network/virtualNetworks": "VirtualNetwork",
        "Microsoft.Network/virtualNetworks/subnets": "Subnet",
        "Microsoft.Network/virtualNetworks/virtualNetworkPeerings": "VirtualNetworkPeering",
        "Microsoft.Network/privateEndpoints": "PrivateEndpoint",
        "Microsoft.Network/privateEndpoints/privateDnsZoneGroups": "PrivateDnsZoneGroup",
        "Microsoft.Network/networkSecurityGroups": "NetworkSecurityGroup",
        "Microsoft.Network/networkSecurityGroups/securityRules": "SecurityRule",
        "Microsoft.Network/routeTables": "RouteTable",
        "Microsoft.Network/routeTables/routes": "Route",
        "Microsoft.Network/azureFirewalls": "AzureFirewall",
        "Microsoft.Network/firewallPolicies": "FirewallPolicy",
        "Microsoft.Network/firewallPolicies/ruleCollectionGroups": "FirewallPolicyRuleCollectionGroup",
        "Microsoft.Network/publicIPAddresses": "PublicIPAddress",
        "Microsoft.Network/natGateways": "NatGateway",
        "Microsoft.Network/serviceEndpointPolicies": "ServiceEndpointPolicy",
    }),
    ("azure-mgmt-privatedns", "azure.mgmt.privatedns.models", "2024-06-01", {
        "Microsoft.Network/privateDnsZones": "PrivateZone",
        "Microsoft.Network/privateDnsZones/virtualNetworkLinks": "VirtualNetworkLink",
        "Microsoft.Network/privateDnsZones/A": "RecordSet",
    }),
    ("azure-mgmt-dnsresolver", "azure.mgmt.dnsresolver.models", "2025-05-01", {
        "Microsoft.Network/dnsResolvers": "DnsResolver",
        "Microsoft.Network/dnsResolvers/inboundEndpoints": "InboundEndpoint",
    }),
    ("azure-mgmt-storage", "azure.mgmt.storage.models", "2026-09-01", {
        "Microsoft.Storage/storageAccounts": "StorageAccountCreateParameters",
    }),
    ("azure-mgmt-keyvault", "azure.mgmt.keyvault.models", "2026-05-15", {
        "Microsoft.KeyVault/vaults": "VaultCreateOrUpdateParameters",
    }),
    ("azure-mgmt-containerregistry", "azure.mgmt.containerregistry.models", "2025-11-01", {
        "Microsoft.ContainerRegistry/registries": "Registry",
    }),
    ("azure-mgmt-loganalytics", "azure.mgmt.loganalytics.models", "2025-07-01", {
        "Microsoft.OperationalInsights/workspaces": "Workspace",
    }),
    ("azure-mgmt-applicationinsights", "azure.mgmt.applicationinsights.v2020_02_02.models", "2020-02-02", {
        "Microsoft.Insights/components": "ApplicationInsightsComponent",
    }),
    ("azure-mgmt-authorization", "azure.mgmt.authorization.v2022_04_01.models", "2022-04-01", {
        "Microsoft.Authorization/roleAssignments": "RoleAssignmentCreateParameters",
    }),
    ("azure-mgmt-resource-policy", "azure.mgmt.resource.policy.models", "2026-06-01", {
        "Microsoft.Authorization/policyAssignments": "PolicyAssignment",
    }),
    ("azure-mgmt-msi", "azure.mgmt.msi.v2024_11_30.models", "2024-11-30", {
        "Microsoft.ManagedIdentity/userAssignedIdentities": "Identity",
    }),
]

# Actions (POST bodies) amlgen calls: (distribution, models module, API version, {ARM type/action: body model}).
ACTIONS: list[tuple[str, str, str, dict[str, str]]] = [
    ("azure-ai-ml", "azure.ai.ml._restclient.arm_ml_service.models", "2025-12-01", {
        "Microsoft.MachineLearningServices/workspaces/provisionManagedNetwork": "ManagedNetworkProvisionOptions",
    }),
]

_PRIMITIVES: dict[object, dict] = {
    str: {"type": "string"}, bool: {"type": "boolean"}, int: {"type": "integer"}, float: {"type": "number"},
    datetime.datetime: {"type": "string"}, datetime.date: {"type": "string"}, datetime.timedelta: {"type": "string"},
    bytes: {"type": "string"}, typing.Any: {}, object: {},
}
_MSREST_PRIMITIVES = {"str": "string", "bool": "boolean", "int": "integer", "long": "integer", "float": "number",
                      "iso-8601": "string", "rfc-1123": "string", "duration": "string", "date": "string",
                      "bytearray": "string", "base64": "string", "unix-time": "integer"}


class Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict] = {}

    # --- models generated by TypeSpec (azure-ai-ml, most azure-mgmt-* packages) -----------------------

    def _hints(self, cls: type, module: object) -> dict[str, object]:
        return typing.get_type_hints(cls, globalns=vars(sys.modules[cls.__module__]),
                                     localns={"_models": module})

    def _fields(self, cls: type) -> dict[str, object]:
        cls.__new__(cls)  # the SDK computes _attr_to_rest_field on first instantiation
        return cls._attr_to_rest_field

    def typed(self, annotation: object, module: object) -> dict:
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if annotation in _PRIMITIVES:
            return dict(_PRIMITIVES[annotation])
        if origin is typing.Literal:
            return {"const": args[0].value if isinstance(args[0], enum.Enum) else args[0]}
        if origin is typing.Union:
            kept = [a for a in args if a is not type(None)]
            enums = [a for a in kept if isinstance(a, type) and issubclass(a, enum.Enum)]
            if enums:
                return {"type": "string", "enum": sorted({m.value for e in enums for m in e})}
            if len(kept) == 1:
                return self.typed(kept[0], module)
            return {"anyOf": [self.typed(a, module) for a in kept]}
        if origin in (list, typing.List):  # noqa: UP006
            return {"type": "array", "items": self.typed(args[0], module)}
        if origin in (dict, typing.Dict):  # noqa: UP006
            return {"type": "object", "additionalProperties": self.typed(args[1], module)}
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return {"type": "string", "enum": sorted(m.value for m in annotation)}
        if isinstance(annotation, type):
            return self.model(annotation, module)
        raise TypeError(f"unsupported annotation {annotation!r}")

    def model(self, cls: type, module: object) -> dict:
        name = f"{cls.__module__.split('.models')[0]}.{cls.__name__}"
        ref = {"$ref": f"#/$defs/{name}"}
        if name in self.defs:
            return ref
        self.defs[name] = {}
        if "__mapping__" in vars(cls) and cls.__mapping__:
            self.defs[name] = self._polymorphic(cls, module)
            return ref
        if hasattr(cls, "_attribute_map"):
            self.defs[name] = self._msrest(cls, module)
            return ref
        hints = self._hints(cls, module)
        properties, required = {}, []
        for attr, field in self._fields(cls).items():
            schema = self.typed(hints[attr], module)
            if field._visibility == ["read"]:
                schema["readOnly"] = True
            properties[field._rest_name] = schema
            if attr in hints and not _optional(hints[attr]) and not schema.get("readOnly"):
                required.append(field._rest_name)
        self.defs[name] = {"type": "object", "properties": dict(sorted(properties.items())),
                           "additionalProperties": False}
        if required:
            self.defs[name]["required"] = sorted(required)
        return ref

    def _polymorphic(self, cls: type, module: object) -> dict:
        fields = self._fields(cls)
        key = next(f._rest_name for f in fields.values() if f._is_discriminator)
        branches = [{"if": {"properties": {key: {"const": value}}, "required": [key]},
                     "then": self.model(sub, module)} for value, sub in sorted(cls.__mapping__.items())]
        return {"type": "object", "required": [key],
                "properties": {key: {"type": "string", "enum": sorted(cls.__mapping__)}}, "allOf": branches}

    # --- msrest models (multi-API packages such as azure-mgmt-applicationinsights) ---------------------

    def _msrest_type(self, spec: str, cls: type, attr: str, module: object) -> dict:
        if spec.startswith("[") and spec.endswith("]"):
            return {"type": "array", "items": self._msrest_type(spec[1:-1], cls, attr, module)}
        if spec.startswith("{") and spec.endswith("}"):
            return {"type": "object", "additionalProperties": self._msrest_type(spec[1:-1], cls, attr, module)}
        if spec == "object":
            return {}
        if spec == "str":
            hint = typing.get_type_hints(cls.__init__, globalns=vars(sys.modules[cls.__module__]),
                                         localns={"_models": module}).get(attr)
            return self.typed(hint, module) if hint is not None else {"type": "string"}
        if spec in _MSREST_PRIMITIVES:
            return {"type": _MSREST_PRIMITIVES[spec]}
        return self.model(getattr(module, spec), module)

    def _msrest(self, cls: type, module: object) -> dict:
        root: dict = {"type": "object", "properties": {}, "additionalProperties": False}
        validation = getattr(cls, "_validation", {})
        for attr, spec in cls._attribute_map.items():
            path = [part.replace("\\.", ".") for part in re.split(r"(?<!\\)\.", spec["key"])]
            schema = self._msrest_type(spec["type"], cls, attr, module)
            if validation.get(attr, {}).get("readonly"):
                schema["readOnly"] = True
            node = root
            for part in path[:-1]:
                node = node["properties"].setdefault(
                    part, {"type": "object", "properties": {}, "additionalProperties": False})
            node["properties"][path[-1]] = schema
            if validation.get(attr, {}).get("required") and not schema.get("readOnly"):
                node.setdefault("required", []).append(path[-1])
        return root


def _optional(annotation: object) -> bool:
    return typing.get_origin(annotation) is typing.Union and type(None) in typing.get_args(annotation)


def build() -> dict:
    builder = Builder()
    resources: dict[str, dict] = {}
    for distribution, module_name, api_version, types in SOURCES:
        module = importlib.import_module(module_name)
        version = importlib.metadata.version(distribution)
        for arm_type, class_name in types.items():
            ref = builder.model(getattr(module, class_name), module)
            resource = builder.defs[ref["$ref"].rsplit("/", 1)[1]]
            resources[arm_type] = {"api_version": api_version, "source": f"{distribution}=={version}",
                                   "model": class_name, "properties": resource["properties"]["properties"]}
    actions: dict[str, dict] = {}
    for distribution, module_name, api_version, bodies in ACTIONS:
        module = importlib.import_module(module_name)
        version = importlib.metadata.version(distribution)
        for action, class_name in bodies.items():
            actions[action] = {"api_version": api_version, "source": f"{distribution}=={version}",
                               "model": class_name, "body": builder.model(getattr(module, class_name), module)}
    return {"resources": resources, "actions": actions, "$defs": dict(sorted(builder.defs.items()))}


def main() -> None:
    schema = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(schema, indent=None, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {OUT}: {len(schema['resources'])} resource types, {len(schema['actions'])} actions, "
          f"{len(schema['$defs'])} models")


if __name__ == "__main__":
    main()
