"""Load an intent file into plain data while remembering where every key and value came from.

PyYAML composes a node tree that carries marks; we construct the data ourselves from that tree so that
duplicate keys, aliases and positions are under our control.
"""

from __future__ import annotations

import sys
from dataclasses import field
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from amlgen.diagnostics import Diagnostic, IntentError, Position, yaml_lines
from amlgen.emitters import stage
from amlgen.intent.scalars import Scalar, TagRefused, resolve
from amlgen.records import dataclass

MAX_INTENT_BYTES = 4 * 1024 * 1024
# The intent's deepest value is six levels down (endpoints[0].deployments[0].code.asset); a file nested far
# deeper is not an intent, and building it recursively would exhaust Python's stack.
MAX_DEPTH = 32
STDIN = "-"

PathKey = tuple[str | int, ...]


@dataclass
class LoadedIntent:
    """Plain data plus the position of every key (for mappings) and value."""

    source: str
    text: str
    data: Any
    key_positions: dict[PathKey, Position] = field(default_factory=dict)
    value_positions: dict[PathKey, Position] = field(default_factory=dict)
    scalars: dict[PathKey, Scalar] = field(default_factory=dict)  # how each scalar value is spelled

    def position_of(self, path: PathKey, *, key: bool = False) -> Position:
        """Best position for a path: the value (or the key), else the nearest ancestor."""
        table = (self.key_positions, self.value_positions) if key else (self.value_positions,)
        probe = tuple(path)
        while True:
            for positions in table:
                if probe in positions:
                    return positions[probe]
            if not probe:
                return Position(1, 1)
            probe = probe[:-1]

    def key_position(self, path: PathKey) -> Position:
        return self.key_positions.get(tuple(path)) or self.position_of(path)


class _AliasRefused(Exception):
    def __init__(self, position: Position):
        self.position = position


class _TooDeep(Exception):
    def __init__(self, position: Position):
        self.position = position


class _IntentLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                    yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """PyYAML's pure-Python loader, refusing aliases as it composes."""

    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            raise _AliasRefused(_pos(event.start_mark) if event.start_mark else Position(1, 1))
        if self.depth > MAX_DEPTH:  # PyYAML's composer recurses per level: refuse before the stack runs out
            raise _TooDeep(_pos(event.start_mark) if event.start_mark else Position(1, 1))
        self.depth += 1
        try:
            # types-PyYAML types index as int; PyYAML passes the item's index in a sequence and the key node
            # in a mapping, and only hands it back to its own resolver.
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1


# libyaml's scanner, parser and composer, when PyYAML was built with it: ten times faster than PyYAML's
# Python code. It composes the node tree; we construct.
_FAST_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else None


def _has_alias(root: Node) -> bool:
    """libyaml resolves an alias to its anchor's node object, so an alias is a node reached twice."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, SequenceNode):
            stack += node.value
    return False


def _compose(text: str) -> tuple[_IntentLoader | yaml.CSafeLoader, Node | None]:
    """The loader and the root node. libyaml reads valid files; whatever it rejects, any alias, and
    any text with characters PyYAML's reader refuses are read again by PyYAML's Python code, whose
    errors and marks the diagnostics are written against, so they stay the same."""
    if _FAST_LOADER is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        fast = _FAST_LOADER(text)
        try:
            root = fast.get_single_node()
            if root is None or not _has_alias(root):
                return fast, root
        except yaml.YAMLError:
            pass
        fast.dispose()
    loader = _IntentLoader(text)
    return loader, loader.get_single_node()


class _Mark(Protocol):
    """Where PyYAML and libyaml say a node or event starts (0-based)."""

    line: int
    column: int


def _pos(mark: _Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _fail(source: str, rule_id: str, message: str, position: Position, text: str | None = None) -> IntentError:
    return IntentError(source, [Diagnostic(rule_id, message, position)], text)


def _decode(source: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _fail(source, "AML001", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                    Position(line, column)) from None
    return text.removeprefix("\ufeff")


def _check_tabs(source: str, text: str) -> None:
    """Every line indented with a tab, in one report (YAML itself would stop at the first)."""
    found = []
    for number, line in enumerate(yaml_lines(text), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found.append(Diagnostic("AML007", "a tab character is used for indentation",
                                    Position(number, indent.index("\t") + 1)))
    if found:
        raise IntentError(source, found, text)


def _syntax_error(source: str, exc: yaml.MarkedYAMLError, text: str) -> IntentError:
    """Where a YAML error is best shown. A construct left open ('[', a quote) is reported by PyYAML at the
    end of the file; the place it was opened (the context mark) is where the reader has to look."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    at_end = exc.problem_mark is not None and exc.problem_mark.index >= len(text.rstrip())
    if at_end and exc.context_mark is not None:
        mark = exc.context_mark
        problem = f"{exc.context}: {problem}" if exc.context else problem
    return _fail(source, "AML003", problem, _pos(mark) if mark else Position(1, 1), text)


_COLLECTION_TAGS: dict[type[Node], str] = {MappingNode: "tag:yaml.org,2002:map", SequenceNode: "tag:yaml.org,2002:seq"}


