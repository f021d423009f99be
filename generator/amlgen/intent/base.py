"""Shared building blocks of the intent model: the strict base class and field types used by every section."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, WithJsonSchema

Access = Literal["enabled", "disabled"]
IsolationMode = Literal["disabled", "allow_internet_outbound", "allow_only_approved_outbound"]
Cloud = Literal["AzureCloud", "AzureChinaCloud", "AzureUSGovernment"]


class StrictModel(BaseModel):
    """Every intent section: unknown keys are errors, values are immutable once validated, and no value is
    coerced: a number is not text, text is not a number, and 1 is not true (the JSON Schema says the same,
    so an editor and amlgen agree on every value)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, strict=True)


# One prefix may be written as a string; the schema says so, so editors accept what amlgen accepts.
AddressSpace = Annotated[list[str], WithJsonSchema({
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}],
    "description": "Address prefixes (CIDR): one as a string, or a list.",
})]


def one_or_many(value: object) -> object:
    """An address space written as one string is a list of one."""
    return [value] if isinstance(value, str) else value


def iso_date(value: object) -> object:
    """A date written YYYY-MM-DD. YAML 1.2 reads it as text (as the JSON Schema's format: date says), so
    it is parsed here; a date that does not exist (2021-02-30) is an error, not a crash."""
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(f"'{value}' is not a date written YYYY-MM-DD")
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a date that exists ({exc})") from None
    return value
