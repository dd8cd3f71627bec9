"""Amounts of funding: how much, in which currency, for which period, and an ownership share.

Pure (no database, no Streamlit): the funding services and the registry checks hold values to
these rules, the CSV reader parses with them, and the pages, the network chart and the command
line show a link's amount through `describe`, so that it reads the same everywhere.

- An amount is a non-negative decimal with at most `AMOUNT_PLACES` decimal places and
  `AMOUNT_DIGITS - AMOUNT_PLACES` whole digits (NUMERIC(20, 4): room for a state budget in rials
  or dong, and the four minor digits of the currency that has most, CLF). Written with digits
  and one decimal point (`2300000`, `150000.50`): no thousands separators, words or exponents,
  since "1,500" is one and a half in half of Europe and 1500 in the other half.
- A currency is an ISO 4217 code as the Unicode CLDR lists it (babel's copy): today's codes and
  the historical ones (DEM, FRF, SUR), since funding is often recorded years later. XXX ("no
  currency") and XTS (reserved for testing) are refused.
- An ownership share is per cent of the recipient, 0-100, at most `SHARE_PLACES` places.
- Shown locale-neutral: `EUR 2,300,000 · 2023-01-01 to 2023-12-31`, `25% share`.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache

#: NUMERIC(20, 4) for amounts, NUMERIC(7, 4) for shares: the columns of funding_links.
AMOUNT_DIGITS, AMOUNT_PLACES = 20, 4
SHARE_DIGITS, SHARE_PLACES = 7, 4
#: Codes CLDR lists that name no currency a funder pays in.
NOT_CURRENCIES = frozenset({"XXX", "XTS"})

_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
HOW_TO_WRITE = "write digits with one decimal point, e.g. 2300000 or 150000.50 (no thousands separators, words or signs)"


def parse_decimal(text: str) -> Decimal:
    """The decimal a file's or a form's text gives: digits with at most one decimal point,
    white space around it ignored. Raises ValueError saying how to write it."""
    cleaned = text.strip()
    if not _NUMBER.fullmatch(cleaned):
        if cleaned.startswith("-") and _NUMBER.fullmatch(cleaned[1:]):
            raise ValueError("must not be negative")
        raise ValueError(HOW_TO_WRITE)
    return Decimal(cleaned)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int), "a finite decimal has a whole exponent"
    return max(0, -exponent)


def _whole_digits(value: Decimal) -> int:
    return len(str(int(value))) if value >= 1 else 0


def check_amount(value: Decimal) -> Decimal:
    """The amount if it is one the registry holds; ValueError (saying why) if not."""
    if not value.is_finite():
        raise ValueError("must be a number")
    if value < 0:
        raise ValueError("must not be negative")
    if _places(value) > AMOUNT_PLACES:
        raise ValueError(f"has more than {AMOUNT_PLACES} decimal places")
    if _whole_digits(value) > AMOUNT_DIGITS - AMOUNT_PLACES:
        raise ValueError(f"has more than {AMOUNT_DIGITS - AMOUNT_PLACES} digits before the decimal point")
    return value


def check_share(value: Decimal) -> Decimal:
    """An ownership share in per cent if it lies in 0-100; ValueError (saying why) if not."""
    if not value.is_finite():
        raise ValueError("must be a number")
    if not 0 <= value <= 100:
        raise ValueError("is a share in per cent and must lie between 0 and 100")
    if _places(value) > SHARE_PLACES:
        raise ValueError(f"has more than {SHARE_PLACES} decimal places")
    return value


@cache
def currencies() -> frozenset[str]:
    """The ISO 4217 codes CLDR knows (current and historical), less NOT_CURRENCIES.

    From babel, a maintained copy of CLDR, already installed with trafilatura (through courlan)
    and pinned in requirements.txt: ISO's list changes (XCG in 2025, ZWG in 2024), and a list
    kept here would go stale. Imported on first use: a command that checks no currency does not
    pay for it."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies()) - NOT_CURRENCIES


