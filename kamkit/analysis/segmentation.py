"""Where every account of the market stands: lifecycle stage, ABC class, potential and quadrant.

``segment(market)`` is the engine behind every report: one row per account of the market
(prospects included), computed from sales and the visit log *as of* a date. The definitions
below are the only ones kamkit uses; every docstring that mentions them refers here.

Definitions
-----------
as of
    The analysis date (the ``as_of`` parameter, else the latest sale or visit date). The whole
    day counts; sales and visits after it are ignored.
window
    The ``lookback_months`` calendar months ending with the month that contains ``as_of``
    (as_of 2026-09-15, 12 months: 2025-10-01 .. 2026-09-15). See :func:`window`.
purchase month
    A calendar month in which the account's net sales (returns subtracted) are > 0. Net amounts
    within half a cent of zero (``NET_TOLERANCE``) count as zero, so a sale cancelled by a
    return is not a purchase even when floating-point sums leave a crumb such as 1e-14.
revenue
    Net sales in the window, up to ``as_of``.
stage
    ``regular``: purchase months in the window >= ``regular_min_months``; ``occasional``: at
    least one purchase month in the window, fewer than that; ``lapsed``: none in the window, at
    least one before it; ``approached``: no purchase month ever (up to as_of) but at least one
    interaction (visit, call, ...) up to as_of; ``untouched``: no purchase month and no
    interaction up to as_of.
ABC class
    See :func:`abc_classes`.
potential
    The account's annual purchase potential; where blank it is estimated and flagged, see
    :func:`estimate_potential`.
share of wallet
    ``revenue / (potential * lookback_months / 12)``; NaN when the potential is NaN or 0.
quadrant
    High potential = potential >= the ``potential_quantile`` quantile of potential over all
    accounts of the market (estimated ones included; linear interpolation; a potential of 0
    is never high). High share = share of wallet >= ``share_threshold`` (NaN is low).
    ``key`` (high, high), ``conquer`` (high potential, low share), ``maintain`` (low, high),
    ``monitor`` (low, low).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamkit.analysis.facts import NET_TOLERANCE, Facts, file_facts, market_facts
from kamkit.analysis.priority import candidates, ranks, scores
from kamkit.core.errors import KamkitError, Text
from kamkit.core.schema import SEGMENT_COLUMNS
from kamkit.core.text import factorize_text, sort_order_text
from kamkit.model.market import Market, analysis_market, takes_overrides

__all__ = [
    "STAGES",
    "QUADRANTS",
    "ABC_CLASSES",
    "SEGMENT_COLUMNS",
    "ESTIMATE_QUANTILE",
    "MIN_SEGMENT_BUYERS",
    "NET_TOLERANCE",
    "segment",
    "window",
    "window_sales",
    "abc_classes",
    "estimate_potential",
    "stage_transitions",
    "stage_flows",
]

STAGES = ("untouched", "approached", "occasional", "regular", "lapsed")
QUADRANTS = ("key", "conquer", "maintain", "monitor")
ABC_CLASSES = ("A", "B", "C")

#: Quantile of comparable accounts' annualised revenue used as an estimated potential.
ESTIMATE_QUANTILE = 0.9
#: A segment needs at least this many buying accounts to be its own reference group.
MIN_SEGMENT_BUYERS = 5


STAGE_DTYPE = pd.CategoricalDtype(list(STAGES), ordered=True)
ABC_DTYPE = pd.CategoricalDtype(list(ABC_CLASSES), ordered=True)
QUADRANT_DTYPE = pd.CategoricalDtype(list(QUADRANTS), ordered=False)


# --------------------------------------------------------------------------------------------
# small public pieces


def _resolve_as_of(market: Market, as_of) -> pd.Timestamp:
    """``as_of`` as a day, read as the parameters sheet reads it (30/06/2025, 2025-06-30, a
    date); ``None``: the market's."""
    if as_of is None:
        return market.as_of
    from kamkit.model.convert import parse_day

    return parse_day(as_of, Text("as_of", "a data-base (as_of)"))


