#!/usr/bin/env python3
"""Rebuild tests/data/azurerm_baseline.json: the schema keys of every azurerm resource type amlgen can emit, as
the provider's source declares them at the baseline release (v4.0.0), and the release each resource type
first shipped in.

The Terraform target pins azurerm from the newest release any emitted argument needs (its changelog facts
live in generator/amlgen/targets/terraform/provider_floor.py). tests/test_provider_floor.py checks that
every emitted argument either exists at the baseline (this file) or has such a fact, so a new argument
cannot raise the floor unnoticed. Run it against a clone of the provider (no network):

    git clone https://github.com/hashicorp/terraform-provider-azurerm /tmp/azurerm
    python3 scripts/build_azurerm_baseline.py /tmp/azurerm

A schema key is a quoted snake_case name starting a line inside the resource's source file (`"name": {`,
`"tags": commonschema.Tags(),`): a superset of the arguments, so an argument absent here is certainly newer.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "azurerm_baseline.json"
BASELINE = "v4.0.0"
NEWEST = "v4.81.0"

# Terraform type -> its source file (internal/services/...), for the resource types amlgen can emit.
FILES = {
    f"azurerm_{name}": f"internal/services/{service}/{name}_resource.go" for service, names in {
        "machinelearning": ("machine_learning_workspace", "machine_learning_workspace_network_outbound_rule_fqdn",
                            "machine_learning_workspace_network_outbound_rule_private_endpoint",
                            "machine_learning_workspace_network_outbound_rule_service_tag"),
        "storage": ("storage_account",),
        "keyvault": ("key_vault",),
        "containers": ("container_registry",),
        "applicationinsights": ("application_insights",),
        "loganalytics": ("log_analytics_workspace",),
        "network": ("virtual_network", "subnet", "private_endpoint", "public_ip", "route_table",
                    "network_security_group", "nat_gateway", "virtual_network_peering",
                    "subnet_service_endpoint_storage_policy", "subnet_route_table_association",
                    "subnet_network_security_group_association", "subnet_nat_gateway_association",
                    "nat_gateway_public_ip_association"),
        "privatedns": ("private_dns_zone", "private_dns_zone_virtual_network_link"),
        "privatednsresolver": ("private_dns_resolver", "private_dns_resolver_inbound_endpoint"),
        "firewall": ("firewall", "firewall_policy", "firewall_policy_rule_collection_group"),
        "authorization": ("role_assignment",),
        "managedidentity": ("user_assigned_identity",),
    }.items() for name in names
}
# The provider's `features` block.
FEATURES = "internal/provider/features.go"
# Data sources amlgen reads, by Terraform type.
DATA_SOURCES = {"azurerm_client_config": "internal/services/authorization/client_config_data_source.go"}
_KEY = re.compile(r'^\s*"([a-z][a-z0-9_]*)":', re.MULTILINE)
# Blocks built by go-azure-helpers' commonschema identity functions: their keys are not in the resource's file.
_IDENTITY = re.compile(r"commonschema\.\w*Identity\w*\(")
IDENTITY_KEYS = {"type", "identity_ids", "principal_id", "tenant_id"}


def _show(repo: Path, tag: str, path: str) -> str | None:
    found = subprocess.run(["git", "-C", str(repo), "show", f"{tag}:{path}"], capture_output=True, text=True)
    return found.stdout if found.returncode == 0 else None


def _tags(repo: Path) -> list[str]:
    tags = subprocess.run(["git", "-C", str(repo), "tag", "--list", "v4.*"], capture_output=True, text=True,
                          check=True).stdout.split()
    return sorted(tags, key=lambda tag: tuple(int(part) for part in tag[1:].split(".")))


def build(repo: Path) -> dict:
    tags = _tags(repo)
    resources: dict[str, dict] = {}
    for tf_type, path in sorted({**FILES, **DATA_SOURCES}.items()):
        first = next(tag for tag in tags if _show(repo, tag, path) is not None)
        # Generated resources keep their schema in <name>_resource_gen.go beside the hand-written file.
        text = "".join(_show(repo, BASELINE, file) or "" for file in (path, path.replace(".go", "_gen.go")))
        keys = set(_KEY.findall(text)) | (IDENTITY_KEYS if _IDENTITY.search(text) else set())
        resources[tf_type] = {"file": path, "first_release": first[1:], "keys_at_baseline": sorted(keys)}
    features = sorted(set(_KEY.findall(_show(repo, BASELINE, FEATURES) or "")))
    return {"provider": "hashicorp/terraform-provider-azurerm", "baseline": BASELINE[1:],
            "read_at": NEWEST[1:], "resources": resources,
            "features": {"file": FEATURES, "keys_at_baseline": features}}


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    data = build(Path(sys.argv[1]))
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}: {len(data['resources'])} resource types at azurerm {data['baseline']}")


if __name__ == "__main__":
    main()
