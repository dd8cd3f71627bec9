"""What a catalog format module provides, as a type: mypy checks every module against it
(catalog.py lists them under these types) and so does the catalog's meta-test.

A module is one of two kinds. A "file" format reads and writes one text stream; a "bundle"
format reads and writes several files, in a folder or a zip (bundle.py). The two differ only in
what `read` and `write` take, so `KIND` is a literal that tells them apart: `if module.KIND ==
"bundle"` narrows an `ExchangeFormat` to a `BundleFormat`.

Everything an importer or exporter decides about a format comes from here, never from its
name: the file name of a download, the files written beside it, whether deleted spans travel,
whether one file can hold several annotators' spans.

The members are read-only properties so that a module's constants (a tuple of one suffix, a
`Final` literal) match them as they are written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Literal, Protocol

from .base import ReadResult
from .bundle import Bundle, Sink
from .input_checks import RecordLimit
from .records import DocumentRecord, EntityRecord, Manifest


class Named(Protocol):
    """What any format module, the registry's too, says about itself."""

    @property
    def NAME(self) -> str:
        """The catalog key and `--format` value."""

    @property
    def TITLE(self) -> str:
        """How the page names it."""

    @property
    def MEDIA_TYPE(self) -> str:
        """The download's media type."""


class _Described(Named, Protocol):
    """What every catalog format declares about itself."""

    @property
    def FORMAT_ID(self) -> str:
        """The manifest's `format` (annotator-<name>)."""

    @property
    def EXTENSIONS(self) -> tuple[str, ...]:
        """Suffixes of the files it reads."""

    @property
    def EXPORT_SUFFIX(self) -> str:
        """The suffix of an export's default file name (after the project's name)."""

    @property
    def EXAMPLE(self) -> Path:
        """The example file it ships (what its writer makes of the sample records)."""

    @property
    def SIDECARS(self) -> tuple[str, ...]:
        """Suffixes of the files written beside an export's file (`sidecars` makes them)."""

    @property
    def LOSSLESS(self) -> bool:
        """It carries everything a project holds: exports keep deleted spans (restorable), and
        imports keep the import batches it names."""

    @property
    def CARRIES_NO(self) -> tuple[str, ...]:
        """What a project holds that the format has no place for (empty for a lossless one):
        an export's manifest names it under `carries_no`, and the export's summary says so."""

    @property
    def SINGLE_LAYER(self) -> str | None:
        """None when a file holds any number of annotators' spans; else the sentence that says
        it holds one (one annotator's or the gold layer), which exporters show."""

    @property
    def RELATION_TABLE(self) -> str | None:
        """None when a file carries its relations itself (or, as SemEval, none: its manifest's
        `carries_no` says so); else the suffix of the relation table written beside it (CSV,
        whose rows are spans), made of the records as they stream (csv_rows.RelationTable)."""

    def sidecars(self, manifest: Manifest, /) -> dict[str, str]:
        """Suffix -> text of the files written beside an export's file, as `SIDECARS` names them."""


class FileFormat(_Described, Protocol):
    """A format of one text stream (native JSONL, CSV, W3C, Label Studio)."""

    @property
    def KIND(self) -> Literal["file"]: ...

    def read(self, fp: IO[str], /, *, source: str = ..., limit: RecordLimit | None = None) -> ReadResult:
        """Records plus every problem found (file, line, field); TooManyRecords past `limit`."""

    def write(self, manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord],
              fp: IO[str], /) -> int:
        """Write as the records come (an export streams); returns the number of documents."""


class BundleFormat(_Described, Protocol):
    """A format of several files in a folder or a zip (brat, SemEval)."""

    @property
    def KIND(self) -> Literal["bundle"]: ...

    def read(self, bundle: Bundle, /, *, source: str | None = None, limit: RecordLimit | None = None) -> ReadResult:
        """Records plus every problem found (file, line, field); TooManyRecords past `limit`."""

    def write(self, manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord],
              sink: Sink, /) -> int:
        """Write each file through `sink`; returns the number of documents."""


#: A catalog format module: a file format or a bundle format, told apart by `KIND`.
ExchangeFormat = FileFormat | BundleFormat
