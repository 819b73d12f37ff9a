"""What a manager should know about the data before trusting an analysis of it.

``data_warnings(market)`` looks at the market *as analysed* (the segment table) and returns
warnings, as :class:`~kamkit.core.errors.Problem` objects in both languages, that ``kamkit
validate``, ``kamkit segment`` and the territory reports show:

``potential_below_revenue``
    An entered (not estimated) potential smaller than what the account already buys: its share
    of wallet passes 100%, so its quadrant means little. The accounts are named.
``all_estimated``
    Every potential is estimated: estimates are a high quantile of comparable accounts'
    spend, so the potential x share matrix cannot separate the accounts.
``empty_window``
    No sales line falls in the analysis window: ``as_of`` is after the data (the window lies
    wholly after the last sale) or before it (before the first sale).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kamkit.core.errors import Problem, Text
from kamkit.model.market import analysis_market, takes_overrides

__all__ = ["DataNote", "data_warnings", "NAMED"]

#: How many accounts a warning names before it counts the rest.
NAMED = 10


@dataclass(frozen=True)
class DataNote(Problem):
    """A warning about the data as analysed; ``kind`` says which (see the module docstring)."""

    kind: str = ""


_BELOW = Text(
    "{n} account(s) have an entered potential below what they already buy in the window, so "
    "their share of wallet passes 100%: {accounts}.",
    "{n} conta(s) têm potencial informado abaixo do que já compram na janela, e a participação "
    "no potencial passa de 100%: {accounts}.",
)
_BELOW_FIX = Text(
    "Raise their potential to at least the annual revenue shown, or leave it blank to have it "
    "estimated.",
    "Aumente o potencial delas para pelo menos o faturamento anual mostrado, ou deixe-o em "
    "branco para que seja estimado.",
)
_ALL_ESTIMATED = Text(
    "every potential is estimated (no account has one entered): estimates are a high quantile "
    "of what comparable accounts buy, so the potential x share matrix cannot separate the "
    "accounts and its quadrants say little.",
    "todos os potenciais são estimados (nenhuma conta tem potencial informado): a estimativa é "
    "um quantil alto do que contas parecidas compram, então a matriz potencial x participação "
    "não consegue separar as contas e seus quadrantes dizem pouco.",
)
_ALL_ESTIMATED_FIX = Text(
    "Fill in the potential column of the accounts table for the accounts you know, even roughly.",
    "Preencha a coluna potencial da tabela de contas para as contas que você conhece, mesmo "
    "que de forma aproximada.",
)
_AFTER = Text(
    "the analysis date {as_of} is after the data: the last sale is on {last}, so the "
    "{months}-month window ({start} to {as_of}) holds no sales and every buyer looks lapsed.",
    "a data-base {as_of} é posterior aos dados: a última venda é de {last}, então a janela de "
    "{months} meses ({start} a {as_of}) não tem vendas e todo cliente parece inativo.",
)
_BEFORE = Text(
    "the analysis date {as_of} is before the data: the first sale is on {first}, so the "
    "{months}-month window ({start} to {as_of}) holds no sales.",
    "a data-base {as_of} é anterior aos dados: a primeira venda é de {first}, então a janela de "
    "{months} meses ({start} a {as_of}) não tem vendas.",
)
_EMPTY = Text(
    "the {months}-month window ({start} to {as_of}) holds no sales.",
    "a janela de {months} meses ({start} a {as_of}) não tem vendas.",
)
_DATE_FIX = Text(
    "Check the as_of parameter (or --as-of): leave it blank to analyse as of the latest date in "
    "the data.",
    "Confira o parâmetro data_base (ou --as-of): deixe-o em branco para analisar na data mais "
    "recente dos dados.",
)


def _both(template: Text, fields) -> Text:
    """``template`` filled in each language with that language's numbers and dates."""
    return Text(template.en.format(**fields("en")), template.pt.format(**fields("pt-BR")))


