"""Inter-annotator agreement coefficients: pure functions over arrays and span lists.

Nothing here touches the database, the UI or :mod:`annotator.agreement.study`; only numpy at
run time. Each public function states its formula and reference, and its doctest reproduces a
published example where one exists. Options are keyword-only; a bad option or malformed input
raises ``ValueError``, and a coefficient that is undefined on well-formed data is NaN.

The figures the agreement page shows with an interval also have an *additive* form here,
which the study bootstraps by re-adding per-document counts: alpha from its disagreement sums
(:func:`.alpha.alpha_from_disagreements`, nominal tallies in :mod:`.tally`), span precision,
recall and F1 from match counts (:func:`.spans.prf_from_counts`), and the bootstrap over
summed counts (:func:`.bootstrap.bootstrap_sums`). A new coefficient goes here first; the
study then collects its counts per document and asks this package for the value.
"""

from .alpha import krippendorff_alpha
from .bootstrap import BootstrapCI, bootstrap_ci
from .kappa import cohen_kappa, fleiss_kappa, percent_agreement, scott_pi
from .matrices import char_level_matrix, token_level_matrix
from .spans import pairwise_span_f1, span_prf
from .unitizing import unitizing_alpha

__all__ = [
    "BootstrapCI",
    "bootstrap_ci",
    "char_level_matrix",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "pairwise_span_f1",
    "percent_agreement",
    "scott_pi",
    "span_prf",
    "token_level_matrix",
    "unitizing_alpha",
]
