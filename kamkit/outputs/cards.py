"""Visit cards (fichas de visitação): one printable card per account, for the next visit.

The old visit card is where KAM starts without big IT. ``write_cards`` prints one per account
from the data kamkit already has, in two forms:

- an HTML file with one A4 card per printed page (open it in a browser and print);
- an Excel workbook with one sheet per territory, each card a block of rows with a page break
  after it, set up to print on A4 (for those who print from Excel).

Each card shows the account's facts (code, territory, salesperson, segment, city), its
lifecycle stage, quadrant and the treatment the quadrant calls for, ABC class, potential (and
whether it is estimated), revenue in the window, share of wallet, gap to potential, the
purchases of the last 12 months as a small bar chart (HTML) or a row of monthly amounts with
data bars (Excel), the last sales lines, the last interactions and their outcomes, the
pursuit priority and visit cadence, the account plan's target stage when the data has one
(the template's ``target_stage`` column), the account's contacts (name, role, influence,
attitude: :func:`kamkit.analysis.plans.relationship_map`) and its open actions (owner, due
date, status, overdue ones marked: :func:`kamkit.analysis.plans.open_actions`) when it has
any, and blank lines for the next visit's date, objective and notes. Every figure is the one
:func:`kamkit.segment` computes.

The 12 months of the chart are the calendar months ending with the month of the as-of date
(sales up to the as-of day), so with the default 12-month window they add up to the card's
revenue.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError, Text
from kamkit.presentation import palette
from kamkit.presentation.cells import Formats, cell_text, missing

if TYPE_CHECKING:  # annotations only: pandas loads when a file is written
    import numpy as np
    import pandas as pd

    from kamkit.model.market import Market

__all__ = [
    "write_cards",
    "LAST_PURCHASES",
    "LAST_VISITS",
    "CHART_MONTHS",
    "CARDS_PER_SHEET",
    "CARD_CONTACTS",
    "CARD_ACTIONS",
]

#: Sales lines listed on a card (the latest first).
LAST_PURCHASES = 5
#: Interactions listed on a card (the latest first).
LAST_VISITS = 5
#: Months in the purchase chart, ending with the month of the as-of date.
CHART_MONTHS = 12
#: Contacts listed on a card (decision makers first, as in the relationship map).
CARD_CONTACTS = 3
#: Open actions listed on a card (the earliest due first).
CARD_ACTIONS = 3
#: Cards per Excel sheet (Excel allows 1,023 page breaks a sheet); more go to "T (2)", ...
CARDS_PER_SHEET = 1000

_NOTE_CHARS = 160  # longest note shown on a card
_OBJECTIVE_LINES = 3
_NOTE_LINES = 5
# a card with contacts or open actions gives them the room of some ruled lines (A4 stays one page)
_PLAN_OBJECTIVE_LINES = 2
_PLAN_NOTE_LINES = 2
#: The colour of the chart's bars (a return, below the axis, is in the accent colour).
_BAR = palette.ABC["A"]

# Texts people read are in the catalogue, kamkit/presentation/words/cards.toml (keys cards.*).


def _t(key: str, language: str, **fields) -> str:
    text = _word(key, language)
    return text.format(**fields) if fields else text


@functools.cache
def _word(key: str, language: str) -> str:
    from kamkit.presentation.catalogue import word

    return word(f"cards.{key}", language)


# -- choosing the accounts ---------------------------------------------------------------------


def _error(key: str) -> Text:
    from kamkit.presentation.catalogue import text

    return text(f"cards.error.{key}")


def _select(market: Market, table: pd.DataFrame, territory, accounts) -> pd.DataFrame:
    import numpy as np

    keep = np.ones(len(table), dtype=bool)
    if territory is not None:
        territory = market.check_territory(territory)
        keep &= (table["territory"] == territory).fillna(False).to_numpy(dtype=bool)
    if accounts is not None:
        wanted = [accounts] if isinstance(accounts, str) else [str(a) for a in accounts]
        if not wanted:
            raise KamkitError(_error("no_accounts"))
        ids = table["account_id"].astype(str)
        known = set(ids)
        unknown = [a for a in wanted if a not in known]
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], sorted(known), n=1)
            hint = _error("did_you_mean").format(close=close[0]) if close else ""
            named = ", ".join(map(repr, unknown[:5]))
            unknown_text, the_data = _error("unknown"), _error("the_data")
            source = Text(market.source, market.source) if market.source else the_data
            raise KamkitError(
                Text(
                    unknown_text.en.format(accounts=named, source=source.en),
                    unknown_text.pt.format(accounts=named, source=source.pt),
                )
                + hint
                + _error("check_codes")
            )
        chosen = ids.isin(wanted).to_numpy()
        if territory is not None and not (keep & chosen).any():
            raise KamkitError(
                _error("not_in_territory").format(
                    accounts=", ".join(map(repr, wanted[:5])), territory=territory
                )
            )
        keep &= chosen
    rows = table[keep]
    order = np.lexsort(
        (
            rows["account_id"].astype(str).to_numpy(),
            -rows["revenue"].to_numpy(dtype="float64"),
            rows["priority"].to_numpy(dtype="float64", na_value=np.inf),
            rows["salesperson"].astype(object).fillna("\uffff").astype(str).to_numpy(),
            rows["territory"].astype(object).fillna("\uffff").astype(str).to_numpy(),
        )
    )
    return rows.iloc[order]


# -- the facts behind the cards ----------------------------------------------------------------


def _months(as_of: pd.Timestamp) -> list[pd.Timestamp]:
    from kamkit.analysis.visits import chart_months

    return [m.to_timestamp() for m in chart_months(as_of, CHART_MONTHS)]


def _latest(
    frame: pd.DataFrame,
    positions: np.ndarray,
    as_of: pd.Timestamp,
    n: int,
    columns: tuple[str, ...],
) -> dict[int, list[tuple]]:
    """The last ``n`` rows up to as_of of each account (by position in accounts), latest first.

    Rows are plain tuples of ``columns`` (dates as Timestamps), so cards are cheap to format.
    """
    import numpy as np
    import pandas as pd

    codes = frame["account_id"].cat.codes.to_numpy()
    dates = frame["date"].to_numpy(dtype="datetime64[ns]")
    end = (as_of + pd.Timedelta(days=1)).to_datetime64()
    wanted = np.zeros(len(frame["account_id"].cat.categories) + 1, dtype=bool)
    wanted[positions] = True  # the last slot stays False: code -1 (no account) lands there
    keep = np.flatnonzero(wanted[codes] & (dates < end))
    # latest first within each account; ties keep the later row first
    order = np.lexsort((-keep, -dates[keep].astype(np.int64), codes[keep]))
    rows = keep[order]
    code = codes[rows]
    first = np.r_[0, np.flatnonzero(code[1:] != code[:-1]) + 1]
    within = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
    rows, code = rows[within < n], code[within < n]
    values = [
        frame[c].iloc[rows].astype(object).tolist()
        if c != "date"
        else list(pd.DatetimeIndex(dates[rows]))
        for c in columns
    ]
    out: dict[int, list[tuple]] = {}
    for k, item in zip(code.tolist(), zip(*values)):
        out.setdefault(k, []).append(item)
    return out


def _target_stages(market: Market) -> pd.Series | None:
    from kamkit.core.schema import TARGET_STAGE, normalise_header

    spellings = {normalise_header(s) for s in TARGET_STAGE}
    column = next((c for c in market.accounts.columns if normalise_header(c) in spellings), None)
    return None if column is None else market.accounts[column]


_PURCHASE_FIELDS = ("date", "product", "family", "amount")
_VISIT_FIELDS = ("date", "kind", "salesperson", "outcome", "notes")


_CONTACT_FIELDS = ("name", "role", "influence", "relationship")
_ACTION_FIELDS = ("action", "owner", "due_date", "status", "overdue", "days_overdue")


class _Card:
    """Everything one card shows, as plain values (formatting happens per output)."""

    def __init__(self, row, months, purchases, visits, target, city, state, contacts, actions):
        self.row = row
        self.city, self.state = city, state
        self.months = months  # amounts per chart month
        self.purchases = purchases or []  # tuples of _PURCHASE_FIELDS, latest first
        self.visits = visits or []  # tuples of _VISIT_FIELDS, latest first
        self.target = target
        self.contacts = contacts or []  # tuples of _CONTACT_FIELDS, the map's order
        self.actions = actions or []  # tuples of _ACTION_FIELDS, the earliest due first


def _plan_rows(market: Market, ids: list[str]) -> tuple[dict, dict]:
    """The contacts and open actions of the accounts ``ids`` (at most ``CARD_CONTACTS`` and
    ``CARD_ACTIONS`` each), by account_id."""
    if market.contacts.empty and market.actions.empty:
        return {}, {}
    from kamkit.analysis.plans import open_actions, relationship_map

    wanted = set(ids)
    out = []
    for table, fields, cap in (
        (relationship_map(market), _CONTACT_FIELDS, CARD_CONTACTS),
        (open_actions(market), _ACTION_FIELDS, CARD_ACTIONS),
    ):
        rows: dict[str, list[tuple]] = {}
        table = table.loc[table["account_id"].isin(wanted).to_numpy(dtype=bool)]
        for account, *values in zip(table["account_id"], *(table[f] for f in fields)):
            found = rows.setdefault(account, [])
            if len(found) < cap:
                found.append(tuple(values))
        out.append(rows)
    return out[0], out[1]


def _cards(market: Market, rows: pd.DataFrame) -> list[_Card]:
    import pandas as pd

    from kamkit.analysis.visits import monthly_purchases

    as_of = market.as_of
    ids = pd.Index(market.accounts["account_id"].astype(str))
    positions = ids.get_indexer(rows["account_id"].astype(str))
    grid = monthly_purchases(
        market, rows["account_id"].astype(str).tolist(), months=CHART_MONTHS
    ).to_numpy()
    purchases = _latest(market.sales, positions, as_of, LAST_PURCHASES, _PURCHASE_FIELDS)
    visits = _latest(market.visits, positions, as_of, LAST_VISITS, _VISIT_FIELDS)
    targets = _target_stages(market)
    contacts, actions = _plan_rows(market, rows["account_id"].astype(str).tolist())
    codes = rows["account_id"].astype(str).tolist()
    city = market.accounts["city"].to_numpy(dtype=object)
    state = market.accounts["state"].to_numpy(dtype=object)
    cards = []
    for i, (pos, row) in enumerate(zip(positions, rows.itertuples(index=False))):
        target = None
        if targets is not None:
            value = targets.iat[pos]
            target = value if isinstance(value, str) and value.strip() else None
        cards.append(
            _Card(
                row,
                grid[i],
                purchases.get(int(pos)),
                visits.get(int(pos)),
                target,
                city[pos],
                state[pos],
                contacts.get(codes[i]),
                actions.get(codes[i]),
            )
        )
    return cards


# -- formatting ----------------------------------------------------------------------------------


def _date(value, language: str) -> str:
    from kamkit.presentation.i18n import format_date

    return "" if missing(value) else format_date(value, language)


@functools.cache
def _month_label(month: pd.Timestamp, language: str) -> str:
    """``Sep/26`` (en), ``set/26`` (pt-BR): the month's short name from the catalogue."""
    return f"{_t(f'month.{month.month}', language)}/{month:%y}"


