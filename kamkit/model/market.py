"""The loaded market: the three tables and the analysis parameters, in one object."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError, Text
from kamkit.core.schema import LANGUAGES, PARAMETERS

__all__ = [
    "Market",
    "Parameters",
    "analysis_market",
    "parameter_values",
    "empty_table",
    "OVERRIDES_DOC",
]


@dataclass(frozen=True)
class Parameters:
    """Analysis settings; defaults and meanings are those of ``kamkit.core.schema.PARAMETERS``.

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
    # visits whose account code is not in the accounts table: "keep" them as accounts without
    # a territory, or "drop" them; applied by ``kamkit.load`` (a loaded market's visits and
    # accounts are not changed by ``with_parameters``)
    unknown_visits: str = "keep"
    # the KAM analytics: whitespace (kk.whitespace) and early warnings (kk.alerts)
    whitespace_min_adoption: float = 0.5
    drop_threshold: float = 0.4
    overdue_factor: int = 2

    def __post_init__(self) -> None:
        if self.as_of is not None:
            from kamkit.model.convert import parse_day

            object.__setattr__(self, "as_of", parse_day(self.as_of, _AS_OF))
        problems = []
        for p in PARAMETERS.values():
            value = getattr(self, p.name)
            if p.minimum is not None and not (p.minimum <= value <= p.maximum):
                problems.append(
                    _OUT_OF_RANGE.format(name=p.name, value=repr(value), allowed=p.allowed)
                )
            if p.kind == "choice" and value not in p.choices:
                problems.append(
                    _NOT_A_CHOICE.format(
                        name=p.name, value=repr(value), choices=", ".join(p.choices)
                    )
                )
        if self.regular_min_months > self.lookback_months:
            problems.append(
                _REGULAR_TOO_LARGE.format(
                    regular=self.regular_min_months, lookback=self.lookback_months
                )
            )
        if self.abc_b_share < self.abc_a_share:
            problems.append(_B_BELOW_A.format(b=self.abc_b_share, a=self.abc_a_share))
        if self.language not in LANGUAGES:
            problems.append(
                _NOT_A_CHOICE.format(
                    name="language", value=repr(self.language), choices=", ".join(LANGUAGES)
                )
            )
        if problems:
            message = _INVALID
            for i, problem in enumerate(problems):
                message = message + ("; " if i else "") + problem
            raise KamkitError(message + ".")

    def replace(self, **changes) -> Parameters:
        """A copy with some settings changed (validated like the original)."""
        unknown = sorted(set(changes) - set(PARAMETERS))
        if unknown:
            raise KamkitError(
                _UNKNOWN_PARAMETER.format(unknown=", ".join(unknown), known=", ".join(PARAMETERS))
            )
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


