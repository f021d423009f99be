"""How a command runs in its process: amlgen is a short-lived command, so it leaves out the work a
long-running program needs. Set up by the root callback before every command, undone when it ends (so a
command run in-process, as the tests do, leaves the process as it found it)."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import types
from collections.abc import Callable
from typing import NoReturn

import typer

# pydantic discovers plugins by reading the entry points of every installed distribution when the first
# model is built; amlgen's models are internal, so no plugin has anything to observe in them.
NO_PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"
# The module pydantic asks for its plugins (`get_plugins`) when it builds a validator: typer builds its
# first while parsing the options, before any callback runs. Importing it imports importlib.metadata (with
# email, zipfile, csv ...), a tenth of the floor's time, and its first call reads the entry points of every
# installed distribution. The `amlgen` process puts a module that answers "no plugins" in its place.
PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugins() -> tuple[()]:
    return ()


def no_pydantic_plugins() -> None:
    """Stand in for pydantic's plugin loader for the rest of the process, unless it is loaded already or
    the user chose which plugins to disable (then pydantic reads the setting, as it always does)."""
    if PLUGIN_LOADER in sys.modules or NO_PYDANTIC_PLUGINS in os.environ:
        return
    stand_in = types.ModuleType(PLUGIN_LOADER, "No pydantic plugins in the amlgen process (amlgen.commands.runtime).")
    stand_in.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[PLUGIN_LOADER] = stand_in


def settle(ctx: typer.Context) -> None:
    """Pause the cyclic garbage collector for the command: it would walk every object the run holds (the
    loaded intent, the plan, the rendered files) again and again and find nothing to free, since what a run
    creates lives until it ends; reference counting still frees everything else at once."""
    if gc.isenabled():
        gc.disable()
        ctx.call_on_close(gc.enable)
    if NO_PYDANTIC_PLUGINS not in os.environ:
        os.environ[NO_PYDANTIC_PLUGINS] = "__all__"
        ctx.call_on_close(lambda: os.environ.pop(NO_PYDANTIC_PLUGINS, None))


def run(app: Callable[[], object]) -> NoReturn:
    """Run the command line without pydantic's plugin scan, then end the process at once with its exit code.

    An interpreter that shuts down frees every object and module one by one: a sixth of an example's
    render. Nothing amlgen leaves needs it: every file is written, closed and renamed before the command
    returns, and only the two standard streams are still open (flushed here). An error amlgen did not
    expect still ends the usual way, with its traceback. Only the `amlgen` entry point runs this, never a
    command run in-process.
    """
    no_pydantic_plugins()
    try:
        app()
        status: object = 0
    except SystemExit as done:
        status = done.code
    code = status if isinstance(status, int) else 0 if status is None else 1
    if not isinstance(status, (int, type(None))):
        print(status, file=sys.stderr)  # as the interpreter does for sys.exit("message")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can reach it
            stream.flush()
    os._exit(code)
