"""Values nobody tuned the formats for, found in a review of every format with an adversarial
project (session 8): an empty text attribute beside an absent one, and what each export
states that it leaves out."""

from __future__ import annotations

import pytest

from annotator.formats import catalog
from annotator.formats.records import AnnotationRecord, DocumentRecord

from .helpers import read_bytes, write_bytes
from .samples import sample_manifest

TEXT = "Officials said the talks succeeded.\n"


def _claims() -> list[DocumentRecord]:
    spans = [AnnotationRecord(0, 9, "claim", "Officials", "ana", uid="00000000-0000-4000-8000-000000000001",
                              attributes={"claimant": "", "verdict": "true"}),
             AnnotationRecord(10, 14, "claim", "said", "ana", uid="00000000-0000-4000-8000-000000000002",
                              attributes={"verdict": "true"})]
    return [DocumentRecord(text=TEXT, title="t", uid="10000000-0000-4000-8000-000000000001", annotations=spans)]


@pytest.mark.parametrize("name", ["csv", "w3c", "labelstudio", "brat", "jsonl"])
def test_an_empty_text_attribute_is_not_an_absent_one(name: str) -> None:
    """A claimant given as "" (asked, and left blank) and a claimant not given at all come back
    as they were: the CSV wrote both as an empty `attr:claimant` cell, and the import dropped
    the empty one."""
    module = catalog.get_format(name)
    result = read_bytes(module, write_bytes(module, sample_manifest(module.FORMAT_ID), _claims()))
    assert result.issues == []
    spans = sorted(((a.start, a.attributes) for r in result.records for a in r.annotations), key=repr)
    assert spans == [(0, {"claimant": "", "verdict": "true"}), (10, {"verdict": "true"})]