@takes_overrides
def window(market: Market, as_of=None, **parameters) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The analysis window: ``(start, end)``, both days, the whole ``end`` day included.

    ``start`` is the first day of the first of the ``lookback_months`` calendar months ending
    with the month of ``as_of``; ``end`` is ``as_of`` itself. An event is in the window when
    ``start <= date < end + 1 day``.

    Parameters
    ----------
    market : Market
    as_of : date-like, optional
        Overrides the market's ``as_of`` parameter.

    Examples
    --------
    >>> window(market, as_of="2026-09-15")             # doctest: +SKIP
    (Timestamp('2025-10-01 00:00:00'), Timestamp('2026-09-15 00:00:00'))
    """
    market = analysis_market(market, "kk.window", parameters)
    end = _resolve_as_of(market, as_of)
    months = market.parameters.lookback_months
    start = (end.to_period("M") - (months - 1)).to_timestamp()
    return start, end


@takes_overrides
def window_sales(
    market: Market, *, territory: str | None = None, as_of=None, **parameters
) -> pd.DataFrame:
    """The sales lines of the analysis window, optionally of one territory.

    The lines dated from the window's first day (:func:`window`) up to ``as_of``, the whole
    ``as_of`` day included: the lines behind ``segment``'s ``revenue`` (whose sum per account
    it is, returns included). Analysts no longer rewrite that filter by hand.

    Parameters
    ----------
    market : Market
    territory : str, optional
        Only the lines of this territory's accounts (checked: a typo gets a sentence).
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter.

    Returns
    -------
    DataFrame
        The sales columns (``account_id``, ``date``, ``amount``, ``product``, ``family``) and
        the account's ``territory``, in the order of ``market.sales``, default index.

    Examples
    --------
    >>> lines = kk.window_sales(market, territory="Sul")                # doctest: +SKIP
    >>> lines.groupby("family")["amount"].sum()                         # doctest: +SKIP
    """
    market = analysis_market(market, "kk.window_sales", parameters)
    start, end = window(market, as_of)
    sales = market.sales
    dates = sales["date"]
    keep = ((dates >= start) & (dates < end + pd.Timedelta(days=1))).to_numpy(dtype=bool).copy()
    codes = sales["account_id"].cat.codes.to_numpy()
    keep &= codes >= 0
    territories = market.accounts["territory"].to_numpy(dtype=object)
    if territory is not None:
        territory = market.check_territory(territory)
        in_territory = np.asarray([t == territory for t in territories], dtype=bool)
        keep &= in_territory[np.where(codes >= 0, codes, 0)]
    out = sales.loc[keep].reset_index(drop=True)
    kept = codes[keep]
    out["territory"] = territories[kept] if len(territories) else np.array([], dtype=object)
    return out


def abc_classes(revenue: pd.Series, *, a_share: float = 0.5, b_share: float = 0.8) -> pd.Series:
    """ABC class of each account from its revenue (Pareto analysis).

    Accounts with revenue > 0 (more than ``NET_TOLERANCE``) are ranked from the highest revenue
    to the lowest, ties broken by the index (account_id) ascending. An account is ``A`` if the
    cumulative share of total revenue made by the accounts ranked *before* it is < ``a_share``,
    ``B`` if that share is < ``b_share``, else ``C``. So the top account is always A, and A is
    the smallest top group reaching ``a_share`` of revenue. Other accounts get no class (NA).

    Parameters
    ----------
    revenue : Series
        Revenue per account, indexed by account_id (any index that sorts).
    a_share, b_share : float
        Cumulative revenue shares closing class A and class B (``0 <= a_share <= b_share <= 1``).

    Returns
    -------
    Series
        Categorical ``A``/``B``/``C`` (ordered, A first) with the index of ``revenue``.
    """
    if not 0 <= a_share <= b_share <= 1:
        raise KamkitError(
            f"ABC shares must satisfy 0 <= a_share <= b_share <= 1; got a_share={a_share}, "
            f"b_share={b_share}."
        )
    values = pd.to_numeric(revenue, errors="raise").to_numpy(dtype="float64", na_value=np.nan)
    codes = _abc_codes(values, _id_rank(pd.Index(revenue.index)), a_share, b_share)
    return pd.Series(
        pd.Categorical.from_codes(codes, dtype=ABC_DTYPE), index=revenue.index, name="abc_class"
    )


def _id_rank(ids: pd.Index) -> np.ndarray:
    """Position of each id in ascending order (ties of revenue are broken by it).

    Text codes are sorted by Arrow (:func:`kamkit.core.text.sort_order_text`), other ids by
    NumPy.
    """
    order = None
    if ids.dtype == object or pd.api.types.is_string_dtype(ids.dtype):
        order = sort_order_text(ids)
    if order is None:
        order = ids.argsort()
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank


def _abc_codes(
    values: np.ndarray, id_rank: np.ndarray, a_share: float, b_share: float
) -> np.ndarray:
    codes = np.full(len(values), -1, dtype=np.int8)
    buyers = np.flatnonzero(values > NET_TOLERANCE)
    if len(buyers) == 0:
        return codes
    rev = values[buyers]
    order = np.lexsort((id_rank[buyers], -rev))
    ranked = rev[order]
    before = np.concatenate(([0.0], np.cumsum(ranked)[:-1]))
    share = before / ranked.sum()
    cls = np.where(share < a_share, 0, np.where(share < b_share, 1, 2)).astype(np.int8)
    codes[buyers[order]] = cls
    return codes


def estimate_potential(
    data: pd.DataFrame,
    *,
    lookback_months: int = 12,
    quantile: float = ESTIMATE_QUANTILE,
    min_buyers: int = MIN_SEGMENT_BUYERS,
) -> pd.DataFrame:
    """Fill blank potentials from what comparable accounts spend (wallet estimation).

    Following the wallet-estimation practice of Rosset et al. (IBM), a realistic potential is a
    high quantile of what comparable accounts spend. For an account whose potential is blank:

    - annualised revenue = ``revenue * 12 / lookback_months``;
    - the reference group is the buying accounts (revenue > 0) of the same segment, or all
      buying accounts when the segment has fewer than ``min_buyers`` buyers or is blank;
    - the estimate is the ``quantile`` quantile (linear interpolation) of the group's
      annualised revenue, but never less than the account's own annualised revenue.

    Given potentials (0 included) are kept as they are. When the market has no buying account
    there is nothing to compare with: the potential stays blank and is not flagged.

    Parameters
    ----------
    data : DataFrame
        Columns ``potential`` (float, NaN = blank), ``segment`` (text, may be blank) and
        ``revenue`` (window revenue).
    lookback_months : int
        Length of the window the revenue covers.
    quantile : float
        ``ESTIMATE_QUANTILE`` (0.9) by default.
    min_buyers : int
        ``MIN_SEGMENT_BUYERS`` (5) by default.

    Returns
    -------
    DataFrame
        ``potential`` (given or estimated) and ``potential_estimated`` (bool), index of ``data``.
    """
    missing = [c for c in ("potential", "segment", "revenue") if c not in data]
    if missing:
        raise KamkitError(f"estimate_potential needs the column(s) {', '.join(missing)}.")
    potential = pd.to_numeric(data["potential"]).to_numpy(dtype="float64", na_value=np.nan)
    revenue = pd.to_numeric(data["revenue"]).to_numpy(dtype="float64", na_value=np.nan)
    filled, flag = _estimate(
        potential, revenue, data["segment"], lookback_months, quantile, min_buyers
    )
    return pd.DataFrame({"potential": filled, "potential_estimated": flag}, index=data.index)


def _segment_codes(segments: pd.Series) -> np.ndarray:
    """Codes of the segment names; -1 for a blank segment (missing or only spaces)."""
    codes, names = factorize_text(segments)
    blank = np.array([str(v).strip() == "" for v in names], dtype=bool)
    if blank.any():
        codes = np.where((codes >= 0) & ~blank[np.maximum(codes, 0)], codes, -1)
    return np.asarray(codes, dtype=np.int64)


def _quantiles_by_group(
    values: np.ndarray, groups: np.ndarray, n: int, q: float, min_size: int = 1
) -> np.ndarray:
    """The ``q`` quantile of ``values`` in each group ``0..n-1`` (NaN for a group of fewer
    than ``min_size`` members, an empty one included), by linear interpolation between the
    sorted values at ``q * (size - 1)``: ``lower + (upper - lower) * fraction``, as pandas'
    group-by quantile and DuckDB's ``quantile_cont`` compute it (one sort, no group-by
    machinery: a widget's call must stay in milliseconds). ``values`` holds no NaN (pandas
    would leave them out; the estimate's buyers have none)."""
    order = np.lexsort((values, groups))
    ordered = values[order]
    sizes = np.bincount(groups, minlength=n)
    begin = np.cumsum(sizes) - sizes
    where = q * (sizes - 1)
    below = np.floor(where).astype(np.int64)
    fraction = where - below
    full = sizes >= max(min_size, 1)
    lower = np.where(full, begin + below, 0)
    upper = np.where(full, begin + np.minimum(below + 1, sizes - 1), 0)
    low, high = ordered[lower], ordered[upper]
    with np.errstate(invalid="ignore"):
        value = np.where(fraction == 0, low, low + (high - low) * fraction)
    return np.where(full, value, np.nan)


