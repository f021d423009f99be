"""Shared test helpers: the example catalog, in-memory rendering, and parsers for every output kind."""

from __future__ import annotations

import copy
import re
from functools import cache, lru_cache
from pathlib import Path

from amlgen.intent.loader import load_intent_file, load_intent_text
from amlgen.plan import build_plan
from amlgen.targets import render
from amlgen.validation import validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TARGETS = ("bicep", "terraform")


def example_names() -> list[str]:
    return sorted(p.parent.name for p in EXAMPLES.glob("*/intent.yaml"))


@cache
def render_example(name: str, target: str) -> dict[str, str]:
    path = EXAMPLES / name / "intent.yaml"
    intent, _ = validate(load_intent_file(path, f"examples/{name}/intent.yaml"))
    return render(build_plan(intent, "intent.yaml"), target)


# Quotes, braces, a comment character and template sequences in tag keys and values: the Terraform output
# must keep its layout (test_layout.py) and stay formatted and loadable (test_terraform.py).
HOSTILE_TEXT_INTENT = """version: 1
name: contoso-ml
location: eastus
tags:
  "with space": 'quote " brace { # hash'
  a: "${x} %{y}"
workspace:
  public_network_access: enabled
"""


def render_text(text: str, target: str) -> dict[str, str]:
    intent, _ = validate(load_intent_text("intent.yaml", text.encode()))
    return render(build_plan(intent, "intent.yaml"), target)


# --- Bicep ------------------------------------------------------------------------------------------

_BICEP_ESCAPES = {"\\": "\\", "'": "'", "n": "\n", "r": "\r", "t": "\t", "$": "$"}


def bicep_unescape(literal: str) -> str:
    """The value of a Bicep single-quoted string literal (quotes included), as the compiler reads it."""
    assert literal[0] == literal[-1] == "'", literal
    body, out, index = literal[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            nxt = body[index + 1]
            if nxt == "u":
                end = body.index("}", index)
                out.append(chr(int(body[index + 3: end], 16)))
                index = end + 1
                continue
            out.append(_BICEP_ESCAPES[nxt])
            index += 2
            continue
        assert not (char == "$" and body[index + 1: index + 2] == "{"), f"interpolation in {literal}"
        assert char != "'", f"unescaped quote in {literal}"
        out.append(char)
        index += 1
    return "".join(out)


_STRING = re.compile(r"'(?:\\.|[^'\\])*'")


def bicep_code_only(text: str, *, keep_strings: bool = False) -> str:
    """Bicep source without comments, and with string literals blanked unless keep_strings."""
    out, index = [], 0
    while index < len(text):
        if text.startswith("//", index):
            index = text.find("\n", index)
            index = len(text) if index < 0 else index
        elif text[index] == "'":
            match = _STRING.match(text, index)
            assert match, f"unterminated string at offset {index}"
            out.append(match.group(0) if keep_strings else "''")
            index = match.end()
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


@cache
def _bicep_parser():  # building the grammar is the slow part; one parser serves every parse
    from pycep import BicepParser

    return BicepParser()


# Parsing is the slow part of most tests, and many files are byte-identical across examples: each distinct
# text is parsed once (the cache is bounded for the property tests), and every caller gets its own copy.
_PARSE_CACHE = 1024


@lru_cache(maxsize=_PARSE_CACHE)
def _parsed_bicep(text: str) -> dict:
    return _bicep_parser().parse(text=text)


def parse_bicep(text: str) -> dict:
    return copy.deepcopy(_parsed_bicep(text))


def parse_bicepparam(text: str) -> dict[str, object]:
    """A .bicepparam file: 'using' first, then 'param name = value' entries; values parsed as Bicep."""
    code = bicep_code_only(text, keep_strings=True)
    using = re.search(r"^using '([^']+)'$", code, re.MULTILINE)
    assert using, "a .bicepparam file starts with a using declaration"
    body = code[using.end():]
    entries = re.split(r"^param ", body, flags=re.MULTILINE)
    assert not entries[0].strip(), f"unexpected text before the first param: {entries[0]!r}"
    values: dict[str, object] = {}
    for entry in entries[1:]:
        name, _, value = entry.partition(" = ")
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name), name
        parsed = parse_bicep(f"var probe = {value.strip()}\n")
        values[name] = parsed["variables"]["probe"]["value"]
    return values


# --- Terraform --------------------------------------------------------------------------------------

@lru_cache(maxsize=_PARSE_CACHE)
def _parsed_hcl(text: str) -> dict:
    import hcl2

    return hcl2.loads(text)


