"""The checking machinery: questions, feedback and exercise sets (after Kaggle's learntools).

The learner's side
------------------
An exercise notebook runs ``from kamkit.exercises.ex03 import *``, which binds ``setup``,
``progress``, the placeholder ``____`` and one object per question (``q1``, ``q2``, ...). It
calls ``setup(market, territory=...)`` once, writes each answer in place of ``____`` and runs

- ``q1.check()``: *Correct*, *Incorrect* (with a sentence that names the variable and says
  what is wrong, without giving the answer away) or *Not attempted* (the variable still holds
  ``____`` or was never set);
- ``q1.hint()``: a hint (``q1.hint(2)`` the second one, when there are several);
- ``q1.solution()``: the reference code (and, for thinking questions, a discussion answer);
- ``progress()``: where every question of the set stands.

Every word is English or Brazilian Portuguese: ``setup(market, language="pt-BR")`` (or a market
with ``language="pt-BR"``) makes the questions, feedback, hints, solutions and ``progress()``
speak Portuguese (the notebooks in ``exercises/pt-BR/``). Each question is on a ``track``:
``analyst`` (code) or ``salesperson`` (no code: a choice, a number read from a table that
``qN.show()`` displays, accounts classified, or a list put in order).

In Jupyter the feedback is coloured HTML; elsewhere it is plain text. With the environment
variable ``KAMKIT_EXERCISES_STRICT=1`` a check that is not correct raises
:class:`ExerciseFailure` (for CI).

The author's side
-----------------
A question is a small class of settings (see :class:`Question`); an exercise set is the list
of those classes (``QUESTIONS``) wrapped in an :class:`ExerciseSet`. Each text is written in
English and, beside it, in Brazilian Portuguese (``_prompt`` and ``_prompt_pt``, ...);
:meth:`Question.missing_portuguese` lists what is not written yet. Expected answers are
computed when first checked, from the market given to ``setup`` (the sample market
otherwise), never when a module is imported. The authoring guide is ``exercises/README.md``.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass

from kamkit.core.errors import Text, render
from kamkit.exercises.compare import ATOL, RTOL, T, Wrong, ____, compare
from kamkit.presentation import palette

__all__ = [
    "____",
    "STRICT_ENV",
    "Feedback",
    "ExerciseFailure",
    "Mistake",
    "Question",
    "ThinkingQuestion",
    "NoCodeQuestion",
    "ChoiceQuestion",
    "NumberQuestion",
    "ClassifyQuestion",
    "OrderQuestion",
    "ExerciseSet",
    "exercise_sets",
    "LANGUAGES",
    "TRACKS",
    "Wrong",
    "strict",
    "show",
    "written_file",
]

#: Environment variable: set to 1 and a check that is not correct raises ExerciseFailure.
STRICT_ENV = "KAMKIT_EXERCISES_STRICT"


def exercise_sets() -> list[ExerciseSet]:
    """Every exercise set of the package (the modules ``ex01``, ``ex02``, ...), in order."""
    import importlib
    import pkgutil
    from pathlib import Path

    package = __name__.rpartition(".")[0]
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if re.fullmatch(r"ex\d\d", m.name)
    )
    return [importlib.import_module(f"{package}.{name}").EXERCISES for name in names]


def strict() -> bool:
    """True when ``KAMKIT_EXERCISES_STRICT`` is set (to anything but 0, false, no or off)."""
    return os.environ.get(STRICT_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


class ExerciseFailure(AssertionError):
    """Raised by a check that is not correct in strict mode."""


# --------------------------------------------------------------------------------------------
# feedback

#: The languages a set speaks: English and Brazilian Portuguese.
LANGUAGES = ("en", "pt-BR")

#: The two tracks: no code (choose, read a number, classify, order) and pandas/kamkit code.
TRACKS = ("salesperson", "analyst")

# The words are in the catalogue, kamkit/presentation/words/exercises.toml (keys exercises.*);
# the feedback's HTML is the template kamkit/presentation/templates/exercise_feedback.html.j2.

#: TRACK_NAMES: how a track is named in each language ({track: Text}), read from the catalogue
#: on first use (the module's ``__getattr__``).
TRACK_NAMES: dict[str, Text]


def _track_names() -> dict[str, Text]:
    from kamkit.presentation.catalogue import text

    return {track: text(f"exercises.track.{track}") for track in TRACKS}


def __getattr__(name: str):
    if name == "TRACK_NAMES":
        return _track_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_COLOURS = palette.FEEDBACK  # kind of feedback: the colour of its bar and heading


def _title(kind: str) -> Text:
    """The heading of a kind of feedback ("Correct", "Hint", ...) in both languages."""
    from kamkit.presentation.catalogue import text

    return text(f"exercises.kind.{kind}")


# Marks of the inline markup while it is parsed (private-use characters, never in a text).
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKS = {"\ue002": "strong", "\ue004": "em"}
_ENDS = {"\ue003", "\ue005"}


def _inline(text: str) -> list[tuple[str, object]]:
    """`code`, **bold** and *italics* of ``text`` as a tree of (kind, value) nodes for the
    template: ("text", str), ("code", str), ("strong", nodes), ("em", nodes)."""
    codes: list[str] = []
    text = re.sub("[\ue000-\ue005]", "", text)  # the marks themselves never come from a text

    def code(m):
        codes.append(m.group(1))
        return f"{_OPEN}{len(codes) - 1}{_CLOSE}"

    out = re.sub(r"`([^`]+)`", code, text)
    out = re.sub(r"\*\*([^*]+)\*\*", "\ue002\\1\ue003", out)
    out = re.sub(r"(?<![*\w])\*([^*\s][^*]*?)\*(?![*\w])", "\ue004\\1\ue005", out)
    stack: list[list] = [[]]
    for piece in re.split(f"({_OPEN}\\d+{_CLOSE}|[\ue002-\ue005])", out):
        if not piece:
            continue
        if piece.startswith(_OPEN):
            stack[-1].append(("code", codes[int(piece[1:-1])]))
        elif piece in _MARKS:
            node: list = []
            stack[-1].append((_MARKS[piece], node))
            stack.append(node)
        elif piece in _ENDS:
            stack.pop()
        else:
            stack[-1].append(("text", piece))
    return stack[0]


def _blocks(text: str) -> list[dict]:
    """Paragraphs and ``- `` lists of a little Markdown, their text as :func:`_inline` trees."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lead, items = [], []
        for line in block.splitlines():
            if line.lstrip().startswith("- "):
                items.append([line.strip()[2:]])
            elif items:
                items[-1].append(line.strip())
            else:
                lead.append(line.strip())
        blocks.append(
            {
                "lead": _inline(" ".join(lead)) if lead else None,
                "items": [_inline(" ".join(item)) for item in items],
            }
        )
    return blocks


