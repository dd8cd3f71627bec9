"""One page of a long list, as the services that page their lists return it: the lead's pages
list 50 documents of a project of 100,000 at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from ..errors import InvalidInput

T = TypeVar("T")

MAX_PER_PAGE = 500


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: tuple[T, ...]
    #: Rows matching (all pages).
    total: int
    #: 1-based.
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


def page_count(total: int, per_page: int) -> int:
    """Pages of `per_page` rows that `total` rows fill (one when there is none)."""
    return max(1, -(-total // per_page))


def check_paging(page: int, per_page: int) -> None:
    if page < 1:
        raise InvalidInput("pages are numbered from 1", field="page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"1 to {MAX_PER_PAGE} rows per page", field="per_page")


def within(page: int, total: int, per_page: int) -> int:
    """`page`, or the last page when there are fewer (a search narrowed the list)."""
    return min(page, page_count(total, per_page))


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape character `\\`) that finds `text` anywhere, its wildcards as
    plain characters."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
