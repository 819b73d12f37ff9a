"""The course in Brazilian Portuguese: every lesson translated, cell by cell, and current."""

import json

import nbformat
import pytest

from kamkit import course
from kamkit.outputs.reports import translations_path

LESSONS = course.lessons()


def test_the_course_has_its_lessons():
    # lesson 9 is the account plan, lesson 10 whitespace and early warning (issue 14)
    assert [p.name[:2] for p in LESSONS] == [f"{i:02d}" for i in range(1, 11)]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_cell_of_the_lesson_has_a_current_translation(lesson):
    assert course.translation_problems(lesson) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_portuguese_notebook_is_what_the_translation_gives(lesson):
    """notebooks/pt-BR/ is generated: `python -m kamkit.course build` after any change."""
    target = course.translated_path(lesson)
    assert target.is_file(), f"run python -m kamkit.course build ({target.name} is missing)"
    expected = nbformat.writes(course.translated(lesson)) + "\n"
    assert target.read_text(encoding="utf-8") == expected, (
        f"{target} is out of date: run python -m kamkit.course build"
    )
    nb = nbformat.read(str(target), as_version=4)
    english = nbformat.read(str(lesson), as_version=4)
    assert [c.id for c in nb.cells] == [c.id for c in english.cells]
    prose = [c for c, e in zip(nb.cells, english.cells) if c.cell_type == "markdown"]
    assert all(
        c.source != e.source for c, e in zip(nb.cells, english.cells) if c.cell_type == "markdown"
    )
    assert prose and not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_the_check_fails_when_the_english_changes_or_a_cell_is_new(tmp_path):
    lesson = LESSONS[0]
    copy = tmp_path / lesson.name
    copy.write_text(lesson.read_text(encoding="utf-8"), encoding="utf-8")
    translations_path(copy, "pt-BR").write_text(
        translations_path(lesson, "pt-BR").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert course.translation_problems(copy) == course.translation_problems(lesson)
    nb = nbformat.read(str(copy), as_version=4)
    nb.cells[0].source += "\n\nA new sentence."
    nb.cells.append(nbformat.v4.new_markdown_cell("A new cell.", id="brand-new"))
    nbformat.write(nb, str(copy))
    problems = course.translation_problems(copy)
    assert any("changed" in p and nb.cells[0].id in p for p in problems)
    assert any("brand-new has no translation" in p for p in problems)
    # the stale cell stays in English in the built notebook, never half-translated
    built = course.translated(copy)
    assert built.cells[0].source == nb.cells[0].source
    assert course.update(copy) == 1
    entries = json.loads(translations_path(copy, "pt-BR").read_text(encoding="utf-8"))["cells"]
    assert entries[-1] == {"id": "brand-new", "en": "A new cell.", "text": ""}
