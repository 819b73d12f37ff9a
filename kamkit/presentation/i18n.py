"""Labels in English and Brazilian Portuguese for every code kamkit shows to people.

Codes stay English everywhere (in DataFrames, on the command line, in files); only what a
person reads is translated. The vocabulary follows the table in the project's KAM notes
exactly, so a stage or quadrant has one name across notebooks, reports and plots.

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

import math
from types import MappingProxyType

import pandas as pd

from kamkit.core.schema import LANGUAGES
from kamkit.core.errors import KamkitError

__all__ = [
    "LANGUAGES",
    "TOTAL",
    "STRATEGIES",
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

# Each entry: code -> (English, Brazilian Portuguese).
_STAGES = {
    "untouched": ("not yet prospected", "não prospectado"),
    "approached": ("approached, never bought", "abordado, sem compra"),
    "occasional": ("occasional buyer", "comprador eventual"),
    "regular": ("regular buyer", "comprador regular"),
    "lapsed": ("lapsed customer", "cliente inativo"),
}
_QUADRANTS = {
    "key": ("key account (high potential, high share)", "conta-chave"),
    "conquer": ("conquer (high potential, low share)", "conquistar"),
    "maintain": ("maintain (low potential, high share)", "manter"),
    "monitor": ("monitor (low potential, low share)", "monitorar"),
}
_ABC = {
    "A": ("A", "A"),
    "B": ("B", "B"),
    "C": ("C", "C"),
}
_VALUES = {
    TOTAL: ("all territories", "todos os territórios"),
}
# Visit cadences of the pursuit list (kamkit.analysis.pursuit.CADENCES).
_CADENCES = {
    "every 2 weeks": ("every 2 weeks", "a cada 2 semanas"),
    "monthly": ("monthly", "mensal"),
    "quarterly": ("quarterly", "trimestral"),
}
# Column headers of the tables users see (segment, concentration, coverage, scorecard, ...).
_HEADERS = {
    "account_id": ("account", "conta"),
    "name": ("name", "nome"),
    "territory": ("territory", "território"),
    "salesperson": ("salesperson", "vendedor"),
    "segment": ("segment", "segmento"),
    "city": ("city", "cidade"),
    "state": ("state", "estado"),
    "stage": ("stage", "estágio"),
    "abc_class": ("ABC class", "classe ABC"),
    "revenue": ("revenue", "faturamento"),
    "purchase_months": ("purchase months", "meses com compra"),
    "potential": ("potential (wallet)", "potencial"),
    "potential_estimated": ("potential estimated", "potencial estimado"),
    "share_of_wallet": ("share of wallet", "participação no potencial"),
    "quadrant": ("quadrant", "quadrante"),
    "gap": ("gap to potential", "espaço a conquistar"),
    "first_purchase": ("first purchase", "primeira compra"),
    "last_purchase": ("last purchase", "última compra"),
    "last_visit": ("last interaction", "última interação"),
    "visits": ("interactions", "interações"),
    "days_since_contact": ("days since contact", "dias sem contato"),
    "priority": ("priority", "prioridade"),
    "rank": ("rank", "posição"),
    "reason": ("reason", "motivo"),
    "cadence": ("visit cadence", "frequência de visita"),
    "visits_without_order": ("interactions without an order", "interações sem pedido"),
    # concentration
    "share": ("share of revenue", "participação no faturamento"),
    "cumulative_share": ("cumulative share of revenue", "participação acumulada no faturamento"),
    "cumulative_accounts_share": ("cumulative share of accounts",
                                  "participação acumulada nas contas"),
    "accounts_share": ("share of accounts", "participação nas contas"),
    "revenue_share": ("share of revenue", "participação no faturamento"),
    "buying_accounts": ("buying accounts", "contas compradoras"),
    "top_5pct_share": ("revenue share of the top 5% of accounts",
                       "participação dos 5% maiores clientes"),
    "top_10pct_share": ("revenue share of the top 10% of accounts",
                        "participação dos 10% maiores clientes"),
    "top_20pct_share": ("revenue share of the top 20% of accounts",
                        "participação dos 20% maiores clientes"),
    "accounts_for_50pct": ("share of accounts making 50% of revenue",
                           "parcela das contas que faz 50% do faturamento"),
    "accounts_for_80pct": ("share of accounts making 80% of revenue",
                           "parcela das contas que faz 80% do faturamento"),
    "gini": ("Gini coefficient", "coeficiente de Gini"),
    # coverage
    "group": ("group", "grupo"),
    "value": ("value", "valor"),
    "accounts": ("accounts", "contas"),
    "potential_share": ("share of potential", "participação no potencial total"),
    "visits_share": ("share of interactions", "participação nas interações"),
    "low_potential_visits_share": ("share of interactions on low-potential accounts",
                                   "interações em contas de baixo potencial"),
    "unvisited": ("key and conquer accounts without recent contact",
                  "contas-chave e a conquistar sem contato recente"),
    "key_conquer_accounts": ("key and conquer accounts", "contas-chave e a conquistar"),
    "contacted": ("contacted recently", "contatadas recentemente"),
    "contacted_share": ("share contacted recently", "parcela contatada recentemente"),
    # scorecard / evolution
    "period": ("period", "período"),
    "as_of": ("as of", "data-base"),
    "previous": ("previous review", "revisão anterior"),
    "potential_captured": ("share of potential captured", "potencial capturado"),
    "coverage": ("coverage of key and conquer accounts",
                 "cobertura das contas-chave e a conquistar"),
    "conversions": ("conversions", "conversões"),
    "lapses": ("lapses", "inativações"),
    "revenue_change": ("revenue change", "variação do faturamento"),
    "potential_captured_change": ("change in potential captured",
                                  "variação do potencial capturado"),
    "coverage_change": ("change in coverage", "variação da cobertura"),
    "regular_change": ("change in regular buyers", "variação de compradores regulares"),
    "occasional_change": ("change in occasional buyers", "variação de compradores eventuais"),
    "untouched_change": ("change in not yet prospected", "variação de não prospectados"),
    "approached_change": ("change in approached, never bought",
                          "variação de abordados sem compra"),
    "lapsed_change": ("change in lapsed customers", "variação de clientes inativos"),
    "metric": ("metric", "indicador"),
    "before": ("stage before", "estágio anterior"),
    "after": ("stage after", "estágio atual"),
    "from_stage": ("stage before", "estágio anterior"),
    "to_stage": ("stage after", "estágio atual"),
    "revenue_after": ("revenue after", "faturamento depois"),
}
# Axis titles and report headings: namespaced so they never clash with a column header.
_TITLES = {
    "axis.accounts_ranked": ("accounts, ranked by revenue", "contas, ordenadas por faturamento"),
    "axis.cumulative_accounts_share": ("cumulative share of accounts",
                                       "participação acumulada nas contas"),
    "axis.cumulative_share": ("cumulative share of revenue",
                              "participação acumulada no faturamento"),
    "axis.revenue": ("revenue", "faturamento"),
    "axis.accounts": ("accounts", "contas"),
    "axis.potential": ("potential (wallet), annual", "potencial anual"),
    "axis.share_of_wallet": ("share of wallet", "participação no potencial"),
    "axis.stage_before": ("stage before", "estágio anterior"),
    "axis.stage_after": ("stage after", "estágio atual"),
    "axis.period": ("period", "período"),
    "axis.equality": ("perfect equality", "igualdade perfeita"),
    "heading.concentration": ("Revenue concentration", "Concentração do faturamento"),
    "heading.pareto": ("Pareto / ABC analysis", "Análise de Pareto / ABC"),
    "heading.lorenz": ("Lorenz curve", "Curva de Lorenz"),
    "heading.funnel": ("The whole market by lifecycle stage",
                       "O mercado inteiro por estágio do ciclo de vida"),
    "heading.matrix": ("Potential vs share of wallet", "Potencial x participação no potencial"),
    "heading.transitions": ("Stage transitions", "Transições de estágio"),
    "heading.coverage": ("CRM x KAM: where the effort goes", "CRM x KAM: para onde vai o esforço"),
    "heading.unvisited": ("Key and conquer accounts without recent contact",
                          "Contas-chave e a conquistar sem contato recente"),
    "heading.effort": ("Effort by salesperson", "Esforço por vendedor"),
    "heading.scorecard": ("Territory scorecard", "Placar dos territórios"),
    "heading.evolution": ("Evolution of each territory", "Evolução de cada território"),
    "heading.pursuit": ("Pursuit list", "Lista de conquista"),
    "heading.review": ("Territory review", "Revisão do território"),
    "heading.notes": ("Notes on the data", "Observações sobre os dados"),
    "report.whole_market": ("whole market", "mercado inteiro"),
    "report.index": ("all territories (index)", "todos os territórios (índice)"),
    "report.window": ("window: {months} months, since {start}",
                      "janela: {months} meses, desde {start}"),
    "report.cut": ("first {shown} of {total}; all in the workbook",
                   "primeiras {shown} de {total}; todas na planilha"),
    "report.evolution": ("evolution, last {n} quarters", "evolução, últimos {n} trimestres"),
    "cutoff.a": ("A cut-off", "corte A"),
    "cutoff.b": ("B cut-off", "corte B"),
    "threshold.potential": ("high-potential threshold", "corte de alto potencial"),
    "threshold.share": ("high-share threshold", "corte de alta participação"),
}
_STRATEGIES = {
    "key": (
        "Protect and develop: a named owner, an account plan reviewed every quarter, "
        "regular senior contact.",
        "Proteger e desenvolver: um responsável nomeado, plano de conta revisado a cada "
        "trimestre, contato frequente da liderança.",
    ),
    "conquer": (
        "Conquer: plan the approach, visit often and grow the share of a large wallet; "
        "this is where most new revenue is.",
        "Conquistar: planejar a abordagem, visitar com frequência e ganhar participação em "
        "um potencial grande; é aqui que está a maior parte do novo faturamento.",
    ),
    "maintain": (
        "Maintain efficiently: keep service levels with lighter, cheaper contact "
        "(calls, e-mail, inside sales).",
        "Manter com eficiência: preservar o nível de serviço com contato mais leve e barato "
        "(telefone, e-mail, televendas).",
    ),
    "monitor": (
        "Monitor: serve through low-cost channels and watch for signs of growing potential.",
        "Monitorar: atender por canais de baixo custo e acompanhar sinais de aumento do "
        "potencial.",
    ),
}

_LABELS = MappingProxyType(
    {**_STAGES, **_QUADRANTS, **_ABC, **_VALUES, **_CADENCES, **_HEADERS, **_TITLES}
)
STRATEGIES = MappingProxyType(_STRATEGIES)


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
        return _LABELS[code][i]
    except (KeyError, TypeError):
        raise KamkitError(f"kamkit has no label for {code!r}.") from None


def strategy(quadrant: str, language: str | None = "en") -> str:
    """The recommended treatment of a quadrant, as one sentence.

    >>> strategy("monitor")[:8]
    'Monitor:'
    """
    i = _language_index(language)
    if quadrant not in _STRATEGIES:
        raise KamkitError(
            f"{quadrant!r} is not a quadrant; use one of {', '.join(_STRATEGIES)}."
        )
    return _STRATEGIES[quadrant][i]


def _lenient(value, i: int):
    return _LABELS[value][i] if isinstance(value, str) and value in _LABELS else value


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
    names. Unknown values and headers are kept as
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
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = [_lenient(c, i) for c in s.cat.categories]
            if len(set(cats)) == len(cats):
                out[col] = s.cat.rename_categories(cats)
        elif col in ("territory", "salesperson"):
            out[col] = s.where(s != TOTAL, _LABELS[TOTAL][i])
    if isinstance(out.index, pd.CategoricalIndex):
        out.index = _translate_index(out.index, i)
    else:
        out.index = out.index.rename(
            [_lenient(n, i) for n in out.index.names]
            if isinstance(out.index, pd.MultiIndex) else _lenient(out.index.name, i)
        )
    out.columns = _translate_index(out.columns, i)
    return out


def _group(digits: str, sep: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return sep.join(parts)


def _number(value: float, decimals: int, language: str) -> str:
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    thousands, point = (".", ",") if language == "pt-BR" else (",", ".")
    whole = _group(whole, thousands)
    return whole + (point + frac if frac else "")


def _missing(value) -> bool:
    try:
        return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def format_money(value, currency: str = "BRL", language: str | None = "en", *,
                 decimals: int = 2) -> str:
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
    language = check_language(language)
    if _missing(value):
        return _MISSING
    value = float(value)
    symbol = "R$" if (language == "pt-BR" and currency == "BRL") else currency
    number = _number(value, decimals, language)
    sign = "-" if value < 0 and number.strip("0.,") else ""
    return f"{sign}{symbol} {number}"


def format_share(value, language: str | None = "en", *, decimals: int = 1) -> str:
    """A share (0.1234) as a percentage: ``"12.3%"`` in English, ``"12,3%"`` in pt-BR.

    A missing value (None, NaN, NA) is an em dash.
    """
    language = check_language(language)
    if _missing(value):
        return _MISSING
    value = float(value) * 100
    number = _number(value, decimals, language)
    sign = "-" if value < 0 and number.strip("0.,") else ""
    return f"{sign}{number}%"


def format_money_short(value, currency: str = "BRL", language: str | None = "en") -> str:
    """A money amount in prose and on chart axes, as a manager says it.

    pt-BR: ``"R$ 1,2 mi"``, ``"R$ 350 mil"``, ``"R$ 4,5 mil"``, ``"R$ 870"``; en:
    ``"BRL 1.2 M"``, ``"BRL 350 k"``. The symbol follows :func:`format_money` (``R$`` for BRL in
    pt-BR, the currency code otherwise), so a page has one money format per language.
    """
    language = check_language(language)
    if _missing(value):
        return _MISSING
    value = float(value)
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
    symbol = "R$" if (language == "pt-BR" and currency == "BRL") else currency
    sign = "-" if value < 0 and text.strip("0.,mikM ") else ""
    return f"{sign}{symbol} {text}"


def format_number(value, language: str | None = "en", *, decimals: int = 0) -> str:
    """A number with the language's separators: ``1,234.5`` (en), ``1.234,5`` (pt-BR)."""
    language = check_language(language)
    if _missing(value):
        return _MISSING
    value = float(value)
    number = _number(value, decimals, language)
    sign = "-" if value < 0 and number.strip("0.,") else ""
    return sign + number


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
    return value.strftime("%d/%m/%Y" if language == "pt-BR" else "%Y-%m-%d")


