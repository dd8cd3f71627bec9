"""The codebook editor the Projects page (a new project's codebook) and the Codebook page (a
project's codebook) share: the sections of a codebook in tabs, editing a
`codebooks.editor.CodebookDraft` kept in session state.

Widgets write into the draft on every run. Their keys carry a generation number that goes up
whenever the draft's structure changes (a label or attribute added or removed, a draft
loaded): a removed item's widget state can then never land on the item that took its place.
A section is a title and a function (`SECTIONS`): a new part of the codebook is one more
entry. Nothing here validates: `CodebookDraft.to_definition` does, as for
a file, and `show_problem` tells where the draft is not valid yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NoReturn

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ..codebooks import CodebookDef
from ..codebooks.attribute_types import TYPES, TypeName
from ..codebooks.colours import PAPER, TINT, blend, legibility
from ..codebooks.editor import (
    AttributeDraft,
    CategoryDraft,
    CodebookDraft,
    LabelDraft,
    RelationDraft,
    explain,
    key_from,
    unique_key,
)
from ..errors import InvalidInput
from .text import md_escape, visible

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
TYPE_NAMES = {"text": "text", "boolean": "yes / no", "number": "number", "choice": "choice (from a list)"}


@dataclass
class Editor:
    """One editor on the page: its slot in session state and what it knows of the project."""

    key: str
    #: Label key -> annotations carrying it in the project: such a label keeps its key and
    #: cannot be removed (the save would be refused).
    usage: Mapping[str, int] = field(default_factory=dict)
    #: A new codebook may take any key; a project's codebook keeps its own (its versions).
    key_editable: bool = True

    @property
    def draft(self) -> CodebookDraft:
        found: CodebookDraft = st.session_state[f"{self.key}:draft"]
        return found

    def k(self, *parts: object) -> str:
        """A widget key of this editor, for the draft's current structure."""
        generation = st.session_state.get(f"{self.key}:generation", 0)
        return "-".join([self.key, str(generation), *map(str, parts)])

    def restructured(self) -> None:
        st.session_state[f"{self.key}:generation"] = st.session_state.get(f"{self.key}:generation", 0) + 1

    def redraw(self) -> NoReturn:
        """The draft's structure changed: its widgets start again from it, now."""
        self.restructured()
        st.rerun()


@dataclass(frozen=True)
class Section:
    title: str
    draw: Callable[[Editor], None]


def load(key: str, draft: CodebookDraft) -> None:
    """Put `draft` in the editor (its widgets start again from it)."""
    st.session_state[f"{key}:draft"] = draft
    st.session_state[f"{key}:label"] = 0
    Editor(key).restructured()


def loaded(key: str) -> bool:
    return f"{key}:draft" in st.session_state


def edit(editor: Editor) -> CodebookDraft:
    """Draw every section in its tab; the draft as edited so far."""
    tabs = st.tabs([section.title for section in SECTIONS])
    for tab, section in zip(tabs, SECTIONS, strict=True):
        with tab:
            section.draw(editor)
    return editor.draft


def checked(draft: CodebookDraft) -> CodebookDef | InvalidInput:
    """The codebook, or the first reason it is not valid yet."""
    try:
        return draft.to_definition()
    except InvalidInput as error:
        return error


def show_problem(draft: CodebookDraft, problem: InvalidInput) -> None:
    st.warning(md_escape(f"Not ready yet: {explain(draft, problem)}"))


def _new_item(editor: Editor, noun: str, placeholder: str, *where: object) -> str | None:
    """A name field and its Add button: the name when the button was pressed with one. The
    button is never disabled: a click that blurs the field must not land on a button that the
    field's own rerun has not enabled yet."""
    name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    name = name_col.text_input(f"New {noun}", key=editor.k(*where, f"new-{noun}"), placeholder=placeholder).strip()
    if not button_col.button(f"Add {noun}", key=editor.k(*where, f"add-{noun}"), width="stretch"):
        return None
    if not name:
        st.warning(f"Name the {noun} first.")
    return name or None


