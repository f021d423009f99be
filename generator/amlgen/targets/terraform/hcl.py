"""A small HCL document model and its printer, laid out as `terraform fmt` lays it out.

Attributes are aligned on '=' within runs of single-line attributes; a comment, a blank line, a block or a
multi-line value ends a run. Blocks are set apart by blank lines, and `depends_on` comes last.
"""

from __future__ import annotations

import textwrap
from dataclasses import field

from amlgen.records import dataclass
from amlgen.targets.escape import comment_text

COMMENT_WIDTH = 120  # wrap why-comments at this many columns, indentation included (the project's line length)


def comment_lines(text: str, indent: int) -> list[str]:
    """A why-comment as '#' lines within the comment width; scanner directives are never wrapped."""
    pad = " " * indent
    text = comment_text(text)
    if text.startswith("checkov:"):
        return [f"{pad}# {text}"]
    width = max(COMMENT_WIDTH - indent - 2, 40)
    if text and len(text) <= width and text == text.strip(" "):
        return [f"{pad}# {text}"]  # what textwrap makes of one short line (comment_text left no other space)
    return [f"{pad}# {line}" for line in textwrap.wrap(text, width, break_long_words=False,
                                                         break_on_hyphens=False)] or [f"{pad}#"]


@dataclass(slots=True)  # tens of thousands in a large module
class Attribute:
    name: str
    expression: str  # already spelled; may span lines (then indented for its position)
    comments: list[str] = field(default_factory=list)
    separate: bool = False  # set apart by a blank line (depends_on, a body after blocks)


@dataclass(slots=True)
class Block:
    type: str
    labels: tuple[str, ...] = ()
    body: list[Attribute | Block] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # above the block
    directives: list[str] = field(default_factory=list)  # first lines inside it (scanner skips)

    def add(self, item: Attribute | Block) -> None:
        self.body.append(item)


def _head(block: Block) -> str:
    labels = "".join(f' "{label}"' for label in block.labels)
    return f"{block.type}{labels} {{"


def render_block(block: Block, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines = [line for text in block.comments for line in comment_lines(text, indent)]
    if not block.body and not block.directives:
        return [*lines, f"{pad}{_head(block)}}}"]
    lines.append(pad + _head(block))
    inner = indent + 2
    for directive in block.directives:
        lines += comment_lines(directive, inner)
    run: list[Attribute] = []

    def flush() -> None:
        width = max((len(item.name) for item in run), default=0)
        lines.extend(f"{' ' * inner}{item.name.ljust(width)} = {item.expression}" for item in run)
        run.clear()

    previous: str | None = None  # "attribute" | "block"
    for item in block.body:
        if isinstance(item, Block):
            flush()
            if previous is not None or block.directives:
                lines.append("")
            lines += render_block(item, inner)
            previous = "block"
            continue
        if item.separate or previous == "block":
            flush()
            if previous is not None:
                lines.append("")
        if item.comments:
            flush()
            lines += [line for text in item.comments for line in comment_lines(text, inner)]
        if "\n" in item.expression:
            flush()
            lines.append(f"{' ' * inner}{item.name} = {item.expression}")
        else:
            run.append(item)
        previous = "attribute"
    flush()
    lines.append(pad + "}")
    return lines


def render(blocks: list[Block]) -> str:
    """Top-level blocks, one blank line apart."""
    return "\n\n".join("\n".join(render_block(block)) for block in blocks)