def _stage_text(code, language: str) -> str:
    """A stage in ``language``, from its code or its name in either language (the pt-BR
    template's target stage holds the Portuguese name, ``comprador regular``)."""
    from kamkit.analysis.segmentation import STAGES
    from kamkit.presentation.i18n import label

    if missing(code):
        return ""
    text = str(code)
    names = {label(s, lang).casefold(): s for s in STAGES for lang in ("en", "pt-BR")}
    text = names.get(text.strip().casefold(), text)  # the code, from a name in either language
    try:
        return label(text, language)
    except KamkitError:
        return str(code)


def _cadence(code, language: str) -> str:
    from kamkit.presentation.i18n import label

    return "" if missing(code) else label(str(code), language)


# -- HTML ------------------------------------------------------------------------------------
# The page is the template kamkit/presentation/templates/cards.html.j2 (autoescaped): this
# part only gathers plain values for it.


def _raw(raw) -> str:
    """A value as it goes in ``data-value``: exact, for tests and tools."""
    import numpy as np

    if missing(raw):
        return ""
    return repr(float(raw)) if isinstance(raw, (float, np.floating)) else str(raw)


def _chart(card: _Card, months: list[pd.Timestamp], fmt: Formats) -> dict:
    """The purchase chart's geometry: bars and labels for the template's SVG."""
    import numpy as np

    from kamkit.presentation import palette

    values = card.months
    top = max(float(np.max(values)), 0.0) if len(values) else 0.0
    width, height, axis, room = 880, 130, 100, 85
    step = width / len(values)
    bars = []
    for k, (month, value) in enumerate(zip(months, values)):
        x = k * step + step * 0.15
        w = step * 0.7
        if value > 0 and top > 0:
            h = max(value / top * room, 1.0)
            y, colour = axis - h, _BAR
        elif value < 0 and top > 0:
            h = min(-value / top * room, 10.0)
            y, colour = axis, palette.ACCENT
        else:
            h, y, colour = 0.0, axis, _BAR
        label = _month_label(month, fmt.language)
        bars.append(
            {
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "width": f"{w:.1f}",
                "height": f"{h:.1f}" if h > 0 else "",
                "colour": colour,
                "tip": f"{label}: {fmt.money(value)}",
                "middle": f"{x + w / 2:.1f}",
                "label": label,
            }
        )
    return {
        "title": _t("chart", fmt.language, months=CHART_MONTHS, total=fmt.money(values.sum())),
        "width": width,
        "height": height,
        "axis": axis,
        "bars": bars,
        "top": fmt.money(top) if top > 0 else "",
    }