def markdown_html(text: str) -> str:
    """A little Markdown as HTML: paragraphs, ``- `` lists, `code`, **bold** and *italics*
    (every text escaped: the template ``exercise_markdown.html.j2``)."""
    from kamkit.presentation.html import render

    return render("exercise_markdown.html.j2", blocks=_blocks(text))


@dataclass(frozen=True)
class Feedback:
    """What a check, hint or solution shows.

    ``kind`` is one of ``correct``, ``incorrect``, ``not_attempted`` (the three outcomes of a
    check), ``discussion`` (a thinking question has nothing to check), ``hint``, ``solution``
    or ``info``. ``text`` is a sentence (a little Markdown: `code`, **bold**); ``code`` is
    shown as a code block.
    """

    kind: str
    text: str
    question: str = ""
    code: str = ""
    title: str = ""
    language: str = "en"

    @property
    def heading(self) -> str:
        head = self.title or _title(self.kind)(self.language)
        return f"{self.question} · {head}" if self.question else head

    def __str__(self) -> str:
        out = f"{self.heading}: {self.text}" if self.text else self.heading
        if self.code:
            out += "\n\n" + "\n".join("    " + line for line in self.code.splitlines())
        return out

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from kamkit.presentation.html import render

        return render(
            "exercise_feedback.html.j2",
            colour=_COLOURS[self.kind],
            heading=self.heading,
            blocks=_blocks(self.text) if self.text else [],
            code=self.code,
        )


def show(obj) -> None:
    """Display ``obj``: rich output under IPython/Jupyter, ``print`` elsewhere."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        from IPython.display import display

        display(obj)
    else:
        print(obj)


# --------------------------------------------------------------------------------------------
# questions


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong answer and what to tell a learner who gave it.

    ``code`` is what such a learner writes (it must set the question's variables); ``says``
    explains the mistake and is added to the *Incorrect* message when the learner's answer
    equals the value ``code`` gives; ``says_pt`` is the same in Brazilian Portuguese. Tests run
    every mistake to prove it is caught.
    """

    code: str
    says: str
    says_pt: str = ""

    def text(self, language: str | None = "en") -> str:
        return self.says_pt if language == "pt-BR" and self.says_pt else self.says


def written_file(value, name: str, suffix: str):
    """The existing file ``value`` names (a path or text), else :class:`Wrong` saying what is
    off -- for questions whose answer is a file written by kamkit."""
    from pathlib import Path

    from kamkit.exercises.compare import D

    if not isinstance(value, (str, os.PathLike)):
        raise Wrong(
            T(
                "`{n}` should be the path of the file written (what the function "
                "returns), but it is {d}.",
                "`{n}` deveria ser o caminho do arquivo "
                "gravado (o que a função devolve), mas é {d}.",
                n=name,
                d=D(value),
            )
        )
    path = Path(value)
    if path.suffix.lower() != suffix:
        raise Wrong(
            T(
                "`{n}` should be a {s} file, but it is {p!r}.",
                "`{n}` deveria ser um arquivo {s}, mas é {p!r}.",
                n=name,
                s=suffix,
                p=str(path),
            )
        )
    if not path.is_file():
        raise Wrong(
            T(
                "`{n}` is {p!r}, but there is no such file: did the cell that writes it run?",
                "`{n}` é {p!r}, mas esse arquivo não existe: a célula que o grava rodou?",
                n=name,
                p=str(path),
            )
        )
    return path


def _names() -> dict:
    """The names every solution, starter and mistake may use (the notebook's setup cell)."""
    import numpy as np
    import pandas as pd

    import kamkit

    return {"kk": kamkit, "pd": pd, "np": np, "____": ____}


