"""Print the Bicep files: each module with its parameters, `existing` parents, resources and outputs, and
main.bicep wiring the modules together."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Input, Ref, Resource, StorageSuffix, Value
from amlgen.arm.walk import expressions, resource_values
from amlgen.azure.tables import STORAGE_SUFFIX
from amlgen.targets.bicep.layout import INLINE_CHILDREN, BicepModule, Layout, describe, exported_name, symbol
from amlgen.targets.bicep.values import Commented, Speller, camel, wrap
from amlgen.targets.escape import bicep_string

_BODY_ORDER = ("location", "tags", "kind", "sku", "identity", "properties")
# Iterative loops in Bicep, "Loop limits": a loop takes at most 800 iterations (validation refuses more
# outbound rules than that, AML611, as one template deploys at most 800 resources anyway).
MAX_LOOP = 800


def comments(texts: tuple[str, ...] | list[str], indent: int = 0) -> list[str]:
    pad = " " * indent
    return [f"{pad}// {line}" for text in texts for line in wrap(text, indent)]


class ModulePrinter:
    def __init__(self, layout: Layout, module: BicepModule):
        self.layout = layout
        self.module = module
        self.deployment = layout.deployment
        self.speller = Speller(self.reference)

    def reference(self, ref: Ref) -> str:
        module = self.module
        if any(r.key == ref.resource for r in module.resources):
            resource = self.deployment.resource(ref.resource)
            if self.layout.inline(resource) and resource.parent is not None:
                if ref.attr != "id":
                    raise ValueError(f"Bicep reads only the ID of an inline {resource.type}")
                return (f"{symbol(resource.parent)}.properties.{INLINE_CHILDREN[resource.type]}"
                        f"[{self.layout.inline_index(resource)}].id")
            return f"{symbol(ref.resource)}.{ref.attr}"
        if any(r.key == ref.resource for r in module.existing):
            return f"{symbol(ref.resource)}.{ref.attr}"
        return exported_name(ref)

    # --- resources --------------------------------------------------------------------------------
    def _properties(self, resource: Resource) -> dict[str, Any]:
        properties: dict[str, Any] = dict(resource.properties)
        for child_type, prop in INLINE_CHILDREN.items():
            children = [c for c in self.layout.inline_children(resource) if c.type == child_type]
            if children:
                properties[prop] = [Commented({"name": c.name, "properties": c.properties}, c.comments)
                                    for c in children]
        return properties

    def resource(self, resource: Resource) -> list[str]:
        notes = list(resource.comments)
        if self.layout.inline_children(resource):
            notes.append("Subnets are declared inside the virtual network so that redeploying it never tries to "
                         "remove them.")
        lines = comments(notes)
        if resource.creation_only and any(r.update_of == resource.key and r.action is None
                                          for r in self.deployment.resources):
            # Bicep deploys a resource whole: the later deployment carries what this one sets at creation only.
            lines.append("@onlyIfNotExists()")
        lines.append(f"resource {symbol(resource.key)} '{resource.type}@{resource.api_version}' = {{")
        lines += comments([f"checkov:skip={s.check}:{s.reason}" for s in resource.scan_skips
                           if "bicep" in s.targets], 2)
        lines += self._body(resource)
        lines.append("}")
        return lines

    def _body(self, resource: Resource) -> list[str]:
        lines = []
        if resource.parent is not None:
            lines.append(f"  parent: {symbol(resource.parent)}")
        lines.append(f"  name: {self.speller(resource.name, 2)}")
        if resource.extension_of is not None:
            lines.append(f"  scope: {symbol(resource.extension_of)}")
        body: dict[str, Value] = resource.top_level()
        if resource.properties:
            body["properties"] = self._properties(resource)
        original = self.layout.current(resource)
        for key in _BODY_ORDER:
            if key in body:
                spelled = self.speller(body[key], 2, key, resource.note)
                if key == "properties" and original is not None:
                    spelled = f"union({self.layout.current_param(original)}, {spelled})"  # keeps the rest
                lines.append(f"  {key}: {spelled}")
        waits = [symbol(key) for key in resource.depends_on if self.module.declares(key)]
        if waits:
            lines.append("  dependsOn: [\n" + "".join(f"    {w}\n" for w in waits) + "  ]")
        return lines

    def serial(self, members: list[Resource]) -> list[str]:
        """Members of a serial group as one loop over a variable, one at a time (@batchSize(1))."""
        first = members[0]
        assert all(set(m.top_level()) <= {"properties"} and m.parent == first.parent for m in members), first.key
        if len(members) > MAX_LOOP:
            raise ValueError(f"{len(members)} {first.serial} would exceed Bicep's loop limit of {MAX_LOOP}")
        group = first.serial or ""
        variable = camel(group)
        item = group.rsplit("_", 1)[-1].removesuffix("s")
        entries = [Commented({"name": m.name, "properties": m.properties}, m.comments) for m in members]
        lines = [f"var {variable} = {self.speller(entries)}", "", "@batchSize(1)",
                 f"resource {symbol(variable).removesuffix('s')} '{first.type}@{first.api_version}' = "
                 f"[for {item} in {variable}: {{"]
        if first.parent is not None:
            lines.append(f"  parent: {symbol(first.parent)}")
        lines += [f"  name: {item}.name", f"  properties: {item}.properties", "}]"]
        return lines

    def existing(self, resource: Resource) -> list[str]:
        """A parent declared in another module, named by the parameter that carries its name."""
        lines = [f"resource {symbol(resource.key)} '{resource.type}@{resource.api_version}' existing = {{"]
        if resource.parent is not None:
            lines.append(f"  parent: {symbol(resource.parent)}")
        lines.append(f"  name: {exported_name(Ref(resource.key, 'name'))}")
        return [*lines, "}"]

    def required(self, resource: Resource) -> list[str]:
        """A resource the deployment reads and requires (Resource.existing), declared `existing`: in this module's
        resource group, which for a scoped module is another subscription's."""
        lines = comments(resource.comments)
        lines.append(f"resource {symbol(resource.key)} '{resource.type}@{resource.api_version}' existing = {{")
        if resource.parent is not None:
            lines.append(f"  parent: {symbol(resource.parent)}")
        lines.append(f"  name: {self.speller(resource.name, 2)}")
        return [*lines, "}"]

    def required_check(self, resource: Resource) -> list[str]:
        """An output reading an existing resource's properties: declaring it `existing` reads nothing, this
        makes the module read it and stop, naming it, when it does not exist, before anything uses it."""
        what = resource.title or resource.key.replace("_", " ")
        why = f"Read from Azure, so the deployment stops here when the {what} does not exist."
        return [f"@description({bicep_string(why)})",
                f"output {symbol(resource.key)}Properties object = {symbol(resource.key)}.properties"]

    def action(self, resource: Resource) -> list[str]:
        """ARM templates cannot call an action: the step the deployer runs instead, as a comment."""
        notes = [*resource.comments, f"ARM templates cannot call the {resource.action} action: once this deployment "
                 f"has finished, run: {resource.cli}"]
        return comments(notes)

    # --- the file ---------------------------------------------------------------------------------
    def blocks(self) -> list[list[str]]:
        module = self.module
        blocks: list[list[str]] = []
        notes = list(module.notes)
        if any(isinstance(e, StorageSuffix) for r in module.resources for v in resource_values(r)
               for e in expressions(v)):
            notes.append(f"Storage host names take the cloud's suffix from environment(): the Bicep linter rejects "
                         f"a literal {STORAGE_SUFFIX[self.deployment.cloud]} host (no-hardcoded-env-urls).")
        if notes:
            blocks.append(comments(notes))
        for param in module.params.values():
            blocks.append([f"@description({bicep_string(param.description)})", f"param {param.name} {param.type}"])
        blocks += [self.existing(r) for r in module.existing]
        inline = [r for r in module.resources if self.layout.inline(r)]
        required = [r for r in module.resources if r.existing]
        blocks += [self.required(r) for r in required]
        actions = [r for r in module.resources if r.action is not None]
        printed = [r for r in module.resources if r not in inline and r not in required and r not in actions]
        for serial, group in groupby(printed, key=lambda r: r.serial):
            members = list(group)
            if serial is None:
                blocks += [self.resource(r) for r in members]
            else:
                blocks.append(self.serial(members))
        blocks += [self.action(r) for r in actions]
        for name, ref in module.outputs.items():
            blocks.append([f"@description({bicep_string(self._describe(ref))})",
                           f"output {name} string = {self.reference(ref)}"])
        blocks += [self.required_check(r) for r in required if not any(c.existing for c in
                                                                          self.deployment.children(r.key))]
        return blocks

    def _describe(self, ref: Ref) -> str:
        return describe(ref, self.deployment.resource(ref.resource))