def _card_context(card: _Card, months, fmt: Formats) -> dict:
    from kamkit.presentation import palette
    from kamkit.presentation.i18n import strategy

    r, lang = card.row, fmt.language
    place = " / ".join(x for x in (cell_text(card.city), cell_text(card.state)) if x)
    facts = [
        (_t("account", lang), cell_text(r.account_id)),
        (_t("territory", lang), cell_text(r.territory) or _t("no_territory", lang)),
        (_t("salesperson", lang), cell_text(r.salesperson)),
        (_t("segment", lang), cell_text(r.segment)),
        (_t("city", lang), place),
    ]
    badges = [
        {
            "field": field,
            "code": cell_text(code),
            "text": _stage_text(code, lang),
            "colour": palette.tint(colours[str(code)]) if str(code) in colours else palette.WHITE,
        }
        for field, code, colours in (
            ("stage", r.stage, palette.STAGE),
            ("quadrant", r.quadrant, palette.QUADRANT),
        )
    ]
    potential = fmt.money(r.potential)
    if bool(r.potential_estimated):
        potential += f" ({_t('estimated', lang)})"
    never = _t("never", lang)
    if missing(r.priority):
        priority, cadence = _t("not_pursued", lang), "\u2014"
    else:
        priority = _t("rank", lang, rank=int(r.priority))
        cadence = _cadence(_cadence_of(r.priority), lang)
    numbers = [
        ("potential", _t("potential", lang), potential, r.potential),
        ("revenue", _t("revenue", lang, months=fmt.lookback), fmt.money(r.revenue), r.revenue),
        (
            "share_of_wallet",
            _t("share_of_wallet", lang),
            fmt.share(r.share_of_wallet),
            r.share_of_wallet,
        ),
        ("gap", _t("gap", lang), fmt.money(r.gap), r.gap),
        (
            "last_purchase",
            _t("last_purchase", lang),
            _date(r.last_purchase, lang) or never,
            _date(r.last_purchase, "en"),
        ),
        (
            "last_visit",
            _t("last_visit", lang),
            _date(r.last_visit, lang) or never,
            _date(r.last_visit, "en"),
        ),
        (
            "days_since_contact",
            _t("days_since_contact", lang),
            fmt.count(r.days_since_contact),
            r.days_since_contact,
        ),
        ("visits", _t("visits", lang, months=fmt.lookback), fmt.count(r.visits), r.visits),
        ("priority", _t("priority", lang), priority, r.priority),
        ("cadence", _t("cadence", lang), cadence, _cadence_of(r.priority)),
    ]
    if card.target is not None:
        numbers.append(
            ("target_stage", _t("target_stage", lang), _stage_text(card.target, lang), card.target)
        )
    purchases = {
        "heads": [
            (_t("date", lang), ""),
            (_t("product", lang), ""),
            (_t("amount", lang), "amount"),
        ],
        "rows": [
            [
                (_date(date, lang), ""),
                (" \u00b7 ".join(x for x in (cell_text(product), cell_text(family)) if x), ""),
                (fmt.money(amount), "amount"),
            ]
            for date, product, family, amount in card.purchases
        ],
    }
    visits = {
        "heads": [(_t(k, lang), "") for k in ("date", "kind", "who", "outcome", "notes")],
        "rows": [
            [
                (text, "")
                for text in (
                    _date(date, lang),
                    cell_text(kind),
                    cell_text(who),
                    cell_text(outcome),
                    _short(cell_text(notes)),
                )
            ]
            for date, kind, who, outcome, notes in card.visits
        ],
    }
    plan = _plan_context(card, fmt)
    planned = bool(card.contacts or card.actions)
    return {
        "plan": plan,
        "objective_lines": _PLAN_OBJECTIVE_LINES if planned else _OBJECTIVE_LINES,
        "note_lines": _PLAN_NOTE_LINES if planned else _NOTE_LINES,
        "account": cell_text(r.account_id),
        "heading": cell_text(r.name) or cell_text(r.account_id),
        "facts": [(name, value) for name, value in facts if value],
        "badges": badges,
        "abc": cell_text(r.abc_class),
        "advice": "" if missing(r.quadrant) else strategy(str(r.quadrant), lang),
        "numbers": [
            {"field": field, "name": name, "shown": shown, "raw": _raw(raw)}
            for field, name, shown, raw in numbers
        ],
        "chart": _chart(card, months, fmt),
        "purchases": purchases,
        "visits": visits,
    }


