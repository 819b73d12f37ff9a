"""Pictures of the KAM analytics beyond segmentation: whitespace by product family and the
early-warning alerts (lesson 10).

- :func:`plot_whitespace`: a heat map, accounts (rows) x product families (columns), of the
  whitespace of :func:`kamkit.analysis.whitespace.whitespace`: each whitespace cell coloured and
  labelled by its value (the peers' median revenue in the family) or by its adoption among the
  peers; a family the account buys, or that is not whitespace for it, is a blank grey cell.
- :func:`plot_alerts`: the ``revenue_drop`` alerts of :func:`kamkit.analysis.alerts.alerts`,
  one pair of bars per account: the net revenue of the last 3 months against the same months a
  year earlier.
- :func:`plot_relationship_map`: an account's contacts (:func:`kamkit.analysis.plans.
  relationship_map`) on an influence (rows) x attitude (columns) grid, an empty decision-maker
  row marked, the gaps of :func:`kamkit.analysis.plans.relationship_gaps` named below (lesson 9).
- :func:`plot_pursuit`: the first accounts of the pursuit list (:func:`kamkit.analysis.pursuit.
  pursuit_list`), one bar each, rank 1 at the top: the revenue in the window and the gap to
  potential, the gap labelled in short money, the account a plan is for in the accent colour
  (lesson 9).

The numbers drawn are the analysis functions' own (never recomputed here). Conventions as in
:mod:`kamkit.charts.plots`: data first (a Market, or the table the analysis function returns),
keyword-only options, drawn on ``ax`` (a new figure when None), the Axes returned; words from
the catalogue (``kamkit/presentation/words/kam.toml``, keys ``kam.chart.*``) in ``language``
(default: the market's ``language`` parameter, English for a table); money in the short format
of :func:`kamkit.presentation.i18n.format_money_short`; colours from
:mod:`kamkit.presentation.palette`. Nothing changes global matplotlib settings and nothing calls
``plt.show()``; matplotlib is imported only when a function is called.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamkit.charts.common import axes, chart_doc, is_market, money_symbol, settings
from kamkit.core.errors import KamkitError, Text
from kamkit.presentation import i18n, palette

__all__ = [
    "plot_whitespace",
    "plot_alerts",
    "plot_relationship_map",
    "plot_pursuit",
    "relationship_cells",
    "whitespace_grid",
    "alerts_bars",
    "WHITESPACE_ROWS",
    "ALERT_ROWS",
]

#: Accounts a whitespace heat map shows by default (the largest whitespace values first).
WHITESPACE_ROWS = 12
#: Accounts an alerts chart shows by default (the largest falls in money first).
ALERT_ROWS = 12

_SHOWN = ("value", "adoption")


def _word(key: str, language: str) -> str:
    from kamkit.presentation.catalogue import word

    return word(f"kam.chart.{key}", language)


def _table(data, columns, what: str) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame) or not set(columns) <= set(data.columns):
        raise KamkitError(
            Text(
                "{what} needs a market or the table of kk.{what_fn}, with the columns "
                "{columns}; pass the market, or that table.",
                "{what} precisa de um mercado ou da tabela de kk.{what_fn}, com as colunas "
                "{columns}; passe o mercado, ou essa tabela.",
            ).format(what=f"kk.plot_{what}", what_fn=what, columns=", ".join(columns))
        )
    return data


def _money_formatter(currency: str, language: str):
    """Ticks in the short money format without the symbol (the axis title names it):
    ``160 mil``, ``1,2 mi`` (pt-BR); ``160 k``, ``1.2 M`` (en)."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(
        lambda value, _pos: i18n.format_money_short(value, currency, language).split(" ", 1)[1]
    )


