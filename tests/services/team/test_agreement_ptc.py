"""The PTC sample against perturbed copies of itself: the figures move the expected way.

The 40 PTC articles with their technique spans are imported as annotator ``ptc``; seeded
perturbed copies (boundaries shifted, labels swapped, spans dropped; tests/support/ptc.py)
as further annotators, one per strength. An identical copy agrees perfectly; every figure
falls as the perturbation grows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.codebooks import load_builtin
from annotator.db import Database
from annotator.formats.records import GoldRecord
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.team.agreement import AgreementFilter, project_agreement
from annotator.services.team.projects import create_project

from ...support.ptc import done_by, perturb, ptc_records

STRENGTHS = (0.0, 0.15, 0.35, 0.6, 1.0)


def copy_name(strength: float) -> str:
    return f"copy{round(strength * 100):03d}"


@pytest.fixture
def ptc_project(db: Database, admin: Actor, corpus: Path) -> int:
    project = create_project(db, admin, "PTC", codebook="semeval2020-ptc")
    labels = [label.key for label in load_builtin("semeval2020-ptc").labels]
    original = ptc_records(corpus)
    import_records(db, admin, project.id, done_by(original, "ptc"), annotator="ptc")
    for strength in STRENGTHS:
        name = copy_name(strength)
        copy = perturb(original, strength, annotator=name, labels=labels)
        import_records(db, admin, project.id, done_by(copy, name), annotator=name)
    return project.id


def figures(db: Database, admin: Actor, project_id: int, strength: float) -> dict[str, float]:
    report = project_agreement(db, admin, project_id, AgreementFilter(
        annotators=("ptc", copy_name(strength)), n_resamples=200))
    assert report.counted.basis == "finished" and report.counted.n_documents_counted == 40
    pair = report.pairs[0]
    overall = {row.key: row for row in report.overall}
    loaded = next(row for row in report.labels if row.key == "Loaded_Language")
    return {
        "alpha char (which label)": overall["*label"].char.value,
        "alpha token (which label)": overall["*label"].token.value,
        "alpha char (any span)": overall["*any"].char.value,
        "alpha char Loaded_Language": loaded.char.value,
        "F1 exact": pair.exact.value,
        "F1 overlap": pair.overlap.value,
    }


def test_ptc_identical_copy_agrees_perfectly(db: Database, admin: Actor, ptc_project: int) -> None:
    assert set(figures(db, admin, ptc_project, 0.0).values()) == {1.0}


def test_ptc_figures_fall_as_the_perturbation_grows(db: Database, admin: Actor,
                                                   ptc_project: int) -> None:
    series = [figures(db, admin, ptc_project, s) for s in STRENGTHS]
    for name in series[0]:
        values = [row[name] for row in series]
        assert all(a > b for a, b in zip(values, values[1:], strict=False)), (name, values)
    # Boundaries shift from the first step, so exact matches collapse faster than overlaps.
    assert series[1]["F1 exact"] < series[1]["F1 overlap"]


def test_ptc_against_gold(db: Database, admin: Actor, corpus: Path, ptc_project: int) -> None:
    original = ptc_records(corpus)
    gold = [type(r)(**{**r.__dict__, "annotations": [], "assignments": [],
                       "gold": [GoldRecord(a.start, a.end, a.label) for a in r.annotations]})
            for r in original[:20]]
    import_records(db, admin, ptc_project, gold)
    report = project_agreement(db, admin, ptc_project, AgreementFilter(n_resamples=100))
    rows = {g.annotator: g for g in report.gold}
    assert report.counted.n_documents_with_gold == 20
    assert rows["ptc"].exact.value == 1.0 and rows["ptc"].char.value == 1.0
    assert rows["ptc"].exact.n_documents == 20
    overlap = [rows[copy_name(s)].overlap.value for s in STRENGTHS]
    assert overlap[0] == 1.0 and all(a > b for a, b in zip(overlap, overlap[1:], strict=False))


def test_test_helper_reads_ptc_as_the_semeval_importer_does(corpus: Path) -> None:
    """The perturbation tests parse PTC themselves; the product's importer must agree."""
    from annotator.formats import semeval
    from annotator.formats.bundle import Limits, open_bundle

    result = semeval.read(open_bundle(corpus / "ptc-sample", Limits(1 << 30, 1 << 30)))
    assert result.issues == []
    theirs = {r.external_id: (r.text, sorted((a.label, a.start, a.end) for a in r.annotations))
              for r in result.records}
    ours = {r.external_id: (r.text, sorted((a.label, a.start, a.end) for a in r.annotations))
            for r in ptc_records(corpus)}
    assert ours == theirs and len(ours) == 40
