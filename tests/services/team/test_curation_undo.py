"""What the curation view's decisions and their undo rest on: accepting one agreed span by its
offsets, and taking back the last change of a gold span from the audit trail (SQLite and
PostgreSQL)."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.errors import Conflict, InvalidInput, InvalidSpan
from annotator.services.actor import Actor
from annotator.services.team.curation import comparison, list_gold
from annotator.services.team.gold import (
    accept_unanimous,
    accept_version,
    add_gold,
    revert_gold,
    update_gold,
)

from .test_curation import TEXT, _setup


def _at(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def test_one_agreed_span_is_accepted_by_its_offsets(db: Database, admin: Actor) -> None:
    _project, doc, _ann, _bob, cur = _setup(db, admin)
    with pytest.raises(Conflict, match="no span at"):
        accept_unanimous(db, cur, doc, at=_at("opposition groups"))  # a disagreement, not agreed
    assert list_gold(db, cur, doc) == []
    (created,) = accept_unanimous(db, cur, doc, labels=["loaded_language"], at=_at("so-called"))
    (gold,) = list_gold(db, cur, doc)
    assert (gold.id, gold.quote, gold.provenance, len(gold.source_uids)) == (created, "so-called", "unanimous", 2)
    with pytest.raises(Conflict):  # decided already: not twice
        accept_unanimous(db, cur, doc, at=_at("so-called"))


def test_revert_takes_back_the_last_change_of_a_gold_span(db: Database, admin: Actor) -> None:
    _project, doc, _ann, _bob, cur = _setup(db, admin)
    version = next(v for v in comparison(db, cur, doc).spans["ann"] if v.quote == "opposition groups")
    chosen = accept_version(db, cur, doc, version.uid)
    with pytest.raises(InvalidInput, match="no change to undo"):
        revert_gold(db, cur, chosen.id, expected_version=chosen.version)
    start, end = _at("the opposition groups")
    edited = update_gold(db, cur, chosen.id, expected_version=chosen.version, start=start, end=end,
                         quote="the opposition groups", label="loaded_language", note="wider")
    assert (edited.provenance, edited.label, edited.note) == ("edited", "loaded_language", "wider")
    with pytest.raises(Conflict):  # it names the version it read
        revert_gold(db, cur, chosen.id, expected_version=chosen.version)
    back = revert_gold(db, cur, chosen.id, expected_version=edited.version)
    assert (back.quote, back.label, back.note, back.provenance, back.chosen_from, back.source_uids) == (
        "opposition groups", "scare_quotes", None, "chosen", "ann", chosen.source_uids)
    # Reverting the revert brings the change back (the newest change is the revert).
    again = revert_gold(db, cur, chosen.id, expected_version=back.version)
    assert (again.quote, again.label, again.provenance) == ("the opposition groups", "loaded_language", "edited")


def test_a_revert_that_would_overlap_gold_is_refused(db: Database, admin: Actor) -> None:
    _project, doc, _ann, _bob, cur = _setup(db, admin, allow_overlaps=False)
    start, end = _at("so-called")
    first = add_gold(db, cur, doc, start=start, end=end, label="loaded_language", quote="so-called")
    moved = update_gold(db, cur, first.id, expected_version=first.version, start=start + 3, end=end + 8,
                        quote=TEXT[start + 3:end + 8])
    add_gold(db, cur, doc, start=start, end=start + 3, label="claim", quote=TEXT[start:start + 3])
    with pytest.raises(InvalidSpan, match="overlaps"):
        revert_gold(db, cur, first.id, expected_version=moved.version)
    assert next(g for g in list_gold(db, cur, doc) if g.id == first.id).start == start + 3
