"""Registry files: JSON and CSV tables written and read back exactly, spreadsheet safety, and
problems located by file, line and field."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.amounts import currencies
from annotator.formats.bundle import ZipSink
from annotator.formats.records import (
    DesignationRecord,
    EntityRecord,
    FundingLinkRecord,
    RatingRecord,
)
from annotator.formats.registry import csv_tables, json_file
from annotator.formats.registry.files import read_registry_files


def _registry() -> list[EntityRecord]:
    state = EntityRecord(kind="state", name="Russian Federation", uid="u-state", created_at=datetime(2024, 1, 2, 3, 4, 5))
    outlet = EntityRecord(
        kind="outlet", name="=SouthFront, \"the\" outlet", uid="u-sf", country="Russia",
        description="Line one\nline two, with a comma", domains=["southfront.org", "southfront.press"],
        meta={"wikidata": "Q123", "n": 2}, created_at=datetime(2024, 1, 2, 3, 4, 5, 678),
        ratings=[RatingRecord(provider="NewsGuard", dimension="score", value="-7", uid="u-r", rated_on=date(2023, 1, 1),
                              url="https://www.newsguardtech.com/", note="'quoted")],
        designations=[DesignationRecord(kind="sanction", name="SDN", issuer="US Treasury", uid="u-d",
                                        designated_on=date(2021, 4, 15))],
        funding_received=[
            FundingLinkRecord(kind="donation_channel", attribution="self_declared", uid="u-l1", channel="paypal",
                              identifier="southfront@list.ru", evidence_quote="PayPal: southfront@list.ru",
                              evidence_document_uid="u-doc", evidence_start=240, evidence_end=265,
                              observed_on=date(2017, 1, 24), status="proposed", created_by="lead"),
            FundingLinkRecord(kind="state_funding", attribution="third_party", uid="u-l2", funder_uid="u-state",
                              funder="Russian Federation", attributed_by="@someone", confidence=0.75,
                              amount=Decimal("2300000.5"), currency="EUR", period_start=date(2023, 1, 1),
                              period_end=date(2023, 12, 31)),
        ],
    )
    return [state, outlet]


def _without_sources(entities: list[EntityRecord]) -> list[EntityRecord]:
    for entity in entities:
        entity.source = None
        for item in [*entity.ratings, *entity.designations, *entity.funding_received]:
            item.source = None
    return entities


def test_json_round_trip() -> None:
    out = io.StringIO()
    assert json_file.write(_registry(), out) == 2
    result = json_file.read(io.StringIO(out.getvalue()), source="reg.json")
    assert result.issues == []
    assert _without_sources(result.entities) == _registry()
    assert result.entities[1].funding_received[0].evidence_start == 240
    assert '"amount": "2300000.5"' in out.getvalue()  # text: a JSON number would be read as a float


def test_csv_round_trip_and_formula_safety() -> None:
    tables = csv_tables.write_tables(_registry())
    assert set(tables) == {"entities.csv", "funding_links.csv", "ratings.csv", "designations.csv"}
    assert tables["entities.csv"].splitlines()[0].startswith("uid,kind,name,")
    assert "'=SouthFront" in tables["entities.csv"] and ",'-7," in tables["ratings.csv"]
    assert "''quoted" in tables["ratings.csv"] and "'@someone" in tables["funding_links.csv"]
    result = csv_tables.read_tables(tables)
    assert result.issues == []
    entities = _without_sources(result.entities)
    assert [e.name for e in entities] == ["Russian Federation", "=SouthFront, \"the\" outlet"]
    assert entities[1].description == "Line one\nline two, with a comma" and entities[1].meta == {"n": 2, "wikidata": "Q123"}
    links = result.funding_links
    assert [(link.recipient_uid, link.recipient, link.funder_uid) for link in links] == [
        ("u-sf", "=SouthFront, \"the\" outlet", None), ("u-sf", "=SouthFront, \"the\" outlet", "u-state")]
    assert links[0].evidence_start == 240 and links[0].observed_on == date(2017, 1, 24) and links[1].confidence == 0.75
    assert links[1].attributed_by == "@someone"
    assert (links[1].amount, links[1].currency, links[1].period_end) == (Decimal("2300000.5"), "EUR", date(2023, 12, 31))
    assert ",2300000.5,EUR,2023-01-01,2023-12-31," in tables["funding_links.csv"]
    assert (result.ratings[0].value, result.ratings[0].note, result.ratings[0].entity_uid) == ("-7", "'quoted", "u-sf")
    assert result.designations[0].designated_on == date(2021, 4, 15)
    # Written again from what was read, the tables are the same bytes.
    again = [EntityRecord(**{k: v for k, v in vars(e).items() if k not in {"ratings", "designations", "funding_received"}})
             for e in entities]
    again[1].funding_received = [link for link in links]
    again[1].ratings, again[1].designations = result.ratings, result.designations
    assert csv_tables.write_tables(again) == tables


def test_zip_of_tables() -> None:
    buffer = io.BytesIO()
    sink = ZipSink(buffer)
    assert csv_tables.write(_registry(), sink) == 2
    sink.close()
    result = read_registry_files({"registry.zip": buffer.getvalue()})
    assert result.issues == [] and len(result.entities) == 2 and len(result.funding_links) == 2



def test_text_that_is_not_utf8_is_refused_with_its_line() -> None:
    latin = "kind,name\noutlet,Caf\xe9\n".encode("latin-1")
    result = read_registry_files({"entities.csv": latin})
    assert [i.located() for i in result.issues] == ["entities.csv, line 2: not UTF-8 text (byte 20)"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("entities.csv", latin)
    zipped = read_registry_files({"registry.zip": buffer.getvalue()})
    assert [i.located() for i in zipped.issues] == ["registry.zip/entities.csv, line 2: not UTF-8 text (byte 20)"]

def test_hand_written_csv_with_names_and_errors_located() -> None:
    entities = "kind,name,domains\noutlet,SouthFront,southfront.org www.southfront.press\n"
    links = ("recipient,funder,kind,attribution,attributed_by,confidence,observed_on\n"
             "SouthFront,,donation_channel,self_declared,,,\n"
             "SouthFront,Russian Federation,grant,third_party,A report,high,\n"
             "SouthFront,,grant,self_declared,,,2017-13-01\n")
    result = read_registry_files({"entities.csv": entities.encode(), "x/funding_links.csv": links.encode()})
    assert result.entities[0].domains == ["southfront.org", "www.southfront.press"]
    assert [i.located() for i in result.issues] == [
        "x/funding_links.csv, line 3, field 'confidence': cannot read 'high': could not convert string to float: 'high'",
        "x/funding_links.csv, line 4, field 'observed_on': cannot read '2017-13-01': month must be in 1..12",
    ]
    assert result.funding_links[0].source == "x/funding_links.csv, line 2"


def test_unknown_columns_and_files_are_reported() -> None:
    result = read_registry_files({"entities.csv": b"kind,nmae\noutlet,X\n", "people.csv": b"a\n", "notes.txt": b"x"})
    located = sorted(i.located() for i in result.issues)
    assert located[0].startswith("entities.csv, line 1, field 'name': required column missing")
    assert located[1].startswith("entities.csv, line 1, field 'nmae': unknown column")
    assert located[2].startswith("notes.txt: not a registry file")
    assert located[3].startswith("people.csv: not a registry table")


def test_json_problems_are_located() -> None:
    bad = '{"format": "annotator-registry", "entities": [{"kind": "outlet", "name": "A", "ratings": [{"provider": "p"}]}]}'
    result = json_file.read(io.StringIO(bad), source="r.json")
    assert [i.located() for i in result.issues] == ["r.json, field 'entities[0].ratings.0.dimension': Field required"]
    broken = json_file.read(io.StringIO('{"entities": [\n  {"kind": }]}'), source="r.json")
    assert broken.issues[0].located().startswith("r.json, line 2: malformed JSON")


def test_a_cell_longer_than_the_csv_modules_default_is_read() -> None:
    """Python's csv module stops at 131,072 characters a cell unless told otherwise; a registry
    entry's description may be longer, as a span's quote may (csv_rows.cell_reader)."""
    import csv

    description = "Funded by ”the” donors, 👩‍👩‍👧. " * 6000
    assert len(description) > 131_072
    tables = csv_tables.write_tables([EntityRecord(kind="outlet", name="Long", uid="u-long", description=description)])
    default = csv.field_size_limit(131_072)  # as a fresh process has it
    try:
        result = csv_tables.read_tables(tables)
    finally:
        csv.field_size_limit(default)
    assert result.issues == []
    assert [e.description for e in result.entities] == [description]


def test_a_value_of_the_wrong_type_or_with_nul_is_located_before_anything_is_written() -> None:
    """A NUL in a registry CSV cell was stored on SQLite (PostgreSQL cannot store it at all):
    a registry file's values are now checked as a project import's are. JSON was checked
    by its schema already."""
    csv_nul = read_registry_files({"entities.csv": b"kind,name\noutlet,Foo\x00 News\n"})
    json_number = read_registry_files({"registry.json": b'{"entities": [{"kind": "outlet", "name": 5}]}'})
    assert [i.located() for i in csv_nul.issues] == [
        "entities.csv, line 2, field 'name': holds the character U+0000 (NUL), which cannot be stored (a binary file?)"]
    assert [i.located() for i in json_number.issues] == [
        "registry.json, field 'entities[0].name': Input should be a valid string"]


_AMOUNTS = st.decimals(min_value=0, max_value=Decimal("9999999999999999.9999"), places=4)
_SHARES = st.decimals(min_value=0, max_value=100, places=4)


@st.composite
def _funding_links(draw: st.DrawFn) -> FundingLinkRecord:
    """A link with any amount, currency, period and share the registry holds."""
    kind = draw(st.sampled_from(["state_funding", "ownership", "grant"]))
    amount = draw(st.none() | _AMOUNTS)
    start, end = draw(st.none() | st.dates()), draw(st.none() | st.dates())
    if start and end and end < start:
        start, end = end, start
    return FundingLinkRecord(
        kind=kind, attribution="self_declared", uid=draw(st.uuids()).hex, funder_uid="u-state", funder="State",
        amount=amount, currency=draw(st.sampled_from(sorted(currencies()))) if amount is not None else None,
        period_start=start, period_end=end, share_percent=draw(st.none() | _SHARES) if kind == "ownership" else None)


@settings(max_examples=60, deadline=None)
@given(links=st.lists(_funding_links(), min_size=1, max_size=4))
def test_amounts_currencies_periods_and_shares_round_trip_through_json_and_csv(links: list[FundingLinkRecord]) -> None:
    entities = [EntityRecord(kind="state", name="State", uid="u-state"),
                EntityRecord(kind="outlet", name="Outlet", uid="u-o", funding_received=links)]
    out = io.StringIO()
    json_file.write(entities, out)
    from_json = json_file.read(io.StringIO(out.getvalue()), source="r.json")
    assert from_json.issues == [] and _without_sources(from_json.entities) == entities
    tables = csv_tables.write_tables(entities)
    from_csv = csv_tables.read_tables(tables)
    assert from_csv.issues == []
    fields = ("amount", "currency", "period_start", "period_end", "share_percent")
    assert [[getattr(link, f) for f in fields] for link in from_csv.funding_links] == \
        [[getattr(link, f) for f in fields] for link in links]
    again = _without_sources(from_csv.entities)
    again[1].funding_received = from_csv.funding_links
    assert csv_tables.write_tables(again) == tables  # the same bytes


def test_bad_amounts_in_a_table_are_located_by_line_and_field() -> None:
    links = ("recipient,funder,kind,attribution,amount,currency,period_start,period_end\n"
             "A,B,grant,self_declared,\"1,5 Mio\",EUR,,\n"
             "A,B,grant,self_declared,-3,EUR,2019-02-30,\n")
    result = read_registry_files({"funding_links.csv": links.encode()})
    assert [i.located() for i in result.issues] == [
        "funding_links.csv, line 2, field 'amount': cannot read '1,5 Mio': write digits with one decimal point, "
        "e.g. 2300000 or 150000.50 (no thousands separators, words or signs)",
        "funding_links.csv, line 3, field 'amount': cannot read '-3': must not be negative",
        "funding_links.csv, line 3, field 'period_start': cannot read '2019-02-30': day is out of range for month",
    ]


def test_a_native_export_carries_amounts_in_its_entity_lines() -> None:
    """The native JSONL's entity lines are the same records: amounts as text, read back exactly."""
    from annotator.formats import native_jsonl

    from .samples import sample_manifest

    out = io.StringIO()
    native_jsonl.write(sample_manifest("annotator-jsonl"), _registry(), [], out)
    assert '"amount": "2300000.5", "currency": "EUR", "period_start": "2023-01-01"' in out.getvalue()
    result = native_jsonl.read(io.StringIO(out.getvalue()), source="x.jsonl")
    assert _without_sources(result.entities) == _registry()
