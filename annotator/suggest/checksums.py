"""Checksums that make payment identifiers safe to detect in free text.

A 34-character run of letters and digits is not a Bitcoin address unless its checksum
says so; validating it is what lets the funding detector stay silent on ordinary text.

* Bitcoin legacy addresses (P2PKH "1…", P2SH "3…"): Base58Check — the last four bytes
  are the first four of SHA-256(SHA-256(payload)), version byte 0x00 or 0x05.
* Bitcoin SegWit addresses ("bc1…"): Bech32 (BIP-173, witness version 0) and Bech32m
  (BIP-350, versions 1-16) checksums and program lengths.
* IBANs: the per-country length (ISO 13616 registry) and the ISO 7064 mod-97-10 check.
"""

from __future__ import annotations

import hashlib

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {ch: i for i, ch in enumerate(_B58_ALPHABET)}


def base58_decode(value: str) -> bytes | None:
    """Decode Base58 (Bitcoin alphabet); None if a character is not in the alphabet."""
    number = 0
    for ch in value:
        digit = _B58_INDEX.get(ch)
        if digit is None:
            return None
        number = number * 58 + digit
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading_zeros = len(value) - len(value.lstrip("1"))
    return b"\x00" * leading_zeros + body


def is_bitcoin_legacy(address: str) -> bool:
    """True for a Base58Check-valid mainnet P2PKH or P2SH address."""
    if not 26 <= len(address) <= 35 or address[0] not in "13":
        return False
    raw = base58_decode(address)
    if raw is None or len(raw) != 25 or raw[0] not in (0x00, 0x05):
        return False
    payload, checksum = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == checksum


_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            checksum ^= generator[i] if (top >> i) & 1 else 0
    return checksum


def _convert_bits(data: list[int], from_bits: int, to_bits: int) -> list[int] | None:
    """Regroup 5-bit words into bytes, rejecting non-zero or overlong padding."""
    acc = bits = 0
    out: list[int] = []
    max_value = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & max_value)
    if bits >= from_bits or ((acc << (to_bits - bits)) & max_value):
        return None
    return out


def is_bitcoin_segwit(address: str, hrp: str = "bc") -> bool:
    """True for a checksum-valid SegWit address (Bech32 for v0, Bech32m for v1+)."""
    if address.lower() != address and address.upper() != address:
        return False  # mixed case is invalid in Bech32
    address = address.lower()
    pos = address.rfind("1")
    if address[:pos] != hrp or not 14 <= len(address) <= 90 or len(address) - pos < 7:
        return False
    try:
        data = [_BECH32_CHARSET.index(ch) for ch in address[pos + 1:]]
    except ValueError:
        return False
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = _bech32_polymod(expanded + data)
    if const not in (_BECH32_CONST, _BECH32M_CONST):
        return False
    version, program_words = data[0], data[1:-6]
    program = _convert_bits(program_words, 5, 8)
    if program is None or not 2 <= len(program) <= 40 or version > 16:
        return False
    if version == 0:
        return const == _BECH32_CONST and len(program) in (20, 32)
    return const == _BECH32M_CONST


# IBAN lengths by country (ISO 13616 registry, SWIFT release 2024).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
    "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
    "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}


def is_iban(compact: str) -> bool:
    """True for an IBAN (no spaces, upper case) of the right length passing mod 97."""
    if len(compact) != IBAN_LENGTHS.get(compact[:2], -1):
        return False
    if not compact[2:4].isdigit() or not compact.isalnum() or not compact.isascii():
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1
