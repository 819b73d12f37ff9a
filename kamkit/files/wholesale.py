"""Real data where the post's claim does not hold: the UCI Wholesale customers as a kamkit market.

The data set (UCI Machine Learning Repository id 292; donated by Margarida G. M. S. Cardoso,
ISCTE-IUL, 2014; from Abreu, N. (2011), *Análise do perfil do cliente Recheio e
desenvolvimento de um sistema promocional*, ISCTE-IUL; CC BY 4.0) holds the annual spend of 440
clients of a wholesale distributor in Portugal on six product categories. The top 10% of its
clients make only about 28% of spend, against about 60% at the UK Online Retail wholesaler:
the "5-10% of customers make 50-60% of revenue" of the post is a pattern to check on one's own
data, not a law. kamkit reads it as follows (:func:`read_uci_wholesale`):

accounts
    One per row of the file, in file order: ``account_id`` ``"W001"`` ... ``"W440"``, ``name``
    ``"Client 1"`` ... (the data has no names), ``segment`` from ``Channel`` (:data:`CHANNELS`:
    Horeca -- hotels, restaurants, cafés -- or Retail), ``territory`` from ``Region``
    (:data:`REGIONS`: Lisbon, Oporto, Other). ``potential`` is blank (kamkit estimates it).
sales
    One line per client and category with a spend > 0: ``family`` = the category
    (:data:`FAMILIES`), ``amount`` = the annual spend in the data's monetary units, all dated
    on :data:`YEAR_END` (the data has one year of totals, no dates). So every buyer has one
    purchase month: the *stages* of this market say nothing (all buyers are "occasional"),
    only its concentration, ABC classes and product mix do.
visits
    None.

The repository ships the derived copy in ``data/samples/uci_wholesale/`` (CSV files, with a
README carrying the attribution), which :func:`load_uci_wholesale` reads.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError, Text
from kamkit.model.market import Market, Parameters

__all__ = [
    "CHANNELS",
    "REGIONS",
    "FAMILIES",
    "YEAR_END",
    "read_uci_wholesale",
    "load_uci_wholesale",
    "write_uci_wholesale_sample",
    "uci_wholesale_sample_path",
    "uci_wholesale_source_path",
]

#: ``Channel`` codes of the file -> segment.
CHANNELS = {1: "Horeca", 2: "Retail"}
#: ``Region`` codes of the file -> territory.
REGIONS = {1: "Lisbon", 2: "Oporto", 3: "Other"}
#: Spend columns of the file -> product family (the file's own names, ``_`` as a blank).
FAMILIES = {
    "Fresh": "Fresh",
    "Milk": "Milk",
    "Grocery": "Grocery",
    "Frozen": "Frozen",
    "Detergents_Paper": "Detergents and paper",
    "Delicassen": "Delicatessen",
}
#: The date given to every line (one year of totals; the reference study is of 2011).
YEAR_END = pd.Timestamp("2011-12-31")

_COLUMNS = ("Channel", "Region", *FAMILIES)
_SAMPLE_DIR = ("data", "samples", "uci_wholesale")
_SOURCE_FILE = ("shared", "data", "uci_wholesale", "wholesale_customers.csv")
_SOURCE_NAME = "UCI Wholesale customers"
# The monetary unit is not named by the data; the code marks it as such in labels.
_PARAMETERS = {"currency": "MU", "language": "en"}


def uci_wholesale_sample_path() -> Path:
    """The derived copy shipped with the repository, ``data/samples/uci_wholesale``."""
    return Path(__file__).resolve().parents[2].joinpath(*_SAMPLE_DIR)


def uci_wholesale_source_path() -> Path:
    """The raw file next to the repository, ``../shared/data/uci_wholesale/wholesale_customers.csv``."""
    return Path(__file__).resolve().parents[3].joinpath(*_SOURCE_FILE)


def _frames(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The accounts and sales tables of the raw file (checked: a sentence for a wrong file)."""
    if not path.is_file():
        raise KamkitError(
            Text(
                "{path} does not exist. Give the UCI Wholesale customers file "
                "(wholesale_customers.csv).",
                "{path} não existe. Informe o arquivo UCI Wholesale customers "
                "(wholesale_customers.csv).",
            ).format(path=path)
        )
    try:
        raw = pd.read_csv(path)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise KamkitError(
            Text("{name} cannot be read ({exc}).", "{name} não pode ser lido ({exc}).").format(
                name=path.name, exc=exc
            )
        ) from None
    missing = [c for c in _COLUMNS if c not in raw.columns]
    if missing:
        raise KamkitError(
            Text(
                "{name} has no {missing} column(s); it does not look like the UCI Wholesale "
                "customers data, whose columns are {columns}.",
                "{name} não tem a(s) coluna(s) {missing}; não parece ser o arquivo UCI Wholesale "
                "customers, cujas colunas são {columns}.",
            ).format(name=path.name, missing=", ".join(missing), columns=", ".join(_COLUMNS))
        )
    spend = raw[list(FAMILIES)].apply(pd.to_numeric, errors="coerce")
    bad_codes = ~raw["Channel"].isin(list(CHANNELS)) | ~raw["Region"].isin(list(REGIONS))
    if spend.isna().any(axis=None) or bad_codes.any():
        row = int(np.flatnonzero(spend.isna().any(axis=1).to_numpy() | bad_codes.to_numpy())[0])
        raise KamkitError(
            Text(
                "{name}, row {row}: a spend that is not a number, or a Channel/Region code outside "
                "the data set's (Channel 1-2, Region 1-3).",
                "{name}, linha {row}: um gasto que não é número, ou um código de Channel/Region fora "
                "dos do conjunto de dados (Channel 1-2, Region 1-3).",
            ).format(name=path.name, row=row + 2)
        )
    n = len(raw)
    ids = np.array([f"W{i:03d}" for i in range(1, n + 1)], dtype=object)
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "name": [f"Client {i}" for i in range(1, n + 1)],
            "territory": raw["Region"].map(REGIONS).to_numpy(dtype=object),
            "segment": raw["Channel"].map(CHANNELS).to_numpy(dtype=object),
        }
    )
    values = spend.to_numpy(dtype=float)  # rows: clients, columns: families
    client, family = np.nonzero(values > 0)  # row-major: by client, then family order
    sales = pd.DataFrame(
        {
            "account_id": ids[client],
            "date": np.full(len(client), YEAR_END.to_datetime64()),
            "amount": values[client, family],
            "family": np.array(list(FAMILIES.values()), dtype=object)[family],
        }
    )
    return accounts, sales


