"""Curation in a real browser (Debian's chromium against `streamlit run`): two annotators
annotate the same article blind and differently with the mouse; a curator opens the curation
view from the Agreement page's disagreement, accepts one version with a click, adjusts the
extent of another with the keyboard, accepts every agreed span in one action, undoes and
redoes a decision; the gold export then holds exactly those spans with their provenance.
And the mouse path of adjusting an extent (both ends of a draft dragged by their handles), and
an annotator's relation accepted into gold once both its ends are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from annotator.services.annotation.documents import add_document
from annotator.services.annotation.relations import RelationIn, create_relation
from annotator.services.annotation.spans import list_annotations
from annotator.services.exchange.data_export import ExportFilter, open_export
from annotator.services.team.agreement import project_agreement
from annotator.services.team.assignments import assign
from annotator.services.team.curation import comparison, list_gold
from annotator.services.team.gold import accept_unanimous
from annotator.services.team.gold_relations import list_gold_relations
from annotator.services.team.projects import create_project

from ..conftest import USER_PASSWORD, make_user
from ..support.builders import add_member, span
from .conftest import RunningApp
from .driver import (
    char_boxes,
    click_label,
    drag_select,
    go_to_page,
    log_in,
    poll,
    settle,
    wait_painted,
)

pytestmark = pytest.mark.browser
PASSWORD = USER_PASSWORD  # make_user's
DRAWN = {
    "ann": [("so-called", "loaded_language"), ("“opposition groups”", "scare_quotes")],
    "bob": [("so-called", "loaded_language"), ("so-called “opposition groups”", "scare_quotes"),
            ("the biggest militant group", "claim")],
}


def _spans_of(app: RunningApp, username: str, document_id: int) -> list[Any]:
    return [a for a in list_annotations(app.db, app.actor, document_id) if a.username == username]


def _annotate(app: RunningApp, browser: Any, document_id: int, who: str, tmp_path: Path) -> None:
    """From the annotator's queue into the workspace; each span drawn with the mouse."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    log_in(page, app, who, PASSWORD)
    go_to_page(page, "My queue")
    page.get_by_role("button", name="Open next").click()
    wait_painted(page)
    for number, (quote, label) in enumerate(DRAWN[who], start=1):
        drag_select(page, quote)
        click_label(page, label)
        poll(lambda n=number: len(_spans_of(app, who, document_id)) == n, f"{who}'s span {quote!r}", timeout=60)
        page.wait_for_function("n => document.querySelector('.anno-hl')?.dataset.spanCount == String(n)",
                               arg=number, timeout=60_000)
        settle(page)
    context.close()


def _painted(page: Any, rev: str | None = None) -> dict[str, Any]:
    """Wait until the curation view has painted a drawing (a new one, if `rev` was the last)."""
    page.wait_for_function(
        "rev => window.__annotatorCuration && window.__annotatorCuration.paintedAt"
        " && String(window.__annotatorCuration.rev) !== rev", arg=str(rev), timeout=60_000)
    info: dict[str, Any] = page.evaluate("() => window.__annotatorCuration")
    return info


#: A point on the element's own text that the element itself is hit at: a segment that wraps
#: has a gap between its lines at its centre, and a line's bands may lie under the next line.
_POINT_ON = """(e) => {
  for (const r of e.getClientRects()) {
    const x = r.x + r.width / 2, y = r.y + Math.min(r.height / 2, 8);
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === e || e.contains(hit))) return [x, y];
  }
  throw new Error('no point of the element is on top: ' + e.outerHTML.slice(0, 200));
}"""


def _card(page: Any) -> str:
    text: str = page.locator(".anno-cur-card").inner_text()
    return text


def _gold(app: RunningApp, cura: Any, document_id: int) -> list[tuple[str, str, str]]:
    return sorted((g.quote, g.label, g.provenance) for g in list_gold(app.db, cura, document_id))


