"""The module README's inputs and outputs, as Terraform names and types them."""

from __future__ import annotations

import json

from amlgen.arm.deployment import Deployment
from amlgen.targets.documents import DocRow, ModuleDoc
from amlgen.targets.terraform.files import variable_type


def module_doc(deployment: Deployment) -> ModuleDoc:
    inputs = [DocRow("resource_group_name", "string",
                     "Name of the existing resource group every resource is deployed to.", None)]
    inputs += [DocRow(i.name, variable_type(i), i.description, json.dumps(i.value, ensure_ascii=False))
               for i in deployment.inputs]
    outputs = [DocRow(o.name, "string", o.description, None) for o in deployment.outputs]
    usage = ("cp terraform.tfvars.example terraform.tfvars  # then set resource_group_name",
             "terraform init",
             "terraform plan -out tfplan",
             "terraform apply tfplan")
    return ModuleDoc("Terraform", "Variables", tuple(inputs), tuple(outputs), usage)
