"""Honesty of the potential x share-of-wallet matrix: which positions are true by construction.

An estimated potential is never less than the account's own annualised revenue
(:func:`kamkit.analysis.segmentation.estimate_potential`). When the estimate is floored there,
the account's share of wallet is 100% by construction: it says nothing about the account, only
that its comparable accounts spend less than it does. ``matrix_summary(market)`` counts those
accounts (``floored``) beside the other figures a reader of the matrix needs, so a chart or a
report can mark them and say how many there are.

Definitions
-----------
floored
    An account whose potential is estimated, whose window revenue is > 0 (more than
    ``NET_TOLERANCE``), and whose estimated potential equals its own annualised revenue
    (``revenue * 12 / lookback_months``, within a relative 1e-9): its share of wallet is 100%.
entered below revenue
    An account whose potential was entered (not estimated) and whose share of wallet passes
    100% (more than 1 + 1e-9): the data warning ``potential_below_revenue`` of
    :func:`kamkit.analysis.diagnostics.data_warnings` names them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from kamkit.analysis.segmentation import NET_TOLERANCE, QUADRANTS, segment
from kamkit.model.market import Market, analysis_market, takes_overrides

__all__ = ["MatrixSummary", "matrix_summary", "floored_potential"]

#: Relative tolerance of "the estimate equals the annualised revenue".
_SAME = 1e-9


@dataclass(frozen=True)
class MatrixSummary:
    """The figures behind the potential x share matrix (:func:`matrix_summary`).

    Attributes
    ----------
    accounts : int
        Accounts in the matrix (the market's, or the territory's).
    key, conquer, maintain, monitor : int
        Accounts per quadrant.
    with_potential : int
        Accounts with a potential (entered or estimated).
    estimated : int
        Accounts whose potential is estimated.
    floored : int
        Estimated potentials floored at the account's own revenue: share 100% by construction.
    entered_below_revenue : int
        Entered potentials below the account's annualised revenue: share over 100%.
    floored_accounts : tuple of str
        The account_id of the floored accounts, in accounts order (for a chart's marker).

    ``summary.to_series()`` is for display.
    """

    accounts: int
    key: int
    conquer: int
    maintain: int
    monitor: int
    with_potential: int
    estimated: int
    floored: int
    entered_below_revenue: int
    floored_accounts: tuple[str, ...] = ()

    def to_series(self) -> pd.Series:
        """The counts as a Series (the account list left out)."""
        return pd.Series(
            {f.name: getattr(self, f.name) for f in fields(self) if f.name != "floored_accounts"},
            dtype="int64",
        )


def floored_potential(table: pd.DataFrame, lookback_months: int) -> np.ndarray:
    """True for the rows of a segment table whose estimated potential is floored at their own
    annualised revenue (the module docstring's *floored*).

    Parameters
    ----------
    table : DataFrame
        ``kk.segment`` output (columns ``potential``, ``potential_estimated``, ``revenue``).
    lookback_months : int
        The market's ``lookback_months`` (the window the revenue covers).
    """
    potential = table["potential"].to_numpy(dtype="float64", na_value=np.nan)
    revenue = table["revenue"].to_numpy(dtype="float64", na_value=np.nan)
    estimated = table["potential_estimated"].to_numpy(dtype=bool)
    annual = revenue * 12.0 / lookback_months
    with np.errstate(invalid="ignore"):
        same = np.abs(potential - annual) <= _SAME * np.maximum(np.abs(annual), 1.0)
        return estimated & (revenue > NET_TOLERANCE) & same


@takes_overrides
def matrix_summary(
    market: Market, *, territory: str | None = None, as_of=None, **parameters
) -> MatrixSummary:
    """How many accounts sit in each quadrant, and how many positions are true by construction.

    Parameters
    ----------
    market : Market
    territory : str, optional
        Count only this territory's accounts (computed on the whole market first, as
        ``kk.segment`` does).
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter.

    Returns
    -------
    MatrixSummary
        The counts, ``floored`` and ``entered_below_revenue`` included (module docstring).

    Examples
    --------
    >>> kk.matrix_summary(market).floored                       # doctest: +SKIP
    """
    market = analysis_market(market, "kk.matrix_summary", parameters)
    table = segment(market, as_of=as_of, territory=territory)
    floored = floored_potential(table, market.parameters.lookback_months)
    estimated = table["potential_estimated"].to_numpy(dtype=bool)
    share = table["share_of_wallet"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        below = ~estimated & (share > 1 + 1e-9)
    quadrant = table["quadrant"].value_counts().reindex(list(QUADRANTS), fill_value=0)
    return MatrixSummary(
        accounts=len(table),
        **{q: int(quadrant[q]) for q in QUADRANTS},
        with_potential=int(table["potential"].notna().sum()),
        estimated=int(estimated.sum()),
        floored=int(floored.sum()),
        entered_below_revenue=int(below.sum()),
        floored_accounts=tuple(table.loc[floored, "account_id"].astype(str)),
    )
