"""How concentrated revenue is: Pareto / ABC table, Lorenz curve, Gini, top-x% shares.

The blog post behind kamkit starts from "5-10% of customers make 50-60% of revenue".
:func:`concentration_summary` checks that claim on any data.

Every function takes ``data`` first, which may be

* a revenue Series indexed by ``account_id`` (any revenue: a year, a window, a product family);
* a DataFrame with ``account_id`` and ``revenue`` columns, such as the output of
  :func:`kamkit.analysis.segmentation.segment`;
* a :class:`~kamkit.model.market.Market`: the window revenue of :func:`kamkit.analysis.segmentation.segment`
  is used, as of ``as_of`` (default: the market's) and for ``territory`` if given.

**Only accounts with revenue > 0 count** -- more than half a cent,
:data:`kamkit.analysis.segmentation.NET_TOLERANCE`, the same buying accounts that get an ABC class. Accounts
with zero, negative (net returns) or missing revenue are dropped first: they are not customers
in the period, and a Lorenz curve or a share of revenue is only meaningful over positive
amounts. "Share of accounts" therefore
always means share of *buying* accounts. With no buying account at all, shares and the Gini
coefficient are NaN and tables are empty.

Accounts are ranked by revenue, high to low, ties broken by ``account_id`` ascending (the
same order as the ABC classes of :func:`kamkit.analysis.segmentation.segment`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError, Text
from kamkit.model.market import takes_overrides

__all__ = [
    "pareto_table",
    "lorenz_curve",
    "gini",
    "top_share",
    "accounts_share_for",
    "concentration_summary",
    "ConcentrationSummary",
]

# Comparisons of shares tolerate floating-point noise (0.1 * 30 is 3.0000000000000004).
_EPS = 1e-9


def _revenue(data, as_of=None, territory=None, parameters=None) -> pd.Series:
    """Revenue per account from ``data`` (see the module docstring), unsorted, all accounts."""
    from kamkit.model.market import Market

    if isinstance(data, Market):
        from kamkit.analysis.segmentation import segment

        table = segment(data, as_of=as_of, territory=territory, **(parameters or {}))
        return pd.Series(
            table["revenue"].to_numpy(dtype="float64"),
            index=pd.Index(table["account_id"].astype(object), name="account_id"),
            name="revenue",
        )
    if as_of is not None or territory is not None or parameters:
        raise KamkitError(
            Text(
                "as_of=, territory= and parameter overrides ({names}) only apply when you pass a "
                "Market; filter your revenue table yourself, or pass the market.",
                "as_of=, territory= e os parâmetros ({names}) só valem quando você passa o "
                "mercado (Market); filtre a sua tabela de faturamento, ou passe o mercado.",
            ).format(names=", ".join(parameters or ()) or "-")
        )
    if isinstance(data, pd.DataFrame):
        missing = [c for c in ("account_id", "revenue") if c not in data.columns]
        if missing:
            raise KamkitError(
                Text(
                    "The table has no {missing} column; pass a revenue Series indexed by "
                    "account_id, a table with account_id and revenue columns, or a Market.",
                    "A tabela não tem a coluna {missing_pt}; passe uma Series de faturamento "
                    "indexada por account_id, uma tabela com as colunas account_id e revenue, ou o "
                    "mercado (Market).",
                ).format(missing=" or ".join(missing), missing_pt=" nem ".join(missing))
            )
        return pd.Series(
            pd.to_numeric(data["revenue"]).to_numpy(dtype="float64"),
            index=pd.Index(data["account_id"].astype(object), name="account_id"),
            name="revenue",
        )
    if isinstance(data, pd.Series):
        return pd.Series(
            pd.to_numeric(data).to_numpy(dtype="float64"),
            index=pd.Index(data.index.astype(object), name="account_id"),
            name="revenue",
        )
    raise KamkitError(
        Text(
            "Expected a revenue Series, a table with account_id and revenue, or a Market, e.g. "
            'kk.load("my_accounts.xlsx"); you passed a {kind}.',
            "Esperava uma Series de faturamento, uma tabela com account_id e revenue, ou o mercado "
            '(Market), por exemplo kk.load("minha_planilha.xlsx"); você passou um(a) {kind}.',
        ).format(kind=type(data).__name__)
    )


def _ranked(revenue: pd.Series) -> pd.Series:
    """Buying accounts (revenue > NET_TOLERANCE), high to low, ties by account_id ascending."""
    from kamkit.analysis.segmentation import NET_TOLERANCE

    r = revenue[revenue.to_numpy() > NET_TOLERANCE]
    if not r.index.is_unique:
        dup = r.index[r.index.duplicated()][0]
        raise KamkitError(
            f"account_id {dup!r} appears more than once; give one revenue figure per account "
            "(e.g. revenue.groupby(level=0).sum())."
        )
    id_rank = np.empty(len(r), dtype=np.int64)
    id_rank[r.index.argsort()] = np.arange(len(r))
    order = np.lexsort((id_rank, -r.to_numpy()))
    return r.iloc[order]


def _check_share(value: float, name: str) -> float:
    if not (0 < value <= 1):
        raise KamkitError(
            f"{name} must be a share above 0 and up to 1 (e.g. 0.1 for 10%); got {value!r}."
        )
    return float(value)


@takes_overrides
def pareto_table(
    data,
    *,
    a_share: float | None = None,
    b_share: float | None = None,
    as_of=None,
    territory=None,
    **parameters,
) -> pd.DataFrame:
    """The Pareto table: buying accounts ranked by revenue, with shares and ABC class.

    Parameters
    ----------
    data : Series, DataFrame or Market
        Revenue per account (see the module docstring).
    a_share, b_share : float, optional
        ABC cut-offs. Default: the market's ``abc_a_share`` / ``abc_b_share`` for a Market,
        else 0.5 and 0.8. An account is A when the cumulative share of revenue of the accounts
        ranked *before* it is below ``a_share``, B when below ``b_share``, else C -- the rule
        of :func:`kamkit.analysis.segmentation.abc_classes`.
    as_of, territory : optional
        Only with a Market; passed to :func:`kamkit.analysis.segmentation.segment`.

    Returns
    -------
    DataFrame
        One row per buying account, best first: ``rank`` (1, 2, ...), ``account_id``,
        ``revenue``, ``share`` (of total revenue), ``cumulative_share``,
        ``cumulative_accounts_share`` (rank / number of buying accounts), ``abc_class``
        (ordered categorical A/B/C, from :func:`kamkit.analysis.segmentation.abc_classes`).
    """
    from kamkit.analysis.segmentation import abc_classes
    from kamkit.model.market import Market

    if isinstance(data, Market):
        if parameters:
            data = data.with_parameters(**parameters)
            parameters = None
        a_share = data.parameters.abc_a_share if a_share is None else a_share
        b_share = data.parameters.abc_b_share if b_share is None else b_share
    a_share = 0.5 if a_share is None else a_share
    b_share = 0.8 if b_share is None else b_share
    r = _ranked(_revenue(data, as_of, territory, parameters))
    values = r.to_numpy()
    n = len(values)
    total = values.sum()
    share = values / total if n else values
    cumulative = np.cumsum(share)
    abc = abc_classes(r, a_share=a_share, b_share=b_share)
    return pd.DataFrame(
        {
            "rank": np.arange(1, n + 1, dtype="int64"),
            "account_id": np.asarray(r.index, dtype=object),
            "revenue": values,
            "share": share,
            "cumulative_share": cumulative,
            "cumulative_accounts_share": np.arange(1, n + 1) / n if n else np.zeros(0),
            "abc_class": abc.array,
        }
    )


@takes_overrides
def lorenz_curve(data, *, as_of=None, territory=None, **parameters) -> pd.DataFrame:
    """Points of the Lorenz curve of revenue over buying accounts.

    Accounts are taken from the smallest to the largest; point *k* says that the smallest
    ``accounts_share`` of accounts make ``revenue_share`` of revenue. The first point is
    (0, 0) and the last (1, 1). The diagonal is perfect equality.

    Returns
    -------
    DataFrame
        ``accounts_share``, ``revenue_share``: n + 1 rows for n buying accounts (just (0, 0)
        when there is none).
    """
    r = _ranked(_revenue(data, as_of, territory, parameters)).to_numpy()[::-1]
    n = len(r)
    x = np.arange(0, n + 1) / n if n else np.zeros(1)
    y = np.concatenate([[0.0], np.cumsum(r) / r.sum()]) if n else np.zeros(1)
    if n:
        y[-1] = 1.0
    return pd.DataFrame({"accounts_share": x, "revenue_share": y})


@takes_overrides
def gini(data, *, as_of=None, territory=None, **parameters) -> float:
    """Gini coefficient of revenue over buying accounts: 0 = all equal, towards 1 = one takes all.

    Computed as ``1 - 2 * area under the Lorenz curve`` (trapezoids between its points),
    i.e. the discrete Gini ``sum_i (2i - n - 1) x_i / (n * sum x)`` with ``x`` sorted ascending.
    A single buying account gives 0; no buying account gives NaN.
    """
    r = np.sort(_ranked(_revenue(data, as_of, territory, parameters)).to_numpy())
    n = len(r)
    if n == 0:
        return math.nan
    i = np.arange(1, n + 1)
    g = float(np.sum((2 * i - n - 1) * r) / (n * r.sum()))
    return 0.0 if abs(g) < _EPS else g


@takes_overrides
def top_share(data, top: float = 0.1, *, as_of=None, territory=None, **parameters) -> float:
    """Share of revenue made by the top ``top`` fraction of buying accounts.

    The number of top accounts is ``ceil(top * n)`` for n buying accounts (so at least one
    account, and "top 10%" of 25 accounts means the top 3). Floating-point noise is ignored:
    10% of 30 accounts is exactly 3. NaN when there is no buying account.

    Parameters
    ----------
    data : Series, DataFrame or Market
    top : float
        Fraction of accounts, above 0 and up to 1 (0.1 = the top 10%).
    """
    top = _check_share(top, "top")
    r = _ranked(_revenue(data, as_of, territory, parameters)).to_numpy()
    n = len(r)
    if n == 0:
        return math.nan
    k = max(1, math.ceil(top * n - _EPS))
    return float(r[:k].sum() / r.sum())


@takes_overrides
def accounts_share_for(
    data, share: float = 0.5, *, as_of=None, territory=None, **parameters
) -> float:
    """Share of buying accounts that make ``share`` of revenue.

    The smallest number k of top accounts whose cumulative revenue reaches ``share`` of the
    total (reaching within floating-point noise counts), divided by the number of buying
    accounts. NaN when there is no buying account.

    Parameters
    ----------
    data : Series, DataFrame or Market
    share : float
        Share of revenue, above 0 and up to 1 (0.5 = half the revenue).
    """
    share = _check_share(share, "share")
    r = _ranked(_revenue(data, as_of, territory, parameters)).to_numpy()
    n = len(r)
    if n == 0:
        return math.nan
    cumulative = np.cumsum(r) / r.sum()
    k = int(np.searchsorted(cumulative, share - _EPS, side="left")) + 1
    return min(k, n) / n


@dataclass(frozen=True, eq=False)
class ConcentrationSummary(dict):
    """The concentration of revenue in a few figures (:func:`concentration_summary`).

    Attributes
    ----------
    buying_accounts : int
        Accounts with revenue > 0 (:data:`kamkit.analysis.segmentation.NET_TOLERANCE`).
    revenue : float
        Their total revenue.
    top_5pct_share, top_10pct_share, top_20pct_share : float
        Share of revenue made by the top 5%, 10%, 20% of buying accounts (:func:`top_share`).
    accounts_for_50pct, accounts_for_80pct : float
        Smallest share of buying accounts that makes 50%, 80% of revenue
        (:func:`accounts_share_for`).
    gini : float
        Gini coefficient of revenue over buying accounts (:func:`gini`).

    Shares and the Gini coefficient are NaN when no account bought. ``summary["gini"]``
    works as on a Series; ``summary.to_series()`` and ``summary.to_frame()`` are for display.
    """

    buying_accounts: int
    revenue: float
    top_5pct_share: float
    top_10pct_share: float
    top_20pct_share: float
    accounts_for_50pct: float
    accounts_for_80pct: float
    gini: float

    # also a read-only dict of the figures by name, as the Series it replaces was indexed
    # (``summary["gini"]``, ``pd.DataFrame({"a": summary_a, "b": summary_b})``)
    def __post_init__(self) -> None:
        dict.update(self, {f.name: getattr(self, f.name) for f in fields(self)})

    def _read_only(self, *args, **kwargs):
        raise TypeError("ConcentrationSummary is read-only")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _read_only
    __ior__ = _read_only

    def __eq__(self, other) -> bool:
        return dict.__eq__(self, other)

    __hash__ = None

    @property
    def index(self) -> pd.Index:
        """The figures' names, in order (as the Series it replaces had)."""
        return pd.Index(list(self))

    def __reduce__(self):  # copy and pickle rebuild it from its fields
        return type(self), tuple(getattr(self, f.name) for f in fields(self))

    def to_dict(self) -> dict:
        return dict(self)

    def to_series(self) -> pd.Series:
        """The figures as a Series named ``concentration`` (object dtype: a count and floats)."""
        return pd.Series(self.to_dict(), name="concentration", dtype=object)

    def to_frame(self) -> pd.DataFrame:
        """The figures as a one-column table (``concentration``), one row per figure."""
        return self.to_series().to_frame()