def check_currency(code: str) -> str:
    """The currency code, upper-case, if ISO 4217 knows it; ValueError (saying why) if not."""
    cleaned = code.strip().upper()
    if len(cleaned) != 3 or not cleaned.isascii() or not cleaned.isalpha():
        raise ValueError(f"{code.strip()!r} is not a currency code: give the three letters of ISO 4217, e.g. EUR, USD, RUB")
    if cleaned not in currencies():
        raise ValueError(f"{cleaned!r} is not an ISO 4217 currency code (e.g. EUR, USD, RUB)")
    return cleaned


def plain_decimal(value: Decimal) -> str:
    """The decimal in digits, without exponent and without trailing zeros after the point:
    `2300000.0000` -> "2300000", `0.5000` -> "0.5" (how files carry amounts and shares)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def grouped(value: Decimal) -> str:
    """The decimal with commas between thousands and a point before its places, whatever the
    locale: `2300000` -> "2,300,000", `150000.5` -> "150,000.5"."""
    whole, _, places = plain_decimal(value).partition(".")
    text = f"{int(whole):,}"
    return f"{text}.{places}" if places else text


def period_text(start: date | None, end: date | None) -> str:
    """"2023-01-01 to 2023-12-31", "from 2019-01-01", "until 2021-12-31" or ""."""
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    if end:
        return f"until {end.isoformat()}"
    return ""


def describe(amount: Decimal | None, currency: str | None, share: Decimal | None = None,
             start: date | None = None, end: date | None = None) -> str:
    """A link's amount, share and period in one line, parts joined by " · " (empty when none
    is recorded): "EUR 2,300,000 · 2023-01-01 to 2023-12-31", "51% share · from 2015-06-01"."""
    parts = []
    if amount is not None:
        parts.append(f"{currency} {grouped(amount)}" if currency else grouped(amount))
    if share is not None:
        parts.append(f"{grouped(share)}% share")
    period = period_text(start, end)
    if period:
        parts.append(period)
    return " · ".join(parts)


def decimal_or_none(value: object) -> Decimal | None:
    """A Decimal from a value a caller hands over (Decimal, int, or text written as
    `parse_decimal` reads it); None for None or blank text. ValueError for anything else:
    a float is refused, since its binary digits are not the decimal the user wrote."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        return parse_decimal(value)
    raise ValueError(f"must be a decimal, not {type(value).__name__}")


def amount_problems(*, amount: Decimal | None, currency: str | None, share: Decimal | None,
                    start: date | None, end: date | None, ownership: bool) -> list[tuple[str, str]]:
    """(field, message) for everything wrong with a funding link's amount, currency, share and
    period: the rules the services and the registry files share (and the database's checks
    hold). An amount needs its currency and a currency its amount; a share in per cent needs no
    currency but belongs to an ownership link only; a period may be open at either end."""
    problems: list[tuple[str, str]] = []
    code = (currency or "").strip()
    if amount is not None:
        try:
            check_amount(amount)
        except ValueError as error:
            problems.append(("amount", f"the amount {error}"))
        if not code:
            problems.append(("currency", "an amount needs its currency: an ISO 4217 code such as EUR, USD or RUB"))
    if code:
        try:
            check_currency(code)
        except ValueError as error:
            problems.append(("currency", str(error)))
        if amount is None:
            problems.append(("amount", f"a currency ({code}) needs an amount"))
    if share is not None:
        try:
            check_share(share)
        except ValueError as error:
            problems.append(("share_percent", f"the share {error}"))
        if not ownership:
            problems.append(("share_percent", "a share in per cent belongs to an ownership link"))
    if start is not None and end is not None and end < start:
        problems.append(("period_end", f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})"))
    return problems


def decimal_from_file(value: object) -> object:
    """An amount or share as a JSON file gives it, made a Decimal where that loses nothing:
    text as `parse_decimal` reads it, a whole number, or a JSON number of at most 15
    significant digits (a double holds that many exactly; the JSON reader has made it one
    before anything sees it). Longer numbers are refused: write them as text. Anything else is
    handed on unchanged, for the record's type check to name it."""
    if isinstance(value, str):
        return parse_decimal(value) if value.strip() else None
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("must be a number")
        exact = Decimal(repr(value))
        if len(exact.as_tuple().digits) > 15:
            raise ValueError(f"a JSON number of this many digits ({value!r}) may have lost some; write it as text, "
                             'e.g. "12345678901234567.89"')
        return exact
    return value
