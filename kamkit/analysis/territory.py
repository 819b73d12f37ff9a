"""The territory review: one scorecard row per territory, and its evolution over time.

Leadership follows KAM through the evolution of each territory. :func:`scorecard` gives, per
territory and for the whole market, where the accounts stand in the lifecycle, revenue against
potential, how well the high-potential accounts are covered, and what moved since the previous
review (conversions, lapses, changes). :func:`evolution` repeats it period after period for
trend plots.

All figures come from :func:`kamkit.analysis.segmentation.segment` computed on the whole market, as of the
review date and as of the previous review date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError, Text
from kamkit.model.market import analysis_market, takes_overrides
from kamkit.presentation.i18n import TOTAL, format_date

__all__ = ["scorecard", "evolution", "previous_review", "CHANGED", "FREQUENCIES", "TOTAL"]

#: Figures that also get a ``<name>_change`` column (now minus previous review).
CHANGED = (
    "untouched",
    "approached",
    "occasional",
    "regular",
    "lapsed",
    "revenue",
    "potential_captured",
    "coverage",
)

#: ``freq`` values of :func:`evolution` and the pandas period each stands for.
FREQUENCIES = {"month": "M", "quarter": "Q", "year": "Y"}

_BEFORE_CONVERSION = ("untouched", "approached", "lapsed")
_BUYING = ("occasional", "regular")


def _day(value) -> pd.Timestamp:
    """A review date, read as the parameters sheet reads dates (30/06/2025, 2025-06-30)."""
    from kamkit.core.errors import Text
    from kamkit.model.convert import parse_day

    return parse_day(value, Text("The review date", "A data da revisão"))


def previous_review(as_of) -> pd.Timestamp:
    """The default previous review date: the end of the month three months before ``as_of``.

    A quarterly review: as of 2026-09-30 (or 2026-09-15) the previous review is 2026-06-30.

    >>> previous_review("2026-09-15")
    Timestamp('2026-06-30 00:00:00')
    """
    return _day(as_of) - pd.DateOffset(months=3) + pd.offsets.MonthEnd(0)


def _figures(seg: pd.DataFrame, lookback_months: int) -> pd.DataFrame:
    """Per territory (plus the total row): stage counts, revenue, potential, coverage."""
    from kamkit.analysis.segmentation import STAGES

    territory = seg["territory"].astype(object).to_numpy()
    stage = seg["stage"].astype(object).to_numpy()
    high = seg["quadrant"].isin(["key", "conquer"]).to_numpy(dtype=bool)
    from kamkit.analysis.crm import _recent

    contacted = _recent(seg, None)  # the one "contacted": an interaction in the window
    work = pd.DataFrame(
        {
            "territory": territory,
            **{s: (stage == s).astype("int64") for s in STAGES},
            "accounts": 1,
            "revenue": seg["revenue"].to_numpy(dtype="float64"),
            "potential": seg["potential"].to_numpy(dtype="float64"),
            "_high": high.astype("int64"),
            "_high_contacted": (high & contacted).astype("int64"),
        }
    )
    by = work.groupby("territory", sort=True, dropna=True).sum(min_count=0)
    total = work.drop(columns="territory").sum().to_frame(TOTAL).T
    out = pd.concat([by, total])
    out.index.name = "territory"
    years = lookback_months / 12
    with np.errstate(divide="ignore", invalid="ignore"):
        pot = out["potential"].to_numpy(dtype="float64") * years
        out["potential_captured"] = np.where(
            pot > 0, out["revenue"] / np.where(pot > 0, pot, 1), np.nan
        )
        high = out["_high"].to_numpy(dtype="float64")
        out["coverage"] = np.where(
            high > 0, out["_high_contacted"] / np.where(high > 0, high, 1), np.nan
        )
    return out.drop(columns=["_high", "_high_contacted"])


def _moves(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Conversions and lapses per territory (plus the total row), by account."""
    was = before["stage"].astype(object).to_numpy()
    is_ = now["stage"].astype(object).to_numpy()
    work = pd.DataFrame(
        {
            "territory": now["territory"].astype(object).to_numpy(),
            "conversions": (np.isin(was, _BEFORE_CONVERSION) & np.isin(is_, _BUYING)).astype(
                "int64"
            ),
            "lapses": (np.isin(was, _BUYING) & (is_ == "lapsed")).astype("int64"),
        }
    )
    by = work.groupby("territory", sort=True, dropna=True).sum()
    total = work.drop(columns="territory").sum().to_frame(TOTAL).T
    out = pd.concat([by, total])
    out.index.name = "territory"
    return out


def _card(
    now: pd.DataFrame, before: pd.DataFrame, lookback_months: int, territories: list[str]
) -> pd.DataFrame:
    from kamkit.analysis.segmentation import STAGES

    if not now["account_id"].astype(str).equals(before["account_id"].astype(str)):
        raise AssertionError("segment() must return the accounts in the same order")
    index = pd.Index([*territories, TOTAL], name="territory")
    f_now = _figures(now, lookback_months).reindex(index)
    f_before = _figures(before, lookback_months).reindex(index)
    moves = _moves(now, before).reindex(index)
    counts = [*STAGES, "accounts"]
    f_now[counts] = f_now[counts].fillna(0).astype("int64")
    f_now["revenue"] = f_now["revenue"].fillna(0.0)
    f_now["potential"] = f_now["potential"].fillna(0.0)
    f_before[[*STAGES, "revenue"]] = f_before[[*STAGES, "revenue"]].fillna(0)
    card = f_now[[*STAGES, "accounts", "revenue", "potential", "potential_captured", "coverage"]]
    card = card.join(moves.fillna(0).astype("int64"))
    for name in CHANGED:
        card[f"{name}_change"] = card[name] - f_before[name]
        if name in STAGES:
            card[f"{name}_change"] = card[f"{name}_change"].astype("int64")
    return card.reset_index()


