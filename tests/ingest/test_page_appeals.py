"""The funding appeals a page makes outside its article (header, footer, side bar) are kept in
the document's metadata as the lines they are on, link targets written out; what a reader
cannot see (scripts, styles) and what the article itself holds are not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.ingest.html import read_html
from annotator.ingest.page_appeals import MAX_EXCERPT, META_KEY
from annotator.suggest import detect_funding_appeals

ARTICLE = ("<article><h1>The harbour reopens</h1><p>The harbour of the town reopened on Monday after "
           "three weeks of repairs, the port authority said in a statement to reporters.</p>"
           "<p>Fishing boats were the first to sail out, followed by two ferries to the islands.</p></article>")


def _page(chrome_top: str = "", chrome_bottom: str = "", head: str = "", article: str = ARTICLE) -> str:
    return (f"<html lang='en'><head><title>Harbour</title>{head}</head><body>{chrome_top}{article}"
            f"{chrome_bottom}</body></html>")


def test_header_and_footer_appeals_are_kept_with_their_link_targets() -> None:
    page = _page(
        chrome_top="<nav><ul><li><a href='/news'>News</a></li><li><a href='/donate/'>Donate</a></li>"
                   "<li><a href='https://www.patreon.com/harbourtimes'>Our Patreon</a></li></ul></nav>",
        chrome_bottom="<footer><h3>Support us</h3><p>Please donate: without your support we cannot continue.</p>"
                      "<p>PayPal: tips@harbour.example</p><p>BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa</p></footer>",
        head="<script>var fake = 'PayPal: scam@elsewhere.example';</script><style>.x{}</style>")
    record = read_html(page, source="harbour.html", url="https://harbour.example/news/reopens")
    assert "Donate" not in record.text and "PayPal" not in record.text  # the article stays the article
    assert record.meta[META_KEY] == [
        "Donate https://harbour.example/donate/",
        "Our Patreon https://www.patreon.com/harbourtimes",
        "Support us\nPlease donate: without your support we cannot continue.",
        "PayPal: tips@harbour.example",
        "BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    ]


def test_scripts_and_the_articles_own_appeals_are_not_kept() -> None:
    article = ARTICLE.replace("</article>", "<p>Support our work via PayPal: desk@harbour.example</p></article>")
    page = _page(article=article, chrome_bottom="<footer><p>PayPal: desk@harbour.example</p></footer>",
                 head="<script>document.write('PayPal: scam@elsewhere.example')</script>")
    record = read_html(page, source="harbour.html", url="https://harbour.example/a")
    assert "desk@harbour.example" in record.text
    assert META_KEY not in record.meta


def test_relative_links_need_an_address_to_resolve_against() -> None:
    page = _page(chrome_top="<nav><a href='/donate'>Donate</a> <a href='javascript:give()'>Give</a></nav>")
    assert META_KEY not in read_html(page, source="saved.html").meta
    record = read_html(page, source="saved.html", url="https://harbour.example/x")
    assert record.meta[META_KEY] == ["Donate https://harbour.example/donate Give"]  # one line of the nav


def test_a_page_without_appeals_adds_nothing() -> None:
    record = read_html(_page(chrome_top="<nav><a href='/sport'>Sport</a></nav>"), source="p.html",
                       url="https://harbour.example/p")
    assert META_KEY not in record.meta


def test_a_long_minified_line_is_cut_around_its_appeal() -> None:
    filler = "Read more about the weather and the markets today. " * 60
    page = _page(chrome_bottom=f"<footer>{filler} PayPal: tips@harbour.example {filler}</footer>")
    (line,) = read_html(page, source="p.html", url="https://harbour.example/p").meta[META_KEY]
    assert len(line) < MAX_EXCERPT and "PayPal: tips@harbour.example" in line
    assert [a.identifier for a in detect_funding_appeals(line)] == ["tips@harbour.example"]


@settings(max_examples=40, deadline=None)
@given(words=st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                              min_size=1, max_size=12), max_size=8),
       channel=st.sampled_from(["PayPal: tips@harbour.example", "https://www.patreon.com/harbourtimes",
                                "IBAN DE89 3704 0044 0532 0130 00"]))
def test_every_kept_line_still_holds_its_appeal(words: list[str], channel: str) -> None:
    """Whatever words surround it in the footer, the line kept holds the appeal found there, so
    that the proposals find it again in the metadata."""
    from html import escape

    footer = "".join(f"<p>{escape(word)}</p>" for word in words) + f"<p>{escape(' '.join(words))} {channel}</p>"
    record = read_html(_page(chrome_bottom=f"<footer>{footer}</footer>"), source="p.html",
                       url="https://harbour.example/p")
    found = {a.channel for line in record.meta.get(META_KEY, []) for a in detect_funding_appeals(line)}
    assert found & {"paypal", "patreon", "iban"}