def _empty(ax, key: str, language: str, *, said: str | None = None):
    """An empty chart saying why: the chart word ``key``, or the sentence ``said``."""
    ax.text(
        0.5,
        0.5,
        said if said is not None else _word(key, language),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=palette.MUTED,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def whitespace_grid(
    table: pd.DataFrame, *, accounts=None, top: int = WHITESPACE_ROWS, show="value"
):
    """The accounts x families grid a whitespace heat map draws, from a ``kk.whitespace``
    table: ``show`` (``"value"`` or ``"adoption"``) where the family is whitespace for the
    account, NaN elsewhere. Rows: ``accounts`` in their order, or the ``top`` accounts with the
    largest whitespace value (the sum of their families' values; then ``account_id``); columns:
    the families of those rows' whitespace, sorted."""
    if show not in _SHOWN:
        raise KamkitError(
            Text(
                "show must be one of {shown}, not {show!r}.",
                "show deve ser um de {shown}, não {show!r}.",
            ).format(shown=", ".join(_SHOWN), show=show)
        )
    table = _table(table, ("account_id", "family", "adoption", "value"), "whitespace")
    if accounts is None:
        totals = table.groupby("account_id", sort=False)["value"].sum()
        order = totals.reset_index().sort_values(
            ["value", "account_id"], ascending=[False, True], kind="stable"
        )
        rows = list(order["account_id"].head(int(top)))
    else:
        rows = [str(a) for a in ([accounts] if isinstance(accounts, str) else accounts)]
    picked = table.loc[table["account_id"].isin(rows)]
    families = sorted(picked["family"].astype(str).unique())
    grid = picked.pivot_table(index="account_id", columns="family", values=show, aggfunc="first")
    return grid.reindex(index=rows, columns=families).astype("float64")


@chart_doc
def plot_whitespace(
    data,
    *,
    territory: str | None = None,
    accounts=None,
    top: int = WHITESPACE_ROWS,
    show: str = "value",
    as_of=None,
    ax=None,
    language: str | None = None,
    currency: str | None = None,
):
    """Heat map of whitespace: accounts (rows) x product families (columns).

    A coloured cell is a family that is whitespace for the account (at least
    ``whitespace_min_adoption`` of its peers bought it, the account did not), labelled with its
    value -- the median revenue in the family among the peers who bought it -- or, with
    ``show="adoption"``, the share of the peers who bought it. A grey cell is a family the
    account buys, or that too few of its peers buy.

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.analysis.whitespace.whitespace`
    territory, as_of : optional
        Only with a Market: passed to ``kk.whitespace``.
    accounts : str or list of str, optional
        The accounts to show, in this order (e.g. your top key account); an account without
        whitespace gets an empty row. Default: the ``top`` accounts with the largest whitespace
        value.
    top : int
        How many accounts when ``accounts`` is not given.
    show : {"value", "adoption"}
    {ax_language}
    {currency}

    {returns}
        The grid drawn is ``ax.images[0].get_array()`` (NaN masked).
    """
    from matplotlib.colors import LinearSegmentedColormap

    language, currency = settings(data, language, currency)
    if is_market(data):
        from kamkit.analysis.whitespace import whitespace

        data = whitespace(data, territory=territory, as_of=as_of)
    grid = whitespace_grid(data, accounts=accounts, top=top, show=show)
    height = 2.6 + 0.42 * max(len(grid), 1)
    ax = axes(ax, figsize=(min(max(4.0 + 1.2 * grid.shape[1], 8.0), 11.0), height))
    ax.set_title(_word(f"whitespace_title_{show}", language))
    if grid.empty or not np.isfinite(grid.to_numpy()).any():
        return _empty(ax, "no_whitespace", language)
    colours = LinearSegmentedColormap.from_list(
        "kamkit_whitespace", [palette.tint(palette.QUADRANT["key"], 0.2), palette.QUADRANT["key"]]
    ).with_extremes(bad=palette.tint(palette.NEUTRAL, 0.35))
    values = np.ma.masked_invalid(grid.to_numpy())
    low = 0.0 if show == "adoption" else float(np.nanmin(grid.to_numpy()))
    high = 1.0 if show == "adoption" else float(np.nanmax(grid.to_numpy()))
    image = ax.imshow(values, cmap=colours, aspect="auto", vmin=low, vmax=high)
    middle = (low + high) / 2
    for (r, c), value in np.ndenumerate(grid.to_numpy()):
        if not np.isfinite(value):
            continue
        text = (
            i18n.format_share(value, language, decimals=0)
            if show == "adoption"
            else i18n.format_money_short(value, currency, language)
        )
        ink = palette.WHITE if value > middle else palette.INK
        ax.text(c, r, text, ha="center", va="center", fontsize="small", color=ink)
    ax.set_xticks(range(grid.shape[1]), [str(f) for f in grid.columns], rotation=30, ha="right")
    ax.set_yticks(range(len(grid)), [str(a) for a in grid.index])
    ax.set_xlabel(_word("family", language))
    ax.set_ylabel(_word("account", language))
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
    if show == "adoption":
        from matplotlib.ticker import FuncFormatter

        bar.ax.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _pos: i18n.format_share(v, language, decimals=0))
        )
        bar.set_label(_word("adoption", language))
    else:
        bar.ax.yaxis.set_major_formatter(_money_formatter(currency, language))
        bar.set_label(f"{_word('value', language)} ({money_symbol(currency, language)})")
    return ax


