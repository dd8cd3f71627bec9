"""An export's destination that is an existing folder, for a format that writes one file: a
located `error:` line and nothing written beside it (it was a traceback, and left a
`.partial` file and the relation table behind)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats import catalog
from tests.cli.test_cli import run

EXAMPLE = Path(__file__).parents[2] / "annotator" / "formats" / "examples" / "example.jsonl"
FILE_FORMATS = [name for name in catalog.FORMATS if catalog.get_format(name).KIND == "file"]


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_a_folder_as_the_destination_of_a_file_is_refused(tmp_path: Path, fmt: str) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert run("--database", database, "init")[0] == 0
    assert run("--database", database, "import", str(EXAMPLE), "--project", "P")[0] == 0
    out = tmp_path / "out"
    (out / "inner").mkdir(parents=True)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = run("--database", database, "export", "--project", "P", "--format", fmt, "--output", str(out))
    assert code == 1 and "Traceback" not in err, err
    assert err.startswith(f"error: {out}, field 'output': "), err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert [p.name for p in out.iterdir()] == ["inner"]
