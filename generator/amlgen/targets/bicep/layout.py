"""How the deployment's modules become Bicep modules: what each module takes as parameters (inputs and
other modules' outputs), what it outputs, which parents it declares `existing`, and how main.bicep wires
the modules together. Derived from the references in the model, so no module is wired by hand.
"""

from __future__ import annotations

import re
from dataclasses import field

from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Param, Ref, Resource
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
    existing: list[Resource] = field(default_factory=list)  # parents declared in another module
    params: dict[str, ModuleParam] = field(default_factory=dict)
    outputs: dict[str, Ref] = field(default_factory=dict)
    depends_on: list[str] = field(default_factory=list)  # module symbols

    def declares(self, key: str) -> bool:
        return any(r.key == key for r in self.resources) or any(r.key == key for r in self.existing)


class Layout:
    def __init__(self, deployment: Deployment):
        self.deployment = deployment
        self.module_of = {r.key: r.module for r in deployment.resources}
        self.modules = [BicepModule(m.key, symbol(m.key), m.bicep_file, m.description, m.notes,
                                    list(deployment.in_module(m.key))) for m in deployment.modules]
        self._by_key = {module.key: module for module in self.modules}
        for module in self.modules:
            self._existing(module)
        for module in self.modules:
            self._wire(module)

    def module(self, key: str) -> BicepModule:
        return self._by_key[key]

    def inline_index(self, resource: Resource) -> int:
        siblings = [r for r in self.deployment.children(resource.parent or "") if r.type == resource.type]
        return siblings.index(resource)

    def _existing(self, module: BicepModule) -> None:
        for resource in module.resources:
            parent = resource.parent
            while parent is not None and not module.declares(parent):
                found = self.deployment.resource(parent)
                module.existing.insert(0, found)
                parent = found.parent

    def _needs(self, module: BicepModule, ref: Ref) -> None:
        """A reference from inside the module to a resource declared in another module. An `existing`
        declaration resolves every attribute but the name it is declared by."""
        if any(r.key == ref.resource for r in module.resources):
            return
        if any(r.key == ref.resource for r in module.existing) and ref.attr != "name":
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

    def _wire(self, module: BicepModule) -> None:
        values = [v for r in module.resources for v in resource_values(r)]
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
        # location and tags first, as every module takes them; the rest in order of first use.
        ordered = sorted(module.params.values(), key=lambda p: {"location": 0, "tags": 1}.get(p.name, 2))
        module.params = {p.name: p for p in ordered}

    def main_output(self, ref: Ref) -> str:
        """How main.bicep reads a resource attribute: the output of the module that declares it."""
        owner = self._by_key[self.module_of[ref.resource]]
        name = exported_name(ref)
        owner.outputs.setdefault(name, ref)
        return f"{owner.symbol}.outputs.{name}"
