"""Plotly figures for the Funding network page, as pure functions of the service data (no Streamlit).

Every user string (entity names, identifiers) goes through charts/text.py's plotly_text, so it
shows literally, its control characters made visible.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import plotly.graph_objects as go

from ..display_names import display_name
from ..services.registry.network import FundingNetwork, NetworkEdge, NetworkNode, OutletRate
from .text import plotly_text

#: Okabe-Ito colours (distinguishable with colour blindness), one per funding kind.
KIND_COLOURS = {
    "donation_channel": "#0072b2",
    "state_funding": "#d55e00",
    "ownership": "#cc79a7",
    "advertising": "#009e73",
    "grant": "#e69f00",
}
#: Line style per attribution: what the outlet says itself is solid, what others say dashed.
ATTRIBUTION_DASH = {"self_declared": "solid", "third_party": "dash"}
#: Where an edge's arrowhead sits (share of the way from funder to recipient), the point just
#: before it that gives its direction, and its size in pixels.
ARROW_TAIL, ARROW_HEAD, ARROW_SIZE = 0.5, 0.6, 18
#: How far apart links between the same two entities bow (share of their distance between
#: neighbours), and how many points draw a bowed link.
BEND, CURVE_POINTS = 0.15, 17
NODE_COLOURS = {
    "outlet": "#0072b2", "organisation": "#009e73", "person": "#e69f00", "state": "#d55e00",
    "platform": "#56b4e9", "public": "#999999",
}



def layout_positions(network: FundingNetwork, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions from a force-directed layout (networkx), the same for the same data."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(node.key for node in network.nodes)
    graph.add_edges_from((edge.source, edge.target) for edge in network.edges)
    if not graph:
        return {}
    positions = nx.spring_layout(graph, seed=seed)
    return {key: (float(x), float(y)) for key, (x, y) in positions.items()}


def edge_bends(edges: list[NetworkEdge] | tuple[NetworkEdge, ...]) -> dict[int, float]:
    """How far each link bows to the side, by link id: 0 for the only link between two
    entities; links between the same two (two sources on one grant, money flowing back) get
    bends on either side of the straight line. The side is taken from the pair's nodes in a
    fixed order, so a link back from recipient to funder bows apart from the one there."""
    pairs: dict[tuple[str, str], list[NetworkEdge]] = defaultdict(list)
    for edge in edges:
        pairs[(min(edge.source, edge.target), max(edge.source, edge.target))].append(edge)
    bends = {}
    for (first, _), shared in pairs.items():
        for number, edge in enumerate(shared):
            bend = BEND * (number - (len(shared) - 1) / 2)
            bends[edge.link_id] = bend if edge.source == first else -bend
    return bends


def _along(start: tuple[float, float], end: tuple[float, float], bend: float, share: float) -> tuple[float, float]:
    """The point `share` of the way from start to end on a quadratic curve bowing `bend` of
    their distance to the left of the way (a straight line when bend is 0)."""
    (x0, y0), (x1, y1) = start, end
    cx, cy = (x0 + x1) / 2 - 2 * bend * (y1 - y0), (y0 + y1) / 2 + 2 * bend * (x1 - x0)
    t, u = share, 1 - share
    return u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1


def network_figure(network: FundingNetwork) -> go.Figure:
    """Entities as nodes, funding links as edges: colour by kind, dash by attribution; hover
    on an edge's arrowhead for its channel, identifier and who says so. Links between the same
    two entities bow apart (edge_bends), each with its own arrowhead."""
    figure = go.Figure()
    positions = layout_positions(network)
    bends = edge_bends(network.edges)
    groups: dict[tuple[str, str, str], list[NetworkEdge]] = defaultdict(list)
    for edge in network.edges:
        groups[(edge.kind, edge.attribution, edge.status)].append(edge)
    for (kind, attribution, status), edges in sorted(groups.items()):
        xs: list[float | None] = []
        ys: list[float | None] = []
        head_x: list[float | None] = []
        head_y: list[float | None] = []
        hover: list[str] = []
        for edge in edges:
            start, end, bend = positions[edge.source], positions[edge.target], bends[edge.link_id]
            path = [start, end] if bend == 0 else [
                _along(start, end, bend, n / (CURVE_POINTS - 1)) for n in range(CURVE_POINTS)]
            xs += [x for x, _ in path] + [None]
            ys += [y for _, y in path] + [None]
            # The head sits 60 % along the edge, from funder to recipient. An arrow marker
            # with angleref="previous" points from the point before it to itself, in screen
            # space, so it follows the edge whatever the axes' scales: a tail point just
            # before the head (drawn at size 0) gives it its direction.
            for share in ARROW_TAIL, ARROW_HEAD:
                x, y = _along(start, end, bend, share)
                head_x.append(x)
                head_y.append(y)
            head_x.append(None)
            head_y.append(None)
            channel = f" via {plotly_text(display_name(edge.channel))}" if edge.channel else ""
            ident = f": {plotly_text(edge.identifier)}" if edge.identifier else ""
            amount = f"<br>{plotly_text(edge.amount_text)}" if edge.amount_text else ""
            text = (f"{display_name(kind)}{channel}{ident}{amount}<br>{plotly_text(edge.says_who)}"
                    f"{' (' + display_name(edge.status) + ')' if edge.status != 'accepted' else ''}")
            hover += [text, text, ""]
        name = f"{display_name(kind)}, {display_name(attribution)}"
        if status != "accepted":
            name += f" ({status})"
        colour = KIND_COLOURS.get(kind, "#444444")
        opacity = 1.0 if status == "accepted" else 0.45
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=name, legendgroup=name, hoverinfo="skip",
                                    opacity=opacity,
                                    line={"color": colour, "width": 2, "dash": ATTRIBUTION_DASH.get(attribution, "dot")}))
        figure.add_trace(go.Scatter(x=head_x, y=head_y, mode="markers", name=name, legendgroup=name, showlegend=False,
                                    opacity=opacity,
                                    marker={"symbol": "arrow", "angleref": "previous", "color": colour,
                                            "size": [0, ARROW_SIZE, 0] * len(edges)},
                                    hovertext=hover, hoverinfo="text"))
    by_kind: dict[str, list[NetworkNode]] = defaultdict(list)
    for node in network.nodes:
        by_kind[node.kind].append(node)
    for kind, nodes in sorted(by_kind.items()):
        figure.add_trace(go.Scatter(
            x=[positions[n.key][0] for n in nodes], y=[positions[n.key][1] for n in nodes],
            mode="markers+text", name=kind, text=[plotly_text(n.label) for n in nodes], textposition="top center",
            hovertext=[f"{plotly_text(n.label)} ({kind})" for n in nodes], hoverinfo="text",
            marker={"size": 16, "color": NODE_COLOURS.get(kind, "#444444"), "line": {"width": 1, "color": "white"}},
        ))
    xs_all = [x for x, _ in positions.values()] or [0.0]
    ys_all = [y for _, y in positions.values()] or [0.0]
    pad_x = 0.25 * (max(xs_all) - min(xs_all) or 1.0)
    pad_y = 0.12 * (max(ys_all) - min(ys_all) or 1.0)
    figure.update_layout(
        title="Funding network", showlegend=True, hovermode="closest", height=560,
        xaxis={"visible": False, "range": [min(xs_all) - pad_x, max(xs_all) + pad_x]},
        yaxis={"visible": False, "range": [min(ys_all) - pad_y, max(ys_all) + pad_y]}, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"title": {"text": "funding kind, attribution · entity kind"}},
    )
    return figure


def rates_figure(rates: list[OutletRate], colours: dict[str, str] | None = None) -> go.Figure:
    """Annotated devices per 1,000 words for each outlet, stacked by label; `colours` maps a
    label to its codebook colour, so the bars match the highlights in the workspace."""
    figure = go.Figure()
    outlets = [plotly_text(r.outlet) for r in rates]
    labels = sorted({label for r in rates for label in r.by_label})
    for label in labels:
        values = [1000 * r.by_label.get(label, 0) / r.words if r.words else 0.0 for r in rates]
        figure.add_trace(go.Bar(
            x=outlets, y=values, name=plotly_text(label),
            marker={"color": (colours or {}).get(label)},
            customdata=[[r.by_label.get(label, 0), r.words, r.documents, plotly_text(label)] for r in rates],
            hovertemplate="%{x}<br>%{customdata[3]}: %{y:.2f} per 1,000 words<br>%{customdata[0]} spans in "
                          "%{customdata[1]} words, %{customdata[2]} documents<extra></extra>",
        ))
    figure.update_layout(
        barmode="stack", title="Annotated devices per 1,000 words, by outlet", height=420,
        yaxis={"title": {"text": "spans per 1,000 words"}}, xaxis={"title": {"text": "outlet"}},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return figure
