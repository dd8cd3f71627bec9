"""The curation view's data both ways, without Streamlit: annotators' lanes (more than one
where an annotator's own spans overlap), items to decide in text order, what goes to the
browser (user text made visible, the article kept), and events parsed defensively."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from annotator.services.team.views import (
    ClusterView,
    ComparisonView,
    GoldView,
    UnanimousView,
    VersionView,
)
from annotator.services.views import CodebookView, LabelView
from annotator.ui.curation.drawing import cluster_title, drawing, lanes
from annotator.ui.highlighter.curation_payload import parse_events

TEXT = "The so-called experts met the opposition groups \u202ein Astana."
RLO = "\u202e"


def _label(key: str, name: str) -> LabelView:
    return LabelView(1, key, name, "span", "", "#aa3300", None, "")


CODEBOOK = CodebookView(1, "c", 1, "C", "", (), (_label("loaded", f"Loaded {RLO}"), _label("quotes", "Quotes")))


def _version(uid: str, who: str, start: int, end: int, label: str = "loaded", note: str | None = None) -> VersionView:
    return VersionView(uid, 1, who, label, label, "#aa3300", start, end, TEXT[start:end], {}, note)


def _view(spans: dict[str, list[VersionView]], clusters: tuple[ClusterView, ...] = (),
          unanimous: tuple[UnanimousView, ...] = (), gold: tuple[GoldView, ...] = ()) -> ComparisonView:
    return ComparisonView(1, 1, f"Title {RLO}", TEXT, False, tuple(spans), {k: tuple(v) for k, v in spans.items()},
                          unanimous, clusters, gold)


def test_an_annotators_overlapping_spans_get_lanes_of_their_own() -> None:
    a1, a2, a3 = _version("a" * 8 + "1", "ann", 4, 13), _version("a" * 8 + "2", "ann", 8, 21), _version("a" * 8 + "3", "ann", 22, 25)
    b1 = _version("b" * 8 + "1", "bob", 4, 13)
    found, lane_of = lanes(_view({"ann": [a1, a2, a3], "bob": [b1]}))
    assert [(lane.name, lane.base, lane.depth) for lane in found] == [("ann", 0, 2), ("bob", 2, 1)]
    assert (lane_of[a1.uid], lane_of[a2.uid], lane_of[a3.uid], lane_of[b1.uid]) == (0, 1, 0, 2)


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 15)), min_size=1, max_size=25))
def test_spans_in_one_lane_never_overlap(raw: list[tuple[int, int]]) -> None:
    versions = [_version(f"{i:08x}", "ann", s, s + n) for i, (s, n) in enumerate(raw)]
    found, lane_of = lanes(_view({"ann": versions}))
    for a in versions:
        for b in versions:
            if a.uid < b.uid and lane_of[a.uid] == lane_of[b.uid]:
                assert a.end <= b.start or b.end <= a.start
    assert found[0].depth == 1 + max(lane_of.values())


def test_the_drawing_lists_items_in_text_order_with_user_text_visible() -> None:
    a = _version("a" * 8 + "1", "ann", 30, 47, "quotes", note=f"why {RLO}")
    b = _version("b" * 8 + "1", "bob", 26, 47, "quotes")
    s1, s2 = _version("a" * 8 + "2", "ann", 4, 13), _version("b" * 8 + "2", "bob", 4, 13)
    cluster = ClusterView("k1", 26, 47, (b, a), "open", (), "extent", ())
    agreed = UnanimousView("loaded", "Loaded", 4, 13, "so-called", (s1.uid, s2.uid), in_gold=True)
    gold = GoldView(7, "g", 1, "loaded", "Loaded", "#aa3300", 4, 13, "so-called", {}, f"note {RLO}", "unanimous",
                    (s1.uid, s2.uid), None, "cura", 2, datetime.now(UTC), False)
    data = drawing(_view({"ann": [s1, a], "bob": [s2, b]}, (cluster,), (agreed,), (gold,)), CODEBOOK,
                   message=f"Saved {RLO}").to_data()
    assert data["text"] == TEXT  # the article keeps its code points
    assert RLO not in data["title"] and RLO not in data["message"]
    assert [(i[0], i[1], i[4]) for i in data["items"]] == [("u:4:13:loaded", "agreed", "accepted"), ("k1", "cluster", "open")]
    assert data["items"][0][8] == [7]  # the gold span that decides the agreed one
    assert [g[0] for g in data["gold"]] == [7] and RLO not in data["gold"][0][7] and "agreed by all · by cura" in data["gold"][0][6]
    assert all(RLO not in v[6] for v in data["versions"])
    assert any("Note: why" in v[6] for v in data["versions"])
    assert RLO not in data["palette"][0]["name"]
    assert {s[0] for s in data["spans"]} >= {"v:" + a.uid, "g:7:2", "c:1:k1:open:extent"}


def test_cluster_titles_say_who_drew_what() -> None:
    a = _version("a" * 8 + "1", "ann", 4, 13)
    assert cluster_title(ClusterView("k", 4, 13, (a,), "open", (), "single", ("bob",))) == "only ann marked this"
    assert cluster_title(ClusterView("k", 4, 13, (a,), "open", (), "partial", ("cy",))) == "ann marked this; cy did not"
    assert cluster_title(ClusterView("k", 4, 13, (a,), "open", (), "label", ())) == "same words, different labels"


def test_malformed_events_are_skipped() -> None:
    good = {"id": "e1", "type": "accept", "doc": 3, "uid": "0123abcd-0000"}
    events = parse_events({"events": [
        good, "junk", {"id": "", "type": "accept"}, {"id": "e2", "type": "drop_tables"},
        {"id": "e3", "type": "add", "label": "loaded", "selection": {"start": "1", "end": 2, "quote": "x"}},
        {"id": "e4", "type": "accept", "uid": "<script>"}, {"id": "e5", "type": "undo", "doc": True},
    ]})
    assert [(e.id, e.type) for e in events] == [("e1", "accept"), ("e3", "add"), ("e4", "accept"), ("e5", "undo")]
    assert events[0].uid == "0123abcd-0000" and events[0].doc == 3
    assert events[1].selection is None  # a start that is not a number
    assert events[2].uid is None and events[3].doc is None
    assert parse_events(None) == [] and parse_events({"events": "x"}) == []
