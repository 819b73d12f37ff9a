"""Labels in English and Brazilian Portuguese for every code kamkit shows to people.

Codes stay English everywhere (in DataFrames, on the command line, in files); only what a
person reads is translated. The vocabulary follows the table in the project's KAM notes
exactly, so a stage or quadrant has one name across notebooks, reports and plots.

Numbers, money, shares and dates are written by Babel with the CLDR data of ``en`` and
``pt_BR`` (separators, month names), on explicit patterns where kamkit's convention differs
from the locale's default: a plain space after ``R$`` (CLDR has a no-break space; a workbook
cell or a CSV keeps the plain one people type), the currency code in English (``BRL``), dates
``2025-06-30`` in English. Halves round as Babel rounds, to even on the number as written
(``0.215`` -> ``0.22``). Babel is imported on the first number written, never by
``import kamkit``.

All tables here are read-only constants; nothing in this module keeps state.

>>> label("conquer", "pt-BR")
'conquistar'
>>> format_money(1234567.891, "BRL", "pt-BR")
'R$ 1.234.567,89'
>>> format_money(1234567.891, "BRL", "en")
'BRL 1,234,567.89'
>>> format_share(0.1234, "pt-BR")
'12,3%'
"""

from __future__ import annotations

import functools
import math
from types import MappingProxyType

import pandas as pd

from kamkit.core.errors import KamkitError
from kamkit.core.schema import LANGUAGES
from kamkit.presentation import catalogue

__all__ = [
    "LANGUAGES",
    "TOTAL",
    "STRATEGIES",  # noqa: F822 (read from the catalogue on first use: __getattr__)
    "PLAN_HEADERS",
    "PLAN_CODES",
    "check_language",
    "label",
    "labels",
    "strategy",
    "format_money",
    "format_money_short",
    "format_share",
    "format_number",
    "format_count",
    "format_date",
]

#: The value used in a ``territory`` (or ``salesperson``) column for a total row.
TOTAL = "all"

_MISSING = "\u2014"  # em dash, shown for a missing number

# The labels and strategies live in the catalogue (words/labels.toml, words/strategies.toml).


@functools.cache
def _labels() -> MappingProxyType:
    """code -> (English, Portuguese) for every label: ``words/labels.toml``."""
    return MappingProxyType({code: (t.en, t.pt) for code, t in catalogue.area("labels").items()})


@functools.cache
def _strategies() -> MappingProxyType:
    """quadrant -> (English, Portuguese): ``words/strategies.toml``."""
    entries = catalogue.area("strategies")
    return MappingProxyType(
        {key.removeprefix("strategy."): (t.en, t.pt) for key, t in entries.items()}
    )


#: Column headers of the account-plan tables (kk.relationship_map, kk.open_actions,
#: kk.plan_problems, kk.account_plan, kk.plan_summary) -> the catalogue entry that names them,
#: the words of the plan documents (``words/plans.toml``): one word per idea.
PLAN_HEADERS = MappingProxyType(
    {
        "role": "plans.doc.role",
        "influence": "plans.doc.influence",
        "relationship": "plans.doc.relationship",
        "last_contact": "plans.doc.last_contact",
        "open_actions": "plans.doc.open_actions",
        "objective": "plans.doc.objective",
        "target": "plans.doc.target",
        "review_date": "plans.doc.review_date",
        "within_gap": "plans.doc.within_gap",
        "action": "plans.doc.action",
        "owner": "plans.doc.owner",
        "due_date": "plans.doc.due_date",
        "status": "plans.doc.status",
        "contact": "plans.doc.contact",
        "overdue": "plans.doc.is_overdue",
        "days_overdue": "kam.lesson.days_overdue",
        "problem": "plans.doc.problem",
        "detail": "plans.doc.detail",
        "objectives": "plans.sheet.objectives",
        "total_target": "plans.sheet.total_target",
        "overdue_actions": "plans.sheet.overdue_actions",
        "gaps": "plans.sheet.gaps",
        "problems": "plans.sheet.problems",
    }
)

