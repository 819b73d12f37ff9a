"""The course's pictures: Pareto, Lorenz, lifecycle funnel, potential x share matrix, stage
transitions and territory evolution.

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

from . import i18n
from .errors import KamkitError

__all__ = [
    "plot_pareto",
    "plot_lorenz",
    "plot_stage_funnel",
    "plot_matrix",
    "plot_transitions",
    "plot_territory_evolution",
    "QUADRANT_COLORS",
    "STAGE_COLORS",
    "ABC_COLORS",
    "MAX_BARS",
]

#: Colours per quadrant (colour-blind safe, from the Okabe-Ito palette).
QUADRANT_COLORS = {"key": "#0072B2", "conquer": "#D55E00", "maintain": "#009E73",
                   "monitor": "#999999"}
#: Colours per ABC class.
ABC_COLORS = {"A": "#0072B2", "B": "#56B4E9", "C": "#BBBBBB"}
#: Above this many accounts the Pareto chart draws filled steps instead of separate bars.
MAX_BARS = 300
#: Colours per lifecycle stage, from cold to warm, lapsed apart.
STAGE_COLORS = {"untouched": "#BBBBBB", "approached": "#88CCEE", "occasional": "#44AA99",
                "regular": "#117733", "lapsed": "#CC6677"}


def _is_market(data) -> bool:
    from .market import Market

    return isinstance(data, Market)


def _language(data, language) -> str:
    if language is None and _is_market(data):
        language = data.parameters.language
    return i18n.check_language(language)


def _axes(ax, figsize=(8, 5)):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _percent_axis(axis) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(1.0))


def plot_pareto(data, *, as_of=None, territory=None, max_accounts: int | None = None,
                ax=None, language: str | None = None):
    """Pareto chart: revenue per buying account (bars, best first) and the cumulative share
    of revenue (line), with horizontal lines at the ABC cut-offs (50% and 80% by default).

    Parameters
    ----------
    data : Market, revenue Series, segment table or :func:`~kamkit.concentration.pareto_table`
        What :func:`kamkit.concentration.pareto_table` accepts, or its result.
    as_of, territory : optional
        Only with a Market.
    max_accounts : int, optional
        Draw only the first ``max_accounts`` bars (the line still uses every account).
        Bars are coloured by ABC class; above :data:`MAX_BARS` accounts they are drawn as
        one filled step outline per class (same picture, much faster).
    ax : matplotlib Axes, optional
    language : {"en", "pt-BR"}, optional

    Returns
    -------
    matplotlib Axes
        The bar axes; the cumulative line and cut-offs are on its twin (``ax.right_ax``).
    """
    from .concentration import pareto_table

    language = _language(data, language)
    if isinstance(data, pd.DataFrame) and "cumulative_share" in data.columns:
        table = data
        cuts = (0.5, 0.8)
    else:
        table = pareto_table(data, as_of=as_of, territory=territory)
        cuts = ((data.parameters.abc_a_share, data.parameters.abc_b_share)
                if _is_market(data) else (0.5, 0.8))
    ax = _axes(ax)
    n = len(table)
    shown = table if max_accounts is None else table.iloc[:max_accounts]
    values = shown["revenue"].to_numpy(dtype="float64")
    classes = (shown["abc_class"].astype(object).to_numpy() if "abc_class" in shown
               else np.full(len(shown), "A", dtype=object))
    if len(shown) <= MAX_BARS:
        ax.bar(np.arange(1, len(shown) + 1), values, width=1.0, linewidth=0,
               color=[ABC_COLORS.get(c, ABC_COLORS["C"]) for c in classes])
    else:  # thousands of bars: one filled step outline per class draws in a fraction of the time
        edges = np.arange(len(shown) + 1) + 0.5
        for code, color in ABC_COLORS.items():
            ax.stairs(np.where(classes == code, values, 0.0), edges, fill=True, color=color,
                      linewidth=0)
    ax.set_xlabel(i18n.label("axis.accounts_ranked", language))
    ax.set_ylabel(i18n.label("axis.revenue", language))
    right = ax.twinx()
    right.plot(np.arange(1, n + 1), table["cumulative_share"].to_numpy(dtype="float64"),
               color="black", linewidth=1.5, label=i18n.label("axis.cumulative_share", language))
    for cut, code, style in ((cuts[0], "cutoff.a", "--"), (cuts[1], "cutoff.b", ":")):
        text = i18n.format_share(cut, language, decimals=0)
        right.axhline(cut, color="#D55E00", linestyle=style, linewidth=1,
                      label=f"{i18n.label(code, language)} ({text})")
    right.set_ylim(0, 1.02)
    _percent_axis(right.yaxis)
    right.set_ylabel(i18n.label("axis.cumulative_share", language))
    right.legend(loc="lower right", frameon=False)
    if max_accounts is not None:
        ax.set_xlim(0.5, len(shown) + 0.5)
    ax.set_title(i18n.label("heading.pareto", language))
    ax.right_ax = right
    return ax


def plot_lorenz(data, *, as_of=None, territory=None, ax=None, language: str | None = None):
    """Lorenz curve of revenue over buying accounts, the equality diagonal, Gini in the title.

    Parameters
    ----------
    data : Market, revenue Series, segment table or :func:`~kamkit.concentration.lorenz_curve`
        What :func:`kamkit.concentration.lorenz_curve` accepts, or its result.
    as_of, territory : optional
        Only with a Market.
    ax : matplotlib Axes, optional
    language : {"en", "pt-BR"}, optional

    Returns
    -------
    matplotlib Axes
    """
    from .concentration import gini, lorenz_curve

    language = _language(data, language)
    if isinstance(data, pd.DataFrame) and "revenue_share" in data.columns:
        curve = data
        x, y = curve["accounts_share"].to_numpy(), curve["revenue_share"].to_numpy()
        g = float(1 - np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]))) if len(x) > 1 else np.nan
    else:
        curve = lorenz_curve(data, as_of=as_of, territory=territory)
        g = gini(data, as_of=as_of, territory=territory)
    ax = _axes(ax, figsize=(5.5, 5.5))
    ax.plot(curve["accounts_share"], curve["revenue_share"], color="#0072B2", linewidth=2,
            label=i18n.label("heading.lorenz", language))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1,
            label=i18n.label("axis.equality", language))
    ax.fill_between(curve["accounts_share"], curve["revenue_share"], curve["accounts_share"],
                    color="#0072B2", alpha=0.15)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    _percent_axis(ax.xaxis)
    _percent_axis(ax.yaxis)
    ax.set_xlabel(i18n.label("axis.cumulative_accounts_share", language))
    ax.set_ylabel(i18n.label("axis.cumulative_share", language))
    gini_text = "\u2014" if np.isnan(g) else f"{g:.2f}"
    if language == "pt-BR":
        gini_text = gini_text.replace(".", ",")
    ax.set_title(f"{i18n.label('heading.lorenz', language)} (Gini = {gini_text})")
    ax.legend(loc="upper left", frameon=False)
    return ax


def _segment_table(data, as_of, territory) -> pd.DataFrame:
    if _is_market(data):
        from .segmentation import segment

        return segment(data, as_of=as_of, territory=territory)
    if isinstance(data, pd.DataFrame):
        if as_of is not None or territory is not None:
            raise KamkitError("as_of= and territory= only apply when you pass a Market.")
        return data
    raise KamkitError(
        f"Expected a Market or the table of kamkit.segment; got {type(data).__name__}."
    )


def plot_stage_funnel(data, *, as_of=None, territory=None, ax=None,
                      language: str | None = None):
    """Accounts per lifecycle stage over the whole market, one bar per stage (zeros shown).

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.segmentation.segment`
    as_of, territory : optional
        Only with a Market.
    ax : matplotlib Axes, optional
    language : {"en", "pt-BR"}, optional

    Returns
    -------
    matplotlib Axes
    """
    from .segmentation import STAGES

    language = _language(data, language)
    seg = _segment_table(data, as_of, territory)
    counts = seg["stage"].astype(object).value_counts().reindex(list(STAGES), fill_value=0)
    ax = _axes(ax)
    names = [i18n.label(s, language) for s in STAGES]
    y = np.arange(len(STAGES))[::-1]
    bars = ax.barh(y, counts.to_numpy(), color=[STAGE_COLORS[s] for s in STAGES])
    ax.set_yticks(y, names)
    total = int(counts.sum())
    for bar, value in zip(bars, counts.to_numpy()):
        share = i18n.format_share(value / total if total else np.nan, language, decimals=0)
        count = f"{value:,}".replace(",", "." if language == "pt-BR" else ",")
        ax.annotate(f"{count} ({share})",
                    (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_xlabel(i18n.label("axis.accounts", language))
    ax.set_xlim(0, max(1, counts.max()) * 1.2)
    ax.set_title(i18n.label("heading.funnel", language))
    return ax


def plot_matrix(data, *, as_of=None, territory=None, potential_threshold: float | None = None,
                share_threshold: float | None = None, ax=None, language: str | None = None):
    """Bubble chart of potential (x, log scale) against share of wallet (y), one bubble per
    account sized by revenue and coloured by quadrant, with the two threshold lines.

    Accounts whose potential is blank or 0 cannot sit on a log axis and are left out.

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.segmentation.segment`
    as_of, territory : optional
        Only with a Market. With ``territory`` the thresholds stay those of the whole market.
    potential_threshold, share_threshold : float, optional
        Where the lines go. Default with a Market: the ``potential_quantile`` quantile of
        potential over the whole market and the ``share_threshold`` parameter; with a table:
        the 0.75 quantile of its potential and 0.3.
    ax : matplotlib Axes, optional
    language : {"en", "pt-BR"}, optional

    Returns
    -------
    matplotlib Axes
    """
    from .segmentation import QUADRANTS

    language = _language(data, language)
    if _is_market(data):
        whole = _segment_table(data, as_of, None)
        q, s = data.parameters.potential_quantile, data.parameters.share_threshold
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
    ax = _axes(ax, figsize=(8, 6))
    revenue = seg["revenue"].clip(lower=0).to_numpy(dtype="float64")
    top = revenue.max() if len(revenue) and revenue.max() > 0 else 1.0
    sizes = 10 + 290 * np.sqrt(revenue / top)
    share = seg["share_of_wallet"].fillna(0).to_numpy(dtype="float64")
    quadrant = seg["quadrant"].astype(object).to_numpy()
    for code in QUADRANTS:
        m = quadrant == code
        ax.scatter(seg["potential"].to_numpy(dtype="float64")[m], share[m], s=sizes[m],
                   color=QUADRANT_COLORS[code], alpha=0.55, edgecolors="white", linewidths=0.4,
                   label=f"{i18n.label(code, language)} ({int(m.sum()):,})")
    ax.set_xscale("log")
    ax.axvline(potential_threshold, color="black", linestyle="--", linewidth=1,
               label=i18n.label("threshold.potential", language))
    ax.axhline(share_threshold, color="black", linestyle=":", linewidth=1,
               label=i18n.label("threshold.share", language))
    _percent_axis(ax.yaxis)
    ax.set_xlabel(i18n.label("axis.potential", language))
    ax.set_ylabel(i18n.label("axis.share_of_wallet", language))
    ax.set_title(i18n.label("heading.matrix", language))
    legend = ax.legend(loc="upper left", fontsize="small", frameon=False)
    for handle in legend.legend_handles:
        if hasattr(handle, "set_sizes"):
            handle.set_sizes([30])
    return ax


def plot_transitions(data, *, before=None, after=None, share: bool = False, ax=None,
                     language: str | None = None):
    """Heatmap of how accounts moved between lifecycle stages from ``before`` to ``after``.

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.segmentation.stage_transitions`
    before, after : date, optional
        Only with a Market. Default: ``after`` = the market's ``as_of``, ``before`` = the
        previous quarterly review (:func:`kamkit.territory.previous_review`).
    share : bool
        Show each row as shares of the accounts that were in that stage ``before``.
    ax : matplotlib Axes, optional
    language : {"en", "pt-BR"}, optional

    Returns
    -------
    matplotlib Axes
    """
    import seaborn as sns

    language = _language(data, language)
    if _is_market(data):
        from .territory import previous_review
        from .segmentation import stage_transitions

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
    ax = _axes(ax, figsize=(7, 5.5))
    sns.heatmap(shown, annot=True, fmt=".0%" if share else ".0f", cmap="Blues", cbar=False,
                linewidths=0.5, ax=ax)
    ax.tick_params(axis="x", labelrotation=30)
    ax.tick_params(axis="y", labelrotation=0)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
    ax.set_xlabel(i18n.label("axis.stage_after", language))
    ax.set_ylabel(i18n.label("axis.stage_before", language))
    ax.set_title(i18n.label("heading.transitions", language))
    return ax


def plot_territory_evolution(data, *, metric: str = "coverage", periods: int = 8,
                             freq: str = "quarter", total: bool = True, ax=None,
                             language: str | None = None):
    """One line per territory over the periods of :func:`kamkit.territory.evolution`.

    Parameters
    ----------
    data : Market or the table of :func:`kamkit.territory.evolution`
    metric : str
        A column of the evolution table, e.g. ``"coverage"``, ``"potential_captured"``,
        ``"revenue"``, ``"regular"``, ``"conversions"``.
    periods, freq : optional
        Only with a Market; passed to :func:`~kamkit.territory.evolution`.
    total : bool
        Also draw the whole market (the ``"all"`` rows) as a dashed black line.
    ax : matplotlib Axes, optional
    language : {"en", "pt-BR"}, optional

    Returns
    -------
    matplotlib Axes
    """
    from .territory import evolution

    language = _language(data, language)
    if _is_market(data):
        table = evolution(data, periods=periods, freq=freq)
    elif isinstance(data, pd.DataFrame):
        table = data
    else:
        raise KamkitError(
            f"Expected a Market or the table of evolution; got {type(data).__name__}."
        )
    numeric = [c for c in table.columns if c not in ("period", "as_of", "territory")
               and pd.api.types.is_numeric_dtype(table[c])]
    if metric not in numeric:
        raise KamkitError(f"{metric!r} is not a figure of the evolution table; use one of "
                          f"{', '.join(numeric)}.")
    ax = _axes(ax)
    periods_ = list(dict.fromkeys(table["period"]))
    x = np.arange(len(periods_))
    where = {p: i for i, p in enumerate(periods_)}
    for name, rows in table.groupby("territory", sort=True):
        if name == i18n.TOTAL and not total:
            continue
        xs = [where[p] for p in rows["period"]]
        is_total = name == i18n.TOTAL
        ax.plot(xs, rows[metric].to_numpy(dtype="float64"), marker="o",
                linestyle="--" if is_total else "-", color="black" if is_total else None,
                linewidth=2 if is_total else 1.5,
                label=i18n.label(i18n.TOTAL, language) if is_total else str(name))
    ax.set_xticks(x, [str(p) for p in periods_])
    if metric in ("coverage", "potential_captured") or metric.endswith("_share"):
        _percent_axis(ax.yaxis)
    ax.set_xlabel(i18n.label("axis.period", language))
    try:
        ylabel = i18n.label(metric, language)
    except KamkitError:
        ylabel = metric
    ax.set_ylabel(ylabel)
    ax.set_title(f"{i18n.label('heading.evolution', language)}: {ylabel}")
    ax.legend(loc="best", fontsize="small", frameon=False)
    return ax
