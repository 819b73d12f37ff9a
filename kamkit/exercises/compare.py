"""Compare a learner's answer with the expected one: what matters, within a tolerance.

:func:`compare` returns ``None`` when the answer is right and raises :class:`Wrong` with a
sentence for the learner otherwise. The sentence names the learner's variable and says *what*
is wrong (a row count, a duplicated account, a missing stage, a value too high), never the
answer itself.

What counts as the same answer
------------------------------
- numbers: equal within ``rtol`` (relative) or ``atol`` (absolute); NaN equals NaN; an int
  and a float, a NumPy scalar and a Python number are all numbers;
- text: equal ignoring case and surrounding spaces;
- lists (list, tuple, array, Index, Series values): the same items, in the same order only
  when ``ordered``;
- Series (a dict is accepted too): the same labels -- compared as text, so a categorical
  ``"regular"`` and a plain ``"regular"`` match, and a Period ``2026Q3`` matches the text
  ``"2026Q3"`` -- and values within the tolerance; the order of entries and the dtypes do
  not matter (unless ``ordered``); with ``fill_value``, a label the learner left out counts
  as that value (``value_counts`` without its zero rows);
- DataFrames: one row per ``key`` (a column, or the index if the learner made it one), the
  same set of keys, and for each of ``columns`` the same values per key within the
  tolerance; other columns, the row order (unless ``ordered``), the index and dtypes (int vs
  float, categorical vs text) do not matter.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers

import numpy as np
import pandas as pd

from kamkit.core.errors import Text, render

__all__ = ["____", "Wrong", "compare", "describe", "fmt", "T"]

#: Default tolerances: shares and money computed another way differ only by rounding noise.
RTOL = 1e-6
ATOL = 1e-9
_EXAMPLES = 3  # how many examples a message lists


class _Placeholder:
    """The ``____`` a learner replaces with an answer (defined here, below the questions of
    :mod:`kamkit.exercises.core`, because a comparison must recognise it)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "____"

    def __reduce__(self):
        return "____"


____ = _Placeholder()


class Wrong(Exception):
    """The learner's answer is not right; the message is the sentence to show them.

    The message is a :class:`kamkit.core.errors.Text` (English and Brazilian Portuguese) or a plain
    string; ``str(wrong)`` is the English, ``wrong.text("pt-BR")`` the Portuguese.
    """

    def __init__(self, message=""):
        self.message = message
        super().__init__(str(message))

    def text(self, language: str | None = None) -> str:
        return render(self.message, language)


class _Loc:
    """A value shown in a message, formatted in the message's language (see :func:`T`)."""

    __slots__ = ("value", "how")

    def __init__(self, value, how):
        self.value, self.how = value, how

    def __call__(self, language):
        return self.how(self.value, language)


def T(en: str, pt: str, **fields) -> Text:
    """A message in both languages; fields that are :class:`Text` or made by :func:`F`,
    :func:`D`, :func:`P` or :func:`X` are rendered in each language."""

    def fill(template, language):
        return template.format(
            **{k: (v(language) if isinstance(v, (Text, _Loc)) else v) for k, v in fields.items()}
        )

    return Text(fill(en, "en"), fill(pt, "pt-BR"))


def F(value) -> _Loc:
    """``value`` as :func:`fmt` shows it, per language."""
    return _Loc(value, fmt)


def D(value) -> _Loc:
    """What ``value`` is, as :func:`describe` says it, per language."""
    return _Loc(value, describe)


def P(n: int, noun) -> _Loc:
    """``n`` and a noun (Text or str), plural when n is not 1, per language."""
    return _Loc((n, noun), lambda v, language: _plural(v[0], v[1], language))


def X(items) -> _Loc:
    """A few examples of ``items``, per language."""
    return _Loc(list(items), _examples)


# --------------------------------------------------------------------------------------------
# words


