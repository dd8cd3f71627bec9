"""Page parts: furniture, comments and body, always a partition of the text."""

from __future__ import annotations

from annotator.suggest import Part, detect_parts


def assert_partition(text: str, parts: list[Part]) -> None:
    if not text:
        assert parts == []
        return
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for left, right in zip(parts, parts[1:], strict=False):
        assert left.end == right.start and left.kind != right.kind
    assert all(p.start < p.end and p.kind in {"body", "furniture", "comments"} for p in parts)


def kinds(text: str) -> list[tuple[str, str]]:
    parts = detect_parts(text)
    assert_partition(text, parts)
    return [(p.kind, text[p.start:p.end]) for p in parts]


def test_plain_article_is_all_body() -> None:
    text = "Title\n\nFirst paragraph.\nSecond paragraph.\n"
    assert kinds(text) == [("body", text)]


def test_progress_bar_and_date_line() -> None:
    text = "0 $\n2,500 $\n$5,000\n🙂 Title of the piece\nMARCH 2024\nBody text.\n"
    assert kinds(text) == [
        ("furniture", "0 $\n2,500 $\n$5,000\n"),
        ("body", "🙂 Title of the piece\n"),
        ("furniture", "MARCH 2024\n"),
        ("body", "Body text.\n"),
    ]


def test_single_amount_and_late_date_are_body() -> None:
    text = "Intro\n100 $\n" + "".join(f"Line {i}.\n" for i in range(12)) + "January 23, 2017\n"
    assert kinds(text) == [("body", text)]


def test_support_block_and_comments() -> None:
    text = (
        "Headline\n\nSupport Our Outlet\n\nPlease support us: PayPal: a@b.org\n\n"
        "The article.\n\nNotify of\nNewest Most Voted\nInline Feedbacks\nView all comments\n\n"
        "Great piece!\n\nJohn\n\nWould love your thoughts, please comment.x"
    )
    assert kinds(text) == [
        ("body", "Headline\n\n"),
        ("furniture", "Support Our Outlet\n\nPlease support us: PayPal: a@b.org\n\n"),
        ("body", "The article.\n\n"),
        ("furniture", "Notify of\nNewest Most Voted\nInline Feedbacks\nView all comments\n\n"),
        ("comments", "Great piece!\n\nJohn\n\n"),
        ("furniture", "Would love your thoughts, please comment.x"),
    ]


def test_leading_blank_lines_and_empty_text() -> None:
    assert kinds("") == []
    assert kinds("\n\n  \n") == [("body", "\n\n  \n")]
    assert kinds("\n\nMARCH 2024\nText") == [("furniture", "\n\nMARCH 2024\n"), ("body", "Text")]


def test_ptc_articles_are_body_only(ptc_articles: dict[str, str]) -> None:
    for doc, text in ptc_articles.items():
        parts = detect_parts(text)
        assert_partition(text, parts)
        assert [p.kind for p in parts] == ["body"], doc
