"""How the deployment's modules become Bicep modules: what each module takes as parameters (inputs and
other modules' outputs), what it outputs, which parents it declares `existing`, and how main.bicep wires
the modules together. Derived from the references in the model, so no module is wired by hand.
"""

from __future__ import annotations

import re
from dataclasses import field

from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Param, Ref, Resource, Scope
from amlgen.arm.walk import expressions, resource_values
from amlgen.records import dataclass
from amlgen.targets.bicep.values import camel

# Child types Bicep declares inside their parent's body: a virtual network redeployed without its subnets
# would try to remove them, so subnets are declared in the network's `subnets` property.
INLINE_CHILDREN = {"Microsoft.Network/virtualNetworks/subnets": "subnets"}


def symbol(key: str) -> str:
    return camel(key)


def exported_name(ref: Ref) -> str:
    """The parameter (and module output) that carries a reference between modules: workspaceId,
    workspaceName, workspacePrincipalId, ..."""
    leaf = ref.attr.rsplit(".", 1)[-1].split("[")[0]
    return symbol(ref.resource) + leaf[:1].upper() + leaf[1:]


_ATTRIBUTES = {"id": "Resource ID", "name": "Name", "identity.principalId": "Principal ID of the identity",
               "properties.workspaceId": "Immutable GUID (workspaceId)"}


def describe(ref: Ref, resource: Resource) -> str:
    leaf = ref.attr.rsplit(".", 1)[-1].split("[")[0]
    what = _ATTRIBUTES.get(ref.attr) or re.sub(r"(?<!^)(?=[A-Z])", " ", leaf).lower().capitalize()
    return f"{what} of the {resource.title or resource.key.replace('_', ' ')}."


@dataclass
class ModuleParam:
    name: str
    type: str
    description: str
    source: Param | Ref  # what main.bicep passes