class Question:
    """One exercise question; subclass it and fill in the settings.

    Settings (class attributes)
    ---------------------------
    _var : str or tuple of str
        The learner's variable(s) the check reads.
    track : str
        ``"analyst"`` (the learner writes pandas/kamkit code; the default) or
        ``"salesperson"`` (no code: the no-code kinds below set it).
    _title : str
        Short title (notebook heading, answer key).
    _prompt : str
        The question, in Markdown, as the notebook shows it.
    _starter : str, optional
        The code cell the learner completes; default ``<var> = ____`` per variable.
    _hint : str, or _hints : sequence of str
        One hint, or several shown one at a time.
    _solution : str
        Reference code: run in a namespace with ``kk``, ``pd``, ``np``, ``market`` and
        ``territory``, it sets the variable(s). The answer key prints it and fills notebooks
        with it.
    _explanation : str, optional
        Shown with *Correct*: what the answer means.
    _discussion : str, optional
        A discussion answer shown by ``solution()``.
    _mistakes : sequence of Mistake
        Plausible wrong answers with a targeted explanation (tests prove each is caught).
    _key, _columns, _ordered, _rtol, _atol, _fill_value, _noun
        How answers are compared, see :func:`kamkit.exercises.compare.compare`.
    _title_pt, _prompt_pt, _hint_pt / _hints_pt, _solution_pt, _starter_pt, _explanation_pt,
    _discussion_pt : str
        The same texts in Brazilian Portuguese, written right beside the English ones (the
        solution and starter only when they carry comments or sentences). A test lists every
        text a question lacks in Portuguese (:meth:`missing_portuguese`); until it is written,
        a Portuguese notebook shows the English.
    _writes_files : bool
        The solution writes files and ``_check`` looks at them: mistakes are then not run
        while checking (they would write files too) and the answer key shows no value.

    Methods an author may override
    ------------------------------
    _expected(self)
        The right answer (a tuple for several variables), computed from ``self.market`` and
        ``self.territory`` with kamkit. Called lazily, at the first check after ``setup``.
        By default it runs ``_solution``; write it out when the check should not depend on the
        reference code.
    _check(self, *values)
        Raise ``Wrong("`var` ... sentence")`` when the values are wrong. By default each value
        is compared with ``_expected()``; override it for checks a value cannot express (a
        file written, a property of a table).
    """

    _var: str | tuple[str, ...] | None = None
    _title = ""
    _prompt = ""
    _starter: str | None = None
    _hint = ""
    _hints: tuple[str, ...] = ()
    _solution = ""
    _explanation = ""
    _discussion = ""
    _title_pt = ""
    _prompt_pt = ""
    _starter_pt: str | None = None
    _hint_pt = ""
    _hints_pt: tuple[str, ...] = ()
    _solution_pt = ""
    _explanation_pt = ""
    _discussion_pt = ""
    _mistakes: tuple[Mistake, ...] = ()
    _key: str | None = None
    _columns: tuple[str, ...] = ()
    _ordered = False
    _rtol = RTOL
    _atol = ATOL
    _fill_value = None
    _noun: str | None = None
    _writes_files = False

    kind = "code"
    track = "analyst"

    def __init__(self, exercises: ExerciseSet | None = None, name: str = "q"):
        self.exercises = exercises if exercises is not None else ExerciseSet(())
        self.name = name
        self._cache: dict = {}

    def __repr__(self) -> str:
        return f"<{self.name}: {self.title}>"

    # ---- context

    @property
    def market(self):
        """The market the answers are computed on (``setup``'s, else the sample market)."""
        return self.exercises.market

    @property
    def territory(self):
        """The learner's territory (``setup``'s), or None for the whole market."""
        return self.exercises.territory

    @property
    def language(self) -> str:
        """The language the question speaks (``setup``'s: ``"en"`` or ``"pt-BR"``)."""
        return self.exercises.language

    @property
    def variables(self) -> tuple[str, ...]:
        if self._var is None:
            return ()
        return (self._var,) if isinstance(self._var, str) else tuple(self._var)

    # ---- texts, in the set's language

    def tr(self, setting: str, language: str | None = None):
        """The text of ``setting`` (``"_prompt"``) in ``language`` (default: the set's): its
        ``_pt`` twin in Brazilian Portuguese when written, else the English."""
        language = language or self.language
        english = getattr(self, setting)
        if language == "pt-BR":
            pt = getattr(self, f"{setting}_pt", None)
            if pt:
                return pt
        return english

    def _tr_text(self, en: str, pt: str, language: str | None = None) -> str:
        return pt if (language or self.language) == "pt-BR" else en

    def title_in(self, language: str | None = None) -> str:
        return self.tr("_title", language) or type(self).__name__

    @property
    def title(self) -> str:
        return self.title_in()

    def prompt_in(self, language: str | None = None) -> str:
        return self.tr("_prompt", language)

    def hints_in(self, language: str | None = None) -> tuple[str, ...]:
        language = language or self.language
        english = tuple(self._hints) or ((self._hint,) if self._hint else ())
        if language == "pt-BR":
            pt = tuple(self._hints_pt) or ((self._hint_pt,) if self._hint_pt else ())
            if len(pt) == len(english):
                return pt
        return english

    @property
    def hints(self) -> tuple[str, ...]:
        return self.hints_in()

    def solution_in(self, language: str | None = None) -> str:
        return self.tr("_solution", language)

    def starter_in(self, language: str | None = None) -> str:
        if self._starter is not None:
            return self.tr("_starter", language)
        return "\n".join(f"{v} = ____" for v in self.variables)

    @property
    def starter(self) -> str:
        return self.starter_in()

    def missing_portuguese(self) -> list[str]:
        """The settings whose Brazilian Portuguese twin is not written yet (empty: complete)."""
        missing = []
        for setting in ("_title", "_prompt", "_explanation", "_discussion"):
            if getattr(self, setting) and not getattr(self, f"{setting}_pt"):
                missing.append(f"{setting}_pt")
        english = tuple(self._hints) or ((self._hint,) if self._hint else ())
        pt = tuple(self._hints_pt) or ((self._hint_pt,) if self._hint_pt else ())
        if len(pt) != len(english):
            missing.append(f"_hints_pt ({len(english)} hints, {len(pt)} in Portuguese)")
        for setting in ("_solution", "_starter"):
            code = getattr(self, setting)
            if code and "#" in code and not getattr(self, f"{setting}_pt"):
                missing.append(f"{setting}_pt (its comments)")
        for i, m in enumerate(self._mistakes, 1):
            if not m.says_pt:
                missing.append(f"_mistakes[{i}].says_pt")
        return missing + self._missing_portuguese_extra()

    def _missing_portuguese_extra(self) -> list[str]:
        return []

    # ---- running code

    def namespace(self) -> dict:
        """A fresh namespace as the notebook has it: kk, pd, np, market, territory, ____ and
        the question itself by its name."""
        return {**_names(), "market": self.market, "territory": self.territory, self.name: self}

    def run(self, code: str) -> tuple:
        """Run ``code`` in a fresh :meth:`namespace`; the values of the question's variables."""
        ns = self.namespace()
        exec(compile(code, f"<{self.name} of {self.exercises.module or 'exercises'}>", "exec"), ns)
        missing = [v for v in self.variables if v not in ns]
        if missing:
            raise RuntimeError(f"The code of {self.name} does not set {', '.join(missing)}.")
        return tuple(ns[v] for v in self.variables)

    def _expected(self):
        values = self.run(self._solution)
        return values[0] if len(values) == 1 else values

    def expected(self):
        """The right answer on the current market (computed once per ``setup``)."""
        if "expected" not in self._cache:
            self._cache["expected"] = self._expected()
        return self._cache["expected"]

    def _check(self, *values) -> None:
        expected = self.expected()
        if len(self.variables) == 1:
            expected = (expected,)
        for var, value, want in zip(self.variables, values, expected):
            compare(
                value,
                want,
                name=var,
                key=self._key,
                columns=self._columns,
                ordered=self._ordered,
                rtol=self._rtol,
                atol=self._atol,
                fill_value=self._fill_value,
                noun=self._noun,
            )

    # ---- outcomes

    def _feedback(self, kind: str, text, **kw) -> Feedback:
        return Feedback(kind, render(text, self.language), self.name, language=self.language, **kw)

    def _not_attempted(self, namespace, values) -> tuple[tuple, Feedback | None]:
        got = []
        for var in self.variables:
            if var in values:
                value = values[var]
            elif namespace is not None and var in namespace:
                value = namespace[var]
            else:
                return (), self._feedback(
                    "not_attempted",
                    T(
                        "`{v}` is not set yet: write your answer in place of ____ in the cell above, "
                        "run that cell, then run `{q}.check()` again.",
                        "`{v}` ainda não foi definida: escreva sua resposta no lugar de ____ na "
                        "célula acima, rode essa célula e depois rode `{q}.check()` de novo.",
                        v=var,
                        q=self.name,
                    ),
                )
            if value is ____ or _holds_placeholder(value):
                return (), self._feedback(
                    "not_attempted",
                    T(
                        "`{v}` still holds the placeholder ____: replace it with your answer, run "
                        "the cell, then run `{q}.check()` again.",
                        "`{v}` ainda tem o marcador ____: troque-o pela sua resposta, rode a célula "
                        "e depois rode `{q}.check()` de novo.",
                        v=var,
                        q=self.name,
                    ),
                )
            got.append(value)
        return tuple(got), None

    def _mistake_note(self, values: tuple) -> str:
        """The ``says`` of the first mistake whose value equals the learner's answer."""
        if self._writes_files:
            return ""
        for i, mistake in enumerate(self._mistakes):
            key = ("mistake", i)
            if key not in self._cache:
                try:
                    self._cache[key] = self.run(mistake.code)
                except Exception:  # a mistake that cannot run on this data explains nothing
                    self._cache[key] = None
            wrong = self._cache[key]
            if wrong is not None and all(
                self._same(value, bad) for value, bad in zip(values, wrong)
            ):
                return mistake.text(self.language)
        return ""

    def _same(self, value, other) -> bool:
        """Whether two answers are the same, as the check sees them (tables with duplicated
        rows: the same rows, as many times each)."""
        try:
            compare(
                value,
                other,
                name="x",
                key=self._key,
                columns=self._columns,
                ordered=self._ordered,
                rtol=self._rtol,
                atol=self._atol,
                fill_value=self._fill_value,
                noun=self._noun,
            )
            return True
        except Wrong:
            pass
        import pandas as pd

        if isinstance(value, pd.DataFrame) and isinstance(other, pd.DataFrame):
            key = self._key or ("account_id" if "account_id" in other.columns else other.columns[0])
            if key in value.columns and key in other.columns:
                return sorted(map(str, value[key])) == sorted(map(str, other[key]))
        return False

    def outcome(self, namespace: dict | None = None, **values) -> Feedback:
        """Check without showing anything: the learner's values come from ``values`` (by
        variable name), then from ``namespace`` (a dict such as a notebook's globals)."""
        got, not_attempted = self._not_attempted(namespace, values)
        if not_attempted is not None:
            return not_attempted
        try:
            self._check(*got)
        except Wrong as wrong:
            note = self._mistake_note(got)
            return self._feedback("incorrect", f"{wrong.text(self.language)} {note}".strip())
        return self._feedback("correct", self.tr("_explanation"))

    # ---- the learner's methods

    def check(self) -> None:
        """Check your answer: the variable(s) are read from where you call this."""
        feedback = self.outcome(sys._getframe(1).f_globals)
        show(feedback)
        if strict() and feedback.kind in ("incorrect", "not_attempted"):
            raise ExerciseFailure(str(feedback))

    def hint(self, n: int | None = None) -> None:
        """Show a hint (``hint(2)``: the second one, when there are several)."""
        hints = self.hints
        if not hints:
            show(
                self._feedback(
                    "hint",
                    Text(
                        "No hint for this one: try `solution()`.",
                        "Esta não tem dica: tente `solution()`.",
                    ),
                )
            )
            return
        i = 1 if n is None else max(1, min(int(n), len(hints)))
        head = _title("hint")(self.language)
        title = f"{head} {i}/{len(hints)}" if len(hints) > 1 else head
        more = (
            T(
                " (`{q}.hint({n})` for the next one)",
                " (`{q}.hint({n})` para a próxima)",
                q=self.name,
                n=i + 1,
            )
            if i < len(hints)
            else ""
        )
        show(self._feedback("hint", hints[i - 1] + render(more, self.language), title=title))

    def solution(self) -> None:
        """Show the reference solution (and the discussion answer, if any)."""
        code = self.solution_in()
        title = (
            ""
            if code
            else render(Text("Discussion answer", "Resposta para discussão"), self.language)
        )
        show(self._feedback("solution", self.tr("_discussion"), code=code, title=title))


