"""The spread of a group: occurrences by date with the first appearance marked, each with its
sentence and the framing labels annotated in it, and each outlet's funding from the registry."""

from __future__ import annotations

from datetime import date

from annotator.charts.claims import timeline_figure
from annotator.db import Database
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.claims.linking import link_span, start_group
from annotator.services.claims.listing import claim_memberships, list_groups, project_outlets
from annotator.services.claims.proposing import propose_project_groups
from annotator.services.claims.spread import group_spread, sentence_around
from annotator.services.claims.views import GroupFilter
from annotator.services.registry.entities import create_entity
from annotator.services.registry.funding import FundingIn, create_funding_link

from ...support.builders import span
from .spread_data import CLAIM, add_namesakes, build


def test_sentence_around() -> None:
    text = "One. Two three. Four."
    sentences = [(0, 4), (5, 15), (16, 21)]
    assert sentence_around(text, 9, 14, sentences) == (5, 15)
    assert sentence_around(text, 2, 7, sentences) == (0, 15)  # a span across a boundary
    assert sentence_around(text, 2, 3, []) == (2, 3)


def test_spread_of_a_group(db: Database, admin: Actor) -> None:
    spread_data = build(db, admin)
    run = propose_project_groups(db, admin, spread_data.project_id, embeddings="off")
    assert run.new_groups == 1  # four times the same words
    (group_id,) = {m.group_id for m in claim_memberships(db, admin, spread_data.project_id)}
    spread = group_spread(db, admin, group_id)
    occurrences = spread.occurrences
    assert [o.published for o in occurrences] == [date(2024, 2, 3), date(2024, 2, 5), date(2024, 2, 9), None]
    assert [o.first for o in occurrences] == [True, False, False, False]
    assert spread.first is occurrences[0] and occurrences[0].outlet == "Wire"
    assert occurrences[0].sentence == "Everyone knows the talks exclude the real opposition, a disgraceful farce."
    assert occurrences[0].framing == ("Loaded language",)
    gazette = occurrences[1]
    assert gazette.sentence == "The so-called mediators admit that the talks exclude the real opposition."
    assert gazette.framing == ("Scare quotes / \"so-called\"",)
    assert gazette.sentence_start + gazette.sentence.index(CLAIM) == gazette.start
    assert occurrences[2].framing == ()  # "scandal" is in the next sentence
    assert (occurrences[1].document_ref, occurrences[1].document_url) == ("art-0", "https://gazette.example/a")
    wire, gazette_id = spread_data.outlets["Wire"], spread_data.outlets["Gazette"]
    assert spread.funding[wire] == tuple(spread.funding[wire])
    lines = {(f.funder, f.kind, f.says_who) for f in spread.funding[wire]}
    assert lines == {("Ruritania", "state funding", "third party: An audit"),
                     ("the public", "donation channel via paypal", "self-declared")}
    assert spread.funding[gazette_id] == () and spread.group.occurrences == 4
    assert spread.group.first_seen == date(2024, 2, 3) and spread.group.last_seen == date(2024, 2, 9)

    figure = timeline_figure(spread)
    names = [trace.name for trace in figure.data]
    assert names == ["occurrences", "first appearance"]
    assert list(figure.data[0].y) == ["Gazette", "Sentinel"] and list(figure.data[1].y) == ["Wire"]
    assert "1 occurrence without a date" in figure.layout.title.text


def test_moving_a_span_out_changes_the_spread(db: Database, admin: Actor) -> None:
    spread_data = build(db, admin)
    propose_project_groups(db, admin, spread_data.project_id, embeddings="off")
    (group_id,) = {m.group_id for m in claim_memberships(db, admin, spread_data.project_id)}
    alone = start_group(db, admin, spread_data.claims[1])  # the Wire article of Feb 3
    after = group_spread(db, admin, group_id)
    assert after.first is not None and after.first.published == date(2024, 2, 5)
    assert group_spread(db, admin, alone.id).first is not None
    link_span(db, admin, spread_data.claims[1], group_id)
    assert group_spread(db, admin, group_id).first.published == date(2024, 2, 3)  # type: ignore[union-attr]


def test_an_outlet_the_registry_lacks_is_named_from_the_article(db: Database, admin: Actor) -> None:
    """An import keeps an unknown outlet's name in the document's metadata: the spread names it
    (on both backends: a JSON field read in SQL), and the registry has nothing on it."""
    spread_data = build(db, admin)
    text = "Unlisted Herald writes that the talks exclude the real opposition."
    document_id, _ = add_document(db, admin, spread_data.project_id, text, title="Herald", meta={"outlet": "Unlisted Herald"})
    span(db, admin, document_id, text, CLAIM, label="claim")
    propose_project_groups(db, admin, spread_data.project_id, embeddings="off")
    (group_id,) = {m.group_id for m in claim_memberships(db, admin, spread_data.project_id)}
    spread = group_spread(db, admin, group_id)
    herald = next(o for o in spread.occurrences if o.document_id == document_id)
    assert (herald.outlet, herald.outlet_id) == ("Unlisted Herald", None)
    assert "Unlisted Herald" not in spread.funding and None not in spread.funding


