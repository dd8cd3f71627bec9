"""Funding appeals: channels, checksums, spans, and silence on ordinary news text."""

from __future__ import annotations

import pytest

from annotator.suggest import CHANNELS, FundingAppeal, detect_funding_appeals
from annotator.suggest.checksums import is_bitcoin_legacy, is_bitcoin_segwit, is_iban

BTC_GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
BTC_P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
BECH32_V0 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
BECH32M_V1 = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
ETH = "0x52908400098527886E0F7030069857D2E4169EE7"
XMR = ("44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3R"
       "VGQBEP3A")
IBAN_DE = "DE89 3704 0044 0532 0130 00"
IBAN_GB = "GB82WEST12345698765432"


def found(text: str) -> list[tuple[str, str, int, int]]:
    out = []
    for a in detect_funding_appeals(text):
        assert text[a.start:a.end] == a.quote
        out.append((a.channel, a.identifier, a.start, a.end))
    return out


def at(text: str, needle: str, channel: str, identifier: str | None = None):
    begin = text.index(needle)
    return channel, identifier or needle, begin, begin + len(needle)


# --- checksums ---------------------------------------------------------------------

def test_bitcoin_checksums() -> None:
    assert is_bitcoin_legacy(BTC_GENESIS) and is_bitcoin_legacy(BTC_P2SH)
    assert not is_bitcoin_legacy(BTC_GENESIS[:-1] + "b")  # one character changed
    assert not is_bitcoin_legacy("1" + "1" * 33)
    # BIP-173 / BIP-350 vectors
    assert is_bitcoin_segwit("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")
    assert is_bitcoin_segwit("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3")
    assert is_bitcoin_segwit(BECH32M_V1)
    assert is_bitcoin_segwit("BC1SW50QGDZ25J")
    assert not is_bitcoin_segwit("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T5")  # checksum
    assert not is_bitcoin_segwit("bc1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")  # mixed case
    # v1 with a Bech32 (not Bech32m) checksum: valid before BIP-350, invalid now
    assert not is_bitcoin_segwit(
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx")


def test_iban_checksum() -> None:
    assert is_iban(IBAN_GB) and is_iban(IBAN_DE.replace(" ", ""))
    assert not is_iban("GB82WEST12345698765433")  # mod 97 fails
    assert not is_iban("GB82WEST1234569876543")  # wrong length for GB
    assert not is_iban("XX82WEST12345698765432")  # no such country


# --- channels ----------------------------------------------------------------------

def test_paypal_patreon_and_donation_pages() -> None:
    text = ("Support us! PayPal: editor@example.org or via paypal.me/ourpaper, "
            "https://www.patreon.com/ourpaper, https://ourpaper.net/donate/ and "
            "ourpaper.net/support")
    got = found(text)
    assert at(text, "editor@example.org", "paypal") in got
    assert at(text, "paypal.me/ourpaper", "paypal") in got
    assert at(text, "https://www.patreon.com/ourpaper", "patreon") in got
    assert at(text, "https://ourpaper.net/donate/", "donation_page") in got
    assert at(text, "ourpaper.net/support", "donation_page") in got


@pytest.mark.parametrize(
    ("url", "channel"),
    [
        ("https://www.subscribestar.com/ourpaper", "subscribestar"),
        ("https://www.buymeacoffee.com/ourpaper", "buymeacoffee"),
        ("https://ko-fi.com/ourpaper", "kofi"),
        ("https://liberapay.com/ourpaper", "liberapay"),
        ("https://www.gofundme.com/f/save-our-paper", "gofundme"),
        ("https://donorbox.org/ourpaper", "donation_page"),
        ("https://www.paypal.com/donate?hosted_button_id=ABC123", "paypal"),
        ("https://example.org/de/spenden", "donation_page"),
        ("https://donate.example.org/", "donation_page"),
    ],
)
def test_platform_links(url: str, channel: str) -> None:
    text = f"You can help: {url}."
    assert found(text) == [at(text, url, channel)]


@pytest.mark.parametrize(
    "text",
    [
        "Read more at https://www.patreon.com/ and https://example.com/support/faq today.",
        "See https://www.paypal.com/us/home for details; mail editor@example.org.",
        "Visit The Virginian-Pilot at pilotonline.com for more.",
        "pic.twitter.com/U9tULYsk2R — Michael (@trendy) October 3, 2017",
        "He donated to the Clinton Foundation and supports the bill.",
        "Support the bill",
        "Isn't it time for you to subscribe?",
        "We urge readers to support local journalism.",
    ],
)
def test_ordinary_text_is_silent(text: str) -> None:
    assert found(text) == []


def test_crypto_wallets_with_valid_checksums() -> None:
    text = (f"BTC: {BTC_GENESIS}, {BTC_P2SH}, {BECH32_V0}, {BECH32M_V1}; "
            f"ETH: {ETH}; XMR: {XMR}")
    got = found(text)
    assert [g[0] for g in got] == ["crypto"] * 6
    assert [g[1] for g in got] == [BTC_GENESIS, BTC_P2SH, BECH32_V0, BECH32M_V1, ETH, XMR]
    assert got[0] == at(text, BTC_GENESIS, "crypto")
    coins = [a.detail for a in detect_funding_appeals(text)]
    assert coins == ["bitcoin"] * 4 + ["ethereum", "monero"]


def test_invalid_checksums_do_not_hit() -> None:
    bad_legacy = BTC_GENESIS[:-1] + "b"
    bad_bech = BECH32_V0[:-1] + ("p" if BECH32_V0[-1] != "p" else "q")
    text = (f"Bitcoin: {bad_legacy} or {bad_bech}; IBAN GB82 WEST 1234 5698 7654 33; "
            "a hash 0x52908400098527886E0F7030069857D2E4169EE7AB")
    assert found(text) == []


def test_iban_and_bank_transfer() -> None:
    text = f"Bank transfer — IBAN: {IBAN_DE}, SWIFT/BIC: COBADEFFXXX. Or {IBAN_GB}."
    assert found(text) == [
        at(text, IBAN_DE, "iban", IBAN_DE.replace(" ", "")),
        at(text, "COBADEFFXXX", "bank_transfer"),
        at(text, IBAN_GB, "iban"),
    ]


def test_support_blocks() -> None:
    text = ("Some news.\n\nSupport Freedom Daily\n\nPlease donate: PayPal: a@b.org\n\n"
            "More news.\nIf you like our work, please support us via Patreon.\n")
    blocks = [(a.identifier, a.quote) for a in detect_funding_appeals(text)
              if a.channel == "support_block"]
    assert blocks == [
        ("Support Freedom Daily", "Support Freedom Daily\n\nPlease donate: PayPal: a@b.org"),
        ("please support", "If you like our work, please support us via Patreon."),
    ]


def test_offsets_after_astral_characters() -> None:
    text = "🙏🏻🙏 PayPal: 𝓂𝑒 no, PayPal: donate@example.org 💸"
    assert found(text) == [at(text, "donate@example.org", "paypal")]
    start = found(text)[0][2]
    assert start == 27  # five astral characters before it, one code point each
    assert len(text[:start].encode("utf-16-le")) // 2 == 32


def test_funding_appeal_validates() -> None:
    with pytest.raises(ValueError):
        FundingAppeal("cheque", "x", 0, 1, "x")
    with pytest.raises(ValueError):
        FundingAppeal("paypal", "x", 0, 2, "x")
    assert "support_block" in CHANNELS and "paypal" in CHANNELS


# --- the PTC sample: no article asks for donations --------------------------------

# Which of the 40 PTC articles carry a real donation appeal.  Checked by reading every
# hit of the channel finders and every line mentioning donate/PayPal/Patreon/bitcoin/
# support us: none does.  Subscription prompts ("Isn't it time for you to subscribe?",
# "Subscribe today!", POLITICO's newsletter sign-up) are sales, not donation appeals.
EXPECTED_PTC_APPEALS: dict[str, set[tuple[str, str]]] = {}


def test_ptc_articles_have_exactly_the_expected_appeals(ptc_articles: dict[str, str]) -> None:
    assert len(ptc_articles) == 40
    got = {
        doc: {(a.channel, a.identifier) for a in detect_funding_appeals(text)}
        for doc, text in ptc_articles.items()
    }
    assert {doc: hits for doc, hits in got.items() if hits} == EXPECTED_PTC_APPEALS