# --- the labels ---------------------------------------------------------------------------------

def _picked(editor: Editor, noun: str, placeholder: str, items: Sequence[LabelDraft | RelationDraft],
            add: Callable[[str], object], empty: str, slot: str, pick_key: str) -> int | None:
    """A list edited one item at a time: the field and button that add one, then the picker;
    the index of the item to edit, or None while there is none."""
    name = _new_item(editor, noun, placeholder)
    if name:
        add(name)
        st.session_state[f"{editor.key}:{slot}"] = len(items) - 1
        editor.redraw()
    if not items:
        st.info(empty)
        return None
    chosen = min(st.session_state.get(f"{editor.key}:{slot}", 0), len(items) - 1)
    # The titles as they are now: the fields below may rename the item during this run.
    titles = [visible(f"{item.name or '(no name)'} · {item.key}") for item in items]
    index: int = st.selectbox(f"{noun.capitalize()} to edit", range(len(items)), index=chosen, key=editor.k(pick_key),
                              format_func=titles.__getitem__)
    st.session_state[f"{editor.key}:{slot}"] = index
    return index


def _labels(editor: Editor) -> None:
    draft = editor.draft
    index = _picked(editor, "label", "e.g. Loaded language", draft.labels, draft.add_label,
                    "No label yet: name the first one above and add it.", "label", "pick")
    if index is not None:
        _label(editor, index)


def _label(editor: Editor, index: int) -> None:
    draft = editor.draft
    label = draft.labels[index]
    used = editor.usage.get(label.key, 0)
    with st.container(border=True):
        left, right = st.columns(2)
        label.name = left.text_input("Name", value=label.name, key=editor.k("label", index, "name"))
        label.key = right.text_input(
            "Key (as exports write it)", value=label.key, key=editor.k("label", index, "key"), disabled=used > 0,
            help=f"{used} annotation(s) carry this key, so it stays." if used else
            "Letters, digits, spaces and _ . , : + - / & ' ( ); starts with a letter or digit.")
        categories = [c.key for c in draft.categories]
        if categories:
            label.category = left.selectbox(
                "Category", categories, index=categories.index(label.category) if label.category in categories else 0,
                key=editor.k("label", index, "category"),
                format_func=lambda c: visible(next(x.name or x.key for x in draft.categories if x.key == c)))
        _hotkey(editor, index, right)
        label.description = st.text_area(
            "Guideline", value=label.description, key=editor.k("label", index, "description"),
            help="What the label means and when to use it: annotators see it as the label's tooltip and in the "
                 "guideline panel.")
        label.colour = _colour(editor, label.colour, "label", index)
        _attributes(editor, label, "label", index)
        if st.button("Remove this label", key=editor.k("label", index, "remove")):
            if used:
                st.error(md_escape(f"{label.name} carries {used} annotation(s) in this project and stays: "
                                   "annotations keep the label they were made with."))
            else:
                draft.remove_label(index)
                st.session_state[f"{editor.key}:label"] = max(0, index - 1)
                editor.redraw()


def _hotkey(editor: Editor, index: int, place: DeltaGenerator) -> None:
    """A clash is refused: the label keeps its hotkey, and the field says whose it is."""
    label = editor.draft.labels[index]
    typed = place.text_input("Hotkey", value=label.hotkey or "", max_chars=1, key=editor.k("label", index, "hotkey"),
                             help="One letter or digit that applies this label in the workspace.").strip()
    holder = editor.draft.hotkey_holder(typed, besides=index) if typed else None
    if holder is not None:
        place.error(md_escape(f"“{typed}” is the hotkey of {holder.name or holder.key}: choose another one."))
    elif typed and not typed.isalnum():
        place.error("A hotkey is one letter or digit.")
    else:
        label.hotkey = typed.lower() or None