#: Columns of the account-plan tables that hold codes -> the catalogue prefix of the codes'
#: words (``plans.influence.decision_maker`` is "decision maker" / "decisor"). ``gaps`` and
#: ``problems`` (kk.plan_summary) hold tuples of codes.
PLAN_CODES = MappingProxyType(
    {
        "influence": "plans.influence.",
        "relationship": "plans.relationship.",
        "status": "plans.status.",
        "gap": "plans.gap.",
        "problem": "plans.problem.",
        "gaps": "plans.gap.",
        "problems": "plans.problem.",
    }
)

#: The header of a ``gap`` column that holds relationship gaps (kk.relationship_gaps), not money.
RELATIONSHIP_GAP_HEADER = "plans.doc.relationship_gap"


@functools.cache
def _headers() -> MappingProxyType:
    """Every label (:func:`_labels`) and the plan tables' headers (:data:`PLAN_HEADERS`)."""
    entries = dict(_labels())
    words = catalogue.catalogue()
    for code, key in PLAN_HEADERS.items():
        entries.setdefault(code, words[key])
    return MappingProxyType(entries)


@functools.cache
def _codes(prefix: str) -> MappingProxyType:
    """code -> (English, Portuguese) of the catalogue entries ``prefix + code``."""
    return MappingProxyType(
        {
            key.removeprefix(prefix): value
            for key, value in catalogue.catalogue().items()
            if key.startswith(prefix) and key != prefix + "blank"
        }
    )


