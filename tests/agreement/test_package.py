"""Package-level checks: doctests reproduce their published numbers; no heavy imports; the
metrics half loads without the study half."""

import doctest
import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import annotator.agreement
import annotator.agreement.metrics

MODULES = sorted(m.name for m in pkgutil.walk_packages(annotator.agreement.__path__,
                                                       prefix="annotator.agreement."))


def test_both_halves_are_walked():
    halves = {"annotator.agreement.metrics.alpha", "annotator.agreement.study.compute"}
    assert halves <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("package", [annotator.agreement, annotator.agreement.metrics])
def test_public_api(package):
    expected = {"krippendorff_alpha", "cohen_kappa", "fleiss_kappa", "scott_pi",
                "percent_agreement", "span_prf", "unitizing_alpha", "bootstrap_ci",
                "BootstrapCI", "char_level_matrix", "token_level_matrix", "pairwise_span_f1"}
    assert set(package.__all__) == expected
    for name in expected:
        assert getattr(package, name) is getattr(annotator.agreement.metrics, name)


def _loaded_after(statement):
    code = (f"import json, sys; {statement}; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} | "
            "{m for m in sys.modules if m.startswith('annotator.agreement.')})))")
    root = Path(annotator.agreement.__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("statement", ["import annotator.agreement",
                                       "import annotator.agreement.study"])
def test_imports_no_database_ui_or_reference_libraries(statement):
    bad = {"sqlalchemy", "streamlit", "pandas", "sklearn", "scipy", "statsmodels", "krippendorff"}
    assert _loaded_after(statement) & bad == set()


def test_metrics_load_without_the_study():
    loaded = _loaded_after("import annotator.agreement.metrics")
    assert not any(m.startswith("annotator.agreement.study") for m in loaded)
