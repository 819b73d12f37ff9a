"""The answer key for facilitators, rendered from the questions themselves.

Nothing here is a hand-kept copy: each question's prompt, reference code, plausible wrong
answers with their feedback, and discussion answer come from its class, and the values are
computed by the same ``_expected`` the checks use, on the market given (the sample by
default). ``python -m kamkit.exercises answers --out exercises/answer_key.md`` writes it;
``--lang pt-BR --out exercises/pt-BR/gabarito.md`` writes the Brazilian Portuguese one.
"""

from __future__ import annotations

import numbers

import pandas as pd

from kamkit.core.errors import Text
from kamkit.exercises.compare import fmt
from kamkit.exercises.core import ExerciseSet, Question

__all__ = ["answer_key", "summarize"]

_SHOWN = 10  # entries of a Series or list, rows of a table, shown in the key


def _word(key: str) -> Text:
    """A word of the answer key, from the catalogue (words/exercises.toml)."""
    from kamkit.presentation.catalogue import text

    return text(f"exercises.answers.{key}")


_WORDS_KEYS = (
    "rows",
    "empty",
    "discuss",
    "solution",
    "files",
    "value",
    "why",
    "hints",
    "mistakes",
    "discussion",
    "track",
)


def summarize(value, language: str | None = "en") -> str:
    """A short Markdown description of an expected answer."""
    if isinstance(value, pd.DataFrame):
        key = "account_id" if "account_id" in value.columns else value.columns[0]
        keys = ", ".join(str(k) for k in value[key].head(_SHOWN))
        more = ", ..." if len(value) > _SHOWN else ""
        if not len(value):
            return _word("empty")(language)
        return _word("rows").format(n=fmt(len(value), language), k=key, keys=keys, more=more)(
            language
        )
    if isinstance(value, pd.Series):
        items = [f"{k}: {fmt(v, language)}" for k, v in value.head(_SHOWN).items()]
        return "; ".join(items) + ("; ..." if len(value) > _SHOWN else "")
    if isinstance(value, (list, tuple)):
        items = ", ".join(fmt(v, language) for v in value[:_SHOWN])
        return f"[{items}{', ...' if len(value) > _SHOWN else ''}]"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        x = float(value)
        if 0 < abs(x) < 1:
            text = f"{x:.4f}"
            return text.replace(".", ",") if language == "pt-BR" else text
        return fmt(value, language)
    return fmt(value, language)


def _code(text: str) -> str:
    return f"```python\n{text.rstrip()}\n```"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())


def _question(q: Question, values: bool, language: str = "en") -> list[str]:
    from kamkit.exercises.core import TRACK_NAMES, NoCodeQuestion

    w = {k: _word(k)(language) for k in _WORDS_KEYS}
    kind = f" *({w['discuss']})*" if q.kind == "thinking" and not q.variables else ""
    out = [
        f"### {q.name} · {q.title_in(language)}{kind}",
        "",
        f"*{w['track']}: {TRACK_NAMES[q.track](language)}*",
        "",
        _quote(q.prompt_in(language)),
        "",
    ]
    solution = q.solution_in(language)
    if solution:
        out += [f"**{w['solution']}**", "", _code(solution), ""]
    opens_files = q._writes_files and type(q)._check is not Question._check
    if opens_files:
        out += [w["files"], ""]
    elif values and q.variables:
        shown = (
            q._answer_text(q.expected())
            if isinstance(q, NoCodeQuestion)
            else summarize(q.expected(), language)
        )
        out += [f"{w['value']} {shown}", ""]
    explanation = q.tr("_explanation", language)
    if explanation:
        out += [f"{w['why']} {explanation}", ""]
    hints = q.hints_in(language)
    if hints:
        out += [f"**{w['hints']}**", ""] + [f"{i}. {h}" for i, h in enumerate(hints, 1)] + [""]
    if q._mistakes:
        out += [w["mistakes"], ""]
        for m in q._mistakes:
            out += [_code(m.code), "", f"*{m.text(language)}*", ""]
    discussion = q.tr("_discussion", language)
    if discussion:
        out += [f"**{w['discussion']}**", "", discussion.strip(), ""]
    return out


