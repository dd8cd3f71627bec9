"""Article files nobody tuned the readers for: a first line of nothing visible (a no-break
space and a zero-width space, as pages copied from the web carry), JSON lines of articles
whose first article merely mentions a manifest, every line ending, a byte-order mark. The text
is kept exactly; the title is a line a person can see."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.ingest.readers import Reading
from annotator.ingest.text import read_text

from ..support.reading import read_lines

INVISIBLE = ["\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", " ", "\t", "\u3000"]
ENDINGS = ["\n", "\r\n", "\r", "\u2028"]


@given(first=st.lists(st.sampled_from(INVISIBLE), min_size=1, max_size=4), ending=st.sampled_from(ENDINGS),
       title=st.sampled_from(["Real title", "عنوان المقال", "中文标题", "👩\u200d👩\u200d👧 family"]))
def test_the_title_is_the_first_line_with_something_to_see(first: list[str], ending: str, title: str) -> None:
    text = "".join(first) + ending + title + ending + "Body." + ending
    record = read_text(text.encode("utf-8"), name="a.txt", source="a.txt")
    assert record.title == title
    assert record.text == text.removeprefix("\ufeff")  # a leading BOM is the file's encoding mark


def _read_jsonl(lines: list[dict[str, object]]) -> Reading:
    return read_lines(lines, "articles.jsonl")  # type: ignore[arg-type]


def test_articles_that_mention_a_manifest_are_articles() -> None:
    """The native format was told by the words "type" and "manifest" anywhere in the first line:
    an article tagged "manifest" (a party's manifesto, say) was read as a native file and refused."""
    reading = _read_jsonl([{"text": "The party published its programme.", "type": "news", "tags": ["manifest"]},
                           {"text": "A second article."}])
    assert reading.loaded.issues == []
    assert [r.text for r in reading.loaded.records] == ["The party published its programme.", "A second article."]
