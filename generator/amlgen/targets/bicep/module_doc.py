"""The module README's parameters and outputs, as main.bicep declares them, defaults written in Bicep."""

from __future__ import annotations

from typing import Any

from amlgen.arm.deployment import Deployment
from amlgen.targets.bicep.printer import holds_cloud_host
from amlgen.targets.bicep.values import camel
from amlgen.targets.documents import DocRow, ModuleDoc
from amlgen.targets.escape import bicep_string
from amlgen.targets.literals import bicep_key


def inline_bicep(value: Any) -> str:
    """A value as a Bicep expression on one line (`{ owner: 'ml-platform' }`), for a table cell."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return bicep_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(inline_bicep(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{bicep_key(key)}: {inline_bicep(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as Bicep")


def module_doc(deployment: Deployment) -> ModuleDoc:
    # As main.bicep declares them: location defaults to the resource group's, values naming a cloud host
    # have no default; main.bicepparam passes the intent's values.
    inputs = [DocRow(camel(i.name), i.type, i.description,
                     None if holds_cloud_host(i.value, deployment.cloud) else
                     "resourceGroup().location" if i.name == "location" else inline_bicep(i.value))
              for i in deployment.inputs]
    outputs = [DocRow(camel(o.name), "string", o.description, None) for o in deployment.outputs]
    usage = ("az deployment group create --resource-group <resource group> \\",
             "  --template-file main.bicep --parameters main.bicepparam")
    return ModuleDoc("Bicep", "Parameters", tuple(inputs), tuple(outputs), usage)
