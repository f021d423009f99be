"""The azurerm provider's own value validation, for the arguments amlgen emits (tests/data/azurerm_validation.json).

The table encodes, per resource type and argument, the provider's ValidateFunc (read from its source at the
version the table names) as a check: an enumeration, a pattern, a range, a resource ID of a type, ... Plus
the checks azurerm makes only when it creates a resource (its Create function), under `apply`. The values
come from the rendered Terraform: literals, and variables at the value terraform.tfvars.example gives them;
a value Terraform computes during the apply (a reference) cannot be checked and is left out.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from tests.helpers import hcl_unquote, parse_hcl
from tests.readback.terraform_readback import TerraformReader

TABLE = Path(__file__).resolve().parent / "data" / "azurerm_validation.json"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ID = re.compile(r"/subscriptions/[^/]+/resourceGroups/[^/]+/providers/(?P<ns>[^/]+)(?P<rest>(/[^/]+/[^/]+)+)",
                 re.IGNORECASE)
UNKNOWN = object()  # a value Terraform computes during the apply


@cache
def table() -> dict[str, Any]:
    return json.loads(TABLE.read_text())


def _resource_type(value: str) -> str | None:
    match = _ID.fullmatch(value)
    if not match:
        return None
    parts = match["rest"].strip("/").split("/")
    return "/".join([match["ns"], *parts[0::2]])


def refuses(check: dict[str, Any], value: Any) -> str | None:
    """Why the provider refuses a value (a message), or None when it accepts it."""
    if check.get("each") and isinstance(value, list):
        inner = {k: v for k, v in check.items() if k != "each"}
        return next((found for item in value if (found := refuses(inner, item)) is not None), None)
    kind = check["check"]
    if kind == "none":
        return None
    if kind == "any":
        problems = [refuses(option, value) for option in check["of"]]
        return None if any(p is None for p in problems) else f"{value!r} matches none of: " + "; ".join(
            p for p in problems if p)
    if kind == "all":
        return next((found for option in check["of"] if (found := refuses(option, value)) is not None), None)
    if kind == "one_of":
        return None if value in check["values"] else f"{value!r} is not one of {check['values']}"
    if kind == "not_empty":
        return None if isinstance(value, str) and value != "" else "must not be empty"
    if kind == "excludes":
        return f"{value!r} contains {check['text']!r}" if check["text"] in str(value) else None
    if kind == "pattern":
        text = str(value)
        if not re.fullmatch(check["pattern"], text):
            return f"{text!r} does not match {check['pattern']}"
        if not check.get("min_length", 0) <= len(text) <= check.get("max_length", len(text)):
            return f"{text!r} is not {check.get('min_length')}-{check.get('max_length')} characters"
        return None
    if kind == "length":
        return None if check["min"] <= len(str(value)) <= check["max"] else f"{len(str(value))} characters"
    if kind == "int_between":
        ok = isinstance(value, int) and not isinstance(value, bool) and check["min"] <= value <= check["max"]
        return None if ok else f"{value!r} is not in {check['min']}-{check['max']}"
    if kind == "uuid":
        return None if _UUID.fullmatch(str(value)) else f"{value!r} is not a UUID"
    if kind == "resource_id":
        found = _resource_type(str(value))
        if found is None:
            return f"{value!r} is not a resource ID"
        expected = check["type"]
        return None if not expected or found.lower() == expected.lower() else f"{value!r} is a {found}"
    if kind == "subnet_named":
        found = _resource_type(str(value))
        name = str(value).rsplit("/", 1)[-1]
        subnet = found is not None and found.lower() == "microsoft.network/virtualnetworks/subnets"
        ok = subnet and name == check["name"]
        return None if ok else f"{value!r} is not a subnet named {check['name']}"
    if kind == "resource_group_name":
        text = str(value)
        ok = 0 < len(text) <= 90 and not text.endswith(".") and re.fullmatch(r"[-\w._()]+", text)
        return None if ok else f"{text!r} is not a resource group name"
    if kind == "tags":
        if not isinstance(value, dict):
            return "tags must be a map"
        if len(value) > check["max_count"]:
            return f"{len(value)} tags"
        bad = [k for k, v in value.items() if len(k) > check["key_max"] or len(str(v)) > check["value_max"]]
        return f"tag {bad[0]!r} is too long" if bad else None
    if kind in ("ip", "ipv4", "ipv4_range", "cidr", "port_or_range"):
        return _network(kind, check, str(value))
    if kind == "provider_subresource":
        provider = (_resource_type(str(value["service_resource_id"])) or "").split("/", 1)[0]
        accepted = next((subs for name, subs in check["map"].items() if name.lower() == provider.lower()), [])
        target = str(value["sub_resource_target"]).lower()
        return None if target in (sub.lower() for sub in accepted) else f"{provider or value} has no {target} there"
    raise ValueError(f"unknown check {kind}")


def _network(kind: str, check: dict[str, Any], text: str) -> str | None:
    try:
        if kind == "ip":
            ipaddress.ip_address(text)
        elif kind == "ipv4":
            ipaddress.IPv4Address(text)
        elif kind == "cidr":
            ipaddress.ip_network(text, strict=False)
            if "/" not in text:
                raise ValueError(text)
        elif kind == "ipv4_range":
            low, high = text.split("-")
            if ipaddress.IPv4Address(low) >= ipaddress.IPv4Address(high):
                raise ValueError(text)
        else:
            match = re.fullmatch(r"(\d+)(-(\d+))?", text)
            if match is None:
                raise ValueError(text)
            ports = [int(match[1])] + ([int(match[3])] if match[3] else [])
            reversed_range = len(ports) == 2 and ports[0] >= ports[1]
            if reversed_range or not all(check["min"] <= p <= check["max"] for p in ports):
                raise ValueError(text)
        return None
    except ValueError:
        return f"{text!r} is not a valid {kind.replace('_', ' ')}"


# --- the rendered values -------------------------------------------------------------------------------

def _arguments(body: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in body.items():
        if key.startswith("__") or key in ("depends_on", "lifecycle", "provider"):
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) and v.get("__is_block__") for v in value):
            for block in value:
                yield from _arguments(block, f"{prefix}{key}.")
        else:
            yield prefix + key, value


def _value(reader: TerraformReader, raw: Any) -> Any:
    """A literal, a variable at its example value, or UNKNOWN for what Terraform computes."""
    found = reader.value(raw)
    if isinstance(found, tuple) and found[0] == "param":
        return reader.values.get(found[1], UNKNOWN)
    if isinstance(found, tuple):
        return UNKNOWN
    if isinstance(found, list):
        items = [_value(reader, item) if not isinstance(item, (str, int, bool)) else item for item in found]
        return UNKNOWN if any(item is UNKNOWN for item in items) else items
    if isinstance(found, dict):
        return UNKNOWN if any(isinstance(v, tuple) for v in found.values()) else found
    return found


def emitted(files: dict[str, str]) -> Iterator[tuple[str, str, str, Any]]:
    """(address, azurerm type, argument path, value) of every azurerm argument the module sets."""
    reader = TerraformReader({**files, "terraform.tfvars.example": files.get("terraform.tfvars.example", "")})
    reader.values.setdefault("resource_group_name", "rg-example")
    for path, text in sorted(files.items()):
        if not path.endswith(".tf"):
            continue
        for block in parse_hcl(text).get("resource", []):
            for raw_type, instances in block.items():
                tf_type = str(hcl_unquote(raw_type))
                if not tf_type.startswith("azurerm_"):
                    continue
                for raw_label, body in instances.items():
                    for argument, raw in _arguments(body):
                        yield f"{tf_type}.{hcl_unquote(raw_label)}", tf_type, argument, _value(reader, raw)


def violations(files: dict[str, str]) -> list[str]:
    """Every argument value the provider would refuse, and every emitted argument the table lacks."""
    found: list[str] = []
    resources = table()["resources"]
    by_address: dict[str, dict[str, Any]] = {}
    for address, tf_type, argument, value in emitted(files):
        by_address.setdefault(address, {})[argument] = value
        check = resources.get(tf_type, {}).get("arguments", {}).get(argument)
        if check is None:
            found.append(f"{address}: {argument} is not in the validation table (tests/data/azurerm_validation.json)")
        elif value is not UNKNOWN and (problem := refuses(check, value)) is not None:
            found.append(f"{address}: {argument}: azurerm refuses it: {problem} ({check['source']})")
    for address, arguments in by_address.items():
        check = table()["apply"].get(address.split(".")[0])
        if check is not None and all(arguments.get(k, UNKNOWN) is not UNKNOWN for k in check["refused"]):
            problem = refuses(check, {k: arguments[k] for k in check["refused"]})
            if problem is not None:
                found.append(f"{address}: azurerm refuses it when it creates it: {problem} ({check['source']})")
    return found
