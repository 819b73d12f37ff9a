"""Real data: the UCI Online Retail invoices of a UK gift-ware wholesaler as a kamkit market.

The data set (Chen, Sain & Guo 2012; UCI Machine Learning Repository id 352; CC BY 4.0) holds
every invoice line of a UK online wholesaler from 2010-12-01 to 2011-12-09. It is purchase data
only, as most ERP exports are: no prospects, no visits, no potential. kamkit reads it as
follows (:func:`read_online_retail`):

accounts
    One per ``CustomerID`` (``account_id`` is the number as text, ``"17850"``, without the
    ``".0"`` of the CSV). ``name`` is ``"Customer 17850"`` (the data has no names); no
    salesperson, segment, city or state; ``potential`` is blank, so kamkit estimates it
    (:func:`kamkit.analysis.segmentation.estimate_potential`).
territory
    The customer's ``Country``. A customer with lines in several countries (8 of 4,372) gets
    the country where its net revenue is largest (ties: more lines, then the name).
sales
    One row per invoice line with a customer: ``amount = Quantity * UnitPrice``, ``date =
    InvoiceDate`` (with its time of day), ``product = StockCode``, ``family`` from the stock
    code (:data:`FAMILIES`). Cancellations (``InvoiceNo`` starting with ``"C"``) have a
    negative quantity, so they enter as returns (negative amounts) -- nothing else is done.
lines without a customer
    Left out (135,080 lines); :func:`online_retail_report` counts them and their revenue.

The repository ships a compact derived copy in ``data/samples/online_retail/`` (one sales row
per customer, invoice and family; see :func:`write_online_retail_sample`), which
:func:`load_online_retail` reads, so the course works offline.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError
from kamkit.model.market import Market, Parameters

__all__ = [
    "FAMILIES",
    "POSTAGE_CODES",
    "ADJUSTMENT_CODES",
    "read_online_retail",
    "online_retail_report",
    "load_online_retail",
    "write_online_retail_sample",
    "online_retail_sample_path",
    "online_retail_source_path",
]

#: Product families of the Online Retail stock codes: a simple, documented grouping.
#: ``postage`` = the stock codes in :data:`POSTAGE_CODES`; ``fees and adjustments`` = those in
#: :data:`ADJUSTMENT_CODES`; ``goods`` = every other code (the merchandise, numeric codes
#: such as ``85123A``, plus a few gift vouchers and party bags).
FAMILIES = ("goods", "postage", "fees and adjustments")
#: Stock codes of carriage charged to the customer (POSTAGE, DOTCOM POSTAGE, CARRIAGE).
POSTAGE_CODES = frozenset({"POST", "DOT", "C2"})
#: Stock codes that are not goods: manual entries, discounts, samples, bad-debt adjustments,
#: bank charges, Amazon fees, CRUK commission (compared in upper case).
ADJUSTMENT_CODES = frozenset({"M", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK"})

#: Analysis settings for this data: amounts are in pounds sterling.
_PARAMETERS = {"currency": "GBP", "language": "en"}

_COLUMNS = (
    "InvoiceNo",
    "StockCode",
    "Quantity",
    "InvoiceDate",
    "UnitPrice",
    "CustomerID",
    "Country",
)
# Header spellings of the later "Online Retail II" release (same meaning).
_ALIASES = {"Invoice": "InvoiceNo", "Price": "UnitPrice", "Customer ID": "CustomerID"}

_SAMPLE_DIR = ("data", "samples", "online_retail")
_SOURCE_FILE = ("shared", "data", "online_retail", "online_retail.csv.gz")
_REPORT_FILE = "online_retail_report.csv"
_SOURCE_NAME = "UCI Online Retail"


# --------------------------------------------------------------------------------------------
# where the files are


def online_retail_sample_path() -> Path:
    """The folder of the compact copy shipped with the repository, ``data/samples/online_retail``."""
    return Path(__file__).resolve().parents[2].joinpath(*_SAMPLE_DIR)


def online_retail_source_path() -> Path:
    """The raw file next to the repository, ``../shared/data/online_retail/online_retail.csv.gz``."""
    return Path(__file__).resolve().parents[3].joinpath(*_SOURCE_FILE)


# --------------------------------------------------------------------------------------------
# reading the raw file


def _read_raw(path: str | os.PathLike) -> pd.DataFrame:
    """The raw lines, all of them (customers or not), with typed columns.

    Text columns (invoice, stock_code, customer, country) are Categoricals of stripped text, so
    that every text operation runs once per distinct value, not once per line.
    """
    path = Path(path)
    if not path.is_file():
        raise KamkitError(
            f"{path} does not exist. Give the Online Retail file (online_retail.csv.gz, or the "
            "UCI workbook Online Retail.xlsx)."
        )
    wanted = set(_COLUMNS) | set(_ALIASES)
    text_columns = {c: "category" for c in wanted if c not in ("Quantity", "UnitPrice", "Price")}
    name = path.name.lower()
    try:
        if name.endswith((".xlsx", ".xls")):
            sheets = pd.read_excel(path, sheet_name=None, engine="calamine")
            raw = pd.concat(list(sheets.values()), ignore_index=True)
        else:
            raw = pd.read_csv(
                path, dtype=text_columns, encoding_errors="replace", usecols=lambda c: c in wanted
            )
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise KamkitError(f"{path.name} cannot be read ({exc}).") from None
    raw = raw.rename(columns=_ALIASES)
    missing = [c for c in _COLUMNS if c not in raw.columns]
    if missing:
        raise KamkitError(
            f"{path.name} has no {', '.join(missing)} column(s); it does not look like the UCI "
            f"Online Retail data, whose columns are {', '.join(_COLUMNS)}."
        )
    out = pd.DataFrame(
        {
            "invoice": _text(raw["InvoiceNo"]),
            "stock_code": _text(raw["StockCode"]),
            "quantity": _number(raw["Quantity"], "Quantity", path),
            "unit_price": _number(raw["UnitPrice"], "UnitPrice", path),
            "date": _dates(raw["InvoiceDate"], path),
            "customer": _text(raw["CustomerID"], number_ids=True),
            "country": _text(raw["Country"]),
        }
    )
    out["amount"] = out["quantity"] * out["unit_price"]
    return out


def _text(values: pd.Series, *, number_ids: bool = False) -> pd.Categorical:
    """Values as a Categorical of stripped text; blanks are missing.

    With ``number_ids``, whole numbers lose their decimals: ``17850.0`` -> ``"17850"``.
    """
    cat = values.astype("category").array
    labels = []
    for v in cat.categories:
        if number_ids and isinstance(v, (float, np.floating)) and float(v).is_integer():
            v = int(v)
        text = str(v).strip()
        if number_ids and text.endswith(".0") and text[:-2].isdigit():
            text = text[:-2]
        labels.append(text)
    labels = pd.Index(labels, dtype=object)
    keep = labels != ""
    uniques = pd.Index(pd.unique(labels[keep]), dtype=object)
    new_codes = np.where(keep, uniques.get_indexer(labels), -1)
    codes = np.asarray(cat.codes)
    codes = np.where(codes >= 0, new_codes[np.maximum(codes, 0)] if len(new_codes) else -1, -1)
    return pd.Categorical.from_codes(codes, categories=uniques)


def _number(values: pd.Series, column: str, path: Path) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    bad = numbers.isna() & values.notna()
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise KamkitError(
            f"{path.name}: {int(bad.sum()):,} {column} value(s) are not numbers, e.g. "
            f"{values.iloc[first]!r} on data line {first + 1:,}."
        )
    return numbers.fillna(0.0).to_numpy()


def _dates(values: pd.Series, path: Path) -> np.ndarray:
    """Dates parsed once per distinct text (the CSV repeats each invoice time many times)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.to_numpy(dtype="datetime64[ns]")
    cat = values.astype("category").array
    texts = pd.Series(np.asarray(cat.categories, dtype=object))
    parsed = None
    for options in (
        {"format": "ISO8601"},  # the CSV of the R package: 2010-12-01 08:26:00
        {"format": "mixed", "dayfirst": False},
    ):  # Excel's CSV: 12/1/2010 8:26
        try:
            parsed = pd.to_datetime(texts, **options).to_numpy(dtype="datetime64[ns]")
            break
        except (ValueError, TypeError):
            continue
    if parsed is None:
        raise KamkitError(f"{path.name}: InvoiceDate holds values that are not dates.")
    codes = np.asarray(cat.codes)
    out = np.full(len(codes), np.datetime64("NaT"), dtype="datetime64[ns]")
    out[codes >= 0] = parsed[codes[codes >= 0]]
    if np.isnat(out).any():
        raise KamkitError(
            f"{path.name}: {int(np.isnat(out).sum()):,} line(s) have no InvoiceDate; every "
            "invoice line needs one."
        )
    return out


