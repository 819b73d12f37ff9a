"""The participant handout (apostila do participante): one printable A4 HTML file per person.

``write_handout`` makes it from the participant's own workbook: a cover page, then one page per
lesson with the lesson's key chart, a few key numbers and the questions to answer on Monday
(the lessons' "What this means for you on Monday" sections), with ruled lines to write on.
Like the visit cards (:mod:`kamkit.outputs.cards`) it is one self-contained file: ``@page`` A4, a page
break between lessons, no script, charts inline as PNG data URIs, every text from the data
escaped. Open it in a browser and print.

Every number is the one a kamkit function computes: :func:`kamkit.segment` (stages,
quadrants), :func:`kamkit.concentration_summary`, :func:`kamkit.pursuit_list` (the first 10),
:func:`kamkit.coverage`, :func:`kamkit.scorecard`; each is shown with the formatting
functions of :mod:`kamkit.presentation.i18n` and carried raw in a ``data-value`` attribute.
"""

from __future__ import annotations

import base64
import html
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kamkit.cli import COLUMNS, LANG, friendly
from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError, Text

if TYPE_CHECKING:  # annotations only
    from kamkit.model.market import Market

__all__ = [
    "write_handout",
    "handout_html",
    "handout_figures",
    "handout_command",
    "LESSONS",
    "PURSUIT_ROWS",
]

#: Accounts of the pursuit list shown (lesson 5).
PURSUIT_ROWS = 10

# -- words -------------------------------------------------------------------------------------

_W = {
    "title": Text("Participant handout", "Apostila do participante"),
    "subtitle": Text(
        "Key Account Management for the whole market",
        "Gestão de Contas-Chave para o mercado inteiro",
    ),
    "market": Text("Data", "Dados"),
    "scope": Text("Territory", "Território"),
    "whole": Text("whole market", "mercado inteiro"),
    "as_of": Text("As of", "Data-base"),
    "window": Text("Window", "Janela"),
    "window_value": Text("{months} months, {start} to {end}", "{months} meses, de {start} a {end}"),
    "participant": Text("Name", "Nome"),
    "date": Text("Date", "Data"),
    "how": Text(
        "One page per lesson: the lesson's key chart and numbers, made from your own data, and "
        "the questions to answer. Write your answers on the lines; bring the handout to the "
        "territory review.",
        "Uma página por aula: o gráfico e os números principais da aula, feitos com os seus "
        "dados, e as perguntas a responder. Escreva as respostas nas linhas e traga a apostila "
        "para a revisão de território.",
    ),
    "contents": Text("Lessons", "Aulas"),
    "numbers": Text("Your numbers", "Seus números"),
    "questions": Text("For Monday", "Para segunda-feira"),
    "footer": Text("kamkit participant handout", "apostila do participante kamkit"),
    "accounts": Text("accounts", "contas"),
    "never_bought": Text(
        "accounts that never bought (not yet prospected or approached)",
        "contas que nunca compraram (não prospectadas ou abordadas)",
    ),
    "regular": Text("regular buyers", "compradores regulares"),
    "buying": Text("buying accounts", "contas compradoras"),
    "revenue": Text("revenue in the window", "faturamento na janela"),
    "estimated": Text(
        "accounts whose potential kamkit estimated", "contas com potencial estimado pelo kamkit"
    ),
    "no_pursuit": Text(
        "No account is on the pursuit list.", "Nenhuma conta está na lista de conquista."
    ),
    "pursuit_whole": Text(
        "The {n} accounts with the highest pursuit score across the "
        "territories (the rank is the one within each territory).",
        "As {n} contas de maior pontuação de conquista entre os territórios "
        "(a posição é a de cada território).",
    ),
    "pursuit_territory": Text(
        "The first {n} accounts of the territory's pursuit list.",
        "As primeiras {n} contas da lista de conquista do território.",
    ),
    "contacted_days": Text(
        "contacted in the last {days} days", "contatadas nos últimos {days} dias"
    ),
    "sales_lines": Text("sales lines", "linhas de venda"),
    "interactions": Text(
        "interactions (visits, calls, e-mails)", "interações (visitas, ligações, e-mails)"
    ),
    "territories": Text("territories", "territórios"),
    "previous": Text("previous review", "revisão anterior"),
    "no_chart": Text(
        "No chart: the data has nothing to draw here.",
        "Sem gráfico: os dados não têm o que mostrar aqui.",
    ),
}