def answer_key(
    market=None,
    *,
    territory: str | None = None,
    values: bool = True,
    sets: list[ExerciseSet] | None = None,
    language: str = "en",
) -> str:
    """The answer key of every exercise set, as Markdown.

    Parameters
    ----------
    market : Market or path, optional
        The market whose values are shown (default: the sample market).
    territory : str, optional
        Default: the notebooks' territory when the market has it, else its first territory.
    values : bool
        Show each question's expected answer on ``market`` (computing them takes a few
        seconds).
    sets : list of ExerciseSet, optional
        Default: every set (:func:`kamkit.exercises.exercise_sets`).
    language : {"en", "pt-BR"}
        The language of the key (``exercises/answer_key.md``, ``exercises/pt-BR/gabarito.md``).

    Returns
    -------
    str
        Markdown: per set, per question, its track, the prompt, the solution code, the value on
        this market, hints, plausible wrong answers with their feedback, and discussion answers.
    """
    from kamkit.exercises.core import exercise_sets
    from kamkit.exercises.notebook import DEFAULT_TERRITORY, PT_FOLDER, notebook_name
    from kamkit.presentation.i18n import check_language, format_date

    language = check_language(language)
    pt = language == "pt-BR"
    if sets is None:
        sets = exercise_sets()
    if market is None or isinstance(market, str) or hasattr(market, "__fspath__"):
        from kamkit.files.loading import load
        from kamkit.files.sample import load_sample

        market = load(market) if market else load_sample()
    if territory is None and DEFAULT_TERRITORY in market.territories:
        territory = DEFAULT_TERRITORY
    if pt:
        lines = [
            "# Gabarito: exercícios do kamkit",
            "",
            "Para facilitadores. Gerado a partir das questões em `kamkit/exercises/` por "
            "`python -m kamkit.exercises answers --lang pt-BR --out exercises/pt-BR/gabarito.md`"
            ": não edite à mão; mude as questões e rode esse comando de novo.",
            "",
        ]
    else:
        lines = [
            "# Answer key: kamkit exercises",
            "",
            "For facilitators. Generated from the questions in `kamkit/exercises/` by "
            "`python -m kamkit.exercises answers --out exercises/answer_key.md`: do not edit it "
            "by hand, change the questions and run that command again.",
            "",
        ]
    total = sum(len(s.questions) for s in sets)
    sales = sum(q.track == "salesperson" for s in sets for q in s.questions)
    summary_done = False
    for exercises in sets:
        with exercises.using(market, territory=territory, language=language) as where:
            if not summary_done:
                source = market.source or ("o mercado" if pt else "the market")
                if pt and source.startswith("kamkit sample market"):
                    source = "o mercado de exemplo do kamkit (fictício)"
                date = format_date(market.as_of, language)
                if pt:
                    place = f"território {where}" if where else "o mercado inteiro"
                    lines += [
                        f"{total} questões em {len(sets)} listas, {sales} delas na trilha do "
                        f"vendedor (sem código). Os valores foram calculados sobre {source}, "
                        f"{place}, "
                        f"posição de {date}; com os dados de um participante o código é o "
                        "mesmo e os valores acompanham os dados.",
                        "",
                    ]
                else:
                    place = f"territory {where}" if where else "the whole market"
                    lines += [
                        f"{total} questions in {len(sets)} sets, {sales} of them on the "
                        f"salesperson's track (no code). Values are those of {source}, {place}, "
                        f"as of {date}; on a participant's own data the code is the same and the "
                        "values follow the data.",
                        "",
                    ]
                summary_done = True
            folder = f"exercises/{PT_FOLDER}" if pt else "exercises"
            head = "Lição" if pt else "Lesson"
            nb = "Caderno" if pt else "Notebook"
            mod = "módulo" if pt else "module"
            lines += [
                f"## {head} {exercises.number} · {exercises.title_in(language)}",
                "",
                f"{nb} `{folder}/{notebook_name(exercises)}`, {mod} `{exercises.module}`.",
                "",
            ]
            for q in exercises.questions:
                lines += _question(q, values, language)
    return "\n".join(lines).rstrip() + "\n"
