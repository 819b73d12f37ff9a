"""The catalogue of words (kamkit/presentation/words/*.toml): one key, one entry, two languages."""

from __future__ import annotations

import shutil

import pytest

from kamkit.core.errors import KamkitError, Text
from kamkit.presentation import catalogue


def test_every_entry_has_both_languages():
    entries = catalogue.catalogue()
    assert len(entries) > 100
    for key, (en, pt) in entries.items():
        assert en.strip() and pt.strip(), key


def test_a_word_in_each_language():
    assert catalogue.word("conquer", "pt-BR") == "conquistar"
    assert catalogue.word("heading.scorecard") == "Territory scorecard"
    assert catalogue.text("report.window").format(months=12, start="x") == Text(
        "window: 12 months, since x", "janela: 12 meses, desde x"
    )
    with pytest.raises(KamkitError, match="no entry 'nope'"):
        catalogue.word("nope")
    with pytest.raises(KamkitError, match="not supported"):
        catalogue.word("conquer", "fr")


def test_placeholders_are_the_same_in_both_languages():
    import string

    def fields(s):
        return sorted(f for _, f, _, _ in string.Formatter().parse(s) if f is not None)

    for key, (en, pt) in catalogue.catalogue().items():
        assert fields(en) == fields(pt), key


def _load_from(folder, monkeypatch):
    monkeypatch.setattr(catalogue, "FOLDER", folder)
    catalogue._load.cache_clear()
    try:
        return catalogue.catalogue()
    finally:
        monkeypatch.undo()
        catalogue._load.cache_clear()


def test_a_key_defined_twice_is_a_sentence_naming_both_files(tmp_path, monkeypatch):
    folder = tmp_path / "words"
    shutil.copytree(catalogue.FOLDER, folder)
    (folder / "zz.toml").write_text('[conquer]\nen = "x"\npt-BR = "y"\n', encoding="utf-8")
    with pytest.raises(KamkitError, match=r"zz.toml, \[conquer\].*already defined in labels"):
        _load_from(folder, monkeypatch)


def test_an_entry_without_portuguese_is_a_sentence(tmp_path, monkeypatch):
    folder = tmp_path / "words"
    folder.mkdir()
    (folder / "a.toml").write_text('[thing]\nen = "x"\n', encoding="utf-8")
    with pytest.raises(KamkitError, match="a.toml, thing"):
        _load_from(folder, monkeypatch)
