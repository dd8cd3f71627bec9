"""A small, hard set of records for format tests: emoji, combining marks, `\r\n`, a flag,
overlapping spans, two annotators, attributes of every type, notes with line breaks and
formula-looking text, and a gold span. The example files in annotator/formats/examples/ are
what the writers make of it (test_catalog checks they are up to date)."""

from __future__ import annotations

from datetime import datetime

from annotator.codebooks import CodebookDef, load_builtin
from annotator.formats.records import (
    AnnotationRecord,
    DocumentLabelRecord,
    DocumentRecord,
    EntityLinkRecord,
    GoldRecord,
    Manifest,
)
from annotator.spans import quote_selector, text_sha256

HARD_TEXT = (
    "Negotiations between the Syrian government and the so-called “opposition groups” kicked off "
    "in Astana 🇰🇿 on January 23.\r\nCafé owners (e\u0301le\u0300ve) said: “We hope 👩🏽‍🔬.”\r\n"
    "=SUM(A1) is not a formula here; 😀 ends it.\n"
)
SECOND_TEXT = "Second article.\n\nThe regime’s “so-called” ceasefire 🕊️ failed.\n"
CREATED = datetime(2024, 3, 1, 9, 30, 15, 123456)
UPDATED = datetime(2024, 3, 2, 10, 0, 0)


def _span(text: str, quote: str, label: str, annotator: str | None, n: int, occurrence: int = 0, **extra: object) -> AnnotationRecord:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    selector = quote_selector(text, start, end)
    return AnnotationRecord(start=start, end=end, label=label, quote=quote, annotator=annotator,
                            uid=f"00000000-0000-4000-8000-{n:012d}", prefix=selector.prefix, suffix=selector.suffix,
                            created_at=CREATED, updated_at=UPDATED, origin="manual", **extra)  # type: ignore[arg-type]


def sample_records() -> list[DocumentRecord]:
    first = DocumentRecord(
        text=HARD_TEXT, title="Astana talks 🇰🇿", url="https://example.org/astana", outlet="Example Outlet",
        external_id="astana-2017", uid="10000000-0000-4000-8000-000000000001", text_sha256=text_sha256(HARD_TEXT),
        annotations=[
            _span(HARD_TEXT, "so-called “opposition groups”", "scare_quotes", "ana", 1, note="=cmd|' /C calc'!A0\nsecond line"),
            _span(HARD_TEXT, "Astana 🇰🇿", "claim", "ana", 2, attributes={
                "claimant": "Syrian government", "check_worthy": True, "verdict": "true", "confidence": "high"}),
            _span(HARD_TEXT, "23.\r\nCafé owners (e\u0301le\u0300ve)", "claim", "ana", 3,
                  attributes={"check_worthy": False, "claimant": "-1 @home"}),
            _span(HARD_TEXT, "opposition", "loaded_language", "bo", 4, note="'quoted' note"),
            _span(HARD_TEXT, "=SUM(A1)", "loaded_language", "bo", 5),
            _span(HARD_TEXT, "😀", "loaded_language", "bo", 6),
        ],
        gold=[GoldRecord(**{**_span(HARD_TEXT, "opposition", "loaded_language", None, 7).__dict__},
                         provenance="imported", curator="lead")],
    )
    second = DocumentRecord(
        text=SECOND_TEXT, title="Second article", uid="10000000-0000-4000-8000-000000000002",
        text_sha256=text_sha256(SECOND_TEXT),
        annotations=[_span(SECOND_TEXT, "“so-called”", "scare_quotes", "bo", 8),
                     _span(SECOND_TEXT, "ceasefire 🕊️", "loaded_language", "bo", 9)],
    )
    return [first, second]


def sample_manifest(fmt: str = "annotator-test") -> Manifest:
    definition = load_builtin("framing").model_dump(mode="json")
    return Manifest(
        format=fmt, format_version=1, tool_version="0.0.0",
        project={"name": "Sample", "description": "", "blind": False, "allow_overlaps": True,
                 "annotators_per_document": 1, "settings": {}},
        codebook={"key": "framing", "version": 1, "definition": definition},
        counts={"documents": 2, "annotations": 8, "gold": 1, "entities": 0},
        texts_sha256="sample",
    )


