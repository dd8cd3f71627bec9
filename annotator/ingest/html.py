"""HTML pages -> document records, with trafilatura finding the main text and the metadata.

trafilatura (a maintained extractor) separates the article from navigation, adverts and
comment widgets, and reads title, author, date and site name from the page's metadata. The
site name becomes the document's outlet (the registry matches it, or the URL's domain, to an
outlet entity); the page's URL is kept, and so are the lines of the page outside the article
that appeal for money (`page_appeals`), as evidence of the outlet's donation channels.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..errors import InvalidInput
from ..formats.base import parse_date
from ..formats.records import DocumentRecord
from .format_chars import protect, restore
from .page_appeals import META_KEY as PAGE_APPEALS
from .page_appeals import appeals_on_page
from .parts import with_detected_parts


def _published(value: Any, source: str) -> date | None:
    """The date trafilatura read from the page, or None: a page whose date cannot be read is
    imported without one rather than refused."""
    try:
        return parse_date(value, file=source, line=None, field="published", leading=True)
    except InvalidInput:
        return None


#: A language tag as pages declare it (BCP 47's shape: "de", "pt-BR", "zh-Hant-TW"), at most
#: as long as a document's language is stored.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}")


def _declared_language(tree: Any) -> str | None:
    """The language the page (its parsed tree) declares on its root element (`lang`, else
    `xml:lang`), when it is a language tag; trafilatura reads it only to filter pages by
    language."""
    root = tree.getroottree().getroot() if tree is not None else None
    for name in ("lang", "xml:lang"):
        value = (root.get(name) or "").strip() if root is not None else ""
        if value and len(value) <= 20 and _LANGUAGE_TAG.fullmatch(value):
            return value
    return None


def read_html(data: bytes | str, *, source: str, url: str | None = None, batch: str | None = None) -> DocumentRecord:
    """The main text of an HTML page as one document; refused when no main text is found."""
    # trafilatura (and lxml, justext, courlan...) is imported when a page is read: an import
    # of exchange-format files never needs it, and it costs a third of a second (issue 18);
    # so is importlib.metadata, for its version.
    from importlib.metadata import version

    import trafilatura
    from trafilatura.settings import DEFAULT_CONFIG
    from trafilatura.settings import Document as ExtractedPage
    from trafilatura.utils import decode_file, load_html

    if isinstance(data, bytes) and not data.strip():
        raise InvalidInput("the page is empty", file=source)
    # Decoded as trafilatura decodes it, so that joiners and the like can be carried through.
    guarded, stand_ins = protect(decode_file(data))
    # Parsed once, as trafilatura would parse it (its size bound too), for the extraction
    # (which works on a copy) and for the language the page declares.
    tree = load_html(guarded, DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE"))
    if tree is None:
        raise InvalidInput("no article text found in the page", file=source)
    page = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                       include_tables=True, favor_precision=True)
    if not isinstance(page, ExtractedPage):  # a dict only with as_dict
        raise InvalidInput("no article text found in the page", file=source)
    for key in ("text", "title", "author", "description", "sitename"):
        if isinstance(getattr(page, key, None), str):
            setattr(page, key, restore(getattr(page, key), stand_ins))
    text = (page.text or "").strip()
    if not text:
        raise InvalidInput("no article text found in the page", file=source)
    text += "\n"
    title = (page.title or "").strip() or text.split("\n", 1)[0][:300]
    page_url = url or page.url or None
    meta: dict[str, Any] = {"extracted_by": f"trafilatura {version('trafilatura')}"}
    for key in ("hostname", "description", "sitename"):
        value = getattr(page, key, None)
        if value:
            meta[key] = value
    if url and page.url and page.url != url:
        meta["canonical_url"] = page.url
    appeals = appeals_on_page(tree, base=page_url, article=text)
    if appeals:
        meta[PAGE_APPEALS] = [restore(line, stand_ins) for line in appeals]
    return with_detected_parts(DocumentRecord(
        text=text, title=title[:300], url=page_url, outlet=(page.sitename or page.hostname or None),
        author=page.author or None, published=_published(page.date, source),
        language=page.language or _declared_language(tree),
        meta=meta, source=source, import_batch=batch,
    ))