def test_a_disagreement_from_the_agreement_page_decided_into_gold(
        app: RunningApp, browser: Any, corpus: Path, tmp_path: Path, screenshot: Any) -> None:
    db, lead = app.db, app.actor
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    project = create_project(db, lead, "Astana curation", blind=True, annotators_per_document=2)
    doc, _ = add_document(db, lead, project.id, text, title="Syria Peace Talks In Astana")
    ann, bob, cura = make_user(db, "ann"), make_user(db, "bob"), make_user(db, "cura")
    for person, role in ((ann, "annotator"), (bob, "annotator"), (cura, "curator")):
        add_member(db, lead, project.id, person, role)
    assign(db, lead, project.id, [doc], ["ann", "bob"])
    for who in DRAWN:
        _annotate(app, browser, doc, who, tmp_path)
    assert {a.username for a in list_annotations(db, ann, doc)} == {"ann"}  # blind
    view = comparison(db, cura, doc)
    quotes = {v.uid: v.quote for spans in view.spans.values() for v in spans}
    drawn = {who: [(a.quote, a.label) for a in _spans_of(app, who, doc)] for who in DRAWN}
    assert [c.kind for c in view.clusters] == ["extent", "single"], drawn

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, app, "cura", PASSWORD)
    # The Agreement page's first disagreement is where the annotators' scare quotes differ.
    go_to_page(page, "Agreement")
    # The figures come as the command line's JSON; the tables offer no CSV of their own, whose
    # cells Streamlit would write with formulas live.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the figures (JSON)").click()
    figures = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert figures == project_agreement(db, cura, project.id, keep=False).to_dict()
    assert download.value.suggested_filename == "agreement-astana-curation.json"
    page.locator("[data-testid=stDataFrame]").first.hover()
    expect(page.locator("[data-testid=stElementToolbarButton]").first).to_be_visible()
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)
    page.get_by_role("link", name="Decide it in the curation view").click()
    page.get_by_role("heading", name="Curation").first.wait_for(timeout=60_000)
    info = _painted(page)
    assert info["count"] == 5 and info["gold"] == 0
    page.wait_for_function("() => document.querySelector('.anno-cur')?.dataset.focus", timeout=30_000)
    assert "Disagreement 1 of 2" in _card(page) and "different extents" in _card(page)
    settle(page)
    screenshot(page, "curation-opened-from-agreement")

    # One click accepts ann's version; the view moves on to the next open disagreement.
    ann_row = page.locator(".anno-cur-version", has_text="ann")
    assert quotes[ann_row.get_attribute("data-uid")] == "“opposition groups”"
    # Hovering a span's text says who drew what there, in lane order.
    segment = page.locator(f".anno-hl-seg[data-ids~='v:{ann_row.get_attribute('data-uid')}']").first
    segment.scroll_into_view_if_needed()
    page.mouse.move(2, 2)
    page.mouse.move(*segment.evaluate(_POINT_ON), steps=4)
    tip = page.locator(".anno-cur-tip")
    tip.wait_for(state="visible", timeout=15_000)
    assert "ann — Scare quotes" in tip.inner_text(), tip.inner_text()
    page.mouse.move(2, 2)
    tip.wait_for(state="hidden", timeout=15_000)
    ann_row.click()
    poll(lambda: _gold(app, cura, doc) == [("“opposition groups”", "scare_quotes", "chosen")],
         "ann's version in gold", timeout=60)
    info = _painted(page, info["rev"])
    page.wait_for_function("() => document.querySelector('.anno-cur-card')?.innerText.includes('only bob marked this')",
                           timeout=30_000)
    (chosen,) = list_gold(db, cura, doc)
    page.wait_for_selector(f".anno-hl-seg[data-ids~='g:{chosen.id}:{chosen.version}']", timeout=30_000)

    # The keyboard: e adjusts bob's claim, Ctrl+Shift+→ moves its start a word on, Enter saves.
    settle(page)
    page.keyboard.press("e")
    page.locator(".anno-cur-card-draft").wait_for(timeout=30_000)
    page.keyboard.press("Control+Shift+ArrowRight")
    page.wait_for_function("() => document.querySelector('.anno-cur-card')?.innerText.includes('“biggest militant group”')",
                           timeout=30_000)
    page.keyboard.press("Enter")
    poll(lambda: ("biggest militant group", "claim", "edited") in _gold(app, cura, doc),
         "the adjusted claim in gold", timeout=60)
    info = _painted(page, info["rev"])

    # Undo (Ctrl+Z) takes the adjusted span back out; Enter again after e, → → puts it back.
    settle(page)
    page.keyboard.press("Control+z")
    poll(lambda: len(_gold(app, cura, doc)) == 1, "the undone claim gone from gold", timeout=60)
    info = _painted(page, info["rev"])
    settle(page)
    page.wait_for_function("() => document.querySelector('.anno-cur-card')?.innerText.includes('only bob marked this')",
                           timeout=30_000)
    page.keyboard.press("e")
    page.locator(".anno-cur-card-draft").wait_for(timeout=30_000)
    page.keyboard.press("Control+Shift+ArrowRight")
    page.keyboard.press("Enter")
    poll(lambda: ("biggest militant group", "claim", "edited") in _gold(app, cura, doc),
         "the adjusted claim in gold again", timeout=60)
    info = _painted(page, info["rev"])

    # Everything both annotators agree on, in one action from the panel.
    settle(page)
    page.get_by_role("button", name="Accept all 1 agreed span(s)").click()
    poll(lambda: len(_gold(app, cura, doc)) == 3, "the agreed span in gold", timeout=60)
    _painted(page, info["rev"])
    page.get_by_role("button", name="Accept all 0 agreed span(s)").wait_for(timeout=60_000)
    settle(page)
    screenshot(page, "curation-decided")
    assert errors == []
    context.close()

    with open_export(db, cura, project.id, fmt="native", filters=ExportFilter(gold_only=True)) as stream:
        (record,) = list(stream.records)
    uids = {(a.username, a.quote): a.uid for a in list_annotations(db, lead, doc)}
    gold = sorted((g.start, g.quote, g.label, g.provenance, g.chosen_from, g.curator, sorted(g.source_uids))
                  for g in record.gold)
    start = text.index
    assert gold == [
        (start("so-called"), "so-called", "loaded_language", "unanimous", None, "cura",
         sorted([uids["ann", "so-called"], uids["bob", "so-called"]])),
        (start("“opposition groups”"), "“opposition groups”", "scare_quotes", "chosen", "ann", "cura",
         [uids["ann", "“opposition groups”"]]),
        (start("biggest militant group"), "biggest militant group", "claim", "edited", None, "cura",
         [uids["bob", "the biggest militant group"]]),
    ]
    assert record.annotations == []