def __getattr__(name: str):
    if name == "STRATEGIES":  # read from the catalogue on first use
        return _strategies()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Visit kinds a team is offered, per language (a team may use more; kamkit counts every kind
#: alike): the template's drop-down and the cards' tick boxes.
VISIT_KINDS = catalogue.Words(
    *(f"workbook.visit_kind.{kind}" for kind in ("visit", "call", "email", "meeting"))
)


def _language_index(language: str | None) -> int:
    """Position of ``language`` in ``LANGUAGES``; ``None`` means English."""
    if language is None:
        return 0
    try:
        return LANGUAGES.index(language)
    except ValueError:
        raise KamkitError(
            f"Language {language!r} is not supported; use one of {', '.join(LANGUAGES)}."
        ) from None


def check_language(language: str | None) -> str:
    """Return ``language`` (``None`` -> ``"en"``); a KamkitError names the supported ones."""
    return LANGUAGES[_language_index(language)]


def label(code: str, language: str | None = "en") -> str:
    """The label people read for a kamkit code.

    Parameters
    ----------
    code : str
        A stage (``"regular"``), quadrant (``"conquer"``), ABC class (``"A"``), column
        header (``"share_of_wallet"``), axis title (``"axis.potential"``) or report heading
        (``"heading.scorecard"``).
    language : {"en", "pt-BR"}
        ``None`` means English.

    Returns
    -------
    str

    Raises
    ------
    KamkitError
        For an unknown language or code.
    """
    i = _language_index(language)
    try:
        return _headers()[code][i]
    except (KeyError, TypeError):
        raise KamkitError(f"kamkit has no label for {code!r}.") from None


def strategy(quadrant: str, language: str | None = "en") -> str:
    """The recommended treatment of a quadrant, as one sentence.

    >>> strategy("monitor")[:8]
    'Monitor:'
    """
    i = _language_index(language)
    if quadrant not in _strategies():
        raise KamkitError(f"{quadrant!r} is not a quadrant; use one of {', '.join(_strategies())}.")
    return _strategies()[quadrant][i]


def _lenient(value, i: int):
    return _headers()[value][i] if isinstance(value, str) and value in _headers() else value


def _plan_codes(column, values: pd.Series, i: int) -> pd.Series | None:
    """The values of a plan table's code column (:data:`PLAN_CODES`) in words, or None when
    ``column`` is not one or holds no code (a ``gap`` of money). A tuple of codes becomes
    its words joined by "; "; values that are not codes are kept."""
    prefix = PLAN_CODES.get(column) if isinstance(column, str) else None
    if prefix is None or values.dtype.kind in "biufcmM":
        return None
    words = _codes(prefix)

    def known(value) -> bool:
        if isinstance(value, tuple):
            return all(isinstance(v, str) and v in words for v in value)
        return isinstance(value, str) and value in words

    if not any(known(v) for v in values.tolist()):
        return None

    def said(value):
        if isinstance(value, tuple):
            return "; ".join(words[v][i] for v in value) if known(value) else value
        return words[value][i] if known(value) else value

    return pd.Series([said(v) for v in values.tolist()], index=values.index, dtype=object)


def _translate_index(index: pd.Index, i: int) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_names([_lenient(n, i) for n in index.names])
    if isinstance(index, pd.CategoricalIndex):
        cats = [_lenient(c, i) for c in index.categories]
        if len(set(cats)) == len(cats):
            index = index.rename_categories(cats)
    elif index.dtype == object or pd.api.types.is_string_dtype(index.dtype):
        index = pd.Index([_lenient(v, i) for v in index], name=index.name)
    return index.rename(_lenient(index.name, i))


def labels(table: pd.DataFrame, language: str | None = "en") -> pd.DataFrame:
    """A copy of ``table`` ready to show: codes and headers translated.

    Translates the categories of every categorical column (stage, quadrant, ABC class, ...),
    the total-row value ``"all"`` in ``territory`` and ``salesperson`` columns, the values of a
    categorical index (e.g. the stages of ``stage_transitions``), column headers, and index
    names. In the account-plan tables, the codes of the ``influence``, ``relationship``,
    ``status``, ``gap`` and ``problem`` columns (:data:`PLAN_CODES`) become the words of the
    plan documents, a gap or problem as its sentence (a tuple of codes, as in ``plan_summary``,
    as its sentences joined by "; "); a ``gap`` column of relationship gaps is headed as such,
    a ``gap`` of money stays the gap to potential. Unknown values and headers are kept as
    they are, so any kamkit table (and any extra column of yours) can be passed through.
    Order of categorical categories is kept.

    Parameters
    ----------
    table : DataFrame
    language : {"en", "pt-BR"}

    Returns
    -------
    DataFrame
    """
    i = _language_index(language)
    out = table.copy()
    relationship_gaps = []  # positions of a "gap" column of relationship gaps, not money
    for position, col in enumerate(out.columns):
        s = out.iloc[:, position]
        if isinstance(s.dtype, pd.CategoricalDtype):
            words = _codes(PLAN_CODES[col]) if col in PLAN_CODES else _headers()
            cats = [words[c][i] if c in words else c for c in s.cat.categories]
            if len(set(cats)) == len(cats):
                out.isetitem(position, s.cat.rename_categories(cats))
            continue
        said = _plan_codes(col, s, i)
        if said is not None:
            out.isetitem(position, said)
            if col == "gap":
                relationship_gaps.append(position)
        elif col in ("territory", "salesperson"):
            out.isetitem(position, s.where(s != TOTAL, _labels()[TOTAL][i]))
    if isinstance(out.index, pd.CategoricalIndex):
        out.index = _translate_index(out.index, i)
    else:
        out.index = out.index.rename(
            [_lenient(n, i) for n in out.index.names]
            if isinstance(out.index, pd.MultiIndex)
            else _lenient(out.index.name, i)
        )
    out.columns = _translate_index(out.columns, i)
    if relationship_gaps:
        header = catalogue.catalogue()[RELATIONSHIP_GAP_HEADER][i]
        out.columns = pd.Index(
            [header if k in relationship_gaps else c for k, c in enumerate(out.columns)],
            name=out.columns.name,
        )
    return out


#: The Babel locale of each language (CLDR data: separators, month names).
_LOCALES = {"en": "en", "pt-BR": "pt_BR"}


@functools.cache
def _locale(language: str):
    from babel import Locale

    return Locale.parse(_LOCALES[language])


@functools.cache
def _pattern(pattern: str):
    """A parsed Babel number pattern (parsing once makes a table of thousands of cells fast)."""
    from babel.numbers import parse_pattern

    return parse_pattern(pattern)


def _decimals_pattern(decimals: int) -> str:
    """``#,##0`` with ``decimals`` fixed decimals: the CLDR pattern of a plain number."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _context(value: float, decimals: int):
    """A decimal context with enough digits to round ``value`` to ``decimals`` (1e30 needs 33;
    the default 28 covers every amount below 1e20)."""
    size = math.floor(math.log10(abs(value))) + 1 if abs(value) >= 1e20 else 20
    return _precise(max(28, size + decimals + 2))


@functools.cache
def _precise(digits: int):
    import decimal

    return decimal.Context(prec=digits, rounding=decimal.ROUND_HALF_EVEN)


@functools.cache
def _step(decimals: int):
    import decimal

    return decimal.Decimal(1).scaleb(-max(decimals, 0))


def _rounded(value, decimals: int):
    """``value`` as a Decimal rounded to ``decimals`` as Babel rounds: half to even, on the
    number as written (1234.5 -> 1234, 0.215 -> 0.22), without the sign when it rounds to
    zero: -0.001 is shown as 0.00, never -0.00."""
    import decimal

    number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(repr(float(value)))
    rounded = number.quantize(_step(decimals), context=_context(float(value), decimals))
    return abs(rounded) if rounded == 0 else rounded


def _apply(pattern: str, value, decimals: int, language: str) -> str:
    """``value`` rounded to ``decimals`` and written by Babel with the CLDR ``pattern``."""
    rounded = _rounded(value, decimals)
    if abs(value) < 1e20:  # Babel's own rounding of it fits the default context
        return _pattern(pattern).apply(rounded, _locale(language))
    import decimal

    with decimal.localcontext(_context(float(value), decimals)):
        return _pattern(pattern).apply(rounded, _locale(language))


def _number(value: float, decimals: int, language: str) -> str:
    """``abs(value)`` with the language's separators and exactly ``decimals`` decimals (Babel)."""
    if not math.isfinite(value):
        return f"{abs(value)}"
    return _apply(_decimals_pattern(decimals), abs(value), decimals, language)


def _missing(value) -> bool:
    try:
        return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def _checked(value, language: str | None) -> tuple[float | None, str]:
    """``value`` as a float (None when missing: None, NaN, NA) and ``language``, checked first."""
    language = check_language(language)
    return (None if _missing(value) else float(value)), language


def format_money(
    value, currency: str = "BRL", language: str | None = "en", *, decimals: int = 2
) -> str:
    """A money amount as people write it.

    pt-BR: ``"R$ 1.234.567,89"`` (the symbol ``R$`` for BRL, the currency code otherwise);
    en: ``"BRL 1,234,567.89"`` (always the code). A negative amount puts the minus sign first
    (``"-R$ 10,00"``). A missing value (None, NaN, NA) is an em dash.

    Parameters
    ----------
    value : float
    currency : str
        Currency code, e.g. the market's ``parameters.currency``.
    language : {"en", "pt-BR"}
    decimals : int
    """
    value, language = _checked(value, language)
    if value is None:
        return _MISSING
    if not math.isfinite(value):
        return f"{_symbol(currency, language)} {value}"
    # Babel's "¤ #,##0.00" (the symbol, a plain space, the number; the minus sign first:
    # "-R$ 10,00"), written as symbol + number: Babel's currency patterns look up the
    # currency's plural names on every call, ten times the cost of the number itself
    number = _apply(_decimals_pattern(decimals), abs(value), decimals, language)
    sign = "-" if value < 0 and number.strip("0.,") else ""
    return f"{sign}{_symbol(currency, language)} {number}"


@functools.cache
def _symbol(currency: str, language: str) -> str:
    """CLDR's symbol of BRL in pt-BR (``R$``); the currency code otherwise (``BRL`` in
    English, ``USD`` in pt-BR: a symbol such as ``US$`` is easy to misread)."""
    if language == "pt-BR" and currency == "BRL":
        from babel.numbers import get_currency_symbol

        return get_currency_symbol(currency, locale=_locale(language))
    return currency


def format_share(value, language: str | None = "en", *, decimals: int = 1) -> str:
    """A share (0.1234) as a percentage: ``"12.3%"`` in English, ``"12,3%"`` in pt-BR.

    A missing value (None, NaN, NA) is an em dash.
    """
    value, language = _checked(value, language)
    if value is None:
        return _MISSING
    if not math.isfinite(value):
        return f"{value * 100}%"
    # the % pattern multiplies by 100: round the percentage, then give Babel the fraction
    fraction = _rounded(_rounded(value, decimals + 6).scaleb(2), decimals).scaleb(-2)
    return _apply(_decimals_pattern(decimals) + "%", fraction, decimals + 2, language)


def format_money_short(value, currency: str = "BRL", language: str | None = "en") -> str:
    """A money amount in prose and on chart axes, as a manager says it.

    pt-BR: ``"R$ 1,2 mi"``, ``"R$ 350 mil"``, ``"R$ 4,5 mil"``, ``"R$ 870"``; en:
    ``"BRL 1.2 M"``, ``"BRL 350 k"``. The symbol follows :func:`format_money` (``R$`` for BRL in
    pt-BR, the currency code otherwise), so a page has one money format per language.
    """
    value, language = _checked(value, language)
    if value is None:
        return _MISSING
    big, thousand = ("mi", "mil") if language == "pt-BR" else ("M", "k")
    size = abs(value)
    if size >= 1e6:
        text = f"{_number(size / 1e6, 1, language)} {big}"
    elif size >= 1e4:
        text = f"{_number(size / 1e3, 0, language)} {thousand}"
    elif size >= 1e3:
        text = f"{_number(size / 1e3, 1, language)} {thousand}"
    else:
        text = _number(size, 0, language)
    symbol = _symbol(currency, language)
    sign = "-" if value < 0 and text.strip("0.,mikM ") else ""
    return f"{sign}{symbol} {text}"


def format_number(value, language: str | None = "en", *, decimals: int = 0) -> str:
    """A number with the language's separators: ``1,234.5`` (en), ``1.234,5`` (pt-BR)."""
    value, language = _checked(value, language)
    if value is None:
        return _MISSING
    if not math.isfinite(value):
        return f"{value}"
    return _apply(_decimals_pattern(decimals), value, decimals, language)


def format_count(value, language: str | None = "en") -> str:
    """A whole count: ``36,652`` (en), ``36.652`` (pt-BR)."""
    return format_number(value, language, decimals=0)


def format_date(value, language: str | None = "en") -> str:
    """A date as people of the language write it: ``2025-06-30`` (en), ``30/06/2025`` (pt-BR).

    A missing date is an em dash.
    """
    language = check_language(language)
    if value is None or value is pd.NaT or _missing(value):
        return _MISSING
    value = pd.Timestamp(value)
    if value is pd.NaT:
        return _MISSING
    from babel.dates import format_date as babel_date

    pattern = "dd/MM/yyyy" if language == "pt-BR" else "yyyy-MM-dd"
    return babel_date(value.date(), pattern, locale=_locale(language))


__all__ += ["format_period"]


def format_period(value, language: str | None = "en") -> str:
    """A reporting period as people of the language write it.

    en keeps pandas' names (``2026Q3``, ``2026-09``, ``2026``); pt-BR says ``3º tri/2026``,
    ``set/26`` and ``2026``. Any other value is shown as text; a missing one is an em dash.

    >>> format_period(pd.Period("2026Q3"), "pt-BR")
    '3º tri/2026'
    >>> format_period(pd.Period("2026-09", "M"), "pt-BR")
    'set/26'
    """
    language = check_language(language)
    if value is None or _missing(value) or value is pd.NaT:
        return _MISSING
    if not isinstance(value, pd.Period) or language != "pt-BR":
        return str(value)
    code = value.freqstr.split("-")[0]
    if code.startswith("Q"):
        return f"{value.quarter}º tri/{value.year}"
    if code == "M":
        from babel.dates import format_date as babel_date

        # CLDR's abbreviated month ("set.") without its dot, and the year in two digits
        month = babel_date(value.start_time.date(), "MMM", locale=_locale(language))
        return f"{month.rstrip('.')}/{value.year % 100:02d}"
    if code in ("Y", "A"):
        return str(value.year)
    return format_date(value.start_time, language) if code == "D" else str(value)
