"""The adversarial project (adversarial.py) through every format with a place for it, into a
second database, compared field by field with what the first holds: documents, spans, gold,
relations, document labels, links and times. What may differ is only what the format's
`carries_no` names (and the uids brat does not carry)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.config import get_settings
from annotator.db import Database
from annotator.formats import catalog
from annotator.formats.base import relations_of
from annotator.ingest.local import load_paths
from annotator.services.actor import Actor
from annotator.services.exchange.data_export import open_export
from annotator.services.exchange.data_import import import_records
from annotator.services.exchange.exports import export_to_path
from annotator.services.exchange.project_import import import_into_project
from annotator.services.team.projects import create_project, get_project

from . import adversarial
from .test_round_trip import SUFFIX, _documents_file

#: Fields a format does not carry, as its CARRIES_NO says (brat: uids, times, origin; CSV: the
#: texts' metadata come from the texts file, document labels and links are left out).
LEFT_OUT: dict[str, set[str]] = {
    "w3c": set(), "labelstudio": set(),
    "brat": {"uid", "created_at", "updated_at", "origin", "version", "document_labels.created_at"},
    "csv": {"document_labels", "entities", "author", "language", "meta", "outlet", "outlet_uid", "uid"},
}


def _number(value: Any) -> Any:
    """PostgreSQL's jsonb keeps numbers as `numeric`: no -0 (0.0 comes back) and no exponent (a
    float of 16 digits or more, 1e308, comes back as the whole number it names, an int). Both
    are the same values; the README says so. Elsewhere the type stays as it was."""
    if isinstance(value, dict):
        return {k: _number(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_number(v) for v in value]
    if isinstance(value, float) and value == 0:
        return 0.0
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
        return float(value)  # compared as the float both sides name
    return value


def _plain(value: Any) -> str:
    """A value as JSON text, so that 1 and 1.0, "" and None stay apart (numbers as `_number`)."""
    return json.dumps(_number(value), ensure_ascii=False, sort_keys=True, default=str)


def _fields(db: Database, project: str, left_out: set[str]) -> dict[str, Any]:
    """Everything the project holds, keyed by what names it across formats (text hash; layer,
    who, offsets, label), uids and what the format leaves out dropped."""
    actor = Actor.system()
    found: dict[str, Any] = {}
    with open_export(db, actor, get_project(db, actor, project).id, fmt="check") as stream:
        for record in stream.records:
            names: dict[str, tuple[Any, ...]] = {}
            spans = []
            for layer, many in (("annotation", record.annotations), ("gold", record.gold)):
                for a in many:
                    key = (layer, a.annotator or getattr(a, "curator", None), a.start, a.end, a.label)
                    names[str(a.uid)] = key
                    values = {k: _plain(v) for k, v in vars(a).items() if k not in left_out and k != "source"}
                    values["entities"] = _plain([(e.role, e.entity_uid) for e in a.entities]) if "entities" not in left_out else ""
                    spans.append((key, values))
            relations = [((layer, r.type, names[r.from_uid], names[r.to_uid]),
                          {k: _plain(v) for k, v in vars(r).items()
                           if k not in left_out and k not in ("from_uid", "to_uid", "source")})
                         for layer, r in relations_of(record)]
            labels = [] if "document_labels" in left_out else sorted(
                (d.label, d.annotator, None if "document_labels.created_at" in left_out else str(d.created_at))
                for d in record.document_labels)
            document = {k: _plain(v) for k, v in vars(record).items()
                        if k not in left_out and k not in ("annotations", "gold", "relations", "gold_relations",
                                                           "document_labels", "import_batch", "created_at", "source")}
            found[str(record.text_sha256)] = (document, sorted(spans, key=repr), sorted(relations, key=repr), labels)
    return found


@pytest.mark.parametrize("fmt", ["w3c", "labelstudio", "brat", "csv"])
def test_the_adversarial_project_comes_back_field_by_field(fmt: str, source: Database, db: Database,
                                                           tmp_path: Path) -> None:
    actor = Actor.system()
    codebook = adversarial.codebook()
    project = create_project(source, actor, "Adv", codebook=codebook, annotators_per_document=2)
    import_records(source, actor, project.id, adversarial.records(), entities=[adversarial.OUTLET])
    first = tmp_path / f"adv{SUFFIX[fmt]}"
    summary = export_to_path(source, actor, project.id, fmt, first)
    assert summary.left_out == catalog.get_format(fmt).CARRIES_NO
    inputs = [first]
    if fmt == "csv":
        inputs = [_documents_file(source, actor, "Adv", tmp_path / "texts.jsonl"), first,
                  tmp_path / "adv.csv.relations.csv"]
    loaded = load_paths(inputs, fmt=None, settings=get_settings(db.url))
    assert loaded.issues == []
    # The registry first (no format but the native one carries it), then the file.
    import_into_project(db, actor, "Adv", [], entities=[adversarial.OUTLET], codebook=codebook)
    import_into_project(db, actor, "Adv", loaded.records, entities=loaded.entities, codebook=codebook)
    before, after = _fields(source, "Adv", LEFT_OUT[fmt]), _fields(db, "Adv", LEFT_OUT[fmt])
    assert after.keys() == before.keys()
    for sha, (document, spans, relations, labels) in before.items():
        assert after[sha][0] == document
        assert after[sha][1] == spans
        assert after[sha][2] == relations
        assert after[sha][3] == labels