def _holds_placeholder(value) -> bool:
    """A list, tuple or dict that still holds ``____`` somewhere (a no-code answer half done)."""
    if isinstance(value, dict):
        value = list(value.values())
    return isinstance(value, (list, tuple)) and any(v is ____ for v in value)


def _key(value) -> str:
    return str(value).strip().casefold()


class ThinkingQuestion(Question):
    """A question to think about and discuss; ``solution()`` reveals a discussion answer.

    Without ``_var`` there is nothing to check: ``check()`` says so. With ``_var`` (and
    ``_choices``, the allowed answers; ``_choices_pt`` their Portuguese words, accepted too) the
    learner first commits to a short answer, which is checked like a code question, before
    reading ``_discussion``. It needs no code: it is on the salesperson's track.
    """

    _choices: tuple[str, ...] = ()
    _choices_pt: tuple[str, ...] = ()
    kind = "thinking"
    track = "salesperson"

    def _check(self, *values) -> None:
        if self._choices:
            for var, value in zip(self.variables, values):
                allowed = [_key(c) for c in (*self._choices, *self._choices_pt)]
                if not isinstance(value, str) or _key(value) not in allowed:
                    shown = (
                        self._choices_pt
                        if self.language == "pt-BR" and len(self._choices_pt) == len(self._choices)
                        else self._choices
                    )
                    raise Wrong(
                        T(
                            "`{v}` should be one of {c}, but it is {x!r}.",
                            "`{v}` deveria ser uma destas: {c}; mas é {x!r}.",
                            v=var,
                            c=", ".join(map(repr, shown)),
                            x=value,
                        )
                    )
            if self._choices_pt:
                to_code = dict(zip(map(_key, self._choices_pt), self._choices))
                values = tuple(to_code.get(_key(v), v) for v in values)
        super()._check(*values)

    def outcome(self, namespace: dict | None = None, **values) -> Feedback:
        if not self.variables:
            return self._feedback(
                "discussion",
                T(
                    "This one has no single right answer and nothing to check: think about it, "
                    "discuss it, then run `{q}.solution()` to compare with a discussion answer.",
                    "Esta não tem uma única resposta certa nem nada para conferir: pense, discuta "
                    "com o grupo e depois rode `{q}.solution()` para comparar com uma resposta "
                    "para discussão.",
                    q=self.name,
                ),
            )
        return super().outcome(namespace, **values)


