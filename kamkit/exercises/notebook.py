"""Exercise notebooks, generated from the exercise sets; and copies with the answers filled in.

``exercises/NN_<lesson>.ipynb`` is written by :func:`write_notebooks` from the questions (their
titles, prompts and starter code), so a notebook can never disagree with its checks; a test
keeps the committed notebooks equal to the generated ones. Every notebook has:

- a first code cell tagged ``parameters`` (papermill), as in the lessons: ``DATA`` (None for
  the sample market) and ``TERRITORY``;
- a setup cell: ``from kamkit.exercises.exNN import *``, load the market, ``setup(...)``;
- per question: a Markdown cell with the question, the answer cell with ``____`` left in, a
  ``qN.check()`` cell and a cell with ``# qN.hint()`` and ``# qN.solution()`` commented out
  (a thinking question without an answer to check has only the last one);
- a ``progress()`` cell.

Cells carry ``metadata.kamkit_exercises = {"question": "q1", "role": "answer"}`` (roles
``answer``, ``check``, ``help``), which is how :func:`fill_solutions` finds them.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from kamkit.exercises.core import ExerciseSet

__all__ = [
    "DEFAULT_TERRITORY",
    "notebook_name",
    "build_notebook",
    "write_notebooks",
    "fill_solutions",
]

#: The territory the notebooks start with (one of the sample market's).
DEFAULT_TERRITORY = "Sul"

_KEY = "kamkit_exercises"


def _how(language: str) -> str:
    """The notebook's "how it works", from the catalogue (words/exercises.toml)."""
    from kamkit.presentation.catalogue import word

    return word("exercises.how", language)


#: The folder of the Brazilian Portuguese notebooks, inside ``exercises/``.
PT_FOLDER = "pt-BR"


# The first three cells of a notebook, per language: its title, the parameters cell (papermill
# fills it), the setup cell.
_OPENING = {
    "en": (
        "# Exercises · Lesson {number} · {title}\n\n{intro}\n\n"
        "The lesson: [{lesson}]({link}).\n\n{how}",
        "DATA = None  # None = the sample market; or the path of your workbook, e.g. "
        '"../my_market.xlsx"\n'
        'TERRITORY = "{territory}"  # your territory (market.territories lists them); None for '
        "the first one",
        "import kamkit as kk\nimport pandas as pd\nfrom {module} import *\n\n"
        "market = kk.load_sample() if DATA is None else kk.load(DATA)\n"
        "territory = setup(market, territory=TERRITORY)",
    ),
    "pt-BR": (
        "# Exercícios · Lição {number} · {title}\n\n{intro}\n\n"
        "A lição: [{lesson}]({link}).\n\n{how}",
        "DATA = None  # None = o mercado de exemplo; ou o caminho da sua planilha, ex. "
        '"../../meu_mercado.xlsx"\n'
        'TERRITORY = "{territory}"  # seu território (market.territories lista todos); None para '
        "o primeiro",
        "import kamkit as kk\nimport pandas as pd\nfrom {module} import *\n\n"
        "market = (kk.load_sample() if DATA is None else kk.load(DATA)).with_parameters("
        'language="pt-BR")\n'
        'territory = setup(market, territory=TERRITORY, language="pt-BR")',
    ),
}


def notebook_name(exercises: ExerciseSet) -> str:
    """The file name of a set's notebook: the lesson's stem, ``03_whole_market.ipynb`` (the
    same in ``exercises/`` and ``exercises/pt-BR/``)."""
    return f"{exercises.lesson}.ipynb"


def _cell(nbf, kind: str, source: str, n: int, **meta):
    make = nbf.v4.new_markdown_cell if kind == "markdown" else nbf.v4.new_code_cell
    cell = make(source.rstrip("\n"))
    cell["id"] = f"cell-{n:02d}"
    if meta:
        cell["metadata"].update(meta)
    return cell


def _heading(q, i: int, language: str) -> str:
    from kamkit.exercises.core import TRACK_NAMES

    marks = [TRACK_NAMES[q.track](language)]
    if q.kind == "thinking" and not q.variables:
        marks.append("para discutir" if language == "pt-BR" else "to discuss")
    return f"## {i}. {q.title_in(language)} *({'; '.join(marks)})*"


