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
(the template's ``target_stage`` column), and blank lines for the next visit's date,
objective and notes. Every figure is the one :func:`kamkit.segment` computes.

The 12 months of the chart are the calendar months ending with the month of the as-of date
(sales up to the as-of day), so with the default 12-month window they add up to the card's
revenue.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kamkit.cli import friendly
from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError, Text

if TYPE_CHECKING:  # annotations only: pandas loads when a file is written
    import numpy as np
    import pandas as pd

    from kamkit.model.market import Market

__all__ = [
    "write_cards",
    "cards_command",
    "LAST_PURCHASES",
    "LAST_VISITS",
    "CHART_MONTHS",
    "CARDS_PER_SHEET",
]

#: Sales lines listed on a card (the latest first).
LAST_PURCHASES = 5
#: Interactions listed on a card (the latest first).
LAST_VISITS = 5
#: Months in the purchase chart, ending with the month of the as-of date.
CHART_MONTHS = 12
#: Cards per Excel sheet (Excel allows 1,023 page breaks a sheet); more go to "T (2)", ...
CARDS_PER_SHEET = 1000

_NOTE_CHARS = 160  # longest note shown on a card
_OBJECTIVE_LINES = 3
_NOTE_LINES = 5

_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "pt-BR": ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"),
}
_DATE = {"en": "%Y-%m-%d", "pt-BR": "%d/%m/%Y"}

# Texts people read, as (English, Brazilian Portuguese).
_TEXT = {
    "cards": ("Visit cards", "Fichas de visitação"),
    "card": ("visit card", "ficha de visitação"),
    "account": ("account", "conta"),
    "territory": ("territory", "território"),
    "salesperson": ("salesperson", "vendedor"),
    "segment": ("segment", "segmento"),
    "city": ("city", "cidade"),
    "stage": ("stage", "estágio"),
    "quadrant": ("quadrant", "quadrante"),
    "abc_class": ("ABC class", "classe ABC"),
    "potential": ("potential (annual)", "potencial (anual)"),
    "estimated": ("estimated", "estimado"),
    "revenue": ("revenue, last {months} months", "faturamento, últimos {months} meses"),
    "share_of_wallet": ("share of wallet", "participação no potencial"),
    "gap": ("gap to potential", "espaço a conquistar"),
    "last_purchase": ("last purchase", "última compra"),
    "last_visit": ("last interaction", "última interação"),
    "days_since_contact": ("days since contact", "dias sem contato"),
    "visits": ("interactions, last {months} months", "interações, últimos {months} meses"),
    "priority": ("pursuit priority", "prioridade de conquista"),
    "cadence": ("visit cadence", "frequência de visita"),
    "target_stage": ("target stage (account plan)", "estágio alvo (plano de conta)"),
    "not_pursued": ("not on the pursuit list", "fora da lista de conquista"),
    "never": ("never", "nunca"),
    "none": ("none", "nenhuma"),
    "chart": (
        "Purchases, last {months} months: {total}",
        "Compras, últimos {months} meses: {total}",
    ),
    "last_purchases": ("Last purchases", "Últimas compras"),
    "last_visits": ("Last interactions", "Últimas interações"),
    "date": ("date", "data"),
    "product": ("product", "produto"),
    "amount": ("amount", "valor"),
    "kind": ("kind", "tipo"),
    "who": ("by", "por"),
    "outcome": ("outcome", "resultado"),
    "notes": ("notes", "observações"),
    "next_visit": ("Next visit", "Próxima visita"),
    "next_date": ("date", "data"),
    "objective": ("objective", "objetivo"),
    "next_notes": ("notes", "anotações"),
    "as_of": ("as of {as_of}", "data-base {as_of}"),
    "no_territory": ("(no territory)", "(sem território)"),
    "rank": ("#{rank} in the territory", "{rank}ª do território"),
    "kind_error": ("Choose a kind from the list.", "Escolha um tipo da lista."),
    "date_error": ("Write a date.", "Escreva uma data."),
}


def _t(key: str, language: str, **fields) -> str:
    text = _TEXT[key][0 if language == "en" else 1]
    return text.format(**fields) if fields else text


# -- choosing the accounts ---------------------------------------------------------------------

