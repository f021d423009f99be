"""Load an intent file into plain data while remembering where every key and value came from.

PyYAML parses the text into events (libyaml's parser when PyYAML has it); we build the data from them
ourselves, so that duplicate keys, aliases, tags and positions are under our control, without composing
PyYAML's node tree first or asking its resolver about every scalar.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, cast

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

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
T = TypeVar("T")


class Recorded(Mapping[PathKey, T], Generic[T]):
    """What the loader records for every node, kept as the plain tuple it read and made into a record only
    when read: a large intent has tens of thousands of nodes, and diagnostics read a handful."""

    __slots__ = ("make", "raw")

    def __init__(self, make: Callable[..., T]):
        self.make = make
        self.raw: dict[PathKey, tuple[Any, ...]] = {}

    def __getitem__(self, path: PathKey) -> T:
        return self.make(*self.raw[path])

    def __contains__(self, path: object) -> bool:
        return path in self.raw

    def __iter__(self) -> Iterator[PathKey]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


@dataclass
class LoadedIntent:
    """Plain data plus the position of every key (for mappings) and value."""

    source: str
    text: str
    data: Any
    key_positions: Recorded[Position] = field(default_factory=lambda: Recorded(Position))
    value_positions: Recorded[Position] = field(default_factory=lambda: Recorded(Position))
    scalars: Recorded[Scalar] = field(default_factory=lambda: Recorded(Scalar))  # how each scalar is spelled

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


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser, whose errors and marks the diagnostics are written against."""

    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


class _Parser(Protocol):
    def get_event(self) -> Event: ...

    def dispose(self) -> None: ...


# libyaml's parser, when PyYAML was built with it: ten times faster than PyYAML's Python code.
_FAST_PARSER = cast("Callable[[str], _Parser] | None", yaml.CSafeLoader if yaml.__with_libyaml__ else None)


class _Mark(Protocol):
    """Where PyYAML and libyaml say an event starts (0-based)."""

    line: int
    column: int


