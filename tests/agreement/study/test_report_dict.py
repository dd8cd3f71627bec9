"""AgreementReport.to_dict against its definition: ``dataclasses.asdict`` with NaN cleaned
to None (to_dict skips asdict's deep copies and walks a document's row in one pass)."""

import json
import math
from dataclasses import asdict

from hypothesis import given, settings

from annotator.agreement.study import compute_study
from annotator.agreement.study.report import DocumentAgreement, _plain

from .test_compute import HYPOTHESIS, studies


def reference(value):
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dict):
        return {k: reference(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [reference(v) for v in value]
    return value


def as_json(value):
    return json.dumps(value, ensure_ascii=False, indent=2)


@settings(HYPOTHESIS)
@given(studies())
def test_to_dict_is_asdict_without_nan(data):
    report = compute_study(data)
    expected = reference(asdict(report))
    assert report.to_dict() == expected
    assert as_json(report.to_dict()) == as_json(expected)


def test_rows_with_nan_and_odd_values():
    rows = (DocumentAgreement(1, "t\u00e9 \"x\"", math.nan, 0.5, math.inf, 2, 0),
            DocumentAgreement(2, "", -0.0, math.nan, 1.0, 0, 3))
    assert _plain(rows) == [reference(asdict(r)) for r in rows]
    assert as_json(_plain(rows)) == as_json([reference(asdict(r)) for r in rows])
