"""Benchmark: our Krippendorff's alpha against ``krippendorff.alpha``, and the project-level
agreement of a large project.

Run from the repository root as ``python bench/agreement.py [--part alpha|project|all]``.

- alpha: per level, the median of 5 timed runs of each implementation on the same seeded data
  (5 raters x 100,000 units, 10 categories, ~10% missing), the ratio of the medians and the
  largest absolute difference between the two results. Target: ratio <= 0.25 with
  |diff| < 1e-9.
- project: 1,000 seeded articles of about 500 words (~3,000 characters) x 3 annotators x 30
  spans, imported into a temporary SQLite database (and PostgreSQL when the test suite's
  server can start), all marked done; the median of 5 end-to-end calls of the agreement
  service (load + every figure with 1,000 bootstrap resamples), and the compute part alone.
  Target: <= 2 s.

Figures only; nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import krippendorff  # noqa: E402
from _common import VOCABULARY, median_time, postgres_url, sqlite_url, words  # noqa: E402

from annotator.agreement.metrics import krippendorff_alpha  # noqa: E402
from annotator.agreement.study import compute_study  # noqa: E402
from annotator.agreement.study.positions import cached_token_offsets  # noqa: E402
from annotator.db import Database  # noqa: E402
from annotator.formats.records import AnnotationRecord, DocumentRecord  # noqa: E402
from annotator.migrate import upgrade  # noqa: E402
from annotator.services.actor import Actor  # noqa: E402
from annotator.services.exchange.data_import import import_records
from annotator.services.team import agreement_cache
from annotator.services.team.agreement import AgreementFilter, load, project_agreement, study_input
from annotator.services.team.projects import create_project

RATERS, UNITS, CATEGORIES, MISSING, RUNS, WARMUP, SEED = 5, 100_000, 10, 0.10, 5, 3, 20240501
LEVELS = ("nominal", "interval", "ordinal", "ratio")


def make_data() -> np.ndarray:
    rng = np.random.default_rng(SEED)
    data = rng.integers(0, CATEGORIES, size=(RATERS, UNITS)).astype(np.float64)
    data[rng.random(data.shape) < MISSING] = np.nan
    return data


def alpha_part() -> None:
    data = make_data()
    print(f"Krippendorff's alpha, {RATERS} raters x {UNITS:,} units, {CATEGORIES} categories, "
          f"{MISSING:.0%} missing; median of {RUNS} runs")
    print(f"{'level':<9} {'ours (ms)':>10} {'krippendorff (ms)':>18} {'ratio':>7} "
          f"{'|diff|':>9}  alpha")
    for level in LEVELS:
        ours_t, ours = median_time(lambda lv=level: krippendorff_alpha(data, level=lv), runs=RUNS, warmup=WARMUP)
        ref_t, ref = median_time(lambda lv=level: float(krippendorff.alpha(data, level_of_measurement=lv)),
                                 runs=RUNS, warmup=WARMUP)
        print(f"{level:<9} {ours_t * 1e3:>10.2f} {ref_t * 1e3:>18.2f} {ours_t / ref_t:>7.3f} "
              f"{abs(ours - ref):>9.1e}  {ours:.6f}")


DOCS, ANNOTATORS, SPANS, WORDS = 1_000, 3, 30, 500
SPAN_LABELS = ["claim", "loaded_language", "scare_quotes", "name_calling", "euphemism",
               "unattributed_assertion", "hedge", "funding_appeal", "source_attribution"]
WORDS_AND_STOP = (*VOCABULARY, ".")  # the shared words and a full stop


def project_records(seed: int = 20240502) -> list[DocumentRecord]:
    """Annotators who mostly agree: each copies a shared span with shifted boundaries, now and
    then another label, or a span of their own."""
    rng = random.Random(seed)
    records = []
    for d in range(DOCS):
        text = words(rng, WORDS, WORDS_AND_STOP) + f" ({d})\n"
        shared = []
        for _ in range(SPANS):
            start = rng.randrange(0, len(text) - 60)
            shared.append((start, start + rng.randint(3, 50), rng.choice(SPAN_LABELS)))
        spans = []
        for a in range(ANNOTATORS):
            for start, end, label in shared:
                if rng.random() < 0.15:
                    start = rng.randrange(0, len(text) - 60)
                    end = start + rng.randint(3, 50)
                start = max(0, start + rng.choice((0, 0, 0, -2, 3)))
                end = max(end, start + 1)
                label = rng.choice(SPAN_LABELS) if rng.random() < 0.1 else label
                spans.append(AnnotationRecord(start, end, label, annotator=f"annotator{a}"))
        records.append(DocumentRecord(
            text=text, title=f"article {d}", annotations=spans,
            assignments=[{"annotator": f"annotator{a}", "status": "done"}
                         for a in range(ANNOTATORS)]))
    return records


def wall_and_cpu(function: Callable[[], object]) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of RUNS calls (after WARMUP calls). CPU time is this
    process only: on a shared machine it shows the work apart from waiting for a core."""
    for _ in range(WARMUP):
        function()
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def project_part(url: str, name: str, records: list[DocumentRecord]) -> None:
    db = Database(url)
    upgrade(db.engine)
    system = Actor.system()
    project = create_project(db, system, "bench")
    import_records(db, system, project.id, records)
    options = AgreementFilter()
    cached_token_offsets.cache_clear()
    started = time.perf_counter()
    report = project_agreement(db, system, project.id, options)
    first = time.perf_counter() - started  # tokenises every document
    kept, _ = wall_and_cpu(lambda: project_agreement(db, system, project.id, options))  # the report kept

    def study() -> object:
        agreement_cache.clear()  # the study itself, not the report kept from the last call
        return project_agreement(db, system, project.id, options)

    total, total_cpu = wall_and_cpu(study)
    with db.read() as session:
        data = study_input(load(session, system, project.id, options))
    compute, compute_cpu = wall_and_cpu(lambda: compute_study(data))
    print(f"{name:<11} {first * 1e3:>10.0f} {total * 1e3:>11.0f} {total_cpu * 1e3:>9.0f} "
          f"{compute * 1e3:>13.0f} {compute_cpu * 1e3:>9.0f} {kept * 1e3:>6.0f}  {report.counted.n_spans:,} spans, "
          f"{report.counted.n_characters:,} characters, alpha {report.overall[0].char.value:.3f}")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["alpha", "project", "all"], default="all")
    args = parser.parse_args()
    if args.part in ("alpha", "all"):
        alpha_part()
    if args.part in ("project", "all"):
        print(f"\nProject-level agreement, {DOCS:,} documents x {ANNOTATORS} annotators x "
              f"{SPANS} spans, 1,000 bootstrap resamples; median of {RUNS} runs (target <= 2 s)")
        print("first: the first call (tokens not cached yet); end to end: the service call "
              "(load + compute); compute: the computation alone; CPU: this process's CPU time; "
              "kept: a call whose report is kept from the last one (nothing changed: the revision read only)")
        print(f"{'backend':<11} {'first (ms)':>10} {'end to end':>11} {'CPU (ms)':>9} "
              f"{'compute (ms)':>13} {'CPU (ms)':>9} {'kept':>6}")
        records = project_records()
        for name, make_url in (("SQLite", sqlite_url), ("PostgreSQL", postgres_url)):
            with make_url() as url:
                if url is not None:
                    project_part(url, name, records)


if __name__ == "__main__":
    main()
