"""compute_study with the documents' layout made beforehand (as the agreement service makes it
in a second thread while it reads the spans) gives the report it makes itself."""

from concurrent.futures import ThreadPoolExecutor

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from annotator.agreement.study import StudyOptions, compute_study
from annotator.agreement.study.positions import document_layout

from .test_compute import HYPOTHESIS, studies


@settings(HYPOTHESIS)
@given(studies(), st.booleans())
def test_layout_from_another_thread_gives_the_same_report(data, body_only):
    options = StudyOptions(body_only=body_only, n_resamples=50)
    with ThreadPoolExecutor(max_workers=1) as pool:
        places = pool.submit(document_layout, data.texts, data.parts,
                             body_only=body_only).result()
    # to_dict: NaN figures become None, which compare equal
    assert compute_study(data, options=options, layout_from=lambda: places).to_dict() == \
        compute_study(data, options=options).to_dict()


@settings(HYPOTHESIS)
@given(studies())
def test_a_layout_of_other_documents_is_refused(data):
    other = document_layout([*data.texts, "more"], [*data.parts, []], body_only=True)
    with pytest.raises(ValueError, match="not of these documents"):
        compute_study(data, layout_from=lambda: other)
