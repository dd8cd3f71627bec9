"""The workspace's key map (annotator/ui/workspace/keys.py): every row is a valid binding,
no key is bound twice, none takes a label key, and every server command has its function."""

from __future__ import annotations

import re

import pytest

from annotator.codebooks.loader import builtin_keys, load_builtin
from annotator.ui.highlighter.payload import BROWSER_ACTIONS, KeyBinding
from annotator.ui.workspace import keys


def test_every_row_is_a_binding_the_highlighter_takes() -> None:
    bindings = keys.bindings()
    assert len(bindings) == len(keys.KEYS)
    for key, binding in zip(keys.KEYS, bindings, strict=True):
        assert binding.command == (key.run is not None)
        assert binding.command or binding.action in BROWSER_ACTIONS
        assert keys.command(key.action) is key.run


def test_no_key_is_bound_twice_and_none_is_a_label_key() -> None:
    seen = [k for key in keys.KEYS for k in key.keys]
    assert len(seen) == len(set(seen))
    # Label keys are one letter or digit without a modifier (the codebook validator).
    assert not [k for k in seen if re.fullmatch(r"[A-Z0-9]", k)]
    for name in builtin_keys():
        hotkeys = {label.hotkey.upper() for label in load_builtin(name).labels if label.hotkey}
        assert not hotkeys & set(seen), name


def test_help_text_and_unknown_commands() -> None:
    assert keys.hint("next-document") == "]"
    assert keys.hint("remove") == "Delete or Backspace"
    assert keys.hint("no-such-action") == ""
    assert keys.command("no-such-action") is None and keys.command(None) is None
    assert keys.command("clear") is None  # done in the browser, not a command


@pytest.mark.parametrize("bad", [("ctrl+z",), ("Shift+?",), ("",), ()])
def test_a_binding_with_a_key_the_browser_never_names_is_refused(bad: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="not a key name"):
        KeyBinding(bad, "help", "the list")


def test_a_binding_names_a_known_action() -> None:
    with pytest.raises(ValueError, match="not one of the component's actions"):
        KeyBinding(("Shift+X",), "explode", "nothing")
    with pytest.raises(ValueError, match="lower case"):
        KeyBinding(("Shift+X",), "Bad Name", "nothing", command=True)
