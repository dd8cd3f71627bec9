"""An adversarial project for the exchange review (session 8): texts in several scripts with a
leading U+FEFF, `\\r\\n`, lone `\\r`, tabs and NBSP; spans at offset 0 and at the end,
identical / nested / overlapping spans with other labels, two annotators, gold, document
labels, typed and untyped relations, links to a registry entity, every attribute type with
awkward values (commas, quotes, tabs, line breaks, formula-looking text, padding, "" beside
absent, -0.0, 1e308, 5e-324, a 20-digit integer), a long title and metadata keys with dots."""

from __future__ import annotations

from datetime import datetime

from annotator.codebooks import CodebookDef
from annotator.formats.records import (
    AnnotationRecord,
    DocumentLabelRecord,
    DocumentRecord,
    EntityLinkRecord,
    EntityRecord,
    GoldRecord,
    GoldRelationRecord,
    RelationRecord,
)
from annotator.spans import quote_selector, text_sha256


def codebook() -> CodebookDef:
    def label(key: str, category: str, **extra: object) -> dict[str, object]:
        return {"key": key, "name": key.title(), "category": category, "colour": "#336699", "description": "d", **extra}

    return CodebookDef.model_validate({
        "key": "adversarial", "name": "Adversarial", "description": "d",
        "categories": [{"key": "spans", "name": "Spans"},
                       {"key": "genre", "name": "Genre", "layer": "document", "multiple": False},
                       {"key": "frames", "name": "Frames", "layer": "document", "multiple": True}],
        "labels": [
            label("claim", "spans", attributes=[
                {"key": "claimant", "name": "Claimant", "type": "text"},
                {"key": "check_worthy", "name": "Check-worthy", "type": "boolean"},
                {"key": "score", "name": "Score", "type": "number"},
                {"key": "verdict", "name": "Verdict", "type": "choice", "choices": ["true", "mostly, false", "=x", " padded "]}]),
            label("loaded", "spans"), label("Загрузка язык", "spans"), label("source", "spans"),
            label("opinion", "genre"), label("reporting", "genre"), label("f_econ", "frames"), label("f_moral", "frames")],
        "relations": [
            {"key": "attributed_to", "name": "Attributed to", "colour": "#2ca02c", "description": "d",
             "from": ["claim"], "to": ["source"], "attributes": [
                 {"key": "speech", "name": "Speech", "type": "choice", "choices": ["direct", "in,direct"]},
                 {"key": "weight", "name": "Weight", "type": "number"}]},
            {"key": "repeats", "name": "Repeats", "colour": "#999999", "description": "d", "directed": False},
            {"key": "untyped", "name": "Untyped", "colour": "#aaaaaa", "description": "d"}],
    })


FIRST = ("\ufeffالعربية نص «مقتبس» here.\r\nनमस्ते दुनिया क्षत्रिय\rCJK 中文的测试。\tTab\u00a0NBSP "
         "family 👨\u200d👩\u200d👧 flags 🇰🇿🇺🇦 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f end😀")
SECOND = "Lone\rCR\rlines\r\r=SUM(A1)\t\"quoted\", comma\r  trailing  "
OUTLET = EntityRecord(kind="outlet", name="Outlet, \"Ünïcode\"", uid="30000000-0000-4000-8000-000000000001",
                      domains=["example.org"])
WHEN = datetime(2024, 5, 6, 7, 8, 9, 123456)