def _at(mark: _Mark | None) -> tuple[int, int]:
    """A position as the loader keeps it (1-based line and column), until a diagnostic reads it."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _pos(mark: _Mark | None) -> Position:
    return Position(*_at(mark))


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


_MAP, _SEQ, _MERGE = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge"
_UNTAGGED = (None, "!")
# First characters after which a plain scalar may be anything but text: to PyYAML's YAML 1.1 resolver (its
# implicit resolvers are keyed by first character) or to the YAML 1.2 core schema (null, booleans, numbers).
# Any other plain scalar is text to both, as a quoted one is, and needs no resolver.
_MAY_NOT_BE_TEXT = frozenset(key for key in yaml.resolver.Resolver.yaml_implicit_resolvers if key) | set(
    "nN~tTfF-+.0123456789")


class _Builder:
    """The data of one document, from the parser's events, recording positions and spellings as it goes."""

    def __init__(self, parser: _Parser, loaded: LoadedIntent):
        self.next_event = parser.get_event
        # Nesting is checked where each parser checked it before: libyaml composed any depth (up to its own
        # limit) and only the values built were checked; PyYAML's composer refused any node too deep.
        self.every_node = isinstance(parser, _PythonParser)
        self.positions = loaded.value_positions.raw
        self.key_positions = loaded.key_positions.raw
        self.spelled = loaded.scalars.raw
        self.plain: dict[str, tuple[Any, tuple[str, bool, str | None]]] = {}
        self.yaml11: yaml.SafeLoader | None = None  # PyYAML's resolver and constructor, for scalars that need them
        self.errors: list[Diagnostic] = []

    def document(self) -> tuple[Event | None, Any]:
        """(the root's first event, its data); (None, None) for a stream with no document. The root is built
        only when it is a mapping; a second document is PyYAML's ComposerError, as its composer raises it."""
        self.next_event()  # StreamStartEvent
        event = self.next_event()
        if isinstance(event, StreamEndEvent):
            return None, None
        assert isinstance(event, DocumentStartEvent), event
        root = self.next_event()
        data = None
        if isinstance(root, MappingStartEvent):
            data = self.value(root, ())
        else:
            self.skip(root, 0)  # not an intent; said once the whole stream is read
        self.next_event()  # DocumentEndEvent
        extra = self.next_event()
        if isinstance(extra, DocumentStartEvent):
            raise yaml.composer.ComposerError("expected a single document in the stream",
                                              root.start_mark,  # type: ignore[arg-type]
                                              "but found another document", extra.start_mark)  # type: ignore[arg-type]
        return root, data

    def value(self, event: Event, path: PathKey) -> Any:
        if len(path) > MAX_DEPTH:
            raise _TooDeep(_pos(event.start_mark))
        mark = event.start_mark
        self.positions[path] = _at(mark)
        if isinstance(event, ScalarEvent):
            return self.scalar(event, path)
        if isinstance(event, AliasEvent):
            raise _AliasRefused(_pos(mark))
        expected = _MAP if isinstance(event, MappingStartEvent) else _SEQ
        tag = event.tag  # type: ignore[attr-defined]
        if tag not in _UNTAGGED and tag != expected:
            # A tag such as !!python/object or !!set on a mapping would otherwise be silently ignored.
            self.errors.append(Diagnostic("AML003", f"the YAML tag '{tag}' is not accepted", _pos(mark)))
            return self.skip(event, len(path))
        if expected == _SEQ:
            items: list[Any] = []
            while not isinstance(item := self.next_event(), SequenceEndEvent):
                items.append(self.value(item, (*path, len(items))))
            return items
        return self.mapping(path)

    def mapping(self, path: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        depth = len(path) + 1
        while not isinstance(key_event := self.next_event(), MappingEndEvent):
            where = _at(key_event.start_mark)
            if isinstance(key_event, ScalarEvent) and _is_merge(key_event):
                self.errors.append(Diagnostic("AML005", "YAML merge keys ('<<') are not accepted", Position(*where)))
                self.skip(self.next_event(), depth)
                continue
            if isinstance(key_event, ScalarEvent):
                if self.every_node and depth > MAX_DEPTH:
                    raise _TooDeep(Position(*where))
                key = self.scalar(key_event, None)
            else:
                self.skip(key_event, depth)
                key = "<complex key>"
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                key = "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            value_event = self.next_event()
            if key in result:
                self.errors.append(Diagnostic("AML004", f"duplicate key '{key}'", Position(*where)))
                self.skip(value_event, depth)
                continue
            inner = (*path, key)  # one tuple for the key's and the value's records
            self.key_positions[inner] = where
            result[key] = self.value(value_event, inner)
        return result

    def skip(self, event: Event, depth: int) -> None:
        """Read past a node that is not built, refusing in it what the composer would have refused."""
        nesting = 0
        while True:
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                nesting -= 1
            elif self.every_node and depth + nesting > MAX_DEPTH:
                raise _TooDeep(_pos(event.start_mark))
            elif isinstance(event, AliasEvent):
                raise _AliasRefused(_pos(event.start_mark))
            elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                nesting += 1
            if nesting == 0:
                return
            event = self.next_event()

    def scalar(self, event: ScalarEvent, path: PathKey | None) -> Any:
        """A scalar by the YAML 1.2 core schema; an explicit tag other than a core one is an error."""
        text = event.value
        if event.tag is None:
            plain = event.style in (None, "")
            if not plain or (text and text[0] not in _MAY_NOT_BE_TEXT):
                if path is not None:  # text to YAML 1.1 and 1.2 alike: no resolver, no constructor
                    self.spelled[path] = (text, plain, None)
                return text
            # A plain scalar that may be a number, a boolean, null or a date; the same words recur (keys).
            found = self.plain.get(text)
            if found is None:
                found = self.plain[text] = self.resolved(event)
            value, spelled = found
            if path is not None:
                self.spelled[path] = spelled
            return value
        try:
            value, spelled = self.resolved(event)
        except TagRefused as refused:
            self.errors.append(Diagnostic("AML003", refused.message, _pos(event.start_mark)))
            return None
        if path is not None:
            self.spelled[path] = spelled
        return value

    def resolved(self, event: ScalarEvent) -> tuple[Any, tuple[str, bool, str | None]]:
        """The value and spelling of a scalar as PyYAML's composer tags it and the core schema reads it."""
        if self.yaml11 is None:
            self.yaml11 = yaml.SafeLoader("")
        tag = event.tag
        if tag in _UNTAGGED:  # what PyYAML's composer does: the YAML 1.1 resolver tags it
            tag = self.yaml11.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)  # type: ignore[arg-type]
        value, spelled = resolve(self.yaml11, node)
        return value, (spelled.text, spelled.plain, spelled.yaml11)


