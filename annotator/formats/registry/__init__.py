"""Registry formats: the outlets, organisations and their funding, ratings and designations
as files of their own (JSON, CSV tables), apart from the annotation formats of the catalog;
files.py lists them and reads uploads by their names."""
