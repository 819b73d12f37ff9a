"""Exercises that check themselves: one set per lesson of the course, with hints and solutions.

In an exercise notebook (``exercises/NN_<lesson>.ipynb``)::

    import kamkit as kk
    from kamkit.exercises.ex03 import *      # setup, progress, ____, q1, q2, ...

    market = kk.load_sample()                # or kk.load("my_market.xlsx")
    territory = setup(market, territory="Sul")

    stage_counts = ____                      # the learner writes the answer here
    q1.check()                               # Correct / Incorrect (what is wrong) / Not attempted
    q1.hint(), q1.solution()

Every set speaks English and Brazilian Portuguese (``exercises/pt-BR/``: ``setup(market,
language="pt-BR")``, or a market with ``language="pt-BR"``), and each question is on a track:
``salesperson`` (no code: choose, read a number, classify, order) or ``analyst`` (code).

For authors: ``exercises/README.md`` (add a question in five minutes). For facilitators:
``python -m kamkit.exercises answers`` prints the answer key, generated from the questions
themselves; ``python -m kamkit.exercises fill NOTEBOOK`` writes a copy with every answer filled
in. Set ``KAMKIT_EXERCISES_STRICT=1`` to make a check that is not correct raise (CI).
"""

from __future__ import annotations

from kamkit.exercises.compare import Wrong, compare
from kamkit.exercises.core import (
    LANGUAGES,
    STRICT_ENV,
    TRACKS,
    ChoiceQuestion,
    ClassifyQuestion,
    ExerciseFailure,
    ExerciseSet,
    Feedback,
    Mistake,
    NoCodeQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    ThinkingQuestion,
    ____,
    exercise_sets,
)

__all__ = [
    "____",
    "STRICT_ENV",
    "ExerciseFailure",
    "ExerciseSet",
    "Feedback",
    "Mistake",
    "Question",
    "ThinkingQuestion",
    "NoCodeQuestion",
    "ChoiceQuestion",
    "NumberQuestion",
    "ClassifyQuestion",
    "OrderQuestion",
    "LANGUAGES",
    "TRACKS",
    "Wrong",
    "compare",
    "exercise_sets",
    "answer_key",
    "build_notebook",
    "write_notebooks",
    "fill_solutions",
]


def __getattr__(name: str):
    # the answer key and notebook tools import nbformat only when used
    if name == "answer_key":
        from kamkit.exercises.answers import answer_key

        return answer_key
    if name in ("build_notebook", "write_notebooks", "fill_solutions"):
        from kamkit.exercises import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