def _estimate(potential, revenue, segments: pd.Series, lookback_months, quantile, min_buyers):
    blank = np.isnan(potential)
    annual = revenue * 12.0 / lookback_months
    buyers = revenue > NET_TOLERANCE
    if not blank.any() or not buyers.any():
        return potential.copy(), np.zeros(len(potential), dtype=bool)
    seg = _segment_codes(segments)
    overall = float(np.quantile(annual[buyers], quantile))
    estimate = np.full(len(potential), overall)
    ref = buyers & (seg >= 0)
    if ref.any():
        lookup = _quantiles_by_group(annual[ref], seg[ref], seg.max() + 1, quantile, min_buyers)
        own = np.where(seg >= 0, lookup[np.maximum(seg, 0)], np.nan)
        estimate = np.where(np.isnan(own), overall, own)
    estimate = np.where(annual > estimate, annual, estimate)
    filled = np.where(blank, estimate, potential)
    return filled, blank.copy()


# --------------------------------------------------------------------------------------------
# the engine: the per-account facts come from kamkit.analysis.facts (DuckDB queries)


def _float_values(series: pd.Series) -> np.ndarray:
    """A float64 array of ``series`` without a copy when it already is one (NaN = missing)."""
    if series.dtype == np.float64:
        return series.to_numpy()
    return series.to_numpy(dtype="float64", na_value=np.nan)


