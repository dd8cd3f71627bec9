"""Relations in the workspace in a real browser: one drawn with the mouse (start on a span, click
the other in the article, pick the type), one with the keyboard (Alt+L, then the other span and
the type picked from lists), one deleted and brought back with Undo; the database is checked
after each step, and the workspace stays one screen throughout (the messages of these steps
once took the layout's style sheet away)."""

from __future__ import annotations

import uuid

import pytest

from annotator.services.annotation.documents import add_document
from annotator.services.annotation.relations import (
    RelationIn,
    create_relation,
    delete_relation,
    list_relations,
)
from annotator.services.team.projects import create_project

from ..support.builders import span
from .conftest import RunningApp
from .driver import check_one_screen, log_in, open_document, poll, settle, wait_drawn

pytestmark = pytest.mark.browser

TEXT = ("Officials claimed the talks succeeded, according to state media.\n"
        "Critics said the talks failed, and nobody believed them.\n")


def _relations(app: RunningApp, document_id: int, **kwargs: object) -> list[tuple[str, str, str]]:
    return sorted((r.type, r.from_quote, r.to_quote)
                  for r in list_relations(app.db, app.actor, document_id, **kwargs))  # type: ignore[arg-type]


def _arc_ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The relations drawn as arcs in the article right now (those near the visible part)."""
    return sorted(page.locator("svg.anno-hl-arcs g.anno-hl-arc").evaluate_all("nodes => nodes.map(n => n.dataset.relation)"))


def _wait_arcs(page, expected: list[str], what: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until exactly `expected` relations are drawn as arcs; a timeout says what was drawn
    and where the article was."""
    try:
        poll(lambda: _arc_ids(page) == sorted(expected), what)
    except AssertionError as error:
        raise AssertionError(f"{error}: drawn {_arc_ids(page)}, article {page.evaluate(_GEOMETRY)}") from None


def _select_span(page, span_id: int) -> None:  # type: ignore[no-untyped-def]
    """Click the span's highlight in the article, as a person does, and wait for its panel."""
    settle(page)
    page.locator(f".anno-hl-seg[data-ids~='{span_id}']").first.click()
    page.locator(f".st-key-ws-rel-start-{span_id}, .st-key-ws-rel-cancel-{span_id}").first.wait_for(timeout=30_000)
    settle(page)