def alerts_bars(table: pd.DataFrame, *, top: int = ALERT_ROWS) -> pd.DataFrame:
    """The rows an alerts chart draws, from a ``kk.alerts`` table: the ``revenue_drop`` alerts,
    the ``top`` largest falls in money (``earlier_revenue - recent_revenue``; then
    ``account_id``), with columns ``account_id``, ``recent_revenue``, ``earlier_revenue``."""
    table = _table(table, ("account_id", "kind", "recent_revenue", "earlier_revenue"), "alerts")
    drops = table.loc[table["kind"] == "revenue_drop"]
    drops = drops.assign(_fall=drops["earlier_revenue"] - drops["recent_revenue"])
    drops = drops.sort_values(["_fall", "account_id"], ascending=[False, True], kind="stable")
    return (
        drops[["account_id", "recent_revenue", "earlier_revenue"]]
        .head(int(top))
        .reset_index(drop=True)
    )


@chart_doc
def plot_alerts(
    data,
    *,
    territory: str | None = None,
    top: int = ALERT_ROWS,
    as_of=None,
    ax=None,
    language: str | None = None,
    currency: str | None = None,
):
    """The revenue drops: for each account, the net revenue of the last 3 months (orange)
    against the same 3 months a year earlier (grey), the largest falls in money at the top.

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.analysis.alerts.alerts`
    territory, as_of : optional
        Only with a Market: passed to ``kk.alerts``.
    top : int
        How many accounts (the largest falls in money).
    {ax_language}
    {currency}

    {returns}
        Two bar containers, in the order of the legend: a year earlier, the last 3 months.
    """
    language, currency = settings(data, language, currency)
    if is_market(data):
        from kamkit.analysis.alerts import alerts

        data = alerts(data, territory=territory, as_of=as_of, language=language)
    bars = alerts_bars(data, top=top)
    ax = axes(ax, figsize=(9.0, 2.6 + 0.45 * max(len(bars), 1)))
    ax.set_title(_word("alerts_title", language))
    if bars.empty:
        return _empty(ax, "no_drop", language)
    y = np.arange(len(bars))
    ax.barh(
        y - 0.2,
        bars["earlier_revenue"].to_numpy(dtype="float64"),
        height=0.4,
        color=palette.NEUTRAL,
        label=_word("year_earlier", language),
    )
    ax.barh(
        y + 0.2,
        bars["recent_revenue"].to_numpy(dtype="float64"),
        height=0.4,
        color=palette.ACCENT,
        label=_word("last_3_months", language),
    )
    ax.set_yticks(y, [str(a) for a in bars["account_id"]])
    ax.invert_yaxis()  # the largest fall at the top
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(_money_formatter(currency, language))
    ax.set_xlabel(f"{_word('net_revenue', language)} ({money_symbol(currency, language)})")
    ax.set_ylabel(_word("account", language))
    ax.legend(loc="lower right", fontsize="small")
    return ax


# -- the relationship map ------------------------------------------------------------------------

#: The colour of each attitude's markers (from the palette: warm green to the accent).
RELATIONSHIP_COLOURS = {
    "advocate": palette.STAGE["regular"],
    "supporter": palette.STAGE["occasional"],
    "neutral": palette.NEUTRAL,
    "critic": palette.ACCENT,
}


def _plans_word(key: str, language: str) -> str:
    from kamkit.presentation.catalogue import word

    return word(f"plans.{key}", language)


def relationship_cells(contacts: pd.DataFrame) -> tuple[list, list, list[tuple[int, int, str]]]:
    """The grid a relationship map draws, from the rows of ``kk.relationship_map``.

    Returns ``(rows, columns, points)``: the influence codes of the rows (every one of
    ``kamkit.core.schema.INFLUENCES``, then ``None`` when a contact has none), the
    relationship codes of the columns (likewise), and one ``(row, column, name)`` per contact,
    in the table's order."""
    from kamkit.core.schema import INFLUENCES, RELATIONSHIPS

    def code(value, known):
        return value if isinstance(value, str) and value in known else None

    influence = [code(v, INFLUENCES) for v in contacts["influence"]]
    relation = [code(v, RELATIONSHIPS) for v in contacts["relationship"]]
    rows = [*INFLUENCES, *([None] if None in influence else [])]
    columns = [*RELATIONSHIPS, *([None] if None in relation else [])]
    points = [
        (rows.index(i), columns.index(r), "" if pd.isna(n) else str(n))
        for i, r, n in zip(influence, relation, contacts["name"])
    ]
    return rows, columns, points


