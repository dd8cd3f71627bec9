"""The claim test sets in data/ (read their headers): claims with gold groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from annotator.claims import Claim

DATA = Path(__file__).parent / "data"
SETS = ("tuning", "heldout")


@dataclass(frozen=True)
class GoldSet:
    claims: list[Claim]
    gold: dict[str, str]  # claim id -> gold group
    lookalikes: dict[str, tuple[str, str]]  # group -> (the group it looks like, what differs)
    outlets: list[str]

    def members(self, group: str) -> list[str]:
        return [claim for claim, key in self.gold.items() if key == group]


def load(name: str) -> GoldSet:
    raw = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    claims: list[Claim] = []
    gold: dict[str, str] = {}
    lookalikes: dict[str, tuple[str, str]] = {}
    for key, value in raw["groups"].items():
        entries = value if isinstance(value, list) else value["claims"]
        if isinstance(value, dict) and "lookalike_of" in value:
            lookalikes[key] = (value["lookalike_of"], value["differs"])
        for number, entry in enumerate(entries):
            claim_id = f"{key}/{number}"
            day = entry["date"] if isinstance(entry["date"], date) else date.fromisoformat(entry["date"])
            claims.append(Claim(claim_id, entry["text"], entry["outlet"], day, f"{entry['outlet']}-{day}"))
            gold[claim_id] = key
    return GoldSet(claims, gold, lookalikes, raw["outlets"])


def tuning_claims(groups: tuple[str, ...]) -> list[Claim]:
    """The tuning set's claims of these gold groups (the page, panel and browser tests' projects)."""
    data = load("tuning")
    return [c for c in data.claims if data.gold[str(c.id)] in groups]
