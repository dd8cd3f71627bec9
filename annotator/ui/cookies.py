"""The session cookie, written and cleared in the browser by a tiny components-v2 script.

Streamlit can read cookies (`st.context.cookies`, from the request that opened the
connection) but not set them, so a few lines of JavaScript do. The cookie cannot be
HttpOnly for that reason; it carries only a signed, expiring token, and the app never
renders user text as HTML, which is what would let a script read it.
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
  const current = document.cookie.split("; ").find((c) => c.startsWith(prefix));
  if (data.clear) {
    if (current) document.cookie = `${prefix}; Path=/; Max-Age=0; SameSite=Lax${secure}`;
    return;
  }
  const wanted = prefix + encodeURIComponent(data.token);
  if (current !== wanted) {
    document.cookie = `${wanted}; Path=/; Max-Age=${data.max_age}; SameSite=Lax${secure}`;
  }
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
