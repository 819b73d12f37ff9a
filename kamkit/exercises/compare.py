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

__all__ = ["Wrong", "compare", "describe", "fmt"]

#: Default tolerances: shares and money computed another way differ only by rounding noise.
RTOL = 1e-6
ATOL = 1e-9
_EXAMPLES = 3  # how many examples a message lists


class Wrong(Exception):
    """The learner's answer is not right; the message is the sentence to show them."""


# --------------------------------------------------------------------------------------------
# words


def fmt(value) -> str:
    """A value as a person reads it: ``1,234``, ``1,234.50``, ``0.5523``, ``'Sul'``."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isnan(x):
            return "NaN (missing)"
        if math.isinf(x):
            return str(x)
        if x.is_integer() and abs(x) < 1e15:
            return f"{int(x):,}"
        if abs(x) >= 100:
            return f"{x:,.2f}"
        return f"{x:.4g}"
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}" if value == value.normalize() else str(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return "missing"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def describe(value) -> str:
    """What kind of thing ``value`` is, for a message: "a DataFrame with 3 rows", "the text 'x'"."""
    from .core import ____

    if value is ____:
        return "still the placeholder ____"
    if value is None:
        return "None (did the cell end with an assignment or a print instead of a value?)"
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with {_plural(len(value), 'row')}"
    if isinstance(value, pd.Series):
        return f"a Series of {_plural(len(value), 'value')}"
    if isinstance(value, (bool, np.bool_)):
        return f"the value {bool(value)}"
    if isinstance(value, numbers.Number):
        return f"the number {fmt(value)}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Index)):
        kind = {list: "a list", tuple: "a tuple", set: "a set"}.get(type(value), "an array")
        return f"{kind} of {_plural(len(value), 'item')}"
    if isinstance(value, dict):
        return f"a dict of {_plural(len(value), 'entry')}".replace("entrys", "entries")
    if callable(value):
        return "a function (did you forget the brackets that call it?)"
    return f"a {type(value).__name__}"


def _examples(items) -> str:
    items = list(items)
    shown = ", ".join(fmt(v) for v in items[:_EXAMPLES])
    more = len(items) - _EXAMPLES
    return shown + (f" and {more:,} more" if more > 0 else "")


# --------------------------------------------------------------------------------------------
# the comparison


def compare(actual, expected, *, name: str, key=None, columns=(), ordered: bool = False,
            rtol: float = RTOL, atol: float = ATOL, fill_value=None, noun: str | None = None
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
        raise Wrong(f"`{name}` is {describe(actual)}, which is not the expected answer.")


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


def _single_hint(value) -> str:
    if isinstance(value, (pd.Series, pd.DataFrame, list, tuple, np.ndarray)) and len(value) == 1:
        take = ".iloc[0]" if isinstance(value, pd.Series) else (
            ".iloc[0, 0]" if isinstance(value, pd.DataFrame) else "[0]")
        return f" It holds one value: take it out with {take}."
    if isinstance(value, str):
        return " Write the number without quotes."
    return ""


def _compare_number(actual, expected: float, name: str, tol) -> None:
    value = _as_number(actual)
    if value is None:
        raise Wrong(f"`{name}` should be a single number, but it is {describe(actual)}."
                    + _single_hint(actual))
    if _close(value, expected, tol):
        return
    if math.isnan(value):
        raise Wrong(f"`{name}` is NaN (missing), but it should be a number.")
    if math.isnan(expected):
        raise Wrong(f"`{name}` is {fmt(value)}, but there is no such number here: "
                    "the answer is missing (NaN).")
    direction = "too high" if value > expected else "too low"
    raise Wrong(f"`{name}` is {fmt(value)}, which is not the expected value (it is {direction}).")


def _compare_bool(actual, expected: bool, name: str) -> None:
    if not isinstance(actual, (bool, np.bool_)):
        raise Wrong(f"`{name}` should be True or False, but it is {describe(actual)}.")
    if bool(actual) != expected:
        raise Wrong(f"`{name}` is {bool(actual)}, which is not the expected answer.")


def _text_key(value) -> str:
    return str(value).strip().casefold()


def _compare_text(actual, expected: str, name: str) -> None:
    if not isinstance(actual, str):
        hint = " Put the text in quotes." if actual is not None and not isinstance(
            actual, (pd.Series, pd.DataFrame)) else _single_hint(actual).replace(
            "number", "text")
        raise Wrong(f"`{name}` should be a text, but it is {describe(actual)}.{hint}")
    if _text_key(actual) != _text_key(expected):
        raise Wrong(f"`{name}` is {actual!r}, which is not the expected answer.")


def _compare_date(actual, expected: pd.Timestamp, name: str) -> None:
    try:
        value = pd.Timestamp(actual)
    except (TypeError, ValueError):
        raise Wrong(f"`{name}` should be a date, but it is {describe(actual)}.") from None
    if value is pd.NaT or value.normalize() != expected.normalize():
        raise Wrong(f"`{name}` is {fmt(value)}, which is not the expected date.")


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


def _as_list(actual, name: str, what: str) -> list:
    if isinstance(actual, (list, tuple)):
        return list(actual)
    if isinstance(actual, (np.ndarray, pd.Index, pd.Series)) and np.ndim(actual) == 1:
        return list(np.asarray(actual, dtype=object))
    raise Wrong(f"`{name}` should be {what}, but it is {describe(actual)}.")


def _compare_list(actual, expected: list, name: str, ordered: bool, tol, noun) -> None:
    items = _as_list(actual, name, "a list")
    noun = noun or "item"
    if len(items) != len(expected):
        raise Wrong(f"`{name}` should have {_plural(len(expected), noun)}, but has "
                    f"{len(items):,}.")
    a = [_item_key(v, tol) for v in items]
    e = [_item_key(v, tol) for v in expected]
    shown = dict(zip(a, items))
    if sorted(a) != sorted(e):
        extra = [shown[k] for k in a if k not in set(e)]
        counts = pd.Series(a).value_counts()
        twice = [shown[k] for k in counts.index[counts > 1] if e.count(k) < counts[k]]
        if twice:
            raise Wrong(f"`{name}` has {fmt(twice[0])} more than once.")
        raise Wrong(f"`{name}` has {_plural(len(extra), noun)} that should not be in it, e.g. "
                    f"{_examples(extra)}.")
    if ordered and a != e:
        first = next(i for i, (x, y) in enumerate(zip(a, e)) if x != y)
        raise Wrong(f"`{name}` has the right {noun}s, but not in the right order: item "
                    f"{first + 1} ({fmt(items[first])}) is out of place.")


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


def _compare_series(actual, expected: pd.Series, name: str, ordered: bool, tol, fill_value,
                    noun) -> None:
    if isinstance(actual, dict):
        actual = pd.Series(actual)
    if isinstance(actual, pd.DataFrame) and actual.shape[1] == 1:
        actual = actual.iloc[:, 0]
    if not isinstance(actual, pd.Series):
        raise Wrong(f"`{name}` should be a Series (labels with a value each), but it is "
                    f"{describe(actual)}.")
    noun = noun or "label"
    a = pd.Series(actual.to_numpy(), index=_labels(actual.index))
    e = pd.Series(expected.to_numpy(), index=_labels(expected.index))
    dup = a.index[a.index.duplicated()]
    if len(dup):
        raise Wrong(f"`{name}` should have one entry per {noun}, but has "
                    f"{int((a.index == dup[0]).sum())} entries for {dup[0]!r}.")
    if fill_value is not None:
        a = a[~(~a.index.isin(e.index) & _values_equal(a, pd.Series(fill_value, index=a.index),
                                                       tol))]
        left_out = e.index[~e.index.isin(a.index)]
        a = pd.concat([a, pd.Series(fill_value, index=left_out, dtype=object)])
    missing = e.index[~e.index.isin(a.index)]
    extra = a.index[~a.index.isin(e.index)]
    if len(missing):
        raise Wrong(f"`{name}` has no entry for {_examples(missing)}; it should have one per "
                    f"{noun} ({len(e):,} in all).")
    if len(extra):
        raise Wrong(f"`{name}` has entries that should not be in it: {_examples(extra)}.")
    if ordered and not a.index.equals(e.index):
        raise Wrong(f"`{name}` has the right {noun}s, but not in the right order.")
    a = a.reindex(e.index)
    same = _values_equal(a, e, tol)
    if not same.all():
        bad = e.index[~same]
        first = bad[0]
        how = ""
        x, y = _as_number(a[first]), _as_number(e[first])
        if x is not None and y is not None and not (math.isnan(x) or math.isnan(y)):
            how = f" ({'too high' if x > y else 'too low'})"
        raise Wrong(f"`{name}` has the wrong value for {_plural(len(bad), noun)}: for {first!r} "
                    f"it is {fmt(a[first])}{how}.")


# ---- DataFrames


def _compare_frame(actual, expected: pd.DataFrame, name: str, key, columns, ordered, tol,
                   noun) -> None:
    if not isinstance(actual, pd.DataFrame):
        raise Wrong(f"`{name}` should be a table (a DataFrame), but it is {describe(actual)}.")
    if key is None:
        key = "account_id" if "account_id" in expected.columns else expected.columns[0]
    noun = noun or ("account" if key == "account_id" else "row")
    a = actual
    for col in (key, *columns):
        if col not in a.columns and col in (a.index.names or []):
            a = a.reset_index()
    wanted = [c for c in (key, *columns) if c not in a.columns]
    if wanted:
        raise Wrong(f"`{name}` should have a column {wanted[0]!r}, but its columns are "
                    f"{_examples(map(str, a.columns))}.")
    a_keys = pd.Series(_labels(pd.Index(a[key])), index=range(len(a)))
    e_keys = pd.Series(_labels(pd.Index(expected[key])), index=range(len(expected)))
    counts = a_keys.value_counts(sort=False)
    if (counts > 1).any():
        dup = counts.index[counts > 1][0]
        raise Wrong(f"`{name}` should have one row per {noun}, but has {int(counts[dup])} rows "
                    f"for {noun} {dup}.")
    missing = e_keys[~e_keys.isin(a_keys)]
    extra = a_keys[~a_keys.isin(e_keys)]
    if len(a) != len(expected) or len(missing) or len(extra):
        text = f"`{name}` should have {_plural(len(expected), 'row')}"
        text += f", but has {len(a):,}." if len(a) != len(expected) else "."
        if len(missing):
            text += (f" It is missing {_plural(len(missing), noun)} that belong in it, e.g. "
                     f"{', '.join(missing.iloc[:_EXAMPLES])}.")
        if len(extra):
            text += (f" It has {_plural(len(extra), noun)} that do not belong in it, e.g. "
                     f"{', '.join(extra.iloc[:_EXAMPLES])}.")
        raise Wrong(text)
    if ordered and not a_keys.reset_index(drop=True).equals(e_keys.reset_index(drop=True)):
        first = int(np.flatnonzero(a_keys.to_numpy() != e_keys.to_numpy())[0])
        raise Wrong(f"`{name}` has the right {noun}s, but not in the right order: row "
                    f"{first + 1} ({noun} {a_keys.iloc[first]}) is out of place.")
    position = pd.Series(range(len(a)), index=a_keys.to_numpy())
    rows = position.reindex(e_keys.to_numpy()).to_numpy()
    for col in columns:
        got = a[col].iloc[rows].reset_index(drop=True)
        want = expected[col].reset_index(drop=True)
        same = _values_equal(got, want, tol)
        if not same.all():
            bad = np.flatnonzero(~same)
            k = e_keys.iloc[bad[0]]
            raise Wrong(f"`{name}` has the wrong {col!r} for {_plural(len(bad), noun)}, e.g. "
                        f"{noun} {k}: {fmt(got.iloc[bad[0]])}.")

