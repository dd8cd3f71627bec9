"""README screenshots (docs/screenshots): the workspace and the curation view on a PTC article,
at 1440x900 and 1280x720. Run from the repository: `.venv/bin/python docs/screenshots/make_screenshots.py docs/screenshots`."""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from annotator.codebooks import load_builtin
from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.documents import list_documents
from annotator.services.exchange.data_import import import_records
from annotator.services.team.curation import comparison
from annotator.services.team.gold import accept_unanimous, accept_version
from annotator.services.team.projects import create_project, set_member
from tests.support.appserver import chromium, log_in, running_app
from tests.support.databases import migrate
from tests.support.ptc import done_by, perturb, ptc_records

ARTICLE = "700662577"
out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
directory = Path(tempfile.mkdtemp(prefix="readme-shots-"))
url = migrate(f"sqlite:///{directory / 'app.sqlite3'}")
db = Database(url)
lead_view = create_user(db, Actor.system(), "lead", "a long password", role=GlobalRole.ADMIN)
lead = Actor(lead_view.id, lead_view.username, GlobalRole.ADMIN)
project = create_project(db, lead, "PTC sample", codebook="semeval2020-ptc")
for name in ("maria", "tomas"):
    create_user(db, Actor.system(), name, "a long password")
    set_member(db, lead, project.id, name, "annotator")
record = [r for r in ptc_records(Path(__file__).resolve().parents[3] / "shared" / "corpus") if r.external_id == ARTICLE]
labels = [label.key for label in load_builtin("semeval2020-ptc").labels]
import_records(db, lead, project.id, done_by(perturb(record, 0.0, annotator="maria", labels=labels), "maria"), annotator="maria")
import_records(db, lead, project.id, done_by(perturb(record, 0.5, annotator="tomas", labels=labels, seed=3), "tomas"), annotator="tomas")
doc = list_documents(db, lead, project.id)[0].id
view = comparison(db, lead, doc)
accept_unanimous(db, lead, doc)
accept_version(db, lead, doc, view.clusters[0].versions[0].uid)
with running_app(url, directory) as server, chromium() as browser:
    for w, h in ((1440, 900), (1280, 720)):
        context = browser.new_context(viewport={"width": w, "height": h})
        page = context.new_page()
        log_in(page, server.url, "maria", "a long password")
        page.goto(f"{server.url}/workspace?doc={doc}")
        page.wait_for_selector(".anno-hl-text .anno-hl-line", timeout=90000)
        page.wait_for_timeout(3000)
        page.locator(".anno-hl-seg").nth(2).click()
        page.wait_for_timeout(5000)
        page.screenshot(path=str(out / f"workspace-{w}x{h}.png"))
        context.close()
        context = browser.new_context(viewport={"width": w, "height": h})
        page = context.new_page()
        log_in(page, server.url, "lead", "a long password")
        page.goto(f"{server.url}/curation?doc={doc}&at={view.clusters[1].start}")
        page.wait_for_function("() => window.__annotatorCuration && window.__annotatorCuration.paintedAt", timeout=90000)
        page.wait_for_timeout(6000)
        page.screenshot(path=str(out / f"curation-{w}x{h}.png"))
        context.close()
    log = server.log.read_text()
    print("Traceback in log" if "Traceback" in log else "log clean")