_ERRORS = {
    "no_accounts": Text(
        "accounts is empty: give at least one account code, or none to print every account.",
        "a lista de contas está vazia: informe pelo menos um código de conta, "
        "ou nenhum para imprimir todas as contas.",
    ),
    "unknown": Text(
        "There is no account {accounts} in {source}.", "Não há conta {accounts} em {source}."
    ),
    "did_you_mean": Text(" Did you mean {close!r}?", " Você quis dizer {close!r}?"),
    "check_codes": Text(" Check the account codes.", " Confira os códigos das contas."),
    "not_in_territory": Text(
        "None of the accounts {accounts} is in the territory {territory!r}.",
        "Nenhuma das contas {accounts} está no território {territory!r}.",
    ),
    "not_market": Text(
        "write_cards needs a Market (for example from kamkit.load), not {kind}.",
        "write_cards precisa de um Market (por exemplo de kamkit.load), não de {kind}.",
    ),
    "out_is_file": Text(
        "{out} is a file; give --out a folder for the visit cards.",
        "{out} é um arquivo; dê ao --out uma pasta para as fichas de visitação.",
    ),
    "empty": Text(
        "There is no account to print a card for.", "Não há nenhuma conta para imprimir uma ficha."
    ),
}
_WROTE = Text(
    "Wrote visit cards to {html} and {xlsx}", "Fichas de visitação gravadas em {html} e {xlsx}"
)


def _select(market: Market, table: pd.DataFrame, territory, accounts) -> pd.DataFrame:
    import numpy as np

    keep = np.ones(len(table), dtype=bool)
    if territory is not None:
        territory = market.check_territory(territory)
        keep &= (table["territory"] == territory).fillna(False).to_numpy(dtype=bool)
    if accounts is not None:
        wanted = [accounts] if isinstance(accounts, str) else [str(a) for a in accounts]
        if not wanted:
            raise KamkitError(_ERRORS["no_accounts"])
        ids = table["account_id"].astype(str)
        known = set(ids)
        unknown = [a for a in wanted if a not in known]
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], sorted(known), n=1)
            hint = _ERRORS["did_you_mean"].format(close=close[0]) if close else ""
            named = ", ".join(map(repr, unknown[:5]))
            raise KamkitError(
                Text(
                    *(
                        template.format(accounts=named, source=market.source or the_data)
                        for template, the_data in zip(
                            (_ERRORS["unknown"].en, _ERRORS["unknown"].pt), ("the data", "os dados")
                        )
                    )
                )
                + hint
                + _ERRORS["check_codes"]
            )
        chosen = ids.isin(wanted).to_numpy()
        if territory is not None and not (keep & chosen).any():
            raise KamkitError(
                _ERRORS["not_in_territory"].format(
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
    last = as_of.to_period("M")
    return [(last - k).to_timestamp() for k in range(CHART_MONTHS - 1, -1, -1)]


def _monthly(market: Market, positions: np.ndarray, as_of: pd.Timestamp) -> np.ndarray:
    """Net sales per account (rows: ``positions`` order) and month of the chart."""
    import numpy as np
    import pandas as pd

    sales = market.sales
    codes = sales["account_id"].cat.codes.to_numpy()
    dates = sales["date"].to_numpy(dtype="datetime64[ns]")
    start = _months(as_of)[0].to_datetime64()
    end = (as_of + pd.Timedelta(days=1)).to_datetime64()
    row_of = np.full(len(market.accounts) + 1, -1, dtype=np.int64)
    row_of[positions] = np.arange(len(positions))
    rows = row_of[codes]  # code -1 (missing) maps to the last slot, which is -1
    keep = (rows >= 0) & (dates >= start) & (dates < end)
    month = dates[keep].astype("datetime64[M]").astype(np.int64)
    index = month - np.datetime64(start, "M").astype(np.int64)
    grid = np.zeros((len(positions), CHART_MONTHS))
    np.add.at(grid, (rows[keep], index), sales["amount"].to_numpy(dtype="float64")[keep])
    return grid


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
    from kamkit.core.schema import normalise_header
    from kamkit.outputs.template import TARGET_STAGE

    spellings = {normalise_header(s) for s in TARGET_STAGE}
    column = next((c for c in market.accounts.columns if normalise_header(c) in spellings), None)
    return None if column is None else market.accounts[column]


_PURCHASE_FIELDS = ("date", "product", "family", "amount")
_VISIT_FIELDS = ("date", "kind", "salesperson", "outcome", "notes")


class _Card:
    """Everything one card shows, as plain values (formatting happens per output)."""

    def __init__(self, row, months, purchases, visits, target, city, state):
        self.row = row
        self.city, self.state = city, state
        self.months = months  # amounts per chart month
        self.purchases = purchases or []  # tuples of _PURCHASE_FIELDS, latest first
        self.visits = visits or []  # tuples of _VISIT_FIELDS, latest first
        self.target = target


def _cards(market: Market, rows: pd.DataFrame) -> list[_Card]:
    import pandas as pd

    as_of = market.as_of
    ids = pd.Index(market.accounts["account_id"].astype(str))
    positions = ids.get_indexer(rows["account_id"].astype(str))
    grid = _monthly(market, positions, as_of)
    purchases = _latest(market.sales, positions, as_of, LAST_PURCHASES, _PURCHASE_FIELDS)
    visits = _latest(market.visits, positions, as_of, LAST_VISITS, _VISIT_FIELDS)
    targets = _target_stages(market)
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
            )
        )
    return cards


