"""Funding amounts: reading, checking and showing them (annotator/amounts.py, pure)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from annotator.amounts import (
    amount_problems,
    check_amount,
    check_currency,
    check_share,
    currencies,
    decimal_from_file,
    describe,
    grouped,
    parse_decimal,
    plain_decimal,
)


@pytest.mark.parametrize(("text", "value"), [
    ("2300000", Decimal("2300000")), (" 150000.50 ", Decimal("150000.50")), ("0", Decimal("0")),
    ("0.0001", Decimal("0.0001")),
])
def test_amounts_are_read_as_written(text: str, value: Decimal) -> None:
    assert parse_decimal(text) == value


@pytest.mark.parametrize(("text", "says"), [
    ("1,5 Mio", "no thousands separators"), ("2,300,000", "no thousands separators"), ("1.5e6", "digits"),
    ("-5", "must not be negative"), ("EUR 5", "digits"), ("", "digits"), ("1.", "digits"), (".5", "digits"),
    ("NaN", "digits"), ("١٢", "digits"), ("1 000", "digits"),
])
def test_amounts_written_any_other_way_are_refused_saying_how_to_write_them(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_decimal(text)


def test_amount_limits() -> None:
    assert check_amount(Decimal("9999999999999999.9999")) == Decimal("9999999999999999.9999")
    for bad, says in ((Decimal("-1"), "negative"), (Decimal("0.00001"), "4 decimal places"),
                      (Decimal("10000000000000000"), "16 digits"), (Decimal("NaN"), "number"), (Decimal("Infinity"), "number")):
        with pytest.raises(ValueError, match=says):
            check_amount(bad)
    assert check_amount(Decimal("2.30000000")) == Decimal("2.3")  # trailing zeros are no places


def test_share_limits() -> None:
    assert check_share(Decimal("100")) == 100 and check_share(Decimal("0")) == 0 and check_share(Decimal("33.3333"))
    for bad in (Decimal("100.01"), Decimal("-0.5"), Decimal("33.33333")):
        with pytest.raises(ValueError):
            check_share(bad)


def test_currencies_are_iso_4217_codes_from_cldr() -> None:
    assert check_currency("EUR") == "EUR" and check_currency(" usd ") == "USD"
    assert {"EUR", "USD", "RUB", "CNY", "DEM", "XCG", "ZWG"} <= currencies()  # today's and historical
    for bad, says in (("EURO", "three letters"), ("€", "three letters"), ("ABC", "not an ISO 4217"),
                      ("XXX", "not an ISO 4217"), ("XTS", "not an ISO 4217"), ("ЕВР", "three letters")):
        with pytest.raises(ValueError, match=says):
            check_currency(bad)


def test_amounts_show_locale_neutral() -> None:
    assert grouped(Decimal("2300000.0000")) == "2,300,000"
    assert grouped(Decimal("150000.5")) == "150,000.5" and grouped(Decimal("0.0500")) == "0.05"
    assert plain_decimal(Decimal("2.3E+6")) == "2300000" and plain_decimal(Decimal("0.0000")) == "0"
    assert describe(Decimal("2300000"), "EUR", None, date(2023, 1, 1), date(2023, 12, 31)) == \
        "EUR 2,300,000 · 2023-01-01 to 2023-12-31"
    assert describe(Decimal("150000"), "USD", None, date(2019, 1, 1), None) == "USD 150,000 · from 2019-01-01"
    assert describe(None, None, Decimal("51.0000"), None, date(2021, 12, 31)) == "51% share · until 2021-12-31"
    assert describe(None, None) == ""


def test_json_numbers_that_a_float_may_have_changed_are_refused() -> None:
    assert decimal_from_file("2300000.50") == Decimal("2300000.50")
    assert decimal_from_file(150000) == Decimal(150000) and decimal_from_file(0.1) == Decimal("0.1")
    assert decimal_from_file("  ") is None and decimal_from_file([1]) == [1]  # left for the type check
    with pytest.raises(ValueError, match="write it as text"):
        decimal_from_file(12345678901234567.89)
    with pytest.raises(ValueError, match="digits"):
        decimal_from_file("1,5 Mio")


def test_the_rules_of_a_links_amount() -> None:
    ok = {"amount": Decimal("1"), "currency": "EUR", "share": None, "start": None, "end": None, "ownership": False}
    assert amount_problems(**ok) == []
    assert amount_problems(**{**ok, "amount": None, "currency": None, "share": Decimal("51"), "ownership": True}) == []
    assert amount_problems(**{**ok, "currency": None}) == [
        ("currency", "an amount needs its currency: an ISO 4217 code such as EUR, USD or RUB")]
    assert amount_problems(**{**ok, "amount": None}) == [("amount", "a currency (EUR) needs an amount")]
    assert amount_problems(**{**ok, "share": Decimal("51")}) == [
        ("share_percent", "a share in per cent belongs to an ownership link")]
    assert amount_problems(**{**ok, "start": date(2021, 1, 1), "end": date(2019, 12, 31)}) == [
        ("period_end", "the period ends (2019-12-31) before it starts (2021-01-01)")]
    assert [f for f, _ in amount_problems(**{**ok, "amount": Decimal("-1"), "currency": "EURO"})] == ["amount", "currency"]