def _segments(market, dates):
    from kamkit.analysis.segmentation import segment

    return [segment(market, as_of=d) for d in dates]


def _scope(market, territory) -> list[str]:
    if territory is None:
        return market.territories
    return [market.check_territory(territory)]


@takes_overrides
def scorecard(market, *, as_of=None, previous=None, territory=None, **parameters) -> pd.DataFrame:
    """The territory scorecard: one row per territory and an ``"all"`` row for the market.

    Parameters
    ----------
    market : Market
    as_of : date, optional
        The review date. Default: the market's ``as_of``.
    previous : date, optional
        The previous review, for conversions, lapses and changes. Default: the end of the
        month three months before ``as_of`` (a quarterly review, see :func:`previous_review`).
        Must be before ``as_of``.
    territory : str, optional
        Only that territory's row (no ``"all"`` row).

    Returns
    -------
    DataFrame
        Rows: territories in name order, then ``"all"`` (every account, those without a
        territory included). Columns:

        - ``territory``;
        - ``untouched, approached, occasional, regular, lapsed``: accounts per stage now;
          ``accounts``: all accounts;
        - ``revenue``: net revenue in the window (``lookback_months`` up to ``as_of``);
        - ``potential``: sum of annual potential (given or estimated);
        - ``potential_captured``: ``revenue / (potential * lookback_months / 12)`` -- the
          territory's share of wallet (NaN when potential is 0);
        - ``coverage``: share of key and conquer accounts with at least one interaction in the
          window (NaN when there is none) -- the one definition of "contacted", shared with
          :func:`kamkit.analysis.crm.coverage` and :func:`~kamkit.analysis.crm.unvisited`;
        - ``conversions``: accounts untouched, approached or lapsed at ``previous`` that are
          occasional or regular buyers now; ``lapses``: occasional or regular at ``previous``,
          lapsed now;
        - ``<figure>_change`` for each figure in :data:`CHANGED`: the figure now minus the
          figure at ``previous`` (each computed as of its own date).

        ``DataFrame.attrs`` holds ``as_of`` and ``previous``.
    """
    market = analysis_market(market, "kk.scorecard", parameters)
    as_of = market.as_of if as_of is None else _day(as_of)
    previous = previous_review(as_of) if previous is None else _day(previous)
    if previous >= as_of:
        raise KamkitError(
            Text(
                "The previous review ({previous}) must be before the review date ({as_of}).",
                "A revisão anterior ({previous_pt}) precisa ser antes da data da revisão "
                "({as_of_pt}).",
            ).format(
                previous=format_date(previous, "en"),
                as_of=format_date(as_of, "en"),
                previous_pt=format_date(previous, "pt-BR"),
                as_of_pt=format_date(as_of, "pt-BR"),
            )
        )
    territories = _scope(market, territory)
    now, before = _segments(market, [as_of, previous])
    card = _card(now, before, market.parameters.lookback_months, market.territories)
    if territory is not None:
        card = card[card["territory"].isin(territories)].reset_index(drop=True)
    card.attrs = {"as_of": as_of, "previous": previous}
    return card


def _period_ends(as_of: pd.Timestamp, periods: int, freq: str) -> tuple[list, list]:
    if freq not in FREQUENCIES:
        raise KamkitError(f"freq is {freq!r}; use one of {', '.join(FREQUENCIES)}.")
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise KamkitError(f"periods must be a whole number of 1 or more; got {periods!r}.")
    last = as_of.to_period(FREQUENCIES[freq])
    labels = [last - k for k in range(periods, -1, -1)]  # one extra period before the first
    ends = [min(p.end_time.normalize(), as_of) for p in labels]
    return labels, ends


@takes_overrides
def evolution(
    market, *, periods: int = 8, freq: str = "quarter", as_of=None, territory=None, **parameters
) -> pd.DataFrame:
    """The scorecard at the end of each of the last ``periods`` periods, for trend plots.

    Each period is measured as of its last day, with the previous period's end as the
    previous review (so ``conversions`` are those made during the period). The period that
    contains ``as_of`` is the last one and is measured as of ``as_of`` (it may be running).

    Parameters
    ----------
    market : Market
    periods : int
        How many periods (default 8 quarters: two years).
    freq : {"quarter", "month", "year"}
    as_of : date, optional
        Default: the market's ``as_of``.
    territory : str, optional
        Only that territory (no ``"all"`` rows).

    Returns
    -------
    DataFrame
        Long table, one row per period and territory (plus ``"all"``): ``period`` (a pandas
        Period such as ``2026Q3``), ``as_of`` (the date it is measured at), then every
        column of :func:`scorecard`. Oldest period first.
    """
    market = analysis_market(market, "kk.evolution", parameters)
    as_of = market.as_of if as_of is None else _day(as_of)
    labels, ends = _period_ends(as_of, periods, freq)
    territories = _scope(market, territory)
    segs = _segments(market, ends)
    lookback = market.parameters.lookback_months
    parts = []
    for k in range(1, len(ends)):
        card = _card(segs[k], segs[k - 1], lookback, market.territories)
        if territory is not None:
            card = card[card["territory"].isin(territories)]
        card.insert(
            0, "as_of", pd.Series([ends[k]] * len(card), index=card.index, dtype="datetime64[ns]")
        )
        card.insert(
            0,
            "period",
            pd.Series(
                [labels[k]] * len(card), index=card.index, dtype=pd.PeriodDtype(FREQUENCIES[freq])
            ),
        )
        parts.append(card)
    return pd.concat(parts, ignore_index=True)