# --- Charts (kamkit.outputs.plots): words and the period format on chart axes ---------------------
_CHART_WORDS = {
    "legend.class_a": ("class A", "classe A"),
    "legend.class_b": ("class B", "classe B"),
    "legend.class_c": ("class C", "classe C"),
    "legend.top_accounts": ("top {accounts} of accounts: {revenue} of revenue",
                            "{accounts} maiores clientes: {revenue} do faturamento"),
    "note.axis_starts": ("axis starts at {start}", "eixo começa em {start}"),
    "axis.share_of_total": ("share of the whole", "participação no total"),
    "unit.pp": ("pp", "p.p."),
    "note.no_potential": ("No account has a potential above zero: the matrix needs one "
                          "(fill in the potential column, or add segments to estimate it).",
                          "Nenhuma conta tem potencial acima de zero: a matriz precisa dele "
                          "(preencha a coluna de potencial ou informe o segmento para "
                          "estimá-lo)."),
}
_LABELS = MappingProxyType({**_LABELS, **_CHART_WORDS})
__all__ += ["format_period"]
_MONTHS_PT = ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov",
              "dez")


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
        return f"{_MONTHS_PT[value.month - 1]}/{value.year % 100:02d}"
    if code in ("Y", "A"):
        return str(value.year)
    return value.strftime("%d/%m/%Y") if code == "D" else str(value)
