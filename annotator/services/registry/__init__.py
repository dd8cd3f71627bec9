"""The registry of outlets, organisations, people, states and platforms: entries with their
domains, ratings and designations, funding links and proposed ones, a document's outlet,
links from spans to entries, merging duplicates, and the funding network's figures."""
