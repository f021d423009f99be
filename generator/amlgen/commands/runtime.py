"""How a command runs in its process: amlgen is a short-lived command, so it leaves out the work a
long-running program needs. Set up by the root callback before every command, undone when it ends (so a
command run in-process, as the tests do, leaves the process as it found it)."""

from __future__ import annotations

import gc
import os

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
