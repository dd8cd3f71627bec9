"""`agreement`: the figures of the agreement page, as text tables or JSON."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import commands
from .common import add_selection_arguments, project_context

if TYPE_CHECKING:
    from ..agreement.study.report import AgreementReport, Estimate

BASIS = {"auto": None, "finished": True, "annotated": False}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add(
        sub, "agreement",
        description="Krippendorff's alpha per label on characters and tokens, pairwise span F1, "
        "label confusion, agreement per document, annotators against gold and alpha of document "
        "labels, each with a percentile bootstrap interval over documents.")
    cmd.add_argument("--project", required=True, help="project name")
    cmd.add_argument("--format", default="table", choices=["table", "json"])
    add_selection_arguments(cmd, annotator="only this annotator", label="only this label")
    cmd.add_argument("--basis", choices=list(BASIS), default="auto",
                     help="finished: only documents an annotator marked done count for them; "
                     "annotated: documents they made a span or document label on; auto "
                     "(default): finished as soon as any document is marked done")
    cmd.add_argument("--include-furniture", action="store_true",
                     help="also count page furniture and comments (default: body text only)")
    cmd.add_argument("--resamples", type=int, default=1000,
                     help="bootstrap resamples (default 1000)")
    cmd.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    cmd.add_argument("--documents", type=int, default=10, metavar="N",
                     help="documents to list in the table, lowest agreement first (default 10)")
    cmd.set_defaults(func=cmd_agreement)


def cmd_agreement(args: argparse.Namespace) -> int:
    from ..services.team.agreement import AgreementFilter, project_agreement

    db, actor, project = project_context(args)
    report = project_agreement(db, actor, project.id, AgreementFilter(
        annotators=tuple(args.annotator), labels=tuple(args.label),
        document_ids=tuple(args.document), finished_only=BASIS[args.basis],
        body_only=not args.include_furniture, n_resamples=args.resamples, seed=args.seed),
        keep=False)  # one study per process: a kept report would never be read
    if args.format == "json":
        from ..agreement.study.report_json import indented_json

        print(indented_json(report.to_dict()))
    else:
        print("\n".join(table_lines(report, documents=args.documents)))
    return 0


def fmt(value: float) -> str:
    from ..agreement.study.report import fmt as format_figure

    return format_figure(value, undefined="-")


def fmt_ci(estimate: Estimate) -> str:
    return estimate.text(undefined="-")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    if not rows:
        return ["(none)"]
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:]]


def table_lines(report: AgreementReport, *, documents: int = 10) -> list[str]:
    c = report.counted
    ci = f"{c.confidence:.0%} bootstrap interval over documents, {c.n_resamples} resamples"
    lines = [
        f"Agreement in {report.project!r}: {c.n_annotators} annotator(s), "
        f"{c.n_documents_counted} of {c.n_documents} document(s) counted by two or more.",
        c.basis_note,
        f"Counted: {c.n_characters:,} characters and {c.n_tokens:,} tokens of "
        f"{'body text (no furniture or comments)' if c.body_only else 'text'}, "
        f"{c.n_spans:,} spans. Figures are value [{ci}]; '-' = undefined.",
    ]
    if c.n_documents_counted == 0:
        return [*lines, "Nothing to compare yet: no document has two or more annotators "
                "counting on it (see --basis)."]
    lines += [
        "",
        "Spans per label: Krippendorff's alpha (nominal) on whether each position carries the "
        "label; F1 (overlap) pooled over all pairs of annotators.",
    ]
    rows = [(r.name, r.n_spans, fmt_ci(r.char), fmt_ci(r.token), fmt_ci(r.f1_overlap))
            for r in (*report.overall, *report.labels)]
    lines += table(("label", "spans", "alpha characters", "alpha tokens", "F1 overlap"), rows)
    lines += ["", "Pairs of annotators: span F1, labels must match (exact: same offsets; "
              "overlap: share one character)."]
    lines += table(("annotator", "annotator", "documents", "spans", "F1 exact", "F1 overlap"),
                   [(p.a, p.b, p.exact.n_documents, f"{p.n_spans_a}/{p.n_spans_b}",
                     fmt_ci(p.exact), fmt_ci(p.overlap)) for p in report.pairs])
    lines += ["", "Label confusion: pairs of overlapping spans of two annotators with "
              "different labels (most frequent first)."]
    lines += table(("label", "label", "pairs"), _confusions(report))
    lines += ["", f"Documents, lowest agreement first ({min(documents, len(report.documents))} "
              f"of {len(report.documents)}): alpha on which label each character carries."]
    lines += table(("id", "title", "annotators", "spans", "alpha", "observed", "F1 overlap"),
                   [(d.document_id, _short(d.title), d.n_annotators, d.n_spans, fmt(d.alpha),
                     fmt(d.observed), fmt(d.f1_overlap)) for d in report.documents[:documents]])
    if report.gold:
        lines += ["", f"Against gold ({c.n_documents_with_gold} document(s) with gold spans): "
                  "F1 with gold as reference; alpha on which label each character carries."]
        lines += table(("annotator", "documents", "precision", "recall", "F1 exact",
                        "F1 overlap", "alpha characters"),
                       [(g.annotator, g.exact.n_documents, fmt(g.precision), fmt(g.recall),
                         fmt_ci(g.exact), fmt_ci(g.overlap), fmt_ci(g.char))
                        for g in report.gold])
    if report.document_labels:
        lines += ["", "Document labels: alpha (nominal) per document; one-of categories as one "
                  "figure, many-of categories per label (chosen or not)."]
        lines += table(("category", "label", "chosen", "documents", "alpha"),
                       [(r.category_name, r.name if r.label else "(one of)", r.n_annotations,
                         r.alpha.n_documents, fmt_ci(r.alpha)) for r in report.document_labels])
    return lines


def _confusions(report: AgreementReport) -> list[tuple[str, str, int]]:
    from ..agreement.study.report import NO_MATCH

    names, counts = report.confusion.names, report.confusion.counts
    pairs = [(names[i], names[j], counts[i][j]) for i in range(len(names))
             for j in range(i + 1, len(names)) if counts[i][j] and NO_MATCH not in names[j]]
    return sorted(pairs, key=lambda p: -p[2])[:15]


def _short(title: str, width: int = 40) -> str:
    title = " ".join(title.split())
    return title if len(title) <= width else title[: width - 1] + "…"