def read_uci_wholesale(
    path: str | os.PathLike, *, parameters: dict | Parameters | None = None
) -> Market:
    """Read the raw UCI Wholesale customers file as a market (see the module docstring).

    Parameters
    ----------
    path : path
        ``wholesale_customers.csv`` as published (no id column).
    parameters : dict or Parameters, optional
        Default: as_of 2011-12-31, currency "MU" (the data's monetary units, unnamed), English.

    Raises
    ------
    KamkitError
        When the file is missing or is not this data set (the sentence says which column).
    """
    path = Path(path)
    accounts, sales = _frames(path)
    if parameters is None:
        parameters = Parameters(as_of=YEAR_END, **_PARAMETERS)
    elif isinstance(parameters, dict):
        parameters = Parameters(**{"as_of": YEAR_END, **_PARAMETERS, **parameters})
    market = Market.from_frames(
        sales=sales, accounts=accounts, parameters=parameters, source=_SOURCE_NAME
    )
    return market


def load_uci_wholesale() -> Market:
    """The UCI Wholesale customers market from the copy shipped in ``data/samples/uci_wholesale``.

    Raises
    ------
    KamkitError
        When the copy is not there (the sentence says how to rebuild it).
    """
    sample = uci_wholesale_sample_path()
    if not (sample / "sales.csv").is_file():
        raise KamkitError(
            Text(
                "The UCI Wholesale copy is not at {sample}. Rebuild it with "
                "kamkit.files.wholesale.write_uci_wholesale_sample(SOURCE, {sample!r}), SOURCE being the "
                "published wholesale_customers.csv (UCI id 292).",
                "A cópia do UCI Wholesale não está em {sample}. Refaça-a com "
                "kamkit.files.wholesale.write_uci_wholesale_sample(ORIGEM, {sample!r}), ORIGEM sendo o "
                "arquivo publicado wholesale_customers.csv (UCI id 292).",
            ).format(sample=str(sample))
        )
    from kamkit.files.loading import load

    return replace(load(sample), source=_SOURCE_NAME)


def write_uci_wholesale_sample(src: str | os.PathLike, dest: str | os.PathLike) -> list[Path]:
    """Write the derived copy of the raw file ``src`` into the folder ``dest``.

    Files: ``accounts.csv`` (account_id, name, territory, segment), ``sales.csv`` (account_id,
    date, amount, family) and ``parameters.csv`` (as_of 2011-12-31, currency, language), UTF-8
    with ``,`` and ``.``, as :func:`kamkit.load` reads them. The README beside them (the
    attribution) is kept by hand.

    Returns
    -------
    list of Path
        The three files.
    """
    from kamkit.core.atomic import atomic_path

    accounts, sales = _frames(Path(src))
    sales = sales.assign(date=YEAR_END.strftime("%Y-%m-%d"))
    params = pd.DataFrame(
        {
            "name": ["as_of", "currency", "language"],
            "value": [
                YEAR_END.strftime("%Y-%m-%d"),
                _PARAMETERS["currency"],
                _PARAMETERS["language"],
            ],
        }
    )
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in (("accounts", accounts), ("sales", sales), ("parameters", params)):
        target = dest / f"{name}.csv"
        with atomic_path(target) as tmp:
            frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
        written.append(target)
    return written
