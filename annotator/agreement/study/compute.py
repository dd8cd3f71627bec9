"""Project-level agreement: from plain arrays of spans to an :class:`AgreementReport`.

No database here: the agreement service loads a project's documents, spans, document labels,
gold spans and who finished what, hands them over as a :class:`~.inputs.StudyInput` and gets
every figure of the agreement page back. Steps:

1. Documents are laid end to end; with ``body_only`` furniture and comments do not count
   (:mod:`.positions`). Positions are characters or tokens.
2. Spans become per-segment codes (:mod:`.segments`), tallied per document by
   :func:`annotator.agreement.metrics.tally.tally`: alpha per label (presence), "which label"
   and "any span", at both levels.
3. Span sets are matched per pair of annotators (:mod:`.matching`): exact and overlap F1, the
   label confusion of overlapping spans, and each annotator against gold.
4. Every figure gets its value and a percentile bootstrap interval over documents from the
   per-document counts (:class:`.resampler.Resampler`), the values from
   :mod:`annotator.agreement.metrics` (alpha from tallies, F1 from match counts).

A new figure takes the same path: a statistic over additive per-document counts in
:mod:`annotator.agreement.metrics`, its counts collected here, a field in :mod:`.report`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..metrics.tally import (
    NominalTally,
    PresenceTallier,
    alpha_from_sums,
    alpha_of_features,
    features,
    observed_agreement,
    tally,
)
from .inputs import Category, LabelInfo, Spans, StudyInput, StudyOptions
from .matching import f1_overlap, gold_rows, match_spans
from .positions import LEVELS, Layout, document_layout
from .relation_pairs import relation_pairs
from .report import (
    AgreementReport,
    Counted,
    DocumentAgreement,
    DocumentLabelAgreement,
    LabelAgreement,
)
from .resampler import Resampler
from .segments import PositionCodes, encode_positions, with_missing
from .threads import in_thread

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

ALL_LABELS = "*label"
ANY_SPAN = "*any"


DEFAULT_OPTIONS = StudyOptions()


def compute_study(data: StudyInput, *, options: StudyOptions = DEFAULT_OPTIONS,
                  layout_from: Callable[[], Layout] | None = None) -> AgreementReport:
    """The report. ``layout_from`` hands over :func:`.positions.document_layout` of the texts
    and parts with ``options.body_only`` when the caller has begun it already (else it is made
    here); it should keep no reference, so that the token offsets can go once the spans are
    placed."""
    n_docs, n_ann = len(data.texts), len(data.annotators)
    included = np.asarray(data.included, dtype=bool).reshape(n_docs, n_ann)
    _check_spans(data.spans, data.texts, n_ann, len(data.labels), "spans")
    _check_spans(data.gold, data.texts, None, len(data.labels), "gold")
    has_gold = (np.bincount(data.gold.doc, minlength=n_docs) > 0 if data.has_gold is None
                else np.asarray(data.has_gold, dtype=bool))
    if layout_from is None:
        places = document_layout(data.texts, data.parts, body_only=options.body_only)
    elif len((places := layout_from()).offsets) != n_docs + 1 or int(places.offsets[-1]) != sum(map(len, data.texts)):
        raise ValueError("the layout given is not of these documents")
    gold_row = np.full(len(data.gold), n_ann, dtype=np.int64)
    rows = np.concatenate((data.spans.row, gold_row))
    labels = np.concatenate((data.spans.label, data.gold.label))
    docs = np.concatenate((data.spans.doc, data.gold.doc))
    g_start = places.to_global(docs, np.concatenate((data.spans.start, data.gold.start)))
    g_end = places.to_global(docs, np.concatenate((data.spans.end, data.gold.end)))
    raters = np.column_stack((included, has_gold))
    counted = np.flatnonzero(included.sum(axis=1) >= 2)
    resample = Resampler(n_resamples=options.n_resamples, seed=options.seed,
                         confidence=options.confidence)
    resample.prefetch(len(counted))  # the figures' intervals are over the counted documents

    # The spans are placed on both levels first, so that the token offsets (17 million tokens
    # at 100,000 documents: 280 MB) are let go before the codes are built. A level's codes
    # are the study's largest tables: each is tallied and let go. Annotators against gold:
    # alpha per character only, and only where there is gold.
    placed = {level: places.axis(level).locate(g_start, g_end) for level in LEVELS}
    del g_start, g_end
    # A span with no counted character (wholly in furniture, with body_only) is left out.
    first, stop = placed["char"]
    on_counted_text = first[:len(data.spans)] < stop[:len(data.spans)]
    places = places.without_tokens()
    # The span matching needs only the spans placed on characters: it runs in a thread of its
    # own while the positions are encoded and tallied (numpy's sorts and searches let go of
    # the GIL; the second core is idle once the layout is made).
    matched = in_thread(lambda first, stop: match_spans(
        first, stop, rows, labels, docs, included, has_gold, n_labels=len(data.labels),
        span=int(places.char.n_positions) + 1, resample=resample), *placed["char"])
    tallies = {level: _level_tallies(
        encode_positions(places.axis(level).bounds, *placed.pop(level), rows, labels,
                         n_rows=n_ann + 1, n_labels=len(data.labels)),
        raters, n_ann, n_docs, with_gold=level == "char" and bool(has_gold.any()))
        for level in LEVELS}
    matching = matched.result()

    # Spans the figures rest on: by an annotator who counts on a document that is counted
    # (two or more such annotators); spans elsewhere are in the data but not in the study.
    in_study = _spans_in_study(data.spans, included, counted) & on_counted_text
    n_in_study = int(in_study.sum())
    n_spans = np.bincount(data.spans.label[in_study], minlength=len(data.labels))
    rows_wanted: list[tuple[str, str, str | int, NDArray[np.float64], int]] = [
        (ALL_LABELS, "Which label (all labels)", "combined", matching.all_counts, n_in_study),
        (ANY_SPAN, "Any span (labels ignored)", "any", matching.any_counts, n_in_study)]
    rows_wanted += [(info.key, info.name, i, matching.label_counts[:, i], int(n_spans[i]))
                    for i, info in enumerate(data.labels)]
    requests: list[tuple[NDArray[np.float64], Any]] = []
    for _, _, which, f1_counts, _ in rows_wanted:
        for level in LEVELS:
            found = tallies[level]["labels"][which] if isinstance(which, int) else \
                tallies[level][which]
            requests.append((features(found, counted), alpha_of_features))
        requests.append((f1_counts[counted], f1_overlap))
    estimates = resample.estimate_all(requests)
    every = [LabelAgreement(key, name, estimates[3 * k], estimates[3 * k + 1],
                            estimates[3 * k + 2], spans)
             for k, (key, name, _, _, spans) in enumerate(rows_wanted)]
    overall, label_rows = tuple(every[:2]), tuple(every[2:])
    gold = gold_rows(data.annotators, matching, tallies["char"].get("gold", []), has_gold,
                     resample)
    return AgreementReport(
        project=data.project,
        annotators=tuple(data.annotators),
        counted=_counted(data, options, places, counted, has_gold, n_in_study),
        overall=overall,
        labels=label_rows,
        pairs=matching.pairs(data.annotators),
        confusion=matching.confusion(data.labels),
        documents=_documents(data, tallies["char"]["combined"], matching.doc_f1, counted,
                             included, in_study),
        gold=gold,
        document_labels=_document_labels(data, included, resample),
        relations=relation_pairs(data.annotators, data.relations, included),
    )


def _check_spans(spans: Spans, texts: Sequence[str], n_rows: int | None, n_labels: int,
                 name: str) -> None:
    if not len(spans):
        return
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    if spans.doc.min() < 0 or spans.doc.max() >= len(texts):
        raise ValueError(f"{name}: document index out of range")
    if spans.label.min() < 0 or spans.label.max() >= n_labels:
        raise ValueError(f"{name}: label index out of range")
    if n_rows is not None and (spans.row.min() < 0 or spans.row.max() >= n_rows):
        raise ValueError(f"{name}: annotator index out of range")
    bad = (spans.start < 0) | (spans.end <= spans.start) | (spans.end > lengths[spans.doc])
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name}[{i}]: need 0 <= start < end <= document length, got "
                         f"[{spans.start[i]}, {spans.end[i]})")


def _level_tallies(codes: PositionCodes, raters: BoolArray, n_ann: int, n_docs: int, *,
                   with_gold: bool) -> dict[str, Any]:
    segments = codes.segments
    counts = raters[segments.doc].T  # raters x segments
    presence = PresenceTallier(counts[:n_ann], segments.weights, segments.doc, n_groups=n_docs)

    def count(rows: Any) -> NominalTally:
        return tally(with_missing(codes.combined[rows], counts[rows]), segments.weights,
                     segments.doc, n_groups=n_docs, n_categories=codes.n_combined)

    found = {
        "labels": [presence.tally_cells(cells) for cells in codes.covered],
        "combined": count(slice(0, n_ann)),
        "any": presence.tally(codes.any_span()[:n_ann]),
    }
    if with_gold:
        found["gold"] = [count([a, n_ann]) for a in range(n_ann)]
    return found


def _spans_in_study(spans: Spans, included: BoolArray, counted: IntArray) -> BoolArray:
    """Which spans lie on a counted document and are by an annotator who counts there."""
    on_counted = np.zeros(included.shape[0], dtype=bool)
    on_counted[counted] = True
    result: BoolArray = on_counted[spans.doc] & included[spans.doc, spans.row]
    return result


def _counted(data: StudyInput, options: StudyOptions, places: Layout, counted: IntArray,
             has_gold: BoolArray, n_spans: int) -> Counted:
    def positions(level: str) -> int:
        bounds = places.axis(level).bounds  # type: ignore[arg-type]
        return int((bounds[counted + 1] - bounds[counted]).sum())

    return Counted(
        n_documents=len(data.texts), n_documents_counted=len(counted),
        n_documents_with_gold=int(has_gold.sum()), n_annotators=len(data.annotators),
        n_characters=positions("char"), n_tokens=positions("token"), n_spans=n_spans,
        basis=data.basis, basis_note=data.basis_note, body_only=options.body_only,
        n_resamples=options.n_resamples, confidence=options.confidence)


def _documents(data: StudyInput, combined: NominalTally, doc_f1: NDArray[np.float64],
               counted: IntArray, included: BoolArray, in_study: BoolArray
               ) -> tuple[DocumentAgreement, ...]:
    alpha = alpha_from_sums(combined.disagree, combined.marginals)
    observed = observed_agreement(combined.disagree, combined.marginals)
    # The spans the row's figures rest on, as the headline counts them.
    spans = np.bincount(data.spans.doc[in_study], minlength=len(data.texts))
    order = _lowest_first(alpha[counted], observed[counted])
    chosen = counted[order]
    columns = (alpha[chosen], observed[chosen], doc_f1[chosen], included.sum(axis=1)[chosen],
               spans[chosen])
    return tuple(DocumentAgreement(int(data.document_ids[d]), data.titles[d], *values)
                 for d, *values in zip(chosen.tolist(), *(c.tolist() for c in columns),
                                       strict=True))


def _lowest_first(alpha: NDArray[np.float64], observed: NDArray[np.float64]) -> IntArray:
    """The order of the documents' rows: lowest alpha first, then by observed agreement;
    undefined alpha (no variation at all) last, by observed agreement. By numpy's stable
    sort, which orders these keys as Python's sort did (0.03 s of 100,000 rows instead of
    0.22), unless an observed agreement is undefined too (a document without a position two
    annotators count on): Python's sort orders NaN its own way, so it still does that."""
    undefined = np.isnan(alpha)
    if np.isnan(observed).any():
        keys = list(zip(undefined.tolist(), np.where(undefined, 0.0, alpha).tolist(),
                        observed.tolist(), strict=True))
        return np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.int64)
    return np.lexsort((observed, np.where(undefined, 0.0, alpha), undefined)).astype(np.int64)


