#!/usr/bin/env python3
"""Rebuild tests/data/azurerm_schema.json: the azurerm provider schema of the resource types amlgen emits.

The schema comes from the npm package @cdktn/provider-azurerm (it generates one jsii struct per
resource, data source and nested block from the provider's own schema). Run:

    npm pack @cdktn/provider-azurerm@16.1.0 && tar xzf cdktn-provider-azurerm-16.1.0.tgz package/.jsii
    python3 scripts/build_azurerm_schema.py package/.jsii

Each `<module>.<Resource>Config` struct is a resource (or data source): its properties are the
arguments, and struct-typed properties are nested blocks. The Terraform name of every resource and
argument is read from the registry link in its docs, so no camelCase-to-snake_case guessing is needed.
Output shape (the same as shared/reference/azurerm-*-schema.json.gz, plus data sources):

    {"provider": "azurerm", "version": V, "package": P,
     "resources": {type: BLOCK}, "data_sources": {type: BLOCK}}
    BLOCK = {"attributes": {name: {"required": bool, "type": str}},
             "blocks": {name: {"required": bool, "list": bool, "block": BLOCK}}}
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "azurerm_schema.json"

# The resource types amlgen emits, and the ones the customer-VNet and endpoint work is adding.
RESOURCES = sorted({
    "azurerm_machine_learning_workspace",
    "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
    "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
    "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
    "azurerm_machine_learning_compute_cluster",
    "azurerm_machine_learning_compute_instance",
    "azurerm_storage_account",
    "azurerm_key_vault",
    "azurerm_container_registry",
    "azurerm_application_insights",
    "azurerm_log_analytics_workspace",
    "azurerm_virtual_network",
    "azurerm_subnet",
    "azurerm_private_dns_zone",
    "azurerm_private_dns_zone_virtual_network_link",
    "azurerm_private_dns_a_record",
    "azurerm_private_endpoint",
    "azurerm_role_assignment",
    "azurerm_user_assigned_identity",
    "azurerm_network_security_group",
    "azurerm_network_security_rule",
    "azurerm_subnet_network_security_group_association",
    "azurerm_route_table",
    "azurerm_route",
    "azurerm_subnet_route_table_association",
    "azurerm_firewall",
    "azurerm_firewall_policy",
    "azurerm_firewall_policy_rule_collection_group",
    "azurerm_public_ip",
    "azurerm_virtual_network_peering",
    "azurerm_nat_gateway",
    "azurerm_nat_gateway_public_ip_association",
    "azurerm_subnet_nat_gateway_association",
    "azurerm_subnet_service_endpoint_storage_policy",
    "azurerm_private_dns_resolver",
    "azurerm_private_dns_resolver_inbound_endpoint",
    "azurerm_resource_group_policy_assignment",
})
DATA_SOURCES = sorted({
    "azurerm_client_config",
    "azurerm_resource_group",
    "azurerm_subnet",
    "azurerm_virtual_network",
    "azurerm_private_dns_zone",
    "azurerm_firewall_policy",
})

_LINK = re.compile(r"registry\.terraform\.io/providers/hashicorp/azurerm/([\d.]+)/docs/(resources|data-sources)/"
                   r"(\w+)#(\w+)")


def _link(prop: dict) -> re.Match[str] | None:
    docs = prop.get("docs", {})
    return _LINK.search(docs.get("summary", "") + " " + docs.get("remarks", ""))


def _strip_resolvable(typ: dict) -> dict:
    """jsii spells 'value or an unresolved token' as a union with cdktn.IResolvable; drop the token."""
    if "union" in typ:
        kept = [t for t in typ["union"]["types"] if t.get("fqn") != "cdktn.IResolvable"]
        if len(kept) == 1:
            return kept[0]
    return typ


def _type_name(typ: dict) -> str:
    typ = _strip_resolvable(typ)
    if "primitive" in typ:
        return {"string": "string", "boolean": "boolean", "number": "number"}.get(typ["primitive"], typ["primitive"])
    if "collection" in typ:
        kind = typ["collection"]["kind"]
        inner = _type_name(typ["collection"]["elementtype"])
        return f"map({inner})" if kind == "map" else f"array({inner})"
    raise ValueError(f"unexpected attribute type {typ}")


def _struct_of(typ: dict, types: dict) -> tuple[str, bool] | None:
    """(struct fqn, is a list) when the property is a nested block, else None."""
    typ = _strip_resolvable(typ)
    if "fqn" in typ and types.get(typ["fqn"], {}).get("datatype"):
        return typ["fqn"], False
    if "collection" in typ and typ["collection"]["kind"] == "array":
        inner = _strip_resolvable(typ["collection"]["elementtype"])
        if "fqn" in inner and types.get(inner["fqn"], {}).get("datatype"):
            return inner["fqn"], True
    return None


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _block(fqn: str, types: dict) -> dict:
    attributes: dict[str, dict] = {}
    blocks: dict[str, dict] = {}
    for prop in types[fqn].get("properties", []):
        link = _link(prop)
        name = link.group(4) if link else _snake(prop["name"])
        required = not prop.get("optional", False)
        struct = _struct_of(prop["type"], types)
        if struct:
            blocks[name] = {"required": required, "list": struct[1], "block": _block(struct[0], types)}
        else:
            attributes[name] = {"required": required, "type": _type_name(prop["type"])}
    return {"attributes": dict(sorted(attributes.items())), "blocks": dict(sorted(blocks.items()))}


def _configs(types: dict) -> dict[tuple[str, str], str]:
    """(kind, Terraform type) -> fqn of its Config struct, kind being resources or data-sources."""
    found: dict[tuple[str, str], str] = {}
    for fqn, typ in types.items():
        if not (typ.get("datatype") and fqn.endswith("Config") and typ.get("namespace")):
            continue
        for prop in typ.get("properties", []):
            link = _link(prop)
            if link:
                found[(link.group(2), "azurerm_" + link.group(3))] = fqn
                break
    return found


def build(jsii_path: Path) -> dict:
    assembly = json.loads(jsii_path.read_text())
    types = assembly["types"]
    configs = _configs(types)
    version = ""
    for prop in types[configs[("resources", "azurerm_machine_learning_workspace")]]["properties"]:
        link = _link(prop)
        if link:
            version = link.group(1)
            break
    out: dict = {"provider": "azurerm", "version": version,
                 "package": f"{assembly['name']}@{assembly['version']}", "resources": {}, "data_sources": {}}
    for kind, key, names in (("resources", "resources", RESOURCES), ("data-sources", "data_sources", DATA_SOURCES)):
        for name in names:
            out[key][name] = _block(configs[(kind, name)], types)
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    schema = build(Path(sys.argv[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}: {len(schema['resources'])} resources, {len(schema['data_sources'])} data sources, "
          f"azurerm {schema['version']}")


if __name__ == "__main__":
    main()
