"""The course's pictures: Pareto, Lorenz, lifecycle funnel, potential x share matrix, stage
transitions, territory evolution and CRM x KAM coverage.

What a reader sees follows the language: money in the short format of
:func:`kamkit.presentation.i18n.format_money_short` (``R$ 350 mil``, ``R$ 1,2 mi``; ``BRL 350 k``,
``BRL 1.2 M``) with the currency in the axis title, never scientific notation; shares with the
decimal comma in pt-BR (``12,5%``), counts with the thousands dot (``1.234``), periods as
``3º tri/2026`` or ``set/26``. Share axes start at zero (or the axis title says where they
start), and legends sit outside the axes where they cannot cover a point.

Every function takes its data first (a Market, or the table the matching analysis function
returns), then keyword-only options, draws on ``ax`` (a new figure when ``ax`` is None) and
returns the matplotlib Axes. Labels are in ``language`` ("en" or "pt-BR"; default: the
market's ``language`` parameter, English for a plain table). Nothing here changes global
matplotlib or seaborn settings, and nothing calls ``plt.show()``. matplotlib and seaborn are
imported only when a function is called.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamkit.charts.common import axes, chart_doc, chart_language, is_market, money_symbol, settings
from kamkit.core.errors import KamkitError
from kamkit.presentation import i18n, palette

__all__ = [
    "plot_pareto",
    "plot_lorenz",
    "plot_stage_funnel",
    "plot_matrix",
    "plot_transitions",
    "plot_territory_evolution",
    "plot_coverage",
    "MAX_BARS",
]

#: Above this many accounts the Pareto chart draws filled steps instead of separate bars.
MAX_BARS = 300


def _money_title(code: str, currency: str, language: str) -> str:
    """An axis title that names the currency: ``faturamento (R$)``, ``revenue (BRL)``."""
    return f"{i18n.label(code, language)} ({money_symbol(currency, language)})"


def _exact(value: float, scale: float, decimals: int) -> bool:
    """True when ``value / scale`` is shown exactly with ``decimals`` decimals."""
    x = value / scale
    return abs(x - round(x, decimals)) <= 1e-6 * max(1.0, abs(x))


def _fewest_decimals(values, scale: float = 1.0, most: int = 3) -> int:
    """The fewest decimals (up to ``most``) that show every tick value exactly."""
    for decimals in range(most + 1):
        if all(_exact(v, scale, decimals) for v in values):
            return decimals
    return most


def _short_money_exact(value: float) -> bool:
    """True when :func:`kamkit.presentation.i18n.format_money_short` shows ``value`` without rounding."""
    size = abs(value)
    if size >= 1e6:
        return _exact(size, 1e6, 1)
    if size >= 1e4:
        return _exact(size, 1e3, 0)
    if size >= 1e3:
        return _exact(size, 1e3, 1)
    return _exact(size, 1.0, 0)


def _formatter(kind: str, language: str, currency: str = "BRL"):
    """A tick formatter in the language: ``"money"`` (R$ 350 mil / BRL 350 k, the full amount
    when the short form would round a tick), ``"share"`` (12,5%), ``"pp"`` (3,5 p.p.) or
    ``"number"`` (1.234). Tick labels get the fewest decimals that show every tick exactly, so
    there is never an offset, a power of ten or scientific notation on a kamkit axis."""
    from matplotlib.ticker import Formatter

    pp = i18n.label("unit.pp", language)

    def show(value: float, decimals: int | None) -> str:
        if kind == "money":
            if decimals is None:
                return i18n.format_money_short(value, currency, language)
            return i18n.format_money(value, currency, language, decimals=decimals)
        if kind == "share":
            return i18n.format_share(value, language, decimals=1 if decimals is None else decimals)
        if kind == "pp":
            return f"{i18n.format_number(value * 100, language, decimals=decimals or 0)} {pp}"
        return i18n.format_number(value, language, decimals=decimals or 0)

    class _KamkitFormatter(Formatter):
        def __call__(self, x, pos=None):
            return show(x, None)

        def format_ticks(self, values):
            values = [float(v) for v in values]
            if kind == "money":
                if all(_short_money_exact(v) for v in values):
                    return [show(v, None) for v in values]
                cents = 0 if all(_exact(v, 1.0, 0) for v in values) else 2  # R$ 0,50
                return [show(v, cents) for v in values]
            scale = 0.01 if kind in ("share", "pp") else 1.0
            decimals = _fewest_decimals(values, scale)
            return [show(v, decimals) for v in values]

    return _KamkitFormatter()


def _format_axis(
    axis, kind: str, language: str, currency: str = "BRL", *, integer: bool = False
) -> None:
    """Tick labels of one axis in the language (see :func:`_formatter`); on a linear axis the
    ticks fall on 1, 2 or 5 times a power of ten so short money labels stay exact."""
    from matplotlib.ticker import MaxNLocator, NullFormatter

    if axis.get_scale() == "linear":
        axis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=integer))
    axis.set_major_formatter(_formatter(kind, language, currency))
    axis.set_minor_formatter(NullFormatter())


def _percent_axis(axis, language: str = "en") -> None:
    _format_axis(axis, "share", language)


def _legend_outside(ax, handles=None, labels=None, *, below_points: float | None = None, **kwargs):
    """A legend outside the axes, so it never covers a point: to the right of ``ax`` by
    default, or centred ``below_points`` points under it (clear of tick labels and the axis
    title). In a figure with constrained layout the axes shrink to make room."""
    from matplotlib.transforms import ScaledTranslation

    options = dict(frameon=False, fontsize="small")
    options.update(kwargs)
    if handles is not None:
        args = (handles, labels)
    else:
        args = ()
    if below_points is None:
        return ax.legend(
            *args, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **options
        )
    shift = ScaledTranslation(0, -below_points / 72, ax.figure.dpi_scale_trans)
    return ax.legend(
        *args,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=ax.transAxes + shift,
        borderaxespad=0.0,
        **options,
    )


def _from_zero(
    ax, values, kind: str, language: str, currency: str, start_at_zero: bool, ylabel: str
) -> str:
    """Put zero on the value axis (a share or count drawn from its real base) and return the
    axis title; with ``start_at_zero=False`` the axis keeps matplotlib's limits and the
    title says where it starts ("axis starts at 36%")."""
    values = np.asarray(values, dtype="float64")
    values = values[np.isfinite(values)]
    if not len(values):
        if start_at_zero:
            ax.set_ylim(0, 1)
        return ylabel
    lo, hi = float(values.min()), float(values.max())
    if start_at_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        pad = 0.05 * (hi - lo) if hi > lo else {"share": 0.1, "pp": 0.01}.get(kind, 1.0)
        ax.set_ylim(lo if lo == 0 else lo - pad, hi + pad if hi > 0 or lo == hi else 0.0)
        return ylabel
    bottom = ax.get_ylim()[0]
    if bottom <= 0 <= ax.get_ylim()[1]:
        return ylabel
    start = _formatter(kind, language, currency)(bottom)
    return f"{ylabel} ({i18n.label('note.axis_starts', language).format(start=start)})"


@chart_doc
def plot_pareto(
    data,
    *,
    as_of=None,
    territory=None,
    max_accounts: int | None = None,
    ax=None,
    language: str | None = None,
    currency: str | None = None,
    tops=(0.05, 0.10),
):
    """Pareto chart: revenue per buying account (bars, best first, coloured by ABC class) and
    the cumulative share of revenue (line), with horizontal lines at the ABC cut-offs (50% and
    80% by default) and a marker where the top 5% and 10% of accounts end, saying their share
    of revenue (the post's claim: 5-10% of customers make 50-60% of revenue).

    Parameters
    ----------
    data : Market, revenue Series, segment table or :func:`~kamkit.analysis.concentration.pareto_table`
        What :func:`kamkit.analysis.concentration.pareto_table` accepts, or its result.
    as_of, territory : optional
        Only with a Market.
    max_accounts : int, optional
        Draw only the first ``max_accounts`` bars (the line still uses every account).
        Bars are coloured by ABC class; above :data:`MAX_BARS` accounts they are drawn as
        one filled step outline per class (same picture, much faster).
    {ax_language}
    {currency}
    tops : sequence of float
        Shares of accounts to mark on the cumulative line (default 5% and 10%); each share of
        revenue is :func:`kamkit.analysis.concentration.top_share`. Pass ``()`` for none.

    {returns}
        The bar axes; the cumulative line and cut-offs are on its twin (``ax.right_ax``).
        The legend (outside the axes, below) names the ABC classes, the line, the cut-offs and
        the markers.
    """
    from matplotlib.patches import Patch

    from kamkit.analysis.concentration import pareto_table, top_share

    language, currency = settings(data, language, currency)
    if isinstance(data, pd.DataFrame) and "cumulative_share" in data.columns:
        table = data
        cuts = (0.5, 0.8)
    else:
        table = pareto_table(data, as_of=as_of, territory=territory)
        cuts = (
            (data.parameters.abc_a_share, data.parameters.abc_b_share)
            if is_market(data)
            else (0.5, 0.8)
        )
    ax = axes(ax, figsize=(8, 5.5))
    n = len(table)
    shown = table if max_accounts is None else table.iloc[:max_accounts]
    values = shown["revenue"].to_numpy(dtype="float64")
    classes = (
        shown["abc_class"].astype(object).to_numpy()
        if "abc_class" in shown
        else np.full(len(shown), "A", dtype=object)
    )
    if len(shown) <= MAX_BARS:
        ax.bar(
            np.arange(1, len(shown) + 1),
            values,
            width=1.0,
            linewidth=0,
            color=[palette.ABC.get(c, palette.ABC["C"]) for c in classes],
        )
    else:  # thousands of bars: one filled step outline per class draws in a fraction of the time
        edges = np.arange(len(shown) + 1) + 0.5
        for code, color in palette.ABC.items():
            ax.stairs(
                np.where(classes == code, values, 0.0), edges, fill=True, color=color, linewidth=0
            )
    ax.set_xlabel(i18n.label("axis.accounts_ranked", language))
    ax.set_ylabel(_money_title("axis.revenue", currency, language))
    ax.set_ylim(0, None if len(values) and np.nanmax(values) > 0 else 1)
    _format_axis(ax.yaxis, "money", language, currency)
    _format_axis(ax.xaxis, "number", language, integer=True)
    right = ax.twinx()
    cumulative = table["cumulative_share"].to_numpy(dtype="float64")
    right.plot(
        np.arange(1, n + 1),
        cumulative,
        color="black",
        linewidth=1.5,
        label=i18n.label("axis.cumulative_share", language),
    )
    for cut, code, style in ((cuts[0], "cutoff.a", "--"), (cuts[1], "cutoff.b", ":")):
        text = i18n.format_share(cut, language, decimals=0)
        right.axhline(
            cut,
            color=palette.ACCENT,
            linestyle=style,
            linewidth=1,
            label=f"{i18n.label(code, language)} ({text})",
        )
    revenue = (
        pd.DataFrame({"account_id": table["account_id"], "revenue": table["revenue"]})
        if "account_id" in table
        else table["revenue"]
    )
    for top, marker in zip(tops, ("o", "s", "D", "^")):
        k = max(1, int(np.ceil(top * n - 1e-9)))
        if not n or k > len(shown):
            continue
        share = top_share(revenue, top)
        text = i18n.label("legend.top_accounts", language).format(
            accounts=i18n.format_share(top, language, decimals=0),
            revenue=i18n.format_share(share, language, decimals=0),
        )
        right.plot(
            [k],
            [share],
            linestyle="none",
            marker=marker,
            markersize=7,
            color=palette.MARKER,
            markeredgecolor="black",
            zorder=5,
            clip_on=False,
            label=f"{text} ({i18n.format_count(k, language)})",
        )
    right.set_ylim(0, 1.02)
    _percent_axis(right.yaxis, language)
    right.set_ylabel(i18n.label("axis.cumulative_share", language))
    present = [c for c in palette.ABC if (classes == c).any()]
    handles = [
        Patch(color=palette.ABC[c], label=i18n.label(f"legend.class_{c.lower()}", language))
        for c in present
    ]
    lines, names = right.get_legend_handles_labels()
    handles += lines
    _legend_outside(
        right,
        handles,
        [h.get_label() for h in handles[: len(present)]] + names,
        below_points=40,
        ncol=2,
    )
    ax.set_xlim(0.5, max(len(shown), 1) + 0.5)
    ax.set_title(i18n.label("heading.pareto", language))
    ax.right_ax = right
    return ax


@chart_doc
def plot_lorenz(data, *, as_of=None, territory=None, ax=None, language: str | None = None):
    """Lorenz curve of revenue over buying accounts, the equality diagonal, Gini in the title.

    Parameters
    ----------
    data : Market, revenue Series, segment table or :func:`~kamkit.analysis.concentration.lorenz_curve`
        What :func:`kamkit.analysis.concentration.lorenz_curve` accepts, or its result.
    as_of, territory : optional
        Only with a Market.
    {ax_language}

    {returns}
    """
    from kamkit.analysis.concentration import gini, lorenz_curve

    language = chart_language(data, language)
    if isinstance(data, pd.DataFrame) and "revenue_share" in data.columns:
        curve = data
        x, y = curve["accounts_share"].to_numpy(), curve["revenue_share"].to_numpy()
        g = float(1 - np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]))) if len(x) > 1 else np.nan
    else:
        curve = lorenz_curve(data, as_of=as_of, territory=territory)
        g = gini(data, as_of=as_of, territory=territory)
    ax = axes(ax, figsize=(5.5, 5.5))
    ax.plot(
        curve["accounts_share"],
        curve["revenue_share"],
        color=palette.PRIMARY,
        linewidth=2,
        label=i18n.label("heading.lorenz", language),
    )
    ax.plot(
        [0, 1],
        [0, 1],
        color="grey",
        linestyle="--",
        linewidth=1,
        label=i18n.label("axis.equality", language),
    )
    ax.fill_between(
        curve["accounts_share"],
        curve["revenue_share"],
        curve["accounts_share"],
        color=palette.PRIMARY,
        alpha=0.15,
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    _percent_axis(ax.xaxis, language)
    _percent_axis(ax.yaxis, language)
    ax.set_xlabel(i18n.label("axis.cumulative_accounts_share", language))
    ax.set_ylabel(i18n.label("axis.cumulative_share", language))
    gini_text = i18n.format_number(g, language, decimals=2)
    ax.set_title(f"{i18n.label('heading.lorenz', language)} (Gini = {gini_text})")
    ax.legend(loc="upper left", frameon=False)
    return ax


def _segment_table(data, as_of, territory) -> pd.DataFrame:
    if is_market(data):
        from kamkit.analysis.segmentation import segment

        return segment(data, as_of=as_of, territory=territory)
    if isinstance(data, pd.DataFrame):
        if as_of is not None or territory is not None:
            raise KamkitError("as_of= and territory= only apply when you pass a Market.")
        return data
    raise KamkitError(
        f"Expected a Market or the table of kamkit.segment; got {type(data).__name__}."
    )


@chart_doc
def plot_stage_funnel(data, *, as_of=None, territory=None, ax=None, language: str | None = None):
    """Accounts per lifecycle stage over the whole market, one bar per stage (zeros shown).

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.analysis.segmentation.segment`
    as_of, territory : optional
        Only with a Market.
    {ax_language}

    {returns}
    """
    from kamkit.analysis.segmentation import STAGES

    language = chart_language(data, language)
    seg = _segment_table(data, as_of, territory)
    counts = seg["stage"].astype(object).value_counts().reindex(list(STAGES), fill_value=0)
    ax = axes(ax)
    names = [i18n.label(s, language) for s in STAGES]
    y = np.arange(len(STAGES))[::-1]
    bars = ax.barh(y, counts.to_numpy(), color=[palette.STAGE[s] for s in STAGES])
    ax.set_yticks(y, names)
    total = int(counts.sum())
    for bar, value in zip(bars, counts.to_numpy()):
        share = i18n.format_share(value / total if total else np.nan, language, decimals=0)
        count = i18n.format_count(value, language)
        ax.annotate(
            f"{count} ({share})",
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
        )
    ax.set_xlabel(i18n.label("axis.accounts", language))
    ax.set_xlim(0, max(1, counts.max()) * 1.2)
    _format_axis(ax.xaxis, "number", language, integer=True)
    ax.set_title(i18n.label("heading.funnel", language))
    return ax


@chart_doc
def plot_matrix(
    data,
    *,
    as_of=None,
    territory=None,
    potential_threshold: float | None = None,
    share_threshold: float | None = None,
    lookback_months: int = 12,
    ax=None,
    language: str | None = None,
    currency: str | None = None,
):
    """Bubble chart of potential (x, log scale, in money) against share of wallet (y, from 0%),
    one bubble per account sized by revenue and coloured by quadrant, with the two threshold
    lines and the legend outside the axes (it never covers a bubble).

    Accounts whose potential is blank or 0 cannot sit on a log axis and are left out. An
    account whose estimated potential is floored at its own revenue (its share is 100% by
    construction, :func:`kamkit.analysis.matrix.floored_potential`) is a hollow diamond in its
    quadrant's colour, with a legend entry that says so and counts them.

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.analysis.segmentation.segment`
    as_of, territory : optional
        Only with a Market. With ``territory`` the thresholds stay those of the whole market.
    potential_threshold, share_threshold : float, optional
        Where the lines go. Default with a Market: the ``potential_quantile`` quantile of
        potential over the whole market and the ``share_threshold`` parameter; with a table:
        the 0.75 quantile of its potential and 0.3.
    lookback_months : int
        Only with a table: the window its revenue covers, to find the floored potentials
        (a Market uses its ``lookback_months`` parameter).
    {ax_language}
    {currency}

    {returns}
    """
    from matplotlib.ticker import LogLocator

    from kamkit.analysis.matrix import floored_potential
    from kamkit.analysis.segmentation import QUADRANTS
    from kamkit.presentation.catalogue import word

    language, currency = settings(data, language, currency)
    if is_market(data):
        whole = _segment_table(data, as_of, None)
        q, s = data.parameters.potential_quantile, data.parameters.share_threshold
        lookback_months = data.parameters.lookback_months
        seg = whole if territory is None else _segment_table(data, as_of, territory)
    else:
        whole = seg = _segment_table(data, as_of, territory)
        q, s = 0.75, 0.3
    if potential_threshold is None:
        potential_threshold = float(whole["potential"].quantile(q))
    if share_threshold is None:
        share_threshold = s
    pot = seg["potential"].to_numpy(dtype="float64")
    keep = np.isfinite(pot) & (pot > 0)
    seg = seg.loc[keep]
    ax = axes(ax, figsize=(8, 6.5))
    ax.set_title(i18n.label("heading.matrix", language))
    if not keep.any():  # nothing can sit on a log axis: say so instead of failing
        ax.text(
            0.5,
            0.5,
            i18n.label("note.no_potential", language),
            ha="center",
            va="center",
            transform=ax.transAxes,
            wrap=True,
        )
        ax.set_axis_off()
        return ax
    revenue = seg["revenue"].clip(lower=0).to_numpy(dtype="float64")
    top = revenue.max() if len(revenue) and revenue.max() > 0 else 1.0
    sizes = 10 + 290 * np.sqrt(revenue / top)
    share = seg["share_of_wallet"].fillna(0).to_numpy(dtype="float64")
    potential = seg["potential"].to_numpy(dtype="float64")
    quadrant = seg["quadrant"].astype(object).to_numpy()
    floored = floored_potential(seg, lookback_months)
    for code in QUADRANTS:
        m = quadrant == code
        ax.scatter(
            potential[m & ~floored],
            share[m & ~floored],
            s=sizes[m & ~floored],
            color=palette.QUADRANT[code],
            alpha=0.55,
            edgecolors="white",
            linewidths=0.4,
            label=f"{i18n.label(code, language)} ({i18n.format_count(m.sum(), language)})",
        )
    if floored.any():  # share 100% by construction: a hollow diamond in its quadrant's colour
        ax.scatter(
            potential[floored],
            share[floored],
            s=sizes[floored],
            marker="D",
            facecolors="none",
            edgecolors=[palette.QUADRANT.get(q, palette.NEUTRAL) for q in quadrant[floored]],
            linewidths=1.2,
            gid="floored",
            label=f"{word('kam.chart.floored', language)} "
            f"({i18n.format_count(int(floored.sum()), language)})",
        )
    ax.set_xscale("log")
    if np.isfinite(potential_threshold) and potential_threshold > 0:
        ax.axvline(
            potential_threshold,
            color="black",
            linestyle="--",
            linewidth=1,
            label=i18n.label("threshold.potential", language),
        )
    ax.axhline(
        share_threshold,
        color="black",
        linestyle=":",
        linewidth=1,
        label=i18n.label("threshold.share", language),
    )
    # money on the log axis: R$ 10 mil, R$ 100 mil, R$ 1,0 mi (1, 2 and 5 per power of ten
    # when the bubbles span little more than two of them)
    spread = potential[np.isfinite(potential)]
    decades = np.log10(spread.max() / spread.min()) if len(spread) else 0.0
    ax.xaxis.set_major_locator(
        LogLocator(base=10, subs=(1.0, 2.0, 5.0) if decades <= 2.5 else (1.0,))
    )
    _format_axis(ax.xaxis, "money", language, currency)
    # share of wallet from 0% (a little room below so bubbles at 0% stay whole)
    highest = max(float(share.max()) if len(share) else 0.0, share_threshold, 0.1)
    ax.set_ylim(-0.04 * highest, highest * 1.08)
    _format_axis(ax.yaxis, "share", language)
    ax.set_xlabel(_money_title("axis.potential", currency, language))
    ax.set_ylabel(i18n.label("axis.share_of_wallet", language))
    legend = _legend_outside(ax, below_points=40, ncol=2)
    for handle in legend.legend_handles:
        if hasattr(handle, "set_sizes"):
            handle.set_sizes([30])
    return ax


@chart_doc
def plot_transitions(
    data, *, before=None, after=None, share: bool = False, ax=None, language: str | None = None
):
    """Heatmap of how accounts moved between lifecycle stages from ``before`` to ``after``.

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.analysis.segmentation.stage_transitions`
    before, after : date, optional
        Only with a Market. Default: ``after`` = the market's ``as_of``, ``before`` = the
        previous quarterly review (:func:`kamkit.analysis.territory.previous_review`).
    share : bool
        Show each row as shares of the accounts that were in that stage ``before``.
    {ax_language}

    {returns}
    """
    import seaborn as sns

    language = chart_language(data, language)
    if is_market(data):
        from kamkit.analysis.segmentation import stage_transitions
        from kamkit.analysis.territory import previous_review

        after = data.as_of if after is None else after
        before = previous_review(after) if before is None else before
        table = stage_transitions(data, before, after)
    elif isinstance(data, pd.DataFrame):
        table = data
    else:
        raise KamkitError(
            f"Expected a Market or the table of stage_transitions; got {type(data).__name__}."
        )
    counts = table.astype("float64")
    values = counts
    if share:
        totals = counts.sum(axis=1).to_numpy()[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            values = counts / np.where(totals > 0, totals, np.nan)
    shown = i18n.labels(values, language)
    texts = np.vectorize(
        (lambda v: i18n.format_share(v, language, decimals=0))
        if share
        else (lambda v: i18n.format_count(v, language)),
        otypes=[object],
    )(values.to_numpy())
    ax = axes(ax, figsize=(7, 5.5))
    sns.heatmap(shown, annot=texts, fmt="", cmap="Blues", cbar=False, linewidths=0.5, ax=ax)
    ax.tick_params(axis="x", labelrotation=30)
    ax.tick_params(axis="y", labelrotation=0)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
    ax.set_xlabel(i18n.label("axis.stage_after", language))
    ax.set_ylabel(i18n.label("axis.stage_before", language))
    ax.set_title(i18n.label("heading.transitions", language))
    return ax


#: Figures of the evolution table that are shares (drawn in %), and changes of a share
#: (drawn in percentage points).
SHARE_FIGURES = ("coverage", "potential_captured")
#: Figures of the evolution table that are money.
MONEY_FIGURES = ("revenue", "revenue_change", "potential")


def _figure_kind(metric: str) -> str:
    if metric in SHARE_FIGURES or metric.endswith("_share"):
        return "share"
    if metric.endswith("_change") and metric[: -len("_change")] in SHARE_FIGURES:
        return "pp"
    if metric in MONEY_FIGURES:
        return "money"
    return "number"


@chart_doc
def plot_territory_evolution(
    data,
    *,
    metric: str = "coverage",
    periods: int = 8,
    freq: str = "quarter",
    total: bool = True,
    ax=None,
    language: str | None = None,
    currency: str | None = None,
    start_at_zero: bool = True,
):
    """One line per territory over the periods of :func:`kamkit.analysis.territory.evolution`.

    Shares are drawn in % (changes of a share in percentage points), money in R$ mil / R$ mi
    (BRL k / BRL M), periods as people of the language write them (``3º tri/2026``,
    ``set/26`` in pt-BR). The value axis starts at zero, so a change of 3.5 points does not look
    like a collapse; the legend sits outside the axes.

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.analysis.territory.evolution`
    metric : str
        A column of the evolution table, e.g. ``"coverage"``, ``"potential_captured"``,
        ``"revenue"``, ``"regular"``, ``"conversions"``.
    periods, freq : optional
        Only with a Market; passed to :func:`~kamkit.analysis.territory.evolution`.
    total : bool
        Also draw the whole market (the ``"all"`` rows) as a dashed black line.
    {ax_language}
    {currency}
    start_at_zero : bool
        False keeps matplotlib's tighter limits; the axis title then says where the axis
        starts ("axis starts at 36%").

    {returns}
    """
    from kamkit.analysis.territory import evolution

    language, currency = settings(data, language, currency)
    if is_market(data):
        table = evolution(data, periods=periods, freq=freq)
    elif isinstance(data, pd.DataFrame):
        table = data
    else:
        raise KamkitError(
            f"Expected a Market or the table of evolution; got {type(data).__name__}."
        )
    numeric = [
        c
        for c in table.columns
        if c not in ("period", "as_of", "territory") and pd.api.types.is_numeric_dtype(table[c])
    ]
    if metric not in numeric:
        raise KamkitError(
            f"{metric!r} is not a figure of the evolution table; use one of {', '.join(numeric)}."
        )
    kind = _figure_kind(metric)
    ax = axes(ax, figsize=(9, 5))
    periods_ = list(dict.fromkeys(table["period"]))
    x = np.arange(len(periods_))
    where = {p: i for i, p in enumerate(periods_)}
    drawn = []
    for name, rows in table.groupby("territory", sort=True):
        if name == i18n.TOTAL and not total:
            continue
        xs = [where[p] for p in rows["period"]]
        ys = rows[metric].to_numpy(dtype="float64")
        drawn.append(ys)
        is_total = name == i18n.TOTAL
        ax.plot(
            xs,
            ys,
            marker="o",
            clip_on=False,
            linestyle="--" if is_total else "-",
            color="black" if is_total else None,
            linewidth=2 if is_total else 1.5,
            label=i18n.label(i18n.TOTAL, language) if is_total else str(name),
        )
    ax.set_xticks(x, [i18n.format_period(p, language) for p in periods_])
    _format_axis(
        ax.yaxis,
        kind,
        language,
        currency,
        integer=kind == "number"
        and all(np.allclose(v[np.isfinite(v)], np.round(v[np.isfinite(v)])) for v in drawn),
    )
    ax.set_xlabel(i18n.label("axis.period", language))
    try:
        ylabel = i18n.label(metric, language)
    except KamkitError:
        ylabel = metric.replace("_", " ")
    title = ylabel
    if kind == "money":
        ylabel = f"{ylabel} ({money_symbol(currency, language)})"
    elif kind == "pp":
        ylabel = f"{ylabel} ({i18n.label('unit.pp', language)})"
    ylabel = _from_zero(
        ax, np.concatenate(drawn) if drawn else [], kind, language, currency, start_at_zero, ylabel
    )
    ax.set_ylabel(ylabel)
    ax.set_title(f"{i18n.label('heading.evolution', language)}: {title}")
    _legend_outside(ax, ncol=1 if len(drawn) <= 16 else 2)
    return ax


#: Shares :func:`plot_coverage` draws side by side, in this order.
COVERAGE_SHARES = ("accounts_share", "potential_share", "visits_share")


@chart_doc
def plot_coverage(
    data,
    *,
    as_of=None,
    days: int | None = None,
    territory=None,
    group: str = "quadrant",
    ax=None,
    language: str | None = None,
):
    """CRM x KAM: for each quadrant (or stage), its share of the accounts, of the potential and
    of the interactions, side by side, on a % axis from 0 (the picture of
    :func:`kamkit.analysis.crm.coverage`).

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.analysis.crm.coverage`
    as_of, days, territory : optional
        Only with a Market; passed to :func:`~kamkit.analysis.crm.coverage` (``days=None``:
        contacted in the analysis window).
    group : {"quadrant", "stage"}
    {ax_language}

    {returns}
    """
    from kamkit.analysis.crm import coverage

    language = chart_language(data, language)
    if group not in ("quadrant", "stage"):
        raise KamkitError(f"group is {group!r}; use quadrant or stage.")
    if is_market(data):
        table = coverage(data, as_of=as_of, territory=territory, days=days)
    elif isinstance(data, pd.DataFrame) and {"group", "value"} <= set(data.columns):
        if as_of is not None or territory is not None or days is not None:
            raise KamkitError("as_of=, days= and territory= only apply when you pass a Market.")
        table = data
    else:
        raise KamkitError(f"Expected a Market or the table of coverage; got {type(data).__name__}.")
    rows = table[table["group"].astype(object) == group]
    names = [i18n.label(str(v), language) for v in rows["value"].astype(object)]
    ax = axes(ax, figsize=(9, 4.5))
    y = np.arange(len(rows))[::-1]
    height = 0.8 / len(COVERAGE_SHARES)
    for k, column in enumerate(COVERAGE_SHARES):
        color = palette.COVERAGE[column]
        values = rows[column].to_numpy(dtype="float64")
        ax.barh(
            y + (1 - k) * height,
            np.nan_to_num(values),
            height=height,
            color=color,
            label=i18n.label(column, language),
        )
    ax.set_yticks(y, names)
    highest = np.nanmax(rows[list(COVERAGE_SHARES)].to_numpy(dtype="float64")) if len(rows) else 0
    ax.set_xlim(0, max(float(highest) if np.isfinite(highest) else 0.0, 0.1) * 1.1)
    _format_axis(ax.xaxis, "share", language)
    ax.set_xlabel(i18n.label("axis.share_of_total", language))
    ax.set_title(i18n.label("heading.coverage", language))
    _legend_outside(ax)
    return ax
