"""What the account-level analyses (alerts, account plans) share: their scope.

An analysis looks at the whole market, or at one territory's accounts (``territory``), on an
analysis date (``as_of``). :func:`territory_ids` says which accounts a territory has;
:func:`documents` (and :func:`takes_scope`, for ``market``, ``territory``, ``as_of``) writes
the entries of the arguments they share the same way in every function that takes them.
"""

from __future__ import annotations

import pandas as pd

from kamkit.model.market import Market

__all__ = ["PARAMETER_DOCS", "documents", "takes_scope", "territory_ids", "keep_accounts"]

#: The entries of a Parameters section that several functions share, by argument.
PARAMETER_DOCS = {
    "market": "market : Market",
    "territory": "territory : str, optional\n    Only this territory's accounts.",
    "account_id": "account_id : str\n"
    "    The account's code (an unknown code is an error with the closest code).",
    "as_of": "as_of : date-like, optional\n"
    "    Analysis date; overrides the market's ``as_of`` parameter.",
}

_HEADING = "\n    Parameters\n    ----------\n"
_RETURNS = "\n    Returns\n    -------"


def documents(*names: str):
    """A decorator: open the function's Parameters section with the :data:`PARAMETER_DOCS`
    entries of ``names`` (docstring only); the section is made, before Returns, when the
    docstring has none."""
    lines = "\n".join(PARAMETER_DOCS[n] for n in names).splitlines()
    block = "\n".join("    " + line for line in lines) + "\n"

    def decorate(function):
        doc = function.__doc__ or ""
        if _HEADING in doc:
            doc = doc.replace(_HEADING, _HEADING + block, 1)
        elif _RETURNS in doc:
            doc = doc.replace(_RETURNS, _HEADING + block + _RETURNS, 1)
        else:
            doc = doc.rstrip() + "\n" + _HEADING + block + "    "
        function.__doc__ = doc
        return function

    return decorate


#: The scope of an analysis: ``market``, ``territory`` and ``as_of`` documented first.
takes_scope = documents("market", "territory", "as_of")


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
