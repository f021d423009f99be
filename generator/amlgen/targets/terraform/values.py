"""How Terraform spells the model's values: literals through the HCL escaper, expressions as references,
variables, index lookups, string templates and function calls."""

from __future__ import annotations

from collections.abc import Callable

from amlgen.arm.model import (
    Guid,
    Index,
    Join,
    Param,
    ParentId,
    Ref,
    StorageSuffix,
    SubscriptionId,
    SubscriptionResourceId,
    TenantId,
    UserAssignedIdentities,
    Value,
)
from amlgen.targets.escape import hcl_string
from amlgen.targets.literals import align_assignments, hcl_key

ONE_LINE = 90  # lists and references longer than this are written one item per line
CLIENT_CONFIG = "data.azurerm_client_config.current"


class Speller:
    """Spells values for one Terraform module. `address` turns a reference into a Terraform expression."""

    def __init__(self, address: Callable[[Ref], str]):
        self.address = address
        self.needs_client_config = False

    def __call__(self, value: Value, indent: int = 0) -> str:
        return self.spell(value, indent)

    def spell(self, value: Value, indent: int = 0) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if value is None:
            return "null"
        if isinstance(value, str):
            return hcl_string(value)
        if isinstance(value, list):
            return self._list(value, indent)
        if isinstance(value, dict):
            return self._object(value, indent)
        return self._expression(value, indent)

    def _list(self, items: list[Value], indent: int) -> str:
        return expression_list([self.spell(item, indent + 2) for item in items], indent)

    def _object(self, value: dict[str, Value], indent: int) -> str:
        if not value:
            return "{}"
        keys = [hcl_key(key) for key in value]
        spelled = [self.spell(item, indent + 2) for item in value.values()]
        return "{\n" + "\n".join(align_assignments(keys, spelled, indent + 2)) + "\n" + " " * indent + "}"

    def _expression(self, value: Value, indent: int) -> str:
        if isinstance(value, Ref):
            return self.address(value)
        if isinstance(value, Param):
            return f"var.{value.name}"
        if isinstance(value, Index):
            return f"{self.spell(value.base, indent)}[{self.spell(value.key, indent)}]"
        if isinstance(value, Join):
            return self._template(value)
        if isinstance(value, ParentId):
            # An ID without its last type/name pair: the resource that contains it.
            return f'regex("^(.+)/[^/]+/[^/]+$", {self.spell(value.child_id, indent)})[0]'
        if isinstance(value, StorageSuffix):
            return hcl_string(value.value)
        if isinstance(value, TenantId):
            self.needs_client_config = True
            return f"{CLIENT_CONFIG}.tenant_id"
        if isinstance(value, SubscriptionId):
            self.needs_client_config = True
            return f"{CLIENT_CONFIG}.subscription_id"
        if isinstance(value, Guid):
            # A name-based (version 5) UUID of the parts: the same parts give the same GUID on every run.
            parts: list[Value] = []
            for part in value.parts:
                parts += [part, "/"]
            return f'uuidv5("oid", {self._template(Join(tuple(parts[:-1])))})'
        if isinstance(value, UserAssignedIdentities):
            # An object keyed by expressions: each key in parentheses, as HCL spells a computed key.
            pad = " " * indent
            keys = "".join(f"{pad}  ({self.spell(identity, indent + 2)}) = {{}}\n" for identity in value.ids)
            return "{\n" + keys + pad + "}"
        if isinstance(value, SubscriptionResourceId):
            self.needs_client_config = True
            tail = hcl_string(f"/providers/{value.type}/{value.name}")[1:-1]
            return f'"/subscriptions/${{{CLIENT_CONFIG}.subscription_id}}{tail}"'
        raise TypeError(f"cannot spell {type(value).__name__} in Terraform")

    def _template(self, value: Join) -> str:
        parts = []
        for part in value.parts:
            if isinstance(part, (str, StorageSuffix)):
                text = hcl_string(part if isinstance(part, str) else part.value)[1:-1]
                if text.endswith(("$", "%")):
                    # '$${' would read as a literal '${': the next part's interpolation must stay one.
                    text = text[:-1] + f"\\u{ord(text[-1]):04X}"
                parts.append(text)
            else:
                parts.append("${" + self.spell(part) + "}")
        return '"' + "".join(parts) + '"'


def expression_list(spelled: list[str], indent: int) -> str:
    """A list of spelled expressions: on one line when short, else one per line."""
    one_line = "[" + ", ".join(spelled) + "]"
    if all("\n" not in item for item in spelled) and len(one_line) + indent < ONE_LINE:
        return one_line
    pad = " " * indent
    return "[\n" + "".join(f"{pad}  {item},\n" for item in spelled) + pad + "]"
