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
