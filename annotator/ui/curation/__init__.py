"""The curation page's parts: the drawing of the curation view, acting on its events (with
undo), the side panel and the progress list."""
