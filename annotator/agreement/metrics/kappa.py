"""Cohen's kappa, Scott's pi, Fleiss' kappa and raw percent agreement for coded data.

Hand-written (rather than calling scikit-learn or statsmodels) so that the product's runtime
needs only numpy and all coefficients share one input convention (``_data``): the tests
cross-check every function against those libraries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, get_args

import numpy as np

from ._checks import check_choice
from ._data import encode_matrix, encode_pair, unit_value_counts

Weights = Literal["linear", "quadratic"]


def cohen_kappa(a: Sequence[Any], b: Sequence[Any], *, weights: Weights | None = None
                ) -> float:
    """Cohen's kappa for two raters, optionally weighted.

    With ``p_ij`` the observed and ``e_ij = p_i. p_.j`` the chance proportions of the
    confusion table over the sorted labels used by either rater, and ``w_ij`` the
    disagreement weight (``[i != j]``; ``|i - j|`` for ``"linear"``; ``(i - j)^2`` for
    ``"quadratic"``, with ``i, j`` the positions among the sorted labels)::

        kappa = 1 - sum_ij w_ij p_ij / sum_ij w_ij e_ij

    which is ``(p_o - p_e) / (1 - p_e)`` when unweighted (Cohen 1960; weighted: Cohen 1968).
    Matches ``sklearn.metrics.cohen_kappa_score``.

    Undefined cases: different lengths, empty input, missing values or mixed numbers and
    strings raise ``ValueError``; when chance disagreement is zero (both raters used one and
    the same label throughout) the result is NaN.

    References: Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational
    and Psychological Measurement 20(1). Cohen, J. (1968). Weighted kappa. Psychological
    Bulletin 70(4).

    Wikipedia's example (50 proposals, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no):

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b), 3)
    0.4
    """
    check_choice("weights", weights, (None, *get_args(Weights)))
    coded = encode_pair(a, b)
    n_labels = coded.n_values
    table = np.bincount(coded.codes[0] * n_labels + coded.codes[1],
                        minlength=n_labels * n_labels).reshape(n_labels, n_labels)
    observed = table / table.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    positions = np.arange(n_labels)
    distance = np.abs(np.subtract.outer(positions, positions)).astype(np.float64)
    if weights is None:
        distance = (distance > 0).astype(np.float64)
    elif weights == "quadratic":
        distance **= 2
    chance = float((distance * expected).sum())
    if chance == 0:
        return float("nan")
    return float(1.0 - (distance * observed).sum() / chance)


def scott_pi(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Scott's pi for two raters.

    Like Cohen's kappa, but chance agreement comes from the pooled label distribution of
    both raters: with ``q_k = (n_ak + n_bk) / 2N``::

        pi = (p_o - p_e) / (1 - p_e),   p_e = sum_k q_k^2

    Equal to Fleiss' kappa with two raters per unit.

    Undefined cases: as :func:`cohen_kappa`; NaN when both raters used a single label.

    Reference: Scott, W. A. (1955). Reliability of content analysis: the case of nominal
    scale coding. Public Opinion Quarterly 19(3).

    Krippendorff's (1995) unitizing example A, read as 24 binary units (pi = 0.314):

    >>> bertha = [0, 0] + [1] * 8 + [0] * 4 + [1] * 6 + [0] * 4
    >>> bill = [0] * 4 + [1] * 4 + [0] * 7 + [1] * 2 + [0] * 7
    >>> round(scott_pi(bertha, bill), 3)
    0.314
    """
    coded = encode_pair(a, b)
    codes = coded.codes
    p_o = float((codes[0] == codes[1]).mean())
    pooled = np.bincount(codes.ravel(), minlength=coded.n_values) / codes.size
    p_e = float((pooled ** 2).sum())
    if p_e == 1:
        return float("nan")
    return (p_o - p_e) / (1.0 - p_e)


def fleiss_kappa(data: Any) -> float:
    """Fleiss' kappa for a raters x units table where every unit has the same number of ratings.

    With ``n`` ratings per unit, ``N`` units and ``n_ij`` the number of ratings of unit ``i``
    in category ``j``::

        P_i = (sum_j n_ij^2 - n) / (n (n - 1)),   p_j = sum_i n_ij / (N n)
        kappa = (mean_i P_i - sum_j p_j^2) / (1 - sum_j p_j^2)

    Missing values (``None``/NaN) are allowed as long as each unit keeps the same number of
    ratings, since Fleiss' raters need not be the same people across units.
    Matches ``statsmodels.stats.inter_rater.fleiss_kappa``.

    Undefined cases: units with different numbers of ratings, fewer than 2 ratings per
    unit or an empty table raise ``ValueError``; when every rating is the same category
    (``sum_j p_j^2 = 1``) the result is NaN.

    Reference: Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
    Psychological Bulletin 76(5).

    Wikipedia's example, 14 raters x 10 subjects in 5 categories (kappa = 0.210):

    >>> table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
    ...          [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
    ...          [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    >>> units = [[c for c, k in enumerate(row, 1) for _ in range(k)] for row in table]
    >>> print(f"{fleiss_kappa(list(zip(*units))):.3f}")  # transposed to raters x units
    0.210
    """
    coded = encode_matrix(data)
    counts = unit_value_counts(coded.codes, coded.n_values)
    per_unit = counts.sum(axis=1)
    n = int(per_unit[0])
    uneven = np.flatnonzero(per_unit != n)
    if uneven.size:
        raise ValueError(f"every unit needs the same number of ratings; unit 0 has {n}, "
                         f"unit {int(uneven[0])} has {int(per_unit[uneven[0]])}")
    if n < 2:
        raise ValueError(f"every unit needs at least 2 ratings, got {n}")
    agreement = ((counts * (counts - 1)).sum(axis=1) / (n * (n - 1))).mean()
    shares = counts.sum(axis=0) / counts.sum()
    p_e = float((shares ** 2).sum())
    if p_e == 1:
        return float("nan")
    return float((agreement - p_e) / (1.0 - p_e))


def percent_agreement(data: Any) -> float:
    """Mean over units of the share of agreeing rater pairs (raw agreement, no chance correction).

    For a unit with ``m_u >= 2`` ratings, ``n_uc`` of them in category ``c``::

        agreement_u = sum_c n_uc (n_uc - 1) / (m_u (m_u - 1))

    and the result is the mean of ``agreement_u`` over those units; units with fewer than 2
    ratings are skipped. With two raters and no missing data this is the share of units on
    which they agree.

    Undefined cases: malformed tables (fewer than 2 raters, no units, mixed value types)
    raise ``ValueError``; when no unit has 2 ratings the result is NaN.

    Units 1-3 agree in 3/3, 0/1 and 1/3 of their pairs; unit 4 has one rating and is skipped:

    >>> round(percent_agreement([["a", "a", "b", None], ["a", "b", "b", "c"], ["a", None, "c", None]]), 3)
    0.444
    """
    coded = encode_matrix(data)
    counts = unit_value_counts(coded.codes, coded.n_values)
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    if not pairable.any():
        return float("nan")
    counts, per_unit = counts[pairable], per_unit[pairable]
    agreeing = (counts * (counts - 1)).sum(axis=1)
    return float((agreeing / (per_unit * (per_unit - 1))).mean())
