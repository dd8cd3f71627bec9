"""Writing sample records with any catalog format into bytes and reading them back, in memory."""

from __future__ import annotations

import io
from typing import Any

from annotator.formats.base import ReadResult
from annotator.formats.bundle import Limits, ZipSink, zip_bundle
from annotator.formats.protocol import ExchangeFormat
from annotator.formats.records import DocumentRecord, Manifest

LIMITS = Limits(10_000_000, 50_000_000)


def write_bytes(module: ExchangeFormat, manifest: Manifest, records: list[DocumentRecord]) -> bytes:
    if module.KIND == "bundle":
        buffer = io.BytesIO()
        sink = ZipSink(buffer)
        module.write(manifest, [], iter(records), sink)
        sink.close()
        return buffer.getvalue()
    text = io.StringIO(newline="")
    module.write(manifest, [], iter(records), text)
    return text.getvalue().encode("utf-8")


def read_bytes(module: ExchangeFormat, data: bytes, source: str = "sample") -> ReadResult:
    if module.KIND == "bundle":
        return module.read(zip_bundle(io.BytesIO(data), source, LIMITS), source=source)
    return module.read(io.StringIO(data.decode("utf-8-sig"), newline=""), source=source)


def span_keys(records: list[DocumentRecord], *, gold: bool = True) -> list[tuple[Any, ...]]:
    """What must survive any format: position, label, quote (when the format carries it),
    who, the note, and the attribute values (compared as text: typing is the import's job)."""
    keys = []
    for record in records:
        spans = [("annotation", a) for a in record.annotations]
        if gold:
            spans += [("gold", g) for g in record.gold]
        for layer, a in spans:
            who = a.annotator if layer == "annotation" else getattr(a, "curator", None)
            attributes = tuple(sorted((k, str(v).lower()) for k, v in a.attributes.items()))
            keys.append((layer, a.start, a.end, a.label, who, a.note or None, attributes))
    return sorted(keys, key=repr)
