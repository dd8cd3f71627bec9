"""Session tokens: random, shaped strictly, and anything else is simply not a token."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.session_tokens import new_token, parse_token, secret_digest, ttl_seconds


def test_round_trip() -> None:
    made = new_token()
    parsed = parse_token(made.token)
    assert parsed is not None
    assert (parsed.session_id, parsed.secret) == (made.session_id, made.secret)
    assert secret_digest(parsed.secret) == made.digest
    assert made.secret not in made.digest and len(made.digest) == 64


def test_tokens_are_unique_and_random() -> None:
    tokens = {new_token().token for _ in range(200)}
    assert len(tokens) == 200
    ids = {parse_token(t).session_id for t in tokens}  # type: ignore[union-attr]
    assert len(ids) == 200


@pytest.mark.parametrize("value", [
    "", "v1", "v1..", "v2.e30.x", None, 7, b"v2.abc.def", "a.b.c.d", "v1.éabc.xyz",
    "v2." + "é" * 22 + "." + "a" * 43, "v2." + "a" * 22 + "." + "a" * 43 + "\n",
    "v2." + "a" * 22 + "." + "a" * 42, "v2." + "a" * 22 + "." + "a" * 43 + "=",
    "v2." + "a" * 22 + "." + "a" * 10_000, "x" * 1_000_000, "v2.\x00\ud800.\U0001f600",
    " v2." + "a" * 22 + "." + "a" * 43,
])
def test_malformed_tokens_are_not_tokens(value: object) -> None:
    assert parse_token(value) is None


@given(st.text())
def test_any_text_is_a_token_or_nothing(value: str) -> None:
    parsed = parse_token(value)
    assert parsed is None or value == f"v2.{parsed.session_id}.{parsed.secret}"


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=80), st.integers(0, 68))
def test_any_change_to_a_token_is_caught_or_stays_well_formed(noise: str, at: int) -> None:
    token = new_token().token
    changed = token[:at] + noise + token[at + len(noise):]
    parsed = parse_token(changed)
    assert parsed is None or changed == f"v2.{parsed.session_id}.{parsed.secret}"


def test_lifetime_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANNOTATOR_SESSION_HOURS", raising=False)
    assert ttl_seconds() == 12 * 3600
    monkeypatch.setenv("ANNOTATOR_SESSION_HOURS", "1.5")
    assert ttl_seconds() == 5400
    for bad in ("0", "-1", "soon", "inf", "nan"):
        monkeypatch.setenv("ANNOTATOR_SESSION_HOURS", bad)
        with pytest.raises(ValueError, match="ANNOTATOR_SESSION_HOURS"):
            ttl_seconds()
