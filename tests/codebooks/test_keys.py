"""Label and attribute keys follow one documented rule, checked wherever a codebook is loaded:
a key with a tab (which broke SemEval's tab-separated lines) is refused with its file, field
and key; every built-in key and every PTC technique string fits."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import given
from hypothesis import strategies as st

from annotator.codebooks import builtin_keys, load_builtin, load_codebook_file, resolve_codebook
from annotator.codebooks.keys import MAX_LENGTH, PATTERN, PUNCTUATION, key_problem
from annotator.errors import ImportRefused, InvalidInput
from annotator.ingest.readers import Loaded
from annotator.services.exchange.project_import import project_choices
from tests.formats.samples import sample_manifest

ROOT = Path(__file__).resolve().parents[2]

#: Characters a key may hold anywhere but at its start.
inner = st.characters(categories=("L", "M", "N")) | st.sampled_from([*PUNCTUATION, " "])
#: Keys that follow the rule, from the whole legal alphabet.
keys = st.builds(lambda first, rest: unicodedata.normalize("NFC", first + rest).rstrip(" "),
                 st.characters(categories=("L", "N")), st.text(inner, max_size=MAX_LENGTH - 1)
                 ).filter(lambda k: key_problem(k) is None)


def _codebook_yaml(label_key: str, attribute_key: str = "claimant") -> str:
    return ("key: custom\nname: Custom\ncategories:\n  - {key: c, name: C}\nlabels:\n"
            f"  - key: {json.dumps(label_key)}\n    name: Label\n    category: c\n    colour: '#aa0000'\n"
            f"    description: d\n    attributes:\n      - {{key: {json.dumps(attribute_key)}, name: A, type: text}}\n")


@given(keys)
def test_generated_keys_fit(key: str) -> None:
    assert regex.fullmatch(PATTERN, key)


def test_the_pattern_allows_the_listed_punctuation_only() -> None:
    ascii_allowed = {chr(c) for c in range(32, 127) if regex.fullmatch(PATTERN, "a" + chr(c) + "b")}
    assert ascii_allowed == {*PUNCTUATION, " "} | {chr(c) for c in range(32, 127) if chr(c).isalnum()}


@given(st.text(max_size=MAX_LENGTH + 2) | keys.map(lambda k: k + "\t") | keys.map(lambda k: unicodedata.normalize("NFD", k)))
def test_the_checker_is_the_documented_pattern_in_nfc(text: str) -> None:
    fits = regex.fullmatch(PATTERN, text) is not None and unicodedata.is_normalized("NFC", text)
    assert (key_problem(text) is None) == fits


@pytest.mark.parametrize(("key", "problem"), [
    ("Loaded\tLanguage", "has U+0009 TAB at character 7"),
    ("Loaded\nLanguage", "has U+000A LINE FEED at character 7"),
    ("exe\u202egnp", "has U+202E RIGHT-TO-LEFT OVERRIDE at character 4"),
    ("a\u200bb", "has U+200B ZERO WIDTH SPACE at character 2"),
    ("=SUM(A1)", "has U+003D EQUALS SIGN at character 1"),
    ("-minus", "must start with a letter or digit"),
    ("_under", "must start with a letter or digit"),
    ("trailing ", "must not end with a space"),
    ("", "is empty"),
    ("x" * (MAX_LENGTH + 1), f"is {MAX_LENGTH + 1} characters long (at most {MAX_LENGTH})"),
    ("Cafe\u0301", "is not in Unicode NFC form"),
])
def test_unfit_keys_are_explained(key: str, problem: str) -> None:
    found = key_problem(key)
    assert found is not None and found.startswith(problem)


@pytest.mark.parametrize("key", [
    "Bandwagon,Reductio_ad_hitlerum", "Exaggeration,Minimisation", "Whataboutism,Straw_Men,Red_Herring",
    "Appeal_to_Fear-Prejudice", "doc_Legality_Constitutionality_and_jurisprudence", "Café label",
    "Загрузка", "العربية", "मराठी", "q\u0307", "٣", "A_.,:+-/&'()", "x" * MAX_LENGTH,
])
def test_fit_keys(key: str) -> None:
    assert key_problem(key) is None


def test_every_built_in_key_fits() -> None:
    for name in builtin_keys():
        for label in load_builtin(name).labels:
            assert key_problem(label.key) is None, (name, label.key)
            for attribute in label.attributes:
                assert key_problem(attribute.key) is None, (name, attribute.key)


def test_every_ptc_technique_fits(corpus: Path) -> None:
    techniques = {line.split("\t")[1] for path in (corpus / "ptc-sample").rglob("*.labels")
                  for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert len(techniques) == 14
    assert [t for t in techniques if key_problem(t) is not None] == []


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_label_key_with_a_tab_is_refused_on_load(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"custom{suffix}"
    text = _codebook_yaml("Loaded\tLanguage")
    path.write_text(text if suffix == ".yaml" else json.dumps(yaml.safe_load(text)), encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        resolve_codebook(str(path))
    assert refused.value.file == str(path) and refused.value.field == "labels.0.key"
    assert "label key 'Loaded\\tLanguage' has U+0009 TAB at character 7" in refused.value.located()


def test_an_attribute_key_is_checked_too(tmp_path: Path) -> None:
    path = tmp_path / "custom.yaml"
    path.write_text(_codebook_yaml("Loaded_Language", "who said\nit"), encoding="utf-8")
    with pytest.raises(InvalidInput, match=re.escape("attribute key 'who said\\nit' has U+000A LINE FEED")) as refused:
        load_codebook_file(path)
    assert refused.value.field == "labels.0.attributes.0.key"


def test_a_native_manifest_codebook_is_checked() -> None:
    manifest = sample_manifest()
    manifest.codebook["definition"]["labels"][1]["key"] = "claim\tcheck"
    with pytest.raises(ImportRefused, match="label key 'claim\\\\tcheck' has U\\+0009 TAB") as refused:
        project_choices(Loaded(manifest=manifest))
    assert refused.value.issues[0].field == "codebook.definition.labels.1.key"


def test_the_readme_states_the_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    codebooks = " ".join(readme.split("## Codebooks", 1)[1].split("\n## ", 1)[0].split())
    assert f"`{PATTERN}`" in codebooks and " ".join(f"`{c}`" for c in PUNCTUATION) in codebooks
