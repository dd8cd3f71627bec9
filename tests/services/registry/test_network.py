"""Data and figures of the Funding network page: the funding network, devices per 1,000 words per
outlet (respecting blind projects), and silence of the proposals on the 40 PTC articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import plotly.graph_objects as go
from sqlalchemy import select, update

from annotator.charts.network import layout_positions, network_figure, rates_figure
from annotator.db import Database
from annotator.formats.records import DocumentRecord
from annotator.models import Document
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.exchange.data_import import import_records
from annotator.services.registry.entities import create_entity
from annotator.services.registry.funding import FundingIn, create_funding_link
from annotator.services.registry.funding_proposals import list_proposals
from annotator.services.registry.network import (
    NO_OUTLET,
    devices_per_outlet,
    funding_network,
)
from annotator.services.team.projects import create_project
from annotator.words import count_words

from ...conftest import make_user
from ...support.builders import add_member, span


def test_count_words() -> None:
    assert count_words("The so-called “opposition groups” met in Astana 🇰🇿 on 23 January.") == 10
    assert count_words("") == 0 and count_words("Ça va, Zoë?") == 3


def test_funding_network(db: Database, admin: Actor) -> None:
    sf = create_entity(db, admin, "outlet", "SouthFront")
    state = create_entity(db, admin, "state", "Russian Federation")
    create_funding_link(db, admin, FundingIn(recipient_id=sf.id, funder_id=state.id, kind="state_funding",
                                             attribution="third_party", attributed_by="A report"))
    create_funding_link(db, admin, FundingIn(recipient_id=sf.id, kind="donation_channel", attribution="self_declared",
                                             channel="paypal", identifier="<b>x</b>@list.ru"), status="proposed")
    accepted = funding_network(db, admin)
    assert {n.label for n in accepted.nodes} == {"SouthFront", "Russian Federation"}
    assert [(e.kind, e.says_who) for e in accepted.edges] == [("state_funding", "third party: A report")]
    both = funding_network(db, admin, statuses=("accepted", "proposed"))
    assert {n.label for n in both.nodes} == {"SouthFront", "Russian Federation", "Public via PayPal"}  # one display name per key
    figure = network_figure(both)
    assert isinstance(figure, go.Figure)
    hovers = [h for trace in figure.data for h in (trace.hovertext or ()) if h]
    assert any("&lt;b&gt;x&lt;/b&gt;@list.ru" in h for h in hovers)  # user text escaped for plotly
    names = {trace.name for trace in figure.data}
    assert {"state funding, third party", "donation channel, self-declared (proposed)", "outlet", "state", "public"} <= names
    assert layout_positions(both) == layout_positions(both)  # the same picture every time


def test_an_edges_hover_shows_its_amount_share_and_period(db: Database, admin: Actor) -> None:
    rt = create_entity(db, admin, "outlet", "RT")
    state = create_entity(db, admin, "state", "Russian Federation")
    owner = create_entity(db, admin, "organisation", "ANO TV-Novosti")
    create_funding_link(db, admin, FundingIn(recipient_id=rt.id, funder_id=state.id, kind="state_funding",
                                             attribution="third_party", attributed_by="Budget law", amount="2300000",
                                             currency="EUR", period_start=date(2023, 1, 1), period_end=date(2023, 12, 31)))
    create_funding_link(db, admin, FundingIn(recipient_id=rt.id, funder_id=owner.id, kind="ownership",
                                             attribution="self_declared", share_percent="100"))
    network = funding_network(db, admin)
    assert [e.amount_text for e in network.edges] == ["EUR 2,300,000 · 2023-01-01 to 2023-12-31", "100% share"]
    hovers = [h for trace in network_figure(network).data for h in (trace.hovertext or ()) if h]
    assert "state funding<br>EUR 2,300,000 · 2023-01-01 to 2023-12-31<br>third party: Budget law" in hovers
    assert "ownership<br>100% share<br>self-declared" in hovers


def test_arrowheads_follow_their_edges_from_funder_to_recipient(db: Database, admin: Actor) -> None:
    """Each edge's head is an arrow marker turned along the edge (angleref "previous": from the
    point before it), and that point lies on the funder's side: money flows funder -> recipient,
    the public included (a donation page's arrow points at the outlet)."""
    outlet = create_entity(db, admin, "outlet", "SouthFront")
    state = create_entity(db, admin, "state", "A state")
    owner = create_entity(db, admin, "organisation", "Owner")
    create_funding_link(db, admin, FundingIn(recipient_id=outlet.id, funder_id=state.id, kind="state_funding",
                                             attribution="third_party", attributed_by="A report"))
    create_funding_link(db, admin, FundingIn(recipient_id=state.id, funder_id=owner.id, kind="grant",
                                             attribution="self_declared"))
    create_funding_link(db, admin, FundingIn(recipient_id=outlet.id, kind="donation_channel",
                                             attribution="self_declared", channel="donation_page",
                                             identifier="https://example.org/donate"))
    network = funding_network(db, admin)
    positions = layout_positions(network)
    figure = network_figure(network)
    heads = [t for t in figure.data if t.mode == "markers" and t.marker.symbol == "arrow"]
    assert heads and all(t.marker.angleref == "previous" for t in heads)
    drawn = []
    for trace in heads:
        sizes = list(trace.marker.size)
        for i in range(0, len(trace.x), 3):  # tail, head, gap per edge
            assert sizes[i] == 0 and sizes[i + 1] > 0 and trace.x[i + 2] is None
            drawn.append(((trace.x[i], trace.y[i]), (trace.x[i + 1], trace.y[i + 1])))
    assert len(drawn) == len(network.edges) == 3
    for edge in network.edges:
        (x0, y0), (x1, y1) = positions[edge.source], positions[edge.target]
        on_edge = [d for d in drawn if abs((d[1][0] - x0) * (y1 - y0) - (d[1][1] - y0) * (x1 - x0)) < 1e-9
                   and min(x0, x1) - 1e-9 <= d[1][0] <= max(x0, x1) + 1e-9]
        assert on_edge, edge
        (tx, ty), (hx, hy) = on_edge[0]
        assert (hx - tx) * (x1 - x0) + (hy - ty) * (y1 - y0) > 0, f"{edge.source} -> {edge.target} drawn backwards"
    assert "Public via donation page" in {n.label for n in network.nodes}


def test_links_between_the_same_two_entities_are_each_drawn_apart(db: Database, admin: Actor) -> None:
    """Two sources on one grant (the outlet says it, a report says it too), and money flowing
    back (a cycle): three edges between one pair of nodes. Each is drawn on a path of its own
    with its own arrowhead and hover text; on one straight line the last drawn hid the others."""
    outlet = create_entity(db, admin, "outlet", "Outlet")
    fund = create_entity(db, admin, "organisation", "Fund")
    create_funding_link(db, admin, FundingIn(recipient_id=outlet.id, funder_id=fund.id, kind="grant",
                                             attribution="self_declared"))
    create_funding_link(db, admin, FundingIn(recipient_id=outlet.id, funder_id=fund.id, kind="grant",
                                             attribution="third_party", attributed_by="A report"))
    create_funding_link(db, admin, FundingIn(recipient_id=fund.id, funder_id=outlet.id, kind="advertising",
                                             attribution="third_party", attributed_by="Another report"))
    network = funding_network(db, admin)
    figure = network_figure(network)
    heads = [t for t in figure.data if t.mode == "markers" and t.marker.symbol == "arrow"]
    points = [(round(t.x[i + 1], 9), round(t.y[i + 1], 9)) for t in heads for i in range(0, len(t.x), 3)]
    assert len(points) == 3 and len(set(points)) == 3, points
    paths = []
    for trace in (t for t in figure.data if t.mode == "lines"):
        path: list[tuple[float, float]] = []
        for x, y in zip(trace.x, trace.y, strict=True):
            if x is None:
                paths.append(tuple(path))
                path = []
            else:
                path.append((round(x, 9), round(y, 9)))
    assert len(paths) == 3 and len(set(paths)) == 3
    # Each path runs from its funder to its recipient, and its head points that way.
    positions = layout_positions(network)
    for trace in heads:
        for i in range(0, len(trace.x), 3):
            (tx, ty), (hx, hy) = (trace.x[i], trace.y[i]), (trace.x[i + 1], trace.y[i + 1])
            edge = next(e for e in network.edges if trace.hovertext[i + 1].startswith(("grant", "advertising"))
                        and e.kind == ("grant" if trace.hovertext[i + 1].startswith("grant") else "advertising"))
            (x0, y0), (x1, y1) = positions[edge.source], positions[edge.target]
            assert (hx - tx) * (x1 - x0) + (hy - ty) * (y1 - y0) > 0


def test_devices_per_outlet_respects_blind_projects(db: Database, admin: Actor) -> None:
    sf = create_entity(db, admin, "outlet", "SouthFront", domains=["southfront.org"])
    project = create_project(db, admin, "P", blind=True)
    annotator = make_user(db, "ann")
    add_member(db, admin, project.id, annotator)
    one = "one two three four five six seven eight nine ten"
    doc, _ = add_document(db, admin, project.id, one, url="https://southfront.org/a")
    other, _ = add_document(db, admin, project.id, "alpha beta gamma delta epsilon")
    span(db, annotator, doc, one, "two")
    span(db, annotator, doc, one, "four", label="hedge")
    span(db, admin, doc, one, "six")
    span(db, admin, other, "alpha beta gamma delta epsilon", "beta")
    rates = {r.outlet: r for r in devices_per_outlet(db, admin, project.id)}
    assert (rates["SouthFront"].devices, rates["SouthFront"].words, rates["SouthFront"].per_1000_words) == (3, 10, 300.0)
    assert rates["SouthFront"].by_label == {"Hedge / doubt": 1, "Loaded language": 2}
    assert (rates[NO_OUTLET].devices, rates[NO_OUTLET].per_1000_words) == (1, 200.0)
    mine = {r.outlet: r.devices for r in devices_per_outlet(db, annotator, project.id)}
    assert mine == {"SouthFront": 2, NO_OUTLET: 0}  # blind: only their own spans
    only_hedges = {r.outlet: r.devices for r in devices_per_outlet(db, admin, project.id, labels=("hedge",))}
    assert only_hedges == {"SouthFront": 1, NO_OUTLET: 0}
    figure = rates_figure(devices_per_outlet(db, admin, project.id))
    assert [trace.name for trace in figure.data] == ["Hedge / doubt", "Loaded language"]
    assert list(figure.data[1].y) == [200.0, 200.0] and figure.layout.barmode == "stack"
    coloured = rates_figure(devices_per_outlet(db, admin, project.id), {"Hedge / doubt": "#999999"})
    assert coloured.data[0].marker.color == "#999999"
    assert sf.id in {r.outlet_id for r in devices_per_outlet(db, admin, project.id)}


def test_word_counts_are_stored_and_a_missing_one_is_counted(db: Database, admin: Actor) -> None:
    """Every way in stores the count (the page sums stored counts); a row written around the
    column's default (NULL) is counted from its text rather than taken as 0 words."""
    project = create_project(db, admin, "Words")
    typed, _ = add_document(db, admin, project.id, "The so-called “opposition groups” met.")
    import_records(db, admin, project.id, [DocumentRecord(text="Ça va, Zoë? Don't worry.", title="imported")])
    with db.read() as session:
        stored = dict(session.execute(select(Document.text, Document.word_count)
                                      .where(Document.project_id == project.id)).all())
    assert stored == {"The so-called “opposition groups” met.": 5, "Ça va, Zoë? Don't worry.": 5}
    assert devices_per_outlet(db, admin, project.id)[0].words == 10
    with db.write() as session:
        session.execute(update(Document).where(Document.id == typed).values(word_count=None))
    assert devices_per_outlet(db, admin, project.id)[0].words == 10


def test_no_proposals_from_the_ptc_articles(db: Database, admin: Actor, corpus: Path) -> None:
    """None of the 40 PTC articles asks for donations: imported as articles of a known outlet
    they must propose no funding link."""
    create_entity(db, admin, "outlet", "PTC source", domains=["ptc.example"])
    project = create_project(db, admin, "PTC", codebook="semeval2020-ptc")
    files = sorted((corpus / "ptc-sample" / "articles").glob("article*.txt"))
    assert len(files) == 40
    records = [DocumentRecord(text=path.read_text(encoding="utf-8"), url=f"https://ptc.example/{path.stem}") for path in files]
    result = import_records(db, admin, project.id, records)
    assert result.added == 40
    assert list_proposals(db, admin) == []
