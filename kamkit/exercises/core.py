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

In Jupyter the feedback is coloured HTML; elsewhere it is plain text. With the environment
variable ``KAMKIT_EXERCISES_STRICT=1`` a check that is not correct raises
:class:`ExerciseFailure` (for CI).

The author's side
-----------------
A question is a small class of settings (see :class:`Question`); an exercise set is the list
of those classes (``QUESTIONS``) wrapped in an :class:`ExerciseSet`. Expected answers are
computed when first checked, from the market given to ``setup`` (the sample market
otherwise), never when a module is imported. The authoring guide is ``exercises/README.md``.
"""

from __future__ import annotations

import html
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass

from .compare import ATOL, RTOL, Wrong, compare

__all__ = [
    "____",
    "STRICT_ENV",
    "Feedback",
    "ExerciseFailure",
    "Mistake",
    "Question",
    "ThinkingQuestion",
    "ExerciseSet",
    "Wrong",
    "strict",
    "show",
    "written_file",
]

#: Environment variable: set to 1 and a check that is not correct raises ExerciseFailure.
STRICT_ENV = "KAMKIT_EXERCISES_STRICT"


class _Placeholder:
    """The ``____`` a learner replaces with an answer."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "____"

    def __reduce__(self):
        return "____"


____ = _Placeholder()


def strict() -> bool:
    """True when ``KAMKIT_EXERCISES_STRICT`` is set (to anything but 0, false, no or off)."""
    return os.environ.get(STRICT_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


class ExerciseFailure(AssertionError):
    """Raised by a check that is not correct in strict mode."""


# --------------------------------------------------------------------------------------------
# feedback

_STYLES = {  # kind: (title, colour)
    "correct": ("Correct", "#1a7f37"),
    "incorrect": ("Incorrect", "#cf222e"),
    "not_attempted": ("Not attempted", "#0969da"),
    "discussion": ("Think about it", "#8250df"),
    "hint": ("Hint", "#9a6700"),
    "solution": ("Solution", "#8250df"),
    "info": ("Exercises", "#57606a"),
}


def _inline_html(text: str) -> str:
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![*\w])\*([^*\s][^*]*?)\*(?![*\w])", r"<em>\1</em>", out)


