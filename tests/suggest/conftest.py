"""Shared fixtures: the real-world corpus beside the project (``../shared/corpus/``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import CORPUS

REFERENCE_PAGE = CORPUS / "southfront-astana-2017.txt"
PTC_ARTICLES = CORPUS / "ptc-sample" / "articles"


def read(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"corpus file missing: {path}")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def southfront() -> str:
    return read(REFERENCE_PAGE)


@pytest.fixture(scope="session")
def ptc_articles() -> dict[str, str]:
    if not PTC_ARTICLES.is_dir():
        pytest.skip(f"corpus folder missing: {PTC_ARTICLES}")
    return {
        path.stem.removeprefix("article"): path.read_text(encoding="utf-8")
        for path in sorted(PTC_ARTICLES.glob("article*.txt"))
    }
