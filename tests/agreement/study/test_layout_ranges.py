"""The layout's counted ranges, written in one pass, against a document at a time."""

import hypothesis.strategies as st
import numpy as np
from hypothesis import given

from annotator.agreement.study.positions import counted_ranges, document_layout

from .test_positions import HYPOTHESIS
from .test_token_scan import _parts, texts_


def _one_at_a_time(texts: list[str], parts: list, body_only: bool) -> tuple[np.ndarray, ...]:
    """The counted ranges (global) and the counted characters before each, as laid out
    before: counted_ranges and a small array per document."""
    offsets = np.concatenate(([0], np.cumsum([len(t) for t in texts]))).astype(np.int64)
    tables = [np.zeros((0, 2), dtype=np.int64)]
    for d, (text, doc_parts) in enumerate(zip(texts, parts, strict=True)):
        doc_ranges = counted_ranges(doc_parts, len(text), body_only=body_only)
        if doc_ranges:
            tables.append(np.asarray(doc_ranges, dtype=np.int64).reshape(-1, 2) + offsets[d])
    counted = np.concatenate(tables)
    before = np.concatenate(([0], np.cumsum(counted[:, 1] - counted[:, 0]))).astype(np.int64)
    return counted[:, 0], counted[:, 1], before


@HYPOTHESIS
@given(st.lists(texts_, max_size=6), st.data(), st.booleans())
def test_ranges_equal_those_laid_out_a_document_at_a_time(texts, data, body_only):
    kinds = st.sampled_from(["plain", "empty list", "empty tuple", "parts", "parts tuple"])
    parts = []
    for text in texts:
        kind = data.draw(kinds)
        found = _parts(data, len(text)) if kind.startswith("parts") else []
        parts.append(tuple(found) if kind.endswith("tuple") else found)
    places = document_layout(texts, parts, body_only=body_only)
    starts, ends, before = _one_at_a_time(texts, parts, body_only)
    assert places.char.range_starts.tolist() == starts.tolist()
    assert places.char.range_ends.tolist() == ends.tolist()
    assert places.char.before.tolist() == before.tolist()
    assert len(places.char.bounds) == len(texts) + 1
