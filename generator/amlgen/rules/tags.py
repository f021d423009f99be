"""Tags go on every resource amlgen creates, so they must meet Azure's limits for all of them."""

from __future__ import annotations

from amlgen.rules import Context, check

MAX_TAGS = 50
# Storage accounts have the shortest limit on tag names; every created resource carries every tag.
MAX_NAME = 128
MAX_VALUE = 256
FORBIDDEN_IN_NAME = "<>%&\\?/"


@check(emits=("AML603",), reads=("tags",))
def check_tags(ctx: Context) -> None:
    tags = ctx.intent.tags
    if len(tags) > MAX_TAGS:
        ctx.report("AML603", f"{len(tags)} tags; a resource takes at most {MAX_TAGS}", ("tags",), key=True)
    seen: dict[str, str] = {}
    for name, value in tags.items():
        path = ("tags", name)
        bad = sorted({char for char in name if char in FORBIDDEN_IN_NAME})
        if not name.strip():
            ctx.report("AML603", "a tag name is empty", path, key=True)
        elif bad:
            ctx.report("AML603", f"tag name {name!r} contains {' '.join(bad)}, which Azure does not allow in tag "
                       "names", path, key=True)
        elif len(name) > MAX_NAME:
            ctx.report("AML603", f"tag name has {len(name)} characters; the limit is {MAX_NAME} (storage "
                       "accounts)", path, key=True)
        if name.lower() in seen:
            ctx.report("AML603", f"tag name {name!r} differs from {seen[name.lower()]!r} only in case; Azure "
                       "treats tag names case-insensitively", path, key=True)
        else:
            seen[name.lower()] = name
        if len(value) > MAX_VALUE:
            ctx.report("AML603", f"the value of tag {name!r} has {len(value)} characters; the limit is "
                       f"{MAX_VALUE}", path)

