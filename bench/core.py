"""Core write speed: one create-annotation call (median latency) on SQLite and PostgreSQL,
and annotations created per second in bulk (the import path).

    python bench/core.py [--calls 500] [--bulk 100000]

Targets on a 2-core machine: one call <= 5 ms median on SQLite; bulk >= 20,000 annotations/s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from _common import postgres_url, sqlite_url, words

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.migrate import upgrade
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import SpanIn, create_annotation
from annotator.services.exchange.data_import import import_records
from annotator.services.team.projects import create_project

LABELS = ["claim", "loaded_language", "scare_quotes", "name_calling", "hedge", "source_attribution"]


def article(count: int, seed: int) -> str:
    return words(random.Random(seed), count) + "\n"


def setup(url: str) -> tuple[Database, Actor, int]:
    db = Database(url)
    upgrade(db.engine)
    user = create_user(db, Actor.system(), "bench", "bench password", role=GlobalRole.ADMIN)
    actor = Actor(user.id, user.username, GlobalRole.ADMIN)
    project = create_project(db, actor, "bench")
    return db, actor, project.id


def single_calls(url: str, calls: int) -> list[float]:
    db, actor, project_id = setup(url)
    text = article(20_000, 1)
    doc, _ = add_document(db, actor, project_id, text)
    rng = random.Random(2)
    for _ in range(20):  # warm-up: connections, statement caches
        s = rng.randrange(0, len(text) - 20)
        create_annotation(db, actor, doc, SpanIn(s, s + 10, "claim", text[s : s + 10]))
    latencies = []
    for _ in range(calls):
        s = rng.randrange(0, len(text) - 20)
        spec = SpanIn(s, s + rng.randint(3, 15), rng.choice(LABELS), "")
        spec = SpanIn(spec.start, spec.end, spec.label, text[spec.start : spec.end])
        started = time.perf_counter()
        create_annotation(db, actor, doc, spec)
        latencies.append(time.perf_counter() - started)
    db.dispose()
    return latencies


def bulk(url: str, total: int, per_document: int = 50) -> float:
    db, actor, project_id = setup(url)
    rng = random.Random(3)
    records = []
    for d in range(total // per_document):
        text = article(500, 100 + d)
        spans = []
        for _ in range(per_document):
            s = rng.randrange(0, len(text) - 20)
            e = s + rng.randint(3, 15)
            spans.append(AnnotationRecord(s, e, rng.choice(LABELS), text[s:e], annotator="bench"))
        records.append(DocumentRecord(text=text, title=f"doc {d}", annotations=spans))
    started = time.perf_counter()
    result = import_records(db, actor, project_id, records)
    elapsed = time.perf_counter() - started
    assert result.annotations == total, result
    db.dispose()
    return total / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--bulk", type=int, default=100_000)
    args = parser.parse_args()
    print(f"{'backend':<12}{'create median':>16}{'p95':>10}{'bulk/s':>14}")
    backends = [("SQLite", sqlite_url)]
    backends.append(("PostgreSQL", postgres_url))
    for name, make_url in backends:
        with make_url() as url:
            if url is None:
                continue
            latencies = sorted(single_calls(url, args.calls))
        with make_url() as url:
            rate = bulk(url, args.bulk)
        p95 = latencies[int(len(latencies) * 0.95)]
        print(f"{name:<12}{statistics.median(latencies) * 1000:>13.2f} ms{p95 * 1000:>7.2f} ms{rate:>14,.0f}")
    print("targets: SQLite create median <= 5 ms; bulk >= 20,000 annotations/s")


if __name__ == "__main__":
    main()