# -- formatting ----------------------------------------------------------------------------------


def _missing(value) -> bool:
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value) -> str:
    return "" if _missing(value) else str(value)


def _date(value, language: str) -> str:
    import pandas as pd

    return "" if _missing(value) else f"{pd.Timestamp(value):{_DATE[language]}}"


def _month_label(month: pd.Timestamp, language: str) -> str:
    return f"{_MONTHS[language][month.month - 1]}/{month.year % 100:02d}"


def _stage_text(code, language: str) -> str:
    """A stage in ``language``, from its code or its name in either language (the pt-BR
    template's target stage holds the Portuguese name, ``comprador regular``)."""
    from kamkit.outputs.template import stage_value
    from kamkit.presentation.i18n import label

    if _missing(code):
        return ""
    text = stage_value(str(code), "en")  # the code, from a code or a name in either language
    try:
        return label(text, language)
    except KamkitError:
        return str(code)


def _cadence(code, language: str) -> str:
    from kamkit.files.results import results_word as export_text

    return "" if _missing(code) else export_text(str(code), language)


class _Formats:
    def __init__(self, market: Market, language: str):
        self.language = language
        self.currency = market.parameters.currency
        self.lookback = market.parameters.lookback_months

    def money(self, value) -> str:
        from kamkit.presentation.i18n import format_money

        return format_money(value, self.currency, self.language)

    def share(self, value) -> str:
        from kamkit.presentation.i18n import format_share

        return format_share(value, self.language)

    def integer(self, value) -> str:
        if _missing(value):
            return "\u2014"
        sep = "." if self.language == "pt-BR" else ","
        return f"{int(value):,}".replace(",", sep)


# -- HTML ------------------------------------------------------------------------------------

_CSS = """
@page { size: A4 portrait; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; font-size: 9.5pt; color: #222;
       margin: 0; background: #f3f3f3; }
.card { width: 190mm; height: 276mm; margin: 8mm auto; padding: 7mm 8mm; background: #fff;
        border: 1px solid #bbb; overflow: hidden; page-break-after: always;
        break-after: page; page-break-inside: avoid; break-inside: avoid; }
.card:last-of-type { page-break-after: auto; break-after: auto; }
@media print {
  body { background: #fff; }
  .card { margin: 0; border: none; padding: 0; height: 276mm; }
}
header { border-bottom: 2px solid #333; margin-bottom: 3mm; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; }
h2 { font-size: 10.5pt; margin: 3mm 0 1mm 0; border-bottom: 1px solid #999; }
.facts-line { margin: 0 0 1.5mm 0; color: #444; }
.badges span { display: inline-block; padding: 0.6mm 2.5mm; margin-right: 2mm;
               border-radius: 2mm; font-weight: bold; border: 1px solid #999; }
.strategy { font-style: italic; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
.numbers td { width: 25%; border-bottom: 1px solid #e3e3e3; }
.numbers td.v { font-weight: bold; }
.list th { border-bottom: 1px solid #999; font-size: 8.5pt; color: #555; }
.list td { border-bottom: 1px solid #eee; font-size: 8.5pt; }
.list .amount { text-align: right; white-space: nowrap; }
.chart svg { width: 100%; height: 28mm; }
p { margin: 1.5mm 0; }
.line { border-bottom: 1px solid #666; height: 7mm; }
.next td { width: 50%; padding-top: 3mm; }
footer { margin-top: 2mm; font-size: 7.5pt; color: #777; }
"""


