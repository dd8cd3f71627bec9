"""The Label Studio config's attribute values are quoted as xml.sax.saxutils quotes them
(labelstudio.quoteattr does the same steps without importing that module)."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr as saxutils_quoteattr

from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.labelstudio import quoteattr

SPECIAL = st.sampled_from(['"', "'", "&", "<", ">", "\n", "\r", "\t", "&amp;", "&quot;", "a", "é", "😀", " "])


@given(st.lists(SPECIAL, max_size=20).map("".join))
def test_quotes_as_saxutils_does(value: str) -> None:
    assert quoteattr(value) == saxutils_quoteattr(value)


@given(st.text(max_size=60))
def test_quotes_any_text_as_saxutils_does(value: str) -> None:
    assert quoteattr(value) == saxutils_quoteattr(value)


def test_examples() -> None:
    assert quoteattr("Loaded_Language") == '"Loaded_Language"'
    assert quoteattr('say "no"') == "'say \"no\"'"
    assert quoteattr("""it's "x" & <y>\n""") == '"it\'s &quot;x&quot; &amp; &lt;y&gt;&#10;"'
