"""Articles as JSON lines: how `published` is read (a time stamp gives its day; anything that
is not a date is refused with its line)."""

from __future__ import annotations

import io
import json
from datetime import date

from annotator.ingest import documents_jsonl


def _read(*published: object) -> tuple[list[date | None], list[str]]:
    lines = "".join(json.dumps({"text": "An article.", "published": value}) + "\n" for value in published)
    records, issues = documents_jsonl.read(io.StringIO(lines), source="a.jsonl")
    return [r.published for r in records], [i.located() for i in issues]


def test_published_dates_and_time_stamps() -> None:
    dates, issues = _read("2017-01-24", "2017-01-24T10:00:00+00:00", None, "")
    assert issues == []
    assert dates == [date(2017, 1, 24), date(2017, 1, 24), None, None]


def test_a_published_value_that_is_not_a_date_is_located() -> None:
    dates, issues = _read("March", 0, "2017-13-01")
    assert dates == []
    assert issues == [
        "a.jsonl, line 1, field 'published': not an ISO date (YYYY-MM-DD): 'March'",
        "a.jsonl, line 2, field 'published': not an ISO date (YYYY-MM-DD): 0",
        "a.jsonl, line 3, field 'published': not an ISO date (YYYY-MM-DD): '2017-13-01'",
    ]


def test_a_text_that_is_not_text_says_so() -> None:
    """`{"text": 5}` was refused as "missing or empty text"."""
    lines = '{"text": 5}\n{"text": " "}\n{"title": "no text"}\n'
    records, issues = documents_jsonl.read(io.StringIO(lines), source="a.jsonl")
    assert records == []
    assert [i.located() for i in issues] == [
        "a.jsonl, line 1, field 'text': text must be a string",
        "a.jsonl, line 2, field 'text': missing or empty text",
        "a.jsonl, line 3, field 'text': missing or empty text",
    ]
