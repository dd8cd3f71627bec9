"""Any key the key rule allows survives every format's writer and reader (in memory, keys drawn
from the whole legal alphabet); a key from before the rule that SemEval cannot carry is refused
by the SemEval writer instead of breaking its lines."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import InvalidInput
from annotator.formats import catalog, semeval
from annotator.formats.bundle import ZipSink
from annotator.formats.records import AnnotationRecord, DocumentRecord, Manifest

from ..codebooks.test_keys import keys
from .helpers import read_bytes, write_bytes
from .samples import sample_manifest

TEXT = "one two three four five six seven eight\n"


def _manifest(fmt: str, label_keys: list[str], attribute_keys: list[str]) -> Manifest:
    manifest = sample_manifest(f"annotator-{fmt}")
    attributes = [{"key": k, "name": k, "type": "text", "choices": []} for k in attribute_keys]
    manifest.codebook["definition"]["labels"] = [
        {"key": k, "name": k, "category": "devices", "colour": "#336699", "description": "d", "attributes": attributes}
        for k in label_keys]
    return manifest


@pytest.mark.parametrize("fmt", list(catalog.FORMATS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(label_keys=st.lists(keys, min_size=1, max_size=4, unique=True),
       attribute_keys=st.lists(keys, min_size=1, max_size=3, unique=True))
def test_legal_keys_survive_every_format(fmt: str, label_keys: list[str], attribute_keys: list[str]) -> None:
    module = catalog.get_format(fmt)
    words = TEXT.split()
    spans = [AnnotationRecord(start=TEXT.index(words[n]), end=TEXT.index(words[n]) + len(words[n]), label=key,
                              quote=words[n], annotator="ana", attributes={a: f"v{n}" for a in attribute_keys})
             for n, key in enumerate(label_keys)]
    record = DocumentRecord(text=TEXT, title="t", uid="10000000-0000-4000-8000-000000000009", annotations=spans)
    result = read_bytes(module, write_bytes(module, _manifest(fmt, label_keys, attribute_keys), [record]))
    assert result.issues == []
    back = [a for r in result.records for a in r.annotations]
    assert sorted((a.start, a.end, a.label) for a in back) == sorted((a.start, a.end, a.label) for a in spans)
    if fmt != semeval.NAME:  # SemEval lines carry no attributes
        assert sorted(sorted(a.attributes.items()) for a in back) == sorted(sorted(a.attributes.items()) for a in spans)


@pytest.mark.parametrize("label", ["Loaded\tLanguage", "Loaded\nLanguage", "Loaded\u2028Language"])
def test_semeval_refuses_a_stored_key_it_cannot_carry(label: str) -> None:
    record = DocumentRecord(text=TEXT, title="t", uid="10000000-0000-4000-8000-000000000009", annotations=[
        AnnotationRecord(start=0, end=3, label=label, quote="one", annotator="ana")])
    sink = ZipSink(io.BytesIO())
    with pytest.raises(InvalidInput, match="holds a tab or line break") as refused:
        semeval.write(_manifest(semeval.NAME, [label], []), [], iter([record]), sink)
    sink.close()
    assert refused.value.field == "label"
