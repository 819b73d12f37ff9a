"""Errors for people: each says what is wrong, where, and how to fix it, in English and in
Brazilian Portuguese.

A sentence a person reads is written once in both languages, as a :class:`Text`; it is
rendered in the reader's language only when shown (the command line's ``--lang``, the data's
``language`` parameter, or the system's locale: see :func:`message_language`). ``str()`` of a
Text, a Problem or an error is English, so code and logs that knew only English keep working.

>>> t = Text("the file {name} is empty.", "o arquivo {name} está vazio.").format(name="x.csv")
>>> str(t), t("pt-BR")
('the file x.csv is empty.', 'o arquivo x.csv está vazio.')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "KamkitError",
    "DataError",
    "DataWarning",
    "Problem",
    "Text",
    "render",
    "message_language",
]


@dataclass(frozen=True)
class Text:
    """One sentence in English (``en``) and Brazilian Portuguese (``pt``).

    ``text(language)`` gives it in a language (``"en"``, ``"pt-BR"``; ``None`` is English);
    ``str(text)`` is the English. ``format`` fills both templates with the same fields, and
    ``+`` joins Texts and plain strings (a plain string is the same in both languages: a file
    name, a number).
    """

    en: str
    pt: str

    def __str__(self) -> str:
        return self.en

    def __call__(self, language: str | None = None) -> str:
        return self.pt if language == "pt-BR" else self.en

    def format(self, *args, **fields) -> Text:
        return Text(self.en.format(*args, **fields), self.pt.format(*args, **fields))

    def __add__(self, other: Text | str) -> Text:
        if isinstance(other, Text):
            return Text(self.en + other.en, self.pt + other.pt)
        return Text(self.en + other, self.pt + other)

    def __radd__(self, other: str) -> Text:
        return Text(other + self.en, other + self.pt)

    def __bool__(self) -> bool:
        return bool(self.en or self.pt)


def render(value: Text | str | None, language: str | None = None) -> str:
    """A Text in ``language``; a plain string as it is (``None``: empty)."""
    if value is None:
        return ""
    return value(language) if isinstance(value, Text) else str(value)


def message_language(
    language: str | None = None,
    *,
    data_language: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language to speak to a person in: the one asked for (``--lang``), else the data's
    ``language`` parameter, else the system's locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``:
    ``pt_BR.UTF-8`` or any ``pt`` locale gives ``"pt-BR"``), else English."""
    for choice in (language, data_language):
        if choice in ("en", "pt-BR"):
            return choice
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "pt-BR" if value.lower().startswith("pt") else "en"
    return "en"


class KamkitError(Exception):
    """An error caused by input or a setting; its message is a sentence for the user.

    The message may be a :class:`Text` (both languages): ``str(error)`` is the English,
    ``error.text("pt-BR")`` the Portuguese. The command line prints the message alone (no
    traceback) in the user's language and exits with status 2.
    """

    def __init__(self, message: Text | str = "", *args):
        self.message = message
        super().__init__(str(message), *args)

    def text(self, language: str | None = None) -> str:
        return render(self.message, language)


_WHERE = {
    "sheet": Text("sheet {!r}", "planilha {!r}"),
    "row": Text("row {}", "linha {}"),
    "column": Text("column {!r}", "coluna {!r}"),
}


@dataclass(frozen=True)
class Problem:
    """One problem found in the user's data.

    ``where`` names the place as the user sees it: file, sheet, row (the number Excel or a text
    editor shows), column. ``severity`` is ``"error"`` (the data cannot be used) or
    ``"warning"`` (usable, but worth a look). ``message`` and ``fix`` are a :class:`Text` (or
    plain English); ``text(language)`` renders the whole sentence.
    """

    message: Text | str
    fix: Text | str = ""
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    severity: str = "error"

    def place(self, language: str | None = None) -> str:
        """Where the problem is: ``vendas.csv, sheet 'Sales', row 5, column 'Data'``."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(_WHERE["sheet"](language).format(self.sheet))
        if self.row is not None:
            parts.append(_WHERE["row"](language).format(self.row))
        if self.column:
            parts.append(_WHERE["column"](language).format(self.column))
        return ", ".join(parts)

    @property
    def where(self) -> str:
        return self.place("en")

    def text(self, language: str | None = None) -> str:
        where = self.place(language)
        message = render(self.message, language)
        text = f"{where}: {message}" if where else message
        fix = render(self.fix, language)
        if fix:
            text += f" {fix}"
        return text

    def __str__(self) -> str:
        return self.text("en")


_HEAD = Text(
    "{n} problem(s) stop kamkit from using {source}:",
    "{n} problema(s) impedem o kamkit de usar {source}:",
)
_THE_DATA = Text("the data", "os dados")
_MORE = Text(
    "- ... and {n} more; run `kamkit validate` to see them all.",
    "- ... e mais {n}; rode `kamkit validate` para ver todos.",
)


class DataError(KamkitError):
    """The data cannot be used; ``problems`` lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = list(problems)
        self.source = source
        super().__init__(self.text("en"))

    def text(self, language: str | None = None) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        source = self.source or render(_THE_DATA, language)
        lines = [render(_HEAD, language).format(n=len(errors), source=source)]
        lines += [f"- {p.text(language)}" for p in errors[:20]]
        if len(errors) > 20:
            lines.append(render(_MORE, language).format(n=len(errors) - 20))
        return "\n".join(lines)


class DataWarning(UserWarning):
    """Something in the data worth a look that does not stop the analysis (``kk.load``,
    ``Market.with_tables``).

    The message is the sentence in the data's language; ``problem`` is the :class:`Problem`
    itself when there is one, for a caller that speaks another language
    (``problem.text("pt-BR")``).
    """

    def __init__(self, message: str, problem: Problem | None = None):
        super().__init__(message)
        self.problem = problem
