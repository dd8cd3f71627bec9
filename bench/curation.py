"""The curation view on a long article: the peer benchmark's 20,000-word text with 3
annotators x 1,000 spans (the generator's spans, and two seeded copies with moved boundaries,
swapped labels and dropped spans), imported into a temporary SQLite database and opened on
the Curation page of the real app with Debian's chromium.

    python bench/curation.py [--runs 5]

Prints medians (and min-max) of:
- page load until every annotator's spans are painted (navigation start to the second
  animation frame after the view drew them), in a new browser context with an empty cache,
  and until the drawing reached the view;
- a decision (key 1 on a disagreement: accept the first version) until the new drawing is
  painted, and until it reached the view (the server's part).

Targets on a 2-core machine: load -> painted <= 3 s; decision -> painted <= 500 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT
from peer.data import peer_dataset
from workspace import COLOURS, LABELS, figure

from annotator.codebooks import parse_codebook
from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.team.projects import create_project
from tests.support.appserver import CHROMIUM, chromium, log_in, running_app
from tests.support.databases import migrate

USER, PASSWORD = "curator", "bench password"
ANNOTATORS = ("a1", "a2", "a3")


def copy_of(spans: list[dict[str, Any]], text: str, rng: random.Random) -> list[AnnotationRecord]:
    """A plausible second annotator: most spans alike, some ends moved, some labels swapped."""
    out = []
    for s in spans:
        start, end, label = s["start"], s["end"], s["label"]
        roll = rng.random()
        if roll < 0.03:
            continue
        if roll < 0.15:
            end = max(start + 1, min(len(text), end + rng.choice((-2, -1, 1, 2))))
        elif roll < 0.22:
            label = rng.choice([x for x in LABELS if x != label])
        out.append(AnnotationRecord(start, end, label, text[start:end]))
    return out


def seed(url: str, dataset: Path) -> tuple[int, int]:
    """The long article with three annotators' spans: (document id, spans in all)."""
    data = json.loads((dataset / "long.json").read_text(encoding="utf-8"))
    db = Database(migrate(url))
    user = create_user(db, Actor.system(), USER, PASSWORD, role=GlobalRole.ADMIN)
    actor = Actor(user.id, user.username, GlobalRole.ADMIN)
    codebook = parse_codebook({
        "key": "peer-ner", "name": "Peer benchmark labels",
        "categories": [{"key": "entities", "name": "Entities"}],
        "labels": [{"key": key, "name": key, "category": "entities", "colour": colour,
                    "hotkey": None, "description": key}
                   for key, colour in zip(LABELS, COLOURS, strict=True)],
    }, source="bench")
    project = create_project(db, actor, "Long article", codebook=codebook)
    text = data["text"]
    rng = random.Random(11)
    total = 0
    document_id = None
    for number, who in enumerate(ANNOTATORS):
        create_user(db, Actor.system(), who, PASSWORD)
        spans = ([AnnotationRecord(s["start"], s["end"], s["label"], s["text"]) for s in data["spans"]]
                 if number == 0 else copy_of(data["spans"], text, rng))
        total += len(spans)
        # The same text again: the import adds this annotator's spans to the same document.
        record = DocumentRecord(text=text, title="Long article (20,000 words, 3 x 1,000 spans)",
                                external_id="long", annotations=spans)
        result = import_records(db, actor, project.id, [record], annotator=who)
        assert document_id in (None, result.document_ids[0])
        document_id = result.document_ids[0]
    db.dispose()
    assert document_id is not None
    return document_id, total


PAINTED = "(n) => window.__annotatorCuration && window.__annotatorCuration.count >= n && window.__annotatorCuration.paintedAt"


def measure(app_url: str, document_id: int, total: int, runs: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {"cold": [], "cold_server": [], "decision": [], "decision_server": []}
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        log_in(page, app_url, USER, PASSWORD)
        cookies = context.cookies()
        for _ in range(runs):
            fresh = browser.new_context(viewport={"width": 1440, "height": 900})
            fresh.add_cookies(cookies)
            tab = fresh.new_page()
            tab.goto(f"{app_url}/curation?doc={document_id}")
            tab.wait_for_function(PAINTED, arg=total, timeout=120_000)
            info = tab.evaluate("() => window.__annotatorCuration")
            found["cold"].append(float(info["paintedAt"]))
            found["cold_server"].append(float(info["updateAt"]))
            fresh.close()
        page.goto(f"{app_url}/curation?doc={document_id}")
        page.wait_for_function(PAINTED, arg=total, timeout=120_000)
        page.wait_for_timeout(1000)
        for _ in range(runs):
            page.keyboard.press("n")  # the next open disagreement
            page.wait_for_function("() => document.querySelector('.anno-cur')?.dataset.focus", timeout=15_000)
            rev = page.evaluate("() => window.__annotatorCuration.rev")
            page.keyboard.press("1")
            page.wait_for_function("(rev) => window.__annotatorCuration.rev !== rev", arg=rev, timeout=30_000)
            info = page.evaluate("() => window.__annotatorCuration")
            found["decision"].append(info["paintedAt"] - info["actionAt"])
            found["decision_server"].append(info["updateAt"] - info["actionAt"])
            page.wait_for_timeout(500)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is needed (Debian's chromium package)")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-cur-") as tmp:
        directory = Path(tmp)
        url = f"sqlite:///{directory / 'bench.sqlite3'}"
        document_id, total = seed(url, peer_dataset(directory / "peer"))
        with running_app(url, directory) as app:
            started = time.monotonic()
            found = measure(app.url, document_id, total, args.runs)
            elapsed = time.monotonic() - started
    print(f"curation view on the long article: {len(ANNOTATORS)} annotators, {total:,} spans "
          f"(SQLite, {elapsed:.0f} s of browsing)")
    print(f"  page load -> every span painted       {figure(found['cold'])}  new browser, empty cache")
    print(f"    of which until the drawing reached the view: {figure(found['cold_server'])}")
    print(f"  decision (key 1) -> painted           {figure(found['decision'])}")
    print(f"    of which until the new drawing reached the view: {figure(found['decision_server'])}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
