"""Which codebook and settings a project created by an import gets: the user's codebook wins,
then the manifest's definition, then the format's own (SemEval's); settings from the manifest."""

from __future__ import annotations

import pytest

from annotator.codebooks import CodebookDef
from annotator.errors import ImportRefused
from annotator.ingest.readers import Loaded
from annotator.services.exchange.project_import import project_choices
from tests.formats.samples import sample_manifest


def test_the_codebook_named_by_the_user_wins() -> None:
    manifest = sample_manifest()
    codebook, settings = project_choices(Loaded(manifest=manifest, codebook="semeval2020-ptc"), codebook="custom")
    assert codebook == "custom" and settings == manifest.project


def test_then_the_manifest_definition_then_the_format() -> None:
    codebook, settings = project_choices(Loaded(manifest=sample_manifest(), codebook="semeval2020-ptc"))
    assert isinstance(codebook, CodebookDef) and codebook.key == "framing"
    assert settings is not None and settings["name"] == "Sample"
    assert project_choices(Loaded(codebook="semeval2020-ptc")) == ("semeval2020-ptc", None)
    assert project_choices(Loaded()) == (None, None)


def test_a_broken_manifest_definition_is_refused_unless_the_user_names_a_codebook() -> None:
    manifest = sample_manifest()
    manifest.codebook = {"definition": {"key": "k"}}
    with pytest.raises(ImportRefused, match="the file's manifest, field 'codebook.definition.name'"):
        project_choices(Loaded(manifest=manifest))
    assert project_choices(Loaded(manifest=manifest), codebook="framing")[0] == "framing"
