"""Benchmark the rule-based suggesters on the 40 PTC articles (SemEval-2020 Task 11).

Run from the repository root:  python bench/suggest.py [--runs N] [--entries]

For each detector and the PTC technique(s) it is mapped to, prints span precision,
recall and F1 computed with ``annotator.agreement.metrics.span_prf`` (SemEval-2020 Task 11 span
conventions: overlapping gold spans of a document merged; partial overlap earns partial
credit in proportion to the characters shared), then the time per 1,000 words of all
detectors together (median of several runs).

Mapping of our labels to PTC techniques (PTC has no label for claims as such):

  lexicon loaded_language      -> Loaded_Language
  lexicon name_calling         -> Name_Calling,Labeling
  lexicon (all entries)        -> Loaded_Language + Name_Calling,Labeling
  scare_quotes                 -> Loaded_Language / Name_Calling,Labeling / Doubt, each
                                  and all three together
  hedges                       -> Doubt
  attribution                  -> Appeal_to_Authority
  claims (claim, unattributed) -> any technique (span identification, all labels merged)

Overlapping predicted spans of a document (two detectors or two labels in one row) are
merged by ``span_prf`` itself, like the SemEval scorer's ``--merge-user-annotations``;
the "pred" column counts spans before merging.

PTC has no technique for scare quotes, and its annotators left many plainly loaded words
unmarked ("Scumbag shooter", "a national disgrace"), so its P is a lower bound.  The
scare-quote hits are therefore also scored against ``scare_quotes_judged.tsv``: the
detector's hits on these articles judged by hand (one judge; see the file's header).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.agreement.metrics import span_prf  # noqa: E402
from annotator.formats import semeval  # noqa: E402
from annotator.formats.bundle import Limits, open_bundle  # noqa: E402
from annotator.suggest import (  # noqa: E402
    DETECTORS,
    Suggestion,
    detect_all,
    detect_parts,
)
from annotator.suggest import claims as claims_module  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ptc-sample"
JUDGED = Path(__file__).resolve().parent / "scare_quotes_judged.tsv"
Span = tuple[str, int, int]

LL, NC, DOUBT, AUTH = "Loaded_Language", "Name_Calling,Labeling", "Doubt", "Appeal_to_Authority"


def load_corpus(corpus: Path = CORPUS) -> tuple[dict[str, str], list[tuple[str, str, int, int]]]:
    """Articles by id, and gold spans as (doc_id, technique, start, end), read by the SemEval
    format's reader (the one `annotator import` uses); a problem in the data stops the run."""
    result = semeval.read(open_bundle(corpus, Limits(1 << 26, 1 << 28)), source=str(corpus))
    if result.issues:
        raise SystemExit("\n".join(issue.located() for issue in result.issues))
    articles = {str(record.external_id): record.text for record in result.records}
    gold = [(str(record.external_id), span.label, span.start, span.end)
            for record in result.records for span in record.annotations]
    return articles, gold


def gold_for(gold: list[tuple[str, str, int, int]], techniques: set[str] | None) -> list[Span]:
    return [(d, s, e) for d, t, s, e in gold if techniques is None or t in techniques]


def predicted(
    outputs: dict[str, list[Suggestion]], rules: set[str], labels: set[str] | None = None
) -> list[Span]:
    return [
        (doc, s.start, s.end)
        for doc, suggestions in outputs.items()
        for s in suggestions
        if s.rule in rules and (labels is None or s.label in labels)
    ]


ROWS: list[tuple[str, set[str], set[str] | None, set[str] | None]] = [
    # (row name, our rules, our labels (None = all), PTC techniques (None = any))
    ("lexicon: loaded_language -> LL", {"lexicon"}, {"loaded_language"}, {LL}),
    ("lexicon: name_calling -> NC", {"lexicon"}, {"name_calling"}, {NC}),
    ("lexicon: all -> LL+NC", {"lexicon"}, None, {LL, NC}),
    ("lexicon: all -> any technique", {"lexicon"}, None, None),
    ("scare_quotes -> LL", {"scare_quotes"}, None, {LL}),
    ("scare_quotes -> NC", {"scare_quotes"}, None, {NC}),
    ("scare_quotes -> Doubt", {"scare_quotes"}, None, {DOUBT}),
    ("scare_quotes -> LL+NC+Doubt", {"scare_quotes"}, None, {LL, NC, DOUBT}),
    ("scare_quotes -> any technique", {"scare_quotes"}, None, None),
    ("lexicon+scare_quotes -> LL+NC+Doubt", {"lexicon", "scare_quotes"}, None,
     {LL, NC, DOUBT}),
    ("hedges -> Doubt", {"hedges"}, None, {DOUBT}),
    ("attribution -> Appeal_to_Authority", {"attribution"}, None, {AUTH}),
    ("claims: claim -> any technique", {"claims"}, {"claim"}, None),
    ("claims: unattributed -> any technique", {"claims"}, {"unattributed_assertion"}, None),
]


