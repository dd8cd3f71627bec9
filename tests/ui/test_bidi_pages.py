"""Bidirectional overrides and other control characters in user text, on every page (AppTest).

Every field a user or an import fills (project, document, label, attribute, entity, user
names, notes, quotes, identifiers) holds `photo_<U+202E>gnp.exe`, which a browser would show
as `photo_exe.png`. Each page of the app is drawn as the lead who sees most, and everything
the page sends to the browser is searched for a raw control character: outside fields that
edit stored text and the article text itself, there must be none, and the marker ⟨U+202E⟩
must be there instead. The article keeps its code points (offsets must not move).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.document_labels import set_document_labels
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import SpanIn, create_annotation, delete_annotation
from annotator.services.registry.entities import add_designation, add_rating, create_entity
from annotator.services.registry.entity_links import link_span
from annotator.services.registry.funding import FundingIn, create_funding_link
from annotator.services.team.assignments import assign
from annotator.services.team.gold import add_gold
from annotator.services.team.projects import create_project, set_member
from annotator.ui.highlighter import COMPONENT_NAME
from annotator.ui.highlighter.curation import COMPONENT_NAME as CURATION_COMPONENT
from annotator.ui.state import SHOW_OTHERS
from annotator.ui.text import CONTROL_CLASS, CONTROLS

from .workspace_support import PASSWORD, event, log_in, new_app, open_page, send, texts

RLO = "\u202e"
EVIL = f"photo_{RLO}gnp.exe"  # shown as photo_exe.png where the override is obeyed
SHOWN = "photo_⟨U+202E⟩gnp.exe"
TEXT = (f"The attachment {EVIL} was sent by the so-called experts.\n"
        f"A second paragraph quotes “{EVIL}” again and ends here.")
#: Fields that hold the stored text a widget edits: shown as stored, so that saving does not
#: change it (their label, help and placeholder are checked like everything else).
EDITED = {"default", "value"}
#: What `isolate` sends: one pair of isolates of ours around text that holds no raw control
#: character (the user's own are markers by then). Only such a pair is taken out before the
#: search; an isolate alone, or a control character inside the pair, is still found.
ISOLATED = re.compile(f"\u2068([^{CONTROL_CLASS}]*)\u2069")
EDITING = {"text_input", "text_area"}


def _codebook(tmp_path: Path) -> str:
    path = tmp_path / "bidi.yaml"
    path.write_text(
        "key: bidi\nname: Bidi codebook\ncategories:\n"
        f"  - {{key: c, name: \"Devices {EVIL}\", layer: span}}\n"
        f"  - {{key: genre, name: \"Genre {EVIL}\", layer: document, multiple: false, description: \"Kind {EVIL}\"}}\n"
        "labels:\n"
        f"  - key: claim\n    name: \"Claim {EVIL}\"\n    category: c\n    colour: '#aa0000'\n"
        f"    hotkey: c\n    description: \"Says {EVIL}\"\n    attributes:\n"
        f"      - {{key: claimant, name: \"Claimant {EVIL}\", type: text, description: \"Who {EVIL}\"}}\n"
        f"      - {{key: verdict, name: \"Verdict {EVIL}\", type: choice, choices: [\"false {EVIL}\", \"true\"]}}\n"
        f"  - {{key: loaded, name: \"Loaded {EVIL}\", category: c, colour: '#00aa00', description: x}}\n"
        f"  - {{key: news, name: \"News {EVIL}\", category: genre, colour: '#0000aa', description: x}}\n",
        encoding="utf-8")
    return str(path)


def _span(db: Database, actor: Actor, doc: int, quote: str, label: str, **fields: Any) -> int:
    start = TEXT.index(quote)
    return create_annotation(db, actor, doc, SpanIn(start, start + len(quote), label, quote, **fields)).id


def seed(db: Database, tmp_path: Path) -> dict[str, Any]:
    """The override in every field the pages show; the lead may see every page."""
    system = Actor.system()
    lead_name, ann_name = f"lead_{EVIL}", f"ann_{EVIL}"
    lead_view = create_user(db, system, lead_name, PASSWORD, role="admin", display_name=f"Lead {EVIL}")
    lead = Actor(lead_view.id, lead_name, GlobalRole.ADMIN)
    ann_view = create_user(db, system, ann_name, PASSWORD, display_name=f"Ann {EVIL}")
    ann = Actor(ann_view.id, ann_name, GlobalRole.ANNOTATOR)
    project = create_project(db, lead, f"Study {EVIL}", codebook=_codebook(tmp_path))
    set_member(db, lead, project.id, ann_name, "annotator")
    outlet = create_entity(db, lead, "outlet", f"Outlet {EVIL}", country=f"Land {EVIL}",
                           description=f"About {EVIL}")
    funder = create_entity(db, lead, "organisation", f"Funder {EVIL}")
    doc, _ = add_document(db, lead, project.id, TEXT, title=f"Invoice {EVIL}", author=f"Author {EVIL}",
                          outlet_id=outlet.id, published=date(2024, 1, 2))
    assign(db, lead, project.id, [doc], [ann_name, lead_name])
    create_funding_link(db, lead, FundingIn(recipient_id=outlet.id, funder_id=funder.id, kind="grant",
                                            attribution="third_party", attributed_by=f"Says {EVIL}",
                                            evidence_quote=f"Quote {EVIL}", note=f"Note {EVIL}"))
    start = TEXT.index(EVIL)
    create_funding_link(db, lead, FundingIn(recipient_id=outlet.id, kind="donation_channel", channel="paypal",
                                            attribution="self_declared", identifier=f"pay_{EVIL}",
                                            evidence_quote=EVIL, evidence_document_id=doc,
                                            evidence_start=start, evidence_end=start + len(EVIL)),
                        status="proposed")
    add_rating(db, lead, outlet.id, f"Rater {EVIL}", f"bias {EVIL}", f"left {EVIL}", note=f"Note {EVIL}")
    add_designation(db, lead, outlet.id, "sanction", f"Ban {EVIL}", f"Issuer {EVIL}", note=f"Note {EVIL}")
    mine = _span(db, ann, doc, EVIL, "claim", note=f"Why {EVIL}",
                 attributes={"claimant": f"Who {EVIL}", "verdict": f"false {EVIL}", f"extra_{RLO}": f"v {EVIL}"})
    theirs = _span(db, lead, doc, f"attachment {EVIL}", "loaded", note=f"Lead {EVIL}")
    link_span(db, ann, mine, outlet.id, "claimant")
    gone = _span(db, lead, doc, "so-called experts", "claim", note=f"Gone {EVIL}")
    delete_annotation(db, lead, gone)
    add_gold(db, lead, doc, start=start, end=start + len(EVIL), label="claim", quote=EVIL, note=f"Gold {EVIL}")
    set_document_labels(db, ann, doc, "genre", ["news"])
    set_document_labels(db, lead, doc, "genre", ["news"])
    return {"db": db, "lead": lead, "ann": ann, "project": project.id, "doc": doc, "outlet": outlet.id,
            "mine": mine, "theirs": theirs}


@pytest.fixture
def setup(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    return seed(sqlite_db, tmp_path)


def _elements(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _elements(child)


def _strings(value: Any) -> Iterator[str]:
    """Every string in a protobuf message, a JSON text or a table, depth first."""
    if isinstance(value, str):
        if value[:1] in "{[":
            try:
                yield from _strings(json.loads(value))
                return
            except ValueError:
                pass
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, pd.DataFrame):
        yield from (str(c) for c in value.columns)
        yield from (cell for row in value.itertuples(index=False) for cell in row if isinstance(cell, str))
    elif hasattr(value, "ListFields"):
        for field, item in value.ListFields():
            if field.name != "id":  # made from widget keys; never shown
                yield from _strings(item)
    elif not isinstance(value, bytes) and hasattr(value, "__iter__"):  # a repeated field
        for item in value:
            yield from _strings(item)


def _sent(element: Any) -> list[str]:
    """The strings an element sends to the browser. The article text of the highlighter is
    left out (also the curation view's): the component draws it (tests/e2e/test_bidi_browser.py)."""
    if element.proto.DESCRIPTOR.name == "BidiComponent":
        data = json.loads(element.proto.json or "{}")
        if element.proto.component_name.endswith((COMPONENT_NAME, CURATION_COMPONENT)):
            del data["text"]
        return list(_strings(data))
    proto = element.proto
    if element.type in EDITING:
        proto = type(proto)()
        proto.CopyFrom(element.proto)
        for name in EDITED:
            proto.ClearField(name)
    table = [element.value] if element.type in ("arrow_data_frame", "dataframe") else []
    return [*_strings(proto), *(s for t in table for s in _strings(t))]


def raw_controls(at: AppTest) -> list[str]:
    """Elements that would put a control character on the screen, with what is around it."""
    found = []
    for element in _elements(at._tree):
        if getattr(element, "proto", None) is None:
            continue
        found += [f"{element.type}: {text!r}" for text in _sent(element) if CONTROLS.search(ISOLATED.sub(r"\1", text))]
    return found


def shown(at: AppTest) -> str:
    return "\n".join(s for e in _elements(at._tree) if getattr(e, "proto", None) is not None for s in _sent(e))


PAGES = ["projects", "documents", "queue", "history", "assignment", "curation", "agreement", "registry",
         "proposals", "network", "data", "admin"]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_raw_control_character(setup: dict[str, Any], page: str) -> None:
    at = open_page(log_in(new_app(), setup["lead"].username), page)
    assert raw_controls(at) == []
    assert SHOWN in shown(at)


def test_the_entity_page_shows_registry_names_visibly(setup: dict[str, Any]) -> None:
    at = open_page(log_in(new_app(), setup["lead"].username), "entity", entity=str(setup["outlet"]))
    assert raw_controls(at) == []
    assert at.header[0].value.replace("\\", "") == "Outlet " + SHOWN
    # The edit form shows the name as stored (saving must not change it), and says so below.
    assert f"Outlet {EVIL}" in [t.value for t in at.text_input if t.label == "Name"]
    assert f"The name holds control characters: Outlet {SHOWN}" in texts(at)


def test_the_workspace_shows_a_title_with_an_override_visibly_and_keeps_the_text(setup: dict[str, Any]) -> None:
    at = log_in(new_app(), setup["lead"].username)
    at.session_state[SHOW_OTHERS] = True
    open_page(at, "workspace", doc=str(setup["doc"]))
    send(at, event(setup["doc"], "select", span=str(setup["mine"])))  # the annotator's span, read-only
    assert raw_controls(at) == []
    component = next(e for e in _elements(at._tree) if getattr(e, "proto", None) is not None
                     and e.proto.DESCRIPTOR.name == "BidiComponent"
                     and e.proto.component_name.endswith(COMPONENT_NAME))
    data = json.loads(component.proto.json)
    assert data["title"] == "Invoice " + SHOWN
    assert data["subtitle"][:2] == ["Outlet " + SHOWN, "Author " + SHOWN]
    assert "Claim " + SHOWN in [entry["name"] for entry in data["palette"]]
    assert f"The note holds control characters: Why {SHOWN}" in texts(at)
    assert f"Claimant {SHOWN} holds control characters: Who {SHOWN}" in texts(at)
    assert data["text"] == TEXT  # stored exactly as imported: the offsets do not move
