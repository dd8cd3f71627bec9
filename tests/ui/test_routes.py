"""The routes table: one route per page module, each drawing its module's render(), URLs and
titles unique, one default page; the sidebar sections in their order."""

from __future__ import annotations

import importlib
from pathlib import Path

from annotator.ui import routes

PAGES = Path(routes.__file__).parent / "pages"


def test_every_page_module_has_one_route_and_every_route_a_page() -> None:
    modules = sorted(p.stem for p in PAGES.glob("*.py") if p.stem != "__init__")
    assert sorted(r.module for r in routes.ROUTES) == modules
    for route in routes.ROUTES:
        page = importlib.import_module(f"{routes.PAGES_PACKAGE}.{route.module}")
        assert callable(page.render), route


def test_urls_and_titles_are_unique_and_one_page_is_the_default() -> None:
    assert len({r.url_path for r in routes.ROUTES}) == len(routes.ROUTES)
    assert len({r.title for r in routes.ROUTES}) == len(routes.ROUTES)
    assert [r for r in routes.ROUTES if r.default] == [routes.PROJECTS]


def test_sections_keep_their_order_and_pages_their_audience() -> None:
    order = list(dict.fromkeys(r.section for r in routes.ROUTES))
    assert order == ["Annotate", "Study", "Registry", "Data"]
    restricted = {r.url_path: r.audience for r in routes.ROUTES if r.audience is not routes.Audience.EVERYONE}
    assert restricted == {"assignment": routes.Audience.LEADS, "curation": routes.Audience.LEADS,
                          "admin": routes.Audience.ADMINS, "members": routes.Audience.ADMINS,
                          "settings": routes.Audience.ADMINS}