#: The lessons: number, title, the questions (from each lesson's Monday section).
LESSONS: tuple[tuple[int, Text, tuple[Text, ...]], ...] = (
    (
        1,
        Text(
            "Start here: what Key Account Management is",
            "Comece aqui: o que é Gestão de Contas-Chave",
        ),
        (
            Text(
                "How many accounts does your territory have, how many never bought, and how many "
                "buy regularly?",
                "Quantas contas tem o seu território, quantas nunca compraram e quantas compram "
                "com regularidade?",
            ),
            Text(
                "Where does your team's data live today: the account list, the invoices, the "
                "visit log?",
                "Onde estão hoje os dados da equipe: a lista de contas, as notas fiscais, o "
                "registro de visitas?",
            ),
        ),
    ),
    (
        2,
        Text(
            "Concentration: a few accounts make most of the revenue",
            "Concentração: poucas contas fazem a maior parte do faturamento",
        ),
        (
            Text(
                "Your A accounts: who owns each one, when was it last visited, and what would "
                "happen if it stopped buying?",
                "Suas contas A: quem cuida de cada uma, quando foi a última visita e o que "
                "aconteceria se ela parasse de comprar?",
            ),
            Text(
                "Which accounts in your territory could be A accounts: large companies that buy "
                "little or nothing from us today?",
                "Quais contas do seu território poderiam ser contas A: empresas grandes que hoje "
                "compram pouco ou nada da gente?",
            ),
        ),
    ),
    (
        3,
        Text(
            "The whole market: every account has a stage",
            "O mercado inteiro: toda conta tem um estágio",
        ),
        (
            Text(
                "Which three accounts never prospected, with a large potential, will you approach "
                "first, and when?",
                "Quais três contas não prospectadas, de potencial grande, você vai abordar "
                "primeiro, e quando?",
            ),
            Text(
                "Which lapsed customers will you call to ask why they stopped buying?",
                "Para quais clientes inativos você vai ligar para perguntar por que pararam de "
                "comprar?",
            ),
            Text(
                "For each occasional buyer: what else does it buy, and from whom?",
                "Para cada comprador eventual: o que mais ele compra, e de quem?",
            ),
        ),
    ),
    (
        4,
        Text(
            "Potential and share of wallet: where the growth is",
            "Potencial e participação no potencial: onde está o crescimento",
        ),
        (
            Text(
                "For the conquer accounts with the largest gap: who buys there today, and from "
                "whom?",
                "Nas contas a conquistar com o maior espaço: quem compra lá hoje, e de quem?",
            ),
            Text(
                "Which estimated potentials do you know better? Write your own number in the "
                "accounts sheet.",
                "Quais potenciais estimados você conhece melhor? Escreva o seu número na aba de "
                "contas da planilha.",
            ),
        ),
    ),
    (
        5,
        Text(
            "Prospect pursuit: leaving the comfort zone",
            "Conquista de clientes: sair da zona de conforto",
        ),
        (
            Text(
                "For the first five accounts of your list: who is the buyer, when is the next "
                "visit, what will you offer?",
                "Para as cinco primeiras contas da sua lista: quem é o comprador, quando é a "
                "próxima visita, o que você vai oferecer?",
            ),
            Text(
                "Which visits of the cadence go in your diary this month?",
                "Quais visitas da frequência sugerida entram na sua agenda este mês?",
            ),
        ),
    ),
    (
        6,
        Text("CRM and KAM: the log and the plan", "CRM e KAM: o registro e o plano"),
        (
            Text(
                "Which key accounts have had no recent contact, and when will you visit them?",
                "Quais contas-chave estão sem contato recente, e quando você vai visitá-las?",
            ),
            Text(
                "Which two low-potential accounts could be served by phone or e-mail, freeing "
                "time for an account to conquer?",
                "Quais duas contas de baixo potencial poderiam ser atendidas por telefone ou "
                "e-mail, liberando tempo para uma conta a conquistar?",
            ),
        ),
    ),
    (
        7,
        Text("Start with a spreadsheet", "Comece com uma planilha"),
        (
            Text(
                "Which accounts of your market are still missing from the workbook, including "
                "those you never visited?",
                "Quais contas do seu mercado ainda faltam na planilha, inclusive as que você "
                "nunca visitou?",
            ),
            Text(
                "Which visit cards will you print for this week's visits?",
                "Quais fichas de visitação você vai imprimir para as visitas desta semana?",
            ),
        ),
    ),
    (
        8,
        Text("Territory review", "Revisão de território"),
        (
            Text(
                "Conversions and lapses: which accounts moved, and was it planned?",
                "Conversões e inativações: quais contas mudaram de estágio, e isso foi planejado?",
            ),
            Text(
                "The pursuit list: what is the plan for the first accounts, with dates?",
                "A lista de conquista: qual é o plano para as primeiras contas, com datas?",
            ),
            Text(
                "The comfort zone: why are high-potential accounts without contact while effort "
                "goes to low-potential ones?",
                "A zona de conforto: por que há contas de alto potencial sem contato enquanto o "
                "esforço vai para as de baixo potencial?",
            ),
        ),
    ),
)
_LESSON = Text("Lesson {n}", "Aula {n}")

