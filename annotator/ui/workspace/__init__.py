"""The annotation workspace: the article in the highlighter, the side panel beside it.

`page.py` arranges it; `context.py` loads what a run needs; `events.py` acts on what the
highlighter reports and `actions.py` on buttons, both through services; `drawing.py` turns
service views into what the highlighter draws; `span_panel.py` and `document_panel.py` are
the side panel's sections, written as small functions so that later features (entity links,
an outlet context panel, suggestions) add a section with a few lines.
"""