# --------------------------------------------------------------------------------------------
# the salesperson's track: questions answered without code


class NoCodeQuestion(Question):
    """A question answered without code, on the salesperson's track.

    The learner reads what :meth:`show` displays (a table made by ``_table``, in the set's
    language), then types a short answer in place of ``____``: a choice, a number, a list.
    The right answer is computed from the learner's market by ``_expected``; ``solution()``
    shows it with ``_discussion``, and the reference ``_solution`` (for the answer key and the
    solved notebooks) is ``<var> = qN.answer()`` unless the author writes one.

    Settings, besides those of :class:`Question`: ``_show`` (True: the notebook has a
    ``qN.show()`` cell before the answer; needs ``_table``).
    """

    kind = "no_code"
    track = "salesperson"
    _show = False

    def __init__(self, exercises=None, name: str = "q"):
        super().__init__(exercises, name)
        if not type(self)._solution:
            self._solution = "\n".join(f"{v} = {name}.answer()" for v in self.variables)

    def _table(self):
        """What the learner reads to answer (a DataFrame, in ``self.language``)."""
        return None

    def table(self):
        """The table :meth:`show` displays (computed once per ``setup``)."""
        if "table" not in self._cache:
            self._cache["table"] = self._table()
        return self._cache["table"]

    def show(self) -> None:
        """Show what you need to answer: a table of your market."""
        show(self.table())

    def answer(self):
        """The right answer on your market (what ``solution()`` reveals)."""
        return self.expected()

    def _answer_text(self, value) -> str:
        from kamkit.exercises.compare import fmt

        if isinstance(value, (list, tuple)):
            return "[" + ", ".join(fmt(v, self.language) for v in value) + "]"
        return fmt(value, self.language)

    def solution(self) -> None:
        """Show the right answer on your market (and the discussion, if any)."""
        answer = self._answer_text(self.answer())
        lead = render(
            T("On your market the answer is {a}.", "No seu mercado a resposta é {a}.", a=answer),
            self.language,
        )
        discussion = self.tr("_discussion") or self.tr("_explanation")
        show(self._feedback("solution", f"{lead}\n\n{discussion}".strip()))


