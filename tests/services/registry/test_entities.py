"""The registry: entity CRUD with audit, domains and matching, ratings and designations,
permissions (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from annotator.db import Database
from annotator.errors import Conflict, Forbidden, InvalidInput, NotFound
from annotator.models import AuditEvent, Entity
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document, get_document
from annotator.services.registry.entities import (
    add_designation,
    add_domain,
    add_rating,
    create_entity,
    delete_entity,
    delete_rating,
    find_entity,
    get_entity,
    list_entities,
    remove_domain,
    update_entity,
)
from annotator.services.registry.outlets import match_outlets, outlet_for_url, set_outlet
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.audit import audit_events
from ...support.builders import add_member

_events = audit_events


def test_entity_crud_is_audited(db: Database, admin: Actor) -> None:
    rt = create_entity(db, admin, "outlet", "  RT  ", country="Russia", domains=["WWW.RT.com", "https://russian.rt.com/x"])
    assert rt.name == "RT" and rt.domains == ("rt.com", "russian.rt.com")
    changed = update_entity(db, admin, rt.id, name="RT (Russia Today)", description="State broadcaster")
    assert get_entity(db, admin, rt.id) == changed and changed.description == "State broadcaster"
    events = _events(db, "entity", rt.id)
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].before["name"] == "RT" and events[1].after["name"] == "RT (Russia Today)"
    assert events[0].user_id == admin.user_id
    delete_entity(db, admin, rt.id)
    with pytest.raises(NotFound):
        get_entity(db, admin, rt.id)
    deleted = _events(db, "entity", rt.id)[-1]
    assert deleted.action == "delete" and deleted.before["domains"] == ["rt.com", "russian.rt.com"]


def test_entity_input_is_checked(db: Database, admin: Actor) -> None:
    with pytest.raises(InvalidInput, match="unknown entity kind 'newspaper'"):
        create_entity(db, admin, "newspaper", "X")
    with pytest.raises(InvalidInput, match="name must not be empty"):
        create_entity(db, admin, "outlet", "   ")
    with pytest.raises(InvalidInput, match="not a web domain"):
        create_entity(db, admin, "outlet", "X", domains=["localhost"])
    assert list_entities(db, admin) == []  # the refused creations left nothing behind


def test_domains_are_unique_and_normalised(db: Database, admin: Actor) -> None:
    sf = create_entity(db, admin, "outlet", "SouthFront", domains=["southfront.org"])
    other = create_entity(db, admin, "outlet", "Other")
    with pytest.raises(Conflict, match="belongs to SouthFront"):
        add_domain(db, admin, other.id, "WWW.SouthFront.ORG/")
    assert add_domain(db, admin, sf.id, "www.southfront.org").domains == ("southfront.org",)
    assert remove_domain(db, admin, sf.id, "SOUTHFRONT.org").domains == ()
    with pytest.raises(NotFound):
        remove_domain(db, admin, sf.id, "southfront.org")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://southfront.org/astana/", "SouthFront"),
        ("http://WWW.SouthFront.Org/x?y=1", "SouthFront"),
        ("https://news.southfront.org/a", "SouthFront"),
        ("southfront.org/donate/", "SouthFront"),
        ("https://edition.cnn.com/2017/01/23", "CNN International"),
        ("https://money.cnn.com/x", "CNN"),
        ("https://notsouthfront.org/", None),
        ("https://southfront.org.evil.example/", None),
        ("mailto:x@southfront.org", None),
        ("not a url", None),
    ],
)
def test_domain_match(db: Database, admin: Actor, url: str, expected: str | None) -> None:
    names = {}
    for name, domain in [("SouthFront", "southfront.org"), ("CNN", "cnn.com"), ("CNN International", "edition.cnn.com")]:
        names[create_entity(db, admin, "outlet", name, domains=[domain]).id] = name
    found = outlet_for_url(db, admin, url)
    assert (names[found] if found else None) == expected


def test_documents_get_their_outlet_from_the_url_and_can_be_reassigned(db: Database, admin: Actor) -> None:
    sf = create_entity(db, admin, "outlet", "SouthFront", domains=["southfront.org"])
    project = create_project(db, admin, "P")
    doc, _ = add_document(db, admin, project.id, "A text.", url="https://WWW.southfront.org/a")
    assert get_document(db, admin, doc).outlet == "SouthFront"
    plain, _ = add_document(db, admin, project.id, "Another text.", url="https://elsewhere.example/b")
    assert get_document(db, admin, plain).outlet_id is None
    other = create_entity(db, admin, "outlet", "Elsewhere")
    assert set_outlet(db, admin, plain, other.id) == other.id
    assert get_document(db, admin, plain).outlet == "Elsewhere"
    assert _events(db, "document", plain)[-1].after == {"outlet_id": other.id}
    set_outlet(db, admin, plain, None)
    add_domain(db, admin, other.id, "elsewhere.example")
    assert match_outlets(db, admin, project.id) == 1
    assert get_document(db, admin, plain).outlet_id == other.id
    assert get_document(db, admin, doc).outlet_id == sf.id


def test_a_page_served_through_amp_or_an_archive_gets_its_own_outlet(db: Database, admin: Actor) -> None:
    """Google's AMP viewer and cache and the Wayback Machine serve an outlet's page under their
    own host: the outlet is the page's, never Google (a platform the registry may well hold, as
    an advertiser) or the archive."""
    rt = create_entity(db, admin, "outlet", "RT", domains=["rt.com"])
    google = create_entity(db, admin, "platform", "Google", domains=["google.com"])
    project = create_project(db, admin, "P")
    for url in ("https://www.google.com/amp/s/www.rt.com/news/1-x/amp/",
                "https://www-rt-com.cdn.ampproject.org/c/s/www.rt.com/news/1-x/amp/",
                "https://web.archive.org/web/20220301000000/https://www.rt.com/news/1-x/"):
        assert outlet_for_url(db, admin, url) == rt.id, url
        doc, _ = add_document(db, admin, project.id, f"A text from {url}.", url=url)
        assert get_document(db, admin, doc).outlet_id == rt.id
    assert outlet_for_url(db, admin, "https://www.google.com/search?q=rt") == google.id
    assert outlet_for_url(db, admin, "https://www.google.com/amp/s/unknown.example/a") is None
    # The Registry page's search takes such an address pasted as it is too.
    for url in ("https://www-rt-com.cdn.ampproject.org/c/s/www.rt.com/news/1-x/amp/",
                "https://web.archive.org/web/20220301000000/https://www.rt.com/news/1-x/"):
        assert [e.name for e in list_entities(db, admin, search=url)] == ["RT"], url


def test_an_international_domain_matches_as_browsers_read_it(db: Database, admin: Actor) -> None:
    """faß.de is xn--fa-hia.de (IDNA 2008, as browsers resolve it); fass.de is another site."""
    fass = create_entity(db, admin, "outlet", "Faß", domains=["faß.de"])
    assert fass.domains == ("xn--fa-hia.de",)
    assert outlet_for_url(db, admin, "https://www.faß.de/a") == fass.id
    assert outlet_for_url(db, admin, "https://xn--fa-hia.de/a") == fass.id
    assert outlet_for_url(db, admin, "https://fass.de/a") is None
    other = create_entity(db, admin, "outlet", "Fass", domains=["fass.de"])
    assert other.domains == ("fass.de",) and outlet_for_url(db, admin, "https://fass.de/a") == other.id


def test_a_domain_is_found_by_any_form_of_it_as_it_is_stored_in_one(db: Database, admin: Actor) -> None:
    """Every way in writes a domain in one form (lower case, ASCII, IDNA 2008) and every lookup
    normalises what it is given the same way: the outlet of a URL, the registry's search, removing
    a domain. The search folded case with casefold() before normalising, which turns ß into ss
    and ς into σ (IDNA 2003's mappings): "faß.de" and "σοφός.gr" found nothing, or fass.de's
    outlet, another site."""
    fass = create_entity(db, admin, "outlet", "Faß", domains=["WWW.Faß.DE"])
    sofos = create_entity(db, admin, "outlet", "Sofos", domains=["https://σοφός.gr/"])
    books = create_entity(db, admin, "outlet", "Books", domains=["Bücher.Example"])
    other = create_entity(db, admin, "outlet", "Fass", domains=["fass.de"])
    assert (fass.domains, books.domains) == (("xn--fa-hia.de",), ("xn--bcher-kva.example",))
    for url, outlet in (("https://FAß.de/a", fass), ("https://www.σοφός.gr/x", sofos), ("http://BÜCHER.example", books),
                        ("https://news.xn--bcher-kva.example/", books), ("https://fass.de/", other)):
        assert outlet_for_url(db, admin, url) == outlet.id, url
    for search, outlet in (("faß.de", fass), ("FAß.DE", fass), ("σοφός.gr", sofos), ("www.σοφός.gr", sofos),
                           ("bücher.example", books), ("BÜCHER", books), ("xn--bcher-kva", books)):
        assert [e.id for e in list_entities(db, admin, search=search)] == [outlet.id], search
    assert remove_domain(db, admin, books.id, "https://www.BÜCHER.example/").domains == ()


def test_ratings_and_designations_are_lists(db: Database, admin: Actor) -> None:
    rt = create_entity(db, admin, "outlet", "RT")
    first = add_rating(db, admin, rt.id, "Media Bias/Fact Check", "factual reporting", "mixed",
                       rated_on=date(2023, 5, 1), url="https://mediabiasfactcheck.com/rt-news/")
    add_rating(db, admin, rt.id, "Media Bias/Fact Check", "bias", "right-center")
    add_rating(db, admin, rt.id, "NewsGuard", "score", "7.5/100")
    add_designation(db, admin, rt.id, "sanction", "EU broadcasting ban", "Council of the EU",
                    designated_on=date(2022, 3, 2), url="https://eur-lex.europa.eu/eli/reg/2022/350/oj")
    with pytest.raises(InvalidInput, match="longer than 2000 characters"):  # the stored field's size
        add_rating(db, admin, rt.id, "P", "d", "v", url="https://example.org/" + "x" * 2000)
    with pytest.raises(InvalidInput, match="not a web address"):
        add_rating(db, admin, rt.id, "X", "y", "z", url="ftp://x.example/")
    with pytest.raises(InvalidInput, match="unknown designation kind"):
        add_designation(db, admin, rt.id, "rumour", "x", "y")
    with pytest.raises(InvalidInput, match="ends before it starts"):
        add_designation(db, admin, rt.id, "official label", "foreign agent", "Ministry",
                        designated_on=date(2020, 1, 2), ended_on=date(2020, 1, 1))
    from annotator.services.registry.entity_detail import entity_detail

    detail = entity_detail(db, admin, rt.id)
    assert [(r.provider, r.dimension, r.value) for r in detail.ratings] == [
        ("Media Bias/Fact Check", "bias", "right-center"),
        ("Media Bias/Fact Check", "factual reporting", "mixed"),
        ("NewsGuard", "score", "7.5/100"),
    ]
    assert [d.issuer for d in detail.designations] == ["Council of the EU"]
    delete_rating(db, admin, first.id)
    assert len(entity_detail(db, admin, rt.id).ratings) == 2
    assert _events(db, "rating", first.id)[-1].before["value"] == "mixed"


def test_registry_permissions(db: Database, admin: Actor) -> None:
    annotator = make_user(db, "ann")
    curator = make_user(db, "cur", GlobalRole.CURATOR)
    lead = make_user(db, "lead2")
    project = create_project(db, admin, "P")
    add_member(db, admin, project.id, annotator)
    add_member(db, admin, project.id, lead, "curator")
    with pytest.raises(Forbidden, match="registry is edited by admins and curators"):
        create_entity(db, annotator, "outlet", "X")
    made = create_entity(db, curator, "outlet", "By a global curator")
    create_entity(db, lead, "outlet", "By a project curator")
    assert {e.name for e in list_entities(db, annotator)} == {"By a global curator", "By a project curator"}
    with pytest.raises(Forbidden):
        update_entity(db, annotator, made.id, name="Y")
    with db.read() as session:
        refusals = session.scalars(select(AuditEvent.user_id).where(AuditEvent.action == "forbidden")).all()
    assert refusals == [annotator.user_id, annotator.user_id]


def test_list_entities_search_and_kind(db: Database, admin: Actor) -> None:
    create_entity(db, admin, "outlet", "SouthFront", domains=["southfront.org"])
    create_entity(db, admin, "state", "Russian Federation")
    create_entity(db, admin, "platform", "Patreon", domains=["patreon.com"])
    assert [e.name for e in list_entities(db, admin, search="front")] == ["SouthFront"]
    assert [e.name for e in list_entities(db, admin, search="PATREON.COM")] == ["Patreon"]
    assert [e.name for e in list_entities(db, admin, kind="state")] == ["Russian Federation"]
    assert [e.name for e in list_entities(db, admin)] == ["Patreon", "Russian Federation", "SouthFront"]


def test_names_in_any_script_are_found_in_any_case(db: Database, admin: Actor) -> None:
    """Search and look-up by name ignore case in every script (SQLite's and a C-locale
    PostgreSQL's lower() change only A-Z), and wildcards in a search are plain characters."""
    for name in ("Новая газета", "ÉCLAIRAGE", "Daily_Mail", "100% News", "東京新聞"):
        create_entity(db, admin, "outlet", name)
    assert [e.name for e in list_entities(db, admin, search="новая")] == ["Новая газета"]
    assert [e.name for e in list_entities(db, admin, search="ГАЗЕТА")] == ["Новая газета"]
    assert [e.name for e in list_entities(db, admin, search="éclairage")] == ["ÉCLAIRAGE"]
    assert [e.name for e in list_entities(db, admin, search="東京")] == ["東京新聞"]
    assert [e.name for e in list_entities(db, admin, search="_")] == ["Daily_Mail"]
    assert [e.name for e in list_entities(db, admin, search="0%")] == ["100% News"]
    assert find_entity(db, admin, "новая газета").name == "Новая газета"


def test_names_that_differ_only_in_unicode_form_or_white_space_are_one_name(db: Database, admin: Actor) -> None:
    """A name pasted from an article or typed on another system may come decomposed
    (e + combining acute) or with a non-breaking or doubled space: it is stored composed (NFC)
    with single spaces, so that search and look-up find it whichever way it is written."""
    decomposed = create_entity(db, admin, "outlet", "Radio Libert\u0065\u0301\u00a0 Babel")
    assert decomposed.name == "Radio Libert\u00e9 Babel"
    assert update_entity(db, admin, decomposed.id, name="Radio\tLibert\u00e9  Babel").name == "Radio Libert\u00e9 Babel"
    for needle in ("libert\u00e9 babel", "LIBERT\u0045\u0301", "radio\u00a0libert\u00e9"):
        assert [e.name for e in list_entities(db, admin, search=needle)] == ["Radio Libert\u00e9 Babel"], needle
    assert find_entity(db, admin, "radio  libert\u0065\u0301 babel").id == decomposed.id


def test_a_name_stored_before_names_were_cleaned_is_still_found(db: Database, admin: Actor) -> None:
    """A row written before names were cleaned keeps its spacing: looked up as it is written
    (any case), it is still found, and the search finds it by its cleaned name."""
    old = create_entity(db, admin, "outlet", "Placeholder")
    with db.write() as session:
        session.execute(update(Entity).where(Entity.id == old.id).values(name="Old\u00a0 Outlet"))
    for written in ("Old\u00a0 Outlet", "OLD\u00a0 OUTLET"):
        assert find_entity(db, admin, written).id == old.id, written
    assert [e.id for e in list_entities(db, admin, search="old outlet")] == [old.id]


def test_a_domain_is_found_as_written_in_its_own_script_or_as_an_address(db: Database, admin: Actor) -> None:
    """Domains are stored in their ASCII form (xn--...): a search typed in the script of the
    name, or pasted as an address, finds them too."""
    create_entity(db, admin, "outlet", "Пример", domains=["пример.рф"])
    create_entity(db, admin, "outlet", "Bücher Daily", domains=["bücher.example"])
    assert [e.name for e in list_entities(db, admin, search="пример.рф")] == ["Пример"]
    assert [e.name for e in list_entities(db, admin, search="ПРИМЕР.РФ")] == ["Пример"]
    assert [e.name for e in list_entities(db, admin, search="https://www.bücher.example/heute")] == ["Bücher Daily"]
    assert [e.name for e in list_entities(db, admin, search="xn--bcher")] == ["Bücher Daily"]


def test_an_entity_in_use_is_not_deleted(db: Database, admin: Actor) -> None:
    sf = create_entity(db, admin, "outlet", "SouthFront", domains=["southfront.org"])
    project = create_project(db, admin, "P")
    add_document(db, admin, project.id, "Text", url="https://southfront.org/a")
    with pytest.raises(Conflict, match="documents: merge it"):
        delete_entity(db, admin, sf.id)
    assert get_entity(db, admin, sf.id).name == "SouthFront"


def test_a_second_entity_of_the_same_kind_and_name_is_added_only_on_purpose(db: Database, admin: Actor) -> None:
    """The Registry page's Add form (and `entities add`) made a second "RT" without a word,
    where "New entity from this name" refused one; a second entity of a name is for two that
    share it (The Times of London and of Malta), and is asked for."""
    first = create_entity(db, admin, "outlet", "The Times")
    with pytest.raises(Conflict, match=rf"The Times \(outlet\) is in the registry already \(id {first.id}\)") as refused:
        create_entity(db, admin, "outlet", "the\u00a0TIMES ")
    # The keyword that overrides it, named for the front ends (--same-name, the page's checkbox).
    assert refused.value.override == "same_name"
    second = create_entity(db, admin, "outlet", "The Times", same_name=True)
    assert second.id != first.id
    assert create_entity(db, admin, "person", "The Times").kind == "person"  # another kind: another entity
