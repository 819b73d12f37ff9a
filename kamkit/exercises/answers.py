"""The answer key for facilitators, rendered from the questions themselves.

Nothing here is a hand-kept copy: each question's prompt, reference code, plausible wrong
answers with their feedback, and discussion answer come from its class, and the values are
computed by the same ``_expected`` the checks use, on the market given (the sample by
default). ``python -m kamkit.exercises answers --out exercises/answer_key.md`` writes it.
"""

from __future__ import annotations

import numbers

import pandas as pd

from .compare import fmt
from .core import ExerciseSet, Question

__all__ = ["answer_key", "summarize"]

_SHOWN = 10  # entries of a Series or list, rows of a table, shown in the key


def summarize(value) -> str:
    """A short Markdown description of an expected answer."""
    if isinstance(value, pd.DataFrame):
        key = "account_id" if "account_id" in value.columns else value.columns[0]
        keys = ", ".join(str(k) for k in value[key].head(_SHOWN))
        more = ", ..." if len(value) > _SHOWN else ""
        return f"a table of {len(value):,} rows ({key}: {keys}{more})" if len(value) else \
            "an empty table"
    if isinstance(value, pd.Series):
        items = [f"{k}: {fmt(v)}" for k, v in value.head(_SHOWN).items()]
        return "; ".join(items) + ("; ..." if len(value) > _SHOWN else "")
    if isinstance(value, (list, tuple)):
        items = ", ".join(fmt(v) for v in value[:_SHOWN])
        return f"[{items}{', ...' if len(value) > _SHOWN else ''}]"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        x = float(value)
        if 0 < abs(x) < 1:
            return f"{x:.4f}"
        return fmt(value)
    return fmt(value)


def _code(text: str) -> str:
    return f"```python\n{text.rstrip()}\n```"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())


def _question(q: Question, values: bool) -> list[str]:
    kind = " *(to discuss)*" if q.kind == "thinking" else ""
    out = [f"### {q.name} · {q.title}{kind}", "", _quote(q._prompt), ""]
    if q._solution:
        out += ["**Solution**", "", _code(q._solution), ""]
    opens_files = q._writes_files and type(q)._check is not Question._check
    if opens_files:
        out += ["**Checked** by opening the file(s) the code writes.", ""]
    elif values and q.variables:
        out += [f"**On this market:** {summarize(q.expected())}", ""]
    if q._explanation:
        out += [f"**Why it matters:** {q._explanation}", ""]
    if q.hints:
        out += ["**Hints**", ""] + [f"{i}. {h}" for i, h in enumerate(q.hints, 1)] + [""]
    if q._mistakes:
        out += ["**Plausible wrong answers** (each gets this feedback)", ""]
        for m in q._mistakes:
            out += [_code(m.code), "", f"*{m.says}*", ""]
    if q._discussion:
        out += ["**Discussion answer**", "", q._discussion.strip(), ""]
    return out


def answer_key(market=None, *, territory: str | None = None, values: bool = True,
               sets: list[ExerciseSet] | None = None) -> str:
    """The answer key of every exercise set, as Markdown.

    Parameters
    ----------
    market : Market or path, optional
        The market whose values are shown (default: the sample market).
    territory : str, optional
        Default: the notebooks' territory when the market has it, else its first territory.
    values : bool
        Show each code question's expected answer on ``market`` (computing them takes a few
        seconds).
    sets : list of ExerciseSet, optional
        Default: every set (:func:`kamkit.exercises.exercise_sets`).

    Returns
    -------
    str
        Markdown: per set, per question, the prompt, the solution code, the value on this
        market, hints, plausible wrong answers with their feedback, and discussion answers.
    """
    from . import exercise_sets
    from .notebook import DEFAULT_TERRITORY, notebook_name

    if sets is None:
        sets = exercise_sets()
    if market is None or isinstance(market, str) or hasattr(market, "__fspath__"):
        from ..loading import load
        from ..sample import load_sample

        market = load(market) if market else load_sample()
    if territory is None and DEFAULT_TERRITORY in market.territories:
        territory = DEFAULT_TERRITORY
    lines = [
        "# Answer key: kamkit exercises",
        "",
        "For facilitators. Generated from the questions in `kamkit/exercises/` by "
        "`python -m kamkit.exercises answers --out exercises/answer_key.md`: do not edit it by "
        "hand, change the questions and run that command again.",
        "",
    ]
    total = sum(len(s.questions) for s in sets)
    summary_done = False
    for exercises in sets:
        with exercises.using(market, territory=territory) as where:
            if not summary_done:
                place = f"territory {where}" if where else "the whole market"
                lines += [
                    f"{total} questions in {len(sets)} sets. Values are those of "
                    f"{market.source or 'the market'}, {place}, as of {market.as_of:%Y-%m-%d}; "
                    "on a participant's own data the code is the same and the values follow "
                    "the data.", ""]
                summary_done = True
            lines += [f"## Lesson {exercises.number} · {exercises.title}", "",
                      f"Notebook `exercises/{notebook_name(exercises)}`, module "
                      f"`{exercises.module}`.", ""]
            for q in exercises.questions:
                lines += _question(q, values)
    return "\n".join(lines).rstrip() + "\n"
