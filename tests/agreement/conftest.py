"""Shared settings for the agreement tests.

Tests must not write into the working tree, but Hypothesis keeps its example database and a
cache of source constants in ``./.hypothesis`` by default. So the property tests use the
``agreement`` profile (no database; no deadline, since the first call of a numpy path can be
slow), and Hypothesis' storage moves to the system temp directory unless
``HYPOTHESIS_STORAGE_DIRECTORY`` says otherwise. The storage setting is process-wide, which
suits any other suite in the same run; the profile is registered but not loaded, and test
modules fetch it with ``settings.get_profile("agreement")``.
"""

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

if not os.getenv("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "annotator-hypothesis")

settings.register_profile("agreement", database=None, deadline=None, max_examples=150,
                          suppress_health_check=[HealthCheck.too_slow])
