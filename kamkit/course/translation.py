"""The course in Brazilian Portuguese: ``notebooks/pt-BR/`` made from the English lessons.

Each lesson ``notebooks/NN_name.ipynb`` has its translation beside it,
``notebooks/NN_name.pt-BR.json``: one entry per cell, markdown and code alike, with the cell's
``id``, the English ``en`` it translates (the cell's source as it was when translated) and the
``text`` (the Portuguese cell: prose, comments, printed sentences, paths as seen from
``notebooks/pt-BR/``). :func:`build` writes ``notebooks/pt-BR/NN_name.ipynb`` from the two, and
:func:`translation_problems` says what is missing or stale, so a test fails when an English cell
changes and its translation does not, and when a cell has none.

The Portuguese notebooks are files in the repository: a participant opens them directly in
JupyterLab (``make lab`` does). Regenerate them after changing a lesson or its translation::

    python -m kamkit.course update         # adds an entry for each new cell (to translate)
    python -m kamkit.course build          # writes notebooks/pt-BR/
    python -m kamkit.course check          # lists what is missing or stale (exit 1 if any)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kamkit.core.errors import KamkitError, Text

__all__ = [
    "LANGUAGE",
    "lessons",
    "translated_path",
    "translation_problems",
    "translated",
    "update",
    "build",
]

#: The language of the translated course.
LANGUAGE = "pt-BR"
#: The English lessons: ``NN_name.ipynb`` in ``notebooks/``.
_LESSON = re.compile(r"\d\d_\w+\.ipynb$")


def _notebooks() -> Path:
    return Path(__file__).resolve().parents[2] / "notebooks"


def lessons(folder: Path | None = None) -> list[Path]:
    """The English lessons of the course, in order."""
    folder = Path(folder) if folder is not None else _notebooks()
    return sorted(p for p in folder.glob("*.ipynb") if _LESSON.match(p.name))


def translated_path(lesson: Path, language: str = LANGUAGE) -> Path:
    """Where the translated lesson lives: ``notebooks/pt-BR/NN_name.ipynb``."""
    lesson = Path(lesson)
    return lesson.parent / language / lesson.name


def _entries(lesson: Path, language: str) -> dict[str, dict]:
    from kamkit.outputs.reports import translations_path

    path = translations_path(lesson, language)
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return {c["id"]: c for c in cells}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KamkitError(
            Text(
                "{path} is not a translation kamkit can read ({exc}).",
                "{path} não é uma tradução que o kamkit consiga ler ({exc}).",
            ).format(path=path, exc=exc)
        ) from None


def translation_problems(lesson: Path, language: str = LANGUAGE) -> list[str]:
    """What keeps ``lesson`` from a complete, current translation (empty when there is none):
    a cell without an entry, an entry whose English is not the cell's source any more, a
    markdown cell left in English, an entry for a cell that is gone."""
    import nbformat

    nb = nbformat.read(str(lesson), as_version=4)
    entries = _entries(lesson, language)
    problems = []
    for cell in nb.cells:
        entry = entries.get(cell.get("id"))
        if entry is None:
            problems.append(f"{lesson.name}: cell {cell.get('id')} has no translation")
        elif entry["en"] != cell.source:
            problems.append(
                f"{lesson.name}: the English of cell {cell.get('id')} changed; "
                "update its translation"
            )
        elif cell.cell_type == "markdown" and (
            not entry["text"].strip() or entry["text"] == entry["en"]
        ):
            problems.append(f"{lesson.name}: cell {cell.get('id')} is not translated")
    ids = {c.get("id") for c in nb.cells}
    problems += [
        f"{lesson.name}: the translation has cell {i}, which the lesson no longer has"
        for i in entries
        if i not in ids
    ]
    return problems


def translated(lesson: Path, language: str = LANGUAGE):
    """The lesson as a notebook in ``language`` (no outputs); cells without a current
    translation stay in English."""
    import nbformat

    nb = nbformat.read(str(lesson), as_version=4)
    entries = _entries(lesson, language)
    for cell in nb.cells:
        entry = entries.get(cell.get("id"))
        if entry is not None and entry["en"] == cell.source:
            cell.source = entry["text"]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata["language"] = language
    return nb


def update(lesson: Path, language: str = LANGUAGE) -> int:
    """Bring the translation file of ``lesson`` in line with its cells, for a translator: an
    entry for each cell that has none (markdown: ``text`` blank, to write; code: the English
    code, to translate its comments and sentences), entries in the lesson's order, entries of
    removed cells dropped. Existing translations are kept as they are (a stale one still
    shows in :func:`translation_problems`). Returns the number of entries added."""
    import nbformat

    from kamkit.core.atomic import atomic_path
    from kamkit.outputs.reports import translations_path

    nb = nbformat.read(str(lesson), as_version=4)
    entries = _entries(lesson, language)
    cells, added = [], 0
    for cell in nb.cells:
        entry = entries.get(cell.get("id"))
        if entry is None:
            entry = {
                "id": cell.get("id"),
                "en": cell.source,
                "text": "" if cell.cell_type == "markdown" else cell.source,
            }
            added += 1
        cells.append(entry)
    path = translations_path(lesson, language)
    about = (
        f"Brazilian Portuguese for {lesson.name} (markdown and code cells). Each entry: "
        "the cell id, its English as translated (a cell whose English has changed keeps "
        "its English until the translation is updated), and the translation. `python -m "
        "kamkit.course build` writes notebooks/pt-BR/ from it."
    )
    with atomic_path(path) as tmp:
        tmp.write_text(
            json.dumps(
                {"about": about, "language": language, "cells": cells}, ensure_ascii=False, indent=1
            )
            + "\n",
            encoding="utf-8",
        )
    return added


def build(language: str = LANGUAGE, folder: Path | None = None) -> list[Path]:
    """Write every translated lesson (``notebooks/pt-BR/``); returns the paths written.

    Files are written only when their content changes, atomically.
    """
    import nbformat

    from kamkit.core.atomic import atomic_path

    written = []
    for lesson in lessons(folder):
        target = translated_path(lesson, language)
        target.parent.mkdir(exist_ok=True)
        text = nbformat.writes(translated(lesson, language)) + "\n"
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        with atomic_path(target) as tmp:
            tmp.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["update"]:
        for lesson in lessons():
            print(f"{lesson.name}: {update(lesson)} new cell(s) to translate")
        return 0
    if args[:1] == ["build"]:
        for path in build():
            print(f"Wrote {path}")
        return 0
    if args[:1] == ["check"]:
        problems = [p for lesson in lessons() for p in translation_problems(lesson)]
        print("\n".join(problems) or "Every lesson has a current translation.")
        return 1 if problems else 0
    print("usage: python -m kamkit.course update | build | check")
    return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