def _plan_word(kind: str, code, language: str) -> str:
    """An influence, relationship or status code in ``language`` (as typed when unknown)."""
    from kamkit.presentation.catalogue import catalogue, word

    if missing(code) or not str(code).strip():
        return ""
    key = f"plans.{kind}.{code}"
    return word(key, language) if key in catalogue() else str(code)


def _overdue_text(days, language: str) -> str:
    from kamkit.presentation.catalogue import word

    if int(days) == 1:
        return word("plans.doc.overdue_one", language)
    return word("plans.doc.overdue", language).format(days=int(days))


def _plan_context(card: _Card, fmt: Formats) -> dict:
    """The card's contacts and open actions, as the template lists them."""
    lang = fmt.language
    contacts = {
        "heads": [(_t(k, lang), "") for k in ("contact_name", "role", "influence", "relationship")],
        "rows": [
            [
                (cell_text(name), ""),
                (cell_text(role), ""),
                (_plan_word("influence", influence, lang), ""),
                (_plan_word("relationship", relationship, lang), ""),
            ]
            for name, role, influence, relationship in card.contacts
        ],
    }
    actions = {
        "heads": [(_t(k, lang), "") for k in ("action", "owner", "due", "status")],
        "rows": [
            [
                (cell_text(action), ""),
                (cell_text(owner), ""),
                (
                    _date(due, lang) + (f" — {_overdue_text(days, lang)}" if bool(overdue) else ""),
                    "overdue" if bool(overdue) else "",
                ),
                (_plan_word("status", status, lang), ""),
            ]
            for action, owner, due, status, overdue, days in card.actions
        ],
    }
    return {"contacts": contacts, "actions": actions}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _NOTE_CHARS else text[: _NOTE_CHARS - 1].rstrip() + "\u2026"


