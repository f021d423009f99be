"""Parsing ARM resource IDs, so rules can check their shape, type and subscription."""

from __future__ import annotations

import re

from amlgen.records import dataclass

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_SEGMENT = r"[^/\s]+"
_ID = re.compile(
    rf"/subscriptions/(?P<sub>{_GUID})/resourceGroups/(?P<rg>{_SEGMENT})/providers/(?P<ns>[A-Za-z]+\.[A-Za-z.]+)"
    rf"(?P<rest>(?:/{_SEGMENT}/{_SEGMENT})+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ResourceId:
    raw: str
    subscription: str
    resource_group: str
    type: str  # Namespace/type[/childType...]
    name: str  # the last name segment

    @property
    def parent_id(self) -> str:
        return self.raw.rsplit("/", 2)[0]


def parse_resource_id(value: str) -> ResourceId | None:
    match = _ID.fullmatch(value)
    if not match:
        return None
    parts = match["rest"].strip("/").split("/")
    types = parts[0::2]
    return ResourceId(value, match["sub"].lower(), match["rg"], "/".join([match["ns"], *types]), parts[-1])


def is_type(resource_id: ResourceId, arm_type: str) -> bool:
    return resource_id.type.lower() == arm_type.lower()
