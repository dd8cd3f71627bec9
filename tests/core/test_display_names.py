"""One display name per stored key."""

from __future__ import annotations

import pytest

from annotator.display_names import display_name
from annotator.models.enums import Attribution, FundingKind, LinkStatus
from annotator.suggest.funding import CHANNELS


@pytest.mark.parametrize(("key", "name"), [
    ("donation_page", "donation page"), ("donation_channel", "donation channel"), ("paypal", "PayPal"),
    ("iban", "IBAN"), ("self_declared", "self-declared"), ("third_party", "third party"), (None, ""),
])
def test_names(key: str | None, name: str) -> None:
    assert display_name(key) == name


def test_every_stored_key_has_a_name_without_underscores() -> None:
    keys = [*CHANNELS, *FundingKind, *Attribution, *LinkStatus]
    for key in keys:
        assert "_" not in display_name(key), key
