"""Reading JSON and JSON lines with errors located by file, line and column (or field).

JSON can spell a lone surrogate (`"\\ud800"`): valid JSON, but not a character, so no text
holding it can be hashed, stored or shown. Every reader of this package parses JSON here, and
such a value is refused naming its line and field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from ..errors import InvalidInput

#: Every escape of a JSON text, one match each, read left to right: an escaped backslash, a pair
#: of surrogates, any other `\\u` (its four digits hold no backslash), and, in group 1, a
#: surrogate that is no half of a pair. Outside strings JSON has no backslash, so this finds a
#: lone surrogate exactly, without parsing or walking the value (a file of emoji has thousands of
#: pairs, and walking every string of a large import cost more than parsing it).
_LONE_ESCAPE = re.compile(
    r"\\(?:[^u]|u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u(?![dD][89a-fA-F])"
    r"|(u[dD][89a-fA-F][0-9a-fA-F]{2}))", re.DOTALL)
#: Any escape; `\\\\` is one escape, so a backslash before `u` is never misread.
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)


#: A JSON string or one bracket of JSON (or of YAML's flow style) outside strings.
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _malformed(error: json.JSONDecodeError, source: str, line: int) -> InvalidInput:
    return InvalidInput(f"malformed JSON: {error.msg} (column {error.colno})", file=source, line=line)


def nested_too_deeply(raw: str, source: str, *, line: int | None = None, field: str | None = None) -> InvalidInput:
    """The refusal of a text whose parser gave up on its nesting (json and yaml raise
    RecursionError past about a thousand levels), at `line` or else at the line where the
    brackets are nested deepest. Only called once a parser has given up, so the scan costs
    nothing on honest input."""
    depth, deepest, at = 0, 0, 0
    for match in _NESTING.finditer(raw):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        elif bracket in "]}":
            depth -= 1
    if line is None and deepest:
        line = raw.count("\n", 0, at) + 1
    levels = f" ({deepest:,} levels)" if deepest else ""
    return InvalidInput(f"nested too deeply to be read{levels}", file=source, line=line, field=field)


def _lone(text: str) -> str | None:
    """The first lone surrogate in a string, or None."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return text[error.start]
    return None


def lone_surrogate(value: Any, within: str = "") -> tuple[str, str] | None:
    """(field path, character) of the first string in `value`, key or value, that holds a
    lone surrogate; None when there is none. Paths read `meta.tags[1]`, `[0].data.text`."""
    stack: list[tuple[str, Any]] = [(within, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            found = _lone(item)
            if found:
                return path, found
        elif isinstance(item, dict):
            for key, inner in reversed(item.items()):
                child = f"{path}.{key}" if path else str(key)
                found = _lone(key)
                if found:
                    return child, found
                stack.append((child, inner))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", inner) for i, inner in reversed(list(enumerate(item))))
    return None


def _surrogate_issue(found: tuple[str, str], source: str, line: int | str | None) -> InvalidInput:
    field, character = found
    return InvalidInput(f"a lone surrogate (\\u{ord(character):04x}) is not a character: the value cannot be stored",
                        file=source, line=line, field=field or None)


def _line_of_lone_escape(text: str) -> int | None:
    """The line of the first surrogate escape that is not half of a pair."""
    pending: re.Match[str] | None = None
    for match in _ESCAPE.finditer(text):
        unit = int(match.group(1), 16) if match.group(1) else None
        if pending is not None:
            if unit is not None and 0xDC00 <= unit <= 0xDFFF and match.start() == pending.end():
                pending = None
                continue
            return text.count("\n", 0, pending.start()) + 1
        if unit is not None and 0xD800 <= unit <= 0xDBFF:
            pending = match
        elif unit is not None and 0xDC00 <= unit <= 0xDFFF:
            return text.count("\n", 0, match.start()) + 1
    return text.count("\n", 0, pending.start()) + 1 if pending is not None else None


def check_text(value: Any, raw: str, source: str, line: int | None = None, within: str = "") -> None:
    """Refuse `value`, parsed from `raw`, when a string in it holds a lone surrogate."""
    if not any(match.group(1) for match in _LONE_ESCAPE.finditer(raw)):
        return
    found = lone_surrogate(value, within)
    if found:
        raise _surrogate_issue(found, source, line if line is not None else _line_of_lone_escape(raw))


def parse_json(raw: str, source: str, *, line: int | None = None, field: str = "") -> Any:
    """One JSON value from a string (a CSV cell, a file of a bundle); problems are located at
    `line` and under `field`."""
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"malformed JSON: {error.msg} (column {error.colno})", file=source,
                           line=line if line is not None else error.lineno, field=field or None) from error
    except RecursionError:
        raise nested_too_deeply(raw, source, line=line, field=field or None) from None
    check_text(value, raw, source, line, field)
    return value


def load_json(fp: IO[str], source: str) -> Any:
    """The parsed document, or InvalidInput naming the line and column where it breaks."""
    raw = fp.read()  # json.load reads it whole too; keeping the text lets a problem be located
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _malformed(error, source, error.lineno) from error
    except RecursionError:
        raise nested_too_deeply(raw, source) from None
    check_text(value, raw, source)
    return value


def json_lines(fp: IO[str], source: str) -> Iterator[tuple[int, Any | InvalidInput]]:
    """(line number, parsed value or the problem) for every non-empty line."""
    for number, raw in enumerate(fp, start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
            check_text(value, raw, source, number)
        except json.JSONDecodeError as error:
            yield number, _malformed(error, source, number)
        except RecursionError:
            yield number, nested_too_deeply(raw, source, line=number)
        except InvalidInput as error:
            yield number, error
        else:
            yield number, value
