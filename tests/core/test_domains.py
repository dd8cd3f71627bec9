"""Registry domains and URLs: normalising, validating, host of a URL, parent domains."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domains import (
    candidate_domains,
    check_url,
    clean_domain,
    host_of,
    is_valid_domain,
    normalise_domain,
    origin_url,
    page_key,
)
from annotator.errors import InvalidInput


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("WWW.SouthFront.ORG", "southfront.org"),
        ("https://www.southfront.org/donate/?x=1#y", "southfront.org"),
        ("southfront.org:8080", "southfront.org"),
        ("user@southfront.org", "southfront.org"),
        ("southfront.org.", "southfront.org"),
        ("Bücher.example", "xn--bcher-kva.example"),
        ("  news.rt.com  ", "news.rt.com"),
    ],
)
def test_normalise(raw: str, clean: str) -> None:
    assert normalise_domain(raw) == clean and clean_domain(raw) == clean


@pytest.mark.parametrize("bad", ["localhost", "", "-x.org", "a..b", "exa mple.org", "127.0.0.1", "x_y.org"])
def test_invalid_domains(bad: str) -> None:
    assert not is_valid_domain(normalise_domain(bad))
    with pytest.raises(InvalidInput, match="not a web domain"):
        clean_domain(bad)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://WWW.News.Example.org/x", "news.example.org"),
        ("example.org/path", "example.org"),
        ("example.org:8080/path", "example.org"),
        ("ftp://example.org/", None),
        ("mailto:a@example.org", None),
        ("a@example.org", None),
        ("", None),
        (None, None),
        ("https://", None),
    ],
)
def test_host_of(url: str | None, host: str | None) -> None:
    assert host_of(url) == host


def test_candidates_longest_first() -> None:
    assert candidate_domains("a.b.example.org") == ["a.b.example.org", "b.example.org", "example.org"]
    assert candidate_domains("example.org") == ["example.org"]


@given(st.lists(st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True), min_size=2, max_size=5))
def test_every_candidate_is_a_parent(labels: list[str]) -> None:
    host = ".".join(labels)
    found = candidate_domains(host)
    assert found[0] == host and all(host == c or host.endswith("." + c) for c in found)
    assert all(len(c.split(".")) >= 2 for c in found)


def test_check_url() -> None:
    assert check_url(" https://example.org/a b ".strip().split(" ")[0]) == "https://example.org/a"
    for bad in ("example.org", "javascript:alert(1)", "https://exa mple.org/", "http://:80/", "https://x/"):
        with pytest.raises(InvalidInput):
            check_url(bad)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # IDNA 2008 / UTS 46 non-transitional, as browsers and the URL standard read a host:
        # ß, final sigma and a zero-width non-joiner are kept, not folded into another domain
        # (IDNA 2003 made faß.de fass.de, which is somebody else's).
        ("faß.de", "xn--fa-hia.de"),
        ("https://www.faß.de/x", "xn--fa-hia.de"),
        ("σοφός.gr", "xn--0xagbn4a.gr"),
        ("نامه\u200cای.com", "xn--mgba3gch31f060k.com"),
        # Upper-case and full-width forms still map onto the same row.
        ("ΣΟΦΌΣ.gr", "xn--0xahbl4a.gr"),
        ("ＥＸＡＭＰＬＥ.org", "example.org"),
        ("example。org", "example.org"),
        ("XN--FA-HIA.DE", "xn--fa-hia.de"),
    ],
)
def test_international_domains_as_browsers_read_them(raw: str, clean: str) -> None:
    assert normalise_domain(raw) == clean and clean_domain(raw) == clean


def test_a_unicode_host_and_its_ascii_form_are_one_host() -> None:
    assert host_of("https://faß.de/artikel") == host_of("https://xn--fa-hia.de/artikel") == "xn--fa-hia.de"
    assert host_of("https://fass.de/") == "fass.de"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        # Google's AMP cache and AMP viewer serve an outlet's page under their own host; the
        # page's own host is in the path ("s/" = https).
        ("https://www-rt-com.cdn.ampproject.org/c/s/www.rt.com/news/1-x/amp/", "https://www.rt.com/news/1-x/amp/"),
        ("https://www-rt-com.cdn.ampproject.org/v/s/www.rt.com/news/?amp_js_v=0.1#x", "https://www.rt.com/news/?amp_js_v=0.1#x"),
        ("https://news-example-org.cdn.ampproject.org/c/news.example.org/a", "http://news.example.org/a"),
        ("https://www.google.com/amp/s/www.rt.com/news/1-x/amp/", "https://www.rt.com/news/1-x/amp/"),
        ("https://www.google.co.uk/amp/s/m.example.org/a", "https://m.example.org/a"),
        # The Wayback Machine: the archived page's own URL follows the time stamp.
        ("https://web.archive.org/web/20200101000000/https://www.rt.com/news/1-x/", "https://www.rt.com/news/1-x/"),
        ("http://web.archive.org/web/20200101000000id_/http://example.org:8080/a?b=1", "http://example.org:8080/a?b=1"),
        ("https://web.archive.org/web/2020/example.org/a", "http://example.org/a"),
        # Anything else is its own origin.
        ("https://www.rt.com/news/1-x/amp/", "https://www.rt.com/news/1-x/amp/"),
        ("https://www.google.com/search?q=amp", "https://www.google.com/search?q=amp"),
        ("https://web.archive.org/", "https://web.archive.org/"),
        ("https://cdn.ampproject.org/v0.js", "https://cdn.ampproject.org/v0.js"),
    ],
)
def test_origin_of_wrapped_urls(url: str, origin: str) -> None:
    assert origin_url(url) == origin


def test_one_page_under_its_variant_addresses_has_one_key() -> None:
    """Scheme, case of the host, www., a default port, a trailing dot or slash, a fragment and
    tracking parameters do not make another page; another path or a real parameter does."""
    page = page_key("https://checker.example/checks/1")
    for variant in ("http://www.Checker.example/checks/1/", "https://checker.example.:443/checks/1#top",
                    "https://checker.example/checks/1?utm_source=twitter&utm_medium=social&fbclid=abc",
                    "https://checker.example/checks/1?gclid=x&mc_cid=y&igshid=z"):
        assert page_key(variant) == page, variant
    assert page_key("https://checker.example/checks/2") != page
    assert page_key("https://checker.example/checks/1?id=2") != page
    assert page_key("https://checker.example/checks/1?id=2&utm_source=x") == page_key("https://checker.example/checks/1?id=2")
    assert page_key("https://checker.example:8080/checks/1") != page
    assert page_key("https://faß.de/a") == page_key("https://xn--fa-hia.de/a")
    assert page_key("not a url") == "not a url"
