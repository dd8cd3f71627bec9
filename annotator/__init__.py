"""annotator: a workbench for annotating claims and framing devices in news articles."""

__version__ = "0.1.0"
