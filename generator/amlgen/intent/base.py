"""Shared building blocks of the intent model: the strict base class and field types used by every section."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, WithJsonSchema

Access = Literal["enabled", "disabled"]
IsolationMode = Literal["disabled", "allow_internet_outbound", "allow_only_approved_outbound"]
Cloud = Literal["AzureCloud", "AzureChinaCloud", "AzureUSGovernment"]


class StrictModel(BaseModel):
    """Every intent section: unknown keys are errors, values are immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# One prefix may be written as a string; the schema says so, so editors accept what amlgen accepts.
AddressSpace = Annotated[list[str], WithJsonSchema({
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}],
    "description": "Address prefixes (CIDR): one as a string, or a list.",
})]


def one_or_many(value: object) -> object:
    """An address space written as one string is a list of one."""
    return [value] if isinstance(value, str) else value
