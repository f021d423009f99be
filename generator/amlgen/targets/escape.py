"""Target-specific string escaping. Every user string reaches a template through one of these."""

from __future__ import annotations

import json
import re


def _control(char: str, bicep: bool) -> str:
    code = ord(char)
    return f"\\u{{{code:X}}}" if bicep else f"\\u{code:04X}"


_HCL = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BICEP = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


# Characters any escaper changes; a string without them (nearly every string) is returned as it is,
# without the per-character loop. str.isprintable() is false for every control character (and for some other
# characters, which then take the loop and come out unchanged): it needs no regular expression compiled on
# every run. The expressions below are compiled the first time a string needs them (re caches them).
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_ANY_CONTROL = f"[{_CONTROLS}]"


def _plain(value: str, special: frozenset[str]) -> bool:
    """No control character and none of the special characters."""
    return value.isprintable() and special.isdisjoint(value)


_HCL_SPECIAL = frozenset('\\"$%')
_BICEP_SPECIAL = frozenset("\\'$")
_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>|#")


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0 or code in (0x2028, 0x2029)


def hcl_string(value: str) -> str:
    """A double-quoted HCL string in which nothing is interpolated: the '$' of '${' and the '%' of '%{'
    are written as unicode escapes.

    Terraform also reads '$${' as a literal '${', but python-hcl2 (and checkov's fork of it) fails on a
    '$${' that no '}' closes; HCL finds template sequences before it decodes escapes, so '\\u0024{' is
    literal text to Terraform and parses everywhere."""
    if _plain(value, _HCL_SPECIAL):
        return f'"{value}"'
    out = []
    for index, char in enumerate(value):
        nxt = value[index + 1: index + 2]
        if char in _HCL:
            out.append(_HCL[char])
        elif char in "$%" and nxt == "{":
            out.append(f"\\u{ord(char):04X}")
        elif _is_control(char):
            out.append(_control(char, bicep=False))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def bicep_string(value: str) -> str:
    """A single-quoted Bicep string: backslash escapes, and the '$' of '${' written as '\\u{24}'.

    Bicep also accepts '\\${', but pycep (the parser behind checkov's Bicep support) then reads the rest
    of the file as an interpolation; '\\u{24}' means the same to the compiler and to every tool."""
    if _plain(value, _BICEP_SPECIAL):
        return f"'{value}'"
    out = []
    for index, char in enumerate(value):
        nxt = value[index + 1: index + 2]
        if char in _BICEP:
            out.append(_BICEP[char])
        elif char == "$" and nxt == "{":
            out.append("\\u{24}")
        elif _is_control(char):
            out.append(_control(char, bicep=True))
        else:
            out.append(char)
    if value.endswith("\\"):
        # '\\' just before the closing quote is valid Bicep that pycep misreads as an escaped quote.
        out[-1] = "\\u{5C}"
    return "'" + "".join(out) + "'"


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=True)


# Plain YAML scalars amlgen leaves unquoted: words of letters, digits and path or reference punctuation
# (azureml:credit-env:3, ./src, Standard_DS3_v2, --target, https://...), single spaces between them.
_YAML_PLAIN = r"[A-Za-z0-9_./~(-][A-Za-z0-9_./~()=+:@$-]*(?: [A-Za-z0-9_./~()=+:@$-]+)*"
# Words YAML 1.2 (core schema) reads as null, booleans or numbers; PyYAML, which reads 1.1, checks the rest.
_YAML_12_SPECIAL = (r"null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|"
                    r"0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|"
                    r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def yaml_scalar(value: str) -> str:
    """A YAML scalar as Azure's samples write one: plain where that reads back as the same string in YAML 1.1
    and 1.2, double-quoted otherwise (a number-like word, 'yes', a ': ' or ' #', any other character)."""
    if (re.fullmatch(_YAML_PLAIN, value) and ": " not in value and not value.endswith(":")
            and not re.fullmatch(_YAML_12_SPECIAL, value) and _reads_back(value)):
        return value
    return yaml_string(value)


def _reads_back(value: str) -> bool:
    import yaml

    try:
        return bool(yaml.safe_load(f"key: {value}\n") == {"key": value})
    except yaml.YAMLError:
        return False


def markdown_text(value: str) -> str:
    """Text for a Markdown table cell or line: no structure-changing characters."""
    if _plain(value, _MARKDOWN_SPECIAL):
        return value
    cleaned = re.sub(_ANY_CONTROL, " ", value)
    for char in "\\`*_[]<>|#":
        cleaned = cleaned.replace(char, "\\" + char)
    return cleaned


_CODE_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;=+-/'{}")


def markdown_code(value: str) -> str:
    """Code in a Markdown table cell: a `code span` when the text has no '|' or backtick (a table splits
    cells before it reads code spans), else <code> with every other character an HTML entity, so no table
    can split it and no Markdown inside it is read."""
    text = value if value.isprintable() else re.sub(_ANY_CONTROL, " ", value)
    if "|" not in text and "`" not in text and text.strip() == text and text:
        return f"`{text}`"
    return "<code>" + "".join(char if char in _CODE_SAFE else f"&#{ord(char)};" for char in text) + "</code>"


def comment_text(value: str) -> str:
    """Text safe inside a single-line comment (// or #): no line breaks."""
    if value.isprintable():
        return value
    return "".join(" " if _is_control(c) else c for c in value)


def html_comment_text(value: str) -> str:
    """Text safe inside an HTML comment (the header of generated Markdown): one line, no '--'."""
    text = comment_text(value)
    while "--" in text:
        text = text.replace("--", "- -")
    return text


_MERMAID_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:/_()*+=-")
_MERMAID_PLAIN = r"[a-zA-Z0-9 .,:/_()*+=-]*"  # the safe characters: a label needs no escaping


def mermaid_text(value: str) -> str:
    """A Mermaid label inside double quotes: line breaks become <br>, anything else unusual an entity
    code (#35; is '#'), so no label can close its quotes or inject markup."""
    if re.fullmatch(_MERMAID_PLAIN, value):
        return value
    out = []
    for char in value:
        if char == "\n":
            out.append("<br>")
        elif char in _MERMAID_SAFE:
            out.append(char)
        else:
            out.append(f"#{ord(char)};")
    return "".join(out)
