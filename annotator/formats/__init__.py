"""Exchange formats: one module per format, each with `read` and `write`; see catalog.py."""