@takes_overrides
def data_warnings(
    market, *, table: pd.DataFrame | None = None, as_of=None, **parameters
) -> list[DataNote]:
    """Warnings about the market as analysed as of ``as_of`` (default: the market's).

    Parameters
    ----------
    market : Market
    table : DataFrame, optional
        ``kk.segment(market, as_of=as_of)`` when already computed (it is not computed twice).
    as_of : date, optional

    Returns
    -------
    list of DataNote
        Severity ``"warning"``; ``str(note)`` is English, ``note.text("pt-BR")`` Portuguese,
        numbers and dates included (``R$ 1.234``, ``30/06/2025``).
    """
    market = analysis_market(market, "kk.data_warnings", parameters)
    from kamkit.analysis.segmentation import segment, window
    from kamkit.presentation.i18n import format_date, format_money

    currency = market.parameters.currency
    months = market.parameters.lookback_months
    if table is None:
        table = segment(market, as_of=as_of)
    notes: list[DataNote] = []

    estimated = table["potential_estimated"].to_numpy(dtype=bool)
    share = table["share_of_wallet"].to_numpy(dtype=float)
    below = ~estimated & (share > 1 + 1e-9)
    if below.any():
        rows = table.loc[below].sort_values(
            ["share_of_wallet", "account_id"], ascending=[False, True]
        )

        def accounts(language):
            named = [
                f"{r.account_id} ({format_money(r.potential, currency, language, decimals=0)} < "
                f"{format_money(r.revenue * 12 / months, currency, language, decimals=0)})"
                for r in rows.head(NAMED).itertuples()
            ]
            if len(rows) > NAMED:
                named.append(
                    Text("and {n} more", "e mais {n}")(language).format(n=len(rows) - NAMED)
                )
            return dict(n=len(rows), accounts=", ".join(named))

        notes.append(
            DataNote(
                _both(_BELOW, accounts),
                _BELOW_FIX,
                severity="warning",
                kind="potential_below_revenue",
            )
        )

    has_potential = table["potential"].notna().to_numpy()
    if has_potential.any() and estimated[has_potential].all():
        notes.append(
            DataNote(_ALL_ESTIMATED, _ALL_ESTIMATED_FIX, severity="warning", kind="all_estimated")
        )

    start, end = window(market, as_of)
    dated, inside, first, last = _sales_dates(market, start, end)
    if dated:
        if not inside:
            template = _AFTER if last < start else _BEFORE if first > end else _EMPTY

            def fields(language):
                return dict(
                    as_of=format_date(end, language),
                    start=format_date(start, language),
                    months=months,
                    first=format_date(first, language),
                    last=format_date(last, language),
                )

            notes.append(
                DataNote(
                    _both(template, fields), _DATE_FIX, severity="warning", kind="empty_window"
                )
            )
    return notes


def _sales_dates(market, start: pd.Timestamp, end: pd.Timestamp):
    """``(any dated line, any line in the window, first date, last date)`` of the sales, from
    the frame or, when the lines stay in their files, from the engine."""
    stop = end.normalize() + pd.Timedelta(days=1)
    lines = market.lines
    if lines is not None:
        from kamkit.files.engine import connection

        cursor = connection()
        try:
            (found,) = cursor.execute(
                f"SELECT EXISTS (SELECT 1 FROM ({lines.sales_lines()}) "
                "WHERE date >= $start AND date < $stop)",
                {"start": start.to_pydatetime(), "stop": stop.to_pydatetime()},
            ).fetchall()[0]
        finally:
            cursor.close()
        first, last = pd.Timestamp(lines.first_date), pd.Timestamp(lines.last_date)
        return pd.notna(last), bool(found), first, last
    dates = market.sales["date"]
    if not dates.notna().any():
        return False, False, pd.NaT, pd.NaT
    values = dates.to_numpy(dtype="datetime64[ns]")
    inside = (values >= np.datetime64(start, "ns")) & (values < np.datetime64(stop, "ns"))
    return True, bool(inside.any()), dates.min(), dates.max()