def test_two_outlets_of_one_name_keep_their_own_funding(db: Database, admin: Actor) -> None:
    """The funding was keyed by the outlet's name: a second registry "Gazette" (added on purpose,
    `same_name`) merged its funding with the first's, and the first seemed funded by the
    second's funder."""
    spread_data = build(db, admin)
    _, _, other_id = add_namesakes(db, admin, spread_data)
    funder = create_entity(db, admin, "state", "Elsewhereland")
    create_funding_link(db, admin, FundingIn(recipient_id=other_id, funder_id=funder.id, kind="state_funding",
                                             attribution="third_party", attributed_by="A register"))
    propose_project_groups(db, admin, spread_data.project_id, embeddings="off")
    (group_id,) = {m.group_id for m in claim_memberships(db, admin, spread_data.project_id)}
    spread = group_spread(db, admin, group_id)
    first_gazette = spread_data.outlets["Gazette"]
    assert spread.funding[first_gazette] == ()
    assert [(f.funder, f.kind) for f in spread.funding[other_id]] == [("Elsewhereland", "state funding")]
    assert set(spread.funding) == {o.outlet_id for o in spread.outlets if o.outlet_id is not None}


def test_outlets_are_told_apart_by_what_they_are_not_by_name(db: Database, admin: Actor) -> None:
    """A name that came only with an article's import is not the registry's outlet of that
    name, and two registry outlets of one name are two outlets, each with its own count."""
    spread_data = build(db, admin)
    early, second, other_id = add_namesakes(db, admin, spread_data)
    propose_project_groups(db, admin, spread_data.project_id, embeddings="off")
    (group_id,) = {m.group_id for m in claim_memberships(db, admin, spread_data.project_id)}
    outlets = group_spread(db, admin, group_id).outlets
    ids = spread_data.outlets
    assert [(o.outlet_id, o.name, o.occurrences) for o in outlets] == [
        (None, "Wire", 1), (ids["Wire"], "Wire", 2), (ids["Gazette"], "Gazette", 1), (ids["Sentinel"], "Sentinel", 1),
        (other_id, "Gazette", 1)]
    assert outlets[0].document_id == early and outlets[-1].document_id == second
    # The timeline gives each its own row; the shared names say which is which.
    figure = timeline_figure(group_spread(db, admin, group_id))
    rows = set(figure.data[0].y) | set(figure.data[1].y)
    assert rows == {"Wire (name from the article)", f"Wire (#{ids['Wire']})", f"Gazette (#{ids['Gazette']})", "Sentinel"}


def test_the_outlet_filter_and_the_group_list_tell_namesakes_apart(db: Database, admin: Actor) -> None:
    """The Claims page's outlet filter offered names and kept a group when one of its outlets
    had the name: picking "Gazette" kept the groups of both registry Gazettes and of articles
    that only name one; and a group's outlets were counted by name (two Gazettes, one outlet)."""
    spread_data = build(db, admin)
    _, _, other_id = add_namesakes(db, admin, spread_data)
    propose_project_groups(db, admin, spread_data.project_id, embeddings="off")
    ids = spread_data.outlets
    choices = project_outlets(db, admin, spread_data.project_id)
    assert choices == [(ids["Gazette"], f"Gazette (#{ids['Gazette']})"), (other_id, f"Gazette (#{other_id})"),
                       (ids["Sentinel"], "Sentinel"), (ids["Wire"], "Wire")]
    [group] = list_groups(db, admin, spread_data.project_id)
    assert group.outlets == (f"Gazette (#{ids['Gazette']})", f"Gazette (#{other_id})", "Sentinel",
                             f"Wire (#{ids['Wire']})", "Wire (name from the article)")
    assert set(group.outlet_ids) == {ids["Gazette"], other_id, ids["Sentinel"], ids["Wire"]}
    alone = start_group(db, admin, spread_data.claims[0])  # one Gazette article in a group of its own
    kept = list_groups(db, admin, spread_data.project_id, GroupFilter(outlets=(other_id,)))
    assert [v.id for v in kept] == [group.id] and alone.id not in [v.id for v in kept]
    assert {v.id for v in list_groups(db, admin, spread_data.project_id,
                                      GroupFilter(outlets=(ids["Gazette"],)))} >= {alone.id}
