"""schema.org ClaimReview JSON-LD, the format fact-checkers publish: read and write.

    {"@context": "https://schema.org", "@type": "ClaimReview",
     "url": "https://checker.example/checks/1", "datePublished": "2024-03-01",
     "claimReviewed": "The vaccine alters human DNA.",
     "author": {"@type": "Organization", "name": "Checker", "url": "https://checker.example"},
     "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                      "alternateName": "False"},
     "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Blogger"},
                      "datePublished": "2024-02-20",
                      "appearance": [{"@type": "CreativeWork", "url": "https://blog.example/p"}]}}

`read_claimreview` takes one object, an array of them, an object with an `@graph` (the
shape of a page's embedded JSON-LD; other types in the graph, such as WebPage, are passed
over; an array may hold such graphs, as a scraper lists a page's blocks), or a schema.org
DataFeed (`dataFeedElement`, as Google's Fact Check Markup Tool exports). A part written as a
reference to a node of its own (`"author": {"@id": "https://checker.example/#org"}`, as SEO
plugins write a page's graph) is read from that node; an appearance named only by an http(s)
`@id` has that address; a review without `author` is read with its `publisher` there. Every
problem is reported, located by file, item and field, and the item with a problem is left out; a caller that must change nothing on bad input refuses when `issues` is not empty.
`reviewRating` may be one Rating or an array of them (schema.org allows several; fact-checkers
publish a verdict in two languages, or words beside a scale): the rating the tool uses (its
numbers and words, `FactCheck.rating_*`) is the first that says something (a `ratingValue` or
an `alternateName`); the others that say something are kept, in their order, in
`FactCheck.other_ratings`, and written back after it. Each is checked, located as
`reviewRating[n]`.
`write_claimreview` writes an array of self-contained objects (each with its `@context`), which
reading gives back unchanged. Nothing here fetches a URL.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from ..domains import MAX_URL
from ..errors import InvalidInput
from ..formats.base import parse_date
from ..formats.input_checks import decode
from ..formats.json_input import load_json, lone_surrogate

CONTEXT = "https://schema.org"
#: The longest text each field may have (as stored: models/claims.py; URLs as every URL field,
#: domains.MAX_URL); longer is refused with its place rather than failing in the database
#: (PostgreSQL) or kept whole (SQLite).
MAX_NAME, MAX_LABEL = 500, 1000
_SCHEMA_PREFIXES = ("", "schema:", "http://schema.org/", "https://schema.org/")


@dataclass(frozen=True)
class Rating:
    """One schema.org Rating: numbers when the publisher gave numbers, and its words."""

    value: float | None = None
    best: float | None = None
    worst: float | None = None
    label: str | None = None

    @property
    def says_something(self) -> bool:
        return self.value is not None or self.label is not None


@dataclass(frozen=True)
class FactCheck:
    """One ClaimReview. `rating_value`, `best_rating` and `worst_rating` are numbers when the
    publisher gave numbers, `rating_label` its words ("False", "Misleading"): the rating the
    tool uses, of the several a review may give (the module's docstring has the rule);
    `other_ratings` the others."""

    claim_reviewed: str
    url: str | None = None
    publisher: str | None = None
    publisher_url: str | None = None
    date_published: date | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    rating_label: str | None = None
    claim_author: str | None = None
    claim_date: date | None = None
    appearances: tuple[str, ...] = ()
    other_ratings: tuple[Rating, ...] = ()


@dataclass
class FactChecksRead:
    fact_checks: list[FactCheck] = field(default_factory=list)
    issues: list[InvalidInput] = field(default_factory=list)


def _is_type(value: Any, name: str) -> bool:
    types = value if isinstance(value, list) else [value]
    return any(isinstance(t, str) and t in {p + name for p in _SCHEMA_PREFIXES} for t in types)


def _nodes(document: Any) -> dict[str, dict[str, Any]]:
    """Every object of the document that has an `@id` and says more than its id and type, by
    id: what a reference (`{"@id": ...}` alone) elsewhere in the document stands for."""
    found: dict[str, dict[str, Any]] = {}
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            key = value.get("@id")
            if isinstance(key, str) and not set(value) <= {"@id", "@type"}:
                found.setdefault(key, value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


def _is_reference(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("@id"), str) and set(value) <= {"@id", "@type"}


def _web_address(value: Any) -> str | None:
    return value if isinstance(value, str) and value.lower().startswith(("http://", "https://")) else None


class _Item:
    """Reads the fields of one item, turning problems into InvalidInput at `file`, `item`;
    `nodes` are the document's objects by `@id`, for the parts written as references."""

    def __init__(self, value: dict[str, Any], source: str, item: str,
                 nodes: dict[str, dict[str, Any]] | None = None) -> None:
        self.value, self.source, self.item, self.nodes = value, source, item, nodes or {}

    def node(self, value: Any) -> Any:
        """The node a reference names, or the value as it is."""
        return self.nodes.get(value["@id"], value) if _is_reference(value) else value

    def problem(self, message: str, path: str) -> InvalidInput:
        return InvalidInput(message, file=self.source, line=self.item, field=path)

    def text(self, container: Any, key: str, path: str, *, required: bool = False,
             limit: int | None = None) -> str | None:
        value = container.get(key) if isinstance(container, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.problem("missing: a ClaimReview needs the text of the claim it reviews", path)
            return None
        if not isinstance(value, str):
            raise self.problem(f"expected text, found {type(value).__name__}", path)
        value = value.strip()
        if limit is not None and len(value) > limit:
            raise self.problem(f"longer than {limit} characters ({len(value)})", path)
        return value

    def url(self, container: Any, key: str, path: str) -> str | None:
        value = self.text(container, key, path, limit=MAX_URL)
        if value is not None and not value.lower().startswith(("http://", "https://")):
            raise self.problem(f"not an http(s) URL: {value[:80]!r}", path)
        return value

    def number(self, container: dict[str, Any], key: str, path: str) -> float | None:
        value = container.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise self.problem("expected a number, found true/false", path)
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
        raise self.problem(f"expected a number, found {value!r}", path)

    def day(self, container: Any, key: str, path: str) -> date | None:
        value = container.get(key) if isinstance(container, dict) else None
        if value is not None and not isinstance(value, str):
            raise self.problem(f"expected an ISO date, found {type(value).__name__}", path)
        return parse_date(value, file=self.source, line=self.item, field=path, leading=True)

    def name(self, value: Any, path: str) -> tuple[str | None, str | None]:
        """(name, url) of an author: an object, a bare name, or a list whose first entry counts."""
        if isinstance(value, list):
            value, path = (value[0], f"{path}[0]") if value else (None, path)
        value = self.node(value)
        if _is_reference(value):  # a node the file does not hold: nothing to read
            return None, None
        if value is None or isinstance(value, str):
            return self.text({"name": value}, "name", path, limit=MAX_NAME), None
        if not isinstance(value, dict):
            raise self.problem(f"expected an Organization or Person, found {type(value).__name__}", path)
        return self.text(value, "name", f"{path}.name", limit=MAX_NAME), self.url(value, "url", f"{path}.url")

    def appearances(self, claim: dict[str, Any]) -> tuple[str, ...]:
        found: list[str] = []
        for key in ("firstAppearance", "appearance"):
            value = claim.get(key)
            entries = value if isinstance(value, list) else [] if value is None else [value]
            for number, entry in enumerate(entries):
                path = f"itemReviewed.{key}" + (f"[{number}]" if isinstance(value, list) else "")
                entry = self.node(entry)
                url = entry if isinstance(entry, str) else self.url(entry, "url", f"{path}.url")
                if url is None and isinstance(entry, dict):  # a work named by its address alone
                    url = _web_address(entry.get("@id"))
                if isinstance(entry, str) and not entry.lower().startswith(("http://", "https://")):
                    raise self.problem(f"not an http(s) URL: {entry[:80]!r}", path)
                if url and url not in found:
                    found.append(url)
        return tuple(found)

    def read(self) -> FactCheck:
        value = self.value
        found = lone_surrogate(value)
        if found:
            path, character = found
            raise self.problem(f"a lone surrogate (\\u{ord(character):04x}) is not a character", path)
        # Google asks for `author`; a review that names only its `publisher` names it there.
        by = "author" if value.get("author") is not None else "publisher"
        publisher, publisher_url = self.name(value.get(by), by)
        given = value.get("reviewRating")
        if isinstance(given, list):
            said = [r for r in (self.rating(entry, f"reviewRating[{n}]") for n, entry in enumerate(given))
                    if r.says_something]
            used, others = (said[0], said[1:]) if said else (Rating(), [])
        else:
            used, others = (self.rating(given, "reviewRating") if given is not None else Rating()), []
        claim = self.node(value.get("itemReviewed"))
        if claim is not None and not isinstance(claim, dict):
            raise self.problem(f"expected a Claim object, found {type(claim).__name__}", "itemReviewed")
        claim = claim or {}
        author, _ = self.name(claim.get("author"), "itemReviewed.author")
        return FactCheck(
            claim_reviewed=self.text(value, "claimReviewed", "claimReviewed", required=True) or "",
            url=self.url(value, "url", "url"),
            publisher=publisher,
            publisher_url=publisher_url,
            date_published=self.day(value, "datePublished", "datePublished"),
            rating_value=used.value,
            best_rating=used.best,
            worst_rating=used.worst,
            rating_label=used.label,
            claim_author=author,
            claim_date=self.day(claim, "datePublished", "itemReviewed.datePublished"),
            appearances=self.appearances(claim),
            other_ratings=tuple(others),
        )

    def rating(self, value: Any, path: str) -> Rating:
        """One Rating (or a reference to its node), checked: numbers, words, the value within
        its scale."""
        value = self.node(value)
        if _is_reference(value):  # a node the file does not hold: nothing to read
            return Rating()
        if not isinstance(value, dict):
            raise self.problem(f"expected a Rating object, found {type(value).__name__}", path)
        rating = Rating(self.number(value, "ratingValue", f"{path}.ratingValue"),
                        self.number(value, "bestRating", f"{path}.bestRating"),
                        self.number(value, "worstRating", f"{path}.worstRating"),
                        self.text(value, "alternateName", f"{path}.alternateName", limit=MAX_LABEL))
        if rating.value is not None and rating.best is not None and rating.worst is not None:
            low, high = min(rating.best, rating.worst), max(rating.best, rating.worst)
            if not low <= rating.value <= high:
                raise self.problem(f"{rating.value:g} is outside the scale {rating.worst:g} (worst) to "
                                   f"{rating.best:g} (best)", f"{path}.ratingValue")
        return rating


def _items(document: Any, source: str) -> tuple[list[tuple[str, dict[str, Any]]], list[InvalidInput]]:
    """The ClaimReview objects of a parsed document, each with where it sits."""
    # (where, entry, strict): an entry of another type is a problem when strict; in a page's
    # graph it is passed over, since a page's graph holds other types too.
    entries: list[tuple[str, Any, bool]]
    if isinstance(document, dict) and "@graph" in document:
        graph = document["@graph"]
        if not isinstance(graph, list):
            return [], [InvalidInput("@graph must be an array", file=source, field="@graph")]
        entries = [(f"@graph[{n}]", entry, False) for n, entry in enumerate(graph)]
    elif isinstance(document, dict) and "dataFeedElement" in document:
        feed, problems = _feed_items(document["dataFeedElement"], source)
        if problems:
            return [], problems
        entries = [(where, entry, True) for where, entry in feed]
    elif isinstance(document, list):
        entries = []
        for n, entry in enumerate(document):
            if isinstance(entry, dict) and isinstance(entry.get("@graph"), list) and "@type" not in entry:
                # A scraper's list of a page's JSON-LD blocks: a block may be a graph.
                entries += [(f"item {n}.@graph[{m}]", node, False) for m, node in enumerate(entry["@graph"])]
            else:
                entries.append((f"item {n}", entry, True))
    else:
        entries = [("item 0", document, True)]
    found, issues = [], []
    for where, entry, strict in entries:
        if not isinstance(entry, dict):
            issues.append(InvalidInput(f"expected an object, found {type(entry).__name__}", file=source, line=where))
        elif _is_type(entry.get("@type"), "ClaimReview"):
            found.append((where, entry))
        elif strict:
            issues.append(InvalidInput(f"not a ClaimReview (@type {entry.get('@type')!r})", file=source,
                                       line=where, field="@type"))
    return found, issues


def _feed_items(elements: Any, source: str) -> tuple[list[tuple[str, Any]], list[InvalidInput]]:
    """The items of a schema.org DataFeed, the shape Google's Fact Check Markup Tool exports:
    `dataFeedElement` is an array of DataFeedItems, each with its ClaimReview (or an array of
    them) under `item`."""
    if not isinstance(elements, list):
        return [], [InvalidInput("dataFeedElement must be an array", file=source, field="dataFeedElement")]
    entries: list[tuple[str, Any]] = []
    for n, element in enumerate(elements):
        where = f"dataFeedElement[{n}]"
        item = element.get("item") if isinstance(element, dict) else None
        if item is None:
            return [], [InvalidInput("a feed element without an item", file=source, line=where, field="item")]
        items = item if isinstance(item, list) else [item]
        entries += [(f"{where}.item[{m}]" if isinstance(item, list) else f"{where}.item", entry)
                    for m, entry in enumerate(items)]
    return entries, []


def read_claimreview(data: str | bytes | IO[str], source: str = "<input>") -> FactChecksRead:
    """The fact-checks in `data` (text, UTF-8 bytes or a text stream) and every problem found."""
    result = FactChecksRead()
    try:
        if isinstance(data, bytes):
            data = decode(data, source)
        document = load_json(io.StringIO(data) if isinstance(data, str) else data, source)
    except InvalidInput as error:
        result.issues.append(error)
        return result
    items, result.issues = _items(document, source)
    nodes = _nodes(document) if items else {}
    for where, value in items:
        try:
            result.fact_checks.append(_Item(value, source, where, nodes).read())
        except InvalidInput as error:
            result.issues.append(error)
    return result


def _number(value: float | None) -> int | float | None:
    return int(value) if value is not None and value.is_integer() else value


def _rating_jsonld(rating: Rating) -> dict[str, Any]:
    written = {"@type": "Rating", "ratingValue": _number(rating.value), "bestRating": _number(rating.best),
               "worstRating": _number(rating.worst), "alternateName": rating.label}
    return {k: v for k, v in written.items() if v is not None}


def to_jsonld(fact_check: FactCheck) -> dict[str, Any]:
    """One self-contained ClaimReview object; empty fields are left out."""
    review: dict[str, Any] = {"@context": CONTEXT, "@type": "ClaimReview"}
    if fact_check.url:
        review["url"] = fact_check.url
    review["claimReviewed"] = fact_check.claim_reviewed
    if fact_check.date_published:
        review["datePublished"] = fact_check.date_published.isoformat()
    if fact_check.publisher or fact_check.publisher_url:
        author = {"@type": "Organization", "name": fact_check.publisher, "url": fact_check.publisher_url}
        review["author"] = {k: v for k, v in author.items() if v is not None}
    used = Rating(fact_check.rating_value, fact_check.best_rating, fact_check.worst_rating, fact_check.rating_label)
    ratings = [_rating_jsonld(rating) for rating in (used, *fact_check.other_ratings) if rating != Rating()]
    if ratings:
        review["reviewRating"] = ratings[0] if len(ratings) == 1 else ratings
    claim: dict[str, Any] = {"@type": "Claim"}
    if fact_check.claim_author:
        claim["author"] = {"@type": "Person", "name": fact_check.claim_author}
    if fact_check.claim_date:
        claim["datePublished"] = fact_check.claim_date.isoformat()
    if fact_check.appearances:
        claim["appearance"] = [{"@type": "CreativeWork", "url": url} for url in fact_check.appearances]
    if len(claim) > 1:
        review["itemReviewed"] = claim
    return review


def write_claimreview(fact_checks: Iterable[FactCheck], out: IO[str]) -> int:
    """Write the fact-checks as a JSON array of ClaimReview objects; returns how many."""
    objects = [to_jsonld(f) for f in fact_checks]
    out.write(json.dumps(objects, ensure_ascii=False, indent=1) + "\n")
    return len(objects)
