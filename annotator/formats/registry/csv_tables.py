"""The registry as CSV: one file per table, for spreadsheets and hand editing.

    entities.csv        uid, kind, name, country, description, domains, merged_into_uid, meta, ...
    funding_links.csv   uid, funder_uid, funder, recipient_uid, recipient, kind, channel, ...
    ratings.csv         uid, entity_uid, entity, provider, dimension, value, rated_on, url, ...
    designations.csv    uid, entity_uid, entity, kind, name, issuer, designated_on, ended_on, ...

One file per table rather than one wide sheet, because an entity has any number of links,
ratings and designations. Rows name entities by uid or, in a hand-written file, by name
(`funder`, `recipient`, `entity`); leave the uid empty for a new row. `domains` holds the
entity's domains separated by spaces; `meta` is a JSON object; dates are YYYY-MM-DD; a funding
link's `amount` and `share_percent` are digits with one decimal point (`2300000.50`, no thousands
separators) and `currency` an ISO 4217 code (annotator/amounts.py). Only the
`entities.csv` columns kind and name and the other tables' content columns are required: a
file may leave out any other column. The tables travel together as a folder or a .zip (a
"bundle", as brat's and SemEval's files do).

Spreadsheet safety: a cell that starts with `=`, `+`, `-`, `@`, a tab, a carriage return or an
apostrophe is written with one more apostrophe in front, so no spreadsheet runs it as a formula;
on reading, a leading apostrophe is removed, so every value comes back exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from ...amounts import parse_decimal, plain_decimal
from ...errors import InvalidInput
from ..bundle import Limits, Sink, zip_bundle
from ..csv_rows import cell_reader, neutralise, numbered_rows, restore
from ..json_input import lone_surrogate
from ..records import DesignationRecord, EntityRecord, FundingLinkRecord, RatingRecord, RegistryFile

NAME = "csv"
TITLE = "CSV tables (.zip)"
EXTENSIONS = (".csv", ".zip")
FILE_NAME = "registry-csv.zip"
MEDIA_TYPE = "application/zip"
KIND: Final = "bundle"
_NESTED = {"ratings", "designations", "funding_received", "source"}


def _columns(model: type) -> list[str]:
    """The record's fields, uid first, without nested lists and the reader's `source`."""
    return ["uid", *(f.name for f in fields(model) if f.name not in _NESTED | {"uid"})]


TABLES: dict[str, tuple[type, list[str], tuple[str, ...]]] = {
    "entities.csv": (EntityRecord, _columns(EntityRecord), ("kind", "name")),
    "funding_links.csv": (FundingLinkRecord, _columns(FundingLinkRecord), ("kind", "attribution")),
    "ratings.csv": (RatingRecord, _columns(RatingRecord), ("provider", "dimension", "value")),
    "designations.csv": (DesignationRecord, _columns(DesignationRecord), ("kind", "name", "issuer")),
}
_INTS = {"evidence_start", "evidence_end"}
_FLOATS = {"confidence"}
_DECIMALS = {"amount", "share_percent"}
_DATES = {"observed_on", "rated_on", "designated_on", "ended_on", "period_start", "period_end"}
_DATETIMES = {"created_at", "updated_at", "decided_at"}


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "domains":
        return " ".join(value)
    if name == "meta":
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, int | float):
        return repr(value)
    return neutralise(str(value))


def _table(columns: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(c, row.get(c)) for c in columns])
    return out.getvalue()


def write_tables(entities: Iterable[EntityRecord]) -> dict[str, str]:
    """File name -> CSV text for the four tables; nested rows name their entity by uid and name."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for entity in entities:
        rows["entities.csv"].append(vars(entity))
        owner = {"entity_uid": entity.uid, "entity": entity.name}
        rows["funding_links.csv"] += [vars(link) | {"recipient_uid": entity.uid, "recipient": entity.name}
                                      for link in entity.funding_received]
        rows["ratings.csv"] += [vars(r) | owner for r in entity.ratings]
        rows["designations.csv"] += [vars(d) | owner for d in entity.designations]
    return {name: _table(columns, rows[name]) for name, (_, columns, _) in TABLES.items()}


