"""versions.tf and providers.tf: the providers a module requires (azurerm from the release its arguments
need, azapi where azurerm lacks something) and how they are configured (the features its resources need)."""

from __future__ import annotations

from amlgen.arm.model import Scope
from amlgen.azure import versions
from amlgen.targets.terraform import provider_floor
from amlgen.targets.terraform.hcl import Attribute, Block
from amlgen.targets.terraform.mapping import ProviderFeature
from amlgen.targets.terraform.values import Speller


def provider_blocks(features: list[ProviderFeature], azapi: bool, speller: Speller,
                    aliased: list[Scope] | None = None) -> list[Block]:
    """The azurerm provider, one aliased azurerm provider per other subscription the module reaches into, and
    azapi when the module uses it."""
    key_vault = Block("key_vault", body=[Attribute("purge_soft_delete_on_destroy", "false", comments=[
        "The workspace keeps secrets in this vault; keep soft-deleted vaults recoverable."])])
    blocks: dict[str, Block] = {"key_vault": key_vault}
    for feature in features:
        group, _, name = feature.path.partition(".")
        block = blocks.setdefault(group, Block(group))
        if all(not (isinstance(item, Attribute) and item.name == name) for item in block.body):
            block.add(Attribute(name, speller(feature.value), comments=[feature.why]))
    found = [Block("provider", ("azurerm",), body=[Block("features", body=list(blocks.values()))])]
    for scope in aliased or []:
        found.append(Block("provider", ("azurerm",), comments=[
            f"{scope.description[:1].upper()}{scope.description[1:]}, in subscription {scope.subscription_id}."],
            body=[Attribute("alias", speller(scope.key)), Attribute("subscription_id", speller(scope.subscription_id)),
                  Block("features")]))
    if azapi:
        found.append(Block("provider", ("azapi",)))
    return found


def versions_block(used: list[str], azapi_reasons: list[str], speller: Speller) -> Block:
    """The requirements: azurerm from the newest release anything the module uses needs (provider_floor)."""
    floor = provider_floor.reasons(used)
    version = ".".join(str(part) for part in provider_floor.floor(used))
    comments = ([f"azurerm {version} is the first release with {' and '.join(floor)}, the newest this module uses "
                 "(the provider's changelog)."] if floor else [])
    providers = Block("required_providers", body=[Attribute("azurerm", speller(
        {"source": "hashicorp/azurerm", "version": provider_floor.constraint(used)}, 4), comments=comments)])
    if azapi_reasons:
        providers.add(Attribute("azapi", speller({"source": "Azure/azapi", "version": versions.AZAPI_VERSION}, 4),
                                comments=["azapi covers what azurerm lacks: " + "; ".join(azapi_reasons) + "."]))
    return Block("terraform", body=[Attribute("required_version", speller(versions.TERRAFORM_REQUIRED_VERSION)),
                                    providers])
