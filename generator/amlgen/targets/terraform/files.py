"""The Terraform target: one root module, a file per module of the deployment, plus versions, providers,
variables, outputs and an example tfvars file."""

from __future__ import annotations

from collections.abc import Callable

from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Input, Ref, Resource, Scope, SubscriptionId, SubscriptionResourceId, TenantId
from amlgen.arm.walk import expressions, resource_values
from amlgen.targets.environment import environment
from amlgen.targets.literals import align_assignments
from amlgen.targets.terraform import provider_floor
from amlgen.targets.terraform.azapi import (
    action_block,
    azapi_block,
    azapi_lifecycle,
    azapi_patches,
    data_block,
    patch_label,
    update_block,
)
from amlgen.targets.terraform.azurerm import CHILDREN, mapping_for, refusal
from amlgen.targets.terraform.emit import (
    AZAPI,
    AZAPI_ACTION,
    AZAPI_DATA,
    AZAPI_UPDATE,
    Addresses,
    association_addresses,
    association_blocks,
    azurerm_block,
    azurerm_data_block,
    ignored_arguments,
    lifecycle,
    names_resource_group,
    patches_of,
)
from amlgen.targets.terraform.hcl import Attribute, Block, comment_lines, render
from amlgen.targets.terraform.mapping import ProviderFeature
from amlgen.targets.terraform.providers import provider_blocks, versions_block
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
        self.azapi_types: list[str] = []  # ARM types azurerm has no resource for
        self.azapi_reasons: list[str] = []  # why the module needs azapi, in order of first use
        self.patches: dict[str, list[str]] = {}  # resource key -> azapi patch addresses
        self.after = _serial_predecessors(deployment)
        self.patched: dict[str, list[str]] = {}  # resource key -> what its azapi patches set, for comments
        self.read_by_others: set[str] | None = None  # what some resource or output reads, once an existing one asks

    def _read(self, resource: Resource) -> bool:
        """Whether an existing resource is read: a parent, updated, referenced, or output."""
        if self.read_by_others is None:
            self.read_by_others = read_keys(self.deployment)
        return resource.key in self.read_by_others

    def build(self) -> None:
        for resource in self.deployment.resources:
            if resource.type in CHILDREN:
                continue  # a block of its parent's resource
            if resource.existing and not self._read(resource):
                continue  # declared for Bicep's module layout only
            file = resource.file or self.deployment.module(resource.module).terraform_file
            blocks = self.files.setdefault(file, [])
            if self.client_config_file is None and (names_resource_group(resource, self.addresses) or any(
                    isinstance(found, (TenantId, SubscriptionId, SubscriptionResourceId))
                    for value in resource_values(resource) for found in expressions(value))):
                self.client_config_file = file
                blocks.append(Block("data", ("azurerm_client_config", "current")))
            blocks.extend(self._emitter(resource)())

    def _emitter(self, resource: Resource) -> Callable[[], list[Block]]:
        def emit() -> list[Block]:
            if resource.existing:
                if self.addresses.types[resource.key] != AZAPI_DATA:
                    return [azurerm_data_block(resource, self.speller, self.addresses)]
                self._uses_azapi(resource)
                return [data_block(resource, self.speller, self.addresses)]
            if resource.action is not None:
                self._uses_azapi(resource)
                block = action_block(resource, self.speller, self.addresses)
                self._depends(block, resource)
                return [block]
            if resource.update_of is not None:
                original = self.deployment.resource(resource.update_of)
                if original.existing:
                    self._uses_azapi(resource)
                block = update_block(resource, original, self.speller, self.addresses)
                self._depends(block, resource)
                return [block]
            mapping = mapping_for(resource)
            if mapping is None:
                self._uses_azapi(resource)
                block = azapi_block(resource, self.speller, self.addresses)
                self._depends(block, resource)
                block.body += azapi_lifecycle(resource)
                return [block]
            block = azurerm_block(resource, mapping, self.deployment, self.speller, self.addresses)
            self._depends(block, resource)
            block.body += lifecycle(ignored_arguments(resource, mapping))
            patches = azapi_patches(resource, mapping, self.speller)
            wanted = patches_of(resource, mapping)
            self.patches[resource.key] = [f"azapi_update_resource.{patch_label(resource, patch)}" for patch in wanted]
            if wanted:
                self.patched[resource.key] = [", ".join(path.rsplit(".", 1)[-1] for path in patch.needs)
                                              for patch in wanted]
            return [block, *association_blocks(resource, mapping, self.speller, self.addresses), *patches]
        return emit

    def _uses_azapi(self, resource: Resource) -> None:
        """Remember why azapi is needed, for the comment on its provider requirement."""
        refused = refusal(resource)
        if resource.existing:
            reason = f"reading existing {resource.type.rsplit('/', 2)[-2]} before they are used"
        elif resource.action is not None:
            reason = f"the {resource.action} action"
        elif resource.update_of is not None:  # of an existing resource
            reason = f"the {resource.title or resource.key} (set in place, keeping the rest)"
        elif refused is not None:
            reason = f"{resource.type.split('/', 1)[1]} azurerm refuses"
        else:
            reason = resource.type.split("/", 1)[1]
            if resource.type not in self.azapi_types:
                self.azapi_types.append(resource.type)
        if reason not in self.azapi_reasons:
            self.azapi_reasons.append(reason)

    def _depends(self, block: Block, resource: Resource) -> None:
        waits = []
        for key in resource.depends_on:
            awaited = self.deployment.resource(key)
            if awaited.update_of is not None:  # a later deployment of another resource: its azapi update or action
                waits.append(f"{AZAPI_ACTION if awaited.action else AZAPI_UPDATE}.{awaited.label}")
                continue
            waits.append(self.addresses.of(key))
            mapping = mapping_for(awaited) if not awaited.existing else None
            if mapping is not None:
                waits += association_addresses(awaited, mapping)
        previous = self.after.get(resource.key)
        if previous is not None:
            waits.append(self.addresses.of(previous))  # one at a time, in order
        elif resource.parent is not None:
            waits += self.patches.get(resource.parent, [])  # the parent's azapi patches land first
        if waits:
            block.add(Attribute("depends_on", expression_list(waits, 2), separate=True))


