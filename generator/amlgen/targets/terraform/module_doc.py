"""The module README's inputs and outputs, as Terraform names and types them, defaults written in HCL."""

from __future__ import annotations

from typing import Any

from amlgen.arm.deployment import Deployment
from amlgen.targets.documents import DocRow, ModuleDoc
from amlgen.targets.escape import hcl_string
from amlgen.targets.literals import hcl_key
from amlgen.targets.terraform.files import variable_type


def inline_hcl(value: Any) -> str:
    """A value as an HCL expression on one line (`{ owner = "ml-platform" }`), for a table cell."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return hcl_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(inline_hcl(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        pairs = (f"{hcl_key(key)} = {inline_hcl(item)}"
                 for key, item in value.items())
        return "{ " + ", ".join(pairs) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as HCL")


def module_doc(deployment: Deployment) -> ModuleDoc:
    inputs = [DocRow("resource_group_name", "string",
                     "Name of the existing resource group every resource is deployed to.", None)]
    inputs += [DocRow(i.name, variable_type(i), i.description, inline_hcl(i.value)) for i in deployment.inputs]
    outputs = [DocRow(o.name, "string", o.description, None) for o in deployment.outputs]
    usage = ("cp terraform.tfvars.example terraform.tfvars  # then set resource_group_name",
             "terraform init",
             "terraform plan -out tfplan",
             "terraform apply tfplan")
    return ModuleDoc("Terraform", "Variables", tuple(inputs), tuple(outputs), usage)
