"""The secrets file must be private: a file others may read or change is named with the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.secret_files import exposed_secret_files, exposure


@pytest.mark.parametrize("mode", [0o600, 0o400, 0o700])
def test_a_private_file_passes(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text("[auth]\n", encoding="utf-8")
    os.chmod(path, mode)
    assert exposure(path) is None
    assert exposed_secret_files([path]) == []


@pytest.mark.parametrize(("mode", "verb"), [(0o644, "read"), (0o640, "read"), (0o604, "read"), (0o620, "change"),
                                            (0o602, "change")])
def test_a_file_others_may_use_is_named_with_the_fix(tmp_path: Path, mode: int, verb: str) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text("[auth]\n", encoding="utf-8")
    os.chmod(path, mode)
    message = exposure(path)
    assert message is not None
    assert f"may {verb} it" in message and str(path) in message and f"chmod 600 {path}" in message


def test_a_missing_file_is_not_exposed(tmp_path: Path) -> None:
    assert exposure(tmp_path / "absent.toml") is None