def read_keys(deployment: Deployment) -> set[str]:
    """The keys of the resources something reads (as a parent, an update's original, a reference from a
    resource or an output), in one walk of the deployment rather than one per existing resource."""
    found: set[str] = set()
    for other in deployment.resources:
        found.update(key for key in (other.parent, other.update_of) if key is not None)
        found.update(item.resource for value in resource_values(other) for item in expressions(value)
                     if isinstance(item, Ref))
    found.update(item.resource for output in deployment.outputs for item in expressions(output.value)
                 if isinstance(item, Ref))
    return found


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


def _azapi_reasons(module: _Module) -> list[str]:
    reasons = [*module.azapi_reasons]
    reasons += [f"the {module.deployment.resource(key).title or key}'s {patch}"
                for key, patches in module.patched.items() for patch in patches]
    return reasons


def _aliased(module: _Module) -> list[Scope]:
    """The other subscriptions whose azurerm resources and data sources the module declares (azapi names
    every resource by ID, so it needs no alias)."""
    found = [r.scope for r in module.deployment.resources if r.scope is not None
             and module.addresses.types.get(r.key, "") not in (AZAPI, AZAPI_DATA)]
    return [scope for scope in dict.fromkeys(found) if scope is not None]


def _features(module: _Module) -> list[ProviderFeature]:
    """Provider features the resources need: those whose data plane the deployer cannot reach."""
    found: list[ProviderFeature] = []
    for resource in module.deployment.resources:
        mapping = mapping_for(resource) if resource.closed_data_plane else None
        if mapping is not None:
            found += [feature for feature in mapping.closed_data_plane if feature not in found]
    return found


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
    reasons = _azapi_reasons(module)
    providers = provider_blocks(_features(module), bool(reasons), module.speller, _aliased(module))
    everything = [*providers, *(block for blocks in module.files.values() for block in blocks)]
    versions = versions_block(list(dict.fromkeys(provider_floor.used(everything))), reasons, module.speller)
    rendered = {"versions.tf": _file(deployment, [], [versions]),
                "providers.tf": _file(deployment, [], providers),
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
                names = list(dict.fromkeys(azapi))
                types = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
                notes.append(f"azurerm has no resource for {types}, so azapi creates them with their ARM property "
                             "names.")
            rendered[name] = _file(deployment, notes, module.files[name])
    rendered["outputs.tf"] = _file(deployment, [], _outputs(deployment, module))
    tfvars = [("resource_group_name", module.speller(deployment.resource_group or f"rg-{deployment.prefix}"))]
    tfvars += [(item.name, module.speller(item.value)) for item in deployment.inputs]
    rendered["terraform.tfvars.example"] = environment("terraform").get_template("terraform.tfvars.example.j2").render(
        source=deployment.source,
        assignments="\n".join(align_assignments([k for k, _ in tfvars], [v for _, v in tfvars], 0)))
    return rendered
