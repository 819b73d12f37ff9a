"""What the account-level analyses (alerts, account plans) share: their scope.

An analysis looks at the whole market, or at one territory's accounts (``territory``), on an
analysis date (``as_of``). :func:`territory_ids` says which accounts a territory has;
:func:`takes_scope` documents the two arguments the same way in every function that takes
them.
"""

from __future__ import annotations

import pandas as pd

from kamkit.model.market import Market

__all__ = ["SCOPE_DOC", "takes_scope", "territory_ids", "keep_accounts"]

#: The first entries of the Parameters section of a function that takes a scope.
SCOPE_DOC = """\
market : Market
territory : str, optional
    Only this territory's accounts.
as_of : date-like, optional
    Analysis date; overrides the market's ``as_of`` parameter."""

_HEADING = "\n    Parameters\n    ----------\n"
_RETURNS = "\n    Returns\n    -------"


def takes_scope(function):
    """Open ``function``'s Parameters section with :data:`SCOPE_DOC` (docstring only); the
    section is made, before Returns, when the docstring has none."""
    doc = function.__doc__ or ""
    block = "\n".join("    " + line for line in SCOPE_DOC.splitlines()) + "\n"
    if _HEADING in doc:
        doc = doc.replace(_HEADING, _HEADING + block, 1)
    elif _RETURNS in doc:
        doc = doc.replace(_RETURNS, _HEADING + block + _RETURNS, 1)
    else:
        doc = doc.rstrip() + "\n" + _HEADING + block + "    "
    function.__doc__ = doc
    return function


def territory_ids(market: Market, territory) -> set[str] | None:
    """The codes of ``territory``'s accounts (None: every account); the name is checked."""
    if territory is None:
        return None
    territory = market.check_territory(territory)
    accounts = market.accounts
    mine = (accounts["territory"] == territory).to_numpy(dtype=bool, na_value=False)
    return set(accounts["account_id"].astype(str)[mine])


def keep_accounts(frame: pd.DataFrame, ids: set[str] | None) -> pd.DataFrame:
    """The rows of ``frame`` whose ``account_id`` is one of ``ids`` (None: every row)."""
    if ids is None:
        return frame
    return frame.loc[frame["account_id"].astype(str).isin(ids).to_numpy(dtype=bool)]
