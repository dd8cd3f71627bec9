"""Claim groups and fact-checks in the native format: lines of their own, after the documents
(a group names spans by uid, so they come after the spans), written for the lossless format
by the export and read by native_jsonl.

    {"type": "claim_group", "uid": ..., "canonical": ..., "verdict": "false", "status": "confirmed",
     "members": [{"annotation_uid": ..., "origin": "confirmed", ...}], "excluded": [...], ...}
    {"type": "fact_check", "uid": ..., "group_uid": ..., "claim_reviewed": ..., "url": ...,
     "proposals": [{"group_uid": ..., "score": 0.71, "status": "proposed"}], ...}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from typing import IO, Any

from pydantic import TypeAdapter
from pydantic_core import to_jsonable_python

from .claim_records import ClaimGroupRecord, FactCheckRecord

GROUP = "claim_group"
FACT_CHECK = "fact_check"
KINDS = (GROUP, FACT_CHECK)
#: Where a record was read from: never written.
_WHERE = {"source"}

_adapters: dict[str, tuple[TypeAdapter[Any], type]] = {
    GROUP: (TypeAdapter(ClaimGroupRecord), ClaimGroupRecord),
    FACT_CHECK: (TypeAdapter(FactCheckRecord), FactCheckRecord),
}


def write(groups: Iterable[ClaimGroupRecord], fact_checks: Iterable[FactCheckRecord], fp: IO[str]) -> int:
    """Append the lines (fields in their order, times in ISO 8601); returns how many."""
    count = 0
    for kind, records in ((GROUP, groups), (FACT_CHECK, fact_checks)):
        for record in records:
            data = to_jsonable_python(record, exclude=_WHERE)
            fp.write(json.dumps({"type": kind, **data}, ensure_ascii=False) + "\n")
            count += 1
    return count


def read(kind: str, data: dict[str, Any], source: str) -> ClaimGroupRecord | FactCheckRecord:
    """One line's record (pydantic.ValidationError when a field does not fit); `source`
    says where it was read ("file, line N")."""
    adapter, model = _adapters[kind]
    known = {f.name for f in fields(model)} - {"source"}
    record: ClaimGroupRecord | FactCheckRecord = adapter.validate_python({k: v for k, v in data.items() if k in known})
    record.source = source
    return record
