"""Annotator names that differ from an account's in case only. Accounts are one per name in
any case (`Ann` beside `ann` is refused when made by hand): an import that names `Ana` where
the account `ana` exists takes that account, in every format that names annotators, and says
so; names in one file that differ in case only are one new account. Nothing makes a second
account that a study could not tell apart by name."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from annotator.codebooks import load_builtin
from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import Forbidden
from annotator.formats.base import EXAMPLES
from annotator.formats.records import (
    AnnotationRecord,
    DocumentRecord,
    FundingLinkRecord,
    GoldRecord,
)
from annotator.models import Annotation, FundingLink, GoldAnnotation, Membership, User
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.exchange.imports import Upload, import_uploads, preview_import, read_uploads
from annotator.services.exchange.project_import import import_into_project
from annotator.services.exchange.registry_io import import_registry
from annotator.services.registry.entities import create_entity
from annotator.services.team.projects import create_project, set_member

from ...conftest import make_user
from ...formats.samples import sample_records

#: The example files name the annotators ana and bo, and lead for gold (annotator/formats/examples/).
EXAMPLE_FILES = {"jsonl": "example.jsonl", "csv": "example.csv", "w3c": "example.jsonld",
                 "labelstudio": "example.labelstudio.json", "brat": "example.brat.zip",
                 "semeval": "example.semeval.zip"}
#: The accounts that exist before the import: the examples' names in another case.
ACCOUNTS = ("Ana", "BO", "Lead")
DOCCANO = json.dumps({"text": "The so-called experts met.", "label": [[4, 13, "scare_quotes"]]}) + "\n"


def _accounts(db: Database) -> dict[str, int]:
    with db.read() as session:
        return dict(session.execute(select(User.username, User.id)).all())


@pytest.mark.parametrize("fmt", [*EXAMPLE_FILES, "doccano"])
def test_an_import_takes_the_account_whose_name_differs_in_case_only(db: Database, system: Actor, fmt: str) -> None:
    for name in ACCOUNTS:
        make_user(db, name)
    if fmt == "csv":  # its rows name the documents: their texts come first, without spans
        import_into_project(db, system, "Study", [DocumentRecord(text=r.text, title=r.title, uid=r.uid)
                                                  for r in sample_records()])
    before = _accounts(db)
    # doccano's lines and SemEval's labels name no annotator: the spans are --annotator's
    annotator = "ana" if fmt in {"doccano", "semeval"} else None
    if fmt == "doccano":
        upload = Upload("doccano.jsonl", DOCCANO.encode())
    else:
        upload = Upload(EXAMPLE_FILES[fmt], (EXAMPLES / EXAMPLE_FILES[fmt]).read_bytes())
    done = import_uploads(db, system, "Study", [upload], annotator=annotator, settings=get_settings(db.url))
    assert _accounts(db) == before
    with db.read() as session:
        span_users = set(session.scalars(select(Annotation.user_id)))
        curators = set(session.scalars(select(GoldAnnotation.curator_id).where(GoldAnnotation.curator_id.is_not(None))))
        members = set(session.scalars(select(Membership.user_id).where(Membership.project_id == done.project.id)))
    assert span_users and span_users <= {before["Ana"], before["BO"]}
    assert curators <= {before["Lead"]}
    assert span_users <= members
    assert any("'ana' as 'Ana'" in message for message in done.result.messages), done.result.messages


def test_names_in_one_file_that_differ_in_case_only_are_one_new_account(db: Database, system: Actor) -> None:
    text = "The so-called experts met the opposition groups."
    spans = [AnnotationRecord(start=4, end=13, label="scare_quotes", annotator="Cleo"),
             AnnotationRecord(start=29, end=39, label="loaded_language", annotator="cleo")]
    gold = [GoldRecord(start=4, end=13, label="scare_quotes", curator="CLEO", chosen_from="cleo")]
    done = import_into_project(db, system, "Study", [DocumentRecord(text=text, annotations=spans, gold=gold)])
    with db.read() as session:
        made = session.execute(select(User.id, User.username).where(func.lower(User.username) == "cleo")).all()
        assert len(made) == 1
        assert set(session.scalars(select(Annotation.user_id))) == {made[0].id}
        assert session.execute(select(GoldAnnotation.curator_id, GoldAnnotation.chosen_from_user_id)).one() == \
            (made[0].id, made[0].id)
    assert made[0].username == "CLEO"  # of the spellings, the one that sorts first
    assert any("'Cleo' as 'CLEO'" in m and "'cleo' as 'CLEO'" in m for m in done.result.messages), \
        done.result.messages


def test_a_curators_import_naming_an_outsider_in_another_case_is_refused(db: Database) -> None:
    lead, cura = make_user(db, "lead", GlobalRole.CURATOR), make_user(db, "cura", GlobalRole.CURATOR)
    make_user(db, "ana")
    project = create_project(db, lead, "Study")
    set_member(db, lead, project.id, "cura", "curator")
    records = [DocumentRecord(text="The so-called experts met.", annotations=[
        AnnotationRecord(start=4, end=13, label="scare_quotes", annotator="ANA")])]
    before = _accounts(db)
    with pytest.raises(Forbidden, match=r"'ana' named in this import is an account but not a member"):
        import_into_project(db, cura, "Study", records)
    assert _accounts(db) == before


def test_a_registry_import_takes_the_account_of_its_links_maker_in_any_case(db: Database, admin: Actor) -> None:
    create_entity(db, admin, "outlet", "Echo")
    before = _accounts(db)
    link = FundingLinkRecord(kind="donation_channel", attribution="self_declared", recipient="Echo",
                             channel="paypal", identifier="echo@example.org", created_by="LEAD", decided_by="Lead")
    import_registry(db, admin, [], funding_links=[link])
    assert _accounts(db) == before
    with db.read() as session:
        assert session.execute(select(FundingLink.created_by_id, FundingLink.decided_by_id)).one() == \
            (before["lead"], before["lead"])


def test_the_preview_counts_the_spans_under_the_accounts_they_will_join(db: Database, system: Actor) -> None:
    """The page's preview listed "Ana" and "BO" as annotators where the import gives their
    spans to ana and bo: it lists the accounts, and says which names it took so."""
    make_user(db, "ana")
    make_user(db, "bo")
    data = (EXAMPLES / EXAMPLE_FILES["jsonl"]).read_bytes().replace(b'"annotator": "ana"', b'"annotator": "Ana"')
    loaded = read_uploads(db, system, None, [Upload("example.jsonl", data)], settings=get_settings(db.url))
    preview = preview_import(db, system, loaded, project_id=None, codebook=load_builtin("framing"))
    assert dict(preview.annotators) == {"ana": 3, "bo": 5}
    assert "user names that differ in case only are one account: 'Ana' as 'ana'" in preview.notes