def _facts(market: Market, as_of: pd.Timestamp, *, without_order: bool = True) -> Facts:
    """Per-account facts as of ``as_of`` (see :mod:`kamkit.analysis.facts`), from the
    market's frames, or from its files when its lines stay there (``market.lines``)."""
    if market.lines is not None:
        return file_facts(market, as_of, without_order=without_order)
    return market_facts(market, as_of, without_order=without_order)


def _account_texts(accounts: pd.DataFrame) -> dict:
    """The segment table's columns from the accounts (code, name, territory, salesperson,
    segment) as the table holds them (pandas' text), made before the table."""
    frame = pd.DataFrame(
        {c: accounts[c].array for c in SEGMENT_COLUMNS[:5]}, index=pd.RangeIndex(len(accounts))
    )
    return {c: frame[c].array for c in frame.columns}


def _segment_frame(
    market: Market, as_of, *, without_order: bool = True
) -> tuple[pd.DataFrame, Facts]:
    """The full segment table (whole market) and the facts behind it (``visits_without_order``
    only when asked for)."""
    as_of = _resolve_as_of(market, as_of)
    params = market.parameters
    lookback = params.lookback_months
    accounts = market.accounts
    n = len(accounts)
    if market.lines is None:
        facts = _facts(market, as_of, without_order=without_order)
        id_rank = _id_rank(pd.Index(accounts["account_id"]))
        texts = {c: accounts[c].array for c in SEGMENT_COLUMNS[:5]}
    else:  # the engine's query (its threads, the GIL released) while this thread ranks the
        # codes and makes the accounts' text columns (a large market: 0.4 s in one thread)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1) as engine:
            query = engine.submit(_facts, market, as_of, without_order=without_order)
            id_rank = _id_rank(pd.Index(accounts["account_id"]))
            texts = _account_texts(accounts)
            facts = query.result()

    potential, estimated = _estimate(
        _float_values(accounts["potential"]),
        facts.revenue,
        accounts["segment"],
        lookback,
        ESTIMATE_QUANTILE,
        MIN_SEGMENT_BUYERS,
    )
    wallet = potential * lookback / 12.0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(wallet > 0, facts.revenue / np.where(wallet > 0, wallet, 1.0), np.nan)
    gap = np.where(np.isnan(wallet), np.nan, np.maximum(wallet - facts.revenue, 0.0))
    known = potential[~np.isnan(potential)]
    cut = np.quantile(known, params.potential_quantile) if len(known) else np.inf
    with np.errstate(invalid="ignore"):
        high_potential = (potential >= cut) & (potential > 0)
        high_share = share >= params.share_threshold
    quadrant = (np.where(high_potential, 0, 2) + np.where(high_share, 0, 1)).astype(np.int8)
    stage = facts.stage_codes

    never = np.isnat(facts.last_visit)
    as_of_day = np.datetime64(as_of.to_datetime64(), "D")
    since = (as_of_day - facts.last_visit.astype("datetime64[D]")).astype(np.int64)

    candidate = candidates(stage, quadrant, STAGES, QUADRANTS)
    rank = ranks(scores(gap, facts.steps, candidate), potential, accounts["territory"], id_rank)

    columns = dict(texts)
    columns.update(
        stage=pd.Categorical.from_codes(stage, dtype=STAGE_DTYPE),
        abc_class=pd.Categorical.from_codes(
            _abc_codes(facts.revenue, id_rank, params.abc_a_share, params.abc_b_share),
            dtype=ABC_DTYPE,
        ),
        revenue=facts.revenue,
        purchase_months=facts.purchase_months,
        potential=potential,
        potential_estimated=estimated,
        share_of_wallet=share,
        quadrant=pd.Categorical.from_codes(quadrant, dtype=QUADRANT_DTYPE),
        gap=gap,
        first_purchase=facts.first_purchase,
        last_purchase=facts.last_purchase,
        last_visit=facts.last_visit,
        visits=facts.visits,
        days_since_contact=pd.arrays.IntegerArray(np.where(never, 0, since), never.copy()),
        priority=pd.arrays.IntegerArray(rank, rank == 0),
    )
    frame = pd.DataFrame(columns, index=pd.RangeIndex(n))
    return frame, facts


