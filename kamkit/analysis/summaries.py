"""Summaries of the analysis: the few numbers a person reads before the full tables.

``segment_summary`` is what ``kamkit segment`` prints without ``--out``: how many accounts,
how many in each lifecycle stage and each quadrant, and how many are on the pursuit list. The
command line only formats these numbers; an analyst gets the same ones::

    >>> s = kk.segment_summary(market, territory="Sul")  # doctest: +SKIP
    >>> s.accounts, s.stages["regular"], s.pursuit  # doctest: +SKIP
    (412, 98, 71)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kamkit.core.errors import KamkitError, Text

if TYPE_CHECKING:  # annotations only
    import pandas as pd

    from kamkit.model.market import Market

__all__ = ["SegmentSummary", "segment_summary"]

_NOT_A_TABLE = Text(
    "segment_summary needs a market (kk.load) or the table of kk.segment(market), not a {kind}.",
    "segment_summary precisa de um mercado (kk.load) ou da tabela de kk.segment(market), "
    "não de um {kind}.",
)
_MISSING = Text(
    "The table has no column {columns}: give segment_summary the table of kk.segment(market).",
    "A tabela não tem a coluna {columns}: dê ao segment_summary a tabela de kk.segment(market).",
)


@dataclass(frozen=True)
class SegmentSummary:
    """The counts of a segment table.

    Attributes
    ----------
    accounts : int
        Accounts (rows) in the table.
    stages : dict[str, int]
        Accounts per lifecycle stage code, in the stages' order (``untouched`` first), every
        stage listed, a stage without accounts with 0.
    quadrants : dict[str, int]
        Accounts per quadrant code, in the quadrants' order (``key`` first), likewise.
    pursuit : int
        Accounts on the pursuit list (those with a ``priority``).
    floored : int or None
        Accounts whose estimated potential is floored at their own revenue, so their share of
        wallet is 100% by construction (:func:`kamkit.analysis.matrix.floored_potential`);
        None for a table given without ``lookback_months``.
    """

    accounts: int
    stages: dict[str, int]
    quadrants: dict[str, int]
    pursuit: int
    floored: int | None = None


def segment_summary(
    data: Market | pd.DataFrame,
    *,
    territory: str | None = None,
    lookback_months: int | None = None,
) -> SegmentSummary:
    """The counts ``kamkit segment`` prints: accounts, stages, quadrants and the pursuit list.

    Parameters
    ----------
    data : Market or DataFrame
        A market (then :func:`kamkit.segment` is computed, for ``territory`` when given) or a
        table :func:`kamkit.segment` returned.
    territory : str, optional, keyword-only
        With a market: only this territory's accounts (an unknown one is an error naming the
        known ones). Ignored for a table, which is summarised as it is.
    lookback_months : int, optional, keyword-only
        With a table: the window its revenue covers (the market's ``lookback_months``), to
        count the floored potentials; without it ``floored`` is None. A market uses its own.

    Returns
    -------
    SegmentSummary
        Plain Python ints, in the order of the codes (the table's categories); a code listed
        with 0 when no account has it.
    """
    import pandas as pd

    from kamkit.model.market import Market

    if isinstance(data, Market):
        from kamkit.analysis.segmentation import segment

        if territory is not None:
            data.check_territory(territory)
        table = segment(data, territory=territory)
        lookback_months = data.parameters.lookback_months
    elif isinstance(data, pd.DataFrame):
        table = data
    else:
        raise KamkitError(_NOT_A_TABLE.format(kind=type(data).__name__))
    missing = [c for c in ("stage", "quadrant", "priority") if c not in table.columns]
    if missing:
        raise KamkitError(_MISSING.format(columns=", ".join(missing)))
    return SegmentSummary(
        accounts=len(table),
        stages=_counts(table["stage"]),
        quadrants=_counts(table["quadrant"]),
        pursuit=int(table["priority"].notna().sum()),
        floored=_floored(table, lookback_months),
    )


def _floored(table: pd.DataFrame, lookback_months: int | None) -> int | None:
    """How many potentials of the table are floored at the account's own revenue; None when
    the window (or a column it needs) is unknown."""
    from kamkit.analysis.matrix import floored_potential

    needs = {"potential", "potential_estimated", "revenue"}
    if lookback_months is None or not needs <= set(table.columns):
        return None
    return int(floored_potential(table, int(lookback_months)).sum())


def _counts(column: pd.Series) -> dict[str, int]:
    """Accounts per code: every category in its order (0 when none), else first seen first."""
    counts = column.value_counts(sort=False, dropna=True)
    return {str(code): int(n) for code, n in counts.items()}
