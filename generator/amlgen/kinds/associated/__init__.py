"""The associated resource kinds, discovered from this package: one module per kind."""

from __future__ import annotations

from typing import Any

from amlgen.azure.private_link import WORKSPACE_GROUP, PrivateLinkGroup
from amlgen.kinds.associated.base import AssociatedKind
from amlgen.kinds.registry import discover

KINDS: tuple[AssociatedKind[Any], ...] = tuple(discover(__name__, __path__))


def kind(key: str) -> AssociatedKind[Any]:
    for candidate in KINDS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def private_link_groups() -> tuple[PrivateLinkGroup, ...]:
    """Every private link group amlgen creates endpoints for: the workspace's and each kind's."""
    return (WORKSPACE_GROUP, *(link for kind in KINDS for link in kind.private_link))


def private_link_group(group: str) -> PrivateLinkGroup:
    for link in private_link_groups():
        if link.group == group:
            return link
    raise KeyError(group)