def parse_hcl(text: str) -> dict:
    return copy.deepcopy(_parsed_hcl(text))


_HCL_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t"}


def hcl_unescape(literal: str) -> str:
    """The value of an HCL double-quoted string literal (quotes included), as Terraform reads it.

    Fails on a bare '${' or '%{': that would be an interpolation or a template directive, not text."""
    assert len(literal) >= 2 and literal[0] == literal[-1] == '"', literal
    body, out, index = literal[1:-1], [], 0
    while index < len(body):
        char, nxt = body[index], body[index + 1: index + 2]
        if char == "\\":
            if nxt in ("u", "U"):
                width = 4 if nxt == "u" else 8
                out.append(chr(int(body[index + 2: index + 2 + width], 16)))
                index += 2 + width
                continue
            out.append(_HCL_ESCAPES[nxt])
            index += 2
            continue
        if char in "$%" and nxt == char and body[index + 2: index + 3] == "{":
            out.append(char + "{")
            index += 3
            continue
        assert not (char in "$%" and nxt == "{"), f"template sequence in {literal}"
        assert char != '"', f"unescaped quote in {literal}"
        out.append(char)
        index += 1
    return "".join(out)


def hcl_unquote(value: object) -> object:
    """python-hcl2 keeps the quotes of string literals; drop them."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


# --- Markdown and Mermaid ---------------------------------------------------------------------------

def _plain(inline) -> str:
    """What a reader sees in an inline token: escapes resolved, code spans without backticks."""
    return "".join(child.content for child in inline.children or [])


def parse_markdown(text: str) -> dict[str, list]:
    """Tables (as lists of rows of cell texts) and fenced blocks (info, content) of a Markdown file.
    Every row of a table must have as many cells as its header, or a '|' in a value broke the table."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[list[str]]] = []
    fences: list[tuple[str, str]] = []
    row: list[str] | None = None
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            assert row is not None
            row.append(_plain(tokens[index + 1]))
        elif token.type == "tr_close":
            assert row is not None
            tables[-1].append(row)
        elif token.type == "fence":
            fences.append((token.info.strip(), token.content))
    for table in tables:
        assert all(len(r) == len(table[0]) for r in table), f"ragged table: {table}"
    return {"tables": tables, "fences": fences}


def parse_markdown_table(text: str) -> list[dict[str, str]]:
    """The rows of the first pipe table, as header -> cell; every row must have the header's cell count."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    if len(lines) < 2:
        return []
    def cells(line: str) -> list[str]:
        return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
    header = cells(lines[0])
    assert all(re.fullmatch(r":?-+:?", cell) for cell in cells(lines[1])), "second line is the delimiter row"
    rows = []
    for line in lines[2:]:
        row = cells(line)
        assert len(row) == len(header), f"row has {len(row)} cells, header {len(header)}: {line}"
        rows.append(dict(zip(header, row, strict=True)))
    return rows


_MERMAID_NODE = re.compile(r'^ *([a-z][a-z0-9_]*)\["([^"]*)"\]$')
_MERMAID_GROUP = re.compile(r'^ *subgraph ([a-z][a-z0-9_]*)\["([^"]*)"\]$')
_MERMAID_EDGE = re.compile(r'^ *([a-z][a-z0-9_]*) (-->|-\.->)(?:\|"([^"]*)"\|)? ([a-z][a-z0-9_]*)$')


def parse_mermaid(text: str) -> dict[str, object]:
    """The flowchart subset amlgen writes: nodes, subgraphs and edges; edges must join declared nodes."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR", lines[0]
    nodes: dict[str, str] = {}
    groups: list[str] = []
    edges: list[tuple[str, str, str, str | None]] = []
    depth = 0
    for line in lines[1:]:
        if match := _MERMAID_GROUP.match(line):
            groups.append(match.group(1))
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth >= 0, "end without subgraph"
        elif match := _MERMAID_NODE.match(line):
            assert match.group(1) not in nodes, f"node {match.group(1)} declared twice"
            nodes[match.group(1)] = match.group(2)
        elif match := _MERMAID_EDGE.match(line):
            edges.append((match.group(1), match.group(4), match.group(2), match.group(3)))
        else:
            raise AssertionError(f"not a Mermaid line amlgen writes: {line!r}")
    assert depth == 0, "unclosed subgraph"
    for source, target, _, _ in edges:
        assert source in nodes and target in nodes, f"edge {source} -> {target} joins an undeclared node"
    return {"nodes": nodes, "groups": groups, "edges": edges}
