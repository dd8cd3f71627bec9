"""The session cookie, written and cleared in the browser by a tiny components-v2 script.

Streamlit can read cookies (`st.context.cookies`, from the request that opened the
connection) but not set them, so a few lines of JavaScript do. The cookie cannot be
HttpOnly for that reason; it carries only the token of a server-side session, which Log out
ends on the server (a copied cookie is then worth nothing), and the app never renders user
text as HTML, which is what would let a script read it.

The script runs when its data changes: a new token, or a new lifetime (the session slides
forward with use, and the cookie's Max-Age with it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import streamlit as st

COOKIE_NAME = "annotator_session"

_JS = """
export default function ({ data }) {
  if (!data || !data.name) return;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  const prefix = data.name + "=";
  if (data.clear) {
    if (document.cookie.split("; ").some((c) => c.startsWith(prefix))) {
      document.cookie = `${prefix}; Path=/; Max-Age=0; SameSite=Lax${secure}`;
    }
    return;
  }
  document.cookie = `${prefix}${encodeURIComponent(data.token)}; Path=/; Max-Age=${data.max_age}; SameSite=Lax${secure}`;
}
"""


@cache
def _component() -> Callable[..., Any]:
    return st.components.v2.component("annotator_session_cookie", js=_JS, isolate_styles=False)


def write_cookie(token: str, max_age: int) -> None:
    _component()(key="session-cookie", data={"name": COOKIE_NAME, "token": token, "max_age": max_age},
                 height=0)


def clear_cookie() -> None:
    _component()(key="session-cookie", data={"name": COOKIE_NAME, "clear": True}, height=0)