_ERRORS = {
    "not_market": Text(
        "write_handout needs a Market (for example from kamkit.load), not {kind}.",
        "write_handout precisa de um Market (por exemplo de kamkit.load), não de {kind}.",
    ),
    "out_is_folder": Text(
        "{out} is a folder; give --out a file name, e.g. handout.html.",
        "{out} é uma pasta; dê ao --out um nome de arquivo, por exemplo apostila.html.",
    ),
    "not_html": Text(
        "--out {out} must end in .html (the handout is a web page to print), e.g. handout.html.",
        "--out {out} precisa terminar em .html (a apostila é uma página para "
        "imprimir), por exemplo apostila.html.",
    ),
    "empty": Text(
        "There is no account in {scope}: the handout would be empty. Check the "
        "territory and the accounts sheet.",
        "Não há nenhuma conta em {scope}: a apostila ficaria vazia. Confira o "
        "território e a aba de contas.",
    ),
}
_WROTE = Text(
    "Wrote the participant handout to {path} (open it in a browser and print it).",
    "Apostila do participante gravada em {path} (abra no navegador e imprima).",
)


# -- the numbers -------------------------------------------------------------------------------


def handout_figures(
    market: Market, *, territory: str | None = None, language: str | None = None
) -> dict:
    """The numbers the handout shows, straight from kamkit's functions.

    Returns a dict: ``segment`` (the :func:`kamkit.segment` table of the scope), ``stages``
    and ``quadrants`` (counts per code, every code), ``concentration``
    (:func:`kamkit.concentration_summary`), ``pursuit`` (the rows of
    :func:`kamkit.pursuit_list` shown), ``coverage`` (:func:`kamkit.coverage`), ``days``
    (its window), ``scorecard`` (the scope's row of :func:`kamkit.scorecard`), ``window``.
    """
    from kamkit.analysis.concentration import concentration_summary
    from kamkit.analysis.crm import coverage, window_days
    from kamkit.analysis.pursuit import pursuit_list
    from kamkit.analysis.segmentation import QUADRANTS, STAGES, segment, window
    from kamkit.analysis.territory import scorecard
    from kamkit.presentation.i18n import TOTAL, check_language

    language = check_language(language or market.parameters.language)
    if territory is not None:
        territory = market.check_territory(territory)
    seg = segment(market, territory=territory)
    stages = seg["stage"].astype(object).value_counts()
    quadrants = seg["quadrant"].astype(object).value_counts()
    pursuit = pursuit_list(market, territory=territory, language=language)
    if territory is None:
        pursuit = pursuit.sort_values("score", ascending=False, kind="stable")
    pursuit = pursuit.head(PURSUIT_ROWS).reset_index(drop=True)
    card = scorecard(market, territory=territory)
    row = card[card["territory"].astype(object) == (TOTAL if territory is None else territory)]
    return {
        "territory": territory,
        "language": language,
        "segment": seg,
        "stages": {s: int(stages.get(s, 0)) for s in STAGES},
        "quadrants": {q: int(quadrants.get(q, 0)) for q in QUADRANTS},
        "estimated": int(seg["potential_estimated"].fillna(False).astype(bool).sum()),
        "concentration": concentration_summary(market, territory=territory),
        "pursuit": pursuit,
        "coverage": coverage(market, territory=territory),
        "days": window_days(market),  # contacted = in the window (coverage's one definition)
        "scorecard": row.iloc[0] if len(row) else None,
        "previous": card.attrs.get("previous"),
        "window": window(market),
    }


