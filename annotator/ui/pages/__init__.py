"""The app's pages, one module each with a `render()`; annotator.ui.routes lists them (title,
icon, URL, section, who sees it). A page reaches another only through routes, never by
importing it."""
