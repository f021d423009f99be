"""How a command runs in its process: amlgen is a short-lived command, so it leaves out the work a
long-running program needs. Set up by the root callback before every command, undone when it ends (so a
command run in-process, as the tests do, leaves the process as it found it)."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from typing import NoReturn

import typer

# pydantic discovers plugins by reading the entry points of every installed distribution when the first
# model is built; amlgen's models are internal, so no plugin has anything to observe in them.
NO_PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


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
    """Run the command line, then end the process at once with its exit code.

    An interpreter that shuts down frees every object and module one by one: a sixth of an example's
    render. Nothing amlgen leaves needs it: every file is written, closed and renamed before the command
    returns, and only the two standard streams are still open (flushed here). An error amlgen did not
    expect still ends the usual way, with its traceback. Only the `amlgen` entry point runs this, never a
    command run in-process.
    """
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
