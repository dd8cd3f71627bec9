"""The PTC sample as import records, and a seeded perturbation of its spans.

`ptc_records` reads the 40 articles of `/work/shared/corpus/ptc-sample` and their technique
spans (`.task2-TC.labels`: tab-separated `article_id technique start end`, code points, end
exclusive) into `DocumentRecord`s for `import_records` with the `semeval2020-ptc` codebook.

`perturb` makes a copy of the spans as another annotator would have drawn them: boundaries
shifted, some labels swapped, some spans dropped. Its randomness is drawn once per span from
the seed and only *scaled* by `strength`, so a stronger perturbation changes the same spans
in the same direction, further, plus more of them: agreement must fall as strength grows.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.models import Annotation, Document, Label

MAX_SHIFT = 25  # characters a boundary moves at most, at strength 1
SHIFT_AT_FULL = 0.8  # share of spans whose boundaries move at strength 1
DROP_AT_FULL = 0.6  # share of spans dropped at strength 1
SWAP_AT_FULL = 0.6  # share of spans relabelled at strength 1


def ptc_records(corpus: Path, annotator: str = "ptc") -> list[DocumentRecord]:
    root = corpus / "ptc-sample"
    records = []
    for path in sorted((root / "articles").glob("article*.txt")):
        article_id = path.stem.removeprefix("article")
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        spans = []
        labels = root / "labels" / f"article{article_id}.task2-TC.labels"
        for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            doc_id, technique, start, end = line.split("\t")
            assert doc_id == article_id, f"{labels}, line {number}"
            spans.append(AnnotationRecord(int(start), int(end), technique, annotator=annotator,
                                          source=f"{labels.name}, line {number}"))
        records.append(DocumentRecord(text=text, title=text.split("\n", 1)[0],
                                      external_id=article_id, annotations=spans))
    return records


def ptc_zip(corpus: Path) -> bytes:
    """The sample as a user zips the folder: ptc-sample/articles/..., ptc-sample/labels/..."""
    buffer = io.BytesIO()
    root = corpus / "ptc-sample"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, f"ptc-sample/{path.relative_to(root).as_posix()}")
    return buffer.getvalue()


def gold_counts(corpus: Path) -> Counter[str]:
    return Counter(line.split("\t")[1] for path in (corpus / "ptc-sample" / "labels").glob("*.labels")
                   for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def stored_label_counts(db: Database, project_id: int) -> Counter[str]:
    """Spans (deleted or not) per label key in a project, as the database holds them."""
    with db.read() as session:
        rows = session.execute(select(Label.key, func.count()).join(Annotation, Annotation.label_id == Label.id)
                               .join(Document, Document.id == Annotation.document_id)
                               .where(Document.project_id == project_id).group_by(Label.key)).all()
    return Counter(dict(rows))


def perturb(records: list[DocumentRecord], strength: float, *, annotator: str,
            labels: list[str], seed: int = 7) -> list[DocumentRecord]:
    """A perturbed copy of every record's spans, as `annotator`; strength 0 copies exactly."""
    rng = random.Random(seed)
    out = []
    for record in records:
        spans = []
        for span in record.annotations:
            drop, swap, shift = rng.random(), rng.random(), rng.random()
            other = rng.choice([label for label in labels if label != span.label])
            left, right = rng.uniform(-1, 1), rng.uniform(-1, 1)
            if drop < strength * DROP_AT_FULL:
                continue
            label = other if swap < strength * SWAP_AT_FULL else span.label
            start, end = span.start, span.end
            if shift < strength * SHIFT_AT_FULL:
                start += _move(strength * MAX_SHIFT * left)
                end += _move(strength * MAX_SHIFT * right)
            start = min(max(start, 0), len(record.text) - 1)
            end = min(max(end, start + 1), len(record.text))
            spans.append(AnnotationRecord(start, end, label, annotator=annotator))
        out.append(replace(record, annotations=spans, assignments=[]))
    return out


def _move(amount: float) -> int:
    """A boundary that moves moves by at least one character."""
    return int(round(amount)) or (1 if amount >= 0 else -1)


def done_by(records: list[DocumentRecord], annotator: str) -> list[DocumentRecord]:
    """The records with the annotator's assignment marked done."""
    return [replace(r, assignments=[{"annotator": annotator, "status": "done"}]) for r in records]