def _families(stock_codes: pd.Categorical) -> pd.Categorical:
    """Family of each line from its stock code (see :data:`FAMILIES`)."""
    per_code = np.full(len(stock_codes.categories), 0, dtype=np.int64)
    upper = stock_codes.categories.str.upper()
    per_code[upper.isin(POSTAGE_CODES)] = 1
    per_code[upper.isin(ADJUSTMENT_CODES)] = 2
    codes = np.asarray(stock_codes.codes)
    family = np.where(codes >= 0, per_code[np.maximum(codes, 0)] if len(per_code) else 0, 0)
    return pd.Categorical.from_codes(family, categories=list(FAMILIES))


def _territories(
    customer: np.ndarray, country: pd.Categorical, amount: np.ndarray, n_customers: int
) -> np.ndarray:
    """Country per customer code: the one with the largest net revenue, then more lines, then
    the first name in alphabetical order; None for a customer whose lines have no country."""
    names = np.asarray(country.categories, dtype=object)
    name_rank = np.empty(len(names), dtype=np.int64)
    name_rank[np.argsort(names.astype(str), kind="stable")] = np.arange(len(names))
    k = np.asarray(country.codes)
    per = (
        pd.DataFrame({"customer": customer, "country": k, "amount": amount})
        .groupby(["customer", "country"], sort=False)["amount"]
        .agg(["sum", "size"])
        .reset_index()
    )
    ranks = np.where(per["country"] >= 0, name_rank[np.maximum(per["country"], 0)], len(names))
    order = np.lexsort(
        (ranks, -per["size"].to_numpy(), -per["sum"].to_numpy(), per["customer"].to_numpy())
    )
    best = per.iloc[order].drop_duplicates("customer")
    out = np.full(n_customers, None, dtype=object)
    codes = best["country"].to_numpy()
    out[best["customer"].to_numpy()] = np.where(codes >= 0, names[np.maximum(codes, 0)], None)
    return out