def markdown_html(text: str) -> str:
    """A little Markdown as HTML: paragraphs, ``- `` lists, `code`, **bold** and *italics*."""
    parts = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lead, items = [], []
        for line in block.splitlines():
            if line.lstrip().startswith("- "):
                items.append([line.strip()[2:]])
            elif items:
                items[-1].append(line.strip())
            else:
                lead.append(line.strip())
        if lead:
            parts.append(f"<p style='margin:4px 0'>{_inline_html(' '.join(lead))}</p>")
        if items:
            parts.append("<ul style='margin:4px 0'>" + "".join(
                f"<li>{_inline_html(' '.join(item))}</li>" for item in items) + "</ul>")
    return "".join(parts)


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

    @property
    def heading(self) -> str:
        head = self.title or _STYLES[self.kind][0]
        return f"{self.question} · {head}" if self.question else head

    def __str__(self) -> str:
        out = f"{self.heading}: {self.text}" if self.text else self.heading
        if self.code:
            out += "\n\n" + "\n".join("    " + line for line in self.code.splitlines())
        return out

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = _STYLES[self.kind][1]
        body = markdown_html(self.text) if self.text else ""
        if self.code:
            body += ("<pre style='margin:4px 0;padding:6px;background:#f6f8fa'><code>"
                     f"{html.escape(self.code)}</code></pre>")
        return (f"<div style='border-left:4px solid {colour};padding:2px 10px;margin:4px 0'>"
                f"<strong style='color:{colour}'>{html.escape(self.heading)}</strong>"
                f"{body}</div>")


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
    equals the value ``code`` gives. Tests run every mistake to prove it is caught.
    """

    code: str
    says: str


def written_file(value, name: str, suffix: str):
    """The existing file ``value`` names (a path or text), else :class:`Wrong` saying what is
    off -- for questions whose answer is a file written by kamkit."""
    from pathlib import Path

    from .compare import describe

    if not isinstance(value, (str, os.PathLike)):
        raise Wrong(f"`{name}` should be the path of the file written (what the function "
                    f"returns), but it is {describe(value)}.")
    path = Path(value)
    if path.suffix.lower() != suffix:
        raise Wrong(f"`{name}` should be a {suffix} file, but it is {str(path)!r}.")
    if not path.is_file():
        raise Wrong(f"`{name}` is {str(path)!r}, but there is no such file: did the cell that "
                    "writes it run?")
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

    def __init__(self, exercises: "ExerciseSet | None" = None, name: str = "q"):
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
    def variables(self) -> tuple[str, ...]:
        if self._var is None:
            return ()
        return (self._var,) if isinstance(self._var, str) else tuple(self._var)

    @property
    def title(self) -> str:
        return self._title or type(self).__name__

    @property
    def hints(self) -> tuple[str, ...]:
        return tuple(self._hints) or ((self._hint,) if self._hint else ())

    @property
    def starter(self) -> str:
        if self._starter is not None:
            return self._starter
        return "\n".join(f"{v} = ____" for v in self.variables)

    # ---- running code

    def namespace(self) -> dict:
        """A fresh namespace as the notebook has it: kk, pd, np, market, territory, ____."""
        return {**_names(), "market": self.market, "territory": self.territory}

    def run(self, code: str) -> tuple:
        """Run ``code`` in a fresh :meth:`namespace`; the values of the question's variables."""
        ns = self.namespace()
        exec(compile(code, f"<{self.name} of {self.exercises.module or 'exercises'}>", "exec"),
             ns)
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
            compare(value, want, name=var, key=self._key, columns=self._columns,
                    ordered=self._ordered, rtol=self._rtol, atol=self._atol,
                    fill_value=self._fill_value, noun=self._noun)

    # ---- outcomes

    def _not_attempted(self, namespace, values) -> tuple[tuple, Feedback | None]:
        got = []
        for var in self.variables:
            if var in values:
                value = values[var]
            elif namespace is not None and var in namespace:
                value = namespace[var]
            else:
                return (), Feedback(
                    "not_attempted",
                    f"`{var}` is not set yet: write your answer in place of ____ in the cell "
                    f"above, run that cell, then run `{self.name}.check()` again.", self.name)
            if value is ____:
                return (), Feedback(
                    "not_attempted",
                    f"`{var}` still holds the placeholder ____: replace it with your answer, "
                    f"run the cell, then run `{self.name}.check()` again.", self.name)
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
            if wrong is not None and all(self._same(value, bad)
                                         for value, bad in zip(values, wrong)):
                return mistake.says
        return ""

    def _same(self, value, other) -> bool:
        """Whether two answers are the same, as the check sees them (tables with duplicated
        rows: the same rows, as many times each)."""
        try:
            compare(value, other, name="x", key=self._key, columns=self._columns,
                    ordered=self._ordered, rtol=self._rtol, atol=self._atol,
                    fill_value=self._fill_value, noun=self._noun)
            return True
        except Wrong:
            pass
        import pandas as pd

        if isinstance(value, pd.DataFrame) and isinstance(other, pd.DataFrame):
            key = self._key or ("account_id" if "account_id" in other.columns
                                else other.columns[0])
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
            return Feedback("incorrect", f"{wrong} {note}".strip(), self.name)
        return Feedback("correct", self._explanation, self.name)

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
            show(Feedback("hint", "No hint for this one: try `solution()`.", self.name))
            return
        i = 1 if n is None else max(1, min(int(n), len(hints)))
        title = f"Hint {i}/{len(hints)}" if len(hints) > 1 else "Hint"
        more = f" (`{self.name}.hint({i + 1})` for the next one)" if i < len(hints) else ""
        show(Feedback("hint", hints[i - 1] + more, self.name, title=title))

    def solution(self) -> None:
        """Show the reference solution (and the discussion answer, if any)."""
        title = "" if self._solution else "Discussion answer"
        show(Feedback("solution", self._discussion, self.name, code=self._solution, title=title))


