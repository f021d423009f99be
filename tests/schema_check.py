"""Check rendered output against the providers' own schemas, vendored under tests/data/.

- Terraform: every resource and data source type, argument and nested block must exist in the azurerm
  schema (tests/data/azurerm_schema.json, built by scripts/build_azurerm_schema.py), and every required
  argument and block must be set. azapi resources are checked by their `type` (a known ARM type at the
  pinned API version), their parent or target, and the ARM schema of their `body`.
- ARM (Bicep resources and azapi bodies): the `properties` of every resource must validate against
  the JSON Schema generated from the SDK REST models (tests/data/arm_schema.json, built by
  scripts/build_arm_schema.py): no unknown property, only known enum values, no read-only property.

Each checker returns a list of violations (empty when the output is faithful), so tests can also feed
in deliberately broken output and see it caught.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from amlgen.azure.versions import arm_type_version
from tests.helpers import hcl_unquote, parse_bicep, parse_hcl

DATA = Path(__file__).resolve().parent / "data"

# Arguments every Terraform resource accepts besides its schema's (Terraform meta-arguments).
META_ARGUMENTS = {"count", "for_each", "depends_on", "provider", "lifecycle"}
# The azapi 2.x arguments amlgen may use (registry docs of azapi_resource and azapi_update_resource).
AZAPI_ARGUMENTS = {
    "azapi_resource": {"type", "name", "parent_id", "location", "identity", "body", "tags",
                       "response_export_values", "schema_validation_enabled", "ignore_missing_property",
                       "locks", "timeouts", "retry", "replace_triggers_external_values"},
    "azapi_update_resource": {"type", "name", "parent_id", "resource_id", "body", "response_export_values",
                              "ignore_missing_property", "locks", "timeouts", "retry"},
    "azapi_resource_action": {"type", "resource_id", "action", "method", "body", "when", "response_export_values",
                              "locks", "timeouts", "retry", "headers", "query_parameters"},
}
# The azapi 2.x data source amlgen reads existing resources with (registry docs of data azapi_resource).
AZAPI_DATA_ARGUMENTS = {"type", "name", "parent_id", "resource_id", "response_export_values", "timeouts", "retry"}
# What an azapi body may hold at its top level; location, identity and tags are arguments of their own, except
# in azapi_update_resource, whose body is merged into the whole resource.
AZAPI_BODY_KEYS = {"properties", "sku", "kind"}
AZAPI_UPDATE_BODY_KEYS = AZAPI_BODY_KEYS | {"tags"}


# Parsing dominates the run time and every test parses the same rendered files: parse each text once.
_parse_bicep = cache(parse_bicep)
_parse_hcl = cache(parse_hcl)


@cache
def azurerm_schema() -> dict:
    return json.loads((DATA / "azurerm_schema.json").read_text())


@cache
def arm_schema() -> dict:
    return json.loads((DATA / "arm_schema.json").read_text())


# --- values we cannot know statically ---------------------------------------------------------------

class _Expression:
    """A value computed at deployment (a reference, a function call, an interpolation)."""

    def __repr__(self) -> str:
        return "<expression>"


EXPRESSION = _Expression()


def _skip_expressions(check):  # type: ignore[no-untyped-def]
    def wrapped(validator, value, instance, schema):  # type: ignore[no-untyped-def]
        if instance is EXPRESSION:
            return
        yield from check(validator, value, instance, schema)

    return wrapped


def _read_only(validator, value, instance, schema):  # type: ignore[no-untyped-def]
    # Only reached for a property that is present: ARM ignores or rejects server-set properties.
    if value:
        yield ValidationError("is read-only: the server sets it")


_VALIDATORS = {name: _skip_expressions(check) for name, check in Draft202012Validator.VALIDATORS.items()}
_VALIDATORS["readOnly"] = _read_only
ArmValidator = jsonschema.validators.extend(Draft202012Validator, _VALIDATORS)


def arm_property_violations(arm_type: str, properties: object, *, partial: bool = False) -> list[str]:
    """Violations of an ARM resource's `properties` value (with EXPRESSION for unknown values).
    partial: the value patches an existing resource (azapi_update_resource), so nothing is required."""
    resources = arm_schema()["resources"]
    if arm_type not in resources:
        return [f"no vendored ARM schema for {arm_type}: add it to scripts/build_arm_schema.py"]
    schema = {"$defs": arm_schema()["$defs"], **resources[arm_type]["properties"]}
    if properties is EXPRESSION:
        return ["properties are computed at deployment, so they cannot be checked: write them out"]
    errors = sorted((e for e in ArmValidator(schema).iter_errors(properties)
                     if not (partial and e.validator == "required")), key=lambda e: list(e.absolute_path))
    return [f"properties.{'.'.join(str(p) for p in e.absolute_path) or '<root>'}: {_message(e)}" for e in errors]


def _message(error: ValidationError) -> str:
    # if/then dispatch reports the failing branch's own errors as its context: show the deepest one.
    while error.context:
        error = min(error.context, key=lambda e: len(e.absolute_path) * -1)
    return error.message


# --- Terraform --------------------------------------------------------------------------------------

def _is_block_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, dict) and v.get("__is_block__") for v in value)


def _block_violations(body: dict, schema: dict, where: str, *, top: bool) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    for key, value in body.items():
        if key.startswith("__") or (top and key in META_ARGUMENTS):
            continue
        if key == "dynamic":
            for dynamic in value:
                for raw_name, content in dynamic.items():
                    name = hcl_unquote(raw_name)
                    seen.add(name)
                    if name not in schema["blocks"]:
                        found.append(f"{where}: unknown dynamic block {name}")
                        continue
                    for inner in content.get("content", []):
                        found += _block_violations(inner, schema["blocks"][name]["block"], f"{where}.{name}",
                                                   top=False)
            continue
        seen.add(key)
        if key in schema["attributes"]:
            if _is_block_list(value):
                found.append(f"{where}: {key} is an argument, written as a block")
        elif key in schema["blocks"]:
            spec = schema["blocks"][key]
            if not _is_block_list(value):
                found.append(f"{where}: {key} is a block, written as an argument")
                continue
            if not spec["list"] and len(value) > 1:
                found.append(f"{where}: {key} is a single block, given {len(value)} times")
            for inner in value:
                found += _block_violations(inner, spec["block"], f"{where}.{key}", top=False)
        else:
            found.append(f"{where}: unknown argument or block {key}")
    for name, spec in schema["attributes"].items():
        if spec["required"] and name not in seen:
            found.append(f"{where}: required argument {name} is not set")
    for name, spec in schema["blocks"].items():
        if spec["required"] and name not in seen:
            found.append(f"{where}: required block {name} is missing")
    return found


def hcl_value(value: object) -> object:
    """An HCL value as JSON, with EXPRESSION for anything computed at apply time."""
    if isinstance(value, dict):
        return {hcl_unquote(k): hcl_value(v) for k, v in value.items() if not k.startswith("__")}
    if isinstance(value, list):
        return [hcl_value(v) for v in value]
    if isinstance(value, str):
        if "${" in value or not (len(value) >= 2 and value[0] == value[-1] == '"'):
            return EXPRESSION
        return json.loads(value)
    return value


def _azapi_violations(tf_type: str, body: dict, where: str) -> list[str]:
    found = [f"{where}: unknown azapi argument {key}" for key in body
             if not key.startswith("__") and key not in AZAPI_ARGUMENTS[tf_type] | META_ARGUMENTS]
    type_value = hcl_value(body.get("type"))
    if not isinstance(type_value, str) or "@" not in type_value:
        return [*found, f"{where}: type must be a literal 'Provider/type@version'"]
    arm_type, _, version = type_value.partition("@")
    if version != arm_type_version(arm_type):
        found.append(f"{where}: {arm_type}@{version} is not the version pinned in versions.py")
    if tf_type == "azapi_resource":
        found += [f"{where}: required argument {k} is not set" for k in ("name", "parent_id", "body")
                  if k not in body]
    elif "resource_id" not in body and not {"name", "parent_id"} <= set(body):
        found.append(f"{where}: needs resource_id, or name and parent_id")
    payload = hcl_value(body.get("body", {}))
    if not isinstance(payload, dict):
        return [*found, f"{where}: body must be an object literal"]
    if tf_type == "azapi_resource_action":
        return found + _action_violations(arm_type, hcl_value(body.get("action")), payload, where)
    allowed = AZAPI_UPDATE_BODY_KEYS if tf_type == "azapi_update_resource" else AZAPI_BODY_KEYS
    found += [f"{where}: body.{key} does not belong in the body" for key in payload if key not in allowed]
    if "properties" in payload:
        partial = tf_type == "azapi_update_resource"
        found += [f"{where}: body.{v}" for v in arm_property_violations(arm_type, payload["properties"],
                                                                         partial=partial)]
    return found


def _action_violations(arm_type: str, action: object, payload: dict, where: str) -> list[str]:
    """An action's body against the vendored schema of that action (its request model)."""
    actions = arm_schema().get("actions", {})
    name = f"{arm_type}/{action}"
    if name not in actions:
        return [f"{where}: no vendored schema for the action {name}: add it to scripts/build_arm_schema.py"]
    schema = {"$defs": arm_schema()["$defs"], **actions[name]["body"]}
    return [f"{where}: body.{'.'.join(str(p) for p in e.absolute_path) or '<root>'}: {_message(e)}"
            for e in ArmValidator(schema).iter_errors(payload)]


