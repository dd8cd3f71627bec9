"""Service views -> what the highlighter draws. Plain functions, no Streamlit."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ...display_names import display_name
from ...services.views import AnnotationView, CodebookView, DocumentView, LabelView
from ..highlighter.payload import DimRange, Drawing, DrawnSpan, KeyBinding, PaletteEntry


def attribute_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def attributes_line(span: AnnotationView, label: LabelView | None,
                    names: Mapping[str, str] | None = None) -> str:
    """The span's attributes in a line, each under its name in the label (`names`: the
    label's attribute names when the caller already has them)."""
    if not span.attributes:
        return ""
    if names is None:
        names = {a.key: a.name for a in label.attributes} if label else {}
    return " · ".join(
        f"{names.get(key, key)}: {attribute_text(value)}" for key, value in span.attributes.items()
    )


def tooltip(span: AnnotationView, label: LabelView | None, names: Mapping[str, str] | None = None) -> str:
    """Label, who, attributes, links and note as plain text lines."""
    lines = [f"{span.label_name} — {span.username}"]
    attributes = attributes_line(span, label, names)
    if attributes:
        lines.append(attributes)
    if span.entities:
        lines.append("Links: " + ", ".join(f"{e.entity_name} ({display_name(e.role)})" for e in span.entities))
    if span.note:
        lines.append(f"Note: {span.note}")
    return "\n".join(lines)


def drawn_spans(
    spans: Iterable[AnnotationView], codebook: CodebookView, my_user_id: int | None
) -> list[DrawnSpan]:
    labels = {label.key: label for label in codebook.labels}
    # Each label's attribute names once, not once per span (a long article has a thousand).
    names = {label.key: {a.key: a.name for a in label.attributes} for label in codebook.labels}
    return [
        DrawnSpan(
            id=s.id, start=s.start, end=s.end, colour=s.colour, label=s.label_name,
            tooltip=tooltip(s, labels.get(s.label), names.get(s.label, {})),
            kind="annotation" if s.user_id == my_user_id else "other",
        )
        for s in spans
        if not s.deleted
    ]


def palette(codebook: CodebookView) -> list[PaletteEntry]:
    """The span labels, each under its category's name (the palette groups them)."""
    categories = {category.key: category.name for category in codebook.categories}
    return [
        PaletteEntry(label.key, label.name, label.colour, label.hotkey, label.description,
                     group=categories.get(label.category, label.category))
        for label in codebook.span_labels()
    ]


def dim_ranges(document: DocumentView) -> list[DimRange]:
    """Page furniture and reader comments are drawn faded; the body as is."""
    return [
        DimRange(int(p["start"]), int(p["end"]), str(p["kind"]))
        for p in document.parts
        if p.get("kind") in ("furniture", "comments")
    ]


def subtitle(document: DocumentView) -> list[str]:
    """Outlet, author, date and URL, those the document has."""
    bits = [document.outlet, document.author, document.published.isoformat() if document.published else None, document.url]
    return [b for b in bits if b]


#: The first line of a text (up to any of the line breaks str.splitlines knows), read without
#: splitting the whole article on every rerun.
_FIRST_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*")


def header_title(title: str, text: str) -> str:
    """The title drawn above the article: none when the article's first non-empty line is the
    title (a headline imported with the text, as a .txt file or PTC gives it), which the
    toolbar names already; a one-line article would otherwise be drawn twice, once in bold."""
    first = _FIRST_LINE.match(text.lstrip())
    return "" if first is not None and title.strip() == first.group().strip() else title


def drawing(
    document: DocumentView,
    codebook: CodebookView,
    spans: Sequence[AnnotationView],
    *,
    my_user_id: int | None,
    selected: int | str | None = None,
    last_label: str | None = None,
    scroll_to: int | str | None = None,
    extra_spans: Sequence[DrawnSpan] = (),
    keys: Sequence[KeyBinding] = (),
    fill: bool = False,
    layers: Mapping[str, Any] | None = None,
) -> Drawing:
    """The highlighter's data for one document. `extra_spans` lets other features (e.g.
    suggestions) draw their own spans beside the annotations, `layers` their own drawings
    (highlighter/layers.js)."""
    return Drawing(
        doc_id=document.id, text=document.text, text_sha256=document.text_sha256,
        spans=[*drawn_spans(spans, codebook, my_user_id), *extra_spans],
        palette=palette(codebook), title=header_title(document.title, document.text),
        subtitle=subtitle(document),
        selected=selected, dim=dim_ranges(document), last_label=last_label,
        scroll_to=scroll_to, keys=keys, fill=fill, layers=layers or {},
    )