class ChoiceQuestion(NoCodeQuestion):
    """Choose one option: ``_choices`` (English) and ``_choices_pt`` (Portuguese), shown as a
    list lettered a, b, c...; the learner writes the letter (the option's text is accepted
    too). ``_expected`` returns the letter of the right option, computed from the market.
    ``_reasons`` (and ``_reasons_pt``), one per option, say what is wrong with each wrong
    choice, without giving the right one."""

    _choices: tuple[str, ...] = ()
    _choices_pt: tuple[str, ...] = ()
    _reasons: tuple[str, ...] = ()
    _reasons_pt: tuple[str, ...] = ()

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple("abcdefgh"[: len(self._choices)])

    def _letter_of_largest(self, values) -> str:
        """The letter of the option with the largest of ``values`` (one per option, in the
        options' order; the first one on a tie)."""
        values = list(values)
        return self.letters[max(range(len(values)), key=values.__getitem__)]

    def choices_in(self, language: str | None = None) -> tuple[str, ...]:
        language = language or self.language
        if language == "pt-BR" and len(self._choices_pt) == len(self._choices):
            return tuple(self._choices_pt)
        return tuple(self._choices)

    def prompt_in(self, language: str | None = None) -> str:
        options = "\n".join(
            f'- `"{letter}"`: {text}'
            for letter, text in zip(self.letters, self.choices_in(language))
        )
        return f"{self.tr('_prompt', language)}\n\n{options}"

    def _missing_portuguese_extra(self) -> list[str]:
        missing = []
        if len(self._choices_pt) != len(self._choices):
            missing.append("_choices_pt")
        if self._reasons and len(self._reasons_pt) != len(self._reasons):
            missing.append("_reasons_pt")
        return missing

    def _letter(self, value):
        """The letter the learner means (a letter, or an option's text in either language)."""
        if not isinstance(value, str):
            return None
        k = _key(value)
        for letter, en, pt in zip(self.letters, self._choices, self._choices_pt or self._choices):
            if k in (letter, _key(en), _key(pt)):
                return letter
        return None

    def _check(self, *values) -> None:
        var, value = self.variables[0], values[0]
        letter = self._letter(value)
        if letter is None:
            from kamkit.exercises.compare import D

            raise Wrong(
                T(
                    "`{v}` should be one of the letters {c}, but it is {d}.",
                    "`{v}` deveria ser uma das letras {c}, mas é {d}.",
                    v=var,
                    c=", ".join(f'"{x}"' for x in self.letters),
                    d=D(value),
                )
            )
        if letter != self.expected():
            raise Wrong(
                T(
                    '`{v}` is "{x}", which is not the best choice.',
                    '`{v}` é "{x}", que não é a melhor opção.',
                    v=var,
                    x=letter,
                )
            )

    def _mistake_note(self, values: tuple) -> str:
        """A plausible mistake's note, else the reason given for the option chosen."""
        note = super()._mistake_note(values)
        letter = self._letter(values[0])
        if note or letter is None:
            return note
        i = self.letters.index(letter)
        reasons = (
            self._reasons_pt if self.language == "pt-BR" and self._reasons_pt else (self._reasons)
        )
        return reasons[i] if i < len(reasons) else ""

    def _same(self, value, other) -> bool:
        return self._letter(value) is not None and self._letter(value) == self._letter(other)

    def _answer_text(self, value) -> str:
        i = self.letters.index(value)
        return f'"{value}" ({self.choices_in()[i]})'


class NumberQuestion(NoCodeQuestion):
    """Type a number read from what :meth:`show` displays. ``_percent``: the answer is a share
    and may be typed as a percentage as shown (``23.5``) or as a fraction (``0.235``).
    ``_atol`` is the tolerance in the unit typed (percentage points for a share): a number read
    from a rounded table is close, not exact."""

    _percent = False
    _show = True
    _rtol = 0.01
    _atol = 0.1

    def _scaled(self, value):
        from kamkit.exercises.compare import _as_number

        number = _as_number(value)
        if number is None or not self._percent:
            return value
        return number if abs(number) > 1 else number * 100

    def _check(self, *values) -> None:
        var, value = self.variables[0], values[0]
        want = self.expected()
        if self._percent:
            want = want * 100
        compare(self._scaled(value), want, name=var, rtol=self._rtol, atol=self._atol)

    def _same(self, value, other) -> bool:
        try:
            compare(
                self._scaled(value), self._scaled(other), name="x", rtol=self._rtol, atol=self._atol
            )
            return True
        except Wrong:
            return False

    def _answer_text(self, value) -> str:
        from kamkit.presentation.i18n import format_number, format_share

        if self._percent:
            return format_share(value, self.language)
        return format_number(value, self.language, decimals=0 if float(value).is_integer() else 2)


class _ListQuestion(NoCodeQuestion):
    """A list answer about the rows :meth:`show` displays, one per account (a ``row`` column
    numbers them, or a ``letter`` column names them)."""

    _show = True
    _noun = "account"

    def _pick(self):
        """The accounts the table shows, one row each (a DataFrame): written by each question."""
        raise NotImplementedError(f"{type(self).__name__} has no _pick")

    def picked(self):
        """The accounts the table shows (picked once per ``setup``)."""
        if "picked" not in self._cache:
            self._cache["picked"] = self._pick()
        return self._cache["picked"]

    @staticmethod
    def _filled(rows: list, candidates, n: int = 5) -> list:
        """``rows``, then the first ``candidates`` not among them, up to ``n`` rows in all (for
        a market that lacks some of the kinds of account the question shows)."""
        return (rows + [i for i in candidates if i not in rows])[:n]

    def _numbered(self, accounts) -> dict[str, list]:
        """The first two columns of the table :meth:`show` displays: the row number the learner
        refers to and the account code, headed in the learner's language."""
        pt = self.language == "pt-BR"
        accounts = list(accounts)
        return {
            "linha" if pt else "row": list(range(1, len(accounts) + 1)),
            "conta" if pt else "account": accounts,
        }

    def _rows(self) -> list[str]:
        """The row names the learner refers to (the table's ``letter`` column, or its index)."""
        table = self.table()
        col = [c for c in table.columns if str(c).lower() in ("letter", "letra", "row", "linha")]
        return list(map(str, table[col[0]] if col else table.index))


