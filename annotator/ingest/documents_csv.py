"""A CSV table of articles, as a spreadsheet saves one: a `text` column and a row per article.

The columns are those of JSON lines of articles (`documents_jsonl`): text, title, url, outlet,
published, author, language, external_id (or id); any other column goes to the document's
metadata. Names are matched without regard to case or surrounding spaces, and the delimiter
(comma, semicolon or tab, as spreadsheets in different locales save) is told from the header.
An empty cell is a value not given. The cells are the user's own: nothing is unescaped (our
own CSV export's apostrophe in front of a formula-like cell is for tables of spans, which
this is not).

A table of spans (our CSV format: `label`, `start` and `end` columns) is not one of articles;
`holds_articles` tells them apart from the header.
"""

from __future__ import annotations

import csv
from typing import IO

from ..errors import InvalidInput
from ..formats.input_checks import RecordLimit, take
from ..formats.json_input import parse_json
from ..formats.records import DocumentRecord
from .documents_jsonl import record_of

#: The columns that make a table one of spans rather than of articles.
_OFFSETS = {"start", "end"}
_DELIMITERS = ",;\t"


def _header(fp: IO[str]) -> tuple[list[str], str] | None:
    """The header's column names (trimmed, lower case) and its delimiter; the stream is read
    again from its start afterwards."""
    first = fp.readline().lstrip("\ufeff")
    fp.seek(0)
    if not first.strip():
        return None
    # The delimiter the header uses most among those spreadsheets save with (csv.Sniffer
    # guesses from letters too, and takes a header of one column for any character).
    delimiter = max(_DELIMITERS, key=first.count)
    if not first.count(delimiter):
        delimiter = ","
    names = next(csv.reader([first], delimiter=delimiter), [])
    return [name.strip().lower() for name in names], delimiter


def holds_articles(fp: IO[str]) -> bool:
    """Is the CSV stream a table of articles (a `text` column, no offsets)?"""
    found = _header(fp)
    return found is not None and "text" in found[0] and not set(found[0]) >= _OFFSETS


def read(fp: IO[str], *, source: str, limit: RecordLimit | None = None, notes: list[str] | None = None
         ) -> tuple[list[DocumentRecord], list[InvalidInput]]:
    """The articles and the problems found, each with its line (TooManyRecords ends the
    reading at the first row beyond `limit`). A table has nothing to add to `notes`; the
    parameter is that of `documents_jsonl.read`, which the import calls alike."""
    found = _header(fp)
    records: list[DocumentRecord] = []
    issues: list[InvalidInput] = []
    if found is None:
        return records, [InvalidInput("the file is empty", file=source, line=1)]
    from ..formats.csv_rows import (  # not for every import's start (issue 18)
        cell_reader,
        numbered_rows,
    )

    names, delimiter = found
    reader = cell_reader(fp, delimiter=delimiter)
    next(reader)  # the header, read above
    for start, cells in numbered_rows(reader, len(names), source, issues, limit):
        take(limit, 1, file=source, line=start)
        row: dict[str, object] = {name: cell for name, cell in zip(names, cells, strict=True) if cell != ""}
        try:
            if isinstance(meta := row.get("meta"), str):
                row["meta"] = parse_json(meta, source, line=start, field="meta")
            records.append(record_of(row, source, start))
        except InvalidInput as error:
            issues.append(error)
    return records, issues
