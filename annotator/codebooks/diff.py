"""What changed between two versions of a codebook, as lines a lead reads before saving and
on the codebook page's version history.

The comparison is generic: a codebook's list sections (categories, labels, and any section
added later) hold items identified by `key`; items are added, removed or changed, and a
changed item lists its fields before and after, nested lists (a label's attributes) the same
way one level down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

from .schema import CodebookDef

Kind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    kind: Kind
    #: Where: "label Claim", "label Claim, attribute verdict", "category techniques", "codebook".
    where: str
    #: For "changed": the field and its values before and after.
    field: str | None = None
    before: Any = None
    after: Any = None

    def text(self) -> str:
        if self.kind != "changed":
            return f"{self.kind} {self.where}"
        return f"{self.where}: {self.field} {_shown(self.before)} → {_shown(self.after)}"


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _singular(section: str) -> str:
    return {"categories": "category"}.get(section, section.removesuffix("s"))


def _compare_items(section: str, old: list[dict[str, Any]], new: list[dict[str, Any]],
                   within: str = "") -> list[Change]:
    noun = _singular(section)
    before = {item["key"]: item for item in old}
    after = {item["key"]: item for item in new}
    changes = [Change("removed", f"{within}{noun} {key}") for key in before if key not in after]
    for key, item in after.items():
        where = f"{within}{noun} {key}"
        if key not in before:
            changes.append(Change("added", where))
            continue
        changes += _compare_fields(where, before[key], item)
    return changes


def _compare_fields(where: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    for name in dict.fromkeys([*old, *new]):
        a, b = old.get(name), new.get(name)
        if isinstance(a, bool) or isinstance(b, bool):
            # A flag left out (`required: false` is not written) is off.
            a, b = bool(a), bool(b)
        if a == b or name == "key":
            continue
        if _is_section(a) or _is_section(b):
            changes += _compare_items(name, cast(list[dict[str, Any]], a or []), cast(list[dict[str, Any]], b or []),
                                      within=f"{where}, ")
        else:
            changes.append(Change("changed", where, name, a, b))
    return changes


def _is_section(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "key" in v for v in value)


def codebook_diff(old: CodebookDef, new: CodebookDef) -> list[Change]:
    """Every change from `old` to `new` (the version number aside), sections in file order."""
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    changes: list[Change] = []
    for name in dict.fromkeys([*a, *b]):
        if name == "version" or a.get(name) == b.get(name):
            continue
        if isinstance(a.get(name), list) or isinstance(b.get(name), list):
            changes += _compare_items(name, a.get(name) or [], b.get(name) or [])
        else:
            changes.append(Change("changed", "codebook", name, a.get(name), b.get(name)))
    return changes
