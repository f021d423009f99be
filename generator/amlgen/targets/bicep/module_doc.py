"""The module README's parameters and outputs, as main.bicep declares them."""

from __future__ import annotations

import json

from amlgen.arm.deployment import Deployment
from amlgen.targets.bicep.printer import holds_cloud_host
from amlgen.targets.bicep.values import camel
from amlgen.targets.documents import DocRow, ModuleDoc


def module_doc(deployment: Deployment) -> ModuleDoc:
    # As main.bicep declares them: location defaults to the resource group's, values naming a cloud host
    # have no default; main.bicepparam passes the intent's values.
    inputs = [DocRow(camel(i.name), i.type, i.description,
                     None if holds_cloud_host(i.value, deployment.cloud) else
                     "resourceGroup().location" if i.name == "location" else json.dumps(i.value, ensure_ascii=False))
              for i in deployment.inputs]
    outputs = [DocRow(camel(o.name), "string", o.description, None) for o in deployment.outputs]
    usage = ("az deployment group create --resource-group <resource group> \\",
             "  --template-file main.bicep --parameters main.bicepparam")
    return ModuleDoc("Bicep", "Parameters", tuple(inputs), tuple(outputs), usage)