_SUMMARY_FIELDS = tuple(f.name for f in fields(ConcentrationSummary))


@takes_overrides
def concentration_summary(
    data, *, as_of=None, territory=None, **parameters
) -> ConcentrationSummary:
    """The concentration of revenue in a few figures.

    Answers the post's "5-10% of customers make 50-60% of revenue" on any data: compare
    ``top_5pct_share`` / ``top_10pct_share`` with 50-60%, or ``accounts_for_50pct`` with 5-10%.

    Returns
    -------
    ConcentrationSummary
        A frozen dataclass: ``buying_accounts`` (accounts with revenue > 0), ``revenue``
        (their total), ``top_5pct_share``, ``top_10pct_share``, ``top_20pct_share`` (see
        :func:`top_share`), ``accounts_for_50pct``, ``accounts_for_80pct`` (see
        :func:`accounts_share_for`), ``gini`` (see :func:`gini`). ``summary["gini"]`` works
        as before; ``summary.to_series()`` / ``to_frame()`` for display.
    """
    revenue = _revenue(data, as_of, territory, parameters)
    r = _ranked(revenue)
    return ConcentrationSummary(
        buying_accounts=len(r),
        revenue=float(r.sum()),
        top_5pct_share=top_share(r, 0.05),
        top_10pct_share=top_share(r, 0.10),
        top_20pct_share=top_share(r, 0.20),
        accounts_for_50pct=accounts_share_for(r, 0.5),
        accounts_for_80pct=accounts_share_for(r, 0.8),
        gini=gini(r),
    )