_INVALID = Text("Invalid parameters: ", "Parâmetros inválidos: ")
_OUT_OF_RANGE = Text(
    "{name} is {value}; it must be {allowed}", "{name} é {value}; deve ser {allowed}"
)
_NOT_A_CHOICE = Text(
    "{name} is {value}; it must be one of {choices}", "{name} é {value}; deve ser um de {choices}"
)
_REGULAR_TOO_LARGE = Text(
    "regular_min_months ({regular}) is larger than lookback_months ({lookback}); no account "
    "could ever be regular",
    "meses_minimos_regular ({regular}) é maior que meses_janela ({lookback}); nenhuma conta "
    "poderia ser regular",
)
_B_BELOW_A = Text(
    "abc_b_share ({b}) is smaller than abc_a_share ({a})", "corte_b ({b}) é menor que corte_a ({a})"
)
_UNKNOWN_PARAMETER = Text(
    "Unknown parameter(s) {unknown}; known: {known}.",
    "Parâmetro(s) desconhecido(s) {unknown}; os parâmetros são: {known}.",
)
_NO_DATES = Text(
    "The market has no dated sales or visits; set the as_of parameter.",
    "O mercado não tem vendas nem visitas com data; preencha o parâmetro data_base.",
)
_NO_TERRITORY = Text(
    "There is no territory {territory} in {source}.{hint} Known territories: {known}.",
    "Não há território {territory} em {source}.{hint} Territórios existentes: {known}.",
)
_DID_YOU_MEAN = Text(" Did you mean {close}?", " Você quis dizer {close}?")
_THE_DATA = Text("the data", "os dados")
_NONE = Text("(none)", "(nenhum)")
_NOT_UNIQUE = Text(
    "accounts.account_id must be unique.",
    "accounts.account_id deve ser único (uma linha por conta).",
)


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
        every column of the data model (optional ones may be all blank). Loaded with an
        accounts table, its rows come first, then (``unknown_visits="keep"``) the codes found
        only in visits, without a territory. Attributes the sales lines carry (an ERP export's
        Razão Social, Região...) fill the cells the accounts table leaves blank, or make the
        accounts when there is no accounts table (see ``kamkit.core.schema.ACCOUNT_ATTRIBUTES``).
    sales : DataFrame
        ``account_id`` (categorical whose categories are ``accounts.account_id``), ``date``
        (datetime64), ``amount`` (float), ``product``, ``family``.
    visits : DataFrame
        ``account_id`` (categorical, as in sales), ``date``, ``kind``, ``salesperson``,
        ``outcome``, ``notes``.
    parameters : Parameters
    source : str
        Where the data came from (shown in reports).
    notes : tuple of Problem
        The warnings found when the data was loaded (``kamkit.load``): the reports show them
        among the notes on the data, in the reader's language.
    lines : LineFiles or None
        Set only by ``kamkit.load(..., lines="files")`` (``kamkit segment`` on Parquet): the
        sales and visit lines stay in their files (:mod:`kamkit.files.lines`) and ``sales``
        and ``visits`` hold only the latest line of each, which fix ``as_of``. Such a market
        is for :func:`kamkit.segment` and :func:`kamkit.data_warnings`, which read the files.
    contacts, plans, actions : DataFrame
        The account-plan tables (optional; empty when the data has none), with the columns of
        ``kamkit.core.schema.PLAN_TABLES``. ``account_id`` is plain ``str``, every code an
        account of ``accounts``; the choice columns (``influence``, ``relationship``,
        ``status``) hold the English codes (``decision_maker``, ``advocate``, ``open``...)
        whichever language the file was written in.
    """

    accounts: pd.DataFrame
    sales: pd.DataFrame
    visits: pd.DataFrame
    parameters: Parameters = field(default_factory=Parameters)
    source: str = ""
    notes: tuple = ()
    lines: object = field(default=None, repr=False, compare=False)
    contacts: pd.DataFrame = field(default_factory=lambda: empty_table("contacts"))
    plans: pd.DataFrame = field(default_factory=lambda: empty_table("plans"))
    actions: pd.DataFrame = field(default_factory=lambda: empty_table("actions"))

    @property
    def as_of(self) -> pd.Timestamp:
        """The analysis date: the ``as_of`` parameter, else the latest sale or visit date."""
        if self.parameters.as_of is not None:
            return self.parameters.as_of
        dates = [
            d for d in (_latest(self.sales["date"]), _latest(self.visits["date"])) if pd.notna(d)
        ]
        if not dates:
            raise KamkitError(_NO_DATES)
        return _to_day(max(dates))

    @property
    def territories(self) -> list[str]:
        """Territory names in the data, sorted; accounts without one are left out."""
        t = self.accounts["territory"].dropna()
        return sorted(t[t != ""].unique().tolist())

    def with_parameters(self, **changes) -> Market:
        """The same market with some parameters changed.

        Values are read and checked exactly as the workbook's parameters sheet reads them:
        ``"50%"``, ``"0,5"`` or ``0.5`` for a share, ``"6"`` or ``6`` for months,
        ``"30/06/2025"``, ``"2025-06-30"`` or a date for ``as_of``, ``"manter"``/``"keep"``
        for ``unknown_visits``; a parameter may be named in English or as the Portuguese
        sheet names it (``meses_janela=6``). ``as_of=None`` means "the latest date in the
        data"; ``None`` for any other parameter leaves it as it is. A bad value raises
        :class:`~kamkit.core.errors.KamkitError` naming the parameter and what it must be.

        Examples
        --------
        >>> m6 = market.with_parameters(lookback_months=6, abc_a_share="60%")  # doctest: +SKIP
        >>> kk.segment(market, lookback_months=6)    # the same, for one call  # doctest: +SKIP
        """
        return dataclasses.replace(
            self, parameters=self.parameters.replace(**parameter_values(changes))
        )

    def with_tables(
        self,
        contacts: pd.DataFrame | None = None,
        plans: pd.DataFrame | None = None,
        actions: pd.DataFrame | None = None,
    ) -> Market:
        """The same market with some account-plan tables replaced (``None`` keeps a table).

        Each table is a DataFrame as a notebook builds it: columns named in English or as the
        Portuguese sheet names them (``conta``, ``nome``, ``cargo``, ``influência``...; see
        ``kamkit.core.schema.PLAN_TABLES``), optional columns may be left out, and the choice
        columns take the English codes or the Portuguese words, in any case and with or
        without accents (``"Decisor"``, ``"em andamento"``, ``"in progress"``); they are
        stored as the English codes, a blank ``status`` as ``open``. Cells are read as the
        loader reads a workbook (``"31/10/2026"``, ``"150.000,00"``...).

        A word not in a list, an unreadable number or date, a negative target, an empty
        account code, contact name, objective or action, or an account code that is not an
        account of the market raises :class:`~kamkit.core.errors.KamkitError` naming the
        table, the row (the DataFrame's index) and what to write, in both languages. A contact
        named twice for one account, or an action whose ``contact`` is nobody among its
        account's contacts, is a warning (``kk.DataWarning``, as ``kk.load`` gives).

        Examples
        --------
        >>> plan = market.with_tables(                                # doctest: +SKIP
        ...     contacts=pd.DataFrame({"conta": ["C-01468"], "nome": ["Rita Prates"],
        ...                            "influência": ["decisor"]}),
        ...     plans=pd.DataFrame({"account_id": ["C-01468"], "objective": ["1st order"],
        ...                         "target": [200_000]}),
        ... )
        """
        from kamkit.model.plans import with_tables

        return with_tables(self, contacts=contacts, plans=plans, actions=actions)

    def check_territory(self, territory: str) -> str:
        """Return ``territory`` if the market has it, else raise an error listing the known ones."""
        known = self.territories
        if territory in known:
            return territory
        import difflib

        from kamkit.core.errors import Text

        close = difflib.get_close_matches(str(territory), known, n=1)
        hint = _DID_YOU_MEAN.format(close=repr(close[0])) if close else Text("", "")
        source = self.source or _THE_DATA
        names = ", ".join(known) or _NONE
        raise KamkitError(
            Text(
                _NO_TERRITORY.en.format(
                    territory=repr(territory), source=str(source), hint=hint.en, known=str(names)
                ),
                _NO_TERRITORY.pt.format(
                    territory=repr(territory),
                    source=source if isinstance(source, str) else source.pt,
                    hint=hint.pt,
                    known=names if isinstance(names, str) else names.pt,
                ),
            )
        )

    @classmethod
    def from_frames(
        cls,
        sales: pd.DataFrame,
        accounts: pd.DataFrame | None = None,
        visits: pd.DataFrame | None = None,
        parameters: Parameters | dict | None = None,
        source: str = "",
        contacts: pd.DataFrame | None = None,
        plans: pd.DataFrame | None = None,
        actions: pd.DataFrame | None = None,
    ) -> Market:
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
            ids = pd.unique(
                pd.concat([sales["account_id"], visits["account_id"]], ignore_index=True)
            )
            accounts = pd.DataFrame({"account_id": ids})
        accounts = _typed(accounts, "accounts")
        ids = pd.Index(accounts["account_id"])
        if not ids.is_unique:
            raise KamkitError(_NOT_UNIQUE)
        id_dtype = pd.CategoricalDtype(ids)
        for frame in (sales, visits):
            codes = ids.get_indexer(frame["account_id"].to_numpy(dtype=object))  # -1: unknown
            frame["account_id"] = pd.Categorical.from_codes(codes, dtype=id_dtype)
        plan_tables = {
            name: _typed(frame, name) if frame is not None else empty_table(name)
            for name, frame in (("contacts", contacts), ("plans", plans), ("actions", actions))
        }
        return cls(accounts, sales, visits, parameters or Parameters(), source, **plan_tables)

    def __repr__(self) -> str:
        """A one-line summary in the market's language (what a notebook shows for ``market``)."""
        from kamkit.presentation.i18n import format_count

        language = self.parameters.language
        counts = dict(
            source=f" {self.source}" if self.source else "",
            accounts=format_count(len(self.accounts), language),
            sales=format_count(len(self.sales), language),
            visits=format_count(len(self.visits), language),
            territories=len(self.territories),
        )
        return _REPR(language).format(**counts)


_REPR = Text(
    "<Market{source}: {accounts} accounts, {sales} sales lines, {visits} visits, "
    "{territories} territories>",
    "<Mercado{source}: {accounts} contas, {sales} linhas de venda, {visits} visitas, "
    "{territories} territórios>",
)


def empty_table(table: str) -> pd.DataFrame:
    """An empty frame with the columns of ``table`` (``kamkit.core.schema.TABLES``), typed."""
    return _typed(pd.DataFrame(), table)


def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """A copy of ``frame`` with every column of ``table`` present, in model order and type."""
    from kamkit.core.schema import TABLES

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


# --------------------------------------------------------------------------------------------
# what every analysis function does first: check it got a market, apply parameter overrides

OVERRIDES_DOC = """\
**parameters
    Parameter overrides for this call only, read and checked as the workbook's parameters
    sheet reads them (see :meth:`Market.with_parameters`): ``lookback_months=6``,
    ``regular_min_months=3``, ``abc_a_share="60%"``, ``abc_b_share=0.85``,
    ``potential_quantile=0.8``, ``share_threshold="30%"``, ``whitespace_min_adoption="60%"``,
    ``drop_threshold=0.5``, ``overdue_factor=3``; Portuguese names work too
    (``meses_janela=6``). The market itself is not changed."""

_NEEDS_MARKET = Text(
    '{function} needs a Market, e.g. kk.load("my_accounts.xlsx") or kk.load_sample(); you '
    "passed {what}.{hint}",
    "{function} precisa de um Market (o mercado carregado), por exemplo "
    'kk.load("minha_planilha.xlsx") ou kk.load_sample(); você passou {what}.{hint}',
)
_TABLE_HINT = Text(
    " A table (DataFrame) is a result, not the market: pass the market you loaded.",
    " Uma tabela (DataFrame) é um resultado, não o mercado: passe o mercado que você carregou.",
)


def parameter_values(changes: dict) -> dict:
    """``changes`` (English or Portuguese parameter names, values as a person writes them) as
    typed values by English name; a bad name or value raises ``KamkitError`` (both languages).
    """
    from kamkit.core.schema import normalise_header
    from kamkit.model.convert import must_be, parameter_value

    by_label = {normalise_header(p.label_pt): p for p in PARAMETERS.values()}
    out: dict = {}
    unknown = []
    for name, value in changes.items():
        spec = PARAMETERS.get(name) or by_label.get(normalise_header(name))
        if spec is None:
            unknown.append(name)
            continue
        if value is None:
            if spec.name == "as_of":
                out["as_of"] = None
            continue
        if spec.kind == "date":  # Parameters reads it with parse_day, as the loader does
            out[spec.name] = value
            continue
        if (
            spec.kind in ("int", "share")
            and isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, bool)
            and (spec.kind == "share" or float(value).is_integer())
        ):
            out[spec.name] = int(value) if spec.kind == "int" else float(value)  # range: Parameters
            continue
        parsed, message = parameter_value(spec, value)
        if message is not None and spec.kind in ("choice", "language", "text"):
            out[spec.name] = value  # Parameters names the choices
            continue
        if message is not None or parsed is None:
            message = message or Text("{value} is blank.", "{value} está em branco.").format(
                value=repr(value)
            )
            raise KamkitError(message + " " + must_be(spec))
        out[spec.name] = parsed
    if unknown:
        raise KamkitError(
            _UNKNOWN_PARAMETER.format(unknown=", ".join(unknown), known=", ".join(PARAMETERS))
        )
    return out


