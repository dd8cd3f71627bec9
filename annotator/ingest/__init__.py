"""Turning articles (text files, JSON lines of documents, HTML, URLs) into document records."""