def _e(value) -> str:
    return html.escape(_text(value), quote=True)


def _svg(card: _Card, months: list[pd.Timestamp], fmt: _Formats) -> str:
    import numpy as np

    values = card.months
    top = max(float(np.max(values)), 0.0) if len(values) else 0.0
    width, height, axis, room = 880, 130, 100, 85
    step = width / len(values)
    title = _t("chart", fmt.language, months=CHART_MONTHS, total=fmt.money(values.sum()))
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">',
        f'<line x1="0" y1="{axis}" x2="{width}" y2="{axis}" stroke="#888" stroke-width="1"/>',
    ]
    for k, (month, value) in enumerate(zip(months, values)):
        x = k * step + step * 0.15
        w = step * 0.7
        if value > 0 and top > 0:
            h = max(value / top * room, 1.0)
            y, colour = axis - h, "#4472C4"
        elif value < 0 and top > 0:
            h = min(-value / top * room, 10.0)
            y, colour = axis, "#C00000"
        else:
            h, y, colour = 0.0, axis, "#4472C4"
        if h > 0:
            tip = html.escape(f"{_month_label(month, fmt.language)}: {fmt.money(value)}")
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{tip}</title></rect>'
            )
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{height - 8}" font-size="13" '
            f'text-anchor="middle" fill="#444">'
            f"{html.escape(_month_label(month, fmt.language))}</text>"
        )
    if top > 0:
        parts.append(
            f'<text x="2" y="12" font-size="12" fill="#666">{html.escape(fmt.money(top))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _card_html(card: _Card, months, fmt: _Formats, as_of: pd.Timestamp) -> str:
    import numpy as np

    from kamkit.outputs.export import QUADRANT_COLOURS, STAGE_COLOURS
    from kamkit.presentation.i18n import strategy

    r, lang = card.row, fmt.language

    def t(key: str, **fields) -> str:
        return html.escape(_t(key, lang, **fields))

    place = " / ".join(x for x in (_text(card.city), _text(card.state)) if x)
    facts = [
        (t("account"), _e(r.account_id)),
        (t("territory"), _e(r.territory) or t("no_territory")),
        (t("salesperson"), _e(r.salesperson)),
        (t("segment"), _e(r.segment)),
    ]
    if place:
        facts.append((t("city"), html.escape(place)))
    facts_line = " &middot; ".join(f"{k}: <b>{v}</b>" for k, v in facts if v)
    stage = html.escape(_stage_text(r.stage, lang))
    quadrant = html.escape(_stage_text(r.quadrant, lang))
    abc = "" if _missing(r.abc_class) else f"<span>ABC {_e(r.abc_class)}</span>"
    badges = (
        f'<span class="stage" data-field="stage" data-value="{_e(r.stage)}" '
        f'style="background:{STAGE_COLOURS.get(str(r.stage), "#fff")}">{stage}</span>'
        f'<span class="quadrant" data-field="quadrant" data-value="{_e(r.quadrant)}" '
        f'style="background:{QUADRANT_COLOURS.get(str(r.quadrant), "#fff")}">'
        f"{quadrant}</span>{abc}"
    )
    advice = "" if _missing(r.quadrant) else html.escape(strategy(str(r.quadrant), lang))
    potential = fmt.money(r.potential)
    if bool(r.potential_estimated):
        potential += f" ({_t('estimated', lang)})"
    never = _t("never", lang)
    if _missing(r.priority):
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
            fmt.integer(r.days_since_contact),
            r.days_since_contact,
        ),
        ("visits", _t("visits", lang, months=fmt.lookback), fmt.integer(r.visits), r.visits),
        ("priority", _t("priority", lang), priority, r.priority),
        ("cadence", _t("cadence", lang), cadence, _cadence_of(r.priority)),
    ]
    if card.target is not None:
        numbers.append(
            ("target_stage", _t("target_stage", lang), _stage_text(card.target, lang), card.target)
        )
    cells = []
    for field, name, shown, raw in numbers:
        value = (
            ""
            if _missing(raw)
            else (repr(float(raw)) if isinstance(raw, (float, np.floating)) else str(raw))
        )
        cells.append(
            f'<td>{html.escape(name)}</td><td class="v" data-field="{field}" '
            f'data-value="{html.escape(value, quote=True)}">{html.escape(shown)}</td>'
        )
    rows = "".join(f"<tr>{''.join(cells[k : k + 2])}</tr>" for k in range(0, len(cells), 2))
    chart_title = t("chart", months=CHART_MONTHS, total=fmt.money(card.months.sum()))
    return "".join(
        [
            f'<section class="card" data-account="{_e(r.account_id)}">',
            f"<header><h1>{_e(r.name) or _e(r.account_id)}</h1>",
            f'<p class="facts-line">{facts_line}</p></header>',
            f'<div class="badges">{badges}</div>',
            f'<p class="strategy">{advice}</p>',
            f'<table class="numbers">{rows}</table>',
            f'<h2>{chart_title}</h2><div class="chart">{_svg(card, months, fmt)}</div>',
            f"<h2>{t('last_purchases')}</h2>",
            _purchases_html(card, fmt),
            f"<h2>{t('last_visits')}</h2>",
            _visits_html(card, fmt),
            f"<h2>{t('next_visit')}</h2>",
            '<table class="next"><tr>',
            f"<td>{t('next_date')}: ____ / ____ / ________</td>",
            f"<td>{t('kind')}: ______________________</td></tr></table>",
            f"<p><b>{t('objective')}</b></p>",
            '<div class="line"></div>' * _OBJECTIVE_LINES,
            f"<p><b>{t('next_notes')}</b></p>",
            '<div class="line"></div>' * _NOTE_LINES,
            f"<footer>{t('card')} &middot; {t('as_of', as_of=_date(as_of, lang))} &middot; "
            "kamkit</footer>",
            "</section>\n",
        ]
    )


