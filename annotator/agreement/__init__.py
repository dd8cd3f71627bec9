"""Inter-annotator agreement, in two halves.

- :mod:`annotator.agreement.metrics`: the coefficients as pure functions over arrays and span
  lists (alpha, kappa, pi, unitizing alpha, span P/R/F1, position tables, the bootstrap). Its
  public functions are re-exported here, so ``from annotator.agreement import
  krippendorff_alpha`` works.
- :mod:`annotator.agreement.study`: a project's annotations, handed over as plain arrays by
  the agreement service, -> the report the page draws and the command line prints, every
  figure computed through :mod:`.metrics`.

Neither half touches the database or the UI; importing this package loads the metrics only.
"""

from . import metrics
from .metrics import *  # noqa: F403  (the public names are listed once, in metrics/__init__.py)

__all__ = metrics.__all__
