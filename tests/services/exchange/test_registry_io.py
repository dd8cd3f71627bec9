"""Importing a registry file: checked whole, refused whole with located problems, names
resolved, nothing duplicated on a second import (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.errors import Forbidden, ImportRefused
from annotator.formats.records import EntityRecord, FundingLinkRecord, RatingRecord
from annotator.formats.registry.files import read_registry_files
from annotator.services.actor import Actor
from annotator.services.exchange.registry_export import export_registry
from annotator.services.exchange.registry_io import import_registry
from annotator.services.registry.entities import create_entity, find_entity, list_entities
from annotator.services.registry.entity_detail import entity_detail
from annotator.services.registry.entity_merge import merge_entities

from ...conftest import make_user

ENTITIES = "kind,name,domains,country\noutlet,SouthFront,southfront.org,Russia\nstate,Russian Federation,,\n"
LINKS = ("recipient,funder,kind,attribution,attributed_by,channel,identifier,evidence_url,confidence\n"
         "SouthFront,,donation_channel,self_declared,,paypal,southfront@list.ru,https://southfront.org/astana/,0.9\n"
         "SouthFront,Russian Federation,grant,third_party,EUvsDisinfo,,,https://euvsdisinfo.eu/,\n")
RATINGS = "entity,provider,dimension,value,rated_on\nSouthFront,Media Bias/Fact Check,factual reporting,low,2023-02-01\n"


def _files(**overrides: str) -> dict[str, bytes]:
    tables = {"entities.csv": ENTITIES, "funding_links.csv": LINKS, "ratings.csv": RATINGS} | overrides
    return {name: text.encode() for name, text in tables.items()}


def _import(db: Database, actor: Actor, files: dict[str, bytes]):  # type: ignore[no-untyped-def]
    registry = read_registry_files(files)
    assert registry.issues == []
    return import_registry(db, actor, registry.entities, funding_links=registry.funding_links,
                           ratings=registry.ratings, designations=registry.designations, source="test")


def test_hand_written_tables_import_and_a_second_import_adds_nothing(db: Database, admin: Actor) -> None:
    result = _import(db, admin, _files())
    assert (result.entities_created, result.domains_added, result.funding_links_added, result.ratings_added) == (2, 1, 2, 1)
    sf = find_entity(db, admin, "southfront")
    detail = entity_detail(db, admin, sf.id)
    assert [(f.funder, f.kind, f.says_who) for f in detail.funding_in] == [
        (None, "donation_channel", "self-declared"), ("Russian Federation", "grant", "third party: EUvsDisinfo")]
    again = _import(db, admin, _files())
    assert (again.entities_created, again.entities_existing, again.funding_links_added, again.skipped) == (0, 2, 0, 3)
    assert len(list_entities(db, admin)) == 2


def test_names_match_in_any_case_in_any_script(db: Database, admin: Actor) -> None:
    """A hand-written file that spells a registered name in another case (any script) names
    that entity: no duplicate is made and its rows find it."""
    create_entity(db, admin, "outlet", "Новая газета")
    files = {"entities.csv": "kind,name\noutlet,НОВАЯ ГАЗЕТА\n",
             "ratings.csv": "entity,provider,dimension,value\nновая газета,P,factual reporting,high\n"}
    result = _import(db, admin, {k: v.encode() for k, v in files.items()})
    assert (result.entities_created, result.entities_existing, result.ratings_added) == (0, 1, 1)
    assert [e.name for e in list_entities(db, admin)] == ["Новая газета"]


def test_names_match_whatever_their_unicode_form_or_white_space(db: Database, admin: Actor) -> None:
    """A file that writes a registered name decomposed (e + combining acute) or with a
    non-breaking or doubled space names that entity; a new name is stored composed with single
    spaces."""
    create_entity(db, admin, "outlet", "Le Monde Diplomatique \u00e9dition")
    files = {"entities.csv": "kind,name\noutlet,Le\u00a0Monde  Diplomatique e\u0301dition\noutlet,Nouvel\u00a0Obs\u0065\u0301\n",
             "ratings.csv": "entity,provider,dimension,value\nle monde diplomatique e\u0301dition,P,factual reporting,high\n"
                            "nouvel obs\u00e9,P,factual reporting,high\n"}
    result = _import(db, admin, {k: v.encode() for k, v in files.items()})
    assert (result.entities_created, result.entities_existing, result.ratings_added) == (1, 1, 2)
    assert [e.name for e in list_entities(db, admin)] == ["Le Monde Diplomatique \u00e9dition", "Nouvel Obs\u00e9"]


@pytest.mark.parametrize(
    ("tables", "located"),
    [
        ({"entities.csv": ENTITIES + "newspaper,X,,\n"}, "entities.csv, line 4, field 'kind': unknown entity kind 'newspaper'"),
        ({"entities.csv": ENTITIES + "outlet,Y,not_a_domain,\n"}, "entities.csv, line 4, field 'domains[0]'"),
        ({"funding_links.csv": LINKS + "SouthFront,,ownership,self_declared,,,,,\n"}, "funding_links.csv, line 4, field 'funder': a ownership link needs a funder"),
        ({"funding_links.csv": LINKS + "SouthFront,,grant,third_party,,,,,\n"}, "line 4, field 'funder'"),
        ({"funding_links.csv": LINKS + "SouthFront,,donation_channel,third_party,,,,,\n"}, "line 4, field 'attributed_by'"),
        ({"funding_links.csv": LINKS + "SouthFront,,donation_channel,self_declared,,,,www.x.org,\n"}, "line 4, field 'evidence_url'"),
        ({"funding_links.csv": LINKS + "SouthFront,,donation_channel,self_declared,,,,,1.5\n"}, "line 4, field 'confidence'"),
        ({"funding_links.csv": LINKS + "Nobody,,donation_channel,self_declared,,,,,\n"}, "funding_links.csv, line 4, field 'recipient': no entity 'Nobody'"),
        ({"funding_links.csv": LINKS + "SouthFront,Nobody,grant,self_declared,,,,,\n"}, "funding_links.csv, line 4, field 'funder': no entity 'Nobody'"),
        ({"funding_links.csv": LINKS + "SouthFront,southfront,grant,self_declared,,,,,\n"},
         "funding_links.csv, line 4, field 'funder': an entity cannot fund itself"),
        ({"ratings.csv": RATINGS + "SouthFront,X,y,,\n"}, "ratings.csv, line 3, field 'value': value must not be empty"),
        # longer than the stored field: refused with its place (PostgreSQL failed with a database error)
        ({"entities.csv": ENTITIES + f"outlet,Long,,{'x' * 101}\n"},
         "entities.csv, line 4, field 'country': longer than 100 characters (101)"),
        ({"ratings.csv": RATINGS + f"SouthFront,{'P' * 201},d,v,\n"},
         "ratings.csv, line 3, field 'provider': longer than 200 characters (201)"),
        ({"funding_links.csv": LINKS + f"SouthFront,,donation_channel,self_declared,,{'c' * 101},,,\n"},
         "funding_links.csv, line 4, field 'channel': longer than 100 characters (101)"),
        ({"entities.csv": "uid,kind,name\n" + "u" * 37 + ",outlet,Long uid\n"},
         "entities.csv, line 2, field 'uid': longer than 36 characters (37)"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(db: Database, admin: Actor, tables: dict[str, str], located: str) -> None:
    registry = read_registry_files(_files(**tables))
    with pytest.raises(ImportRefused) as refused:
        if registry.issues:
            raise ImportRefused(registry.issues)
        import_registry(db, admin, registry.entities, funding_links=registry.funding_links,
                        ratings=registry.ratings, designations=registry.designations)
    assert any(located in issue.located() for issue in refused.value.issues), [i.located() for i in refused.value.issues]
    assert list_entities(db, admin) == []  # nothing was written


def test_ambiguous_names_and_domain_conflicts(db: Database, admin: Actor) -> None:
    create_entity(db, admin, "outlet", "Echo")
    create_entity(db, admin, "organisation", "Echo")
    create_entity(db, admin, "outlet", "Other", domains=["southfront.org"])
    link = FundingLinkRecord(kind="donation_channel", attribution="self_declared", recipient="echo", source="f.csv, line 2")
    with pytest.raises(ImportRefused, match="f.csv, line 2, field 'recipient': 2 entities are called 'echo'"):
        import_registry(db, admin, [], funding_links=[link])
    with pytest.raises(ImportRefused, match="domain southfront.org already belongs to another entity"):
        import_registry(db, admin, [EntityRecord(kind="outlet", name="SouthFront", domains=["southfront.org"], source="e.csv, line 2")])
    assert {e.name for e in list_entities(db, admin)} == {"Echo", "Other"}


def test_a_uid_given_twice_in_a_file_refuses_it(db: Database, admin: Actor) -> None:
    """Two entries of a file with one uid would be one entity, the second dropped without a
    word: the file is refused, naming both places."""
    entities = [EntityRecord(kind="outlet", name="First", uid="e-1", source="registry.json, entities[0]"),
                EntityRecord(kind="outlet", name="Second", uid="e-1", source="registry.json, entities[1]")]
    with pytest.raises(ImportRefused) as refused:
        import_registry(db, admin, entities)
    assert [i.located() for i in refused.value.issues] == [
        "registry.json, entities[1], field 'uid': uid 'e-1' is given to registry.json, entities[0] too"]
    ratings = [RatingRecord(provider="P", dimension="d", value=v, entity="First", uid="r-1", source=f"ratings.csv, line {n}")
               for n, v in ((2, "high"), (3, "low"))]
    with pytest.raises(ImportRefused, match="ratings.csv, line 3, field 'uid': uid 'r-1' is given to ratings.csv, line 2 too"):
        import_registry(db, admin, entities[:1], ratings=ratings)
    assert list_entities(db, admin) == []


def test_rows_naming_a_merged_entity_go_to_its_survivor(db: Database, admin: Actor) -> None:
    keep = create_entity(db, admin, "outlet", "SouthFront")
    dup = create_entity(db, admin, "outlet", "South Front")
    merge_entities(db, admin, keep.id, dup.id)
    rating = RatingRecord(provider="P", dimension="d", value="v", entity_uid=dup.uid)
    assert import_registry(db, admin, [], ratings=[rating]).ratings_added == 1
    assert [r.provider for r in entity_detail(db, admin, keep.id).ratings] == ["P"]


def test_only_registry_editors_import(db: Database, admin: Actor) -> None:
    with pytest.raises(Forbidden):
        import_registry(db, make_user(db, "ann"), [EntityRecord(kind="outlet", name="X")])
    assert export_registry(db, admin) == []


@pytest.mark.parametrize(("start", "end", "quote", "problem"), [
    (0, 10_000, None, "evidence offsets [0, 10000) leave the document"),
    (0, 4, "PayPal", "the evidence quote does not match the document at [0, 4)"),
])
def test_evidence_offsets_are_checked_against_their_document(db: Database, admin: Actor, start: int, end: int,
                                                            quote: str | None, problem: str) -> None:
    """Evidence in a document of this database is checked as the funding form checks it: the
    offsets lie inside the document and match the quote."""
    from annotator.services.annotation.documents import get_document
    from tests.support.builders import SOUTHFRONT_LIKE, project_with_document

    _project, doc = project_with_document(db, admin, SOUTHFRONT_LIKE)
    uid = get_document(db, admin, doc).uid
    create_entity(db, admin, "outlet", "SouthFront")
    link = FundingLinkRecord(kind="donation_channel", attribution="self_declared", recipient="SouthFront",
                             evidence_document_uid=uid, evidence_start=start, evidence_end=end,
                             evidence_quote=quote, source="funding_links.csv, line 2")
    with pytest.raises(ImportRefused) as refused:
        import_registry(db, admin, [], funding_links=[link])
    field = "evidence_start/evidence_end" if "leave" in problem else "evidence_quote"
    (issue,) = refused.value.issues
    assert issue.located().startswith(f"funding_links.csv, line 2, field '{field}': {problem}")
    good = FundingLinkRecord(kind="donation_channel", attribution="self_declared", recipient="SouthFront",
                             evidence_document_uid=uid, evidence_start=0, evidence_end=4,
                             evidence_quote=SOUTHFRONT_LIKE[:4], source="funding_links.csv, line 2")
    assert import_registry(db, admin, [], funding_links=[good]).funding_links_added == 1


def test_a_large_registry_file_is_not_matched_against_the_whole_registry_per_row(db: Database, admin: Actor) -> None:
    """Each row's name was looked up by loading every entity whose name has its length: a
    registry file of n rows of like names read about n²/2 entities, and 300,000 rows (4 MB)
    held the write lock for longer than 15 minutes (2,000 rows: 53 s). Now the names are read
    once per import."""
    from sqlalchemy import event

    from annotator.models import Entity

    n = 600
    _import(db, admin, {"entities.csv": ("kind,name\n" + "".join(f"outlet,Outlet {i:04d}\n" for i in range(n))).encode()})
    loaded: list[int] = []

    def count(target: object, context: object) -> None:
        loaded.append(1)

    event.listen(Entity, "load", count)
    try:
        table = "kind,name\n" + "".join(f"outlet,outlet {i:04d}\n" for i in range(n, 2 * n))  # new ones
        table += "".join(f"outlet,OUTLET {i:04d}\n" for i in range(0, n, 3))  # known, in another case
        result = _import(db, admin, {"entities.csv": table.encode()})
    finally:
        event.remove(Entity, "load", count)
    assert (result.entities_created, result.entities_existing) == (n, n // 3)
    assert len(loaded) < 4 * n, len(loaded)
    assert len(list_entities(db, admin)) == 2 * n


def test_files_are_not_read_for_someone_who_may_not_import_them(db: Database, admin: Actor,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry upload parsed every file (up to the upload limit) before the service asked
    whether the caller edits the registry: the refusal came after the work. It comes first."""
    from annotator.config import get_settings
    from annotator.formats.registry import files as registry_files
    from annotator.services.exchange.imports import import_registry_files

    ann = make_user(db, "ann")
    read: list[str] = []
    real = registry_files.read_registry_files
    monkeypatch.setattr(registry_files, "read_registry_files", lambda files, **options: read.append("read") or real(files, **options))
    with pytest.raises(Forbidden):
        import_registry_files(db, ann, _files(), source="upload", settings=get_settings(db.url))
    assert read == []
    import_registry_files(db, admin, _files(), source="upload", settings=get_settings(db.url))
    assert read == ["read"]
