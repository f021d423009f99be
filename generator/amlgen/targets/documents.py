"""The documents every target writes beside its code, from the same deployment: the module README
(inputs and outputs as the target spells them, and the Azure articles the deployment's comments cite),
ARCHITECTURE.md, DNS-FORWARDERS.md, and the az ml files and summary of the online endpoints."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable
from typing import Any

from amlgen.arm.deployment import Deployment, LocalPath
from amlgen.azure.sources import ARTICLES, Article
from amlgen.records import dataclass


@dataclass(frozen=True)
class DocRow:
    name: str
    type: str
    description: str
    default: str | None  # spelled as the target's code spells it; None: the caller must set it


@dataclass(frozen=True)
class ModuleDoc:
    target: str
    inputs_heading: str
    inputs: tuple[DocRow, ...]
    outputs: tuple[DocRow, ...]
    usage: tuple[str, ...]


def documents(deployment: Deployment, doc: ModuleDoc) -> dict[str, str]:
    from amlgen.explain import explain
    from amlgen.targets.environment import environment

    env = environment("common")
    found = {"README.md": env.get_template("README.md.j2").render(plan=deployment, doc=doc,
                                                                   sources=cited_articles(deployment)),
             "ARCHITECTURE.md": env.get_template("ARCHITECTURE.md.j2").render(plan=deployment,
                                                                             x=explain(deployment))}
    if deployment.forwarders is not None:
        template = "DNS-FORWARDERS-resolver.md.j2" if deployment.forwarders.via_resolver else "DNS-FORWARDERS.md.j2"
        found["DNS-FORWARDERS.md"] = env.get_template(template).render(plan=deployment, dns=deployment.forwarders,
                                                                        x=explain(deployment))
    if deployment.firewall_handoff is not None:
        import json

        name, properties = deployment.firewall_handoff
        found["FIREWALL-RULES.md"] = env.get_template("FIREWALL-RULES.md.j2").render(
            plan=deployment, name=name, properties=properties, x=explain(deployment),
            body=json.dumps({"properties": properties}, indent=2))
    endpoints = deployment.online_endpoints
    if endpoints is not None:
        found[endpoints.summary_file] = env.get_template("endpoints-summary.md.j2").render(plan=deployment,
                                                                                         ep=endpoints)
        intent_folder = posixpath.dirname(deployment.source)
        for document in endpoints.documents:
            base = Rebase(intent_folder, posixpath.dirname(document.path))
            found[document.path] = env.get_template("az-ml.yml.j2").render(plan=deployment, doc=document,
                                                                         body=yaml_block(document.body, base))
    return found


@dataclass(frozen=True)
class Rebase:
    """Folders relative to the output folder: the intent's (local paths are relative to it) and the
    document's (az ml resolves paths relative to the YAML file)."""

    intent_folder: str
    document_folder: str

    def __call__(self, local: LocalPath) -> str:
        if posixpath.isabs(local.path):
            return local.path
        # Relative paths may climb above the output folder ('../../src'): resolve both below a made-up root
        # deep enough for every '..', never against the working folder.
        ups = f"{self.intent_folder}/{local.path}".split("/").count("..")
        root = "/" + "/".join(["_"] * (ups + 1))
        target = posixpath.normpath(posixpath.join(root, self.intent_folder, local.path))
        return posixpath.relpath(target, posixpath.join(root, self.document_folder))


def yaml_block(pairs: tuple[tuple[str, Any], ...], rebase: Rebase, indent: int = 0) -> str:
    """A YAML block mapping, strings plain where YAML allows it (as Azure's samples are written), else quoted."""
    from amlgen.targets.escape import yaml_scalar

    pad = " " * indent
    lines = []
    for key, value in pairs:
        if isinstance(value, tuple):
            lines.append(f"{pad}{key}:\n{yaml_block(value, rebase, indent + 2)}")
        elif isinstance(value, bool):
            lines.append(f"{pad}{key}: {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{pad}{key}: {value}")
        elif isinstance(value, LocalPath):
            lines.append(f"{pad}{key}: {yaml_scalar(rebase(value))}")
        else:
            lines.append(f"{pad}{key}: {yaml_scalar(value)}")
    return "\n".join(lines)


_LEAVES = (int, float, bool, type(None))  # hold no text


def _texts(value: object, found: dict[str, None], seen: set[int]) -> None:
    """Every string in the deployment, once each, in the order first met: comments, notes, reasons,
    descriptions (and values, which cite nothing). A record met again (the deployment indexes its resources
    by key) holds no string not met already. Strings are taken where they are met, not in a call each: a
    large intent's deployment holds hundreds of thousands."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                found[key] = None
            if isinstance(item, str):
                found[item] = None
            elif not isinstance(item, _LEAVES):
                _texts(item, found, seen)
        return
    if isinstance(value, (tuple, list)):
        items: Iterable[object] = value
    else:
        names = _field_names(type(value))
        if not names or id(value) in seen:
            return
        seen.add(id(value))
        items = [getattr(value, name) for name in names]
    for item in items:
        if isinstance(item, str):
            found[item] = None
        elif not isinstance(item, _LEAVES):
            _texts(item, found, seen)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    found = _FIELD_NAMES.get(kind)
    if found is None:
        found = _FIELD_NAMES[kind] = tuple(item.name for item in dataclasses.fields(kind)) \
            if dataclasses.is_dataclass(kind) else ()
    return found


def cited_articles(deployment: Deployment) -> tuple[Article, ...]:
    """The Azure articles the deployment's comments and documents cite by title, in catalog order."""
    found: dict[str, None] = {}
    _texts([deployment], found, set())
    text = re.sub(r"\s+", " ", " ".join(found))
    return tuple(article for article in ARTICLES if article.title.split(" (")[0] in text)


def tidy(text: str) -> str:
    """One trailing newline, no trailing spaces, no runs of blank lines: the templates stay readable."""
    out: list[str] = []
    for line in (line.rstrip() for line in text.splitlines()):
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
