"""Azure naming rules for every name the plan creates, including those derived from the prefix."""

from __future__ import annotations

from amlgen.analysis.decisions import planned_names
from amlgen.azure.names import name_problem
from amlgen.rules import Context, check


@check(emits=("AML207",), reads=("naming", "subscription_id", "resource_group"))
def check_suffix_inputs(ctx: Context) -> None:
    """The suffix is uniqueString(subscription, resource group, name): both must be known when rendering."""
    if not ctx.intent.naming.unique_suffix:
        return
    missing = [key for key in ("subscription_id", "resource_group") if getattr(ctx.intent, key) is None]
    if missing:
        ctx.report("AML207", f"naming.unique_suffix needs {' and '.join(missing)}", ("naming", "unique_suffix"))


@check(emits=("AML601", "AML602"), reads=("name", "workspace", "resources", "inbound", "dns", "cloud", "network",
                                          "naming", "subscription_id", "resource_group"))
def check_names(ctx: Context) -> None:
    problem = name_problem("prefix", ctx.intent.name)
    if problem:
        ctx.report("AML601", problem, ("name",))
        return
    unique = []
    for planned in planned_names(ctx.intent):
        problem = planned.problem()
        if problem:
            cause = "" if planned.explicit else f" (derived from the name prefix '{ctx.intent.name}')"
            ctx.report("AML601", problem + cause, planned.path if planned.explicit else ("name",))
        elif planned.globally_unique:
            unique.append(planned)
    if unique:
        listed = ", ".join(f"{p.kind} '{p.name}'" for p in unique)
        ctx.report("AML602", f"these names must be unique across Azure: {listed}", ("name",))