def records() -> list[DocumentRecord]:
    count = iter(range(1, 100))

    def span(text: str, start: int, end: int, label: str, who: str | None, gold: bool = False,
             **extra: object) -> AnnotationRecord:
        selector = quote_selector(text, start, end)
        values = dict(start=start, end=end, label=label, quote=text[start:end], annotator=who,
                      uid=f"00000000-0000-4000-8000-{next(count):012d}", prefix=selector.prefix,
                      suffix=selector.suffix, created_at=WHEN, updated_at=WHEN, origin="manual", **extra)
        return GoldRecord(**values, curator="lead") if gold else AnnotationRecord(**values)  # type: ignore[arg-type]

    hindi, family, flags, tab = (FIRST.index(s) for s in ("नमस्ते", "👨", "🇰🇿", "Tab"))
    spans = [
        span(FIRST, 0, 8, "claim", "ana", note="=cmd|' /C calc'!A0", attributes={
            "claimant": "a, b \"q\"\tt\nn", "check_worthy": True, "score": -0.0, "verdict": "mostly, false"}),
        span(FIRST, 0, 8, "loaded", "ana"),
        span(FIRST, 1, 8, "Загрузка язык", "ana", note="  lead and trail  "),
        span(FIRST, 5, 20, "loaded", "ana"),
        span(FIRST, len(FIRST) - 1, len(FIRST), "loaded", "ana"),
        span(FIRST, hindi, hindi + 6, "claim", "ana", attributes={"claimant": "", "score": 1e308, "verdict": "=x"}),
        span(FIRST, hindi + 7, hindi + 20, "source", "ana"),
        span(FIRST, family, family + 5, "claim", "zoë", note="line1\r\nline2\ttab\\n", attributes={
            "claimant": "  lead  ", "check_worthy": False, "score": 9007199254740991, "verdict": " padded "}),
        span(FIRST, flags, flags + 4, "loaded", "zoë"),
        span(FIRST, 0, 8, "claim", "zoë", attributes={"score": 5e-324}),
        span(FIRST, tab, tab + 9, "source", "zoë"),
    ]
    spans[0].entities = [EntityLinkRecord("claimant", OUTLET.uid, OUTLET.name)]
    spans[6].entities = [EntityLinkRecord("mentioned", OUTLET.uid, OUTLET.name)]
    gold = [span(FIRST, 0, 8, "claim", None, gold=True, attributes={"claimant": "gold, \"c\""}),
            span(FIRST, hindi + 7, hindi + 20, "source", None, gold=True)]

    def relation(kind: str, first: AnnotationRecord, second: AnnotationRecord, **extra: object) -> RelationRecord:
        return RelationRecord(kind, str(first.uid), str(second.uid), uid=f"20000000-0000-4000-8000-{next(count):012d}",
                              created_at=WHEN, updated_at=WHEN, origin="manual", **extra)  # type: ignore[arg-type]

    formula = SECOND.index("=SUM")
    return [
        DocumentRecord(
            FIRST, title="العربية " * 80 + "🇰🇿 long", url="https://example.org/a?x=1&y=ü", outlet=OUTLET.name,
            author="Zoë, \"A\"", language="ar", external_id="ext/1 ü",
            meta={"a.b": 1, "ключ.ü": "v", "": "empty key", "n": {"x.y": [1, None]}, "neg": -0.0, "big": 12345678901234567890, "tiny": 5e-324},
            uid="10000000-0000-4000-8000-000000000001", text_sha256=text_sha256(FIRST), annotations=spans, gold=gold,
            relations=[relation("attributed_to", spans[5], spans[6], note="rel note\ttab",
                                attributes={"speech": "in,direct", "weight": -0.0}),
                       relation("repeats", spans[0], spans[5]),
                       relation("untyped", spans[7], spans[10], note="=1+1")],
            gold_relations=[GoldRelationRecord("attributed_to", str(gold[0].uid), str(gold[1].uid),
                                               uid="20000000-0000-4000-8000-000000000099", curator="lead")],
            document_labels=[DocumentLabelRecord("opinion", "ana"), DocumentLabelRecord("f_econ", "ana"),
                             DocumentLabelRecord("f_moral", "zoë"), DocumentLabelRecord("reporting", "zoë")]),
        DocumentRecord(SECOND, title="Same title", meta={"x": "=cmd"}, uid="10000000-0000-4000-8000-000000000002",
                       text_sha256=text_sha256(SECOND),
                       annotations=[span(SECOND, 0, len(SECOND), "loaded", "ana", note="whole"),
                                    span(SECOND, formula, formula + 8, "claim", "ana", attributes={"claimant": "'apostrophe"})]),
        DocumentRecord("Nothing annotated here.\n", title="Nothing", uid="10000000-0000-4000-8000-000000000003"),
    ]