def build_notebook(exercises: ExerciseSet, language: str = "en"):
    """The exercise notebook of a set (an ``nbformat`` notebook, outputs empty), in
    ``language`` (``"en"`` or ``"pt-BR"``; texts not yet written in Portuguese stay English)."""
    import nbformat as nbf

    pt = language == "pt-BR"
    module = exercises.module
    cells = []

    def add(kind, source, **meta):
        cells.append(_cell(nbf, kind, source, len(cells) + 1, **meta))

    lesson = (
        f"../../notebooks/pt-BR/{exercises.lesson}.ipynb"
        if pt
        else f"../notebooks/{exercises.lesson}.ipynb"
    )
    title, parameters, setup = _OPENING["pt-BR" if pt else "en"]
    add(
        "markdown",
        title.format(
            number=exercises.number,
            title=exercises.title_in(language),
            intro=exercises.intro_in(language),
            lesson=exercises.lesson,
            link=lesson,
            how=_how(language),
        ),
    )
    add("code", parameters.format(territory=DEFAULT_TERRITORY), tags=["parameters"])
    add("code", setup.format(module=module))
    for i, q in enumerate(exercises.questions, 1):
        add("markdown", f"{_heading(q, i, language)}\n\n{q.prompt_in(language)}")
        if getattr(q, "_show", False):
            add("code", f"{q.name}.show()", **{_KEY: {"question": q.name, "role": "show"}})
        if q.variables:
            add("code", q.starter_in(language), **{_KEY: {"question": q.name, "role": "answer"}})
            add("code", f"{q.name}.check()", **{_KEY: {"question": q.name, "role": "check"}})
        lines = [f"# {q.name}.hint()", f"# {q.name}.solution()"]
        add("code", "\n".join(lines), **{_KEY: {"question": q.name, "role": "help"}})
    if pt:
        add("markdown", "## Onde você está")
        add("code", "progress()", **{_KEY: {"role": "progress"}})
        add(
            "markdown",
            f"De volta à lição: [{exercises.lesson}]({lesson}). Facilitadores: o gabarito de "
            "todos os exercícios está em [gabarito.md](gabarito.md); `python -m kamkit.exercises "
            "answers --lang pt-BR` o mostra na tela e, com `--out`, grava o arquivo.",
        )
    else:
        add("markdown", "## Where you stand")
        add("code", "progress()", **{_KEY: {"role": "progress"}})
        add(
            "markdown",
            f"Back to the lesson: [{exercises.lesson}]({lesson}). Facilitators: the answer key "
            "of every exercise is [answer_key.md](answer_key.md); `python -m kamkit.exercises "
            "answers` prints it, and writes the file with `--out`.",
        )
    nb = nbf.v4.new_notebook(cells=cells)
    meta = {"module": module}
    if pt:
        meta["language"] = language
    nb["metadata"] = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
        _KEY: meta,
    }
    return nb


def write_notebooks(
    directory: str | os.PathLike = "exercises", sets=None, language: str = "en"
) -> list[Path]:
    """Write the notebook of every exercise set (or of ``sets``) into ``directory`` (the
    Portuguese ones, ``language="pt-BR"``, into its ``pt-BR/`` folder)."""
    import nbformat as nbf

    from kamkit.core.atomic import atomic_path
    from kamkit.exercises.core import exercise_sets

    directory = Path(directory)
    if language == "pt-BR":
        directory = directory / PT_FOLDER
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for exercises in sets if sets is not None else exercise_sets():
        path = directory / notebook_name(exercises)
        with atomic_path(path) as tmp:
            nbf.write(build_notebook(exercises, language), str(tmp))
        written.append(path)
    return written


def _uncomment(source: str) -> str:
    return "\n".join(line[2:] if line.startswith("# q") else line for line in source.splitlines())


def fill_solutions(notebook, out: str | os.PathLike | None = None):
    """A copy of an exercise notebook with every answer cell replaced by its solution.

    The hint and solution calls are uncommented too, so running the copy shows every check
    *Correct* and exercises every hint and solution. This is how CI proves the notebooks and
    the answer key agree, and how a facilitator gets a solved notebook.

    Parameters
    ----------
    notebook : str, path or notebook
        An exercise notebook (file or ``nbformat`` node); it is not modified.
    out : str or path, optional
        Write the copy there.

    Returns
    -------
    nbformat.NotebookNode
    """
    import copy

    import nbformat as nbf

    if isinstance(notebook, (str, os.PathLike)):
        nb = nbf.read(str(notebook), as_version=4)
    else:
        nb = copy.deepcopy(notebook)
    meta = nb.get("metadata", {}).get(_KEY)
    if not meta:
        from kamkit.core.errors import KamkitError

        raise KamkitError(
            "This is not a kamkit exercise notebook (its metadata has no "
            f"{_KEY!r} entry); write them with `python -m kamkit.exercises "
            "notebooks`."
        )
    exercises = importlib.import_module(meta["module"]).EXERCISES
    language = meta.get("language", "en")
    questions = {q.name: q for q in exercises.questions}
    for cell in nb.cells:
        info = cell.get("metadata", {}).get(_KEY, {})
        if info.get("role") == "answer":
            cell["source"] = questions[info["question"]].solution_in(language)
        elif info.get("role") == "help":
            cell["source"] = _uncomment(cell["source"])
    if out is not None:
        nbf.write(nb, str(out))
    return nb
