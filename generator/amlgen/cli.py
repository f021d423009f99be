"""The amlgen command line: the typer app and its commands, each defined in amlgen.commands."""

from __future__ import annotations

import typer

from amlgen.commands import check, explain, init, render, rules, runtime, schema, validate, version

# Plain help (no rich markup): flags read as flags, like every other command-line tool's help.
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None, callback=version.root,
                  help="Render network-isolated Azure Machine Learning infrastructure from an intent file.")

# In the order `amlgen --help` lists them.
for command in (validate.validate, render.render, rules.rules, check.check, explain.explain, init.init,
                schema.schema):
    app.command()(command)


def main() -> None:
    runtime.run(app)
