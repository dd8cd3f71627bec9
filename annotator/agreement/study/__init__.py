"""A project's agreement study: from the plain arrays the agreement service loads to the
:class:`~.report.AgreementReport` the page draws and ``annotator agreement`` prints.

Every coefficient comes from :mod:`annotator.agreement.metrics`; this half only lays the
documents out, collects per-document counts and asks the metrics for the values and their
bootstrap intervals. Steps and modules: :mod:`.positions` (which characters and tokens count)
-> :mod:`.segments` (spans as per-segment codes) -> :mod:`.compute` (alpha figures) and
:mod:`.pairing` / :mod:`.matching` (span F1, label confusion, against gold) ->
:mod:`.resampler` (intervals) -> :mod:`.report`. :mod:`.disagreement` finds where the
annotators of one document differ, for the side-by-side view.
"""

from .compute import ALL_LABELS, ANY_SPAN, compute_study
from .inputs import Category, LabelInfo, Spans, StudyInput, StudyOptions

__all__ = [
    "ALL_LABELS",
    "ANY_SPAN",
    "Category",
    "LabelInfo",
    "Spans",
    "StudyInput",
    "StudyOptions",
    "compute_study",
]
