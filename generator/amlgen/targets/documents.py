"""The documents every target writes beside its code, from the same deployment: the module README
(inputs and outputs as the target spells them), ARCHITECTURE.md, DNS-FORWARDERS.md, and the az ml files
and summary of the online endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amlgen.arm.deployment import Deployment


@dataclass(frozen=True)
class DocRow:
    name: str
    type: str
    description: str
    default: str | None  # None: the caller must set it


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
    found = {"README.md": env.get_template("README.md.j2").render(plan=deployment, doc=doc),
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
        for document in endpoints.documents:
            found[document.path] = env.get_template("az-ml.yml.j2").render(plan=deployment, doc=document,
                                                                         body=yaml_block(document.body))
    return found


def yaml_block(pairs: tuple[tuple[str, Any], ...], indent: int = 0) -> str:
    """A YAML block mapping; every string is double-quoted through the YAML escaper."""
    from amlgen.targets.escape import yaml_string

    pad = " " * indent
    lines = []
    for key, value in pairs:
        if isinstance(value, tuple):
            lines.append(f"{pad}{key}:\n{yaml_block(value, indent + 2)}")
        elif isinstance(value, bool):
            lines.append(f"{pad}{key}: {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{pad}{key}: {value}")
        else:
            lines.append(f"{pad}{key}: {yaml_string(value)}")
    return "\n".join(lines)


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
