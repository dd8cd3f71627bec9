"""Data for the Funding network page: the funding network, and per outlet the annotated devices per
1,000 words. Plain data out; the figures are drawn by annotator/charts/network.py."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...display_names import display_name
from ...models import Annotation, Document, Entity, FundingLink, Label
from ...models.enums import Layer, LinkStatus
from ...words import count_words
from ..actor import Actor
from ..permissions import load_project, project_role, visible_annotations_filter
from ..unit import read_service
from .rows import funding_views

NO_OUTLET = "(no outlet)"


@dataclass(frozen=True)
class NetworkNode:
    key: str
    label: str
    #: An entity kind, or "public" for the readers behind a donation channel.
    kind: str
    entity_id: int | None = None


@dataclass(frozen=True)
class NetworkEdge:
    source: str
    target: str
    kind: str
    attribution: str
    status: str
    channel: str | None
    identifier: str | None
    says_who: str
    link_id: int
    #: How much, the share and the period ("EUR 2,300,000 · 2023-01-01 to 2023-12-31"), or "".
    amount_text: str = ""


@dataclass(frozen=True)
class FundingNetwork:
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]


@read_service
def funding_network(session: Session, actor: Actor, *, statuses: tuple[str, ...] = ("accepted",)) -> FundingNetwork:
    """Entities that fund or are funded, and the links between them. A donation channel
    without a funder comes from one "public" node per channel (readers via PayPal, ...)."""
    links = list(session.scalars(select(FundingLink).where(
        FundingLink.status.in_([LinkStatus(s) for s in statuses])).order_by(FundingLink.id)))
    ids = {link.recipient_id for link in links} | {link.funder_id for link in links if link.funder_id}
    entities = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(ids)))} if ids else {}
    nodes: dict[str, NetworkNode] = {}
    edges = []
    for link, view in zip(links, funding_views(session, links), strict=True):
        target = f"entity:{link.recipient_id}"
        recipient = entities[link.recipient_id]
        nodes.setdefault(target, NetworkNode(target, recipient.name, recipient.kind.value, recipient.id))
        if link.funder_id is not None:
            source = f"entity:{link.funder_id}"
            funder = entities[link.funder_id]
            nodes.setdefault(source, NetworkNode(source, funder.name, funder.kind.value, funder.id))
        else:
            channel = link.channel or "donations"
            source = f"public:{channel}"
            nodes.setdefault(source, NetworkNode(source, f"Public via {display_name(channel)}", "public"))
        edges.append(NetworkEdge(source, target, link.kind.value, link.attribution.value, link.status.value,
                                 link.channel, link.identifier, view.says_who, link.id, view.amount_text))
    return FundingNetwork(tuple(nodes.values()), tuple(edges))


@dataclass(frozen=True)
class OutletRate:
    outlet: str
    outlet_id: int | None
    documents: int
    words: int
    devices: int
    by_label: dict[str, int] = field(default_factory=dict)

    @property
    def per_1000_words(self) -> float:
        return 1000 * self.devices / self.words if self.words else 0.0


@read_service
def devices_per_outlet(
    session: Session, actor: Actor, project_id: int, *, labels: tuple[str, ...] = (),
) -> list[OutletRate]:
    """Per outlet of the project's documents: documents, words, the spans the actor may see
    (only span labels in `labels`, when given) and their rate per 1,000 words. Outlets in
    order of rate, highest first; documents without an outlet as one group."""
    project = load_project(session, project_id)
    role = project_role(session, actor, project_id, required=True)
    names = dict(session.execute(select(Entity.id, Entity.name)).all())
    # Counted in the database, a row per outlet: a project of 100,000 documents and 2 million
    # spans is summed there in well under a second, where reading its rows took seconds.
    in_project = Document.project_id == project_id
    words: dict[int | None, int] = defaultdict(int)
    documents: dict[int | None, int] = defaultdict(int)
    uncounted = False
    for outlet_id, count, counted, stored_words in session.execute(
            select(Document.outlet_id, func.count(), func.count(Document.word_count), func.sum(Document.word_count))
            .where(in_project).group_by(Document.outlet_id)):
        documents[outlet_id] += count
        words[outlet_id] += int(stored_words or 0)
        uncounted = uncounted or counted < count
    if uncounted:
        # A row written around the column's default has no stored count: count its text here
        # (known from the sums above, so a project without such rows is read once).
        for outlet_id, text in session.execute(select(Document.outlet_id, Document.text)
                                               .where(in_project, Document.word_count.is_(None))
                                               .execution_options(yield_per=200)):
            words[outlet_id] += count_words(text)
    # Grouped by label id, not name: an integer key keeps SQLite's grouping sort cheap.
    query = (select(Document.outlet_id, Annotation.label_id, func.count())
             .select_from(Document)
             .join(Annotation, Annotation.document_id == Document.id)
             .join(Label, Label.id == Annotation.label_id)
             .where(in_project, Label.layer == Layer.SPAN)
             .where(visible_annotations_filter(project, role, actor))
             .group_by(Document.outlet_id, Annotation.label_id))
    if labels:
        query = query.where(Label.key.in_(labels))
    grouped = session.execute(query).all()
    # Spans may carry labels of earlier codebook versions: names of the ids found, not of the
    # project's current codebook.
    label_names = dict(session.execute(select(Label.id, Label.name)
                                       .where(Label.id.in_({label_id for _, label_id, _ in grouped}))).all())
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for outlet_id, label_id, count in grouped:
        counts[outlet_id][label_names[label_id]] += count
    rates = [
        OutletRate(
            outlet=names.get(outlet_id, NO_OUTLET) if outlet_id else NO_OUTLET, outlet_id=outlet_id,
            documents=documents[outlet_id], words=words[outlet_id],
            devices=sum(counts[outlet_id].values()), by_label=dict(sorted(counts[outlet_id].items())),
        )
        for outlet_id in documents
    ]
    return sorted(rates, key=lambda r: (-r.per_1000_words, r.outlet))
