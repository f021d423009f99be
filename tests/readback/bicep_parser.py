"""A parser for the Bicep amlgen writes: declarations, objects, arrays, strings with interpolation and
escapes, member and index access, function calls, `for` expressions and arithmetic.

pycep-parser (what checkov uses) does not tell an identifier from a string literal and leaves escapes
undecoded, so the semantic tests read Bicep with this instead. It fails loudly on anything outside the
subset, so a printer change that writes new syntax is noticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Ident:
    name: str


@dataclass(frozen=True)
class Member:
    base: Any
    name: str


@dataclass(frozen=True)
class IndexOf:
    base: Any
    index: Any


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Interpolated:
    """A string with ${...}: literal str parts and expressions."""

    parts: tuple[Any, ...]


@dataclass(frozen=True)
class Binary:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class ForLoop:
    variable: str
    iterable: Any
    body: Any


@dataclass
class Declaration:
    keyword: str  # param | var | resource | module | output | targetScope | using
    name: str
    decorators: list[Any] = field(default_factory=list)
    type: str = ""  # param/output type, or 'Type@version' / module path
    existing: bool = False
    value: Any = None


_TOKEN = re.compile(r"""
    (?P<newline>\n) |
    (?P<space>[ \t\r]+) |
    (?P<comment>//[^\n]*) |
    (?P<string>') |
    (?P<number>\d+) |
    (?P<ident>[A-Za-z_][A-Za-z0-9_]*) |
    (?P<punct>[{}\[\]():,.=@\-+*/])
""", re.VERBOSE)
_ESCAPES = {"\\": "\\", "'": "'", "n": "\n", "r": "\r", "t": "\t", "$": "$"}


class BicepSyntaxError(ValueError):
    pass


def _string(text: str, start: int) -> tuple[Any, int]:
    """A single-quoted string from just after its opening quote: (str or Interpolated, index after it)."""
    parts: list[Any] = []
    literal: list[str] = []
    index = start
    while True:
        if index >= len(text):
            raise BicepSyntaxError("unterminated string")
        char = text[index]
        if char == "'":
            break
        if char == "\\":
            nxt = text[index + 1]
            if nxt == "u":
                end = text.index("}", index)
                literal.append(chr(int(text[index + 3:end], 16)))
                index = end + 1
                continue
            if nxt not in _ESCAPES:
                raise BicepSyntaxError(f"unknown escape \\{nxt}")
            literal.append(_ESCAPES[nxt])
            index += 2
            continue
        if char == "$" and text[index + 1:index + 2] == "{":
            if literal:
                parts.append("".join(literal))
                literal = []
            tokens, end = _tokens(text, index + 2, until_brace=True)
            parser = _Parser(tokens)
            parts.append(parser.expression())
            parser.expect_end()
            index = end
            continue
        if char == "\n":
            raise BicepSyntaxError("line break in a string")
        literal.append(char)
        index += 1
    if literal:
        parts.append("".join(literal))
    if all(isinstance(part, str) for part in parts):
        return "".join(parts), index + 1
    return Interpolated(tuple(parts)), index + 1


def _tokens(text: str, start: int = 0, until_brace: bool = False) -> tuple[list[tuple[str, Any]], int]:
    tokens: list[tuple[str, Any]] = []
    index, depth = start, 0
    while index < len(text):
        match = _TOKEN.match(text, index)
        if not match:
            raise BicepSyntaxError(f"unexpected character {text[index]!r} at offset {index}")
        kind = match.lastgroup
        value = match.group()
        index = match.end()
        if kind in ("space", "comment"):
            continue
        if kind == "string":
            literal, index = _string(text, index)
            tokens.append(("string", literal))
            continue
        if until_brace and value == "{":
            depth += 1
        if until_brace and value == "}":
            if depth == 0:
                return tokens, index
            depth -= 1
        tokens.append((kind or "", int(value) if kind == "number" else value))
    if until_brace:
        raise BicepSyntaxError("unterminated interpolation")
    return tokens, index


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]]):
        self.tokens = tokens
        self.position = 0

    def peek(self, offset: int = 0) -> tuple[str, Any]:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else ("end", None)

    def take(self) -> tuple[str, Any]:
        token = self.peek()
        self.position += 1
        return token

    def expect(self, value: Any) -> None:
        token = self.take()
        if token[1] != value:
            raise BicepSyntaxError(f"expected {value!r}, found {token[1]!r}")

    def expect_end(self) -> None:
        if self.peek()[0] != "end":
            raise BicepSyntaxError(f"unexpected {self.peek()[1]!r}")

    def newlines(self) -> None:
        while self.peek()[0] == "newline":
            self.take()

    def expression(self) -> Any:
        left = self.postfix()
        while self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            left = Binary(op, left, self.postfix())
        return left

    def postfix(self) -> Any:
        value = self.primary()
        while True:
            token = self.peek()
            if token[1] == ".":
                self.take()
                value = Member(value, self.take()[1])
            elif token[1] == "[":
                self.take()
                index = self.expression()
                self.expect("]")
                value = IndexOf(value, index)
            elif token[1] == "(" and isinstance(value, Ident):
                self.take()
                args = []
                while self.peek()[1] != ")":
                    args.append(self.expression())
                    if self.peek()[1] == ",":
                        self.take()
                self.expect(")")
                value = Call(value.name, tuple(args))
            else:
                return value

    def primary(self) -> Any:
        kind, value = self.take()
        if kind in ("string", "number"):
            return value
        if kind == "ident":
            literals: dict[str, Any] = {"true": True, "false": False, "null": None}
            return literals[value] if value in literals else Ident(value)
        if value == "{":
            return self.object()
        if value == "[":
            return self.array()
        if value == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        raise BicepSyntaxError(f"unexpected {value!r}")

    def object(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        self.newlines()
        while self.peek()[1] != "}":
            kind, key = self.take()
            if kind not in ("ident", "string"):
                raise BicepSyntaxError(f"bad object key {key!r}")
            self.expect(":")
            if key in found:
                raise BicepSyntaxError(f"duplicate key {key!r}")
            found[key] = self.expression()
            if self.peek()[0] != "newline":
                raise BicepSyntaxError("object properties are one per line")
            self.newlines()
        self.take()
        return found

    def array(self) -> Any:
        if self.peek() == ("ident", "for"):
            self.take()
            variable = self.take()[1]
            self.expect("in")
            iterable = self.expression()
            self.expect(":")
            body = self.expression()
            self.expect("]")
            return ForLoop(variable, iterable, body)
        items = []
        self.newlines()
        while self.peek()[1] != "]":
            items.append(self.expression())
            if self.peek()[0] != "newline":
                raise BicepSyntaxError("array items are one per line")
            self.newlines()
        self.take()
        return items

    def declarations(self) -> list[Declaration]:
        found = []
        decorators: list[Any] = []
        self.newlines()
        while self.peek()[0] != "end":
            if self.peek()[1] == "@":
                self.take()
                decorators.append(self.postfix())
                self.newlines()
                continue
            keyword = self.take()[1]
            if keyword == "targetScope":
                self.expect("=")
                declaration = Declaration("targetScope", "", value=self.expression())
            elif keyword == "using":
                declaration = Declaration("using", "", type=self.take()[1])
            elif keyword in ("param", "output"):
                name = self.take()[1]
                declaration = Declaration(keyword, name, decorators)
                if self.peek()[1] != "=":
                    declaration.type = self.take()[1]
                if self.peek()[1] == "=":
                    self.take()
                    declaration.value = self.expression()
            elif keyword == "var":
                name = self.take()[1]
                self.expect("=")
                declaration = Declaration("var", name, decorators, value=self.expression())
            elif keyword in ("resource", "module"):
                name = self.take()[1]
                declaration = Declaration(keyword, name, decorators, type=self.take()[1])
                if self.peek() == ("ident", "existing"):
                    self.take()
                    declaration.existing = True
                self.expect("=")
                declaration.value = self.expression()
            else:
                raise BicepSyntaxError(f"unexpected statement {keyword!r}")
            if self.peek()[0] not in ("newline", "end"):
                raise BicepSyntaxError(f"unexpected {self.peek()[1]!r} after a declaration")
            found.append(declaration)
            decorators = []
            self.newlines()
        return found


def parse(text: str) -> list[Declaration]:
    tokens, _ = _tokens(text)
    return _Parser(tokens).declarations()