#: Keys that stretch the key rule (codebooks/keys.py): every punctuation mark, spaces, many
#: scripts, combining marks, digits of other scripts, the longest key, keys brat would merge.
ALPHABET_KEYS = [
    "Bandwagon,Reductio_ad_hitlerum", "Exaggeration,Minimisation", "A_.,:+-/&'()Z", "a.b", "a_b", "a b", "a-b",
    "Café label", "Загрузка язык", "Ελληνικά", "العربية", "עברית", "中文标签", "मराठी भाषा", "q\u0307 x",
    "٣٤ Ⅻ", "1st", "L" * 99 + "ä",
]
#: Attribute values of each type, with text that brat percent-encodes and CSV neutralises.
ALPHABET_VALUES: dict[str, object] = {"text": "-1 | 50%, =x\ty", "boolean": False, "number": -2.5e-7,
                                       "choice": "high, or | low"}


def key_alphabet_codebook() -> CodebookDef:
    attributes = [{"key": key, "name": f"Attribute {n}", "type": kind,
                   "choices": ["low", "high, or | low"] if kind == "choice" else []}
                  for n, (key, kind) in enumerate(zip(ALPHABET_KEYS, list(ALPHABET_VALUES) * 5, strict=False))]
    return CodebookDef.model_validate({
        "key": "alphabet", "name": "Every legal key", "categories": [{"key": "c", "name": "C"}],
        "labels": [{"key": key, "name": f"Label {n}", "category": "c", "colour": "#336699", "description": "d",
                    "attributes": attributes if n == 0 else []}
                   for n, key in enumerate(ALPHABET_KEYS)],
    })


def key_alphabet_records(codebook: CodebookDef) -> list[DocumentRecord]:
    """One span per label, one annotator; the first label's span carries every attribute."""
    words = [f"word{n}" for n in range(len(codebook.labels))]
    text = " ".join(words) + "\n"
    spans = []
    for n, label in enumerate(codebook.labels):
        span = _span(text, words[n], label.key, "ana", n + 100)
        span.attributes = {a.key: ALPHABET_VALUES[a.type] for a in label.attributes}
        spans.append(span)
    return [DocumentRecord(text=text, title="Keys", uid="10000000-0000-4000-8000-000000000003",
                           text_sha256=text_sha256(text), annotations=spans)]


#: Emoji, `\r\n`, a tab, a paragraph break and a line separator (U+2028) inside spans: what brat
#: writes as fragments. Some spans start or end with whitespace, which brat's fragments trim.
CROSSING_TEXT = (
    "Breaking 🚨: the “so-called” ceasefire\tin Astana 🇰🇿 has collapsed.\r\n"
    "Officials 👩🏽‍🔬 said the regime's thugs\r\nbroke every promise they made.\r\n\r\n"
    "Everyone knows the truth 😀 and only traitors doubt it.\u2028Shame!\n"
)
OUTLET_UID = "20000000-0000-4000-8000-000000000001"


def crossing_records() -> list[DocumentRecord]:
    """One document whose spans cross line breaks, with a link to a registry entity, document
    labels, and a gold span across a line break."""
    text = CROSSING_TEXT
    spans = [
        _span(text, "the regime's thugs\r\nbroke every promise", "name_calling", "ana", 201),
        _span(text, "ceasefire\tin Astana 🇰🇿", "scare_quotes", "ana", 202, note="across a tab"),
        _span(text, "they made.\r\n\r\nEveryone knows", "claim", "ana", 203, attributes={"check_worthy": True}),
        _span(text, "doubt it.\u2028Shame!\n", "loaded_language", "bo", 204),
        _span(text, " the truth 😀 ", "loaded_language", "bo", 205),
        _span(text, "“so-called”", "scare_quotes", "bo", 206),
    ]
    spans[0].entities = [EntityLinkRecord(role="target", entity_uid=OUTLET_UID, entity_name="Example Outlet")]
    spans[5].entities = [EntityLinkRecord(role="mentioned", entity_uid=OUTLET_UID, entity_name="Example Outlet")]
    gold = _span(text, "thugs\r\nbroke", "loaded_language", None, 207)
    return [DocumentRecord(
        text=text, title="Emoji, CRLF and spans across line breaks", external_id="crossing/1 (draft)",
        uid="10000000-0000-4000-8000-000000000004", text_sha256=text_sha256(text), annotations=spans,
        gold=[GoldRecord(**gold.__dict__, provenance="imported", curator="lead")],
        document_labels=[DocumentLabelRecord("genre_reporting", "ana"), DocumentLabelRecord("frame_morality", "bo")],
    )]