def _cadence_of(priority):
    import numpy as np

    from kamkit.analysis.pursuit import CADENCE_RANKS, CADENCES

    if missing(priority):
        return None
    return CADENCES[int(np.searchsorted(np.asarray(CADENCE_RANKS), int(priority), side="left"))]


def _html_document(cards: list[_Card], market: Market, fmt: Formats, title: str) -> str:
    from kamkit.presentation.html import render

    months = _months(market.as_of)
    lang = fmt.language
    return render(
        "cards.html.j2",
        lang=lang,
        title=title,
        cards=[_card_context(c, months, fmt) for c in cards],
        t=lambda key, **fields: _t(key, lang, **fields),
        footer_as_of=_t("as_of", lang, as_of=_date(market.as_of, lang)),
    )


# -- Excel -------------------------------------------------------------------------------------


class _XlsxStyles:
    def __init__(self, book, language: str):
        from kamkit.files.writing import DATE_FORMATS

        date = DATE_FORMATS[language]
        self.name = book.add_format({"bold": True, "font_size": 14, "bottom": 2})
        self.label = book.add_format({"font_color": palette.MUTED})
        self.bold = book.add_format({"bold": True})
        self.section = book.add_format({"bold": True, "bottom": 1, "font_size": 11})
        self.head = book.add_format({"bold": True, "font_color": palette.MUTED, "bottom": 1})
        self.money = book.add_format({"bold": True, "num_format": "#,##0.00"})
        self.money_plain = book.add_format({"num_format": "#,##0.00"})
        self.month = book.add_format({"num_format": "#,##0", "font_size": 9})
        self.month_head = book.add_format(
            {"font_size": 9, "font_color": palette.MUTED, "align": "center"}
        )
        self.share = book.add_format({"bold": True, "num_format": "0.0%"})
        self.int = book.add_format({"bold": True, "num_format": "0"})
        self.date = book.add_format({"bold": True, "num_format": date})
        self.date_plain = book.add_format({"num_format": date})
        self.input_date = book.add_format({"num_format": date, "bottom": 1})
        self.line = book.add_format({"bottom": 1})
        self.small = book.add_format({"font_size": 9, "valign": "top"})
        self.overdue = book.add_format(
            {"font_size": 9, "bold": True, "font_color": palette.PRIORITY_TEXT}
        )
        self.fills = {
            code: book.add_format({"bold": True, "bg_color": palette.tint(colour), "border": 1})
            for code, colour in {**palette.STAGE, **palette.QUADRANT}.items()
        }


_XLSX_COLUMNS = 12  # the month row is the widest part of a card


