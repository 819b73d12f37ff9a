"""The catalogue: every word kamkit shows to people, in English and Brazilian Portuguese.

The words live in TOML files beside this module, ``words/<area>.toml``, one per area of the
package (labels of codes, the command line, the reports, the workbook, the cards, ...). They make
one catalogue: a key names one entry whatever its file, and two files cannot define the same key.
Each entry holds the English and the Portuguese::

    [heading.scorecard]
    en = "Territory scorecard"
    pt-BR = "Placar dos territórios"

A key is the dotted path of its table (``heading.scorecard``); quote a key with spaces or dots
(``["every 2 weeks"]``). Placeholders in braces are filled with ``str.format``. To add a word,
add an entry to the area's file; :func:`word` and :func:`text` find it. The files are read
once, on first use.

>>> word("conquer", "pt-BR")
'conquistar'
>>> text("heading.scorecard").pt
'Placar dos territórios'
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from kamkit.core.errors import KamkitError, Text
from kamkit.core.schema import LANGUAGES

__all__ = ["FOLDER", "catalogue", "word", "text", "area", "Words"]

#: The folder of the catalogue's files.
FOLDER = Path(__file__).resolve().parent / "words"


def _entries(table: dict, prefix: str, file: str, out: dict) -> None:
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and set(value) >= set(LANGUAGES):
            extra = set(value) - set(LANGUAGES)
            if extra or not all(isinstance(value[lang], str) for lang in LANGUAGES):
                raise KamkitError(
                    f"{file}, [{path}]: an entry holds exactly the strings "
                    f"{' and '.join(LANGUAGES)}."
                )
            if path in out:
                raise KamkitError(
                    f"{file}, [{path}]: the key is already defined in "
                    f"{out[path][0]}; one key names one entry."
                )
            out[path] = (file, tuple(value[lang] for lang in LANGUAGES))
        elif isinstance(value, dict):
            _entries(value, path, file, out)
        else:
            raise KamkitError(
                f"{file}, {path}: give the entry's {' and '.join(LANGUAGES)} strings in a table."
            )


@functools.cache
def _load() -> tuple[MappingProxyType, MappingProxyType]:
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for path in sorted(FOLDER.glob("*.toml")):
        with path.open("rb") as handle:
            _entries(tomllib.load(handle), "", path.name, found)
    words = MappingProxyType({key: value for key, (_, value) in found.items()})
    files = MappingProxyType({key: file for key, (file, _) in found.items()})
    return words, files


def catalogue() -> MappingProxyType:
    """Every entry: key -> (English, Portuguese)."""
    return _load()[0]


def area(name: str) -> dict[str, Text]:
    """The entries of ``words/<name>.toml``, as :class:`~kamkit.core.errors.Text`."""
    words, files = _load()
    return {key: Text(*words[key]) for key, file in files.items() if file == f"{name}.toml"}


def text(key: str) -> Text:
    """The entry ``key`` in both languages."""
    try:
        return Text(*catalogue()[key])
    except KeyError:
        raise KamkitError(f"kamkit's catalogue has no entry {key!r}.") from None


def word(key: str, language: str | None = "en") -> str:
    """The entry ``key`` in ``language`` (``None`` means English)."""
    language = language or "en"
    if language not in LANGUAGES:
        raise KamkitError(
            f"Language {language!r} is not supported; use one of {', '.join(LANGUAGES)}."
        )
    return text(key)(language)


class Words(Mapping):
    """A constant that maps a language to several words of the catalogue, read on first use:
    ``Words("workbook.sheet.accounts", "workbook.sheet.sales")["pt-BR"]`` is
    ``("Contas", "Vendas")``. For module constants such as sheet names, which must not read
    the catalogue when their module is imported."""

    def __init__(self, *keys: str):
        self.keys_ = keys

    def __getitem__(self, language: str) -> tuple[str, ...]:
        if language not in LANGUAGES:
            raise KeyError(language)
        return tuple(word(k, language) for k in self.keys_)

    def __iter__(self):
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __repr__(self) -> str:
        return f"Words{self.keys_!r}"
