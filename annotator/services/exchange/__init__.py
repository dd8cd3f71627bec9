"""Import and export, of projects and of the registry: one entry per direction that the pages
and the command line share (imports.py and local_imports.py in, exports.py out)."""