def _colour(editor: Editor, colour: str, *where: object) -> str:
    """A colour picker with a sample and its legibility advice; the colour picked."""
    left, right = st.columns([1, 3], vertical_alignment="center")
    picked = left.color_picker("Colour", value=colour if _HEX.match(colour) else "#4e79a7",
                               key=editor.k(*where, "colour"))
    check = legibility(picked)
    tint = blend(picked, PAPER, TINT)
    # The sample is fixed text on validated #rrggbb colours: no user text goes into this HTML.
    right.markdown(f'<span style="background:{tint};border-bottom:3px solid {picked};padding:2px 4px">'
                   "Sample text as the highlighter draws it</span>", unsafe_allow_html=True)
    if check.text_ok and check.band_ok:
        right.caption(check.advice())
    else:
        right.warning(check.advice())
    return picked


def _attributes(editor: Editor, label: LabelDraft | RelationDraft, *where: object) -> None:
    """The attributes of a label or a relation type (`where` names it in widget keys)."""
    st.markdown("**Attributes**")
    for n, attribute in enumerate(label.attributes):
        with st.container(border=True):
            cols = st.columns([2, 2, 2, 1], vertical_alignment="bottom")
            attribute.name = cols[0].text_input("Attribute name", value=attribute.name,
                                                key=editor.k(*where, "attribute", n, "name"))
            attribute.key = cols[1].text_input("Attribute key", value=attribute.key,
                                               key=editor.k(*where, "attribute", n, "key"))
            types: list[TypeName] = [kind.name for kind in TYPES.values()]
            attribute.type = cols[2].selectbox(
                "Type", types, index=types.index(attribute.type), format_func=lambda t: TYPE_NAMES.get(t, t),
                key=editor.k(*where, "attribute", n, "type"))
            attribute.required = cols[3].checkbox("Required", value=attribute.required,
                                                  key=editor.k(*where, "attribute", n, "required"),
                                                  help="A document is done only once every span of this label has it.")
            if TYPES[attribute.type].takes_choices:
                typed = st.text_area("Choices, one per line", value="\n".join(attribute.choices),
                                     key=editor.k(*where, "attribute", n, "choices"))
                attribute.choices = [line.strip() for line in typed.splitlines() if line.strip()]
            attribute.description = st.text_input("What to fill in", value=attribute.description,
                                                  key=editor.k(*where, "attribute", n, "description"))
            if st.button("Remove attribute", key=editor.k(*where, "attribute", n, "remove")):
                label.attributes.pop(n)
                editor.redraw()
    name = _new_item(editor, "attribute", "e.g. Verdict", *where)
    if name:
        key = unique_key(key_from(name), {a.key for a in label.attributes})
        label.attributes.append(AttributeDraft(key=key, name=name))
        editor.redraw()


# --- categories and the codebook itself ---------------------------------------------------------

def _categories(editor: Editor) -> None:
    draft = editor.draft
    st.caption("Span categories group labels drawn on text; document categories hold labels for a whole "
               "document (genre, frames).")
    for n, category in enumerate(draft.categories):
        with st.container(border=True):
            cols = st.columns([2, 2, 2, 1], vertical_alignment="bottom")
            category.name = cols[0].text_input("Category name", value=category.name, key=editor.k("category", n, "name"))
            category.key = cols[1].text_input("Category key", value=category.key, key=editor.k("category", n, "key"))
            layers: list[Literal["span", "document"]] = ["span", "document"]
            category.layer = cols[2].selectbox(
                "Layer", layers, index=layers.index(category.layer), key=editor.k("category", n, "layer"))
            category.multiple = cols[3].checkbox("Several", value=category.multiple, key=editor.k("category", n, "multiple"),
                                                 help="Document layers: may a document carry several of its labels?")
            members = draft.labels_in(category.key)
            if st.button("Remove category", key=editor.k("category", n, "remove"), disabled=bool(members),
                         help=f"{len(members)} label(s) are in it" if members else None):
                draft.categories.pop(n)
                editor.redraw()
    name = _new_item(editor, "category", "e.g. Rhetoric")
    if name:
        key = unique_key(key_from(name), {c.key for c in draft.categories})
        draft.categories.append(CategoryDraft(key=key, name=name))
        editor.redraw()


