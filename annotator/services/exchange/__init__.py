"""Moving data in and out: importing records of any format into a project (validated whole,
written once), uploads and URLs from the web page, exports streamed to files, folders and
zips, and the registry's own import and export."""