def _data_violations(body: dict, where: str) -> list[str]:
    found = [f"{where}: unknown azapi data source argument {key}" for key in body
             if not key.startswith("__") and key not in AZAPI_DATA_ARGUMENTS | {"depends_on"}]
    type_value = hcl_value(body.get("type"))
    if not isinstance(type_value, str) or "@" not in type_value:
        return [*found, f"{where}: type must be a literal 'Provider/type@version'"]
    arm_type, _, version = type_value.partition("@")
    if version != arm_type_version(arm_type):
        found.append(f"{where}: {arm_type}@{version} is not the version pinned in versions.py")
    if arm_type not in arm_schema()["resources"]:
        found.append(f"{where}: no vendored ARM schema for {arm_type}: add it to scripts/build_arm_schema.py")
    return found


def _terraform_blocks(files: dict[str, str]) -> Iterator[tuple[str, str, str, dict, str]]:
    """(file, kind, Terraform type, body, address) of every resource and data source."""
    for path, text in sorted(files.items()):
        if not path.endswith(".tf"):
            continue
        parsed = _parse_hcl(text)
        for kind in ("resource", "data"):
            for block in parsed.get(kind, []):
                for raw_type, instances in block.items():
                    for raw_name, body in instances.items():
                        tf_type, name = hcl_unquote(raw_type), hcl_unquote(raw_name)
                        prefix = "data." if kind == "data" else ""
                        yield path, kind, tf_type, body, f"{path}: {prefix}{tf_type}.{name}"