def _purchases_html(card: _Card, fmt: _Formats) -> str:
    lang = fmt.language
    if not card.purchases:
        return f"<p>{html.escape(_t('none', lang))}</p>"
    head = "".join(f"<th>{html.escape(_t(k, lang))}</th>" for k in ("date", "product"))
    head += f'<th class="amount">{html.escape(_t("amount", lang))}</th>'
    body = []
    for date, product, family, amount in card.purchases:
        product = " \u00b7 ".join(x for x in (_text(product), _text(family)) if x)
        body.append(
            f"<tr><td>{html.escape(_date(date, lang))}</td>"
            f"<td>{html.escape(product)}</td>"
            f'<td class="amount">{html.escape(fmt.money(amount))}</td></tr>'
        )
    return f'<table class="list"><tr>{head}</tr>{"".join(body)}</table>'


def _visits_html(card: _Card, fmt: _Formats) -> str:
    lang = fmt.language
    if not card.visits:
        return f"<p>{html.escape(_t('none', lang))}</p>"
    keys = ("date", "kind", "who", "outcome", "notes")
    head = "".join(f"<th>{html.escape(_t(k, lang))}</th>" for k in keys)
    body = []
    for date, kind, who, outcome, notes in card.visits:
        cells = (_date(date, lang), _text(kind), _text(who), _text(outcome), _short(_text(notes)))
        body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    return f'<table class="list"><tr>{head}</tr>{"".join(body)}</table>'


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _NOTE_CHARS else text[: _NOTE_CHARS - 1].rstrip() + "\u2026"


def _cadence_of(priority):
    import numpy as np

    from kamkit.analysis.pursuit import CADENCE_RANKS, CADENCES

    if _missing(priority):
        return None
    return CADENCES[int(np.searchsorted(np.asarray(CADENCE_RANKS), int(priority), side="left"))]


