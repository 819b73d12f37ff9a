"""kamkit tables as people read them: figures formatted, codes translated.

:func:`format_table` turns any kamkit table (a segment, a pursuit list, a scorecard, the
coverage, ...) into text for a notebook, a report or a widget; :func:`format_scorecard` lays the
scorecard out as a manager reads it, one row per figure. Both only present numbers that the
analysis computed: they never compute one. Numbers, money, shares and dates come from
:mod:`kamkit.presentation.i18n`, the words (yes / no, percentage points) from the catalogue.

>>> import kamkit as kk
>>> kk.format_table(kk.pursuit_list(market, top=10), language="pt-BR")  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import math

__all__ = [
    "format_table",
    "format_scorecard",
    "format_value",
    "period_label",
    "is_share",
    "SCORECARD_FIGURES",
    "MISSING",
]

#: What a blank figure shows: an em dash.
MISSING = "\u2014"

_MONEY = ("revenue", "potential", "gap", "revenue_after", "score", "target", "total_target")
_SHARE_POINTS = ("potential_captured_change", "coverage_change")

#: Figures of :func:`format_scorecard`, in the order a manager reads them.
SCORECARD_FIGURES = (
    "accounts",
    "untouched",
    "approached",
    "occasional",
    "regular",
    "lapsed",
    "conversions",
    "lapses",
    "revenue",
    "potential",
    "potential_captured",
    "coverage",
)


def is_share(column: str) -> bool:
    """Whether the column ``column`` of a kamkit table holds a share (0..1)."""
    return column in (
        "share",
        "share_of_wallet",
        "potential_captured",
        "coverage",
    ) or column.endswith("_share")


def _signed(text: str, value: float) -> str:
    if value > 0:
        return "+" + text
    return text


def format_value(column: str, value, *, language: str = "en", currency: str = "BRL") -> str:
    """One figure of the column ``column`` of a kamkit table as people read it (see
    :func:`format_table`): ``format_value("revenue", 1234.5, language="pt-BR")`` gives
    ``"R$ 1.235"``."""
    import numpy as np
    import pandas as pd

    from kamkit.presentation import i18n
    from kamkit.presentation.catalogue import word

    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return word("reports.table.yes" if value else "reports.table.no", language)
    if isinstance(value, pd.Timestamp):
        return i18n.format_date(value, language)
    if isinstance(value, pd.Period):
        return period_label(value, language)
    if not isinstance(value, (int, float, np.integer, np.floating)):
        return value
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return MISSING
    change = column.endswith("_change")
    base = column[: -len("_change")] if change else column
    if column in _SHARE_POINTS:
        number = i18n.format_number(abs(float(value)) * 100, language, decimals=1)
        sign = "-" if value < 0 and number.strip("0.,") else ""
        points = word("reports.table.points", language)
        return _signed(f"{sign}{number} {points}", value)
    if base in _MONEY:
        return _signed(
            i18n.format_money(value, currency, language, decimals=0), value if change else 0
        )
    if is_share(column):
        return i18n.format_share(value, language)
    decimals = 0 if float(value).is_integer() else 2
    number = i18n.format_number(abs(float(value)), language, decimals=decimals)
    text = ("-" if value < 0 else "") + number
    return _signed(text, value) if change else text


@functools.lru_cache(maxsize=256)
def _model_name(column: str) -> str:
    """The data model's name of a column headed with its Portuguese header (a plan that a
    Portuguese notebook writes with ``meta`` formats it as ``target``: money); else
    ``column``. Accents, case and spacing are ignored, as on load."""
    from kamkit.core.schema import TABLES, normalise_header

    folded = normalise_header(column)
    for table in TABLES.values():
        for c in table.columns:
            if c.name != column and normalise_header(c.label_pt) == folded:
                return c.name
    return column


def period_label(period, language: str | None = "en") -> str:
    """A period of :func:`kamkit.evolution` as people write it: ``"2026 Q3"`` / ``"3º tri 2026"``
    for a quarter, ``"2026-09"`` / ``"09/2026"`` for a month, the year for a year."""
    import pandas as pd

    from kamkit.presentation import i18n
    from kamkit.presentation.catalogue import word

    language = i18n.check_language(language)
    period = pd.Period(period)
    code = period.freqstr[0]
    if code == "Q":
        return word("reports.table.quarter", language).format(
            quarter=period.quarter, year=period.year
        )
    if code == "M":
        return word("reports.table.month", language).format(month=period.month, year=period.year)
    if code in ("Y", "A"):
        return str(period.year)
    return i18n.format_date(period.end_time, language)


def format_table(table, *, language: str | None = "en", currency: str = "BRL"):
    """A copy of a kamkit table ready to show people: figures formatted, codes translated.

    Money columns (``revenue``, ``potential``, ``gap``, ``target``, ..., also under their
    Portuguese header of the data model, ``meta``) are written with the currency and
    thousands separators, shares as percentages, changes with their sign (a change of a share
    in percentage points), dates as ``yyyy-mm-dd`` (``dd/mm/yyyy`` in pt-BR), blanks as an em
    dash. Then stages, quadrants, the ``"all"`` row, the codes of the account-plan tables
    (influence, relationship, status, a relationship gap or a plan's problem as its sentence)
    and the column headers are translated with :func:`kamkit.presentation.i18n.labels`. Only
    for display: the values become text.

    Parameters
    ----------
    table : DataFrame
        Any kamkit table (segment, pursuit list, scorecard, coverage, relationship map, open
        actions, plan problems, an account plan's objectives, ...).
    language : {"en", "pt-BR"}
    currency : str
        Usually ``market.parameters.currency``.

    Returns
    -------
    DataFrame
        Same rows and order; numbers, dates and booleans as text.

    Examples
    --------
    >>> kk.format_table(kk.pursuit_list(market, top=10), language="pt-BR")  # doctest: +SKIP
    """
    import pandas as pd

    from kamkit.presentation import i18n

    language = i18n.check_language(language)
    out = table.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            continue
        kind = getattr(s.dtype, "kind", "O")
        if kind == "M":
            s = pd.Series(
                [pd.Timestamp(v) if pd.notna(v) else None for v in s], index=s.index, dtype=object
            )
        elif isinstance(s.dtype, pd.PeriodDtype):
            s = s.astype(object)
        elif not (kind in "biuf" or s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            continue
        name = _model_name(str(col))
        values = [format_value(name, v, language=language, currency=currency) for v in s.tolist()]
        out[col] = pd.Series(values, index=s.index, dtype=object)
    if isinstance(out.index, (pd.PeriodIndex, pd.DatetimeIndex)):
        out.index = pd.Index(
            [format_value("", v, language=language, currency=currency) for v in out.index],
            name=out.index.name,
        )
    out = i18n.labels(out, language)
    for col in out.columns:  # a blank stage, quadrant or ABC class: a dash, never "NaN"
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype) and s.isna().any():
            out[col] = s.astype(object).where(s.notna(), MISSING)
    return out


def format_scorecard(card, *, language: str | None = "en", currency: str = "BRL"):
    """The scorecard as a manager reads it: one row per figure, one column per territory.

    Each cell is the figure with its change since the previous review in brackets, e.g.
    ``"133 (+9)"`` or ``"48.3% (-3.5 pp)"``.

    Parameters
    ----------
    card : DataFrame
        The result of :func:`kamkit.analysis.territory.scorecard` (any of its rows).
    language : {"en", "pt-BR"}
    currency : str

    Returns
    -------
    DataFrame
        Index: the figures' labels; columns: the territories (``"all"`` translated).
    """
    import pandas as pd

    from kamkit.presentation import i18n

    language = i18n.check_language(language)
    rows = {}
    for figure in SCORECARD_FIGURES:
        cells = []
        for _, row in card.iterrows():
            text = format_value(figure, row[figure], language=language, currency=currency)
            change = f"{figure}_change"
            if change in card.columns:
                delta = format_value(change, row[change], language=language, currency=currency)
                text = f"{text} ({delta})"
            cells.append(text)
        rows[i18n.label(figure, language)] = cells
    names = [i18n.label(t, language) if t == i18n.TOTAL else t for t in card["territory"]]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=names)
    table.columns.name = i18n.label("territory", language)
    return table