def _summary(raw: pd.DataFrame, lines: pd.DataFrame) -> pd.Series:
    no_customer = raw["customer"].isna().to_numpy()
    invoices = raw["invoice"].array
    c_invoice = np.asarray(invoices.categories.str.upper().str.startswith("C"), dtype=bool)
    codes = np.asarray(invoices.codes)
    cancelled = (
        (codes >= 0) & c_invoice[np.maximum(codes, 0)]
        if len(c_invoice)
        else np.zeros(len(codes), dtype=bool)
    )
    amount = raw["amount"].to_numpy()
    countries = lines.groupby("customer", observed=True)["country"].nunique()
    return pd.Series(
        {
            "lines": len(raw),
            "lines_without_customer": int(no_customer.sum()),
            "revenue_without_customer": float(amount[no_customer].sum()),
            "lines_with_customer": len(lines),
            "revenue": float(lines["amount"].sum()),
            "cancellation_lines": int((cancelled & ~no_customer).sum()),
            "returns": float(amount[cancelled & ~no_customer].sum()),
            "customers": int(lines["customer"].nunique()),
            "countries": int(lines["country"].nunique()),
            "customers_in_several_countries": int((countries > 1).sum()),
            "first_date": lines["date"].min(),
            "last_date": lines["date"].max(),
        },
        name="online_retail",
        dtype=object,
    )


