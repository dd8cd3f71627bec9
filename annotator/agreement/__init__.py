"""Inter-annotator agreement metrics: pure functions over arrays and span lists.

Nothing here touches the database or the UI; the service layer turns stored annotations into
the plain inputs these functions take (see ``docs/agreement.md``).
"""

from .alpha import krippendorff_alpha
from .kappa import cohen_kappa, fleiss_kappa, percent_agreement, scott_pi
from .spans import pairwise_span_f1, span_prf

__all__ = [
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "pairwise_span_f1",
    "percent_agreement",
    "scott_pi",
    "span_prf",
]
