"""Annotating a project's documents: the documents, the codebooks they are annotated with,
spans, document-level labels, rule-based suggestions, and the history of all of it."""