def takes_overrides(function):
    """Add :data:`OVERRIDES_DOC` to ``function``'s Parameters section (docstring only)."""
    doc = function.__doc__ or ""
    block = "\n".join("    " + line if line else line for line in OVERRIDES_DOC.splitlines())
    marker = "\n\n    Returns\n    -------"
    if marker in doc:
        doc = doc.replace(marker, "\n" + block + marker, 1)
    else:
        doc = doc.rstrip() + "\n\n    Parameters\n    ----------\n" + block + "\n    "
    function.__doc__ = doc
    return function


def analysis_market(market, function: str, overrides: dict | None = None) -> Market:
    """The market an analysis function works on: ``market`` itself, checked (anything else
    raises a sentence naming ``function`` and what was passed), with ``overrides`` applied
    by :meth:`Market.with_parameters`. Every ``kk.*`` analysis function starts with it."""
    if not isinstance(market, Market):
        kind = type(market).__name__
        what = Text(f"a {kind}", f"um(a) {kind}")
        hint = _TABLE_HINT if isinstance(market, (pd.DataFrame, pd.Series)) else Text("", "")
        raise KamkitError(
            Text(
                _NEEDS_MARKET.en.format(function=function, what=what.en, hint=hint.en),
                _NEEDS_MARKET.pt.format(function=function, what=what.pt, hint=hint.pt),
            )
        )
    overrides = {k: v for k, v in (overrides or {}).items()}
    if not overrides:
        return market
    return market.with_parameters(**overrides)
