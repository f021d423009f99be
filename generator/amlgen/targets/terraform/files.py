"""The Terraform target: one root module, a file per module of the deployment, plus versions, providers,
variables, outputs and an example tfvars file."""

from __future__ import annotations

from collections.abc import Callable

from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Input, Resource, TenantId
from amlgen.arm.walk import expressions, resource_values
from amlgen.azure import versions
from amlgen.targets.environment import environment
from amlgen.targets.literals import align_assignments
from amlgen.targets.terraform.azurerm import CHILDREN, mapping_for
from amlgen.targets.terraform.emit import (
    Addresses,
    association_blocks,
    azapi_block,
    azapi_patches,
    azurerm_block,
    patch_label,
    update_block,
)
from amlgen.targets.terraform.hcl import Attribute, Block, comment_lines, render
from amlgen.targets.terraform.values import Speller, expression_list

_TYPES = {"string": "string", "object": "map(string)", "array": "list(string)"}


def variable_type(item: Input) -> str:
    return _TYPES[item.type]


class _Module:
    """The blocks of each file, spelled with one address book so references resolve across files."""

    def __init__(self, deployment: Deployment):
        self.deployment = deployment
        self.addresses = Addresses(deployment)
        self.speller = Speller(self.addresses.reference)
        self.files: dict[str, list[Block]] = {}
        self.client_config_file: str | None = None
        self.azapi_types: list[str] = []
        self.patches: dict[str, list[str]] = {}  # resource key -> azapi patch addresses
        self.after = _serial_predecessors(deployment)

    def build(self) -> None:
        for resource in self.deployment.resources:
            if resource.type in CHILDREN:
                continue  # a block of its parent's resource
            file = resource.file or self.deployment.module(resource.module).terraform_file
            blocks = self.files.setdefault(file, [])
            if self.client_config_file is None and any(
                    isinstance(found, TenantId) for value in resource_values(resource) for found in expressions(value)):
                self.client_config_file = file
                blocks.append(Block("data", ("azurerm_client_config", "current")))
            blocks.extend(self._emitter(resource)())

    def _emitter(self, resource: Resource) -> Callable[[], list[Block]]:
        def emit() -> list[Block]:
            if resource.update_of is not None:
                block = update_block(resource, self.deployment.resource(resource.update_of), self.speller,
                                     self.addresses)
                self._depends(block, resource)
                return [block]
            mapping = mapping_for(resource)
            if mapping is None:
                if resource.type not in self.azapi_types:
                    self.azapi_types.append(resource.type)
                block = azapi_block(resource, self.speller, self.addresses)
                self._depends(block, resource)
                return [block]
            block = azurerm_block(resource, mapping, self.deployment, self.speller, self.addresses)
            self._depends(block, resource)
            patches = azapi_patches(resource, mapping, self.speller)
            self.patches[resource.key] = [f"azapi_update_resource.{patch_label(resource, path)}"
                                          for path in mapping.azapi_patch if path_set(resource, path)]
            return [block, *association_blocks(resource, mapping, self.speller, self.addresses), *patches]
        return emit

    def _depends(self, block: Block, resource: Resource) -> None:
        waits = [self.addresses.of(key) for key in resource.depends_on]
        previous = self.after.get(resource.key)
        if previous is not None:
            waits.append(self.addresses.of(previous))  # one at a time, in order
        elif resource.parent is not None:
            waits += self.patches.get(resource.parent, [])  # the parent's azapi patches land first
        if waits:
            block.add(Attribute("depends_on", expression_list(waits, 2), separate=True))


def _serial_predecessors(deployment: Deployment) -> dict[str, str]:
    """Each member of a serial group -> the member created before it (the first has none), in one pass."""
    last: dict[str, str] = {}
    found: dict[str, str] = {}
    for resource in deployment.resources:
        if resource.serial:
            if resource.serial in last:
                found[resource.key] = last[resource.serial]
            last[resource.serial] = resource.key
    return found


def path_set(resource: Resource, path: str) -> bool:
    value: object = {"name": resource.name, **resource.top_level()}
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return False
        value = value[key]
    return value is not None