class ClassifyQuestion(_ListQuestion):
    """Put each account shown into a class: ``_classes`` are codes with kamkit labels
    (``("key", "conquer", "maintain", "monitor")``); the learner writes a list, in the order
    of the table's rows, of codes or labels in either language. ``_expected`` returns the list
    of codes. The feedback says how many are wrong and names the first one."""

    _classes: tuple[str, ...] = ()
    #: The words a learner may write for each class, English and Portuguese; by default each
    #: class's kamkit label (``"conquer"``: "conquer (high potential, low share)", "conquistar").
    _class_words: dict[str, tuple[str, str]] = {}

    def _words(self, code: str) -> tuple[str, str]:
        from kamkit.presentation.i18n import label

        return self._class_words.get(code) or (label(code, "en"), label(code, "pt-BR"))

    def _code(self, value):
        if not isinstance(value, str):
            return None
        k = _key(value)
        for code in self._classes:
            if k in (_key(code), *map(_key, self._words(code))):
                return code
        return None

    def _check(self, *values) -> None:
        from kamkit.exercises.compare import D, P

        var, value = self.variables[0], values[0]
        want = list(self.expected())
        rows = self._rows()
        if not isinstance(value, (list, tuple)) or len(value) != len(want):
            raise Wrong(
                T(
                    "`{v}` should be a list of {p}, one per row of the table in its order, "
                    "but it is {d}.",
                    "`{v}` deveria ser uma lista de {p}, uma por linha "
                    "da tabela, na ordem dela, mas é {d}.",
                    v=var,
                    p=P(len(want), "class"),
                    d=D(value),
                )
            )
        codes = [self._code(x) for x in value]
        unknown = [x for x, c in zip(value, codes) if c is None]
        if unknown:  # the classes named as the learner's language writes them
            english = ", ".join(repr(c) for c in self._classes)
            portuguese = ", ".join(repr(self._words(c)[1]) for c in self._classes)
            raise Wrong(
                Text(
                    f"`{var}` has {unknown[0]!r}, which is not one of the classes {english}.",
                    f"`{var}` tem {unknown[0]!r}, que não é uma das classes {portuguese}.",
                )
            )
        bad = [i for i, (c, w) in enumerate(zip(codes, want)) if c != w]
        if bad:
            raise Wrong(
                T(
                    "`{v}` puts {p} in the wrong class, e.g. row {r}.",
                    "`{v}` põe {p} na classe errada, por exemplo a linha {r}.",
                    v=var,
                    p=P(len(bad), self._noun or "account"),
                    r=rows[bad[0]],
                )
            )

    def _same(self, value, other) -> bool:
        if not isinstance(value, (list, tuple)) or not isinstance(other, (list, tuple)):
            return False
        return [self._code(x) for x in value] == [self._code(x) for x in other]


class OrderQuestion(_ListQuestion):
    """Order the accounts shown: the learner writes the table's letters in order (``["C",
    "A", ...]``); ``_expected`` returns the letters in the right order. The feedback names the
    first position out of place."""

    _ordered = True

    def _check(self, *values) -> None:
        var, value = self.variables[0], values[0]
        if isinstance(value, (list, tuple)):
            value = [str(v).strip().upper() for v in value]
        compare(
            value,
            [str(v).upper() for v in self.expected()],
            name=var,
            ordered=True,
            noun=self._noun,
        )

    def _same(self, value, other) -> bool:
        try:
            self_value = [str(v).strip().upper() for v in value]
            return self_value == [str(v).strip().upper() for v in other]
        except TypeError:
            return False


# --------------------------------------------------------------------------------------------
# exercise sets


