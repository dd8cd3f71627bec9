"""Stable identifiers: `new_uid` and the import's `new_uids` make version-4 UUIDs (what
`uuid.uuid4()` makes, formatted from the random bytes directly), all different."""

from __future__ import annotations

import uuid
from itertools import islice

from annotator.models import new_uid, new_uids


def _is_uuid4(text: str) -> bool:
    parsed = uuid.UUID(text)
    return str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_new_uid_is_a_version_4_uuid() -> None:
    made = [new_uid() for _ in range(2000)]
    assert all(map(_is_uuid4, made))
    assert len(set(made)) == len(made)


def test_new_uids_are_version_4_uuids_across_their_blocks() -> None:
    made = list(islice(new_uids(), 1000))  # several blocks of random bytes
    assert all(map(_is_uuid4, made))
    assert len(set(made)) == len(made)
    assert not set(made) & set(islice(new_uids(), 1000))