def _versions(module: _Module) -> Block:
    providers = Block("required_providers", body=[Attribute("azurerm", module.speller(
        {"source": "hashicorp/azurerm", "version": versions.AZURERM_VERSION}, 4))])
    if module.azapi_types or (module.patches and any(module.patches.values())):
        reasons = [t.split("/", 1)[1] for t in module.azapi_types]
        reasons += [f"the {module.deployment.resource(key).title or key}'s {path}"
                    for key, paths in _patched_paths(module).items() for path in paths]
        providers.add(Attribute("azapi", module.speller({"source": "Azure/azapi", "version": versions.AZAPI_VERSION},
                                                        4),
                                comments=["azapi covers what azurerm lacks: " + "; ".join(reasons) + "."]))
    return Block("terraform", body=[Attribute("required_version", module.speller(versions.TERRAFORM_REQUIRED_VERSION)),
                                    providers])


def _patched_paths(module: _Module) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for resource in module.deployment.resources:
        mapping = mapping_for(resource) if resource.type not in CHILDREN else None
        if mapping is not None:
            paths = [path for path in mapping.azapi_patch if path_set(resource, path)]
            if paths:
                found[resource.key] = paths
    return found


def _providers(module: _Module) -> list[Block]:
    key_vault = Block("key_vault", body=[Attribute("purge_soft_delete_on_destroy", "false", comments=[
        "The workspace keeps secrets in this vault; keep soft-deleted vaults recoverable."])])
    blocks = [Block("provider", ("azurerm",), body=[Block("features", body=[key_vault])])]
    if module.azapi_types or _patched_paths(module):
        blocks.append(Block("provider", ("azapi",)))
    return blocks


def _variables(deployment: Deployment, module: _Module) -> list[Block]:
    blocks = [Block("variable", ("resource_group_name",), body=[
        Attribute("description", module.speller("Name of the existing resource group every resource is deployed to.")),
        Attribute("type", "string")])]
    for item in deployment.inputs:
        blocks.append(Block("variable", (item.name,), body=[
            Attribute("description", module.speller(item.description)), Attribute("type", variable_type(item)),
            Attribute("default", module.speller(item.value, 2))]))
    return blocks


def _outputs(deployment: Deployment, module: _Module) -> list[Block]:
    return [Block("output", (output.name,), body=[Attribute("description", module.speller(output.description)),
                                                  Attribute("value", module.speller(output.value, 2))])
            for output in deployment.outputs]


def _file(deployment: Deployment, notes: list[str], blocks: list[Block]) -> str:
    lines = [line for note in notes for line in comment_lines(note, 0)]
    return environment("terraform").get_template("file.tf.j2").render(
        source=deployment.source, notes=lines, body=render(blocks))


def files(deployment: Deployment) -> dict[str, str]:
    module = _Module(deployment)
    module.build()
    rendered = {"versions.tf": _file(deployment, [], [_versions(module)]),
                "providers.tf": _file(deployment, [], _providers(module)),
                "variables.tf": _file(deployment, [], _variables(deployment, module))}
    for module_spec in deployment.modules:
        for name in dict.fromkeys([module_spec.terraform_file, *(
                r.file for r in deployment.in_module(module_spec.key) if r.file)]):
            if name in rendered or name not in module.files:
                continue
            notes = [note for spec in deployment.modules if spec.terraform_file == name for note in spec.notes]
            azapi = [r.type for r in deployment.resources if r.type in module.azapi_types
                     and (r.file or deployment.module(r.module).terraform_file) == name]
            if azapi:
                types = " and ".join(dict.fromkeys(azapi))
                notes.append(f"azurerm has no resource for {types}, so azapi creates them with their ARM property "
                             "names.")
            rendered[name] = _file(deployment, notes, module.files[name])
    rendered["outputs.tf"] = _file(deployment, [], _outputs(deployment, module))
    tfvars = [("resource_group_name", module.speller(f"rg-{deployment.prefix}"))]
    tfvars += [(item.name, module.speller(item.value)) for item in deployment.inputs]
    rendered["terraform.tfvars.example"] = environment("terraform").get_template("terraform.tfvars.example.j2").render(
        source=deployment.source,
        assignments="\n".join(align_assignments([k for k, _ in tfvars], [v for _, v in tfvars], 0)))
    return rendered