def evaluate(articles: dict[str, str], gold: list[tuple[str, str, int, int]]) -> None:
    outputs = {doc: detect_all(text) for doc, text in articles.items()}
    print(f"{'detector -> PTC technique':40} {'pred':>5} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name, rules, labels, techniques in ROWS:
        pred = predicted(outputs, rules, labels)
        ref = gold_for(gold, techniques)
        p, r, f = span_prf(ref, pred, labelled=False)
        print(f"{name:40} {len(pred):5d} {len(ref):5d} {p:6.3f} {r:6.3f} {f:6.3f}")


def judged_scare_quotes(articles: dict[str, str], path: Path = JUDGED) -> None:
    """Precision of the scare-quote hits against the hand judgements: strict (only "scare"
    counts) and lenient ("unsure" counts too); judged hits no longer proposed, by class."""
    judged: dict[tuple[str, int, int], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            doc, start, end, verdict, _quote = line.split("\t", 4)
            judged[(doc, int(start), int(end))] = verdict
    hits = [(doc, s.start, s.end) for doc, text in articles.items()
            for s in detect_all(text, rules=["scare_quotes"])]
    verdicts = [judged.get(hit, "unjudged") for hit in hits]
    counts = {v: verdicts.count(v) for v in ("scare", "unsure", "not", "unjudged")}
    known = len(hits) - counts["unjudged"]
    strict = counts["scare"] / known if known else 0.0
    lenient = (counts["scare"] + counts["unsure"]) / known if known else 0.0
    print(f"\nscare_quotes against the hand judgements ({path.name}): {len(hits)} hits, "
          + ", ".join(f"{n} {v}" for v, n in counts.items()))
    print(f"  precision strict {strict:.3f}, lenient (unsure counts) {lenient:.3f}")
    dropped = [v for hit, v in judged.items() if hit not in set(hits)]
    if dropped:
        print("  judged hits no longer proposed: "
              + ", ".join(f"{dropped.count(v)} {v}" for v in ("scare", "unsure", "not")))


def entry_table(articles: dict[str, str], gold: list[tuple[str, str, int, int]]) -> None:
    """Per lexicon entry: hits, and hits overlapping a PTC Loaded_Language or
    Name_Calling,Labeling span (for projects tuning their lexicon)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc, technique, start, end in gold:
        if technique in (LL, NC):
            spans.setdefault(doc, []).append((start, end))
    counts: dict[str, list[int]] = {}
    for doc, text in articles.items():
        for s in detect_all(text, rules=["lexicon"]):
            row = counts.setdefault(f"{s.detail} ({s.label})", [0, 0])
            row[0] += 1
            row[1] += any(a < s.end and s.start < b for a, b in spans.get(doc, ()))
    print(f"\n{'lexicon entry':40} {'hits':>5} {'in LL/NC':>9}")
    for name, (n, hit) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0])):
        print(f"{name:40} {n:5d} {hit:9d}")


def _time_per_kword(func: Callable[[str], object], texts: list[str], words: int,
                    runs: int) -> float:
    timings = []
    for _ in range(runs):
        claims_module._analyse.cache_clear()  # no credit for cached claim analysis
        began = time.perf_counter()
        for text in texts:
            func(text)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings) * 1000 / (words / 1000)


def _run_rule(name: str, text: str) -> list[Suggestion]:
    return detect_all(text, rules=[name])


def timing(articles: dict[str, str], runs: int) -> None:
    texts = list(articles.values())
    words = sum(len(text.split()) for text in texts)
    detect_all(texts[0])  # compile lexicons and regexes once, outside the timing
    print(f"\ntime per 1,000 words (median of {runs} runs over {len(texts)} articles, "
          f"{words} words)")
    for name in DETECTORS:
        ms = _time_per_kword(partial(_run_rule, name), texts, words, runs)
        print(f"  {name:28} {ms:6.3f} ms")
    ms = _time_per_kword(detect_parts, texts, words, runs)
    print(f"  {'detect_parts':28} {ms:6.3f} ms")
    ms = _time_per_kword(lambda t: (detect_all(t), detect_parts(t)), texts, words, runs)
    print(f"  {'all detectors + parts':28} {ms:6.3f} ms  (aim: <= 5 ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timing runs (median is shown)")
    parser.add_argument("--entries", action="store_true",
                        help="also list every lexicon entry with its hits and PTC overlaps")
    args = parser.parse_args(argv)
    articles, gold = load_corpus()
    if not articles:
        print(f"no articles under {CORPUS}", file=sys.stderr)
        return 1
    evaluate(articles, gold)
    judged_scare_quotes(articles)
    if args.entries:
        entry_table(articles, gold)
    timing(articles, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
