"""Articles as a CSV table, as a spreadsheet saves them (a `text` column, a row per article):
read as documents, with the other columns as metadata; a table of spans (our CSV format) is
still read as spans. The import of the command line and of the page both take it."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from annotator.config import get_settings
from annotator.ingest import documents_csv
from annotator.ingest.local import load_paths
from annotator.ingest.readers import Reading
from annotator.ingest.web import Upload, load_uploads

from ..support.reading import read_text

TABLE = ("\ufeffTitle,text,URL,outlet,published,author,section,id\r\n"
         "First,\"Line one.\r\nLine two with “quotes”, a comma and 🇰🇿.\",https://example.org/a,Example,"
         "2024-03-01T08:00:00Z,Ana,World,17\r\n"
         "'Tis the season,=SUM(A1) is not a formula here,,,,,,\r\n"
         "\r\n"
         "Árvíztűrő,Ünïcödé tëxt: المعارضة 中文,,,2024-03-02,,Culture,\r\n")


def _read(table: str) -> Reading:
    return read_text("csv", table.removeprefix("\ufeff"), "articles.csv")


def test_a_table_of_articles_gives_a_document_per_row() -> None:
    reading = _read(TABLE)
    assert reading.loaded.issues == []
    first, second, third = reading.loaded.records
    assert first.text == "Line one.\r\nLine two with “quotes”, a comma and 🇰🇿."
    assert (first.title, first.url, first.outlet, first.author, first.published, first.external_id) == (
        "First", "https://example.org/a", "Example", "Ana", date(2024, 3, 1), "17")
    assert first.meta == {"section": "World"}
    assert first.source == "articles.csv, line 2"
    # The cells are the user's own: an apostrophe or an equals sign at the start is text.
    assert (second.title, second.text, second.url, second.meta) == (
        "'Tis the season", "=SUM(A1) is not a formula here", None, {})
    assert (third.title, third.text, third.published, third.meta) == (
        "Árvíztűrő", "Ünïcödé tëxt: المعارضة 中文", date(2024, 3, 2), {"section": "Culture"})
    assert third.source == "articles.csv, line 6"
    assert {r.import_batch for r in reading.loaded.records} == {reading.batch}


def test_a_bad_row_is_located_and_nothing_else_is_lost() -> None:
    reading = _read("text,title,published\nGood text.,A,\n,Empty text,\nMore text.,B,March 2024\nx,y\n")
    assert [i.located() for i in reading.loaded.issues] == [
        "articles.csv, line 3, field 'text': missing or empty text",
        "articles.csv, line 4, field 'published': not an ISO date (YYYY-MM-DD): 'March 2024'",
        "articles.csv, line 5: 2 cells where the header has 3",
    ]
    assert [r.title for r in reading.loaded.records] == ["A"]


def test_only_a_table_with_a_text_column_and_no_offsets_is_one_of_articles() -> None:
    assert documents_csv.holds_articles(io.StringIO("text,title\nx,y\n"))
    assert documents_csv.holds_articles(io.StringIO("\ufeffTEXT;label\n"))  # doccano's text classification
    assert not documents_csv.holds_articles(io.StringIO("document_uid,label,start,end,quote\n"))
    assert not documents_csv.holds_articles(io.StringIO("text,label,start,end\n"))
    assert not documents_csv.holds_articles(io.StringIO(""))
    stream = io.StringIO("text\nx\n")
    documents_csv.holds_articles(stream)
    assert stream.read() == "text\nx\n"  # read again from its start


def test_the_command_line_and_the_page_import_a_table_of_articles(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    path.write_bytes(TABLE.encode("utf-8"))
    settings = get_settings("sqlite://")
    from_path = load_paths([path], fmt=None, settings=settings)
    from_page = load_uploads([Upload("articles.csv", TABLE.encode("utf-8"))], [], fmt=None, settings=settings)
    for loaded in (from_path, from_page):
        assert loaded.issues == []
        assert [r.title for r in loaded.records] == ["First", "'Tis the season", "Árvíztűrő"]


_CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@given(rows=st.lists(st.tuples(_CELL, _CELL.filter(lambda t: t.strip() != "")), min_size=1, max_size=5),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_table_a_csv_writer_makes_reads_back(rows: list[tuple[str, str]], delimiter: str) -> None:
    """Titles and texts with quotes, delimiters, line breaks of every kind, any script: the
    table the csv module writes (as a spreadsheet would) is read back cell for cell."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["title", "text"])
    writer.writerows(rows)
    reading = _read(out.getvalue())
    assert reading.loaded.issues == []
    assert [(r.title, r.text) for r in reading.loaded.records] == rows