# -- charts ------------------------------------------------------------------------------------


def _png(draw, figsize=(8.0, 4.4)) -> str | None:
    """A chart drawn by ``draw(ax)`` as a PNG data URI (a Figure of its own: no pyplot
    state, nothing shown); None when there is nothing to draw."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, dpi=110, layout="constrained")
    ax = figure.add_subplot()
    try:
        draw(ax)
    except KamkitError:
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _charts(market: Market, territory, language: str) -> dict[int, str | None]:
    from kamkit.charts import plots

    def evolution(ax):
        plots.plot_territory_evolution(market, metric="coverage", ax=ax, language=language)

    def transitions(ax):
        from kamkit.analysis.segmentation import stage_transitions
        from kamkit.analysis.territory import previous_review

        table = stage_transitions(
            market, previous_review(market.as_of), market.as_of, territory=territory
        )
        plots.plot_transitions(table, ax=ax, language=language)

    funnel = _png(
        lambda ax: plots.plot_stage_funnel(market, territory=territory, ax=ax, language=language),
        (8.0, 3.6),
    )
    charts = {
        1: funnel,
        2: _png(
            lambda ax: plots.plot_pareto(market, territory=territory, ax=ax, language=language),
            (8.0, 5.0),
        ),
        3: _png(transitions, (7.0, 4.4)),
        4: _png(
            lambda ax: plots.plot_matrix(market, territory=territory, ax=ax, language=language)
        ),
        6: _png(
            lambda ax: plots.plot_coverage(market, territory=territory, ax=ax, language=language),
            (8.0, 3.8),
        ),
        8: _png(evolution, (8.0, 3.8)),
    }
    return charts


# -- HTML --------------------------------------------------------------------------------------

_CSS = """
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #222;
       margin: 0; background: #f3f3f3; }
