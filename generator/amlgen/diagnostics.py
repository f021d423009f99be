"""Diagnostics: what went wrong, where, and how to fix it."""

from __future__ import annotations

import json
import re
from dataclasses import field
from enum import Enum

from amlgen.catalog import RULES
from amlgen.records import dataclass


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class Diagnostic:
    rule_id: str
    message: str
    position: Position
    fix: str = ""
    path: tuple[str | int, ...] = field(default=())

    @property
    def severity(self) -> Severity:
        return Severity(RULES[self.rule_id].severity)

    @property
    def fix_text(self) -> str:
        return self.fix or RULES[self.rule_id].fix

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", _cut_quoted(self.message))

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.position.line, self.position.column, self.rule_id, self.message)


class IntentError(Exception):
    """Raised when an intent cannot be used; carries every diagnostic found."""

    def __init__(self, source: str, diagnostics: list[Diagnostic], text: str | None = None):
        super().__init__(f"{len(diagnostics)} problem(s) in {source}")
        self.source = source
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        self.text = text


MAX_SHOWN = 60  # characters of a value a message echoes


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """A value as a message quotes it: in single quotes, cut in the middle when it is long, so a
    10,000-character value cannot bury the diagnostic."""
    text = str(value)
    if len(text) <= limit:
        return f"'{text}'"
    half = (limit - 1) // 2
    return f"'{text[:half]}…{text[-half:]}' ({len(text)} characters)"


_QUOTED = re.compile("'([^']{" + str(MAX_SHOWN + 1) + ",})'")


def _cut_quoted(message: str) -> str:
    """Long quoted values in a message, cut (every rule quotes the values it names in single quotes)."""
    return _QUOTED.sub(lambda m: shown(m.group(1)), message)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def yaml_lines(text: str) -> list[str]:
    """The lines of a YAML stream as YAML counts them (str.splitlines also breaks at form feeds)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _printable(value: str) -> str:
    """Control characters from the intent (a newline in a value, a terminal escape) shown as escapes,
    so a message stays one line and cannot drive the terminal."""
    return "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in value)


WINDOW = 100  # characters of the offending line shown around the caret


def _window(line: str, column: int) -> tuple[str, int]:
    """The part of a long line around the column, marked with '…' where it is cut, and the column in it."""
    if len(line) <= WINDOW:
        return line, column
    start = max(0, min(column - 1 - WINDOW // 2, len(line) - WINDOW))
    part = line[start: start + WINDOW]
    prefix = "…" if start else ""
    suffix = "…" if start + WINDOW < len(line) else ""
    return prefix + part + suffix, column - start + len(prefix)


def format_text(source: str, diagnostics: list[Diagnostic], text: str | None) -> str:
    """Human format: location, severity, ID and message, the offending line with a caret, the fix."""
    lines = yaml_lines(text) if text else []
    out: list[str] = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        pos = d.position
        out.append(f"{source}:{pos.line}:{pos.column}: {d.severity.value} {d.rule_id}: {_printable(d.message)}")
        if 0 < pos.line <= len(lines):
            line, column = _window(lines[pos.line - 1].replace("\t", " "), max(pos.column, 1))
            out.append(f"    {_printable(line)}")
            out.append("    " + " " * (column - 1) + "^")
        out.append(f"    fix: {d.fix_text}")
    return "\n".join(out)


def format_json(source: str, diagnostics: list[Diagnostic]) -> str:
    items = [
        {
            "file": source,
            "line": d.position.line,
            "column": d.position.column,
            "severity": d.severity.value,
            "rule": d.rule_id,
            "message": d.message,
            "fix": d.fix_text,
        }
        for d in sorted(diagnostics, key=Diagnostic.sort_key)
    ]
    return json.dumps({"diagnostics": items}, indent=2, sort_keys=True)


def _github_escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    """Workflow command properties also end at ',' and ':', so a file name holding them is escaped."""
    return _github_escape(value).replace(":", "%3A").replace(",", "%2C")


def format_github(source: str, diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so CI logs annotate the intent file in the PR."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        props = f"file={_github_property(source)},line={d.position.line},col={d.position.column},title={d.rule_id}"
        body = _github_escape(f"{d.message} Fix: {d.fix_text}")
        out.append(f"::{kinds[d.severity]} {props}::{body}")
    return "\n".join(out)


def github_command(kind: str, file: str, title: str, message: str) -> str:
    """One GitHub Actions workflow command about a whole file (`check` annotates each drifted file)."""
    return f"::{kind} file={_github_property(file)},title={_github_property(title)}::{_github_escape(message)}"
