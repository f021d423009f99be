"""The terms both targets are compared in: every resource as (ARM type, full name) with its ARM body, where
references name the resource they point at (not a symbol or address), parameters keep their input name,
and the cloud's storage suffix is plain text.

The plan's Deployment is reduced to the same terms, so `read(target) == canonical(deployment)` says that a
target spells every resource and every property exactly as the plan decided.
"""

from __future__ import annotations

from typing import Any

from amlgen.arm.deployment import Deployment
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
)

Identity = tuple[str, str]  # (ARM type, name with its parents' names: 'vnet-x/snet-pe')
SCOPE = "@scope"  # where a resource in another resource group lives: (subscription, resource group)
Entry = tuple[Identity, dict[str, Any]]


def join(parts: list[Any]) -> Any:
    """Adjacent text merged; text alone is a plain string."""
    merged: list[Any] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    if not merged:
        return ""
    if len(merged) == 1 and isinstance(merged[0], str):
        return merged[0]
    return ("join", tuple(merged))


class Canonical:
    """The deployment in canonical terms."""

    def __init__(self, deployment: Deployment):
        self.deployment = deployment
        self.identities: dict[str, Identity] = {}
        for resource in deployment.resources:
            container = resource.parent or resource.extension_of
            parent = self.identities[container][1] + "/" if container else ""
            self.identities[resource.key] = (resource.type, parent + str(self.concrete(resource.name)))

    def concrete(self, value: Any) -> Any:
        """A value with its parameters replaced by the intent's values (for names)."""
        value = self.value(value)
        if isinstance(value, tuple) and value[0] == "param":
            return self.deployment.input(value[1]).value
        return value

    def value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, Ref):
            return ("ref", self.identities[value.resource], value.attr)
        if isinstance(value, Param):
            return ("param", value.name)
        if isinstance(value, Index):
            return ("index", self.value(value.base), self.value(value.key))
        if isinstance(value, Join):
            return join([self.value(part) for part in value.parts])
        if isinstance(value, ParentId):
            return ("parent", self.value(value.child_id))
        if isinstance(value, StorageSuffix):
            return value.value
        if isinstance(value, TenantId):
            return ("tenant",)
        if isinstance(value, SubscriptionId):
            return ("subscription",)
        if isinstance(value, Guid):
            return guid([self.value(part) for part in value.parts])
        if isinstance(value, SubscriptionResourceId):
            return subscription_resource(value.type, value.name)
        if isinstance(value, UserAssignedIdentities):
            return identities([self.value(identity) for identity in value.ids])
        return value

    def entries(self) -> list[Entry]:
        """Every resource the deployment creates or updates; resources it only reads (existing) and actions
        it calls are not resources of either target's state, and are checked on their own. A scoped one has
        '@scope': (subscription, resource group) beside its body."""
        found: list[Entry] = []
        for resource in self.deployment.deployed:
            if resource.action is not None:
                continue
            body = self.value(resource.top_level())
            if resource.scope is not None:
                body[SCOPE] = (resource.scope.subscription_id, resource.scope.resource_group)
            found.append((self.identities[resource.key], body))
        return found


def guid(parts: list[Any]) -> Any:
    """A GUID derived from its parts, in both targets' terms: the parts joined by '/'."""
    joined: list[Any] = []
    for part in parts:
        joined += [part, "/"]
    return ("guid", join(joined[:-1]))


def identities(ids: list[Any]) -> Any:
    """ARM's userAssignedIdentities ({id: {}}) in both targets' terms: the identities' IDs."""
    return ("identities", tuple(ids))


def subscription_resource(arm_type: str, name: str) -> Any:
    return join(["/subscriptions/", ("subscription",), f"/providers/{arm_type}/{name}"])


def drop(body: Any, path: str) -> None:
    """Remove a dotted path from a body; '[]' applies the rest of the path to every item of a list."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        items = body.get(head[:-2]) if isinstance(body, dict) else None
        for item in items or []:
            drop(item, rest)
    elif isinstance(body, dict) and head in body:
        if rest:
            drop(body[head], rest)
        else:
            del body[head]


def differences(expected: list[Entry], found: list[Entry]) -> list[str]:
    """What differs, resource by resource and property by property (empty when they agree)."""
    problems = []
    remaining = list(found)
    for identity, body in expected:
        match = next((entry for entry in remaining if entry[0] == identity), None)
        if match is None:
            problems.append(f"missing {identity[0]} {identity[1]}")
            continue
        remaining.remove(match)
        problems += [f"{identity[0]} {identity[1]}: {line}" for line in _diff(body, match[1], "")]
    problems += [f"unexpected {identity[0]} {identity[1]}" for identity, _ in remaining]
    return problems


def _diff(expected: Any, found: Any, path: str) -> list[str]:
    if isinstance(expected, dict) and isinstance(found, dict):
        lines = []
        for key in dict.fromkeys([*expected, *found]):
            child = f"{path}.{key}" if path else key
            if key not in found:
                lines.append(f"{child} is missing (plan: {expected[key]!r})")
            elif key not in expected:
                lines.append(f"{child} is not in the plan (found {found[key]!r})")
            else:
                lines += _diff(expected[key], found[key], child)
        return lines
    if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        return [line for index, (a, b) in enumerate(zip(expected, found, strict=True))
                for line in _diff(a, b, f"{path}[{index}]")]
    return [] if expected == found else [f"{path}: plan {expected!r}, found {found!r}"]