def _html_document(cards: list[_Card], market: Market, fmt: _Formats, title: str) -> str:
    months = _months(market.as_of)
    lang = fmt.language
    body = "".join(_card_html(c, months, fmt, market.as_of) for c in cards)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        f"{body}</body></html>\n"
    )


# -- Excel -------------------------------------------------------------------------------------


class _XlsxStyles:
    def __init__(self, book, language: str):
        from kamkit.files.writing import DATE_FORMATS
        from kamkit.outputs.export import QUADRANT_COLOURS, STAGE_COLOURS

        date = DATE_FORMATS[language]
        self.name = book.add_format({"bold": True, "font_size": 14, "bottom": 2})
        self.label = book.add_format({"font_color": "#555555"})
        self.bold = book.add_format({"bold": True})
        self.section = book.add_format({"bold": True, "bottom": 1, "font_size": 11})
        self.head = book.add_format({"bold": True, "font_color": "#555555", "bottom": 1})
        self.money = book.add_format({"bold": True, "num_format": "#,##0.00"})
        self.money_plain = book.add_format({"num_format": "#,##0.00"})
        self.month = book.add_format({"num_format": "#,##0", "font_size": 9})
        self.month_head = book.add_format(
            {"font_size": 9, "font_color": "#555555", "align": "center"}
        )
        self.share = book.add_format({"bold": True, "num_format": "0.0%"})
        self.int = book.add_format({"bold": True, "num_format": "0"})
        self.date = book.add_format({"bold": True, "num_format": date})
        self.date_plain = book.add_format({"num_format": date})
        self.input_date = book.add_format({"num_format": date, "bottom": 1})
        self.line = book.add_format({"bottom": 1})
        self.small = book.add_format({"font_size": 9, "valign": "top"})
        self.fills = {
            code: book.add_format({"bold": True, "bg_color": colour, "border": 1})
            for code, colour in {**STAGE_COLOURS, **QUADRANT_COLOURS}.items()
        }


_XLSX_COLUMNS = 12  # the month row is the widest part of a card


def _write_xlsx(
    path: Path,
    groups: list[tuple[str, list[_Card]]],
    market: Market,
    fmt: _Formats,
    kinds: list[str],
) -> None:
    from kamkit.files.results import sheet_names as _sheet_names
    from kamkit.files.writing import workbook

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
        sheet_of = _sheet_names([c[0] for c in chunks])
        for label, cards in chunks:
            ws = book.add_worksheet(sheet_of[label])
            _xlsx_sheet(ws, cards, months, fmt, styles, kinds, market.as_of)
    finally:
        book.close()


def _xlsx_sheet(
    ws, cards: list[_Card], months, fmt: _Formats, styles: _XlsxStyles, kinds: list[str], as_of
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
    ws, row: int, card: _Card, months, fmt: _Formats, styles: _XlsxStyles, kinds: list[str], as_of
) -> int:
    """Write one card from ``row``; returns the last row used."""
    r, lang = card.row, fmt.language
    last = _XLSX_COLUMNS - 1
    ws.merge_range(row, 0, row, last, _text(r.name) or _text(r.account_id), styles.name)
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
        ws.write_string(row, col + 2, _text(value) or "\u2014", styles.bold)
    row += 2
    ws.write_string(row, 0, _t("stage", lang), styles.label)
    ws.write_string(row, 2, _stage_text(r.stage, lang), styles.fills.get(str(r.stage), styles.bold))
    ws.write_string(row, 6, _t("quadrant", lang), styles.label)
    ws.write_string(
        row, 8, _stage_text(r.quadrant, lang), styles.fills.get(str(r.quadrant), styles.bold)
    )
    row += 1
    ws.write_string(row, 0, _t("abc_class", lang), styles.label)
    ws.write_string(row, 2, _text(r.abc_class) or "\u2014", styles.bold)
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
            "bar_color": "#4472C4",
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


def _xlsx_value(ws, row: int, col: int, key: str, value, style, fmt: _Formats) -> None:
    import pandas as pd

    if _missing(value):
        never = key in ("last_purchase", "last_visit")
        ws.write_string(row, col, _t("never", fmt.language) if never else "\u2014", style)
    elif key in ("last_purchase", "last_visit"):
        ws.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), style)
    elif isinstance(value, str):
        ws.write_string(row, col, value, style)
    else:
        ws.write_number(row, col, float(value), style)


