"""The workspace page imports what it needs to draw: scikit-learn (0.5-0.7 s, only a Claim's
suggestions use it) and pandas (0.3 s, for tables the workspace does not show) wait until they
are used. The first workspace page a server process drew took about a second longer for them."""

from __future__ import annotations

import subprocess
import sys

from ..conftest import ROOT


def test_the_workspace_page_loads_no_sklearn_and_no_pandas() -> None:
    code = ("import sys, annotator.ui.pages.workspace; "
            "print(sorted(m for m in ('sklearn', 'pandas') if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]", found.stdout + found.stderr
