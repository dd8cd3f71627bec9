"""Benchmark claim matching (annotator.claims): grouping 10,000 claims, and the side panel.

Run from the repository root:  python bench/claims.py [--claims N] [--quality] [--embeddings auto|off|on]

The claims are synthetic paraphrase families made from templates: one claim (an actor, an
action, an object, a number) written five ways (plain, passive with attribution, "according
to", quoted inside a longer sentence, reordered), about one family in five also with a
look-alike that changes the number. Prints the time and the peak memory of `propose_groups`
(issue 19 asks for at most 30 s for 10,000 claims on this machine), its pairwise F1 against
the families, and the time of one `GroupIndex.nearest` call. With `--quality`, also the pairwise
F1 on the two hand-written test sets (tests/claims/data) with and without embeddings.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

import _common  # noqa: F401  (puts the repository root on sys.path)

from annotator.claims import (
    Claim,
    GroupIndex,
    IndexedGroup,
    load_embedder,
    pairwise_scores,
    propose_groups,
)

ACTORS = ["minister", "council", "governor", "ministry", "agency", "commission", "mayor", "regulator",
          "army", "company", "union", "bank", "court", "police", "board"]
# Invented place names from syllables: thousands of them, as a real news collection names
# thousands of places, people and bodies.
_SYLLABLES = ["kar", "vel", "os", "dal", "mar", "tes", "bran", "ul", "ser", "hal", "pra", "lor", "kes",
              "ard", "zel", "nor", "cas", "ob", "ril", "tam", "vik", "ny", "ora", "ech"]
PLACES = sorted({(a + b + c).capitalize() for a in _SYLLABLES for b in _SYLLABLES for c in ("", "a", "in", "sk")})
ACTIONS = [("cut", "reduced", "slashed"), ("raised", "increased", "lifted"), ("froze", "halted", "suspended"),
           ("doubled", "expanded", "grew"), ("hid", "concealed", "withheld")]
OBJECTS = [f"{kind} {thing}" for kind in ("school", "water", "pension", "housing", "fuel", "hospital", "road",
                                           "farm", "border", "museum", "bus", "police", "flood", "research",
                                           "child", "export", "mining", "clinic", "tram", "grain")
           for thing in ("budgets", "subsidies", "payments", "grants", "allowances", "loans", "permits")]
SOURCES = ["officials", "a spokesman", "opposition deputies", "the auditors", "local reporters", "analysts"]
OUTLETS = ["Daily Ledger", "Northern Post", "Meridian", "Civic Observer", "Harbor Times", "Eastwind"]


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def families(count: int, seed: int = 19) -> tuple[list[Claim], dict[str, str]]:
    """About `count` claims in families of five (plus look-alikes), and their gold groups."""
    rng = random.Random(seed)
    claims: list[Claim] = []
    gold: dict[str, str] = {}
    family = 0
    while len(claims) < count:
        actor = f"the {rng.choice(ACTORS)} of {rng.choice(PLACES)}"
        verbs = rng.choice(ACTIONS)
        thing = f"{rng.choice(OBJECTS)} in {rng.choice(PLACES)}"
        number = rng.randint(3, 95)
        source, outlet = rng.choice(SOURCES), rng.choice(OUTLETS)
        texts = [
            f"{_upper(actor)} {verbs[0]} {thing} by {number} percent.",
            f"{_upper(thing)} were {verbs[1]} by {number}% by {actor}, {outlet} reported.",
            f"According to {source}, {actor} {verbs[2]} {thing} by {number} per cent this year.",
            f"\"{_upper(actor)} {verbs[0]} {thing} by {number} percent,\" {source} told reporters on Monday.",
            f"This year {thing} were {verbs[0]} by {actor} by {number} percent, {source} said.",
        ]
        if rng.random() < 0.2:
            other = number + rng.choice([-2, 1, 10])
            texts.append(f"{_upper(actor)} {verbs[0]} {thing} by {other} percent.")
        for variant, text in enumerate(texts):
            claim_id = f"f{family}/{variant}"
            claims.append(Claim(claim_id, text, outlet))
            gold[claim_id] = f"f{family}" + ("x" if variant == 5 else "")
        family += 1
    return claims, gold


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_grouping(count: int, embeddings: str) -> None:
    claims, gold = families(count)
    before = _peak_mb()
    started = time.perf_counter()
    grouping = propose_groups(claims, embeddings=embeddings)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    scores = pairwise_scores(grouping.labels(), gold)
    print(f"propose_groups, {len(claims):,} claims, embeddings {grouping.embeddings}: {seconds:.1f} s, "
          f"peak RSS {_peak_mb():.0f} MB (before: {before:.0f} MB); {len(grouping.groups):,} groups, "
          f"{grouping.pairs_scored:,} pairs scored, {grouping.contradictions:,} contradictions; "
          f"pairwise P {scores.precision:.3f} R {scores.recall:.3f} F1 {scores.f1:.3f}")
    indexed = [IndexedGroup(n, tuple(c for c in claims if c.id in set(g.members)))
               for n, g in enumerate(grouping.groups[:2000])]
    started = time.perf_counter()
    index = GroupIndex(indexed, embeddings=embeddings)  # type: ignore[arg-type]
    built = time.perf_counter() - started
    queries = [c.text.replace("percent", "per cent") for c in claims[:200:7]]
    index.nearest(queries[0])
    times = []
    for query in queries:
        started = time.perf_counter()
        index.nearest(query, k=5)
        times.append(time.perf_counter() - started)
    members = sum(len(g.members) for g in indexed)
    print(f"GroupIndex of {len(indexed):,} groups ({members:,} claims), embeddings {index.embeddings}: "
          f"built in {built:.1f} s; nearest() median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms over {len(times)} queries")


def bench_quality(embeddings: str) -> None:
    from tests.claims.gold import SETS, load

    for name in SETS:
        data = load(name)
        for mode in ("off", "on") if embeddings == "on" else ("off",):
            grouping = propose_groups(data.claims, embeddings=mode)  # type: ignore[arg-type]
            scores = pairwise_scores(grouping.labels(), data.gold)
            print(f"{name}: {len(data.claims)} claims, embeddings {grouping.embeddings}: pairwise "
                  f"P {scores.precision:.3f} R {scores.recall:.3f} F1 {scores.f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--embeddings", choices=("auto", "off", "on"), default="auto")
    parser.add_argument("--quality", action="store_true", help="also score the hand-written test sets")
    args = parser.parse_args()
    embedder, line = load_embedder(args.embeddings)
    print(line)
    bench_grouping(args.claims, "off")
    if embedder is not None:
        bench_grouping(args.claims, "on")
    if args.quality:
        bench_quality("on" if embedder is not None else "off")


if __name__ == "__main__":
    main()