DRAG_TEXT = "Officials said the so-called opposition groups met in Astana on Monday to talk about a ceasefire."


def _drag(page: Any, handle: str, to_x: float, to_y: float) -> None:
    """Press the mouse on the draft's start or end handle (its thick edge) and drag it to (x, y)."""
    settle(page)
    box = page.locator(f".anno-cur-draft-{handle}").first.bounding_box()
    assert box is not None, f"the draft's {handle} handle is not drawn"
    x = box["x"] + 2 if handle == "first" else box["x"] + box["width"] - 2
    y = box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 9):
        page.mouse.move(x + (to_x - x) * i / 8, y + (to_y - y) * i / 8)
    page.mouse.up()


def test_an_extent_dragged_with_the_mouse_and_a_relation_taken_into_gold(
        app: RunningApp, browser: Any, screenshot: Any) -> None:
    db, lead = app.db, app.actor
    project = create_project(db, lead, "Dragging ends", annotators_per_document=2)
    doc, _ = add_document(db, lead, project.id, DRAG_TEXT, title="Ends dragged")
    ann, bob = make_user(db, "ann2"), make_user(db, "bob2")
    for person in (ann, bob):
        add_member(db, lead, project.id, person, "annotator")
    assign(db, lead, project.id, [doc], ["ann2", "bob2"])
    span(db, ann, doc, DRAG_TEXT, "opposition groups", "scare_quotes")
    framing = span(db, bob, doc, DRAG_TEXT, "so-called opposition groups", "scare_quotes")
    ceasefire = span(db, bob, doc, DRAG_TEXT, "ceasefire", "claim")
    relation = create_relation(db, bob, RelationIn(framing.id, ceasefire.id, "frames"))
    sources = sorted(v.uid for v in comparison(db, lead, doc).clusters[0].versions)

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, app)  # the lead (an admin curates)
    page.goto(f"{app.url}/curation?doc={doc}&at={DRAG_TEXT.index('so-called')}")
    _painted(page)
    page.wait_for_function("() => document.querySelector('.anno-cur')?.dataset.focus", timeout=30_000)
    settle(page)
    # e: a draft from version 1 (bob's, the longer one); its start dragged onto "opposition",
    # its end past "Astana".
    page.keyboard.press("e")
    page.locator(".anno-cur-card-draft").wait_for(timeout=30_000)
    assert "“so-called opposition groups”" in _card(page)
    target = char_boxes(page, "opposition")
    _drag(page, "first", target["x1"], target["y1"])
    page.wait_for_function("() => document.querySelector('.anno-cur-card')?.innerText.includes('“opposition groups”')",
                           timeout=30_000)
    target = char_boxes(page, "Astana")
    _drag(page, "last", target["x2"], target["y2"])
    page.wait_for_function(
        "() => document.querySelector('.anno-cur-card')?.innerText.includes('“opposition groups met in Astana”')",
        timeout=30_000)
    screenshot(page, "curation-dragged-ends-1280x720")
    page.keyboard.press("Enter")
    poll(lambda: _gold(app, lead, doc) == [("opposition groups met in Astana", "scare_quotes", "edited")],
         "the dragged extent in gold", timeout=60)
    (gold,) = list_gold(db, lead, doc)
    start = DRAG_TEXT.index("opposition")
    assert (gold.start, gold.end, sorted(gold.source_uids)) == (start, DRAG_TEXT.index(" on Monday"), sources)

    # On to bob's "ceasefire": the card lists his relation from the framing phrase, which can
    # go into gold once its other end is there too.
    relation_row = page.locator(f".anno-cur-relation[data-uid='{relation.uid}']")
    relation_row.wait_for(timeout=30_000)
    assert relation_row.get_attribute("data-status") == "waiting"
    assert "“so-called opposition groups” → “ceasefire”" in relation_row.inner_text()
    settle(page)
    page.locator(".anno-cur-version", has_text="bob2").click()
    poll(lambda: len(list_gold(db, lead, doc)) == 2, "bob's ceasefire in gold", timeout=60)
    page.locator(f".anno-cur-relation[data-uid='{relation.uid}'][data-status='ready']").wait_for(timeout=30_000)
    settle(page)
    screenshot(page, "curation-relation-ready-1280x720")
    page.locator(f".anno-cur-relation[data-uid='{relation.uid}']").get_by_role("button", name="Accept relation").click()
    poll(lambda: len(list_gold_relations(db, lead, doc)) == 1, "the relation in gold", timeout=60)
    (gold_relation,) = list_gold_relations(db, lead, doc)
    assert (gold_relation.type, gold_relation.from_quote, gold_relation.to_quote) == (
        "frames", "opposition groups met in Astana", "ceasefire")
    page.locator(f".anno-cur-relation[data-uid='{relation.uid}'][data-status='gold']").wait_for(timeout=30_000)
    assert errors == []
    context.close()