def _codebook(editor: Editor) -> None:
    draft = editor.draft
    left, right = st.columns(2)
    draft.name = left.text_input("Codebook name", value=draft.name, key=editor.k("codebook", "name"))
    draft.key = right.text_input(
        "Codebook key", value=draft.key, key=editor.k("codebook", "key"), disabled=not editor.key_editable,
        help="Lower-case letters, digits, . _ -. A project's codebook keeps its key: its versions share it."
        if not editor.key_editable else "Lower-case letters, digits, . _ -.")
    draft.description = st.text_area("Description", value=draft.description, key=editor.k("codebook", "description"))


# --- relation types -----------------------------------------------------------------------------

def _relations(editor: Editor) -> None:
    draft = editor.draft
    st.caption("Relation types tie two spans of one annotator: a claim to its source, a phrase to what it frames. "
               "Annotators draw them in the workspace; the ends list which span labels each end may have.")
    index = _picked(editor, "relation type", "e.g. Attributed to", draft.relations, draft.add_relation,
                    "No relation type yet: a codebook needs none, but annotators can draw relations only of the "
                    "types named here.", "relation", "relation-pick")
    if index is not None:
        _relation(editor, index)


def _relation(editor: Editor, index: int) -> None:
    draft = editor.draft
    relation = draft.relations[index]
    with st.container(border=True):
        left, right = st.columns(2)
        relation.name = left.text_input("Name", value=relation.name, key=editor.k("relation", index, "name"))
        relation.key = right.text_input("Key (as exports write it)", value=relation.key,
                                        key=editor.k("relation", index, "key"))
        typed = left.text_input("Hotkey", value=relation.hotkey or "", max_chars=1,
                                key=editor.k("relation", index, "hotkey"),
                                help="One letter or digit that picks this type while a relation is drawn.").strip()
        if typed and not typed.isalnum():
            left.error("A hotkey is one letter or digit.")
        else:
            relation.hotkey = typed.lower() or None
        relation.directed = right.checkbox(
            "Directed", value=relation.directed, key=editor.k("relation", index, "directed"),
            help="Off: the relation reads the same either way round (e.g. Repeats).")
        relation.description = st.text_area("Guideline", value=relation.description,
                                            key=editor.k("relation", index, "description"))
        # A key no label has any more stays listed, so that the problem shows where it is.
        labels = {label.key: label.name or label.key for label in draft.labels}
        options = list(dict.fromkeys([*draft.span_label_keys(), *relation.from_, *relation.to]))
        ends = st.columns(2)
        relation.from_ = ends[0].multiselect(
            "From (span labels)", options, default=relation.from_, key=editor.k("relation", index, "from"),
            format_func=lambda key: visible(labels.get(key, f"{key} (no such label)")), placeholder="any span")
        relation.to = ends[1].multiselect(
            "To (span labels)", options, default=relation.to, key=editor.k("relation", index, "to"),
            format_func=lambda key: visible(labels.get(key, f"{key} (no such label)")), placeholder="any span")
        relation.colour = _colour(editor, relation.colour, "relation", index)
        _attributes(editor, relation, "relation", index)
        if st.button("Remove this relation type", key=editor.k("relation", index, "remove")):
            draft.relations.pop(index)
            st.session_state[f"{editor.key}:relation"] = max(0, index - 1)
            editor.redraw()


#: The editor's tabs, in order.
SECTIONS: list[Section] = [Section("Labels", _labels), Section("Categories", _categories),
                           Section("Relations", _relations), Section("Codebook", _codebook)]
