"""The agreement page with AppTest: charts with captions, refusal in blind projects, and the
drill-down that follows the document picker and clicks on the per-document chart."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord, GoldRecord, RelationRecord
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.team.projects import create_project, list_projects, set_member
from annotator.ui.comparison import REGION
from annotator.ui.pages.agreement import (
    BASIS,
    DOCUMENT,
    DOCUMENT_CHART,
    DOCUMENTS,
    LABELS,
    LEVEL,
    PROJECT,
)

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long password"
TEXT = "The regime said the so-called opposition groups would fail, the regime said."


def mark(quote: str, label: str, who: str, occurrence: int = 0) -> AnnotationRecord:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(quote, start + 1)
    return AnnotationRecord(start, start + len(quote), label, annotator=who)


@pytest.fixture
def app(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    system = Actor.system()
    create_user(sqlite_db, system, "ana", PASSWORD, role="admin")
    create_user(sqlite_db, system, "cy", PASSWORD)
    project = create_project(sqlite_db, system, "Open study")
    blind = create_project(sqlite_db, system, "Blind study", blind=True)
    set_member(sqlite_db, system, blind.id, "cy", "annotator")
    agreeing = [mark("regime", "loaded_language", w) for w in ("ann", "bob")]
    records = [
        DocumentRecord(text=TEXT + " (1)", title="Calm <b>**agreement**</b>", annotations=agreeing),
        DocumentRecord(text=TEXT + " (2)", title="Quarrel", annotations=[
            mark("regime", "loaded_language", "ann"), mark("regime", "name_calling", "bob"),
            mark("so-called", "scare_quotes", "ann"), mark("regime", "loaded_language", "bob", 1),
        ], gold=[GoldRecord(TEXT.index("regime"), TEXT.index("regime") + 6, "loaded_language")],
            relations=[RelationRecord("frames", "so-called", "regime")]),
    ]
    # ann's scare quotes frame her "regime": one relation, which bob did not draw.
    records[1].annotations[0].uid, records[1].annotations[2].uid = "regime", "so-called"
    import_records(sqlite_db, system, project.id, records)
    import_records(sqlite_db, system, blind.id, records[:1])
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def open_agreement(app: AppTest, user: str = "ana", project: str = "Open study") -> AppTest:
    app.run()
    app.text_input(key="login_username").input(user)
    app.text_input(key="login_password").input(PASSWORD)
    app.button[0].click().run()
    # Pages are functions, which AppTest.switch_page cannot name; st.Page hashes its url_path.
    app._page_hash = calc_hash("agreement")
    app.run()
    assert not app.exception, app.exception
    picker = app.selectbox(key=PROJECT)
    picker.select_index(picker.options.index(project)).run()
    assert not app.exception, app.exception
    return app


def texts(app: AppTest) -> list[str]:
    return [str(t.value) for t in app.text]


def test_page_shows_every_chart_with_its_caption(app: AppTest) -> None:
    open_agreement(app)
    headings = [h.value for h in app.subheader]
    assert headings == ["Agreement per label", "Pairs of annotators", "Label confusion",
                        "Agreement per document", "Side by side", "Annotators against gold"]
    captions = " ".join(c.value for c in app.caption)
    assert "Krippendorff's alpha (nominal) on whether each character carries the label" in captions
    assert "Span F1 between two annotators (overlap)" in captions
    assert "Where spans of two annotators overlap" in captions
    assert "lowest first" in captions and "against the gold layer" in captions
    assert "No document is marked done yet" in captions
    labels = app.dataframe[0].value
    assert list(labels["Label"][:2]) == ["Which label (all labels)", "Any span (labels ignored)"]
    assert app.metric[0].value == "2 of 2"
    # Relation F1 per pair: ann drew one relation, bob none.
    assert "A relation counts as matched when its type agrees and both ends match (overlap)" in captions
    relations = next(d.value for d in app.dataframe if "Relations" in d.value.columns)
    assert list(relations["Relations"]) == ["1 / 0"] and list(relations["F1"]) == ["undefined"]
    # The level switch changes what the caption counts.
    app.radio(key=LEVEL).set_value("token").run()
    assert "whether each token carries the label" in " ".join(c.value for c in app.caption)


def test_drill_down_follows_the_document_picker(app: AppTest) -> None:
    open_agreement(app)
    picker = app.selectbox(key=DOCUMENT)
    assert picker.options[0].startswith("#2 \u2068Quarrel")  # lowest agreement first (the title isolated)
    assert "#2 Quarrel" in texts(app)
    assert any("Disputed text" in t and "regime" in t for t in texts(app))
    columns = [t for t in texts(app) if "⟦" in t]
    assert any("⟦regime⟧¹" in t for t in columns)
    regions = app.selectbox(key=REGION)
    assert len(regions.options) == 3
    regions.set_value(1).run()
    assert any("Disputed text" in t and "so-called" in t for t in texts(app))
    # The other document: the annotators agree, the title shows literally.
    ids = [int(o.split()[0][1:]) for o in app.selectbox(key=DOCUMENT).options]
    app.selectbox(key=DOCUMENT).set_value(ids[1]).run()
    assert "#1 Calm <b>**agreement**</b>" in texts(app)
    assert any("agree on every character" in i.value for i in app.info)


def test_a_click_on_a_document_bar_opens_it(app: AppTest) -> None:
    open_agreement(app)
    ids = [int(o.split()[0][1:]) for o in app.selectbox(key=DOCUMENT).options]
    app.session_state[DOCUMENT_CHART] = {
        "selection": {"points": [{"customdata": [ids[1]], "point_index": 1}],
                      "point_indices": [1], "box": [], "lasso": []}}
    app.run()
    assert not app.exception
    assert app.selectbox(key=DOCUMENT).value == ids[1]
    assert "#1 Calm <b>**agreement**</b>" in texts(app)


def test_blind_project_refuses_an_annotator(app: AppTest) -> None:
    open_agreement(app, "cy", "Blind study")
    assert [e.value for e in app.error] == ["The agreement figures cannot be shown:"]
    assert any("may not see agreement figures" in t for t in texts(app))
    assert not app.subheader


def test_finished_basis_with_nothing_done_says_so(app: AppTest) -> None:
    open_agreement(app)
    app.radio(key=BASIS).set_value("finished").run()
    assert any("nothing to compare" in i.value for i in app.info)
    assert app.metric[0].value == "0 of 2"


def test_selection_narrows_the_figures(app: AppTest) -> None:
    open_agreement(app)
    documents = app.multiselect(key=DOCUMENTS)
    quarrel = next(o for o in documents.options if "Quarrel" in o)
    documents.select(int(quarrel.split()[0][1:])).run()
    assert not app.exception
    assert app.metric[0].value == "1 of 1"
    app.multiselect(key=LABELS).select("scare_quotes").run()
    assert list(app.dataframe[0].value["Label"][2:]) == ["Scare quotes / \"so-called\""]


def test_each_disagreement_links_to_the_curation_view_there(app: AppTest) -> None:
    open_agreement(app)
    regions = app.selectbox(key=REGION)
    regions.set_value(1).run()
    (link,) = [e for e in app.get("page_link") if e.proto.label == "Decide it in the curation view"]
    assert link.proto.page.endswith("curation")
    document = int(app.selectbox(key=DOCUMENT).value)
    start = (TEXT + " (2)").index("so-called")
    assert dict(p.split("=") for p in link.proto.query_string.split("&")) == {"doc": str(document), "at": str(start)}


def test_an_annotator_gets_no_link_to_curation(app: AppTest, sqlite_db: Database) -> None:
    (project,) = [p for p in list_projects(sqlite_db, Actor.system()) if p.name == "Open study"]
    set_member(sqlite_db, Actor.system(), project.id, "cy", "annotator")
    open_agreement(app, "cy", "Open study")
    assert any("Disputed text" in t for t in texts(app))
    assert not [e for e in app.get("page_link") if e.proto.label == "Decide it in the curation view"]


def test_one_document_says_not_enough_documents_instead_of_an_interval(app: AppTest) -> None:
    """On one document every resample is that document: the tables say so instead of [x, x]."""
    open_agreement(app)
    app.multiselect(key=DOCUMENTS).set_value([app.multiselect(key=DOCUMENTS).options[1]]).run()
    assert not app.exception
    assert app.metric[0].value == "1 of 1"
    cells = [str(v) for frame in app.dataframe for column in frame.value.columns
             for v in frame.value[column] if isinstance(v, str)]
    assert any("not enough documents for an interval" in c for c in cells)
    intervals = [c.split("[")[1].rstrip("]").split(", ") for c in cells if c.endswith("]") and "[" in c]
    assert not [i for i in intervals if len(i) == 2 and i[0] == i[1]]


def test_a_document_both_annotators_mark_whole_shows_alpha_undefined(sqlite_db: Database, app: AppTest) -> None:
    """All spans identical and covering the text: alpha is undefined (no variation), and the
    page says so instead of failing while drawing the per-document chart."""
    system = Actor.system()
    project = create_project(sqlite_db, system, "Whole study")
    whole = [AnnotationRecord(0, len(TEXT), "claim", annotator=who) for who in ("ann", "bob")]
    import_records(sqlite_db, system, project.id, [DocumentRecord(text=TEXT, title="Whole", annotations=whole)])
    open_agreement(app, project="Whole study")
    assert not app.exception
    shown = [str(m.value) for m in (*app.caption, *app.info)]
    assert any("agree on every character" in t for t in shown)
    assert any("everyone marked all of it alike" in t for t in shown)
