"""The generated module README: inputs and outputs as a target spells them, like terraform-docs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from amlgen.plan.model import Plan
from amlgen.render.environment import camel

_TERRAFORM_TYPES = {"string": "string", "object": "map(string)", "array": "list(string)"}


@dataclass(frozen=True)
class DocRow:
    name: str
    type: str
    description: str
    default: str | None  # None: the caller must set it


@dataclass(frozen=True)
class ModuleDoc:
    target: str
    inputs_heading: str
    inputs: tuple[DocRow, ...]
    outputs: tuple[DocRow, ...]
    usage: tuple[str, ...]


def _literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def module_doc(plan: Plan, target: str) -> ModuleDoc:
    if target == "terraform":
        inputs = [DocRow("resource_group_name", "string",
                         "Name of the existing resource group every resource is deployed to.", None)]
        inputs += [DocRow(i.name, _TERRAFORM_TYPES[i.type], i.description, _literal(i.value)) for i in plan.inputs]
        outputs = [DocRow(o.name, "string", o.description, None) for o in plan.outputs]
        usage = ("cp terraform.tfvars.example terraform.tfvars  # then set resource_group_name",
                 "terraform init",
                 "terraform plan -out tfplan",
                 "terraform apply tfplan")
        return ModuleDoc("Terraform", "Variables", tuple(inputs), tuple(outputs), usage)
    if target == "bicep":
        # As main.bicep declares them (BicepView.declaration): location defaults to the resource group's,
        # values naming a cloud host have no default; main.bicepparam passes the intent's values.
        from amlgen.render.bicep import holds_cloud_host

        inputs = [DocRow(camel(i.name), i.type, i.description,
                         None if holds_cloud_host(i.value, plan.cloud) else
                         "resourceGroup().location" if i.name == "location" else _literal(i.value))
                  for i in plan.inputs]
        outputs = [DocRow(camel(o.name), "string", o.description, None) for o in plan.outputs]
        usage = ("az deployment group create --resource-group <resource group> \\",
                 "  --template-file main.bicep --parameters main.bicepparam")
        return ModuleDoc("Bicep", "Parameters", tuple(inputs), tuple(outputs), usage)
    raise ValueError(f"unknown target {target!r}")
