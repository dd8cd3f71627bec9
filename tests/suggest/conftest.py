"""Shared fixtures: the real-world corpus beside the project (``../shared/corpus/``)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import configuration

# Hypothesis keeps caches (e.g. its Unicode tables) in ./.hypothesis by default; the
# tests must not write into the working tree, so point it at a temporary folder.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="annotator-suggest-hypothesis-")
configuration.set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
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