def holds_cloud_host(value: Value, cloud: str) -> bool:
    """Whether a value (keys included) contains the cloud's storage host: the linter's no-hardcoded-env-urls
    rule rejects such literals in main.bicep, so those parameters get their values from main.bicepparam."""
    host = STORAGE_SUFFIX[cloud]
    if isinstance(value, str):
        return host in value
    if isinstance(value, dict):
        return any(holds_cloud_host(k, cloud) or holds_cloud_host(v, cloud) for k, v in value.items())
    if isinstance(value, list):
        return any(holds_cloud_host(v, cloud) for v in value)
    return False


def declaration(deployment: Deployment, item: Input) -> str:
    """'param name type' with its default: the resource group's location for location (the linter's
    preference; main.bicepparam passes the intent's region), none for values naming a cloud host."""
    head = f"param {camel(item.name)} {item.type}"
    if holds_cloud_host(item.value, deployment.cloud):
        return head
    if item.name == "location":
        return f"{head} = resourceGroup().location"
    return f"{head} = {Speller(lambda ref: '')(item.value)}"


def main_blocks(layout: Layout) -> list[list[str]]:
    deployment = layout.deployment
    blocks: list[list[str]] = [["targetScope = 'resourceGroup'"]]
    for item in deployment.inputs:
        blocks.append([f"@description({bicep_string(item.description)})", declaration(deployment, item)])
    main = Speller(layout.main_output)
    outputs = [(o, main(o.value)) for o in deployment.outputs]  # first: registers the module outputs they read
    modules: list[list[str]] = []
    for module in layout.modules:
        lines = [*comments([module.description]), f"module {module.symbol} '{module.file}' = {{",
                 f"  name: '{module.symbol}'"]
        if module.scope is not None:
            lines.append(f"  scope: resourceGroup({bicep_string(module.scope.subscription_id)}, "
                         f"{bicep_string(module.scope.resource_group)})")
        if module.params:
            lines.append("  params: {")
            lines += [f"    {p.name}: {main(p.source)}" for p in module.params.values()]
            lines.append("  }")
        if module.depends_on:
            lines.append("  dependsOn: [\n" + "".join(f"    {d}\n" for d in module.depends_on) + "  ]")
        modules.append([*lines, "}"])
    blocks += [_main_existing(resource) for resource in layout.main_existing]  # registered while spelling params
    blocks += modules
    for output, value in outputs:
        blocks.append([f"@description({bicep_string(output.description)})",
                       f"output {camel(output.name)} string = {value}"])
    return blocks


def _main_existing(resource: Resource) -> list[str]:
    """An existing resource main.bicep reads the current properties of, in its own resource group."""
    lines = comments(["Read here, before the module that updates it runs: its current properties are kept."]) \
        if resource.parent is not None else []
    lines.append(f"resource {symbol(resource.key)} '{resource.type}@{resource.api_version}' existing = {{")
    if resource.parent is not None:
        lines.append(f"  parent: {symbol(resource.parent)}")
    elif resource.scope is not None:
        lines.append(f"  scope: resourceGroup({bicep_string(resource.scope.subscription_id)}, "
                     f"{bicep_string(resource.scope.resource_group)})")
    assert isinstance(resource.name, str), resource.key
    lines.append(f"  name: {bicep_string(resource.name)}")
    return [*lines, "}"]
