"""A lead's decisions on claim groups (confirm, rename, verdict, split, merge, close) and
people's links (link, unlink, start a group): each stored, audited, and never undone by a
later automatic run. Both backends."""

from __future__ import annotations

from datetime import date

import pytest

from annotator.claims import Claim
from annotator.db import Database
from annotator.errors import Conflict, InvalidInput
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.claims.decisions import (
    confirm_group,
    merge_groups,
    split_group,
    update_group,
)
from annotator.services.claims.linking import link_span, start_group, unlink_span
from annotator.services.claims.listing import claim_memberships, list_groups
from annotator.services.claims.proposing import propose_project_groups
from annotator.services.claims.views import GroupFilter
from annotator.services.registry.entities import find_entity

from ...support.audit import audit_events
from ...support.builders import span
from .conftest import Grouped
from .helpers import claims_project, groups_by_claim

TALKS = "talks-exclude-opposition"
#: The talks claims a run groups on this small set ("shut out of the Geneva negotiations", /2,
#: shares too little wording without embeddings: it gets a group of its own).
TOGETHER = (0, 1, 3, 4, 5)


def _new_claim(grouped: Grouped, text: str) -> int:
    document_id, _ = add_document(grouped.db, grouped.lead, grouped.project_id, f"Later.\n{text}\nEnd.", title="Later")
    return span(grouped.db, grouped.lead, document_id, f"Later.\n{text}\nEnd.", text, label="claim").id


def test_a_run_groups_paraphrases_and_keeps_lookalikes_apart(grouped: Grouped) -> None:
    groups = grouped.groups()
    talks = {groups[f"{TALKS}/{n}"] for n in TOGETHER}
    assert len(talks) == 1 and None not in talks and groups[f"{TALKS}/2"] not in talks
    assert groups["talks-do-not-exclude/0"] not in talks  # a negation: another claim
    assert groups["vaccine-does-not-alter-dna/0"] != groups["vaccine-alters-dna/0"]
    (view,) = [v for v in list_groups(grouped.db, grouped.lead, grouped.project_id) if v.id in talks]
    assert (view.status, view.occurrences, view.first_seen.isoformat()) == ("proposed", 5, "2024-02-03")  # type: ignore[union-attr]
    assert len(view.outlets) == 5
    # A second run finds nothing left to place.
    again = propose_project_groups(grouped.db, grouped.lead, grouped.project_id, embeddings="off")
    assert (again.placed, again.new_groups) == (0, 0)
    assert grouped.groups() == groups


def test_confirm_rename_verdict_and_versions(grouped: Grouped) -> None:
    group_id = grouped.group_of(f"{TALKS}/0")
    view = confirm_group(grouped.db, grouped.lead, group_id)
    assert view.status == "confirmed" and view.confirmed_by == "lead"
    renamed = update_group(grouped.db, grouped.lead, group_id, expected_version=view.version,
                           canonical="  The Geneva talks   exclude the real opposition ", verdict="false",
                           notes="Checked against the UN list.")
    assert (renamed.canonical, renamed.verdict, renamed.notes) == (
        "The Geneva talks exclude the real opposition", "false", "Checked against the UN list.")
    with pytest.raises(Conflict):
        update_group(grouped.db, grouped.lead, group_id, expected_version=view.version, verdict="true")
    with pytest.raises(InvalidInput, match="not a verdict of this codebook"):
        update_group(grouped.db, grouped.lead, group_id, verdict="pants on fire")
    with pytest.raises(InvalidInput, match="canonical wording"):
        update_group(grouped.db, grouped.lead, group_id, canonical="   ")
    actions = [e.action for e in audit_events(grouped.db, "claim_group", group_id)]
    assert actions == ["create", "confirm", "rename"]
    # A new paraphrase joins the confirmed group in the next run; the lead's wording stays.
    newcomer = _new_claim(grouped, "Critics insist the real opposition is excluded from the Geneva talks.")
    run = propose_project_groups(grouped.db, grouped.lead, grouped.project_id, embeddings="off")
    assert (run.placed, run.extended_groups) == (1, 1)
    grown = [v for v in list_groups(grouped.db, grouped.lead, grouped.project_id) if v.id == group_id][0]
    assert (grown.occurrences, grown.canonical, grown.verdict) == (6, renamed.canonical, "false")
    assert audit_events(grouped.db, "claim_group", group_id)[-1].after == {"added": [newcomer]}


