"""Walk the values of the resource model: every expression a resource, input or output holds."""

from __future__ import annotations

from collections.abc import Iterator

from amlgen.arm.model import (
    Expression,
    Guid,
    Index,
    Join,
    Param,
    ParentId,
    Ref,
    Resource,
    StorageSuffix,
    SubscriptionId,
    SubscriptionResourceId,
    TenantId,
    UserAssignedIdentities,
    Value,
)

_EXPRESSIONS = (Ref, Param, Index, Join, ParentId, StorageSuffix, TenantId, SubscriptionId, Guid,
                SubscriptionResourceId, UserAssignedIdentities)


def expressions(value: Value) -> Iterator[Expression]:
    """Every expression in a value, outermost first."""
    if isinstance(value, dict):
        for item in value.values():
            yield from expressions(item)
    elif isinstance(value, list):
        for item in value:
            yield from expressions(item)
    elif isinstance(value, _EXPRESSIONS):
        yield value
        if isinstance(value, Index):
            yield from expressions(value.base)
            yield from expressions(value.key)
        elif isinstance(value, (Join, Guid)):
            for part in value.parts:
                yield from expressions(part)
        elif isinstance(value, UserAssignedIdentities):
            for part in value.ids:
                yield from expressions(part)
        elif isinstance(value, ParentId):
            yield from expressions(value.child_id)


def resource_values(resource: Resource) -> Iterator[Value]:
    """The values of a resource a target spells: its name and its ARM body."""
    yield resource.name
    yield from resource.top_level().values()


def references(resource: Resource) -> Iterator[Ref]:
    for value in resource_values(resource):
        for found in expressions(value):
            if isinstance(found, Ref):
                yield found


def parameters(value: Value) -> Iterator[Param]:
    for found in expressions(value):
        if isinstance(found, Param):
            yield found