@dataclass
class BicepModule:
    key: str
    symbol: str
    file: str
    description: str
    notes: tuple[str, ...]
    resources: list[Resource]
    scope: Scope | None = None  # deployed to another subscription's resource group
    existing: list[Resource] = field(default_factory=list)  # parents declared in another module
    params: dict[str, ModuleParam] = field(default_factory=dict)
    outputs: dict[str, Ref] = field(default_factory=dict)
    depends_on: list[str] = field(default_factory=list)  # module symbols
    # The keys of `resources` and `existing`, kept as they grow: the printer asks once per dependency.
    own: set[str] = field(default_factory=set, compare=False, repr=False)
    read: set[str] = field(default_factory=set, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.own.update(resource.key for resource in self.resources)
        self.read.update(resource.key for resource in self.existing)

    def declares(self, key: str) -> bool:
        return key in self.own or key in self.read

    def declare_existing(self, resource: Resource) -> None:
        """Declare a parent from another module `existing`, before the ones already declared."""
        self.existing.insert(0, resource)
        self.read.add(resource.key)


class Layout:
    def __init__(self, deployment: Deployment):
        self.deployment = deployment
        self.module_of = {r.key: r.module for r in deployment.resources}
        self.modules = [BicepModule(m.key, symbol(m.key), m.bicep_file, m.description, m.notes,
                                    list(deployment.in_module(m.key)), m.scope) for m in deployment.modules]
        self._by_key = {module.key: module for module in self.modules}
        self.main_existing: list[Resource] = []  # existing resources main.bicep reads (and their parents)
        for module in self.modules:
            self._existing(module)
        for module in self.modules:
            self._wire(module)

    def module(self, key: str) -> BicepModule:
        return self._by_key[key]

    def inline(self, resource: Resource) -> bool:
        """Whether a resource is declared inside its parent's body (a subnet of a network this deployment creates;
        an existing network's subnets are declared, or updated, on their own)."""
        if resource.type not in INLINE_CHILDREN or resource.parent is None:
            return False
        return not (resource.existing or resource.update_of or self.deployment.resource(resource.parent).existing)

    def inline_children(self, resource: Resource) -> list[Resource]:
        return [child for child in self.deployment.children(resource.key) if self.inline(child)]

    def inline_index(self, resource: Resource) -> int:
        siblings = [r for r in self.inline_children(self.deployment.resource(resource.parent or ""))
                    if r.type == resource.type]
        return siblings.index(resource)

    def _existing(self, module: BicepModule) -> None:
        for resource in module.resources:
            parent = resource.parent
            while parent is not None and not module.declares(parent):
                found = self.deployment.resource(parent)
                module.declare_existing(found)
                parent = found.parent

    def _needs(self, module: BicepModule, ref: Ref) -> None:
        """A reference from inside the module to a resource declared in another module. An `existing`
        declaration resolves every attribute but the name it is declared by."""
        if ref.resource in module.own:
            return
        if ref.resource in module.read and ref.attr != "name":
            return
        owner = self._by_key[self.module_of[ref.resource]]
        name = exported_name(ref)
        owner.outputs.setdefault(name, ref)
        self._add(module, ModuleParam(name, "string", describe(ref, self.deployment.resource(ref.resource)), ref))

    def _param(self, module: BicepModule, param: Param) -> None:
        item = self.deployment.input(param.name)
        self._add(module, ModuleParam(camel(param.name), item.type, item.description, param))

    @staticmethod
    def _add(module: BicepModule, param: ModuleParam) -> None:
        known = module.params.setdefault(param.name, param)
        if known.source != param.source:
            raise ValueError(f"module {module.key}: parameter {param.name} would carry both {known.source} and "
                             f"{param.source}")

    def current(self, resource: Resource) -> Resource | None:
        """The existing resource a resource updates in place (its current properties are kept), if any."""
        if resource.update_of is None:
            return None
        original = self.deployment.resource(resource.update_of)
        return original if original.existing else None

    @staticmethod
    def current_param(original: Resource) -> str:
        return f"{symbol(original.key)}Properties"

    def _wire(self, module: BicepModule) -> None:
        for resource in module.resources:
            original = self.current(resource)
            if original is not None:
                # Read by main.bicep: the module that redeploys a resource cannot read it itself (a cycle).
                self._add(module, ModuleParam(self.current_param(original), "object", "Current properties of the "
                                              f"existing {original.title or original.key}, which this module keeps.",
                                              Ref(original.key, "properties")))
        # An action is no resource of a template (ARM templates call none): it takes no parameter.
        values = [v for r in module.resources if r.action is None for v in resource_values(r)]
        values += [Ref(r.key, "name") for r in module.existing]
        for value in values:
            for found in expressions(value):
                if isinstance(found, Param):
                    self._param(module, found)
                elif isinstance(found, Ref):
                    self._needs(module, found)
        for resource in module.resources:
            for key in resource.depends_on:
                other = self._by_key[self.module_of[key]]
                if other is not module and other.symbol not in module.depends_on:
                    module.depends_on.append(other.symbol)
        # A module that reads another's outputs waits for it already (no-unnecessary-dependson).
        read = {self._by_key[self.module_of[p.source.resource]].symbol for p in module.params.values()
                if isinstance(p.source, Ref)}
        module.depends_on = [symbol for symbol in module.depends_on if symbol not in read]
        # location and tags first, as every module takes them; the rest in order of first use.
        ordered = sorted(module.params.values(), key=lambda p: {"location": 0, "tags": 1}.get(p.name, 2))
        module.params = {p.name: p for p in ordered}

    def main_output(self, ref: Ref) -> str:
        """How main.bicep reads a resource attribute: the output of the module that declares it, or for an existing
        resource's current properties, its own `existing` declaration."""
        resource = self.deployment.resource(ref.resource)
        if resource.existing and ref.attr == "properties":
            chain = [resource]
            while chain[0].parent is not None:
                chain.insert(0, self.deployment.resource(chain[0].parent))
            for found in chain:
                if found not in self.main_existing:
                    self.main_existing.append(found)
            return f"{symbol(ref.resource)}.properties"
        owner = self._by_key[self.module_of[ref.resource]]
        name = exported_name(ref)
        owner.outputs.setdefault(name, ref)
        return f"{owner.symbol}.outputs.{name}"
