"""Shared settings for the agreement tests.

The property tests use the ``agreement`` profile (no database; no deadline, since the first
call of a numpy path can be slow). The profile is registered but not loaded, and test modules
fetch it with ``settings.get_profile("agreement")``. Hypothesis' storage is moved out of the
working tree by the top-level conftest.
"""

from hypothesis import HealthCheck, settings

settings.register_profile("agreement", database=None, deadline=None, max_examples=150,
                          suppress_health_check=[HealthCheck.too_slow])
