"""One display name per stored key: funding kinds, donation channels, attributions, link
statuses, entity roles, designation kinds.

The database and the exchange formats keep keys such as `donation_page` or `self_declared`;
people read "donation page" and "self-declared". Every page, message, table and chart asks
`display_name` (the funding cards, the outlet box in the workspace, flash messages, the funding
network's legend and hover), so one key never shows two ways. No Streamlit here: charts and the
command line use it too.
"""

from __future__ import annotations

#: Keys whose name is not just their words: brand spellings, acronyms, hyphens.
NAMES: dict[str, str] = {
    # donation channels (suggest.funding.CHANNELS)
    "paypal": "PayPal",
    "patreon": "Patreon",
    "crypto": "crypto wallet",
    "iban": "IBAN",
    "subscribestar": "SubscribeStar",
    "buymeacoffee": "Buy Me a Coffee",
    "kofi": "Ko-fi",
    "liberapay": "Liberapay",
    "gofundme": "GoFundMe",
    # attributions
    "self_declared": "self-declared",
    "third_party": "third party",
}


def display_name(key: str | None) -> str:
    """How a stored key reads on screen: its entry in NAMES, else its words (`donation_page`
    -> "donation page"); the empty string for None."""
    if not key:
        return ""
    return NAMES.get(key) or key.replace("_", " ")