@takes_overrides
def segment(
    market: Market, *, as_of=None, territory: str | None = None, **parameters
) -> pd.DataFrame:
    """Where every account of the market stands, one row per account.

    Parameters
    ----------
    market : Market
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter (see the module docstring).
    territory : str, optional
        Keep only this territory's accounts. Everything (ABC classes, potential quantiles,
        estimates, ranks) is computed on the whole market first, so a territory's rows are
        the same as in the full table.

    Returns
    -------
    DataFrame
        In accounts order, default index, columns (``SEGMENT_COLUMNS``):

        - ``account_id``, ``name``, ``territory``, ``salesperson``, ``segment``: from accounts;
        - ``stage``: ordered categorical over ``STAGES``;
        - ``abc_class``: ordered categorical A/B/C, NA for accounts without revenue
          (:func:`abc_classes`);
        - ``revenue``: net sales in the window, up to as_of (float);
        - ``purchase_months``: purchase months in the window (int);
        - ``potential``: given or estimated annual potential (float, NaN if none);
          ``potential_estimated``: bool (:func:`estimate_potential`);
        - ``share_of_wallet``: revenue / (potential * lookback_months / 12), NaN when the
          potential is NaN or 0;
        - ``quadrant``: categorical over ``QUADRANTS``;
        - ``gap``: max(potential * lookback_months / 12 - revenue, 0), NaN without potential;
        - ``first_purchase``, ``last_purchase``: dates of the first and last sales line with
          amount > 0 up to as_of (NaT if none);
        - ``last_visit``: latest interaction up to as_of (NaT if none);
        - ``visits``: interactions in the window, up to as_of (int);
        - ``days_since_contact``: whole days from the day of ``last_visit`` to as_of (Int64,
          NA if never contacted);
        - ``priority``: pursuit rank within the territory (Int64, NA when the account is not
          on the pursuit list; see :func:`kamkit.analysis.pursuit.pursuit_list`).

    Examples
    --------
    >>> table = segment(market, as_of="2026-09-15", territory="Sul")    # doctest: +SKIP
    >>> table.groupby("stage", observed=False).size()                   # doctest: +SKIP
    """
    market = analysis_market(market, "kk.segment", parameters)
    frame, _ = _segment_frame(market, as_of, without_order=False)
    return _only_territory(market, frame, territory)