LANES_TEXT = "Officials said the so-called experts lied.\nA second paragraph follows."
#: Five annotators, and one of them with two spans of their own that nest: six lanes.
LANES_DRAWN = [("ann5", "experts", "loaded_language"), ("bob5", "experts", "scare_quotes"),
               ("cat5", "experts", "name_calling"), ("dan5", "so-called experts", "claim"),
               ("dan5", "experts", "loaded_language"), ("eve5", "the so-called experts", "claim")]


def test_every_annotators_band_is_painted_under_the_last_line_of_a_paragraph(
        app: RunningApp, browser: Any, screenshot: Any) -> None:
    """The bands under the text are a span's bottom padding, one lane per annotator (more where
    their own spans overlap). The paragraph keeps its paint inside its box, and its lines left
    room for about three lanes: on a paragraph's last line the bands of the fourth annotator
    and after were cut off, so a curator saw no trace of their versions under the text."""
    db, lead = app.db, app.actor
    project = create_project(db, lead, "Many lanes", annotators_per_document=5)
    doc, _ = add_document(db, lead, project.id, LANES_TEXT, title="Five annotators")
    names = list(dict.fromkeys(name for name, _, _ in LANES_DRAWN))
    people = {name: make_user(db, name) for name in names}
    for person in people.values():
        add_member(db, lead, project.id, person, "annotator")
    assign(db, lead, project.id, [doc], names)
    for name, quote, label in LANES_DRAWN:
        span(db, people[name], doc, LANES_TEXT, quote, label)

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    log_in(page, app)
    page.goto(f"{app.url}/curation?doc={doc}")
    _painted(page)
    settle(page)
    screenshot(page, "curation-six-lanes")
    # Each covered segment's box (its padding holds the bands) against its paragraph's box.
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll('.anno-cur-text .anno-hl-line'))
      .flatMap(line => Array.from(line.querySelectorAll('span')).filter(s => s.style.paddingBottom)
        .map(s => [s.textContent, s.style.paddingBottom, s.getBoundingClientRect().bottom,
                   line.getBoundingClientRect().bottom]))""")
    assert [text for text, *_ in boxes] == ["the ", "so-called ", "experts"], boxes
    assert {padding for _, padding, *_ in boxes} == {"24px"}  # six lanes of 4 px
    cut = [(text, round(bottom - line_bottom, 1)) for text, _, bottom, line_bottom in boxes if bottom > line_bottom + 0.5]
    assert not cut, f"bands painted below their paragraph's box, where they are cut off: {cut}"
    context.close()


def test_the_pickers_keep_their_width_beside_a_long_progress_count_at_1280x720(
        app: RunningApp, browser: Any, screenshot: Any) -> None:
    """A project with documents in three states (nothing drawn, untouched, an open
    disagreement) makes the Progress button's label long; in the one-row toolbar it took the
    width of the project and document pickers, which were drawn 16 px wide at 1280x720 (their
    labels one syllable a line, no box to click)."""
    db, lead = app.db, app.actor
    project = create_project(db, lead, "Three states", annotators_per_document=2)
    docs = [add_document(db, lead, project.id, DRAG_TEXT.replace("Monday", day), title=f"Talks on {day}")[0]
            for day in ("Monday", "Tuesday", "Friday")]
    ann, bob = make_user(db, "ann4"), make_user(db, "bob4")
    for person in (ann, bob):
        add_member(db, lead, project.id, person, "annotator")
    assign(db, lead, project.id, docs[:2], ["ann4", "bob4"])
    span(db, ann, docs[0], DRAG_TEXT, "so-called", "loaded_language")
    span(db, bob, docs[0], DRAG_TEXT, "so-called", "loaded_language")
    span(db, ann, docs[0], DRAG_TEXT, "ceasefire", "claim")
    span(db, bob, docs[0], DRAG_TEXT, "a ceasefire", "claim")
    accept_unanimous(db, lead, docs[0])  # touched, one disagreement left open
    tuesday = DRAG_TEXT.replace("Monday", "Tuesday")
    span(db, ann, docs[1], tuesday, "so-called", "loaded_language")  # untouched; the third: nothing drawn

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    log_in(page, app)
    page.goto(f"{app.url}/curation?doc={docs[0]}")
    _painted(page)
    settle(page)
    expect(page.get_by_text("1 with open disagreements", exact=False).first).to_be_attached()
    screenshot(page, "curation-toolbar-1280x720")
    widths = page.evaluate("""() => Object.fromEntries(['cur_project', 'cur_document'].map(k =>
      [k, document.querySelector(`.st-key-${k} [data-testid=stSelectbox]`).getBoundingClientRect().width]))""")
    assert all(width >= 150 for width in widths.values()), widths
    right = page.evaluate("() => document.querySelector('.st-key-cur-toolbar').getBoundingClientRect().right")
    assert right <= 1280, right
    context.close()