def test_split_merge_unlink_and_close_are_never_undone(grouped: Grouped) -> None:
    talks = grouped.group_of(f"{TALKS}/0")
    quoted = grouped.spans[f"{TALKS}/3"]  # the quotation inside a longer sentence
    new = split_group(grouped.db, grouped.lead, talks, [quoted], canonical="A spokesman's quote")
    assert (new.status, new.occurrences, new.canonical) == ("confirmed", 1, "A spokesman's quote")
    propose_project_groups(grouped.db, grouped.lead, grouped.project_id, embeddings="off")
    groups = grouped.groups()
    assert groups[f"{TALKS}/3"] == new.id and groups[f"{TALKS}/0"] == talks

    # Unlinked: the next run places it elsewhere, never back in its group.
    left = grouped.spans[f"{TALKS}/5"]
    assert unlink_span(grouped.db, grouped.lead, left) == talks
    assert grouped.groups()[f"{TALKS}/5"] is None
    propose_project_groups(grouped.db, grouped.lead, grouped.project_id, embeddings="off")
    assert grouped.groups()[f"{TALKS}/5"] not in (None, talks)
    # ... unless a person links it back.
    link_span(grouped.db, grouped.lead, left, talks)
    assert grouped.groups()[f"{TALKS}/5"] == talks

    merged = merge_groups(grouped.db, grouped.lead, talks, [new.id])
    assert merged.occurrences == 5 and merged.status == "confirmed"
    assert grouped.groups()[f"{TALKS}/3"] == talks
    with pytest.raises(InvalidInput, match="merged into group"):
        update_group(grouped.db, grouped.lead, new.id, verdict="false")
    assert [e.action for e in audit_events(grouped.db, "claim_group", new.id)][-1] == "merge"

    # Closed: a run adds no paraphrase to it (the paraphrase gets a group of its own).
    update_group(grouped.db, grouped.lead, talks, closed=True)
    late = _new_claim(grouped, "The real opposition is excluded from the talks in Geneva, critics say.")
    propose_project_groups(grouped.db, grouped.lead, grouped.project_id, embeddings="off")
    placed = {m.annotation_id: m.group_id for m in claim_memberships(grouped.db, grouped.lead, grouped.project_id)}
    assert placed[late] not in (None, talks)
    assert grouped.groups()[f"{TALKS}/0"] == talks
    closed = [v for v in list_groups(grouped.db, grouped.lead, grouped.project_id) if v.id == talks][0]
    assert closed.occurrences == 5


def test_split_refuses_what_is_not_a_split(grouped: Grouped) -> None:
    talks = grouped.group_of(f"{TALKS}/0")
    members = [grouped.spans[f"{TALKS}/{n}"] for n in TOGETHER]
    with pytest.raises(InvalidInput, match="at least one"):
        split_group(grouped.db, grouped.lead, talks, members)
    with pytest.raises(InvalidInput, match="not in claim group"):
        split_group(grouped.db, grouped.lead, talks, [grouped.spans["vaccine-alters-dna/0"]])
    with pytest.raises(InvalidInput, match="other group"):
        merge_groups(grouped.db, grouped.lead, talks, [talks])


def test_start_a_group_and_filters(grouped: Grouped) -> None:
    vaccine = grouped.spans["vaccine-alters-dna/4"]  # "mRNA vaccines rewrite the genetic code ..."
    started = start_group(grouped.db, grouped.lead, vaccine, canonical="mRNA rewrites the genetic code")
    assert (started.status, started.occurrences) == ("proposed", 1)
    assert grouped.groups()["vaccine-alters-dna/4"] == started.id
    everything = list_groups(grouped.db, grouped.lead, grouped.project_id)
    assert [v.occurrences for v in everything] == sorted((v.occurrences for v in everything), reverse=True)
    several = list_groups(grouped.db, grouped.lead, grouped.project_id, GroupFilter(min_occurrences=2))
    assert all(v.occurrences >= 2 for v in several) and len(several) < len(everything)
    found = list_groups(grouped.db, grouped.lead, grouped.project_id, GroupFilter(search="GENETIC code"))
    assert [v.id for v in found] == [started.id]
    ledger = find_entity(grouped.db, grouped.lead, "daily-ledger")
    by_outlet = list_groups(grouped.db, grouped.lead, grouped.project_id, GroupFilter(outlets=(ledger.id,)))
    assert by_outlet and all("daily-ledger" in v.outlets and ledger.id in v.outlet_ids for v in by_outlet)
    in_january = list_groups(grouped.db, grouped.lead, grouped.project_id,
                             GroupFilter(since=date(2024, 1, 1), until=date(2024, 1, 31)))
    assert grouped.group_of("vaccine-alters-dna/0") in {v.id for v in in_january}
    assert grouped.group_of(f"{TALKS}/0") not in {v.id for v in in_january}
    update_group(grouped.db, grouped.lead, started.id, verdict="false")
    assert [v.id for v in list_groups(grouped.db, grouped.lead, grouped.project_id, GroupFilter(verdicts=("false",)))] == [started.id]
    unchecked = list_groups(grouped.db, grouped.lead, grouped.project_id, GroupFilter(verdicts=("",)))
    assert started.id not in {v.id for v in unchecked} and unchecked


def test_a_run_keeps_a_claim_and_its_denial_apart_in_other_languages(db: Database, admin: Actor) -> None:
    """Claims from outlets in French, German and Russian: the same claim in other words is one
    group, its denial is not in it."""
    claims = [
        Claim("fr", "Le vaccin modifie l'ADN humain.", "Outlet FR", date(2024, 1, 1), None),
        Claim("fr-same", "Selon le blog, le vaccin modifie l'ADN humain.", "Outlet FR 2", date(2024, 1, 2), None),
        Claim("fr-denial", "Le vaccin ne modifie pas l'ADN humain.", "Outlet FR 3", date(2024, 1, 3), None),
        Claim("de", "Der Impfstoff verändert die menschliche DNA.", "Outlet DE", date(2024, 1, 1), None),
        Claim("de-denial", "Der Impfstoff verändert die menschliche DNA nicht.", "Outlet DE 2", date(2024, 1, 2), None),
        Claim("ru", "Вакцина изменяет ДНК человека.", "Outlet RU", date(2024, 1, 1), None),
        Claim("ru-denial", "Вакцина не изменяет ДНК человека.", "Outlet RU 2", date(2024, 1, 2), None),
    ]
    project_id, ids = claims_project(db, admin, claims)
    propose_project_groups(db, admin, project_id, embeddings="off")
    groups = groups_by_claim(db, admin, project_id, ids)
    assert groups["fr"] == groups["fr-same"]
    for claim in ("fr", "de", "ru"):
        assert groups[claim] != groups[f"{claim}-denial"], claim
