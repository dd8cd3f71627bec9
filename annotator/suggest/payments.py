"""Finders for payment identifiers in text: links, PayPal addresses, wallets, IBANs.

Each finder yields ``(channel, identifier, start, end, detail)`` with code-point
offsets; :mod:`annotator.suggest.funding` turns them into ``FundingAppeal`` objects.
Precision comes first: a link counts only for a known funding platform or a donation
path, a PayPal address only right after the word PayPal, and a wallet or IBAN only
when its checksum holds (see :mod:`annotator.suggest.checksums`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from .checksums import IBAN_LENGTHS, is_bitcoin_legacy, is_bitcoin_segwit, is_iban

Found = tuple[str, str, int, int, str | None]

_URL_CHARS = r"[^\s<>\"“”‘’()\[\]{}|\\^`]"
_TRAILING = ".,;:!?'’…"
# Finding bare domains ("southfront.org/donate/") from a literal "." anchor is several
# times faster than trying a domain pattern at every letter of the text.
_SCHEME_URL = re.compile(rf"(?:https?://|(?<![\w@.\-/])www\.){_URL_CHARS}+")
_BARE_ANCHOR = re.compile(r"\.[A-Za-z]{2,24}/")
_BARE_URL = re.compile(
    rf"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{{2,24}}/{_URL_CHARS}*"
)
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")

# Platforms whose pages are funding pages: host suffix -> channel.
_PLATFORMS = {
    "paypal.me": "paypal",
    "patreon.com": "patreon",
    "subscribestar.com": "subscribestar",
    "subscribestar.adult": "subscribestar",
    "buymeacoffee.com": "buymeacoffee",
    "ko-fi.com": "kofi",
    "liberapay.com": "liberapay",
    "gofundme.com": "gofundme",
    "donorbox.org": "donation_page",
    "givesendgo.com": "donation_page",
    "givebutter.com": "donation_page",
    "opencollective.com": "donation_page",
}
# Path segments that name a donation page anywhere in the path ...
_DONATE_SEGMENTS = frozenset(
    {"donate", "donation", "donations", "donating", "spenden", "spende", "faire-un-don",
     "donar", "doneer", "doneren", "donazione", "donazioni", "pozhertvovat"}
)
# ... and ones that do only as the last segment ("/support/" but not "/support/faq").
_LAST_SEGMENTS = frozenset({"support", "support-us", "supportus", "contribute", "give", "unterstuetzen"})
_PAYPAL_PATHS = re.compile(r"(?i)/(?:donate|paypalme|pools|cgi-bin/webscr)")

_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}"
# "PayPal: x@y", "PayPal (account) - x@y", "via PayPal to x@y", "PayPal address is x@y".
_PAYPAL_EMAIL = re.compile(
    r"(?i)(?<!\w)pay\s?pal(?!\w)[^\S\n]*(?:\([^)\n]{0,20}\))?"
    r"(?:[^\w\n@]{0,4}(?:account|address|e-?mail|id|is|to|at|via|us|me|send|donations?|"
    r"here|directly)(?!\w)){0,4}[^\w\n@]{0,4}"
    rf"(?P<email>{_EMAIL})(?![\w@])"
)
_EMAIL_PAYPAL = re.compile(rf"(?<![\w.@])(?P<email>{_EMAIL})\s*\(\s*(?i:pay\s?pal)\s*\)")

# One pass for all wallet formats: Bitcoin legacy, Bitcoin SegWit, Ethereum, Monero.
# Monero standard (4...) and sub-addresses (8...) have 95 Base58 characters; their
# checksum needs Keccak, which hashlib lacks, so the exact length and alphabet must do.
_WALLET = re.compile(
    r"(?<![\w])(?:(?P<btc>[13][1-9A-HJ-NP-Za-km-z]{25,34})"
    r"|(?P<bech>(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87})"
    r"|(?P<eth>0x[0-9a-fA-F]{40})"
    r"|(?P<xmr>[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}))(?![\w])"
)

_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?=[ \u00a0]?[A-Z0-9])")
_BIC = re.compile(
    r"(?<!\w)(?:SWIFT|BIC)(?:\s*/\s*(?:SWIFT|BIC))?(?:\s+code)?\s*[:\-]?\s*"
    r"(?P<bic>[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?![\w])"
)


def _classify_url(url: str) -> str | None:
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    for suffix, channel in _PLATFORMS.items():
        if host == suffix or host.endswith("." + suffix):
            return channel if path else None  # the bare home page is no appeal
    if host == "paypal.com" or host.endswith(".paypal.com"):
        return "paypal" if _PAYPAL_PATHS.search(parts.path) else None
    if host.startswith(("donate.", "donations.")):
        return "donation_page"
    segments = [s.lower() for s in path.split("/") if s]
    if any(s in _DONATE_SEGMENTS for s in segments):
        return "donation_page"
    if segments and segments[-1] in _LAST_SEGMENTS:
        return "donation_page"
    return None


def _links(text: str) -> Iterator[tuple[int, int]]:
    """Spans of links: with a scheme or www., or bare domains followed by a path."""
    for match in _SCHEME_URL.finditer(text):
        yield match.span()
    for anchor in _BARE_ANCHOR.finditer(text):
        start = anchor.start()
        while start > 0 and text[start - 1] in _HOST_CHARS:
            start -= 1
        # Skip: no host name; part of an e-mail address or of a longer link (a "/" or
        # "://" before it); or a www. link, which the first pattern already found.
        if (start == anchor.start() or (start > 0 and text[start - 1] in "@/:_")
                or text.startswith("www.", start)):
            continue
        bare = _BARE_URL.match(text, start)
        if bare is not None:
            yield bare.span()


def find_links(text: str) -> Iterator[Found]:
    """Links to funding platforms and donation pages (identifier: the link as written)."""
    for start, end in _links(text):
        url = text[start:end].rstrip(_TRAILING)
        channel = _classify_url(url)
        if channel is not None and url:
            yield channel, url, start, start + len(url), None


def find_paypal_addresses(text: str) -> Iterator[Found]:
    """E-mail addresses named as PayPal accounts (identifier: the address)."""
    lowered = text.lower()
    if "@" not in text or ("paypal" not in lowered and "pay pal" not in lowered):
        return
    for pattern in (_PAYPAL_EMAIL, _EMAIL_PAYPAL):
        for match in pattern.finditer(text):
            start, end = match.span("email")
            yield "paypal", match.group("email"), start, end, None


def find_wallets(text: str) -> Iterator[Found]:
    """Crypto wallet addresses; Bitcoin ones only with a valid checksum."""
    for match in _WALLET.finditer(text):
        kind, address = match.lastgroup, match.group()
        if kind == "btc" and not is_bitcoin_legacy(address):
            continue
        if kind == "bech" and not is_bitcoin_segwit(address):
            continue
        coin = {"btc": "bitcoin", "bech": "bitcoin", "eth": "ethereum", "xmr": "monero"}[
            str(kind)
        ]
        yield "crypto", address, match.start(), match.end(), coin


def find_ibans(text: str) -> Iterator[Found]:
    """IBANs, written compact or in groups of four, with a valid length and mod-97 check."""
    for match in _IBAN_START.finditer(text):
        length = IBAN_LENGTHS.get(match.group()[:2])
        if length is None:
            continue
        chars = [match.group()]
        count, pos = 4, match.end()
        # Walk forward over letters and digits, allowing one space between groups,
        # until the country's IBAN length is reached.
        while count < length and pos < len(text):
            ch = text[pos]
            if ch in " \u00a0" and pos + 1 < len(text) and text[pos + 1].isalnum():
                pos += 1
                continue
            if not (ch.isascii() and (ch.isdigit() or ch.isupper())):
                break
            chars.append(ch)
            count += 1
            pos += 1
        if count != length or (pos < len(text) and text[pos].isalnum()):
            continue
        compact = "".join(chars)
        if is_iban(compact):
            yield "iban", compact, match.start(), pos, None


def find_bank_codes(text: str) -> Iterator[Found]:
    """SWIFT/BIC codes given as bank-transfer details ("SWIFT: DEUTDEFF")."""
    if "SWIFT" not in text and "BIC" not in text:
        return
    for match in _BIC.finditer(text):
        start, end = match.span("bic")
        yield "bank_transfer", match.group("bic"), start, end, "bic"