def _xlsx_list(
    ws,
    row: int,
    title: str,
    items: list[tuple],
    lang: str,
    styles: _XlsxStyles,
    fmt: _Formats,
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
            product = " \u00b7 ".join(x for x in (_text(product), _text(family)) if x)
            if product:
                ws.write_string(row, 2, product, styles.small)
            ws.write_number(row, 9, float(amount), styles.money_plain)
        else:
            _date_, kind, who, outcome, notes = item
            for col, text in (
                (2, _text(kind)),
                (3, _text(who)),
                (5, _text(outcome)),
                (7, _short(_text(notes))),
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
    from kamkit.outputs.export import _segment_table as segment_table

    return segment_table(market)


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
        ``.xlsx`` for one territory (accents and spaces folded: ``cards-sao-paulo-capital``).

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
    from kamkit.model.market import Market
    from kamkit.presentation.i18n import check_language

    if not isinstance(market, Market):
        raise KamkitError(_ERRORS["not_market"].format(kind=type(market).__name__))
    language = check_language(language or market.parameters.language)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise KamkitError(_ERRORS["out_is_file"].format(out=out_dir))
    table = _segment_table(market)
    rows = _select(market, table, territory, accounts)
    if rows.empty:
        raise KamkitError(_ERRORS["empty"])
    fmt = _Formats(market, language)
    cards = _cards(market, rows)
    groups: dict[str, list[_Card]] = {}
    for card in cards:
        name = _text(card.row.territory) or _t("no_territory", language)
        groups.setdefault(name, []).append(card)
    from kamkit.outputs.template import VISIT_KINDS

    kinds = list(
        dict.fromkeys(
            list(VISIT_KINDS[language])
            + [k for k in market.visits["kind"].dropna().astype(str).unique().tolist() if k.strip()]
        )
    )
    if territory is not None:
        territory = market.check_territory(territory)
    stem = "cards" if territory is None else f"cards-{_file_name(market, territory)}"
    title = _t("cards", language) + ("" if territory is None else f" \u2014 {territory}")
    html_path, xlsx_path = out_dir / f"{stem}.html", out_dir / f"{stem}.xlsx"
    document = _html_document(cards, market, fmt, title)
    with atomic_path(html_path) as tmp:
        tmp.write_text(document, encoding="utf-8")
    with atomic_path(xlsx_path) as tmp:
        _write_xlsx(tmp, list(groups.items()), market, fmt, kinds)
    return [html_path, xlsx_path]


@click.command("cards")
@click.argument("data", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    metavar="DIR",
    help="Folder for the cards (created if needed).",
)
@click.option("--territory", default=None, help="Only this territory's accounts.")
@click.option(
    "--account",
    "accounts",
    multiple=True,
    metavar="ID",
    help="Only this account (repeat for several).",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help="Cards as the data stood on this date (yyyy-mm-dd or dd/mm/yyyy).",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["en", "pt-BR"]),
    default=None,
    help="Language of the cards (default: the language parameter of the data).",
)
@click.option(
    "--columns",
    type=click.Path(path_type=Path),
    default=None,
    help="YAML file mapping kamkit's column names to your file's headers.",
)
@friendly
def cards_command(
    data: Path,
    out: Path,
    territory: str | None,
    accounts: tuple[str, ...],
    as_of: str | None,
    language: str | None,
    columns: Path | None,
):
    """Printable visit cards for the accounts of DATA: one A4 card per account.

    Writes DIR/cards.html (print it from the browser: one card per page) and DIR/cards.xlsx
    (one sheet per territory), or cards-<territory>.* with --territory.
    """
    from kamkit.cli import load_market, parse_as_of, voice

    day = None if as_of is None else parse_as_of(as_of)
    market = load_market(data, columns)
    if day is not None:
        market = market.with_parameters(as_of=day)
    paths = write_cards(
        market, out, territory=territory, accounts=list(accounts) or None, language=voice().lang
    )  # --lang, the data's, or the system's
    voice().echo(_WROTE.format(html=paths[0], xlsx=paths[1]))