class ThinkingQuestion(Question):
    """A question to think about and discuss; ``solution()`` reveals a discussion answer.

    Without ``_var`` there is nothing to check: ``check()`` says so. With ``_var`` (and
    ``_choices``, the allowed answers) the learner first commits to a short answer, which is
    checked like a code question, before reading ``_discussion``.
    """

    _choices: tuple[str, ...] = ()
    kind = "thinking"

    def _check(self, *values) -> None:
        if self._choices:
            for var, value in zip(self.variables, values):
                allowed = [c.casefold() for c in self._choices]
                if not isinstance(value, str) or value.strip().casefold() not in allowed:
                    raise Wrong(f"`{var}` should be one of {', '.join(map(repr, self._choices))}"
                                f", but it is {value!r}.")
        super()._check(*values)

    def outcome(self, namespace: dict | None = None, **values) -> Feedback:
        if not self.variables:
            return Feedback(
                "discussion",
                "This one has no single right answer and nothing to check: think about it, "
                f"discuss it, then run `{self.name}.solution()` to compare with a discussion "
                "answer.", self.name)
        return super().outcome(namespace, **values)


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
    """

    def __init__(self, questions, *, number: int = 0, title: str = "", lesson: str = "",
                 intro: str = "", module: str = ""):
        self.number = number
        self.title = title
        self.lesson = lesson
        self.intro = intro
        self.module = module
        self.questions = [cls(self, f"q{i}") for i, cls in enumerate(questions, 1)]
        self._market = None
        self._territory = None
        self._territory_set = False

    def __repr__(self) -> str:
        return f"<ExerciseSet {self.lesson or self.module}: {len(self.questions)} questions>"

    @property
    def market(self):
        if self._market is None:
            from ..sample import load_sample

            self._market = load_sample()
        return self._market

    @property
    def territory(self):
        if not self._territory_set:
            known = self.market.territories
            self._territory = known[0] if known else None
            self._territory_set = True
        return self._territory

    def use(self, market=None, *, territory: str | None = None):
        """Check answers on ``market`` and ``territory`` from now on, silently (see
        :meth:`setup`); returns the territory."""
        if isinstance(market, (str, os.PathLike)) and str(market):
            from ..loading import load

            market = load(market)
        self._market = market or None
        self._territory_set = False
        if territory:
            self._territory = self.market.check_territory(territory)
            self._territory_set = True
        for q in self.questions:
            q._cache.clear()
        return self.territory

    @contextmanager
    def using(self, market=None, *, territory: str | None = None):
        """:meth:`use` for the duration of a ``with`` block, then back to the previous state."""
        saved = (self._market, self._territory, self._territory_set,
                 [dict(q._cache) for q in self.questions])
        try:
            yield self.use(market, territory=territory)
        finally:
            self._market, self._territory, self._territory_set, caches = saved
            for q, cache in zip(self.questions, caches):
                q._cache = cache

    def setup(self, market=None, *, territory: str | None = None):
        """Check the answers on ``market`` and ``territory``; returns the territory.

        Parameters
        ----------
        market : Market, str or path, optional
            The market the notebook loaded (a path is loaded with ``kamkit.load``); the
            sample market by default. Expected answers are computed on it.
        territory : str, optional
            The learner's territory; blank or None for the first one of the market (None
            when the market has no territories: questions then use the whole market).

        Returns
        -------
        str or None
            The territory (checked: an unknown one is an error listing the known ones).
        """
        territory = self.use(market, territory=territory)
        m = self.market
        where = f"territory {territory!r}" if territory else "the whole market"
        show(Feedback(
            "info",
            f"Ready: {len(m.accounts):,} accounts, {where}, as of {m.as_of:%Y-%m-%d}. Replace "
            "each ____ with your answer, run the cell, then run the check below it.",
            title=f"Exercises, lesson {self.number}" if self.number else "Exercises"))
        return territory

    def outcomes(self, namespace: dict) -> dict[str, Feedback]:
        """Every question's outcome, by name, reading the variables from ``namespace``."""
        return {q.name: q.outcome(namespace) for q in self.questions}

    def progress(self) -> None:
        """Show where each question stands (read from where you call this)."""
        results = self.outcomes(sys._getframe(1).f_globals)
        lines = []
        for q in self.questions:
            fb = results[q.name]
            state = {"discussion": "to discuss"}.get(fb.kind, _STYLES[fb.kind][0].lower())
            lines.append(f"- {q.name} ({q.title}): {state}")
        done = sum(fb.kind == "correct" for fb in results.values())
        checked = sum(fb.kind != "discussion" for fb in results.values())
        show(Feedback("info", f"{done} of {checked} checked questions correct.\n\n"
                      + "\n".join(lines), title="Progress"))

    def bind(self, namespace: dict) -> list[str]:
        """Put ``____``, ``setup``, ``progress`` and ``q1``, ``q2``, ... into ``namespace``
        (a module's globals); returns those names, for the module's ``__all__``."""
        names = {"____": ____, "setup": self.setup, "progress": self.progress}
        names.update({q.name: q for q in self.questions})
        namespace.update(names)
        return list(names)
