"""Inter-annotator agreement metrics: pure functions over arrays and span lists.

Nothing here touches the database or the UI; the service layer turns stored annotations into
the plain inputs these functions take (see the Agreement section of the README).
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
