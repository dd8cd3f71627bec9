"""Package-level checks: doctests reproduce their published numbers; no heavy imports."""

import doctest
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import annotator.agreement

MODULES = sorted(m.name for m in pkgutil.iter_modules(annotator.agreement.__path__,
                                                      prefix="annotator.agreement."))


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_public_api():
    expected = {"krippendorff_alpha", "cohen_kappa", "fleiss_kappa", "scott_pi",
                "percent_agreement", "span_prf", "unitizing_alpha", "bootstrap_ci",
                "BootstrapCI", "char_level_matrix", "token_level_matrix", "pairwise_span_f1"}
    assert set(annotator.agreement.__all__) == expected
    for name in expected:
        assert getattr(annotator.agreement, name) is not None


def test_imports_no_database_ui_or_reference_libraries():
    code = ("import sys, annotator.agreement; "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "{'sqlalchemy', 'streamlit', 'pandas', 'sklearn', 'scipy', 'statsmodels', "
            "'krippendorff'}]; print(bad)")
    root = Path(annotator.agreement.__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root)
    assert out.stdout.strip() == "[]"