def _write_xlsx(
    path: Path,
    groups: list[tuple[str, list[_Card]]],
    market: Market,
    fmt: Formats,
    kinds: list[str],
) -> None:
    from kamkit.files.writing import workbook
    from kamkit.presentation.names import sheet_names

    lang = fmt.language
    months = _months(market.as_of)
    book = workbook(path, _t("cards", lang))
    try:
        styles = _XlsxStyles(book, lang)
        chunks = []
        for name, cards in groups:
            for k in range(0, max(len(cards), 1), CARDS_PER_SHEET):
                label = name if k == 0 else f"{name} ({k // CARDS_PER_SHEET + 1})"
                chunks.append((label, cards[k : k + CARDS_PER_SHEET]))
        sheet_of = sheet_names([c[0] for c in chunks])
        for label, cards in chunks:
            ws = book.add_worksheet(sheet_of[label])
            _xlsx_sheet(ws, cards, months, fmt, styles, kinds, market.as_of)
    finally:
        book.close()


def _xlsx_sheet(
    ws, cards: list[_Card], months, fmt: Formats, styles: _XlsxStyles, kinds: list[str], as_of
) -> None:
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.set_column(0, _XLSX_COLUMNS - 1, 8.5)
    ws.hide_gridlines(0)
    breaks = []
    row = 0
    for card in cards:
        if row:
            breaks.append(row)
        row = _xlsx_card(ws, row, card, months, fmt, styles, kinds, as_of) + 1
    if breaks:
        ws.set_h_pagebreaks(breaks)
    ws.print_area(0, 0, max(row - 1, 0), _XLSX_COLUMNS - 1)


def _xlsx_card(
    ws, row: int, card: _Card, months, fmt: Formats, styles: _XlsxStyles, kinds: list[str], as_of
) -> int:
    """Write one card from ``row``; returns the last row used."""
    r, lang = card.row, fmt.language
    last = _XLSX_COLUMNS - 1
    ws.merge_range(row, 0, row, last, cell_text(r.name) or cell_text(r.account_id), styles.name)
    row += 1
    pairs = [
        ("account", r.account_id),
        ("territory", r.territory),
        ("salesperson", r.salesperson),
        ("segment", r.segment),
    ]
    for k, (key, value) in enumerate(pairs):
        col = (k % 2) * 6
        if k and k % 2 == 0:
            row += 1
        ws.write_string(row, col, _t(key, lang), styles.label)
        ws.write_string(row, col + 2, cell_text(value) or "\u2014", styles.bold)
    row += 2
    ws.write_string(row, 0, _t("stage", lang), styles.label)
    ws.write_string(row, 2, _stage_text(r.stage, lang), styles.fills.get(str(r.stage), styles.bold))
    ws.write_string(row, 6, _t("quadrant", lang), styles.label)
    ws.write_string(
        row, 8, _stage_text(r.quadrant, lang), styles.fills.get(str(r.quadrant), styles.bold)
    )
    row += 1
    ws.write_string(row, 0, _t("abc_class", lang), styles.label)
    ws.write_string(row, 2, cell_text(r.abc_class) or "\u2014", styles.bold)
    if card.target is not None:
        ws.write_string(row, 6, _t("target_stage", lang), styles.label)
        ws.write_string(row, 9, _stage_text(card.target, lang), styles.bold)
    row += 2
    numbers = [
        ("potential", r.potential, styles.money),
        ("revenue", r.revenue, styles.money),
        ("share_of_wallet", r.share_of_wallet, styles.share),
        ("gap", r.gap, styles.money),
        ("last_purchase", r.last_purchase, styles.date),
        ("last_visit", r.last_visit, styles.date),
        ("days_since_contact", r.days_since_contact, styles.int),
        ("visits", r.visits, styles.int),
        ("priority", r.priority, styles.int),
        ("cadence", _cadence(_cadence_of(r.priority), lang) or None, styles.bold),
    ]
    for k, (key, value, style) in enumerate(numbers):
        col = (k % 2) * 6
        if k and k % 2 == 0:
            row += 1
        ws.write_string(row, col, _t(key, lang, months=fmt.lookback), styles.label)
        _xlsx_value(ws, row, col + 3, key, value, style, fmt)
        if key == "potential" and bool(r.potential_estimated):
            ws.write_string(row, col + 4, f"({_t('estimated', lang)})", styles.label)
    row += 2
    ws.write_string(
        row,
        0,
        _t("chart", lang, months=CHART_MONTHS, total=fmt.money(card.months.sum())),
        styles.section,
    )
    row += 1
    for k, month in enumerate(months):
        ws.write_string(row, k, _month_label(month, lang), styles.month_head)
        ws.write_number(row + 1, k, float(card.months[k]), styles.month)
    ws.conditional_format(
        row + 1,
        0,
        row + 1,
        CHART_MONTHS - 1,
        {
            "type": "data_bar",
            "bar_color": _BAR,
            "data_bar_2010": False,
            "min_type": "num",
            "min_value": 0,
        },
    )
    row += 3
    row = _xlsx_list(
        ws, row, _t("last_purchases", lang), card.purchases, lang, styles, fmt, purchases=True
    )
    row = _xlsx_list(
        ws, row, _t("last_visits", lang), card.visits, lang, styles, fmt, purchases=False
    )
    row = _xlsx_plan(ws, row, card, lang, styles)
    ws.write_string(row, 0, _t("next_visit", lang), styles.section)
    row += 1
    ws.write_string(row, 0, _t("next_date", lang), styles.label)
    ws.write_blank(row, 2, None, styles.input_date)
    ws.write_blank(row, 3, None, styles.input_date)
    ws.data_validation(
        row,
        2,
        row,
        2,
        {
            "validate": "date",
            "criteria": ">=",
            "value": _dt.date(1990, 1, 1),
            "error_message": _t("date_error", lang),
        },
    )
    ws.write_string(row, 6, _t("kind", lang), styles.label)
    for col in range(8, 11):
        ws.write_blank(row, col, None, styles.line)
    source = ",".join(kinds)
    if kinds and len(source) <= 255:
        ws.data_validation(
            row,
            8,
            row,
            8,
            {"validate": "list", "source": kinds, "error_message": _t("kind_error", lang)},
        )
    row += 2
    for key, lines in (("objective", _OBJECTIVE_LINES), ("next_notes", _NOTE_LINES)):
        ws.write_string(row, 0, _t(key, lang), styles.bold)
        row += 1
        for _ in range(lines):
            ws.set_row(row, 21, styles.line)  # a ruled line to write on
            row += 1
        row += 1
    footer = f"{_t('card', lang)} \u00b7 {_t('as_of', lang, as_of=_date(as_of, lang))}"
    ws.write_string(row, 0, footer + " \u00b7 kamkit", styles.label)
    return row