def write(entities: Iterable[EntityRecord], sink: Sink) -> int:
    """The four tables as files of `sink` (a folder or a zip); returns the number of entities."""
    listed = list(entities)
    for name, text in write_tables(listed).items():
        with sink.open_text(name) as fp:
            fp.write(text)
    return len(listed)


def _parse(name: str, raw: str) -> Any:
    if name == "domains":
        return raw.replace(",", " ").replace(";", " ").split()
    if name == "meta":
        try:
            value = json.loads(raw) if raw.strip() else {}
        except RecursionError:
            raise ValueError("nested too deeply to be read") from None
        if not isinstance(value, dict):
            raise ValueError("must be a JSON object")
        found = lone_surrogate(value)
        if found:
            raise ValueError(f"a lone surrogate (\\u{ord(found[1]):04x}) is not a character")
        return value
    if raw == "":
        return None
    parsers: list[tuple[set[str], Callable[[str], Any]]] = [
        (_INTS, int), (_FLOATS, float), (_DECIMALS, parse_decimal), (_DATES, date.fromisoformat), (_DATETIMES, datetime.fromisoformat),
    ]
    for names, parse in parsers:
        if name in names:
            return parse(raw.strip())
    return restore(raw)


def read_table(name: str, text: str, source: str, result: RegistryFile) -> None:
    """Read one table (by its file name) into `result`."""
    model, columns, required = TABLES[name]
    reader = cell_reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    unknown = [h for h in header if h not in columns]
    missing = [c for c in required if c not in header]
    for column in unknown:
        result.issues.append(InvalidInput(f"unknown column (expected some of: {', '.join(columns)})", file=source, line=1, field=column))
    for column in missing:
        result.issues.append(InvalidInput("required column missing", file=source, line=1, field=column))
    if unknown or missing:
        return
    targets: dict[str, list[Any]] = {"entities.csv": result.entities, "funding_links.csv": result.funding_links,
                                     "ratings.csv": result.ratings, "designations.csv": result.designations}
    target = targets[name]
    for start, row in numbered_rows(reader, len(header), source, result.issues):
        values: dict[str, Any] = {}
        readable = True
        for column, raw in zip(header, row, strict=True):
            try:
                values[column] = _parse(column, raw)
            except ValueError as error:
                shown = raw if len(raw) <= 80 else raw[:80] + "…"
                result.issues.append(InvalidInput(f"cannot read {shown!r}: {error}", file=source, line=start, field=column))
                readable = False
        if not readable:
            continue
        for column in required:
            if values.get(column) is None:
                values[column] = ""  # reported with its location by the registry checks
        if name == "funding_links.csv" and values.get("status") is None:
            values.pop("status", None)
        if name == "entities.csv" and values.get("description") is None:
            values["description"] = ""
        target.append(model(**values, source=f"{source}, line {start}"))


def read_tables(files: Mapping[str, str], *, source: str = "") -> RegistryFile:
    """Read tables given as file name -> text (names as in TABLES, any folder in front)."""
    result = RegistryFile()
    for path, text in files.items():
        name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
        where = f"{source}/{path}" if source else path
        if name not in TABLES:
            result.issues.append(InvalidInput(f"not a registry table (expected {', '.join(TABLES)})", file=where))
            continue
        read_table(name, text, where, result)
    return result


#: What a registry zip may expand to: the import defaults (a registry is far smaller).
ZIP_LIMITS = Limits(50 * 1024 * 1024, 200 * 1024 * 1024)


def read_zip(data: bytes, *, source: str = "registry.zip", limits: Limits = ZIP_LIMITS) -> RegistryFile:
    """The CSV tables of a zip, read in memory within `limits` (a damaged or oversized member is
    a located refusal, like any import's zip)."""
    files: dict[str, str] = {}
    try:
        bundle = zip_bundle(io.BytesIO(data), source, limits)
        for member in bundle.members:
            if member.name.lower().endswith(".csv"):
                files[member.name] = bundle.read_text(member)
    except InvalidInput as error:
        return RegistryFile(issues=[error])
    return read_tables(files, source=source)