def plot_relationship_map(
    market,
    account_id: str,
    *,
    as_of=None,
    ax=None,
    language: str | None = None,
):
    """An account's relationship map: who is who (influence, rows) and how they see us
    (attitude, columns).

    Each contact of :func:`kamkit.analysis.plans.relationship_map` is a labelled marker in its
    cell, coloured by attitude (:data:`RELATIONSHIP_COLOURS`). An empty decision-maker row is
    shaded and says so; the gaps of :func:`kamkit.analysis.plans.relationship_gaps` are named
    in a caption below the grid. An account without contacts gets the empty grid and a
    sentence saying so.

    Parameters
    ----------
    market : Market
    account_id : str
        The account's code (an unknown code is an error with the closest code).
    as_of : date-like, optional
        Analysis date (for the gaps: a decision maker not contacted for over 90 days).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    language : {"en", "pt-BR"}, optional
        Default: the market's ``language`` parameter.

    Returns
    -------
    matplotlib Axes
        The markers are ``ax.collections`` (one per contact, in the table's order); the
        caption is the last of ``ax.texts``.
    """
    from kamkit.analysis.plans import account_plan

    language, _ = settings(market, language, None)
    plan = account_plan(market, account_id, as_of=as_of)
    rows, columns, points = relationship_cells(plan.contacts)
    ax = axes(ax, figsize=(9.0, 5.6))
    # names are data: a "$" in them is a dollar sign, not mathematics
    ax.set_title(_plans_word("chart.title", language).format(account=plan.name), parse_math=False)
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # the decision makers on top
    for k in range(1, len(columns)):
        ax.axvline(k - 0.5, color=palette.NEUTRAL, linewidth=0.8)
    for k in range(1, len(rows)):
        ax.axhline(k - 0.5, color=palette.NEUTRAL, linewidth=0.8)
    ax.set_xticks(
        range(len(columns)),
        [_plans_word(f"relationship.{c or 'blank'}", language) for c in columns],
    )
    ax.set_yticks(
        range(len(rows)), [_plans_word(f"influence.{r or 'blank'}", language) for r in rows]
    )
    ax.tick_params(length=0)
    ax.set_xlabel(_plans_word("doc.relationship", language))
    ax.set_ylabel(_plans_word("doc.influence", language))
    if not any(r == 0 for r, _, _ in points):  # no decision maker: the row says so
        ax.axhspan(-0.5, 0.5, color=palette.tint(palette.ACCENT, 0.2), zorder=0)
        ax.text(
            (len(columns) - 1) / 2,
            0,
            _plans_word("doc.missing_decision_maker", language),
            ha="center",
            va="center",
            color=palette.ACCENT,
            fontweight="bold",
        )
    cells: dict[tuple[int, int], list[int]] = {}
    for k, (r, c, _) in enumerate(points):
        cells.setdefault((r, c), []).append(k)
    for (r, c), members in cells.items():
        offsets = np.linspace(-0.3, 0.3, len(members)) if len(members) > 1 else [0.0]
        for dx, k in zip(offsets, members):
            colour = RELATIONSHIP_COLOURS.get(columns[c], palette.MUTED)
            ax.scatter([c + dx], [r - 0.08], s=90, color=colour, edgecolor=palette.INK, zorder=3)
            ax.text(
                c + dx,
                r + 0.22,
                points[k][2],
                ha="center",
                va="center",
                fontsize="small",
                parse_math=False,
            )
    if not points:
        ax.text(
            (len(columns) - 1) / 2,
            len(rows) / 2,
            _plans_word("chart.no_contacts", language),
            ha="center",
            va="center",
            color=palette.MUTED,
        )
    gaps = list(dict.fromkeys(plan.gaps["gap"]))
    names = "; ".join(_plans_word(f"gap.{g}", language) for g in gaps)
    caption = (
        _plans_word("chart.gaps", language).format(gaps=names)
        if gaps
        else _plans_word("chart.no_gaps", language)
    )
    ax.annotate(
        caption,
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, -42),
        textcoords="offset points",
        ha="left",
        va="top",
        color=palette.ACCENT if gaps else palette.MUTED,
        annotation_clip=False,
        wrap=True,
    )
    return ax