def _market_and_summary(path, parameters) -> tuple[Market, pd.Series, pd.DataFrame]:
    """The market, the summary of the raw file, and the customer lines (in sales order)."""
    raw = _read_raw(path)
    lines = raw[raw["customer"].notna()].reset_index(drop=True)
    summary = _summary(raw, lines)
    # Accounts in account_id order (text order; the UCI ids are 5-digit numbers).
    customers = lines["customer"].array.remove_unused_categories()
    customers = customers.reorder_categories(sorted(customers.categories, key=str))
    codes = np.asarray(customers.codes)
    ids = np.asarray(customers.categories, dtype=object)
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "name": np.array([f"Customer {i}" for i in ids], dtype=object),
            "territory": _territories(
                codes, lines["country"].array, lines["amount"].to_numpy(), len(ids)
            ),
            "potential": np.nan,
        }
    )
    products = lines["stock_code"].array
    sales = pd.DataFrame(
        {
            "account_id": customers,
            "date": lines["date"].to_numpy(),
            "amount": lines["amount"].to_numpy(),
            "product": np.asarray(products.categories, dtype=object)[np.asarray(products.codes)],
            "family": _families(products),
        }
    )
    market = Market.from_frames(
        sales=sales,
        accounts=accounts,
        parameters=_parameters(parameters),
        source=f"{_SOURCE_NAME} ({Path(path).name})",
    )
    return market, summary, lines


def _parameters(parameters) -> Parameters:
    if isinstance(parameters, Parameters):
        return parameters
    return Parameters(**{**_PARAMETERS, **(parameters or {})})


def read_online_retail(
    path: str | os.PathLike, *, parameters: dict | Parameters | None = None
) -> Market:
    """Read the raw UCI Online Retail file into a market (see the module docstring).

    Parameters
    ----------
    path : str or path-like
        ``online_retail.csv.gz`` (any CSV of the data set, compressed or not), or the UCI
        workbook ``Online Retail.xlsx``. The headers of the "Online Retail II" release
        (``Invoice``, ``Price``, ``Customer ID``) are accepted too.
    parameters : dict or Parameters, optional, keyword-only
        Analysis settings; by default those of kamkit with ``currency="GBP"``.

    Returns
    -------
    Market
        4,372 accounts in 37 territories (countries) and 406,829 sales lines for the original
        file; no visits. Lines without a customer are left out: see
        :func:`online_retail_report` for how many.

    Examples
    --------
    >>> m = read_online_retail("../shared/data/online_retail/online_retail.csv.gz")  # doctest: +SKIP
    >>> kk.concentration.top_share(m, 0.1)                                             # doctest: +SKIP
    """
    return _market_and_summary(path, parameters)[0]


def online_retail_report(path: str | os.PathLike | None = None) -> pd.Series:
    """What the raw file holds and what :func:`read_online_retail` left out.

    Parameters
    ----------
    path : str or path-like, optional
        The raw file. Without it, the figures recorded with the compact copy
        (``data/samples/online_retail/online_retail_report.csv``) are returned.

    Returns
    -------
    Series
        ``lines`` (all invoice lines), ``lines_without_customer`` and
        ``revenue_without_customer`` (left out), ``lines_with_customer`` and ``revenue`` (kept,
        net), ``cancellation_lines`` and ``returns`` (cancellations of customers, their net
        amount, negative), ``customers``, ``countries``, ``customers_in_several_countries``,
        ``first_date``, ``last_date``.
    """
    if path is not None:
        return _market_and_summary(path, None)[1]
    file = online_retail_sample_path() / _REPORT_FILE
    if not file.is_file():
        raise KamkitError(f"{file} is missing; give the raw file: online_retail_report(path).")
    table = pd.read_csv(file, dtype=str, keep_default_na=False)
    values = {}
    for name, value in zip(table["name"], table["value"]):
        if name.endswith("_date"):
            values[name] = pd.Timestamp(value)
        elif name.startswith("revenue") or name == "returns":
            values[name] = float(value)
        else:
            values[name] = int(value)
    return pd.Series(values, name="online_retail", dtype=object)


# --------------------------------------------------------------------------------------------
# the compact copy


