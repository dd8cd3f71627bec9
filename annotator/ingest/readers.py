"""Reading import inputs that are already in hand (a text stream, bytes, a bundle, a page
fetched from a public address) in any format into records, within the limits of the settings.

The core shared by the two ways in: `ingest.local` (the command line's trusted paths) and
`ingest.web` (the page's uploads and URLs). It never opens a path, so the web way cannot
reach a server file through it. It picks nothing itself: the caller names the format (given or
detected), and every problem is collected instead of stopping at the first, except the record
limit, which ends the reading at once. Nothing here touches the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, Any

from ..config import Settings
from ..errors import InvalidInput
from ..formats.base import LABEL_CONFIG_SIDECAR, MANIFEST_SIDECAR, ReadResult, manifest_of
from ..formats.bundle import Bundle, Limits
from ..formats.catalog import get_format
from ..formats.input_checks import RecordLimit, TooManyRecords
from ..formats.json_input import parse_json
from ..formats.protocol import ExchangeFormat
from ..formats.record_types import type_problems
from ..models import new_uid
from . import documents_csv, documents_jsonl
from .html import read_html
from .text import read_text

#: What an import read from all its inputs: the same fields as one file's reading.
Loaded = ReadResult


class Reading:
    """One import being read: the records so far, its batch id, and the record limit that
    every input of the import shares."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.loaded = Loaded()
        self.batch = new_uid()[:8]
        self.limit = RecordLimit(settings.max_import_records)
        self.stopped = False

    @property
    def bundle_limits(self) -> Limits:
        return Limits(self.settings.max_import_bytes, self.settings.max_unzipped_bytes, self.settings.max_zip_members)

    def attempt(self, step: Callable[..., object], *args: Any) -> None:
        """`step(*args)`: read one input, keeping its problems; once the record limit is
        passed, no further input is read."""
        if self.stopped:
            return
        try:
            step(*args)
        except InvalidInput as error:
            self.loaded.issues.append(error)
        except TooManyRecords as error:
            self.loaded.issues.append(error.issue)
            self.stopped = True

    def finish(self) -> Loaded:
        """What was read; with every value of a wrong type (a number for a url, a list for a
        uid) among the problems, before anything queries or writes it."""
        if not self.loaded.records and not self.loaded.issues:
            self.loaded.issues.append(InvalidInput("nothing to import (no documents found)"))
        loaded = self.loaded
        loaded.issues += type_problems([*loaded.records, *loaded.entities, *loaded.claim_groups, *loaded.fact_checks])
        return self.loaded

    # --- one input each ---------------------------------------------------------------------

    def article(self, data: bytes, fmt: str, *, name: str, source: str) -> None:
        """A .txt or .html file's bytes as one document."""
        self.limit.take(1, file=source)
        if fmt == "txt":
            record = read_text(data, name=name, source=source, batch=self.batch)
        else:
            record = read_html(data, source=source, batch=self.batch)
        self.loaded.records.append(record)

    def page(self, url: str) -> None:
        """An article at a public http(s) address (any address with the allow setting)."""
        self.limit.take(1, file=url)
        from .url import fetch  # http.client and ssl: only an import that fetches a page needs them

        settings = self.settings
        fetched = fetch(url, timeout=settings.fetch_timeout, max_bytes=settings.max_import_bytes,
                        allow_private=settings.fetch_allow_private)
        self.loaded.records.append(read_html(fetched.data, source=url, url=fetched.url, batch=self.batch))

    def formatted(self, fmt: str, *, source: str, text: Callable[[], IO[str]], bundle: Callable[[], Bundle]) -> None:
        """An input in a catalog format: a file format reads the stream `text` gives, a bundle
        format (brat, SemEval) the folder or zip `bundle` gives; the format says which. JSON
        lines without a native manifest are articles, one per line, and so are the rows of a
        CSV table with a `text` column and no offsets."""
        module = get_format(fmt)
        if module.KIND == "bundle":
            opened = bundle()
            self._add(module, module.read(opened, source=opened.source, limit=self.limit))
            return
        try:
            with text() as fp:
                articles = (documents_jsonl if fmt == "jsonl" and not _is_native(fp)  # native_jsonl.NAME
                            else documents_csv if fmt == "csv" and documents_csv.holds_articles(fp)  # csv_rows.NAME
                            else None)
                if articles is not None:
                    records, problems = articles.read(fp, source=source, limit=self.limit, notes=self.loaded.notes)
                    for record in records:
                        record.import_batch = self.batch
                    self.loaded.records += records
                    self.loaded.issues += problems
                    return
                result = module.read(fp, source=source, limit=self.limit)
        except UnicodeDecodeError as error:
            raise InvalidInput(f"not UTF-8 text (byte {error.start})", file=source) from error
        self._add(module, result)

    def sidecar(self, name: str, text: Callable[[], str], *, source: str) -> bool:
        """Whether the file called `name` is one written beside an export rather than data,
        and then taken: an export's manifest (`<file>.manifest.json`), whose codebook and
        settings the import takes for a project it creates, as from a native file's manifest
        line (the first manifest of an import counts); or Label Studio's labeling
        configuration, not read (the manifest carries the codebook), and said."""
        lowered = name.lower()
        if lowered.endswith(MANIFEST_SIDECAR):
            found = manifest_of(parse_json(text(), source), source)
            if self.loaded.manifest is None:
                self.loaded.manifest, self.loaded.manifest_source = found, source
            return True
        if lowered.endswith(LABEL_CONFIG_SIDECAR):
            self.loaded.notes.append(f"{source}: Label Studio's labeling configuration, not read (the manifest "
                                     "beside the tasks carries the codebook)")
            return True
        return False

    def _add(self, module: ExchangeFormat, result: ReadResult) -> None:
        loaded = self.loaded
        if not module.LOSSLESS:  # a lossless (native) file carries its own batches, or none
            for record in result.records:
                record.import_batch = record.import_batch or self.batch
        loaded.records += result.records
        loaded.entities += result.entities
        loaded.claim_groups += result.claim_groups
        loaded.fact_checks += result.fact_checks
        loaded.issues += result.issues
        loaded.notes += result.notes
        if result.manifest is not None and loaded.manifest is None:
            loaded.manifest, loaded.manifest_source = result.manifest, result.manifest_source
        loaded.codebook = loaded.codebook or result.codebook


def _is_native(fp: IO[str]) -> bool:
    """Does the stream start with a native manifest line (else it holds articles, one per
    line)? The stream is read again from its start afterwards."""
    first = fp.readline()
    fp.seek(0)
    if '"manifest"' not in first:  # most files of articles: no parsing needed
        return False
    try:
        line = json.loads(first)
    except (ValueError, RecursionError):
        return True  # the native reader locates what is wrong with it
    # An article may carry the words anywhere (a tag, its metadata): only a manifest line is one.
    return isinstance(line, dict) and line.get("type") == "manifest"