def fmt(value, language: str | None = "en") -> str:
    """A value as a person reads it: ``1,234``, ``1,234.50``, ``0.5523``, ``'Sul'`` (in pt-BR
    ``1.234``, ``1.234,50``, ``0,5523``, dates dd/mm/yyyy)."""
    pt = language == "pt-BR"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    from kamkit.presentation.i18n import format_count, format_date, format_number

    lang = "pt-BR" if pt else "en"
    if isinstance(value, numbers.Integral):
        return format_count(int(value), lang)
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isnan(x):
            return "NaN (ausente)" if pt else "NaN (missing)"
        if math.isinf(x):
            return str(x)
        if x.is_integer() and abs(x) < 1e15:
            return format_count(int(x), lang)
        if abs(x) >= 100:
            return format_number(x, lang, decimals=2)
        return _group(f"{x:.4g}", pt)  # a small number: its decimal comma, no thousands
    if isinstance(value, pd.Timestamp):
        if value == value.normalize():
            return format_date(value, lang)
        return str(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return "ausente" if pt else "missing"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _group(text: str, pt: bool) -> str:
    """English separators (1,234.5) to Brazilian ones (1.234,5) when ``pt``."""
    return text.translate(str.maketrans(",.", ".,")) if pt else text


def noun_pt(word: str, n: int = 1) -> str:
    """The Portuguese of a noun used in messages (the word itself when unknown): the catalogue's
    ``exercises.noun.<word>`` (one) or ``exercises.nouns.<word>`` (more)."""
    from kamkit.presentation.catalogue import catalogue

    key = f"exercises.{'noun' if n == 1 else 'nouns'}.{word}"
    found = catalogue().get(key)
    return word if found is None else found[1]


def _plural(n: int, word, language: str | None = "en") -> str:
    if isinstance(word, Text):
        word = word(language)
    from kamkit.presentation.i18n import format_count

    count = format_count(n, language)
    if language == "pt-BR":
        return f"{count} {noun_pt(word, n)}"
    if word == "entry":
        return f"{count} {'entry' if n == 1 else 'entries'}"
    return f"{count} {word}{'' if n == 1 else 's'}"


def describe(value, language: str | None = "en") -> str:
    """What kind of thing ``value`` is, for a message: "a DataFrame with 3 rows", "the text 'x'"."""
    pt = language == "pt-BR"
    if value is ____:
        return "ainda o marcador ____" if pt else "still the placeholder ____"
    if value is None:
        return (
            "None (a célula terminou com uma atribuição ou um print em vez de um valor?)"
            if pt
            else "None (did the cell end with an assignment or a print instead of a value?)"
        )
    if isinstance(value, pd.DataFrame):
        return (
            f"uma tabela (DataFrame) com {_plural(len(value), 'row', language)}"
            if pt
            else f"a DataFrame with {_plural(len(value), 'row')}"
        )
    if isinstance(value, pd.Series):
        return (
            f"uma Series de {_plural(len(value), 'value', language)}"
            if pt
            else f"a Series of {_plural(len(value), 'value')}"
        )
    if isinstance(value, (bool, np.bool_)):
        return f"o valor {bool(value)}" if pt else f"the value {bool(value)}"
    if isinstance(value, numbers.Number):
        return f"o número {fmt(value, language)}" if pt else f"the number {fmt(value)}"
    if isinstance(value, str):
        return f"o texto {value!r}" if pt else f"the text {value!r}"
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Index)):
        if pt:
            kind = {list: "uma lista", tuple: "uma tupla", set: "um conjunto"}.get(
                type(value), "um array"
            )
            return f"{kind} de {_plural(len(value), 'item', language)}"
        kind = {list: "a list", tuple: "a tuple", set: "a set"}.get(type(value), "an array")
        return f"{kind} of {_plural(len(value), 'item')}"
    if isinstance(value, dict):
        return (
            f"um dicionário de {_plural(len(value), 'entry', language)}"
            if pt
            else f"a dict of {_plural(len(value), 'entry')}"
        )
    if callable(value):
        return (
            "uma função (faltaram os parênteses que a chamam?)"
            if pt
            else "a function (did you forget the brackets that call it?)"
        )
    return f"um {type(value).__name__}" if pt else f"a {type(value).__name__}"


def _examples(items, language: str | None = "en") -> str:
    items = list(items)
    shown = ", ".join(fmt(v, language) for v in items[:_EXAMPLES])
    more = len(items) - _EXAMPLES
    if more <= 0:
        return shown
    from kamkit.presentation.i18n import format_count

    return shown + (
        f" e mais {format_count(more, 'pt-BR')}"
        if language == "pt-BR"
        else f" and {format_count(more)} more"
    )


def _noun(noun) -> Text:
    """A noun as a Text, for messages."""
    return noun if isinstance(noun, Text) else Text(noun, noun_pt(noun))