def _is_merge(key: ScalarEvent) -> bool:
    """A merge key ('<<'), as PyYAML's composer tags one: explicitly, or a plain '<<' the resolver tags."""
    if key.tag not in _UNTAGGED:
        return bool(key.tag == _MERGE)
    return bool(key.implicit[0] and key.value == "<<")


def _compose_error(source: str, exc: yaml.MarkedYAMLError, text: str) -> IntentError:
    if isinstance(exc, yaml.composer.ComposerError) and exc.problem == "but found another document":
        where = _pos(exc.problem_mark) if exc.problem_mark else Position(1, 1)
        return _fail(source, "AML014", "a second YAML document starts here; an intent is one document", where,
                     text)
    return _syntax_error(source, exc, text)


def _too_deep(source: str, where: Position, text: str) -> IntentError:
    return _fail(source, "AML013", f"the YAML is nested more than {MAX_DEPTH} levels deep here", where, text)


def _parse(source: str, text: str) -> tuple[LoadedIntent, Event | None, list[Diagnostic]]:
    """The loaded intent, the root's first event and the builder's diagnostics. libyaml's parser reads
    valid files; whatever it rejects, any alias, nesting too deep, and any text with characters PyYAML's
    reader refuses are read again by PyYAML's Python parser, whose errors and marks the diagnostics are
    written against, so they stay the same."""
    if _FAST_PARSER is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        fast = _FAST_PARSER(text)
        try:
            return _build(fast, source, text)
        except _TooDeep:
            if _rest_is_clean(fast):
                raise  # as before: libyaml read the whole file, and the value built too deep is the problem
        except (yaml.YAMLError, _AliasRefused):
            pass
        finally:
            fast.dispose()
    parser = _PythonParser(text)
    try:
        return _build(parser, source, text)
    finally:
        parser.dispose()


def _rest_is_clean(parser: _Parser) -> bool:
    """Whether libyaml reads the rest of the stream without an error or an alias (either is PyYAML's to
    report, as it was when libyaml composed the whole file before anything was built)."""
    try:
        while not isinstance(event := parser.get_event(), StreamEndEvent):
            if isinstance(event, AliasEvent):
                return False
    except yaml.YAMLError:
        return False
    return True


def _build(parser: _Parser, source: str, text: str) -> tuple[LoadedIntent, Event | None, list[Diagnostic]]:
    loaded = LoadedIntent(source=source, text=text, data=None)
    builder = _Builder(parser, loaded)
    root, loaded.data = builder.document()
    return loaded, root, builder.errors


@stage(emits=("AML001", "AML002", "AML003", "AML004", "AML005", "AML006", "AML007", "AML013", "AML014"))
def load_intent_text(source: str, raw: bytes) -> LoadedIntent:
    """Parse intent bytes. Raises IntentError with positioned diagnostics on any problem."""
    if len(raw) > MAX_INTENT_BYTES:
        raise _fail(source, "AML002",
                    f"the file has {len(raw)} bytes; the limit is {MAX_INTENT_BYTES} bytes", Position(1, 1))
    text = _decode(source, raw)
    _check_tabs(source, text)
    try:
        loaded, root, errors = _parse(source, text)
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
    if not isinstance(root, MappingStartEvent):
        kind = "a list" if isinstance(root, SequenceStartEvent) else "a single value"
        raise _fail(source, "AML006", f"the top level is {kind}, not a mapping", _pos(root.start_mark), text)
    if errors:
        raise IntentError(source, errors, text)
    return loaded


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
