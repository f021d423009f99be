"""The azurerm mappings, one module per Azure resource provider; a type with none is created with azapi."""

from __future__ import annotations

import importlib
import pkgutil

from amlgen.arm.model import Resource
from amlgen.targets.terraform.mapping import AzurermType, Child


def _load() -> tuple[AzurermType, ...]:
    found: list[AzurermType] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        found += importlib.import_module(f"{__name__}.{module.name}").MAPPINGS
    return tuple(found)


MAPPINGS = _load()
CHILDREN: dict[str, tuple[AzurermType, Child]] = {
    child.arm_type: (mapping, child) for mapping in MAPPINGS for child in mapping.children}


def _selected(resource: Resource) -> AzurermType | None:
    for mapping in MAPPINGS:
        if mapping.arm_type == resource.type and mapping.select(resource):
            return mapping
    return None


def mapping_for(resource: Resource) -> AzurermType | None:
    """The azurerm mapping of a resource, or None when azurerm has no resource for it or refuses this one
    (azapi then creates it)."""
    mapping = _selected(resource)
    return mapping if mapping is not None and mapping.refuses(resource) is None else None


def refusal(resource: Resource) -> str | None:
    """Why azurerm's resource for this ARM type refuses this resource, or None."""
    mapping = _selected(resource)
    return mapping.refuses(resource) if mapping is not None else None


def by_tf_type(tf_type: str) -> AzurermType | None:
    for mapping in MAPPINGS:
        if mapping.tf_type == tf_type:
            return mapping
    return None
