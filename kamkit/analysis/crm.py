"""CRM x KAM: is the interaction effort (visits, calls, e-mails) where the potential is?

CRM records the relationship; KAM decides where effort should go. These tables put the two
side by side, using the quadrants and stages of :func:`kamkit.analysis.segmentation.segment`:

* :func:`coverage` -- by quadrant and by stage: accounts, potential and interactions, each as a
  share of the whole, plus how many accounts were contacted recently;
* :func:`unvisited` -- the key and conquer accounts nobody has contacted in the window;
* :func:`effort_by_salesperson` -- per salesperson: where the interactions go;
* :func:`interactions_before_first_purchase` -- per account: the interactions that came before
  its first purchase (the pursuit that led to it, not the service after it).

"Interactions" are the rows of the visit log (visits, calls, e-mails, meetings) in the
analysis window up to ``as_of`` (segment's ``visits`` column).

**Coverage means one thing.** An account is *contacted* when it had at least one interaction
in the analysis window (the ``lookback_months`` calendar months up to ``as_of``): segment's
``visits > 0``. That is what the scorecard's ``coverage`` counts
(:func:`kamkit.analysis.territory.scorecard`: the share of key and conquer accounts contacted),
what the territory report's unvisited list shows, and the default of every function here
(``days=None``). :func:`window_days` gives the window in days, to say it in a sentence.
A shorter horizon is a question of its own, asked with a number: ``days=90`` counts an account
as contacted when its latest interaction up to ``as_of`` is at most 90 days before ``as_of``
(``days_since_contact <= 90``); an account never contacted is never contacted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError
from kamkit.model.market import analysis_market, takes_overrides

__all__ = [
    "coverage",
    "unvisited",
    "effort_by_salesperson",
    "interactions_before_first_purchase",
    "window_days",
    "LOW_POTENTIAL",
    "DEFAULT_DAYS",
]

#: The default ``days`` of :func:`coverage`, :func:`unvisited` and
#: :func:`effort_by_salesperson`: ``None``, the analysis window -- "contacted" as the
#: scorecard's coverage counts it. (It was 90 days before issue 15.)
DEFAULT_DAYS = None
#: Quadrants of low potential (effort there is the "comfort zone" when key/conquer wait).
LOW_POTENTIAL = ("maintain", "monitor")


def _segment(market, as_of, territory):
    from kamkit.analysis.segmentation import segment

    return segment(market, as_of=as_of, territory=territory)


@takes_overrides
def window_days(market, *, as_of=None, **parameters) -> int:
    """The analysis window in days: how old an interaction on the window's first day is.

    The window starts on the first day of the first of the ``lookback_months`` months
    (:func:`kamkit.analysis.segmentation.window`); an interaction on that day is ``as_of - start``
    days old. So ``unvisited(market, days=window_days(market))`` lists the same accounts as
    ``unvisited(market)`` (the default, "no interaction in the window", which the scorecard's
    coverage counts); use it to say the window in a sentence ("no contact in 364 days").

    >>> window_days(market)  # doctest: +SKIP
    364
    """
    market = analysis_market(market, "kk.window_days", parameters)
    from kamkit.analysis.segmentation import window

    start, end = window(market, as_of=as_of)
    return int((end.normalize() - start.normalize()).days)


def _check_days(days) -> int | None:
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or days < 0:
        raise KamkitError(
            f"days must be a whole number of days, 0 or more (or None: the analysis window); "
            f"got {days!r}."
        )
    return int(days)


def _recent(table: pd.DataFrame, days: int | None) -> np.ndarray:
    """True where the account was contacted: an interaction in the window (``days=None``,
    segment's ``visits > 0``, as the scorecard counts) or at most ``days`` days before as_of."""
    if days is None:
        return pd.to_numeric(table["visits"]).to_numpy(dtype="float64") > 0
    d = table["days_since_contact"]
    if pd.api.types.is_timedelta64_dtype(d.dtype):
        d = d.dt.days
    d = pd.to_numeric(d, errors="coerce").astype("float64")
    return (d <= days).to_numpy(dtype=bool)


@takes_overrides
def coverage(
    market, *, as_of=None, days: int | None = DEFAULT_DAYS, territory=None, **parameters
) -> pd.DataFrame:
    """Where interaction effort goes compared with where the potential is.

    Parameters
    ----------
    market : Market
    as_of : date, optional
        Default: the market's ``as_of``.
    days : int, optional
        Default ``None``: an account is *contacted* when it had an interaction in the
        analysis window -- the scorecard's coverage. A number asks another question: contacted
        when its latest interaction is at most ``days`` days before ``as_of``.
    territory : str, optional
        Only this territory's accounts (shares are then shares of the territory).

    Returns
    -------
    DataFrame
        One row per quadrant (all four, in ``QUADRANTS`` order) then one per stage (all five,
        in ``STAGES`` order), rows with no account included:

        ``group`` ("quadrant" or "stage", categorical), ``value`` (the quadrant or stage code,
        categorical), ``accounts``, ``accounts_share`` (of all accounts in scope),
        ``potential`` (sum of annual potential, given or estimated), ``potential_share``,
        ``visits`` (interactions in the window), ``visits_share``, ``contacted`` (accounts
        contacted: in the window, or in the last ``days`` days), ``contacted_share`` (of the
        group's accounts; for the key and conquer quadrants together it is the scorecard's
        ``coverage``).
        A share whose total is 0 is NaN.
    """
    market = analysis_market(market, "kk.coverage", parameters)
    from kamkit.analysis.segmentation import QUADRANTS, STAGES

    days = _check_days(days)
    seg = _segment(market, as_of, territory)
    recent = _recent(seg, days)
    potential = seg["potential"].to_numpy(dtype="float64")
    visits = seg["visits"].to_numpy(dtype="float64")
    rows = []
    for group, codes in (("quadrant", QUADRANTS), ("stage", STAGES)):
        col = seg[group].astype(object).to_numpy()
        for code in codes:
            m = col == code
            rows.append(
                (
                    group,
                    code,
                    int(m.sum()),
                    float(np.nansum(potential[m])),
                    float(visits[m].sum()),
                    int(recent[m].sum()),
                )
            )
    out = pd.DataFrame(
        rows, columns=["group", "value", "accounts", "potential", "visits", "contacted"]
    )
    total_pot = float(np.nansum(potential))
    out["accounts_share"] = _share(out["accounts"], len(seg))
    out["potential_share"] = _share(out["potential"], total_pot)
    out["visits_share"] = _share(out["visits"], visits.sum())
    out["contacted_share"] = _share(out["contacted"], out["accounts"])
    out["visits"] = out["visits"].astype("int64")
    out["group"] = pd.Categorical(out["group"], categories=["quadrant", "stage"])
    out["value"] = pd.Categorical(out["value"], categories=[*QUADRANTS, *STAGES])
    return out[
        [
            "group",
            "value",
            "accounts",
            "accounts_share",
            "potential",
            "potential_share",
            "visits",
            "visits_share",
            "contacted",
            "contacted_share",
        ]
    ]


def _share(part, whole):
    part = np.asarray(part, dtype="float64")
    whole = np.asarray(whole, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, part / np.where(whole > 0, whole, 1), np.nan)


_UNVISITED_COLUMNS = [
    "account_id",
    "name",
    "territory",
    "salesperson",
    "quadrant",
    "stage",
    "potential",
    "potential_estimated",
    "revenue",
    "share_of_wallet",
    "last_visit",
    "days_since_contact",
]


@takes_overrides
def unvisited(
    market,
    *,
    as_of=None,
    days: int | None = DEFAULT_DAYS,
    quadrants=("key", "conquer"),
    territory=None,
    **parameters,
) -> pd.DataFrame:
    """Accounts of the given quadrants with no interaction in the analysis window.

    Exactly the key and conquer accounts the scorecard's ``coverage`` counts as not contacted
    (by default). An account never contacted (up to ``as_of``) counts as unvisited.

    Parameters
    ----------
    market : Market
    as_of : date, optional
    days : int, optional
        Default ``None``: no interaction in the analysis window. A number asks another
        question: ``days_since_contact > days`` or never contacted.
    quadrants : sequence of str
        Default: key and conquer accounts -- those with high potential.
    territory : str, optional

    Returns
    -------
    DataFrame
        Columns ``account_id, name, territory, salesperson, quadrant, stage, potential,
        potential_estimated, revenue, share_of_wallet, last_visit, days_since_contact`` (as in
        :func:`kamkit.analysis.segmentation.segment`), sorted by territory, then quadrant (key first), then
        potential high to low, then account_id. Index 0..n-1.
    """
    market = analysis_market(market, "kk.unvisited", parameters)
    from kamkit.analysis.segmentation import QUADRANTS

    days = _check_days(days)
    if isinstance(quadrants, str):
        quadrants = (quadrants,)
    bad = [q for q in quadrants if q not in QUADRANTS]
    if bad:
        raise KamkitError(
            f"{', '.join(map(repr, bad))} is not a quadrant; use some of {', '.join(QUADRANTS)}."
        )
    seg = _segment(market, as_of, territory)
    keep = seg["quadrant"].isin(list(quadrants)).to_numpy(dtype=bool) & ~_recent(seg, days)
    out = seg.loc[keep, _UNVISITED_COLUMNS]
    order = np.lexsort(
        (
            out["account_id"].astype(str).to_numpy(),
            -out["potential"].fillna(-np.inf).to_numpy(dtype="float64"),
            out["quadrant"].cat.codes.to_numpy(),
            out["territory"].fillna("").astype(str).to_numpy(),
        )
    )
    return out.iloc[order].reset_index(drop=True)


@takes_overrides
def effort_by_salesperson(
    market, *, as_of=None, days: int | None = DEFAULT_DAYS, territory=None, **parameters
) -> pd.DataFrame:
    """Per salesperson: accounts, interactions, and how much effort goes to low potential.

    Accounts are attributed to the salesperson responsible for them in the accounts table
    (not to whoever made each contact), so this answers "how are *my accounts* covered".

    Returns
    -------
    DataFrame
        One row per (territory, salesperson) found on accounts, sorted by territory and
        salesperson (accounts without a salesperson are grouped under a blank salesperson):
        ``territory``, ``salesperson``, ``accounts``, ``visits`` (interactions in the window
        on those accounts), ``low_potential_visits_share`` (share of those interactions on
        maintain/monitor accounts; NaN without interactions), ``key_conquer_accounts``,
        ``unvisited`` (key and conquer accounts with no interaction in the window -- or in
        ``days`` days when given --, see :func:`unvisited`).
    """
    market = analysis_market(market, "kk.effort_by_salesperson", parameters)
    days = _check_days(days)
    seg = _segment(market, as_of, territory)
    recent = _recent(seg, days)
    high = seg["quadrant"].isin(["key", "conquer"]).to_numpy(dtype=bool)
    low = seg["quadrant"].isin(list(LOW_POTENTIAL)).to_numpy(dtype=bool)
    visits = seg["visits"].to_numpy(dtype="int64")
    work = pd.DataFrame(
        {
            "territory": seg["territory"].fillna("").astype(str).to_numpy(),
            "salesperson": seg["salesperson"].fillna("").astype(str).to_numpy(),
            "accounts": 1,
            "visits": visits,
            "low_visits": np.where(low, visits, 0),
            "key_conquer_accounts": high.astype("int64"),
            "unvisited": (high & ~recent).astype("int64"),
        }
    )
    g = work.groupby(["territory", "salesperson"], sort=True).sum().reset_index()
    g["low_potential_visits_share"] = _share(g["low_visits"], g["visits"])
    return g[
        [
            "territory",
            "salesperson",
            "accounts",
            "visits",
            "low_potential_visits_share",
            "key_conquer_accounts",
            "unvisited",
        ]
    ]


@takes_overrides
def interactions_before_first_purchase(market, *, as_of=None, **parameters) -> pd.Series:
    """Per account, the interactions in the window that came before its first purchase.

    An interaction counts when it is in the analysis window, up to ``as_of`` (as segment's
    ``visits`` counts it), and on a day before the day of the account's first purchase
    (segment's ``first_purchase``: its first sales line with an amount above zero, up to
    ``as_of``). For an account that never bought, every interaction in the window counts. So
    for a new customer this is the pursuit that led to the first order, without the service
    contacts that followed it; an interaction on the day of the first order is left out.

    Returns
    -------
    Series
        int64, one value per account, with the index of :func:`kamkit.analysis.segmentation.segment`
        (accounts order), named ``interactions_before_first_purchase``.

    Examples
    --------
    >>> table = kk.segment(market)                                      # doctest: +SKIP
    >>> courted = interactions_before_first_purchase(market)            # doctest: +SKIP
    >>> courted[table["stage"] == "occasional"].mean()                  # doctest: +SKIP
    """
    market = analysis_market(market, "kk.interactions_before_first_purchase", parameters)
    from kamkit.analysis.segmentation import segment, window

    table = segment(market, as_of=as_of)
    start, end = window(market, as_of=as_of)
    visits = market.visits
    codes = visits["account_id"].cat.codes.to_numpy()
    day = pd.to_datetime(visits["date"]).dt.normalize().to_numpy()
    first = table["first_purchase"].dt.normalize().to_numpy()
    known = codes >= 0
    first_day = np.where(known, first[np.where(known, codes, 0)], np.datetime64("NaT"))
    with np.errstate(invalid="ignore"):
        keep = (
            known
            & (day >= start.normalize().to_datetime64())
            & (day <= end.normalize().to_datetime64())
            & (np.isnat(first_day) | (day < first_day))
        )
    counts = np.bincount(codes[keep], minlength=len(table))[: len(table)]
    return pd.Series(
        counts.astype(np.int64), index=table.index, name="interactions_before_first_purchase"
    )