def test_draw_relations_by_mouse_and_keyboard_delete_and_undo(page, app: RunningApp,  # type: ignore[no-untyped-def]
                                                             screenshot) -> None:
    project = create_project(app.db, app.actor, f"e2e {uuid.uuid4().hex[:8]}")
    document_id, _ = add_document(app.db, app.actor, project.id, TEXT, title="Relations")
    claim = span(app.db, app.actor, document_id, TEXT, "the talks succeeded", "claim")
    source = span(app.db, app.actor, document_id, TEXT, "according to state media", "source_attribution")
    failed = span(app.db, app.actor, document_id, TEXT, "the talks failed", "claim")
    log_in(page, app)
    open_document(page, app, document_id)
    for drawn in (claim, source, failed):
        wait_drawn(page, drawn.id)

    # Mouse: start on the claim, click the source in the article, pick the only type that fits.
    _select_span(page, claim.id)
    page.get_by_role("button", name="Start a relation").click()
    page.get_by_text("Now click the span the relation goes to").wait_for(timeout=30_000)
    _select_span(page, source.id)
    page.get_by_role("button", name="Attributed to").click()
    poll(lambda: _relations(app, document_id) == [("attributed_to", "the talks succeeded", "according to state media")],
         "the attributed_to relation in the database")
    page.get_by_text("← Attributed to · “the talks succeeded”").wait_for(timeout=30_000)
    [attributed] = list_relations(app.db, app.actor, document_id)
    _wait_arcs(page, [str(attributed.id)], "the relation drawn as an arc above the text")
    settle(page)
    check_one_screen(page, "a relation drawn")

    # Keyboard: Alt+L starts on the selected claim; the other span and the type come from lists.
    _select_span(page, failed.id)
    page.keyboard.press("Alt+l")
    page.get_by_text("Now click the span the relation goes to").wait_for(timeout=30_000)
    settle(page)
    other = page.get_by_role("combobox", name="Relate to")
    other.focus()
    page.keyboard.type("succeeded")
    # As a person does: Enter once the list shows the option typed (a loaded machine drew the
    # list after an Enter pressed at once, which then took the first option).
    page.get_by_role("option", name="succeeded").first.wait_for(timeout=30_000)
    page.keyboard.press("Enter")
    kind = page.get_by_role("combobox", name="Type")
    kind.wait_for(timeout=30_000)
    settle(page)
    kind.focus()
    page.keyboard.type("Contradicts")
    page.get_by_role("option", name="Contradicts").wait_for(timeout=30_000)
    page.keyboard.press("Enter")
    settle(page)
    relate = page.get_by_role("button", name="Relate", exact=True)
    relate.focus()
    page.keyboard.press("Enter")
    poll(lambda: ("contradicts", "the talks failed", "the talks succeeded") in _relations(app, document_id),
         "the contradicts relation in the database")
    assert len(_relations(app, document_id)) == 2

    # Delete the contradicts relation from the failed claim's panel, then Undo.
    page.get_by_text("→ Contradicts · “the talks succeeded”").wait_for(timeout=30_000)
    [contradicts] = [r for r in list_relations(app.db, app.actor, document_id) if r.type == "contradicts"]
    page.locator(f".st-key-ws-rel-del-{failed.id}-{contradicts.id} button").first.click()
    poll(lambda: _relations(app, document_id) == [("attributed_to", "the talks succeeded", "according to state media")],
         "the relation to be deleted")
    deleted = [r for r in list_relations(app.db, app.actor, document_id, include_deleted=True) if r.deleted]
    assert [r.id for r in deleted] == [contradicts.id]
    _wait_arcs(page, [str(attributed.id)], "the deleted relation's arc removed")
    settle(page)
    check_one_screen(page, "a relation deleted")
    page.locator(f".st-key-ws-rel-undo-{failed.id} button").first.click()
    poll(lambda: len(_relations(app, document_id)) == 2, "the relation to be restored")
    assert ("contradicts", "the talks failed", "the talks succeeded") in _relations(app, document_id)
    page.get_by_text("→ Contradicts · “the talks succeeded”").wait_for(timeout=30_000)
    _wait_arcs(page, [str(attributed.id), str(contradicts.id)], "the restored relation's arc")
    settle(page)
    check_one_screen(page, "a relation restored")
    for width, height in ((1440, 900), (1280, 720)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(200)
        check_one_screen(page, f"relations drawn and deleted, at {width}x{height}")
        page.locator(f".st-key-ws-rel-start-{failed.id}").scroll_into_view_if_needed()
        screenshot(page, f"relations-panel-{width}")


FILLER = ("Witnesses said the convoy crossed the border at dawn, while officials insisted that nothing "
          "of the kind had happened and blamed foreign media for the rumour.\n")
ENDING = "At the end, the ministry said the report was false.\n"

# The scroller's box, its content height, and the arcs' SVG box (client coordinates).
_GEOMETRY = """() => { const s = document.querySelector('.anno-hl-scroll'); const svg = s.querySelector('svg.anno-hl-arcs');
  const r = s.getBoundingClientRect(); const b = svg ? svg.getBoundingClientRect() : null;
  return {top: r.top, bottom: r.bottom, scrollTop: s.scrollTop, scrollHeight: s.scrollHeight,
          clientHeight: s.clientHeight, scrollWidth: s.scrollWidth, clientWidth: s.clientWidth,
          svg: b && {top: b.top, bottom: b.bottom, left: b.left, right: b.right}}; }"""


def test_arcs_on_the_southfront_article_with_overlapping_spans(page, app: RunningApp, corpus,  # type: ignore[no-untyped-def]
                                                                screenshot) -> None:
    """Arcs between overlapping spans on one line and connectors between lines; only those near
    the visible part are in the page; the SVG never makes the article taller (its end is reached
    with the wheel); the selected span's arcs carry their type's name; deleting a relation removes
    its arc, and with no relation left there is no SVG at all."""
    southfront = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    text = southfront + FILLER * 150 + ENDING
    project = create_project(app.db, app.actor, f"e2e {uuid.uuid4().hex[:8]}")
    document_id, _ = add_document(app.db, app.actor, project.id, text, title="Syria Peace Talks In Astana. What To Expect?")
    db, actor = app.db, app.actor
    negotiations = span(db, actor, document_id, text, "Negotiations between the Syrian government and the so-called "
                        "“opposition groups” kicked off in the Kazakh capital of Astana on January 23", "claim")
    so_called = span(db, actor, document_id, text, "so-called", "scare_quotes")
    groups = span(db, actor, document_id, text, "“opposition groups”", "name_calling")
    success = span(db, actor, document_id, text, "the success of the Astana talks will depend on ability of Ankara, "
                   "Damasucs, Moscow and Tehran to reach some appropriate compromise", "claim")
    anakra = span(db, actor, document_id, text, "Anakra has announced", "source_attribution")
    mantra = span(db, actor, document_id, text, "it does not see a reason to push “Assad must go” mantra", "claim")
    proxies = span(db, actor, document_id, text, "many will depend on ability of Ankara to control its proxies on the ground",
                   "claim")
    late_claim = span(db, actor, document_id, text, "the report was false", "claim")
    late_source = span(db, actor, document_id, text, "the ministry said", "source_attribution")
    made = {
        "frames": create_relation(db, actor, RelationIn(so_called.id, groups.id, "frames")),
        "attributed": create_relation(db, actor, RelationIn(mantra.id, anakra.id, "attributed_to")),
        "supports": create_relation(db, actor, RelationIn(success.id, negotiations.id, "supports")),
        "repeats": create_relation(db, actor, RelationIn(proxies.id, success.id, "repeats")),
        "late": create_relation(db, actor, RelationIn(late_claim.id, late_source.id, "attributed_to")),
    }
    top = sorted(str(r.id) for key, r in made.items() if key != "late")
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, app)
    open_document(page, app, document_id)
    wait_drawn(page, negotiations.id)
    settle(page)
    # The article's first claim at the top of the view: its paragraphs' four relations are in
    # view, the one at the article's end is not.
    _scroll_to(page, negotiations.id)
    _wait_arcs(page, top, "the arcs of the first paragraphs, and not the one at the article's end")
    assert page.locator("svg.anno-hl-arcs path.anno-hl-arc-head").count() == 3  # "repeats" is undirected
    # The SVG lies inside the scroller's visible part and adds nothing to its content.
    geometry = page.evaluate(_GEOMETRY)
    assert geometry["top"] - 1 <= geometry["svg"]["top"] and geometry["svg"]["bottom"] <= geometry["bottom"] + 1, geometry
    assert geometry["scrollWidth"] <= geometry["clientWidth"], geometry
    height = geometry["scrollHeight"]

    # Selecting a span (a click on its highlight) draws its arcs darker, with the type's name.
    _select_span(page, success.id)
    poll(lambda: sorted(page.locator("g.anno-hl-arc-active text.anno-hl-arc-label").evaluate_all(
        "nodes => nodes.map(n => n.textContent)"))
         == ["Repeats", "Supports"], "the selected claim's arcs named")
    _wait_arcs(page, top, "the arcs after selecting the claim")
    screenshot(page, "relations-arcs-southfront-1440x900")
    page.set_viewport_size({"width": 1280, "height": 720})
    settle(page)
    _scroll_to(page, success.id, 120)
    poll(lambda: {str(made["supports"].id), str(made["repeats"].id)} <= set(_arc_ids(page)),
         "the selected claim's arcs redrawn at 1280x720")
    screenshot(page, "relations-arcs-southfront-1280x720")

    # The wheel reaches the end of the article: the arcs there replace those at the top, and
    # the article is as tall as before.
    page.set_viewport_size({"width": 1440, "height": 900})
    settle(page)
    box = page.locator(".anno-hl-scroll").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    poll(lambda: page.mouse.wheel(0, 20_000) or page.evaluate(_AT_END), "the end of the article")
    _wait_arcs(page, [str(made["late"].id)], "only the arc at the end after scrolling down")
    geometry = page.evaluate(_GEOMETRY)
    assert geometry["scrollHeight"] == height, (geometry, height)
    assert geometry["top"] - 1 <= geometry["svg"]["top"] and geometry["svg"]["bottom"] <= geometry["bottom"] + 1, geometry
    screenshot(page, "relations-arcs-southfront-end-1440x900")

    # Deleting a relation in the side panel removes its arc; with none left, no SVG at all.
    _scroll_to(page, negotiations.id)
    _wait_arcs(page, top, "the arcs of the first paragraphs again")
    page.locator(f".st-key-ws-rel-del-{success.id}-{made['supports'].id} button").first.click()
    poll(lambda: made["supports"].id not in {r.id for r in list_relations(db, actor, document_id)}, "supports deleted")
    _wait_arcs(page, sorted(i for i in top if i != str(made["supports"].id)), "the deleted relation's arc gone")
    for key in ("frames", "attributed", "repeats", "late"):
        delete_relation(db, actor, made[key].id)
    page.reload()
    wait_drawn(page, negotiations.id)
    settle(page)
    assert page.locator("svg.anno-hl-arcs").count() == 0
    assert page.locator(".anno-hl-scroll.anno-hl-has-arcs").count() == 0


_AT_END = """() => { const s = document.querySelector('.anno-hl-scroll');
  return s.scrollTop > 0 && s.scrollTop + s.clientHeight >= s.scrollHeight - 2; }"""


def _scroll_to(page, span_id: int, above: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Scroll the article (only it) so that the span's first line is `above` px under its top."""
    page.locator(".anno-hl-scroll").evaluate(
        """(s, [id, above]) => { const seg = s.querySelector(`.anno-hl-seg[data-ids~="${id}"]`);
             s.scrollTop += seg.getBoundingClientRect().top - s.getBoundingClientRect().top - above; }""",
        [span_id, above])