def _document_labels(data: StudyInput, included: BoolArray, resample: Resampler
                     ) -> tuple[DocumentLabelAgreement, ...]:
    """One-of categories: the chosen label per annotator and document (missing if none);
    many-of categories: per label, chosen (1) or not (0) by each counted annotator."""
    n_docs, n_ann = included.shape
    entries = np.asarray(data.document_labels, dtype=np.int64).reshape(-1, 4)
    docs = np.arange(n_docs)
    rows: list[tuple[Category, LabelInfo | None, int]] = []
    requests: list[tuple[NDArray[np.float64], Any]] = []

    def add(category: Category, info: LabelInfo | None, codes: IntArray, n_categories: int,
            made: int) -> None:
        tallied = tally(codes, np.ones(n_docs), docs, n_groups=n_docs, n_categories=n_categories)
        units = np.flatnonzero((codes >= 0).sum(axis=0) >= 2)
        rows.append((category, info, made))
        requests.append((features(tallied, units), alpha_of_features))

    for c, category in enumerate(data.categories):
        mine = entries[entries[:, 2] == c]
        if not len(mine):
            continue  # nobody used this category in the selection: nothing to report
        if category.multiple:
            for i, info in enumerate(category.labels):
                values = np.zeros((n_ann, n_docs), dtype=np.int64)
                chosen = mine[mine[:, 3] == i]
                values[chosen[:, 1], chosen[:, 0]] = 1
                add(category, info, with_missing(values, included.T), 2, len(chosen))
        else:
            picked: dict[tuple[int, int], set[int]] = {}
            for doc, ann, _, label in mine.tolist():
                picked.setdefault((ann, doc), set()).add(label)
            combos: dict[frozenset[int], int] = {}
            values = np.full((n_ann, n_docs), -1, dtype=np.int64)
            for (ann, doc), labels in picked.items():
                if included[doc, ann]:  # two labels of a one-of category: one combined value
                    values[ann, doc] = combos.setdefault(frozenset(labels), len(combos))
            add(category, None, values, max(len(combos), 1), len(mine))
    estimates = resample.estimate_all(requests)
    return tuple(
        DocumentLabelAgreement(category.key, category.name, info.key if info else None,
                               info.name if info else category.name, estimate, made)
        for (category, info, made), estimate in zip(rows, estimates, strict=True))