def _xlsx_value(ws, row: int, col: int, key: str, value, style, fmt: Formats) -> None:
    import pandas as pd

    if missing(value):
        never = key in ("last_purchase", "last_visit")
        ws.write_string(row, col, _t("never", fmt.language) if never else "\u2014", style)
    elif key in ("last_purchase", "last_visit"):
        ws.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), style)
    elif isinstance(value, str):
        ws.write_string(row, col, value, style)
    else:
        ws.write_number(row, col, float(value), style)


def _xlsx_plan(ws, row: int, card: _Card, lang: str, styles: _XlsxStyles) -> int:
    """The card's contacts and open actions (only those it has); returns the next row."""
    if card.contacts:
        ws.write_string(row, 0, _t("contacts", lang), styles.section)
        row += 1
        heads = (("contact_name", 0), ("role", 3), ("influence", 6), ("relationship", 9))
        for key, col in heads:
            ws.write_string(row, col, _t(key, lang), styles.head)
        row += 1
        for name, role, influence, relationship in card.contacts:
            for col, text in (
                (0, cell_text(name)),
                (3, cell_text(role)),
                (6, _plan_word("influence", influence, lang)),
                (9, _plan_word("relationship", relationship, lang)),
            ):
                if text:
                    ws.write_string(row, col, text, styles.small)
            row += 1
        row += 1
    if card.actions:
        ws.write_string(row, 0, _t("open_actions", lang), styles.section)
        row += 1
        for key, col in (("action", 0), ("owner", 4), ("due", 6), ("status", 9)):
            ws.write_string(row, col, _t(key, lang), styles.head)
        row += 1
        for action, owner, due, status, overdue, days in card.actions:
            for col, text in (
                (0, cell_text(action)),
                (4, cell_text(owner)),
                (9, _plan_word("status", status, lang)),
            ):
                if text:
                    ws.write_string(row, col, text, styles.small)
            if not missing(due):
                ws.write_datetime(row, 6, due.to_pydatetime(), styles.date_plain)
            if bool(overdue):
                ws.write_string(row, 7, _overdue_text(days, lang), styles.overdue)
            row += 1
        row += 1
    return row


