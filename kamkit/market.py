"""The loaded market: the three tables and the analysis parameters, in one object."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd

from ._schema import LANGUAGES, PARAMETERS
from .errors import KamkitError, Text

__all__ = ["Market", "Parameters"]


@dataclass(frozen=True)
class Parameters:
    """Analysis settings; defaults and meanings are those of ``kamkit._schema.PARAMETERS``.

    ``as_of`` of ``None`` means "the latest date in sales and visits" (see ``Market.as_of``).
    """

    as_of: pd.Timestamp | None = None
    lookback_months: int = 12
    regular_min_months: int = 6
    abc_a_share: float = 0.5
    abc_b_share: float = 0.8
    potential_quantile: float = 0.75
    share_threshold: float = 0.3
    currency: str = "BRL"
    language: str = "en"

    def __post_init__(self) -> None:
        if self.as_of is not None:
            from ._convert import parse_day

            object.__setattr__(self, "as_of", parse_day(self.as_of, _AS_OF))
        problems = []
        for p in PARAMETERS.values():
            value = getattr(self, p.name)
            if p.minimum is not None and not (p.minimum <= value <= p.maximum):
                problems.append(f"{p.name} is {value!r}; it must be {p.allowed}")
        if self.regular_min_months > self.lookback_months:
            problems.append(
                f"regular_min_months ({self.regular_min_months}) is larger than lookback_months "
                f"({self.lookback_months}); no account could ever be regular"
            )
        if self.abc_b_share < self.abc_a_share:
            problems.append(
                f"abc_b_share ({self.abc_b_share}) is smaller than abc_a_share ({self.abc_a_share})"
            )
        if self.language not in LANGUAGES:
            problems.append(f"language is {self.language!r}; it must be one of {', '.join(LANGUAGES)}")
        if problems:
            raise KamkitError("Invalid parameters: " + "; ".join(problems) + ".")

    def replace(self, **changes) -> "Parameters":
        """A copy with some settings changed (validated like the original)."""
        unknown = sorted(set(changes) - set(PARAMETERS))
        if unknown:
            raise KamkitError(
                f"Unknown parameter(s) {', '.join(unknown)}; known: {', '.join(PARAMETERS)}."
            )
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def _latest(dates: pd.Series):
    """The latest date of ``dates`` (NaT if none). Plain datetime64 columns are read as
    integers, where NaT is the smallest value: 20 million dates in a few milliseconds."""
    values = dates.array
    if isinstance(values, pd.arrays.DatetimeArray) and values.tz is None and len(values):
        return pd.Timestamp(values.asi8.max(), unit=values.unit)
    return dates.max()


_AS_OF = Text("The analysis date (as_of)", "A data-base (as_of)")


def _to_day(value) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


@dataclass(frozen=True)
class Market:
    """The whole market as kamkit sees it.

    Attributes
    ----------
    accounts : DataFrame
        One row per account (``account_id`` unique, plain ``str``), prospects included, with
        every column of the data model (optional ones may be all blank).
    sales : DataFrame
        ``account_id`` (categorical whose categories are ``accounts.account_id``), ``date``
        (datetime64), ``amount`` (float), ``product``, ``family``.
    visits : DataFrame
        ``account_id`` (categorical, as in sales), ``date``, ``kind``, ``salesperson``,
        ``outcome``, ``notes``.
    parameters : Parameters
    source : str
        Where the data came from (shown in reports).
    """

    accounts: pd.DataFrame
    sales: pd.DataFrame
    visits: pd.DataFrame
    parameters: Parameters = field(default_factory=Parameters)
    source: str = ""

    @property
    def as_of(self) -> pd.Timestamp:
        """The analysis date: the ``as_of`` parameter, else the latest sale or visit date."""
        if self.parameters.as_of is not None:
            return self.parameters.as_of
        dates = [d for d in (_latest(self.sales["date"]), _latest(self.visits["date"]))
                 if pd.notna(d)]
        if not dates:
            raise KamkitError("The market has no dated sales or visits; set the as_of parameter.")
        return _to_day(max(dates))

    @property
    def territories(self) -> list[str]:
        """Territory names in the data, sorted; accounts without one are left out."""
        t = self.accounts["territory"].dropna()
        return sorted(t[t != ""].unique().tolist())

    def with_parameters(self, **changes) -> "Market":
        """The same market with some parameters changed, e.g. ``m.with_parameters(as_of="2025-06-30")``."""
        return dataclasses.replace(self, parameters=self.parameters.replace(**changes))

    def check_territory(self, territory: str) -> str:
        """Return ``territory`` if the market has it, else raise an error listing the known ones."""
        known = self.territories
        if territory in known:
            return territory
        import difflib

        close = difflib.get_close_matches(str(territory), known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise KamkitError(
            f"There is no territory {territory!r} in {self.source or 'the data'}.{hint} "
            f"Known territories: {', '.join(known) or '(none)'}."
        )

    @classmethod
    def from_frames(
        cls,
        sales: pd.DataFrame,
        accounts: pd.DataFrame | None = None,
        visits: pd.DataFrame | None = None,
        parameters: Parameters | dict | None = None,
        source: str = "",
    ) -> "Market":
        """Build a market from DataFrames whose values are already typed (tests, notebooks).

        Columns follow the data model; optional columns may be missing. Without ``accounts``
        the accounts are the ids found in sales and visits, with no territory. No validation
        beyond types is done here: files go through ``kamkit.load``, which checks everything.
        """
        if isinstance(parameters, dict):
            parameters = Parameters(**parameters)
        sales = _typed(sales, "sales")
        visits = _typed(visits if visits is not None else pd.DataFrame(), "visits")
        if accounts is None:
            ids = pd.unique(pd.concat([sales["account_id"], visits["account_id"]], ignore_index=True))
            accounts = pd.DataFrame({"account_id": ids})
        accounts = _typed(accounts, "accounts")
        ids = pd.Index(accounts["account_id"])
        if not ids.is_unique:
            raise KamkitError("accounts.account_id must be unique.")
        id_dtype = pd.CategoricalDtype(ids)
        for frame in (sales, visits):
            codes = ids.get_indexer(frame["account_id"].to_numpy(dtype=object))  # -1: unknown
            frame["account_id"] = pd.Categorical.from_codes(codes, dtype=id_dtype)
        return cls(accounts, sales, visits, parameters or Parameters(), source)

    def __repr__(self) -> str:
        return (
            f"<Market{' ' + self.source if self.source else ''}: {len(self.accounts):,} accounts, "
            f"{len(self.sales):,} sales lines, {len(self.visits):,} visits, "
            f"{len(self.territories)} territories>"
        )


def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """A copy of ``frame`` with every column of ``table`` present, in model order and type."""
    from ._schema import TABLES

    spec = TABLES[table]
    out = {}
    n = len(frame)
    for col in spec.columns:
        values = frame[col.name] if col.name in frame else pd.Series([None] * n, index=frame.index)
        if col.kind == "id":
            values = values.astype(object).map(lambda v: v if isinstance(v, str) else str(v))
        elif col.kind == "text":
            values = values.astype(object).where(values.notna(), None)
        elif col.kind == "number":
            values = pd.to_numeric(values).astype("float64")
        elif col.kind == "date":
            if values.dtype == object or pd.api.types.is_string_dtype(values):
                values = pd.to_datetime(values, format="ISO8601")
            values = pd.to_datetime(values).astype("datetime64[ns]")
        out[col.name] = values.to_numpy()
    extra = [c for c in frame.columns if c not in out] if table == "accounts" else []
    result = pd.DataFrame(out, index=pd.RangeIndex(n))
    for c in extra:
        result[c] = frame[c].to_numpy()
    return result