def load_online_retail(*, full: bool = False) -> Market:
    """The Online Retail market: the compact copy shipped with kamkit, or the full raw file.

    Parameters
    ----------
    full : bool, keyword-only
        False (default): read the compact copy in ``data/samples/online_retail/`` (one sales
        row per customer, invoice and family; the same revenue per account and month, hence
        the same concentration, stages and ABC classes as the full data). True: read every
        line (with its product) from ``../shared/data/online_retail/online_retail.csv.gz``
        with :func:`read_online_retail`.

    Returns
    -------
    Market
        Amounts in GBP; analysis as of the last invoice date, 2011-12-09.

    Raises
    ------
    KamkitError
        When the file asked for is not there (the message says where it was looked for).
    """
    sample, source = online_retail_sample_path(), online_retail_source_path()
    if full:
        if not source.is_file():
            raise KamkitError(
                f"The full Online Retail file is not at {source}. Use load_online_retail() "
                "for the compact copy shipped with kamkit, or read_online_retail(path) with "
                "the file's path."
            )
        return read_online_retail(source)
    if not (sample / "sales.parquet").is_file():
        hint = (
            " The raw file is there: use load_online_retail(full=True), or rebuild the copy "
            f"with write_online_retail_sample({str(source)!r}, {str(sample)!r})."
            if source.is_file()
            else " Get the kamkit repository (the copy lives in its data/samples folder) or "
            "download the data set from the UCI repository (id 352) and use "
            "read_online_retail(path)."
        )
        raise KamkitError(f"The compact Online Retail copy is not at {sample}.{hint}")
    from kamkit.files.loading import load

    market = load(sample)
    return replace(market, source=f"{_SOURCE_NAME} (compact copy)")


def write_online_retail_sample(src: str | os.PathLike, dest: str | os.PathLike) -> list[Path]:
    """Write the compact copy of the raw file ``src`` into the folder ``dest``.

    This is how ``data/samples/online_retail/`` is made. Files written (``kamkit.load(dest)``
    reads them):

    - ``accounts.parquet``: account_id, name, territory;
    - ``sales.parquet``: one row per customer, invoice, invoice time and family (account_id,
      date, amount = the net sum of the lines, family); the product is left out;
    - ``parameters.csv``: as_of blank (the last invoice date), currency GBP, language en;
    - ``online_retail_report.csv``: :func:`online_retail_report` of ``src`` (name, value).

    Returns
    -------
    list of Path
        The four files, in that order.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from kamkit.core.atomic import atomic_path

    market, summary, lines = _market_and_summary(src, None)
    sales = market.sales
    keyed = pd.DataFrame(
        {
            "account": sales["account_id"].cat.codes.to_numpy(),
            "date": sales["date"].to_numpy(),
            "invoice": np.asarray(lines["invoice"].array.codes),
            "family": sales["family"]
            .astype(pd.CategoricalDtype(list(FAMILIES)))
            .cat.codes.to_numpy(),
            "amount": sales["amount"].to_numpy(),
        }
    )
    compact = (
        keyed.groupby(["account", "date", "invoice", "family"], sort=True)["amount"]
        .sum()
        .reset_index()
    )
    ids = market.accounts["account_id"].to_numpy(dtype=object)
    compact = pd.DataFrame(
        {
            "account_id": ids[compact["account"].to_numpy()],
            "date": compact["date"].to_numpy(),
            "amount": compact["amount"].to_numpy(),
            "family": np.asarray(FAMILIES, dtype=object)[compact["family"].to_numpy()],
        }
    )
    accounts = market.accounts[["account_id", "name", "territory"]]

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in (("accounts", accounts), ("sales", compact)):
        table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
        target = dest / f"{name}.parquet"
        with atomic_path(target) as tmp:
            pq.write_table(table, tmp, compression="zstd", compression_level=9)
        written.append(target)
    params = pd.DataFrame(
        {
            "name": ["as_of", "currency", "language"],
            "value": ["", _PARAMETERS["currency"], _PARAMETERS["language"]],
        }
    )
    report = pd.DataFrame(
        {"name": summary.index, "value": [_report_text(v) for v in summary.to_numpy()]}
    )
    for name, frame in (("parameters.csv", params), (_REPORT_FILE, report)):
        target = dest / name
        with atomic_path(target) as tmp:
            frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
        written.append(target)
    return written


def _report_text(value) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return repr(round(value, 2))
    return str(value)