def terraform_violations(files: dict[str, str]) -> list[str]:
    schema = azurerm_schema()
    found: list[str] = []
    for _path, kind, tf_type, body, where in _terraform_blocks(files):
        if kind == "resource" and tf_type in AZAPI_ARGUMENTS:
            found += _azapi_violations(tf_type, body, where)
            continue
        if kind == "data" and tf_type == "azapi_resource":
            found += _data_violations(body, where)
            continue
        table = schema["resources"] if kind == "resource" else schema["data_sources"]
        if tf_type not in table:
            known = tf_type in (schema["resources"] if kind == "data" else schema["data_sources"])
            hint = "" if known else ": add it to scripts/build_azurerm_schema.py if azurerm has it"
            found.append(f"{where}: {tf_type} is not a vendored azurerm {kind} type{hint}")
            continue
        found += _block_violations(body, table[tf_type], where, top=True)
    return found


def azapi_bodies(files: dict[str, str]) -> list[tuple[str, str]]:
    """(address, ARM type) of every azapi resource, so tests can show what was checked."""
    return [(where, str(hcl_value(body.get("type")))) for _p, kind, tf_type, body, where in _terraform_blocks(files)
            if kind == "resource" and tf_type in AZAPI_ARGUMENTS]


# --- Bicep ------------------------------------------------------------------------------------------

def _is_expression(value: dict) -> bool:
    return len(value) == 1 and (
        ("operator" in value and isinstance(value["operator"], dict) and "operands" in value["operator"])
        or ("function" in value and isinstance(value["function"], dict) and "type" in value["function"]))