.page { width: 186mm; min-height: 270mm; margin: 8mm auto; padding: 8mm 9mm; background: #fff;
        border: 1px solid #bbb; page-break-after: always; break-after: page; }
.page:last-of-type { page-break-after: auto; break-after: auto; }
@media print {
  body { background: #fff; }
  .page { margin: 0; border: none; padding: 0; width: auto; min-height: 0; }
}
h1 { font-size: 22pt; margin: 0 0 2mm 0; }
h2 { font-size: 15pt; margin: 0 0 3mm 0; border-bottom: 2px solid #333; padding-bottom: 1mm; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm 0; border-bottom: 1px solid #999; }
.lesson-number { color: #555; font-size: 10pt; text-transform: uppercase; letter-spacing: 1px; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
.numbers td { border-bottom: 1px solid #e3e3e3; }
.numbers td.v { font-weight: bold; text-align: right; white-space: nowrap; width: 32%; }
.list th { border-bottom: 1px solid #999; font-size: 9pt; color: #555; }
.list td { border-bottom: 1px solid #eee; font-size: 9pt; }
.list .n { text-align: right; white-space: nowrap; }
figure { margin: 2mm 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; max-height: 105mm; }
.question { margin: 3mm 0 1mm 0; font-weight: bold; page-break-inside: avoid; }
.line { border-bottom: 1px solid #777; height: 7.5mm; }
.facts td { padding: 1.5mm; border-bottom: 1px solid #ddd; }
.facts td:first-child { color: #555; width: 30%; }
.contents li { margin: 1mm 0; }
.how { font-style: italic; margin: 5mm 0; }
footer { margin-top: 4mm; font-size: 8pt; color: #777; }
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _raw(value) -> str:
    """A number as it goes in ``data-value``: exact, for tests and tools."""
    import math

    import numpy as np

    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return "" if math.isnan(number) else repr(number)


class _Page:
    def __init__(self, market: Market, language: str):
        self.lang = language
        self.currency = market.parameters.currency

    def t(self, key: str, **fields) -> str:
        text = _W[key].format(**fields) if fields else _W[key]
        return html.escape(text(self.lang))

    def money(self, value) -> str:
        from kamkit.presentation.i18n import format_money_short

        return format_money_short(value, self.currency, self.lang)

    def share(self, value) -> str:
        from kamkit.presentation.i18n import format_share

        return format_share(value, self.lang)

    def count(self, value) -> str:
        from kamkit.presentation.i18n import format_count

        return format_count(value, self.lang)

    def label(self, code) -> str:
        from kamkit.presentation.i18n import label

        try:
            return label(str(code), self.lang)
        except KamkitError:
            return str(code)

    def row(self, field: str, name: str, shown: str, raw) -> str:
        return (
            f'<tr><td>{html.escape(name)}</td><td class="v" data-field="{_e(field)}" '
            f'data-value="{_e(_raw(raw))}">{html.escape(shown)}</td></tr>'
        )


def _numbers(rows: list[str]) -> str:
    return f'<table class="numbers">{"".join(rows)}</table>' if rows else ""


def _figure(uri: str | None, alt: str, page: _Page) -> str:
    if uri is None:
        return f"<p>{page.t('no_chart')}</p>"
    return f'<figure><img src="{uri}" alt="{html.escape(alt, quote=True)}"></figure>'


def _lesson_numbers(n: int, figures: dict, market: Market, page: _Page) -> str:
    from kamkit.presentation.i18n import format_date, label

    lang = page.lang
    stages, quadrants = figures["stages"], figures["quadrants"]
    seg = figures["segment"]
    if n == 1:
        never = stages["untouched"] + stages["approached"]
        return _numbers(
            [
                page.row("accounts", _W["accounts"](lang), page.count(len(seg)), len(seg)),
                page.row("never_bought", _W["never_bought"](lang), page.count(never), never),
                page.row(
                    "regular", _W["regular"](lang), page.count(stages["regular"]), stages["regular"]
                ),
            ]
        )
    if n == 2:
        c = figures["concentration"]
        rows = [
            page.row(
                "buying_accounts",
                label("buying_accounts", lang),
                page.count(c["buying_accounts"]),
                c["buying_accounts"],
            ),
            page.row("revenue", _W["revenue"](lang), page.money(c["revenue"]), c["revenue"]),
        ]
        for key in ("top_5pct_share", "top_10pct_share", "accounts_for_50pct"):
            rows.append(page.row(key, label(key, lang), page.share(c[key]), c[key]))
        rows.append(page.row("gini", label("gini", lang), _gini(c["gini"], lang), c["gini"]))
        return _numbers(rows)
    if n == 3:
        return _numbers(
            [page.row(f"stage.{s}", page.label(s), page.count(k), k) for s, k in stages.items()]
        )
    if n == 4:
        rows = [
            page.row(f"quadrant.{q}", page.label(q), page.count(k), k) for q, k in quadrants.items()
        ]
        rows.append(
            page.row(
                "estimated",
                _W["estimated"](lang),
                page.count(figures["estimated"]),
                figures["estimated"],
            )
        )
        return _numbers(rows)
    if n == 5:
        return _pursuit(figures, page)
    if n == 6:
        return _coverage(figures, page)
    if n == 7:
        start, end = figures["window"]
        months = market.parameters.lookback_months
        shown = _W["window_value"].format(
            months=months, start=format_date(start, lang), end=format_date(end, lang)
        )(lang)
        return _numbers(
            [
                page.row(
                    "workbook.accounts",
                    _W["accounts"](lang),
                    page.count(len(market.accounts)),
                    len(market.accounts),
                ),
                page.row(
                    "workbook.sales",
                    _W["sales_lines"](lang),
                    page.count(len(market.sales)),
                    len(market.sales),
                ),
                page.row(
                    "workbook.visits",
                    _W["interactions"](lang),
                    page.count(len(market.visits)),
                    len(market.visits),
                ),
                page.row(
                    "workbook.territories",
                    _W["territories"](lang),
                    page.count(len(market.territories)),
                    len(market.territories),
                ),
                page.row("workbook.window", _W["window"](lang), shown, months),
            ]
        )
    if n == 8:
        row = figures["scorecard"]
        if row is None:
            return ""
        rows = [
            page.row(
                "scorecard.revenue",
                label("revenue", lang),
                page.money(row["revenue"]),
                row["revenue"],
            )
        ]
        for key in ("potential_captured", "coverage"):
            rows.append(
                page.row(f"scorecard.{key}", label(key, lang), page.share(row[key]), row[key])
            )
        for key in ("conversions", "lapses"):
            rows.append(
                page.row(f"scorecard.{key}", label(key, lang), page.count(row[key]), row[key])
            )
        if figures["previous"] is not None:
            rows.append(
                page.row(
                    "scorecard.previous",
                    _W["previous"](lang),
                    format_date(figures["previous"], lang),
                    format_date(figures["previous"], "en"),
                )
            )
        return _numbers(rows)
    return ""


def _gini(value, language: str) -> str:
    from kamkit.presentation.i18n import format_number

    return format_number(value, language, decimals=2)


def _pursuit(figures: dict, page: _Page) -> str:
    from kamkit.presentation.i18n import label

    lang = page.lang
    rows = figures["pursuit"]
    if rows.empty:
        return f"<p>{page.t('no_pursuit')}</p>"
    whole = figures["territory"] is None
    note = page.t("pursuit_whole" if whole else "pursuit_territory", n=len(rows))
    columns = [
        "rank",
        "name",
        *(["territory"] if whole else []),
        "stage",
        "potential",
        "gap",
        "cadence",
    ]
    head = "".join(
        f'<th class="{"n" if c in ("potential", "gap") else ""}">{html.escape(label(c, lang))}</th>'
        for c in columns
    )
    body = []
    for r in rows.itertuples(index=False):
        cells = []
        for c in columns:
            value = getattr(r, c)
            if c in ("potential", "gap"):
                shown, css = page.money(value), "n"
            elif c in ("stage", "cadence"):
                shown, css = page.label(value), ""
            elif c == "name":
                shown, css = str(value) if isinstance(value, str) else str(r.account_id), ""
            else:
                shown, css = str(value), ""
            cells.append(
                f'<td class="{css}" data-field="pursuit.{c}" '
                f'data-value="{_e(_raw(value) if c in ("rank", "potential", "gap") else value)}">'
                f"{html.escape(shown)}</td>"
            )
        body.append(f'<tr data-account="{_e(r.account_id)}">{"".join(cells)}</tr>')
    return f'<p>{note}</p><table class="list"><tr>{head}</tr>{"".join(body)}</table>'


def _coverage(figures: dict, page: _Page) -> str:
    from kamkit.presentation.i18n import label

    lang = page.lang
    table = figures["coverage"]
    rows = table[table["group"].astype(object) == "quadrant"]
    columns = ("accounts", "potential_share", "visits_share", "contacted_share")
    names = [label(c, lang) for c in columns]
    names[-1] = _W["contacted_days"].format(days=figures["days"])(lang)
    head = f"<th>{html.escape(label('quadrant', lang))}</th>" + "".join(
        f'<th class="n">{html.escape(n)}</th>' for n in names
    )
    body = []
    for r in rows.itertuples(index=False):
        cells = [f"<td>{html.escape(page.label(r.value))}</td>"]
        for c in columns:
            value = getattr(r, c)
            shown = page.count(value) if c == "accounts" else page.share(value)
            cells.append(
                f'<td class="n" data-field="coverage.{r.value}.{c}" '
                f'data-value="{_e(_raw(value))}">{html.escape(shown)}</td>'
            )
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="list"><tr>{head}</tr>{"".join(body)}</table>'


def _lesson_page(
    n: int, title: Text, questions, figures: dict, charts: dict, market: Market, page: _Page
) -> str:
    lang = page.lang
    parts = [
        f'<section class="page lesson" data-lesson="{n}">',
        f'<div class="lesson-number">{html.escape(_LESSON.format(n=n)(lang))}</div>',
        f"<h2>{html.escape(title(lang))}</h2>",
    ]
    if n in charts:
        parts.append(_figure(charts[n], title(lang), page))
    numbers = _lesson_numbers(n, figures, market, page)
    if numbers:
        parts.append(f"<h3>{page.t('numbers')}</h3>{numbers}")
    parts.append(f"<h3>{page.t('questions')}</h3>")
    lines = 3 if len(questions) <= 2 else 2
    for q in questions:
        parts.append(f'<p class="question">{html.escape(q(lang))}</p>')
        parts.append('<div class="line"></div>' * lines)
    parts.append(
        f"<footer>{page.t('footer')} &middot; {html.escape(_LESSON.format(n=n)(lang))}"
        "</footer></section>\n"
    )
    return "".join(parts)


def _cover(market: Market, figures: dict, page: _Page) -> str:
    from kamkit.presentation.i18n import format_date

    lang = page.lang
    territory = figures["territory"]
    scope = _e(territory) if territory is not None else page.t("whole")
    source = _e(getattr(market, "source", "") or "")
    facts = [
        (page.t("market"), source),
        (page.t("scope"), scope),
        (page.t("as_of"), html.escape(format_date(market.as_of, lang))),
        (page.t("participant"), ""),
        (page.t("date"), ""),
    ]
    rows = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in facts)
    contents = "".join(
        f"<li>{html.escape(_LESSON.format(n=n)(lang))} &middot; {html.escape(title(lang))}</li>"
        for n, title, _ in LESSONS
    )
    return "".join(
        [
            '<section class="page cover">',
            f"<h1>{page.t('title')}</h1><p>{page.t('subtitle')}</p>",
            f'<table class="facts">{rows}</table>',
            f'<p class="how">{page.t("how")}</p>',
            f'<h3>{page.t("contents")}</h3><ol class="contents">{contents}</ol>',
            f"<footer>{page.t('footer')}</footer></section>\n",
        ]
    )


def handout_html(
    market: Market, *, territory: str | None = None, language: str | None = None
) -> str:
    """The handout as one HTML document (see :func:`write_handout`)."""
    from kamkit.model.market import Market
    from kamkit.presentation.i18n import check_language

    if not isinstance(market, Market):
        raise KamkitError(_ERRORS["not_market"].format(kind=type(market).__name__))
    language = check_language(language or market.parameters.language)
    if market.parameters.language != language:  # labels, money and dates of the charts
        market = market.with_parameters(language=language)
    figures = handout_figures(market, territory=territory, language=language)
    if figures["segment"].empty:
        scope = figures["territory"] if figures["territory"] is not None else _W["whole"](language)
        raise KamkitError(_ERRORS["empty"].format(scope=scope))
    charts = _charts(market, figures["territory"], language)
    page = _Page(market, language)
    title = _W["title"](language) + (
        "" if figures["territory"] is None else f" \u2014 {figures['territory']}"
    )
    body = _cover(market, figures, page) + "".join(
        _lesson_page(n, t, q, figures, charts, market, page) for n, t, q in LESSONS
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        f"{body}</body></html>\n"
    )


def write_handout(
    market: Market,
    out: str | os.PathLike,
    *,
    territory: str | None = None,
    language: str | None = None,
) -> Path:
    """Write the printable participant handout of ``market`` to ``out`` (an .html file).

    Parameters
    ----------
    market : Market
        The participant's own data (``kk.load``), or the sample market.
    out : str or path-like
        The HTML file to write (atomically: a previous file stays whole until the new one is
        complete). Its folder is created if needed.
    territory : str, optional, keyword-only
        Only this territory (an unknown one is an error naming the known ones).
    language : {"en", "pt-BR"}, optional, keyword-only
        Default: the market's ``language`` parameter.

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    >>> kk.handout.write_handout(market, "apostila.html", territory="Sul")  # doctest: +SKIP
    """
    out = Path(out)
    if out.is_dir():
        raise KamkitError(_ERRORS["out_is_folder"].format(out=out))
    if out.suffix.lower() not in (".html", ".htm"):
        raise KamkitError(_ERRORS["not_html"].format(out=out))
    document = handout_html(market, territory=territory, language=language)
    with atomic_path(out) as tmp:
        tmp.write_text(document, encoding="utf-8")
    return out


@click.command("handout")
@click.argument("data", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    metavar="FILE.html",
    help="The handout to write (an .html file to print).",
)
@click.option("--territory", default=None, help="Only this territory's accounts.")
@LANG
@COLUMNS
@friendly
def handout_command(
    data: Path, out: Path, territory: str | None, language: str | None, columns: Path | None
):
    """A printable participant handout (A4) made from DATA, the participant's own workbook.

    One page per lesson with its key chart, your numbers and the questions for Monday. Open
    FILE.html in a browser and print it.
    """
    from kamkit.cli import check_out, load_market, voice

    check_out(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise KamkitError(_ERRORS["not_html"].format(out=out))
    market = load_market(data, columns)
    path = write_handout(market, out, territory=territory, language=voice().lang)
    voice().echo(_WROTE.format(path=path))
