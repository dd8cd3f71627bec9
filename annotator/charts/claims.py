"""The Claims page's timeline of one group's spread: a pure function of the service's
GroupSpread (no Streamlit), so tests can call it.

One row per outlet (the outlet that carried the claim first on top), one marker per dated
occurrence; the first appearance is a larger star of its own trace. Occurrences without a date
cannot be placed on a time axis: the title says how many there are. User text (outlets,
titles, quotes, framing labels) is escaped for plotly (charts/text.py).
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..services.claims.views import GroupSpread, OccurrenceView, outlet_labels
from .text import plotly_text

NO_OUTLET = "(no outlet)"
#: Okabe-Ito blue for the occurrences, vermilion for the first appearance.
COLOURS = {"occurrences": "#0072b2", "first appearance": "#d55e00"}


def _shorten(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _hover(occurrence: OccurrenceView) -> str:
    lines = [f"<b>{plotly_text(occurrence.outlet or NO_OUTLET)}</b> · {occurrence.published}",
             plotly_text(_shorten(occurrence.document_title, 80)),
             "“" + plotly_text(_shorten(occurrence.quote, 120)) + "”"]
    if occurrence.framing:
        lines.append("framing: " + plotly_text(", ".join(occurrence.framing)))
    if occurrence.first:
        lines.append("<i>first appearance</i>")
    return "<br>".join(lines)


def _rows(spread: GroupSpread) -> dict[tuple[int | None, str], str]:
    """Each outlet's row label: its name, and where two outlets of the spread share a name
    (GroupSpread.outlets tells them apart) its registry id or that the name came with the
    article, so that their occurrences are not drawn on one row."""
    labels = outlet_labels((outlet.outlet_id, outlet.name) for outlet in spread.outlets)
    return {key: plotly_text(label) for key, label in labels.items()}


def timeline_figure(spread: GroupSpread) -> go.Figure:
    dated = [o for o in spread.occurrences if o.published is not None]
    undated = len(spread.occurrences) - len(dated)
    rows = _rows(spread)

    def row(occurrence: OccurrenceView) -> str:
        if not occurrence.outlet:
            return NO_OUTLET
        key = (occurrence.outlet_id, "") if occurrence.outlet_id is not None else (None, occurrence.outlet)
        return rows[key]

    order = list(dict.fromkeys(row(o) for o in dated))  # by first date
    figure = go.Figure()
    for name, selected, size, symbol in (("occurrences", [o for o in dated if not o.first], 11, "circle"),
                                         ("first appearance", [o for o in dated if o.first], 18, "star")):
        figure.add_trace(go.Scatter(
            x=[o.published for o in selected], y=[row(o) for o in selected],
            mode="markers", name=name, marker={"size": size, "symbol": symbol, "color": COLOURS[name],
                                               "line": {"width": 1, "color": "#ffffff"}},
            hovertext=[_hover(o) for o in selected], hoverinfo="text",
        ))
    title = f"Where the claim appeared: {len(dated)} dated occurrence{'s' if len(dated) != 1 else ''}"
    if undated:
        title += f" · {undated} occurrence{'s' if undated != 1 else ''} without a date (listed below)"
    figure.update_layout(
        title={"text": title, "font": {"size": 14}},
        xaxis={"title": "date published", "type": "date"},
        yaxis={"title": None, "categoryorder": "array", "categoryarray": list(reversed(order)), "type": "category"},
        height=max(220, 90 + 38 * len(order)), margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.25}, hovermode="closest",
    )
    return figure
