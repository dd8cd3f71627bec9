"""Web domains and URLs of the registry: normalising, validating and matching.

A registry domain is stored lower-case, without scheme, path, port, trailing dot or leading
`www.`, in its ASCII (IDNA) form, so that `WWW.Example.ORG`, `https://example.org/x` and
`bücher.example` / `xn--bcher-kva.example` each name one row. A document's URL matches an
outlet when its host is a registered domain or a subdomain of one (`news.rt.com` matches
`rt.com`); the longest registered match wins. A page served through an AMP cache or the
Wayback Machine is matched by its own address (`origin_url`), and `page_key` tells one page
under variant addresses (tracking parameters, `http`, `www.`, a trailing slash).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import idna

from .errors import InvalidInput

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _ascii(host: str) -> str:
    """ASCII form of a host name as browsers and the URL standard make it (UTS 46,
    non-transitional: `faß.de` is `xn--fa-hia.de`, not IDNA 2003's `fass.de`, another
    domain). A name that IDNA 2008 refuses but IDNA 2003 takes (an emoji domain) gets the
    IDNA 2003 form; one neither takes is left as it is (then it fails the label check with a
    clear message)."""
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        pass
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def normalise_domain(domain: str) -> str:
    """Lower-case, ASCII, no scheme, no user info, no path, no port, no leading `www.`."""
    domain = domain.strip().lower()
    if "://" in domain:
        domain = domain.split("://", 1)[1]
    domain = domain.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    domain = domain.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    domain = _ascii(domain)
    return domain[4:] if domain.startswith("www.") else domain


def is_valid_domain(domain: str) -> bool:
    """A normalised host name with at least two labels (`example.org`, not `localhost`)."""
    labels = domain.split(".")
    return len(domain) <= 253 and len(labels) >= 2 and all(_LABEL.match(label) for label in labels) \
        and not labels[-1].isdigit()


def clean_domain(domain: str, *, field: str = "domain", source: str | None = None) -> str:
    """The normalised domain, or InvalidInput naming the field."""
    clean = normalise_domain(domain)
    if not is_valid_domain(clean):
        raise InvalidInput(f"{domain!r} is not a web domain (like example.org)", file=source, field=field)
    return clean


def host_of(url: str | None) -> str | None:
    """The normalised host of a URL (a bare `example.org/path` counts too), or None."""
    if not url or not url.strip():
        return None
    raw = url.strip()
    if "://" in raw:
        if raw.split("://", 1)[0].lower() not in {"http", "https"}:
            return None
    else:
        first = raw.split("/", 1)[0]
        # "mailto:x@y.org" or "x@y.org" name a mailbox, not a web page.
        if "@" in first or (":" in first and not first.split(":", 1)[1].isdigit()):
            return None
        raw = "http://" + raw
    try:
        host = urlsplit(raw).hostname
    except ValueError:
        return None
    if not host:
        return None
    clean = normalise_domain(host)
    return clean if is_valid_domain(clean) else None


def candidate_domains(host: str) -> list[str]:
    """The host and each parent domain with at least two labels, longest first."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(0, max(len(labels) - 1, 0))]


#: The longest URL stored (every URL column is String(2000)).
MAX_URL = 2000


def check_url(url: str, *, field: str = "url", source: str | None = None) -> str:
    """An absolute http(s) URL with a valid host, stripped, of at most MAX_URL characters (the
    size of every stored URL field); otherwise InvalidInput."""
    value = url.strip()
    if len(value) > MAX_URL:
        raise InvalidInput(f"{value[:60]!r}... is longer than {MAX_URL} characters", file=source, field=field)
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError as error:
        raise InvalidInput(f"{url!r} is not a well-formed URL ({error})", file=source, field=field) from error
    del port
    if parts.scheme not in {"http", "https"}:
        raise InvalidInput(f"{url!r} is not a web address (it must start with http:// or https://)",
                           file=source, field=field)
    if not parts.hostname or not is_valid_domain(normalise_domain(parts.hostname)) or any(c.isspace() for c in value):
        raise InvalidInput(f"{url!r} is not a well-formed URL (no valid host)", file=source, field=field)
    return value


# Pages served under another host that names the page's own address in its path: Google's AMP
# cache (`<host>.cdn.ampproject.org/c/s/<host>/<path>`, "s/" for https), Google's AMP viewer
# (`google.<tld>/amp/s/<host>/<path>`) and the Wayback Machine
# (`web.archive.org/web/<time stamp><flags>/<url>`).
_WRAPPERS = (
    (re.compile(r"^(?:[a-z0-9-]+\.)+cdn\.ampproject\.org$"), re.compile(r"^/[a-z]{1,2}/(?P<s>s/)?(?P<rest>[^/].*)$")),
    (re.compile(r"^(?:www\.)?google(?:\.[a-z]{2,3}){1,2}$"), re.compile(r"^/amp/(?P<s>s/)?(?P<rest>[^/].*)$")),
    (re.compile(r"^(?:web|wayback)\.archive\.org$"), re.compile(r"^/web/[0-9]{1,14}[a-z_]*/(?P<rest>.+)$")),
)
_SCHEME = re.compile(r"^(https?):/+", re.IGNORECASE)


def _unwrapped(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    for hosts, path in _WRAPPERS:
        found = path.match(parts.path) if hosts.match(host) else None
        if found is None:
            continue
        rest = found["rest"]
        scheme = _SCHEME.match(rest)
        if scheme:
            inner = f"{scheme[1].lower()}://{rest[scheme.end():]}"
        else:
            inner = ("https://" if found.groupdict().get("s") else "http://") + rest
        inner += (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        return inner if host_of(inner) is not None else None
    return None


def origin_url(url: str) -> str:
    """The address of the page itself when `url` serves it through an AMP cache, Google's
    AMP viewer or the Wayback Machine (which would otherwise make Google or the Internet
    Archive its outlet); any other URL as it is."""
    for _ in range(3):  # an archived AMP page is wrapped twice
        inner = _unwrapped(url.strip())
        if inner is None:
            break
        url = inner
    return url


#: Query parameters that say where a link was shared or clicked, not which page it is.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|ref_src)$",
                       re.IGNORECASE)


def page_key(url: str) -> str:
    """What two addresses of one page have in common, to tell a page seen again: the page's own
    address (origin_url), without scheme, `www.`, default port, trailing dot or slash, fragment
    and tracking parameters (`utm_source`, `fbclid`, ...), the host in its ASCII form and the path
    percent-decoded. Not an address to open; something that is no http(s) URL is its own key."""
    value = origin_url(url.strip())
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return value
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return value
    host = normalise_domain(parts.hostname) + (f":{port}" if port not in (None, 80, 443) else "")
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0]))
    return f"{host}{unquote(parts.path).rstrip('/')}" + (f"?{query}" if query else "")