class _Builder:
    def __init__(self, loader: _IntentLoader | yaml.CSafeLoader, loaded: LoadedIntent):
        self.loader = loader
        self.loaded = loaded
        self.errors: list[Diagnostic] = []

    def scalar(self, node: ScalarNode, path: PathKey | None) -> Any:
        """A scalar by the YAML 1.2 core schema; an explicit tag other than a core one is an error."""
        try:
            value, spelled = resolve(self.loader, node)
        except TagRefused as refused:
            self.errors.append(Diagnostic("AML003", refused.message, _pos(node.start_mark)))
            return None
        if path is not None:
            self.loaded.scalars[path] = spelled
        return value

    def build(self, node: Node, path: PathKey) -> Any:
        if len(path) > MAX_DEPTH:
            raise _TooDeep(_pos(node.start_mark))
        self.loaded.value_positions[path] = _pos(node.start_mark)
        expected = _COLLECTION_TAGS.get(type(node))
        if expected is not None and node.tag != expected:
            # A tag such as !!python/object or !!set on a mapping would otherwise be silently ignored.
            self.errors.append(Diagnostic("AML003", f"the YAML tag '{node.tag}' is not accepted",
                                          _pos(node.start_mark)))
            return None
        if isinstance(node, MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.errors.append(Diagnostic("AML005", "YAML merge keys ('<<') are not accepted",
                                                  _pos(key_node.start_mark)))
                    continue
                key = self.scalar(key_node, None) if isinstance(key_node, ScalarNode) else "<complex key>"
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    key = "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
                if key in result:
                    self.errors.append(Diagnostic("AML004", f"duplicate key '{key}'", _pos(key_node.start_mark)))
                    continue
                self.loaded.key_positions[(*path, key)] = _pos(key_node.start_mark)
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self.scalar(node, path)


def _compose_error(source: str, exc: yaml.MarkedYAMLError, text: str) -> IntentError:
    if isinstance(exc, yaml.composer.ComposerError) and exc.problem == "but found another document":
        where = _pos(exc.problem_mark) if exc.problem_mark else Position(1, 1)
        return _fail(source, "AML014", "a second YAML document starts here; an intent is one document", where,
                     text)
    return _syntax_error(source, exc, text)


def _too_deep(source: str, where: Position, text: str) -> IntentError:
    return _fail(source, "AML013", f"the YAML is nested more than {MAX_DEPTH} levels deep here", where, text)


@stage(emits=("AML001", "AML002", "AML003", "AML004", "AML005", "AML006", "AML007", "AML013", "AML014"))
def load_intent_text(source: str, raw: bytes) -> LoadedIntent:
    """Parse intent bytes. Raises IntentError with positioned diagnostics on any problem."""
    if len(raw) > MAX_INTENT_BYTES:
        raise _fail(source, "AML002",
                    f"the file has {len(raw)} bytes; the limit is {MAX_INTENT_BYTES} bytes", Position(1, 1))
    text = _decode(source, raw)
    _check_tabs(source, text)
    loader: _IntentLoader | yaml.CSafeLoader | None = None
    try:
        try:
            loader, root = _compose(text)
        except yaml.reader.ReaderError as exc:
            # A control character YAML does not allow anywhere in a stream; PyYAML gives only its offset.
            lines = yaml_lines(text[: exc.position] + "x")
            where = Position(len(lines), len(lines[-1]))
            raise _fail(source, "AML003", f"character U+{exc.character:04X} is not allowed in YAML; write it as "
                        "an escape inside a double-quoted string", where, text) from None
        except _AliasRefused as refused:
            raise _fail(source, "AML005", "YAML aliases are not accepted", refused.position, text) from None
        except _TooDeep as deep:
            raise _too_deep(source, deep.position, text) from None
        except yaml.MarkedYAMLError as exc:
            raise _compose_error(source, exc, text) from None
        except yaml.YAMLError as exc:
            raise _fail(source, "AML003", str(exc), Position(1, 1), text) from None
        if root is None:
            raise _fail(source, "AML006", "the file is empty", Position(1, 1), text)
        if not isinstance(root, MappingNode):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value"
            raise _fail(source, "AML006", f"the top level is {kind}, not a mapping", _pos(root.start_mark), text)
        loaded = LoadedIntent(source=source, text=text, data=None)
        builder = _Builder(loader, loaded)
        try:
            loaded.data = builder.build(root, ())
        except _TooDeep as deep:
            raise _too_deep(source, deep.position, text) from None
        if builder.errors:
            raise IntentError(source, builder.errors, text)
        return loaded
    finally:
        if loader is not None:
            loader.dispose()


def _read(path: Path, label: str) -> bytes:
    """The file's bytes (standard input for '-'), or a diagnostic that says why they cannot be had."""
    if str(path) == STDIN:
        raw: bytes = sys.stdin.buffer.read(MAX_INTENT_BYTES + 1)
        return raw
    try:
        if path.is_dir():
            raise _fail(label, "AML016", "this is a folder, not an intent file", Position(1, 1))
        size = path.stat().st_size
        if size > MAX_INTENT_BYTES:
            raise _fail(label, "AML002", f"the file has {size} bytes; the limit is {MAX_INTENT_BYTES} bytes",
                        Position(1, 1))
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail(label, "AML015", "there is no such file", Position(1, 1)) from None
    except PermissionError:
        raise _fail(label, "AML017", "permission to read the file is denied", Position(1, 1)) from None
    except OSError as exc:
        raise _fail(label, "AML017", f"cannot read the file: {exc.strerror or exc}", Position(1, 1)) from None


# The file cannot be read, or is too large to read; what is wrong inside it is load_intent_text's.
@stage(emits=("AML002", "AML015", "AML016", "AML017"))
def load_intent_file(path: Path, source: str | None = None) -> LoadedIntent:
    """Load an intent file; the path '-' reads standard input."""
    label = source or display_name(path)
    return load_intent_text(label, _read(path, label))


def display_name(path: Path) -> str:
    """How diagnostics name the intent: its path, or <stdin>."""
    return "<stdin>" if str(path) == STDIN else str(path)
