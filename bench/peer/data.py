"""The data the peer tools are given: the peer benchmark's set and the interop check's project.

- `peer_dataset` runs `../shared/bench/gen_peer_dataset.py` (byte-identical output every time:
  `ls_short.json` 2,000 articles x 20 spans, `ls_long.json` one 20,000-word article with 1,000
  spans, `ls_config.xml`, ...); `peer_codebook` writes the codebook with its ten labels that an
  import of ours needs.
- `interop_records` is a small project with everything a round trip must keep: the 40 PTC
  sample articles (annotator `ptc`), a second annotator (`bo`) on five of them, gold spans (curator
  `lead`) on three, and one document with emoji (astral, ZWJ, flags), `\\r\\n` line breaks and
  spans across line breaks, annotated by `ana` and `bo` with gold. `build_interop_project` puts
  it into a database of ours through the import service.
- `framing_records` is what the PTC codebook cannot hold: document labels (genre, frames),
  spans linked to a registry entity and relations (typed, and untyped both ways), on a document with emoji, `\r\n`, a tab and U+2028 (the
  tests' `crossing_records`), with the `framing` codebook; `add_registry` puts that entity into
  a database, as the registry must be there before links to it are imported.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord, EntityRecord, GoldRecord
from annotator.migrate import upgrade
from annotator.services.actor import Actor
from annotator.services.exchange.project_import import import_into_project
from annotator.services.exchange.registry_io import import_entities
from tests.formats.samples import OUTLET_UID, _relation, crossing_records
from tests.support.ptc import perturb, ptc_records

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
GENERATOR = SHARED / "bench" / "gen_peer_dataset.py"
PTC_CODEBOOK = "semeval2020-ptc"
FRAMING_CODEBOOK = "framing"

#: Line breaks as Windows writes them, an emoji after each sentence, a flag, a ZWJ sequence.
TRICKY_TEXT = (
    "Breaking 🚨: the “so-called” ceasefire in Astana 🇰🇿 has collapsed.\r\n"
    "Officials 👩🏽‍🔬 said the regime's thugs\r\nbroke every promise they made.\r\n\r\n"
    "Everyone knows the truth 😀 and only traitors doubt it.\r\nShame!\n"
)
#: (quote, label, annotator; "gold:<curator>" for a gold span): three spans cross a line break.
TRICKY_SPANS = [
    ("“so-called”", "Loaded_Language", "ana"),
    ("the regime's thugs\r\nbroke every promise", "Name_Calling,Labeling", "ana"),
    ("Everyone knows the truth 😀 and only traitors doubt it", "Bandwagon,Reductio_ad_hitlerum", "ana"),
    ("thugs\r\nbroke", "Loaded_Language", "bo"),
    ("Astana 🇰🇿", "Doubt", "bo"),
    ("Breaking 🚨", "Slogans", "bo"),
    ("it.\r\nShame!", "Slogans", "bo"),
    ("the regime's thugs\r\nbroke every promise", "Name_Calling,Labeling", "gold:lead"),
    ("Shame!", "Slogans", "gold:lead"),
]


def peer_dataset(out: Path) -> Path:
    """The peer benchmark's files in `out` (made once; the generator is deterministic)."""
    if not (out / "ls_config.xml").exists():
        subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def peer_codebook(dataset: Path, path: Path) -> Path:
    """A codebook (JSON, which the YAML loader reads) with the labels of the set's Label Studio config."""
    config = (dataset / "ls_config.xml").read_text(encoding="utf-8")
    labels = sorted(set(re.findall(r'Label value="([^"]+)"', config)))
    path.write_text(json.dumps({
        "key": "peer", "name": "Peer labels", "categories": [{"key": "entities", "name": "Entities"}],
        "labels": [{"key": k, "name": k, "category": "entities", "colour": "#336699", "description": k} for k in labels],
    }), encoding="utf-8")
    return path


def _gold(span: AnnotationRecord, curator: str) -> GoldRecord:
    values = {f.name: getattr(span, f.name) for f in fields(AnnotationRecord) if f.name != "annotator"}
    return GoldRecord(**values, curator=curator)


def tricky_record() -> DocumentRecord:
    record = DocumentRecord(text=TRICKY_TEXT, title="Emoji, CRLF and spans across line breaks", external_id="tricky")
    for quote, label, who in TRICKY_SPANS:
        start = TRICKY_TEXT.index(quote)
        span = AnnotationRecord(start, start + len(quote), label, quote)
        if who.startswith("gold:"):
            record.gold.append(_gold(span, who.removeprefix("gold:")))
        else:
            span.annotator = who
            record.annotations.append(span)
    return record


def interop_records() -> list[DocumentRecord]:
    records = ptc_records(SHARED / "corpus", annotator="ptc")
    labels = sorted({span.label for record in records for span in record.annotations})
    for record, other in zip(records[:5], perturb(records[:5], 0.4, annotator="bo", labels=labels), strict=True):
        record.annotations.extend(other.annotations)
    for record in records[:3]:
        record.gold.extend(_gold(span, "lead") for span in record.annotations[:4] if span.annotator == "ptc")
    return [*records, tricky_record()]


def build_interop_project(url: str, name: str) -> tuple[int, int, int]:
    """The interop project in a new database at `url`; returns (documents, annotations, gold)."""
    db = Database(url)
    upgrade(db.engine)
    records = interop_records()
    import_into_project(db, Actor.system(), name, records, codebook=PTC_CODEBOOK)
    db.dispose()
    return (len(records), sum(len(r.annotations) for r in records), sum(len(r.gold) for r in records))


#: (type, from span, to span, annotator) of the framing project's relations, spans numbered as
#: in `crossing_records`: one of the codebook's types, and one of each untyped kind (Label
#: Studio's own relation without a label, one way and both ways).
FRAMING_RELATIONS = (("frames", 206, 205), ("untyped", 201, 203), ("untyped_undirected", 204, 205))


def framing_records() -> tuple[list[DocumentRecord], list[EntityRecord]]:
    """Document labels, links to a registry entity and relations, and the entity linked to."""
    records = crossing_records()
    records[0].relations = [_relation(kind, source, target, n) for n, (kind, source, target)
                            in enumerate(FRAMING_RELATIONS, start=301)]
    return records, [EntityRecord(kind="outlet", name="Example Outlet", uid=OUTLET_UID)]


def add_registry(url: str, entities: list[EntityRecord]) -> None:
    """The registry entities in the database at `url` (made and migrated before)."""
    db = Database(url)
    with db.write() as session:
        import_entities(session, Actor.system(), entities)
    db.dispose()


def build_framing_project(url: str, name: str) -> tuple[int, int, int]:
    """The framing project in the database at `url` (migrated here); returns (documents,
    annotations, gold)."""
    db = Database(url)
    upgrade(db.engine)
    records, entities = framing_records()
    import_into_project(db, Actor.system(), name, records, entities=entities, codebook=FRAMING_CODEBOOK)
    db.dispose()
    return (len(records), sum(len(r.annotations) for r in records), sum(len(r.gold) for r in records))