def bicep_value(value: object, symbols: set[str]) -> object:
    """A pycep value as JSON, with EXPRESSION for references, calls and interpolations.

    pycep returns identifiers and string literals alike as str, so a string that names a symbol of
    the file (parameter, variable, resource, module, loop item) is taken to be a reference.
    """
    if isinstance(value, dict):
        if _is_expression(value):
            return EXPRESSION
        items = {k: bicep_value(v, symbols) for k, v in value.items()}
        return Patch(items) if isinstance(value, Patch) else items
    if isinstance(value, list):
        return [bicep_value(v, symbols) for v in value]
    if isinstance(value, str) and ("${" in value or value in symbols):
        return EXPRESSION
    return value


def _accessor_path(value: object, item: str) -> list[str] | None:
    """['properties'] for `item.properties`, [] for `item`, None for anything else."""
    if value == item:
        return []
    if isinstance(value, dict) and _is_expression(value) and "operator" in value:
        operator = value["operator"]
        operands = operator["operands"]
        if operator["type"] == "property_accessor" and isinstance(operands["operand_2"], str):
            head = _accessor_path(operands["operand_1"], item)
            return None if head is None else [*head, operands["operand_2"]]
    return None


def _changes(properties: object) -> object:
    """The properties a resource sets; for an update of an existing one, `union(<current>, changes)`, its changes
    (checked as a patch: nothing is required of them)."""
    if isinstance(properties, dict) and _is_expression(properties) and "function" in properties:
        function = properties["function"]
        if function["type"] == "union" and len(function.get("parameters", {})) == 2:
            return Patch(function["parameters"]["arg_2"])
    return properties


class Patch(dict):  # type: ignore[type-arg]
    """Properties that update an existing resource: partial by design."""


def bicep_resources(files: dict[str, str]) -> Iterator[tuple[str, str, str, list[object]]]:
    """(where, ARM type, API version, [properties per instance]) of every resource Bicep deploys.

    A resource built by a `for` loop over a variable array yields the properties of every element.
    """
    for path, text in sorted(files.items()):
        if not path.endswith(".bicep"):
            continue
        parsed = _parse_bicep(text)
        symbols = {name for section in ("parameters", "variables", "resources", "modules", "outputs")
                   for name in parsed.get(section, {})}
        for symbol, resource in parsed.get("resources", {}).items():
            if resource["existing"]:
                continue
            where = f"{path}: {symbol} ({resource['type']})"
            config = resource["config"]
            loop = config.get("loop_type")
            if "config" in config and ("loop_type" in config or "condition" in config):
                config = config["config"]
            if "properties" not in config:
                yield where, resource["type"], resource["api_version"], []
                continue
            if loop is None:
                yield where, resource["type"], resource["api_version"], [
                    bicep_value(_changes(config["properties"]), symbols)]
                continue
            item = loop["detail"].get("item_name", "")
            array = parsed.get("variables", {}).get(loop["detail"].get("array_name", ""), {}).get("value")
            path_in_item = _accessor_path(config["properties"], item)
            if not isinstance(array, list) or path_in_item is None:
                yield where, resource["type"], resource["api_version"], [
                    bicep_value(config["properties"], symbols | {item})]
                continue
            values = []
            for element in array:
                for key in path_in_item:
                    element = element.get(key) if isinstance(element, dict) else None
                values.append(bicep_value(element, symbols))
            yield where, resource["type"], resource["api_version"], values


def bicep_violations(files: dict[str, str]) -> list[str]:
    found: list[str] = []
    for where, arm_type, version, instances in bicep_resources(files):
        if version != arm_type_version(arm_type):
            found.append(f"{where}: API version {version} is not the one pinned in versions.py")
        if arm_type not in arm_schema()["resources"]:
            found.append(f"{where}: no vendored ARM schema for {arm_type}: add it to scripts/build_arm_schema.py")
            continue
        for index, properties in enumerate(instances):
            label = where if len(instances) == 1 else f"{where}[{index}]"
            found += [f"{label}: {v}" for v in arm_property_violations(arm_type, properties,
                                                                         partial=isinstance(properties, Patch))]
    return found


def schema_versions() -> dict[str, str]:
    """ARM type -> the API version whose models the vendored schema was generated from."""
    return {t: r["api_version"] for t, r in arm_schema()["resources"].items()}


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def version_date(version: str) -> str:
    match = _DATE.match(version)
    assert match, version
    return match.group(0)
