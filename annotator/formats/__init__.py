"""Exchange formats: one module per format, each with `read` and `write` (protocol.py states what
a module provides; catalog.py lists them). The registry's own formats are in registry/."""