def _nouns(noun) -> Text:
    """A noun's plural as a Text."""
    return Text(f"{noun}s", noun_pt(noun, 2))


# --------------------------------------------------------------------------------------------
# the comparison


def compare(
    actual,
    expected,
    *,
    name: str,
    key=None,
    columns=(),
    ordered: bool = False,
    rtol: float = RTOL,
    atol: float = ATOL,
    fill_value=None,
    noun: str | None = None,
) -> None:
    """Raise :class:`Wrong` unless ``actual`` is the same answer as ``expected``.

    Parameters
    ----------
    actual
        The learner's value.
    expected
        The right value; its type chooses the comparison (see the module docstring).
    name : str
        The learner's variable name, used in every message.
    key : str, optional
        DataFrames: the column identifying a row (default ``account_id`` when the expected
        frame has it, else its first column).
    columns : sequence of str
        DataFrames: the columns whose values must match, key by key.
    ordered : bool
        Lists, Series and DataFrames: the order of items, entries or rows matters.
    rtol, atol : float
        Relative and absolute tolerance for numbers.
    fill_value : optional
        Series: value of a label the learner left out.
    noun : str, optional
        What one row or entry is ("account", "stage"), for messages.
    """
    tol = {"rtol": rtol, "atol": atol}
    if isinstance(expected, pd.DataFrame):
        _compare_frame(actual, expected, name, key, tuple(columns), ordered, tol, noun)
    elif isinstance(expected, pd.Series):
        _compare_series(actual, expected, name, ordered, tol, fill_value, noun)
    elif isinstance(expected, (list, tuple, np.ndarray, pd.Index)):
        _compare_list(actual, list(expected), name, ordered, tol, noun)
    elif isinstance(expected, (bool, np.bool_)):
        _compare_bool(actual, bool(expected), name)
    elif isinstance(expected, numbers.Number):
        _compare_number(actual, float(expected), name, tol)
    elif isinstance(expected, str):
        _compare_text(actual, expected, name)
    elif isinstance(expected, (pd.Timestamp, _dt.date, np.datetime64)):
        _compare_date(actual, pd.Timestamp(expected), name)
    elif actual != expected:
        raise Wrong(
            T(
                "`{n}` is {d}, which is not the expected answer.",
                "`{n}` é {d}, que não é a resposta esperada.",
                n=name,
                d=D(actual),
            )
        )


def _close(a: float, b: float, tol) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=tol["rtol"], abs_tol=tol["atol"])


