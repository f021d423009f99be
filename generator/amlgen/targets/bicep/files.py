"""The Bicep target: main.bicep, main.bicepparam and one file per module."""

from __future__ import annotations

from amlgen.arm.deployment import Deployment
from amlgen.targets.bicep.layout import Layout
from amlgen.targets.bicep.printer import ModulePrinter, main_blocks
from amlgen.targets.bicep.values import Speller, camel
from amlgen.targets.environment import environment


def _file(deployment: Deployment, blocks: list[list[str]]) -> str:
    return environment("bicep").get_template("file.bicep.j2").render(
        source=deployment.source, blocks=["\n".join(block) for block in blocks])


def files(deployment: Deployment) -> dict[str, str]:
    layout = Layout(deployment)
    rendered = {"main.bicep": _file(deployment, main_blocks(layout))}  # first: it registers module outputs
    literal = Speller(lambda ref: "")
    parameters = [["using 'main.bicep'"]] + [[f"param {camel(i.name)} = {literal(i.value)}"] for i in deployment.inputs]
    rendered["main.bicepparam"] = _file(deployment, parameters)
    for module in layout.modules:
        rendered[module.file] = _file(deployment, ModulePrinter(layout, module).blocks())
    return rendered
