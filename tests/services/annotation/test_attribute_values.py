"""Attribute values through the services, on SQLite and PostgreSQL alike: the codebook's type
table types what an import read as text and refuses what does not fit, before the database."""

from __future__ import annotations

import math

import pytest

from annotator.codebooks import CodebookDef, load_builtin
from annotator.codebooks.schema import AttributeDef
from annotator.db import Database
from annotator.errors import ImportRefused, InvalidInput
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import list_annotations
from annotator.services.exchange.data_import import import_records
from annotator.services.team.projects import create_project

from ...support.builders import SOUTHFRONT_LIKE as TEXT
from ...support.builders import span

QUOTE = "Café owners said"


def _scored() -> CodebookDef:
    codebook = load_builtin("framing").model_copy(deep=True)
    codebook.key = "framing-scored"
    claim = next(label for label in codebook.labels if label.key == "claim")
    claim.attributes.append(AttributeDef(key="score", name="Score", type="number"))
    return codebook


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_non_finite_numbers_are_refused_on_every_backend(db: Database, admin: Actor, value: float) -> None:
    """Before the table, SQLite stored Infinity and PostgreSQL failed with a DataError."""
    project = create_project(db, admin, "P", codebook=_scored())
    doc, _ = add_document(db, admin, project.id, TEXT, title="Doc")
    with pytest.raises(InvalidInput, match="score must be a finite number") as refused:
        span(db, admin, doc, TEXT, QUOTE, "claim", attributes={"score": value})
    assert refused.value.field == "attributes.score"
    assert list_annotations(db, admin, doc) == []


def test_imported_text_forms_become_typed_values(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "P", codebook=_scored())
    start = TEXT.index(QUOTE)
    raw = {"score": "9007199254740991", "check_worthy": "TRUE", "claimant": "-1", "other": "5"}
    record = DocumentRecord(text=TEXT, title="Doc", annotations=[AnnotationRecord(
        start=start, end=start + len(QUOTE), label="claim", quote=QUOTE, attributes=raw)])
    result = import_records(db, admin, project.id, [record])
    [stored] = list_annotations(db, admin, result.document_ids[0])
    # Whole numbers are exact up to 2**53 - 1; attributes the label does not define stay as read.
    assert stored.attributes == {"score": 2**53 - 1, "check_worthy": True, "claimant": "-1", "other": "5"}
    assert type(stored.attributes["score"]) is int


@pytest.mark.parametrize("value", ["12345678901234567891", 2**53, -(2**53)])
def test_a_whole_number_a_browser_would_round_is_refused_by_name(db: Database, admin: Actor, value: object) -> None:
    """A post's 19-digit id typed as a number would be shown and exported rounded."""
    project = create_project(db, admin, "P", codebook=_scored())
    start = TEXT.index(QUOTE)
    record = DocumentRecord(text=TEXT, title="Doc", source="a.csv, line 2", annotations=[AnnotationRecord(
        start=start, end=start + len(QUOTE), label="claim", quote=QUOTE, attributes={"score": value},
        source="a.csv, line 2")])
    with pytest.raises(ImportRefused, match="score must be a whole number between") as refused:
        import_records(db, admin, project.id, [record])
    assert "a.csv, line 2" in str(refused.value)
    doc, _ = add_document(db, admin, project.id, TEXT, title="Doc")
    with pytest.raises(InvalidInput, match="score must be a whole number between"):
        span(db, admin, doc, TEXT, QUOTE, "claim", attributes={"score": 2**53})
    assert list_annotations(db, admin, doc) == []


def test_an_import_value_that_does_not_convert_is_refused_by_name(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "P", codebook=_scored())
    start = TEXT.index(QUOTE)
    record = DocumentRecord(text=TEXT, title="Doc", source="a.csv, line 2", annotations=[AnnotationRecord(
        start=start, end=start + len(QUOTE), label="claim", quote=QUOTE, attributes={"score": "Infinity"},
        source="a.csv, line 2")])
    with pytest.raises(ImportRefused, match="score must be a number"):
        import_records(db, admin, project.id, [record])
