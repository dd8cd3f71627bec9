"""The annotation workspace: the article in the highlighter, the side panel beside it.

`page.py` arranges it; `context.py` loads what a run needs; `events.py` acts on what the
highlighter reports and `actions.py` on buttons, both through services; `drawing.py` turns
service views into what the highlighter draws; `span_panel.py` and `document_panel.py` are
the side panel's sections, each a small function (entity links in `links.py`, the outlet
context in `outlet_panel.py` and suggestions in `suggestions.py` are sections too).
"""
