"""Working as a team on a project: projects and their members and settings, assigning
documents, curation (from the annotators' spans to the gold layer) and the agreement study."""
