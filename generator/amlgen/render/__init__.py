"""Render a plan into the files of one target. Output is a mapping of relative path -> text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from amlgen.plan.model import Plan

if TYPE_CHECKING:
    from jinja2 import Environment

TARGETS = ("bicep", "terraform")


def render(plan: Plan, target: str) -> dict[str, str]:
    from amlgen.render.environment import environment

    env = environment(target)
    rendered: dict[str, str] = {}
    if target == "terraform":
        from amlgen.render import terraform

        tf = terraform.TerraformView(plan)
        for template, path in terraform.files(plan):
            rendered[path] = env.get_template(template).render(plan=plan, tf=tf)
    elif target == "bicep":
        from amlgen.render import bicep

        view = bicep.BicepView(plan)
        for template, path, module in bicep.files(view):
            rendered[path] = env.get_template(template).render(plan=plan, bicep=view, module=module)
    else:
        raise ValueError(f"unknown target {target!r}; expected one of {', '.join(TARGETS)}")
    from amlgen.render.endpoints import YamlView, yaml_files

    for template, path, context in yaml_files(plan):
        rendered[path] = env.get_template(template).render(plan=plan, yml=YamlView(), **context)
    rendered.update(_documents(plan, target, env))
    return {path: tidy(text) for path, text in sorted(rendered.items())}


def _documents(plan: Plan, target: str, env: Environment) -> dict[str, str]:
    """The Markdown beside every module: its README (inputs, outputs) and ARCHITECTURE.md (the network)."""
    from amlgen.explain import explain
    from amlgen.render.docs import module_doc

    return {"README.md": env.get_template("README.md.j2").render(plan=plan, doc=module_doc(plan, target)),
            "ARCHITECTURE.md": env.get_template("ARCHITECTURE.md.j2").render(plan=plan, x=explain(plan))}


def tidy(text: str) -> str:
    """One trailing newline, no trailing spaces, no runs of blank lines: the templates stay readable."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