def _xlsx_list(
    ws,
    row: int,
    title: str,
    items: list[tuple],
    lang: str,
    styles: _XlsxStyles,
    fmt: Formats,
    *,
    purchases: bool,
) -> int:
    ws.write_string(row, 0, title, styles.section)
    row += 1
    if not items:
        ws.write_string(row, 0, _t("none", lang))
        return row + 2
    if purchases:
        heads = (("date", 0), ("product", 2), ("amount", 9))
    else:
        heads = (("date", 0), ("kind", 2), ("who", 3), ("outcome", 5), ("notes", 7))
    for key, col in heads:
        ws.write_string(row, col, _t(key, lang), styles.head)
    row += 1
    for item in items:
        ws.write_datetime(row, 0, item[0].to_pydatetime(), styles.date_plain)
        if purchases:
            _date_, product, family, amount = item
            product = " \u00b7 ".join(x for x in (cell_text(product), cell_text(family)) if x)
            if product:
                ws.write_string(row, 2, product, styles.small)
            ws.write_number(row, 9, float(amount), styles.money_plain)
        else:
            _date_, kind, who, outcome, notes = item
            for col, text in (
                (2, cell_text(kind)),
                (3, cell_text(who)),
                (5, cell_text(outcome)),
                (7, _short(cell_text(notes))),
            ):
                if text:
                    ws.write_string(row, col, text, styles.small)
        row += 1
    return row + 1


# -- the function and the command --------------------------------------------------------------


def _file_name(market: Market, territory: str) -> str:
    """The territory's part of the cards' file name: the reports' rule (kamkit.presentation.names), over
    all the market's territories, so ``Sul`` and ``SUL`` never share a file."""
    from kamkit.presentation.names import report_names

    known = [str(t) for t in market.territories]
    return report_names([*known, str(territory)])[str(territory)]


def _segment_table(market: Market) -> pd.DataFrame:
    from kamkit.analysis.segmentation import segment

    return segment(market)


def write_cards(
    market: Market,
    out_dir: str | os.PathLike,
    *,
    territory: str | None = None,
    accounts=None,
    language: str | None = None,
) -> list[Path]:
    """Write printable visit cards: an HTML file (one A4 card per page) and an Excel workbook.

    Parameters
    ----------
    market : Market
    out_dir : str or path-like
        Folder for the two files (created if needed). Nothing else in it is touched.
    territory : str, optional, keyword-only
        Only this territory's accounts (an unknown territory is an error listing the known
        ones).
    accounts : list of str, optional, keyword-only
        Only these account codes (with ``territory``: those of them in the territory).
    language : {"en", "pt-BR"}, optional, keyword-only
        Language of the cards; default the market's ``language`` parameter.

    Returns
    -------
    list of Path
        ``[html, xlsx]``: ``cards.html`` and ``cards.xlsx``, or ``cards-<territory>.html`` and
        ``.xlsx`` for one territory (accents and spaces folded: ``cards-sao-paulo-capital``);
        in Portuguese ``fichas.html``, ``fichas-sao-paulo-capital.xlsx``...

    Notes
    -----
    What a card shows is in the module docstring. Cards are ordered by territory, then
    salesperson, then pursuit priority (the pursuit list first), then revenue high to low. The
    Excel workbook has one sheet per territory (at most ``CARDS_PER_SHEET`` cards a sheet).
    Every text from the data is HTML-escaped in the HTML file and written as text (never a
    formula) in the workbook; both files are written atomically.

    Examples
    --------
    >>> kk.cards.write_cards(market, "cards/", territory="Sul", language="pt-BR")  # doctest: +SKIP
    """
    from kamkit.files.documents import document_folder

    language, out_dir = document_folder(market, out_dir, language, "cards.error")
    table = _segment_table(market)
    rows = _select(market, table, territory, accounts)
    if rows.empty:
        raise KamkitError(_error("empty"))
    fmt = Formats.of(market, language)
    cards = _cards(market, rows)
    groups: dict[str, list[_Card]] = {}
    for card in cards:
        name = cell_text(card.row.territory) or _t("no_territory", language)
        groups.setdefault(name, []).append(card)
    from kamkit.presentation.i18n import VISIT_KINDS

    kinds = list(
        dict.fromkeys(
            list(VISIT_KINDS[language])
            + [k for k in market.visits["kind"].dropna().astype(str).unique().tolist() if k.strip()]
        )
    )
    if territory is not None:
        territory = market.check_territory(territory)
    stem = _t("file", language)  # cards / fichas
    if territory is not None:
        stem = f"{stem}-{_file_name(market, territory)}"
    title = _t("cards", language) + ("" if territory is None else f" \u2014 {territory}")
    html_path, xlsx_path = out_dir / f"{stem}.html", out_dir / f"{stem}.xlsx"
    document = _html_document(cards, market, fmt, title)
    with atomic_path(html_path) as tmp:
        tmp.write_text(document, encoding="utf-8")
    with atomic_path(xlsx_path) as tmp:
        _write_xlsx(tmp, list(groups.items()), market, fmt, kinds)
    return [html_path, xlsx_path]