# -- the pursuit list ------------------------------------------------------------------------------

#: The colours of a pursuit bar: the revenue in the window, the gap to potential, and the gap of
#: the highlighted account.
PURSUIT_COLOURS = {
    "revenue": palette.QUADRANT["maintain"],
    "gap": palette.NEUTRAL,
    "highlight": palette.ACCENT,
}


@chart_doc
def plot_pursuit(
    market,
    *,
    territory: str | None = None,
    top: int = 10,
    highlight: str | None = None,
    as_of=None,
    ax=None,
    language: str | None = None,
    currency: str | None = None,
):
    """The top of the pursuit list: one bar per account, rank 1 at the top.

    Each bar is the account's potential in the window, split into what it bought from us in
    the window (``revenue``) and its ``gap`` to potential, both from
    :func:`kamkit.analysis.pursuit.pursuit_list`; the gap is labelled in short money
    (``R$ 1,2 mi``). The rows are those of :func:`kamkit.analysis.kpis.pursuit_kpis`: for one
    territory its first ``top`` ranks; for the whole market the ``top`` highest scores (the
    rank shown is the one within the account's territory, named beside the code).

    Parameters
    ----------
    market : Market
    territory : str, optional
        One territory's list; default: the whole market.
    top : int
        How many accounts.
    highlight : str, optional
        An account code whose gap is drawn in the accent colour (e.g. the account you plan);
        nothing is highlighted when it is not among the bars.
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter.
    {ax_language}
    {currency}

    {returns}
        Two bar containers, ``ax.containers``: the revenue, then the gap (one bar per
        account, from the top); the gap labels are ``ax.texts``.
    """
    from matplotlib.patches import Patch

    from kamkit.analysis.kpis import pursuit_kpis
    from kamkit.presentation.catalogue import word

    if not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 1:
        raise KamkitError(
            Text(
                "top must be a whole number of at least 1; got {top!r}.",
                "top deve ser um número inteiro de pelo menos 1; veio {top!r}.",
            ).format(top=top)
        )
    language, currency = settings(market, language, currency)
    rows = pursuit_kpis(
        market, top=int(top), territory=territory, as_of=as_of, language=language
    ).table
    ax = axes(ax, figsize=(9.0, 2.4 + 0.4 * max(len(rows), 1)))
    ax.set_title(word("kam.lesson.pursuit_chart", language), wrap=True)
    if rows.empty:
        return _empty(ax, "", language, said=word("handout.no_pursuit", language))
    whole = territory is None
    names = [
        f"{rank}. {code}" + (f" ({where})" if whole else "")
        for rank, code, where in zip(rows["rank"], rows["account_id"], rows["territory"])
    ]
    y = np.arange(len(rows))
    revenue = rows["revenue"].to_numpy(dtype="float64")
    gap = rows["gap"].to_numpy(dtype="float64")
    marked = [str(code) == str(highlight) for code in rows["account_id"]]
    ax.barh(y, revenue, color=PURSUIT_COLOURS["revenue"], label=i18n.label("revenue", language))
    bars = ax.barh(
        y,
        gap,
        left=revenue,
        color=[PURSUIT_COLOURS["highlight" if m else "gap"] for m in marked],
        label=i18n.label("gap", language),
    )
    ax.bar_label(
        bars,
        labels=[i18n.format_money_short(v, currency, language) for v in gap],
        padding=3,
        fontsize="small",
    )
    # account codes and territories are data: a "$" in them is a dollar sign
    ax.set_yticks(y, names)
    for tick in ax.get_yticklabels():
        tick.set_parse_math(False)
    ax.invert_yaxis()  # rank 1 at the top
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(_money_formatter(currency, language))
    ax.set_xlabel(
        f"{i18n.label('revenue', language)} + {i18n.label('gap', language)} "
        f"({money_symbol(currency, language)})"
    )
    ax.margins(x=0.15)
    handles = [
        Patch(color=PURSUIT_COLOURS["revenue"], label=i18n.label("revenue", language)),
        Patch(color=PURSUIT_COLOURS["gap"], label=i18n.label("gap", language)),
    ]
    if any(marked):
        handles.append(
            Patch(
                color=PURSUIT_COLOURS["highlight"],
                label=f"{i18n.label('gap', language)}: {highlight}",
            )
        )
    ax.legend(handles=handles, loc="lower right", fontsize="small")
    return ax