class ExerciseSet:
    """The questions of one exercise notebook, and the market they are checked on.

    Parameters
    ----------
    questions : sequence of Question subclasses
        In notebook order; they become ``q1``, ``q2``, ...
    number : int
        The lesson number.
    title : str
        The lesson title.
    lesson : str
        The lesson notebook's stem (``"03_whole_market"``); the exercise notebook has the same
        name in ``exercises/``.
    intro : str
        Markdown shown at the top of the exercise notebook.
    module : str
        The module that defines the set (``__name__``).
    title_pt, intro_pt : str
        The title and the introduction in Brazilian Portuguese.
    """

    def __init__(
        self,
        questions,
        *,
        number: int = 0,
        title: str = "",
        lesson: str = "",
        intro: str = "",
        module: str = "",
        title_pt: str = "",
        intro_pt: str = "",
    ):
        self.number = number
        self.title = title
        self.lesson = lesson
        self.intro = intro
        self.title_pt = title_pt
        self.intro_pt = intro_pt
        self.module = module
        self.questions = [cls(self, f"q{i}") for i, cls in enumerate(questions, 1)]
        self._market = None
        self._territory = None
        self._territory_set = False
        self.language = "en"

    def title_in(self, language: str | None = None) -> str:
        return self.title_pt if language == "pt-BR" and self.title_pt else self.title

    def intro_in(self, language: str | None = None) -> str:
        return self.intro_pt if language == "pt-BR" and self.intro_pt else self.intro

    def missing_portuguese(self) -> dict[str, list[str]]:
        """What is not written in Brazilian Portuguese yet: ``{"set": [...], "q1 (Title)":
        [...], ...}``, only the entries with something missing."""
        found = {}
        own = [name for name in ("title_pt", "intro_pt") if not getattr(self, name)]
        if own:
            found["set"] = own
        for q in self.questions:
            missing = q.missing_portuguese()
            if missing:
                found[f"{q.name} {type(q).__name__} ({q._title})"] = missing
        return found

    def __repr__(self) -> str:
        return f"<ExerciseSet {self.lesson or self.module}: {len(self.questions)} questions>"

    @property
    def market(self):
        if self._market is None:
            from kamkit.files.sample import load_sample

            self._market = load_sample()
        return self._market

    @property
    def territory(self):
        if not self._territory_set:
            known = self.market.territories
            self._territory = known[0] if known else None
            self._territory_set = True
        return self._territory

    def use(self, market=None, *, territory: str | None = None, language: str | None = None):
        """Check answers on ``market`` and ``territory`` from now on, silently (see
        :meth:`setup`); returns the territory."""
        if isinstance(market, (str, os.PathLike)) and str(market):
            from kamkit.files.loading import load

            market = load(market)
        self._market = market or None
        if language is None and market is not None:
            language = getattr(getattr(market, "parameters", None), "language", None)
        if language not in LANGUAGES:
            from kamkit.presentation.i18n import check_language

            language = check_language(language)
        self.language = language
        self._territory_set = False
        if territory:
            self._territory = self.market.check_territory(territory)
            self._territory_set = True
        for q in self.questions:
            q._cache.clear()
        return self.territory

    @contextmanager
    def using(self, market=None, *, territory: str | None = None, language: str | None = None):
        """:meth:`use` for the duration of a ``with`` block, then back to the previous state."""
        saved = (
            self._market,
            self._territory,
            self._territory_set,
            self.language,
            [dict(q._cache) for q in self.questions],
        )
        try:
            yield self.use(market, territory=territory, language=language)
        finally:
            self._market, self._territory, self._territory_set, self.language, caches = saved
            for q, cache in zip(self.questions, caches):
                q._cache = cache

    def setup(self, market=None, *, territory: str | None = None, language: str | None = None):
        """Check the answers on ``market`` and ``territory``; returns the territory.

        Parameters
        ----------
        market : Market, str or path, optional
            The market the notebook loaded (a path is loaded with ``kamkit.load``); the
            sample market by default. Expected answers are computed on it.
        territory : str, optional
            The learner's territory; blank or None for the first one of the market (None
            when the market has no territories: questions then use the whole market).
        language : {"en", "pt-BR"}, optional
            The language of the questions, feedback and tables; default the market's
            ``language`` parameter (``market.with_parameters(language="pt-BR")``).

        Returns
        -------
        str or None
            The territory (checked: an unknown one is an error listing the known ones).
        """
        from kamkit.presentation.i18n import format_count, format_date

        territory = self.use(market, territory=territory, language=language)
        m, lang = self.market, self.language
        where = (
            T("territory {t!r}", "território {t!r}", t=territory)
            if territory
            else Text("the whole market", "o mercado inteiro")
        )
        text = T(
            "Ready: {n} accounts, {w}, as of {d}. Replace each ____ with your answer, run "
            "the cell, then run the check below it.",
            "Pronto: {n} contas, {w}, posição de {d}. Troque cada ____ pela sua resposta, "
            "rode a célula e depois rode a conferência logo abaixo.",
            n=Text(format_count(len(m.accounts)), format_count(len(m.accounts), "pt-BR")),
            w=where,
            d=Text(format_date(m.as_of), format_date(m.as_of, "pt-BR")),
        )
        title = (
            T("Exercises, lesson {n}", "Exercícios, lição {n}", n=self.number)
            if self.number
            else _title("info")
        )
        show(Feedback("info", text(lang), title=title(lang), language=lang))
        return territory

    def outcomes(self, namespace: dict) -> dict[str, Feedback]:
        """Every question's outcome, by name, reading the variables from ``namespace``."""
        return {q.name: q.outcome(namespace) for q in self.questions}

    def progress(self) -> None:
        """Show where each question stands (read from where you call this)."""
        results = self.outcomes(sys._getframe(1).f_globals)
        lang = self.language
        lines = []
        for q in self.questions:
            fb = results[q.name]
            state = (
                Text("to discuss", "para discutir") if fb.kind == "discussion" else _title(fb.kind)
            )(lang).lower()
            lines.append(f"- {q.name} ({q.title}): {state}")
        done = sum(fb.kind == "correct" for fb in results.values())
        checked = sum(fb.kind != "discussion" for fb in results.values())
        head = T(
            "{d} of {c} checked questions correct.",
            "{d} de {c} questões conferidas estão corretas.",
            d=done,
            c=checked,
        )(lang)
        show(
            Feedback(
                "info",
                head + "\n\n" + "\n".join(lines),
                title=Text("Progress", "Seu progresso")(lang),
                language=lang,
            )
        )

    def bind(self, namespace: dict) -> list[str]:
        """Put ``____``, ``setup``, ``progress`` and ``q1``, ``q2``, ... into ``namespace``
        (a module's globals); returns those names, for the module's ``__all__``."""
        names = {"____": ____, "setup": self.setup, "progress": self.progress}
        names.update({q.name: q for q in self.questions})
        namespace.update(names)
        return list(names)
