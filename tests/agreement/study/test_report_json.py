"""The report's indented JSON, written partly by the C encoder, against ``json.dumps``."""

import json

import hypothesis.strategies as st
from hypothesis import given

from annotator.agreement.study.report_json import indented_json

from .test_positions import HYPOTHESIS

# Text that looks like the separators and markers the writer relies on.
text = st.text(alphabet=st.sampled_from(['a', ' ', '}', '{', ',', '\n', '"', '\\', '\x00', 'é',
                                         '“', '😀', ':', '[', ']']), max_size=12)
scalar = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 12, 10 ** 12),
                   st.floats(allow_nan=True, allow_infinity=True), text)
row = st.dictionaries(st.sampled_from(["document_id", "title", "alpha", "a\n}", "{x", "n"]), scalar,
                      max_size=6)
value = st.one_of(scalar, st.lists(row, max_size=5), st.lists(scalar, max_size=3),
                  st.dictionaries(text, scalar, max_size=3),
                  st.lists(st.dictionaries(text, st.lists(scalar, max_size=2), max_size=2),
                           max_size=2))
report = st.dictionaries(st.one_of(text, st.sampled_from(["documents", "labels"])), value,
                         max_size=6)


@HYPOTHESIS
@given(report)
def test_the_text_is_json_dumps(data):
    assert indented_json(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_a_report_of_documents() -> None:
    data = {"project": "P", "documents": [{"document_id": 1, "title": "}, {", "alpha": 0.25},
                                          {"document_id": 2, "title": "x\n", "alpha": None}],
            "gold": []}
    assert indented_json(data) == json.dumps(data, ensure_ascii=False, indent=2)
