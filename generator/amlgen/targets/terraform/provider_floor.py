"""The azurerm release a rendered module needs, derived from what it uses.

Every azurerm resource type, argument and provider feature the module uses existed in azurerm 4.0.0,
unless a fact below says which release first shipped it (from the provider's changelog, or its git history
where the changelog is silent). The module requires the newest of those releases and stays below the next
major version. tests/test_provider_floor.py holds the facts to the provider's source at 4.0.0
(tests/data/azurerm_baseline.json), so an argument newer than 4.0.0 without a fact fails there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from amlgen.records import dataclass
from amlgen.targets.terraform.hcl import Attribute, Block

MAJOR = 4
BASELINE = (4, 0, 0)
CHANGELOG = "hashicorp/terraform-provider-azurerm CHANGELOG-v4.md"


@dataclass(frozen=True)
class Since:
    version: str
    source: str

    @property
    def key(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version.split("."))


# What is newer than azurerm 4.0.0: a resource type, `type.argument[.nested]`, or `provider.features.<path>`.
SINCE: dict[str, Since] = {
    "azurerm_machine_learning_workspace_network_outbound_rule_fqdn": Since(
        "4.8.0", f"{CHANGELOG}, 4.8.0: New Resource `azurerm_machine_learning_workspace_network_outbound_rule_fqdn` "
                 "(#27384)"),
    "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint": Since(
        "4.15.0", f"{CHANGELOG}, 4.15.0: New Resource "
                  "`azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint` (#27874)"),
    "azurerm_machine_learning_workspace_network_outbound_rule_service_tag": Since(
        "4.15.0", f"{CHANGELOG}, 4.15.0: New Resource "
                  "`azurerm_machine_learning_workspace_network_outbound_rule_service_tag` (#27931)"),
    "provider.features.storage.data_plane_available": Since(
        "4.9.0", f"{CHANGELOG}, 4.9.0: `storage` - allow `azurerm_storage_account` to be used in Data Plane "
                 "restrictive environments (#27818)"),
    "azurerm_machine_learning_workspace.managed_network.provision_on_creation_enabled": Since(
        "4.40.0", f"{CHANGELOG}, 4.40.0: `azurerm_machine_learning_workspace` - support "
                  "`provision_on_creation_enabled` property (#30312)"),
    "azurerm_key_vault.rbac_authorization_enabled": Since(
        "4.42.0", "hashicorp/terraform-provider-azurerm #29886 (`azurerm_key_vault` rename `enabled` field, commit "
                  "8ce195de38), first in tag v4.42.0; the changelog does not list it"),
}


def used(blocks: Iterable[Block]) -> Iterator[str]:
    """Every azurerm resource type, data source, argument (type.path) and provider feature the blocks use."""
    for block in blocks:
        if block.type in ("resource", "data") and block.labels and block.labels[0].startswith("azurerm_"):
            yield block.labels[0]
            yield from (f"{block.labels[0]}.{path}" for path in _paths(block.body))
        elif block.type == "provider" and block.labels == ("azurerm",):
            # Its features: an aliased provider's subscription_id is configuration every release takes.
            yield from (f"provider.{path}" for path in _paths(block.body) if path.startswith("features."))


def _paths(body: list[Attribute | Block], prefix: str = "") -> Iterator[str]:
    for item in body:
        if isinstance(item, Block):
            if item.type not in ("lifecycle", "timeouts"):
                yield from _paths(item.body, f"{prefix}{item.type}.")
        elif item.name not in ("depends_on", "provider", "alias"):  # meta-arguments
            yield prefix + item.name


def floor(names: Iterable[str]) -> tuple[int, ...]:
    """The newest release any of these needs (the baseline when none is newer)."""
    return max([BASELINE, *(SINCE[name].key for name in names if name in SINCE)])


def constraint(names: Iterable[str]) -> str:
    """The version constraint for a module that uses these: from the floor, below the next major version."""
    return ">= " + ".".join(str(part) for part in floor(names)) + f", < {MAJOR + 1}.0.0"


def reasons(names: Iterable[str]) -> list[str]:
    """Why the floor is what it is: the uses that set it, for the comment above the requirement."""
    found = set(names)
    top = floor(found)
    if top == BASELINE:
        return []
    return sorted(_describe(name) for name in found if name in SINCE and SINCE[name].key == top)


def _describe(name: str) -> str:
    if name.startswith("provider."):
        return f"the provider feature {name.removeprefix('provider.features.')}"
    tf_type, _, argument = name.partition(".")
    return f"{tf_type}'s {argument}" if argument else tf_type