def _only_territory(market: Market, frame: pd.DataFrame, territory) -> pd.DataFrame:
    if territory is None:
        return frame
    territory = market.check_territory(territory)
    return frame[frame["territory"] == territory].reset_index(drop=True)


def _stages_at(market: Market, when) -> tuple[np.ndarray, np.ndarray]:
    facts = _facts(market, _resolve_as_of(market, when), without_order=False)
    return facts.stage_codes, facts.revenue


def _check_order(market: Market, before, after) -> tuple[pd.Timestamp, pd.Timestamp]:
    b = _resolve_as_of(market, before)
    a = _resolve_as_of(market, after)
    if not b < a:
        raise KamkitError(
            f"'before' ({b.date()}) must be earlier than 'after' ({a.date()}); swap the dates."
        )
    return b, a


def _territory_mask(market: Market, territory) -> np.ndarray:
    if territory is None:
        return np.ones(len(market.accounts), dtype=bool)
    territory = market.check_territory(territory)
    return (market.accounts["territory"] == territory).to_numpy(dtype=bool, na_value=False)


def _stage_pairs(market: Market, before, after, territory) -> tuple[np.ndarray, np.ndarray]:
    """Each account's (stage at ``before``, stage at ``after``) as one code ``before * 5 +
    after`` (int64), and its window revenue as of ``after``, for the territory's accounts."""
    b, a = _check_order(market, before, after)
    mask = _territory_mask(market, territory)
    sb, _ = _stages_at(market, b)
    sa, revenue = _stages_at(market, a)
    return sb[mask].astype(np.int64) * len(STAGES) + sa[mask], revenue[mask]


@takes_overrides
def stage_transitions(
    market: Market, before, after, *, territory: str | None = None, **parameters
) -> pd.DataFrame:
    """How many accounts moved from each lifecycle stage to each other between two dates.

    Parameters
    ----------
    market : Market
    before, after : date-like
        The two analysis dates (``before`` earlier); each is used as ``as_of``.
    territory : str, optional
        Count only this territory's accounts.

    Returns
    -------
    DataFrame
        Counts; rows = stage at ``before`` (index named ``before``), columns = stage at
        ``after`` (named ``after``); all ``STAGES`` on both axes, in order, zeros included.
    """
    market = analysis_market(market, "kk.stage_transitions", parameters)
    pair, _ = _stage_pairs(market, before, after, territory)
    k = len(STAGES)
    counts = np.bincount(pair, minlength=k * k)
    return pd.DataFrame(
        counts.reshape(k, k),
        index=pd.CategoricalIndex(STAGES, dtype=STAGE_DTYPE, name="before"),
        columns=pd.CategoricalIndex(STAGES, dtype=STAGE_DTYPE, name="after"),
    )


@takes_overrides
def stage_flows(
    market: Market, before, after, *, territory: str | None = None, **parameters
) -> pd.DataFrame:
    """The lifecycle flow between two dates as a long table (for Sankey-style charts).

    The arguments are those of :func:`stage_transitions`.

    Returns
    -------
    DataFrame
        One row per (from_stage, to_stage) pair, all 25 pairs in ``STAGES`` order (zeros kept,
        so the shape never changes): ``from_stage``, ``to_stage`` (ordered categoricals),
        ``accounts`` (int) and ``revenue_after`` (the accounts' window revenue as of ``after``).
    """
    market = analysis_market(market, "kk.stage_flows", parameters)
    pair, revenue = _stage_pairs(market, before, after, territory)
    k = len(STAGES)
    accounts = np.bincount(pair, minlength=k * k)
    money = np.bincount(pair, weights=revenue, minlength=k * k)
    grid = np.arange(k * k)
    return pd.DataFrame(
        {
            "from_stage": pd.Categorical.from_codes(grid // k, dtype=STAGE_DTYPE),
            "to_stage": pd.Categorical.from_codes(grid % k, dtype=STAGE_DTYPE),
            "accounts": accounts.astype(np.int64),
            "revenue_after": money,
        }
    )
