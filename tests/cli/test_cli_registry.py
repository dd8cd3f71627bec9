"""`funding` and `entities` commands: detection as JSON lines, the registry in and out as JSON
and CSV, merging, proposals from imported articles, one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .test_cli import run


@pytest.fixture
def url(tmp_path: Path) -> str:
    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    run("--database", database, "init")
    return database


def test_funding_detect_prints_json_lines(corpus: Path) -> None:
    path = corpus / "southfront-astana-2017.txt"
    text = path.read_text(encoding="utf-8")
    code, out, _ = run("funding", "detect", str(path))
    assert code == 0
    hits = [json.loads(line) for line in out.splitlines()]
    assert all(set(hit) == {"channel", "identifier", "start", "end", "quote"} for hit in hits)
    assert all(text[hit["start"]:hit["end"]] == hit["quote"] for hit in hits)
    by_channel = {hit["channel"]: hit for hit in hits}
    start = text.index("southfront@list.ru")
    assert by_channel["paypal"] == {"channel": "paypal", "identifier": "southfront@list.ru", "start": start,
                                    "end": start + 18, "quote": "southfront@list.ru"}
    assert by_channel["patreon"]["identifier"] == "https://www.patreon.com/southfront"


def test_funding_detect_errors(tmp_path: Path) -> None:
    code, _, err = run("funding", "detect", str(tmp_path / "missing.txt"))
    assert code == 1 and err.strip().endswith("missing.txt: no such file")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9".encode("latin-1"))
    code, _, err = run("funding", "detect", str(bad))
    assert code == 1 and "latin1.txt, line 1: not UTF-8 text (byte 3)" in err
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("Nothing to see here.\n", encoding="utf-8")
    assert run("funding", "detect", str(quiet)) == (0, "", "")


def test_registry_commands(url: str, tmp_path: Path) -> None:
    code, out, _ = run("--database", url, "entities", "add", "SouthFront", "--kind", "outlet", "--domain", "WWW.SouthFront.org")
    assert code == 0 and "southfront.org" in out
    run("--database", url, "entities", "add", "South Front", "--kind", "outlet", "--domain", "southfront.press")
    code, _, err = run("--database", url, "entities", "add", "X", "--kind", "outlet", "--domain", "southfront.org")
    assert code == 1 and err.count("\n") == 1 and "belongs to SouthFront" in err
    code, out, _ = run("--database", url, "entities", "merge", "SouthFront", "South Front")
    assert code == 0 and "South Front merged into SouthFront: 1 domains" in out
    code, out, _ = run("--database", url, "entities", "list")
    assert out.splitlines() == ["1\toutlet\tSouthFront\tsouthfront.org southfront.press"]

    folder, archive, single = tmp_path / "csv", tmp_path / "reg.zip", tmp_path / "reg.json"
    for args in (["--format", "csv", "--output", str(folder)], ["--format", "csv", "--output", str(archive)],
                 ["--output", str(single)]):
        assert run("--database", url, "entities", "export", *args)[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == ["designations.csv", "entities.csv", "funding_links.csv", "ratings.csv"]
    data = json.loads(single.read_text(encoding="utf-8"))
    assert data["format"] == "annotator-registry" and [e["name"] for e in data["entities"]] == ["SouthFront", "South Front"]

    for source in (folder, archive, single):
        other = f"sqlite:///{tmp_path / (source.name + '.sqlite3')}"
        run("--database", other, "init")
        code, out, _ = run("--database", other, "entities", "import", str(source))
        assert code == 0 and out.startswith("2 entities added"), out
        out_json = tmp_path / (source.name + ".json")
        run("--database", other, "entities", "export", "--output", str(out_json))
        assert out_json.read_bytes() == single.read_bytes()


def test_registry_import_refusal_names_file_line_and_field(url: str, tmp_path: Path) -> None:
    (tmp_path / "entities.csv").write_text("kind,name\noutlet,Fine\nnewspaper,Bad\n", encoding="utf-8")
    code, _, err = run("--database", url, "entities", "import", str(tmp_path / "entities.csv"))
    assert code == 1 and "entities.csv, line 3, field 'kind': unknown entity kind 'newspaper'" in err
    assert run("--database", url, "entities", "list")[1] == ""


def test_funding_amounts_import_and_export_from_the_command_line(url: str, tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "entities.csv").write_text("kind,name\noutlet,RT\nstate,Russian Federation\n", encoding="utf-8")
    header = "recipient,funder,kind,attribution,attributed_by,amount,currency,period_start,period_end\n"
    (tables / "funding_links.csv").write_text(
        header + "RT,Russian Federation,state_funding,third_party,Budget law,2300000,EURO,2023-01-01,2023-12-31\n",
        encoding="utf-8")
    code, _, err = run("--database", url, "entities", "import", str(tables))
    assert code == 1 and "funding_links.csv, line 2, field 'currency': 'EURO' is not a currency code" in err
    assert run("--database", url, "entities", "list")[1] == ""  # nothing written
    (tables / "funding_links.csv").write_text(
        header + "RT,Russian Federation,state_funding,third_party,Budget law,2300000.5,eur,2023-01-01,2023-12-31\n",
        encoding="utf-8")
    assert run("--database", url, "entities", "import", str(tables))[0] == 0
    single = tmp_path / "reg.json"
    assert run("--database", url, "entities", "export", "--output", str(single))[0] == 0
    link = json.loads(single.read_text(encoding="utf-8"))["entities"][0]["funding_received"][0]
    assert (link["amount"], link["currency"], link["period_start"], link["period_end"]) == (
        "2300000.5", "EUR", "2023-01-01", "2023-12-31")


def test_imported_articles_get_their_outlet_and_proposals(url: str, tmp_path: Path, corpus: Path) -> None:
    run("--database", url, "entities", "add", "SouthFront", "--kind", "outlet", "--domain", "southfront.org")
    articles = tmp_path / "articles.jsonl"
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    articles.write_text(json.dumps({"text": text, "url": "https://southfront.org/astana/"}) + "\n", encoding="utf-8")
    shutil.copy(corpus / "ptc-sample" / "articles" / "article111111115.txt", tmp_path / "ptc.txt")
    assert run("--database", url, "import", str(articles), str(tmp_path / "ptc.txt"), "--project", "P")[0] == 0
    code, out, _ = run("--database", url, "funding", "proposals")
    proposals = [json.loads(line) for line in out.splitlines()]
    assert {p["channel"] for p in proposals} == {"paypal", "donation_page", "patreon"}
    paypal = next(p for p in proposals if p["channel"] == "paypal")
    code, out, _ = run("--database", url, "funding", "accept", str(paypal["id"]))
    assert code == 0 and out.strip().endswith("-> accepted")
    code, _, err = run("--database", url, "funding", "reject", "999")
    assert code == 1 and "no funding link with id 999" in err
    assert len(run("--database", url, "funding", "proposals", "--status", "accepted")[1].splitlines()) == 1


def test_a_second_entity_of_a_name_is_refused_naming_the_option(url: str) -> None:
    """The refusal said "add a second entity of this name on purpose" without naming how."""
    assert run("--database", url, "entities", "add", "The Times", "--kind", "outlet")[0] == 0
    code, _, err = run("--database", url, "entities", "add", "THE TIMES", "--kind", "outlet")
    assert code == 1
    assert err == ("error: The Times (outlet) is in the registry already (id 1); "
                   "--same-name adds a second entity of this name (two that share a name)\n")
    code, out, _ = run("--database", url, "entities", "add", "THE TIMES", "--kind", "outlet", "--same-name")
    assert code == 0 and out.startswith("entity 2 created")
