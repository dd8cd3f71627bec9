"""Funding appeals: how a page asks its readers for money, and where the money goes.

Shared by the framing suggester (label ``funding_appeal``) and the source-and-funding
feature, which records *who* funds an outlet; hence its own public function and type.

Channels and rules:

* ``paypal`` — an e-mail address right after the word PayPal ("PayPal: x@y.ru"), or
  "x@y (PayPal)"; paypal.me links and paypal.com donate / button links;
* ``patreon``, ``subscribestar``, ``buymeacoffee``, ``kofi``, ``liberapay``,
  ``gofundme`` — links to a page on that platform (the bare home page does not count);
* ``donation_page`` — any link whose path has a donation segment (/donate, /donation,
  /spenden ...) or ends in /support, /contribute, /give; donorbox, GiveSendGo,
  Open Collective pages; a bare domain counts when it has such a path;
* ``crypto`` — Bitcoin addresses with a valid Base58Check or Bech32/Bech32m checksum,
  Ethereum addresses (0x + 40 hex digits), Monero addresses (95 Base58 characters);
* ``iban`` — IBANs with the right per-country length and a valid mod-97 check
  (identifier without spaces); ``bank_transfer`` — a SWIFT/BIC code after "SWIFT"/"BIC";
* ``support_block`` — a heading line such as "Support SouthFront", "Support us",
  "Donate" (the whole line, nothing else on it) together with the appeal paragraph
  right after it, if any; or, without a heading, a line that makes an appeal ("please
  support", "donate", "become a patron" ...) *and* names a payment channel in the same
  line.  Identifier: the heading, or the appeal phrase.

The span of an identifier hit covers the identifier itself (the e-mail, the link, the
address as written), so that ``quote`` shows exactly what was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .payments import (
    Found,
    find_bank_codes,
    find_ibans,
    find_links,
    find_paypal_addresses,
    find_wallets,
)

CHANNELS: tuple[str, ...] = (
    "paypal", "patreon", "crypto", "iban", "donation_page", "subscribestar",
    "buymeacoffee", "kofi", "liberapay", "gofundme", "bank_transfer", "support_block",
)


@dataclass(frozen=True, slots=True)
class FundingAppeal:
    """One funding channel or appeal block; ``text[start:end] == quote``."""

    channel: str
    identifier: str
    start: int
    end: int
    quote: str
    detail: str | None = None  # e.g. the coin of a crypto address

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown funding channel {self.channel!r}")
        if not 0 <= self.start < self.end or len(self.quote) != self.end - self.start:
            raise ValueError(f"bad span {self.start}:{self.end} for {self.channel}")


# Keywords are case-insensitive, but a name after "Support" must be capitalised:
# "Support SouthFront" is a heading, "Support the bill" is not.
_SP = r"[^\S\n]+"  # spaces within one line
_HEADING = (
    rf"(?i:support|donate{_SP}to){_SP}(?:(?i:us|our{_SP}work|our{_SP}journalism|"
    rf"independent{_SP}journalism)|[A-Z][\w.&'’\-]*(?:{_SP}[A-Z][\w.&'’\-]*){{0,2}})"
    rf"|(?i:donate(?:{_SP}(?:now|today|here))?|make{_SP}a{_SP}donation|"
    rf"become{_SP}a{_SP}(?:patron|supporter))"
)
_HEADING_LINE = re.compile(rf"^[^\S\n]*(?P<h>{_HEADING})[^\S\n]*[!.:]?[^\S\n]*$", re.MULTILINE)
_APPEAL = re.compile(
    r"(?i)(?<!\w)(?:please\s+(?:support|donate|contribute|help)|"
    r"support\s+(?:us|our\s+(?:work|journalism|project|site|mission|reporting)|the\s+project|"
    r"this\s+(?:site|project|website|work|channel))|donate(?!\w)|make\s+a\s+donation|"
    r"become\s+a\s+(?:patron|supporter|sponsor)|consider\s+(?:supporting|donating|a\s+donation)|"
    r"help\s+us\s+(?:continue|keep|grow|survive|stay)|chip\s+in|buy\s+(?:us|me)\s+a\s+coffee|"
    r"without\s+your\s+(?:help|support|donations?))(?!\w)"
)
_INSTRUMENT_WORD = re.compile(
    r"(?i)(?<!\w)(?:paypal|patreon|bitcoin|btc|ethereum|monero|iban|bank\s+transfer|"
    r"wire\s+transfer|donations?|subscribestar|ko-fi|liberapay|gofundme)(?!\w)"
)
_LINE = re.compile(r"[^\n]+")
_HEADING_WORDS_MAX = 5


def _lines_after(text: str, pos: int) -> re.Match[str] | None:
    """The next non-blank line after ``pos``, if only blank lines (at most two) lie between."""
    gap = re.compile(r"(?:[^\S\n]*\n){1,3}")
    match = gap.match(text, pos)
    if match is None:
        return None
    line = _LINE.match(text, match.end())
    return line if line and line.group().strip() else None


_LINK_TOKEN = re.compile(r"\S*[/@]\S*")


def _mask_links(line: str) -> str:
    """Blank out links and addresses so that ".../donate" is not read as an appeal."""
    return _LINK_TOKEN.sub(lambda m: " " * len(m.group()), line)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_support_blocks(text: str, instruments: list[Found]) -> list[Found]:
    """"Support <outlet>" headings with their appeal paragraph, and appeal lines."""
    blocks: list[Found] = []
    for heading in _HEADING_LINE.finditer(text):
        if len(heading.group("h").split()) > _HEADING_WORDS_MAX:
            continue
        start, end = heading.span("h")
        nxt = _lines_after(text, heading.end())
        if (nxt is not None and _APPEAL.search(_mask_links(nxt.group()))
                and not _HEADING_LINE.match(nxt.group())):
            end = nxt.end()
        start, end = _trim(text, start, end)
        blocks.append(("support_block", heading.group("h"), start, end, "heading"))
    covered = [(b[2], b[3]) for b in blocks]
    checked: set[int] = set()
    # Appeal lines without a heading: scan the whole text once for appeal phrases (cheap
    # when there are none) and only then look at the line around each.
    for hit in _APPEAL.finditer(text):
        line_start = text.rfind("\n", 0, hit.start()) + 1
        if line_start in checked or any(s <= line_start < e for s, e in covered):
            continue
        checked.add(line_start)
        line_end = text.find("\n", hit.end())
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        appeal = _APPEAL.search(_mask_links(line))
        if appeal is None:
            continue
        has_channel = any(line_start <= f[2] < line_end for f in instruments)
        if has_channel or _INSTRUMENT_WORD.search(line):
            start, end = _trim(text, line_start, line_end)
            blocks.append(("support_block", appeal.group(), start, end, "appeal"))
    return blocks


def detect_funding_appeals(text: str) -> list[FundingAppeal]:
    """Funding channels and appeal blocks in ``text``, sorted by (start, end, channel)."""
    return list(_appeals(text))


# Cached: the funding rule and the page-parts detector both scan the same text in one run
# (as claims._analyse is shared by the claims and attribution rules).
@lru_cache(maxsize=8)
def _appeals(text: str) -> tuple[FundingAppeal, ...]:
    found: list[Found] = []
    for finder in (find_paypal_addresses, find_links, find_wallets, find_ibans,
                   find_bank_codes):
        found.extend(finder(text))
    found.extend(find_support_blocks(text, found))
    unique = {(f[0], f[2], f[3]): f for f in found}  # one hit per channel and span
    appeals = [
        FundingAppeal(channel, identifier, start, end, text[start:end], detail)
        for channel, identifier, start, end, detail in unique.values()
    ]
    return tuple(sorted(appeals, key=lambda a: (a.start, a.end, a.channel)))