def _as_number(value):
    """``value`` as a float, or None when it is not a single number."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, numbers.Number) and not isinstance(value, complex):
        return float(value)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return float(value)
    return None


def _single_hint(value, what: str = "number") -> Text:
    if isinstance(value, (pd.Series, pd.DataFrame, list, tuple, np.ndarray)) and len(value) == 1:
        take = (
            ".iloc[0]"
            if isinstance(value, pd.Series)
            else (".iloc[0, 0]" if isinstance(value, pd.DataFrame) else "[0]")
        )
        return T(
            " It holds one value: take it out with {t}.",
            " Tem um valor só: tire-o com {t}.",
            t=take,
        )
    if isinstance(value, str) and what == "number":
        return Text(" Write the number without quotes.", " Escreva o número sem aspas.")
    return Text("", "")


def _compare_number(actual, expected: float, name: str, tol) -> None:
    value = _as_number(actual)
    if value is None:
        raise Wrong(
            _should_be(actual, name, Text("a single number", "um número só")) + _single_hint(actual)
        )
    if _close(value, expected, tol):
        return
    if math.isnan(value):
        raise Wrong(
            T(
                "`{n}` is NaN (missing), but it should be a number.",
                "`{n}` é NaN (ausente), mas deveria ser um número.",
                n=name,
            )
        )
    if math.isnan(expected):
        raise Wrong(
            T(
                "`{n}` is {v}, but there is no such number here: the answer is missing (NaN).",
                "`{n}` é {v}, mas aqui não existe esse número: a resposta é ausente (NaN).",
                n=name,
                v=F(value),
            )
        )
    direction = _direction(value > expected)
    raise Wrong(
        T(
            "`{n}` is {v}, which is not the expected value (it is {w}).",
            "`{n}` é {v}, que não é o valor esperado (está {w}).",
            n=name,
            v=F(value),
            w=direction,
        )
    )


def _direction(high: bool) -> Text:
    return Text("too high", "alto demais") if high else Text("too low", "baixo demais")


def _compare_bool(actual, expected: bool, name: str) -> None:
    if not isinstance(actual, (bool, np.bool_)):
        raise Wrong(_should_be(actual, name, Text("True or False", "True ou False")))
    if bool(actual) != expected:
        raise Wrong(
            T(
                "`{n}` is {v}, which is not the expected answer.",
                "`{n}` é {v}, que não é a resposta esperada.",
                n=name,
                v=bool(actual),
            )
        )


def _text_key(value) -> str:
    return str(value).strip().casefold()


def _compare_text(actual, expected: str, name: str) -> None:
    if not isinstance(actual, str):
        hint = (
            Text(" Put the text in quotes.", " Ponha o texto entre aspas.")
            if (actual is not None and not isinstance(actual, (pd.Series, pd.DataFrame)))
            else (_single_hint(actual, "text"))
        )
        raise Wrong(_should_be(actual, name, Text("a text", "um texto")) + hint)
    if _text_key(actual) != _text_key(expected):
        raise Wrong(
            T(
                "`{n}` is {v!r}, which is not the expected answer.",
                "`{n}` é {v!r}, que não é a resposta esperada.",
                n=name,
                v=actual,
            )
        )


def _compare_date(actual, expected: pd.Timestamp, name: str) -> None:
    try:
        value = pd.Timestamp(actual)
    except (TypeError, ValueError):
        raise Wrong(_should_be(actual, name, Text("a date", "uma data"))) from None
    if value is pd.NaT or value.normalize() != expected.normalize():
        raise Wrong(
            T(
                "`{n}` is {v}, which is not the expected date.",
                "`{n}` é {v}, que não é a data esperada.",
                n=name,
                v=F(value),
            )
        )


# ---- lists


def _item_key(value, tol):
    """A hashable, comparable stand-in for one item: numbers rounded to the tolerance."""
    number = _as_number(value)
    if number is not None:
        if math.isnan(number):
            return ("nan",)
        return ("number", round(number, 6))
    if isinstance(value, pd.Timestamp):
        return ("text", str(value.normalize().date()))
    return ("text", _text_key(value))


def _should_be(actual, name: str, what: Text) -> Text:
    """ "`name` should be <what>, but it is <what actual is>." in both languages."""
    return T(
        "`{n}` should be {w}, but it is {d}.",
        "`{n}` deveria ser {w}, mas é {d}.",
        n=name,
        w=what,
        d=D(actual),
    )


def _as_list(actual, name: str, what: Text) -> list:
    if isinstance(actual, (list, tuple)):
        return list(actual)
    if isinstance(actual, (np.ndarray, pd.Index, pd.Series)) and np.ndim(actual) == 1:
        return list(np.asarray(actual, dtype=object))
    raise Wrong(_should_be(actual, name, what))


def _compare_list(actual, expected: list, name: str, ordered: bool, tol, noun) -> None:
    items = _as_list(actual, name, Text("a list", "uma lista"))
    noun = noun or "item"
    if len(items) != len(expected):
        raise Wrong(
            T(
                "`{n}` should have {p}, but has {k}.",
                "`{n}` deveria ter {p}, mas tem {k}.",
                n=name,
                p=P(len(expected), noun),
                k=F(len(items)),
            )
        )
    a = [_item_key(v, tol) for v in items]
    e = [_item_key(v, tol) for v in expected]
    shown = dict(zip(a, items))
    if sorted(a) != sorted(e):
        extra = [shown[k] for k in a if k not in set(e)]
        counts = pd.Series(a).value_counts()
        twice = [shown[k] for k in counts.index[counts > 1] if e.count(k) < counts[k]]
        if twice:
            raise Wrong(
                T(
                    "`{n}` has {v} more than once.",
                    "`{n}` tem {v} mais de uma vez.",
                    n=name,
                    v=F(twice[0]),
                )
            )
        raise Wrong(
            T(
                "`{n}` has {p} that should not be in it, e.g. {x}.",
                "`{n}` tem {p} que não deveriam estar ali, por exemplo {x}.",
                n=name,
                p=P(len(extra), noun),
                x=X(extra),
            )
        )
    if ordered and a != e:
        first = next(i for i, (x, y) in enumerate(zip(a, e)) if x != y)
        raise Wrong(
            T(
                "`{n}` has the right {ns}, but not in the right order: item {i} ({v}) is "
                "out of place.",
                "`{n}` tem tudo o que deveria ter, mas não na ordem "
                "certa: o item {i} ({v}) está fora do lugar.",
                n=name,
                ns=_nouns(noun),
                i=first + 1,
                v=F(items[first]),
            )
        )


# ---- Series


def _labels(index: pd.Index) -> pd.Index:
    return pd.Index([str(v) if not isinstance(v, str) else v for v in index], dtype=object)


def _values_equal(a: pd.Series, e: pd.Series, tol) -> np.ndarray:
    """Element-wise "same value" of two aligned Series (numbers within tol, else as text)."""
    if _numeric(e):
        x = pd.to_numeric(a, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        y = pd.to_numeric(e, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"):
            return np.isclose(x, y, rtol=tol["rtol"], atol=tol["atol"], equal_nan=True)
    if pd.api.types.is_datetime64_any_dtype(e.dtype):
        x = pd.to_datetime(a, errors="coerce")
        y = pd.to_datetime(e)
        return ((x == y) | (x.isna() & y.isna())).to_numpy(dtype=bool)
    x = a.astype(object).where(a.notna(), None).map(lambda v: None if v is None else _text_key(v))
    y = e.astype(object).where(e.notna(), None).map(lambda v: None if v is None else _text_key(v))
    return np.array([u == v for u, v in zip(x, y)], dtype=bool)


def _numeric(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype)


def _compare_series(
    actual, expected: pd.Series, name: str, ordered: bool, tol, fill_value, noun
) -> None:
    if isinstance(actual, dict):
        actual = pd.Series(actual)
    if isinstance(actual, pd.DataFrame) and actual.shape[1] == 1:
        actual = actual.iloc[:, 0]
    if not isinstance(actual, pd.Series):
        what = Text("a Series (labels with a value each)", "uma Series (rótulos com um valor cada)")
        raise Wrong(_should_be(actual, name, what))
    noun = noun or "label"
    a = pd.Series(actual.to_numpy(), index=_labels(actual.index))
    e = pd.Series(expected.to_numpy(), index=_labels(expected.index))
    dup = a.index[a.index.duplicated()]
    if len(dup):
        raise Wrong(
            T(
                "`{n}` should have one entry per {w}, but has {k} entries for {d!r}.",
                "`{n}` deveria ter uma entrada por {w}, mas tem {k} entradas para {d!r}.",
                n=name,
                w=_noun(noun),
                k=int((a.index == dup[0]).sum()),
                d=dup[0],
            )
        )
    if fill_value is not None:
        a = a[
            ~(~a.index.isin(e.index) & _values_equal(a, pd.Series(fill_value, index=a.index), tol))
        ]
        left_out = e.index[~e.index.isin(a.index)]
        a = pd.concat([a, pd.Series(fill_value, index=left_out, dtype=object)])
    missing = e.index[~e.index.isin(a.index)]
    extra = a.index[~a.index.isin(e.index)]
    if len(missing):
        raise Wrong(
            T(
                "`{n}` has no entry for {x}; it should have one per {w} ({k} in all).",
                "`{n}` não tem entrada para {x}; deveria ter uma por {w} ({k} ao todo).",
                n=name,
                x=X(missing),
                w=_noun(noun),
                k=F(len(e)),
            )
        )
    if len(extra):
        raise Wrong(
            T(
                "`{n}` has entries that should not be in it: {x}.",
                "`{n}` tem entradas que não deveriam estar ali: {x}.",
                n=name,
                x=X(extra),
            )
        )
    if ordered and not a.index.equals(e.index):
        raise Wrong(
            T(
                "`{n}` has the right {ns}, but not in the right order.",
                "`{n}` tem tudo o que deveria ter, mas não na ordem certa.",
                n=name,
                ns=_nouns(noun),
            )
        )
    a = a.reindex(e.index)
    same = _values_equal(a, e, tol)
    if not same.all():
        bad = e.index[~same]
        first = bad[0]
        how = Text("", "")
        x, y = _as_number(a[first]), _as_number(e[first])
        if x is not None and y is not None and not (math.isnan(x) or math.isnan(y)):
            how = " (" + _direction(x > y) + ")"
        raise Wrong(
            T(
                "`{n}` has the wrong value for {p}: for {f!r} it is {v}{h}.",
                "`{n}` tem o valor errado para {p}: para {f!r} é {v}{h}.",
                n=name,
                p=P(len(bad), noun),
                f=first,
                v=F(a[first]),
                h=how,
            )
        )


# ---- DataFrames


def _compare_frame(
    actual, expected: pd.DataFrame, name: str, key, columns, ordered, tol, noun
) -> None:
    if not isinstance(actual, pd.DataFrame):
        what = Text("a table (a DataFrame)", "uma tabela (DataFrame)")
        raise Wrong(_should_be(actual, name, what))
    if key is None:
        key = "account_id" if "account_id" in expected.columns else expected.columns[0]
    noun = noun or ("account" if key == "account_id" else "row")
    a = actual
    for col in (key, *columns):
        if col not in a.columns and col in (a.index.names or []):
            a = a.reset_index()
    wanted = [c for c in (key, *columns) if c not in a.columns]
    if wanted:
        raise Wrong(
            T(
                "`{n}` should have a column {c!r}, but its columns are {x}.",
                "`{n}` deveria ter uma coluna {c!r}, mas as colunas dela são {x}.",
                n=name,
                c=wanted[0],
                x=X(map(str, a.columns)),
            )
        )
    a_keys = pd.Series(_labels(pd.Index(a[key])), index=range(len(a)))
    e_keys = pd.Series(_labels(pd.Index(expected[key])), index=range(len(expected)))
    counts = a_keys.value_counts(sort=False)
    if (counts > 1).any():
        dup = counts.index[counts > 1][0]
        raise Wrong(
            T(
                "`{n}` should have one row per {w}, but has {k} rows for {w} {d}.",
                "`{n}` deveria ter uma linha por {w}, mas tem {k} linhas para {w} {d}.",
                n=name,
                w=_noun(noun),
                k=int(counts[dup]),
                d=dup,
            )
        )
    missing = e_keys[~e_keys.isin(a_keys)]
    extra = a_keys[~a_keys.isin(e_keys)]
    if len(a) != len(expected) or len(missing) or len(extra):
        text = T(
            "`{n}` should have {p}", "`{n}` deveria ter {p}", n=name, p=P(len(expected), "row")
        )
        text += (
            T(", but has {k}.", ", mas tem {k}.", k=F(len(a))) if len(a) != len(expected) else "."
        )
        if len(missing):
            text += T(
                " It is missing {p} that belong in it, e.g. {x}.",
                " Faltam {p} que deveriam estar nela, por exemplo {x}.",
                p=P(len(missing), noun),
                x=", ".join(missing.iloc[:_EXAMPLES]),
            )
        if len(extra):
            text += T(
                " It has {p} that do not belong in it, e.g. {x}.",
                " Tem {p} que não deveriam estar nela, por exemplo {x}.",
                p=P(len(extra), noun),
                x=", ".join(extra.iloc[:_EXAMPLES]),
            )
        raise Wrong(text)
    if ordered and not a_keys.reset_index(drop=True).equals(e_keys.reset_index(drop=True)):
        first = int(np.flatnonzero(a_keys.to_numpy() != e_keys.to_numpy())[0])
        raise Wrong(
            T(
                "`{n}` has the right {ns}, but not in the right order: row {i} ({w} {k}) "
                "is out of place.",
                "`{n}` tem tudo o que deveria ter, mas não na ordem "
                "certa: a linha {i} ({w} {k}) está fora do lugar.",
                n=name,
                ns=_nouns(noun),
                i=first + 1,
                w=_noun(noun),
                k=a_keys.iloc[first],
            )
        )
    position = pd.Series(range(len(a)), index=a_keys.to_numpy())
    rows = position.reindex(e_keys.to_numpy()).to_numpy()
    for col in columns:
        got = a[col].iloc[rows].reset_index(drop=True)
        want = expected[col].reset_index(drop=True)
        same = _values_equal(got, want, tol)
        if not same.all():
            bad = np.flatnonzero(~same)
            k = e_keys.iloc[bad[0]]
            raise Wrong(
                T(
                    "`{n}` has the wrong {c!r} for {p}, e.g. {w} {k}: {v}.",
                    "`{n}` tem {c!r} errado para {p}, por exemplo {w} {k}: {v}.",
                    n=name,
                    c=col,
                    p=P(len(bad), noun),
                    w=_noun(noun),
                    k=k,
                    v=F(got.iloc[bad[0]]),
                )
            )
