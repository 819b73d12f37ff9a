"""kamkit.files.datasets: the UCI Online Retail data as a market, checked against plain pandas.

The figures kamkit computes (concentration, stages, ABC classes) are compared with an
independent calculation written here with pandas groupbys, straight from the raw CSV when it
is present next to the repository (../shared/data/online_retail/), and from the compact copy
in data/samples/online_retail/ always.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kamkit
from kamkit.analysis.concentration import gini, top_share
from kamkit.analysis.segmentation import segment
from kamkit.core.errors import KamkitError
from kamkit.files import datasets

RAW = Path(__file__).resolve().parents[2] / "shared/data/online_retail/online_retail.csv.gz"
SAMPLE = Path(__file__).resolve().parents[1] / "data/samples/online_retail"
needs_raw = pytest.mark.skipif(not RAW.is_file(), reason=f"raw Online Retail file absent: {RAW}")

TOLERANCE = (
    0.005  # kamkit.analysis.segmentation.NET_TOLERANCE: a net amount within half a penny is zero
)


# --------------------------------------------------------------------------------------------
# the independent calculation


def expected_figures(
    lines: pd.DataFrame, ids: list[str], as_of=None, lookback=12, regular_min=6
) -> dict:
    """Stages, revenue, ABC classes, top-10% share and Gini from lines (account_id, date, amount).

    Written from the definitions (issue 3), with nothing from kamkit.
    """
    as_of = pd.Timestamp(as_of) if as_of is not None else lines["date"].max().normalize()
    end = as_of + pd.Timedelta(days=1)
    start = pd.Timestamp(year=as_of.year, month=as_of.month, day=1) - pd.DateOffset(
        months=lookback - 1
    )
    upto = lines[lines["date"] < end]
    month = upto["date"].dt.to_period("M")
    monthly = upto.groupby([upto["account_id"], month])["amount"].sum()
    bought = monthly[monthly > TOLERANCE].reset_index()
    bought.columns = ["account_id", "month", "amount"]
    first_month = pd.Period(start, "M")
    in_window = bought[bought["month"] >= first_month].groupby("account_id").size()
    before = set(bought.loc[bought["month"] < first_month, "account_id"])
    win = upto[upto["date"] >= start]
    revenue = win.groupby("account_id")["amount"].sum().reindex(ids, fill_value=0.0)

    stage = {}
    for account in ids:
        months = int(in_window.get(account, 0))
        if months >= regular_min:
            stage[account] = "regular"
        elif months >= 1:
            stage[account] = "occasional"
        elif account in before:
            stage[account] = "lapsed"
        else:
            stage[account] = "untouched"  # the data has no visits: nobody is "approached"

    buyers = revenue[revenue > TOLERANCE].rename("revenue").reset_index()
    buyers = buyers.sort_values(["revenue", "account_id"], ascending=[False, True])
    total = buyers["revenue"].sum()
    before_share = (buyers["revenue"].cumsum() - buyers["revenue"]) / total
    abc = pd.Series(
        np.where(before_share < 0.5, "A", np.where(before_share < 0.8, "B", "C")),
        index=buyers["account_id"].to_numpy(),
    )
    top = math.ceil(0.1 * len(buyers))
    ascending = np.sort(buyers["revenue"].to_numpy())
    lorenz = np.concatenate([[0.0], np.cumsum(ascending) / total])
    area = np.sum((lorenz[1:] + lorenz[:-1]) / 2) / len(ascending)
    return {
        "stage": pd.Series(stage),
        "revenue": revenue,
        "abc": abc,
        "top10": buyers["revenue"].head(top).sum() / total,
        "gini": 1 - 2 * area,
        "buyers": len(buyers),
    }


def assert_same_figures(market: kamkit.Market, expected: dict, as_of=None) -> None:
    table = segment(market, as_of=as_of).set_index("account_id")
    table.index = table.index.astype(object)
    ids = list(expected["stage"].index)
    assert table["stage"].astype(object).reindex(ids).tolist() == expected["stage"].tolist()
    np.testing.assert_allclose(
        table["revenue"].reindex(ids).to_numpy(),
        expected["revenue"].reindex(ids).to_numpy(),
        atol=1e-6,
    )
    got_abc = table["abc_class"].astype(object).dropna()
    assert got_abc.to_dict() == expected["abc"].to_dict()
    assert top_share(market, 0.1, as_of=as_of) == pytest.approx(expected["top10"], abs=1e-12)
    assert gini(market, as_of=as_of) == pytest.approx(expected["gini"], abs=1e-9)


# --------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """Every raw line, read by pandas alone."""
    if not RAW.is_file():
        pytest.skip(f"raw Online Retail file absent: {RAW}")
    df = pd.read_csv(RAW)
    df["amount"] = df["Quantity"] * df["UnitPrice"]
    df["date"] = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
    return df


@pytest.fixture(scope="module")
def raw_lines(raw) -> pd.DataFrame:
    """The lines with a customer, as account_id / date / amount."""
    with_customer = raw[raw["CustomerID"].notna()]
    return pd.DataFrame(
        {
            "account_id": with_customer["CustomerID"].astype("int64").astype(str).to_numpy(),
            "date": with_customer["date"].to_numpy(),
            "amount": with_customer["amount"].to_numpy(),
        }
    )


@pytest.fixture(scope="module")
def full_market():
    if not RAW.is_file():
        pytest.skip(f"raw Online Retail file absent: {RAW}")
    return datasets.read_online_retail(RAW)


@pytest.fixture(scope="module")
def compact_market():
    return datasets.load_online_retail()


@pytest.fixture(scope="module")
def compact_lines() -> pd.DataFrame:
    """The compact copy's sales, read by pandas alone."""
    sales = pd.read_parquet(SAMPLE / "sales.parquet")
    return pd.DataFrame(
        {
            "account_id": sales["account_id"].astype(str).to_numpy(),
            "date": sales["date"].to_numpy(),
            "amount": sales["amount"].to_numpy(),
        }
    )


# --------------------------------------------------------------------------------------------
# the compact copy (always runs)


def test_compact_copy_loads_with_kamkit_load():
    market = kamkit.load(SAMPLE)
    assert len(market.accounts) == 4372
    assert len(market.territories) == 37
    assert len(market.visits) == 0
    assert market.parameters.currency == "GBP"
    assert market.parameters.as_of is None
    assert market.as_of == pd.Timestamp("2011-12-09")
    assert set(market.sales["family"].dropna().astype(str)) <= set(datasets.FAMILIES)


def test_compact_copy_is_small():
    size = sum(f.stat().st_size for f in SAMPLE.iterdir())
    assert size < 5_000_000


def test_load_online_retail_names_its_source(compact_market):
    assert "compact copy" in compact_market.source
    assert "Online Retail" in repr(compact_market)


@pytest.mark.parametrize("as_of", [None, "2011-06-15"])
def test_compact_figures_match_independent_calculation(compact_market, compact_lines, as_of):
    ids = compact_market.accounts["account_id"].astype(str).tolist()
    expected = expected_figures(compact_lines, ids, as_of=as_of)
    assert_same_figures(compact_market, expected, as_of=as_of)


def test_compact_figures_show_the_posts_claim(compact_market):
    # "the top 10% of customers make about 60% of revenue" (window 2011-01-01 .. 2011-12-09)
    assert top_share(compact_market, 0.1) == pytest.approx(0.59, abs=0.01)
    table = segment(compact_market)
    counts = table["stage"].value_counts().to_dict()
    assert counts == {
        "untouched": 45,
        "approached": 0,
        "occasional": 3672,
        "regular": 533,
        "lapsed": 122,
    }
    assert table["abc_class"].value_counts().to_dict() == {"A": 243, "B": 928, "C": 3027}
    assert table["potential_estimated"].all()


def test_report_recorded_with_compact_copy(compact_lines):
    report = datasets.online_retail_report()
    assert report["lines"] == 541909
    assert report["lines_without_customer"] == 135080
    assert report["customers"] == 4372
    assert report["last_date"] == pd.Timestamp("2011-12-09 12:50:00")
    # what was kept adds up to the compact copy's sales
    assert report["revenue"] == pytest.approx(compact_lines["amount"].sum(), abs=0.01)
    assert report["lines"] == report["lines_with_customer"] + report["lines_without_customer"]


def test_sample_readme_attributes_the_data():
    text = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for needle in ("Chen", "Sain", "Guo", "2012", "352", "CC BY 4.0", "write_online_retail_sample"):
        assert needle in text


# --------------------------------------------------------------------------------------------
# the reader on small hand-made files (always runs)


SMALL = """InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,HEART,6.0,2010-12-01 08:26:00,2.5,17850.0,United Kingdom
536366,POST,POSTAGE,1.0,2010-12-01 08:28:00,18.0,17850.0,United Kingdom
C536379,D,Discount,-1.0,2010-12-01 09:41:00,27.5,17850.0,United Kingdom
536367,22633,HAND WARMER,10.0,2010-12-02 10:00:00,1.0,12370.0,Austria
536368,22633,HAND WARMER,20.0,2011-01-05 10:00:00,1.0,12370.0,Cyprus
536369,22633,HAND WARMER,5.0,2011-01-05 11:00:00,2.0,12371.0,France
536370,22633,HAND WARMER,5.0,2011-01-06 11:00:00,2.0,12371.0,Belgium
536371,22633,HAND WARMER,3.0,2011-01-07 11:00:00,1.0,,United Kingdom
"""


@pytest.fixture
def small(tmp_path) -> Path:
    path = tmp_path / "online_retail.csv"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_reader_on_a_small_file(small):
    m = datasets.read_online_retail(small)
    assert m.accounts["account_id"].tolist() == ["12370", "12371", "17850"]
    # most revenue decides the country; on a tie more lines, then the name (Belgium < France)
    assert m.accounts["territory"].tolist() == ["Cyprus", "Belgium", "United Kingdom"]
    assert m.accounts["name"].tolist() == ["Customer 12370", "Customer 12371", "Customer 17850"]
    assert m.accounts["potential"].isna().all()
    assert len(m.sales) == 7  # the line without a customer is left out
    assert m.sales["amount"].tolist() == [15.0, 18.0, -27.5, 10.0, 20.0, 10.0, 10.0]
    assert (
        m.sales["family"].tolist() == ["goods", "postage", "fees and adjustments"] + ["goods"] * 4
    )
    assert m.sales["product"].tolist()[:2] == ["85123A", "POST"]
    assert m.sales["date"].iloc[0] == pd.Timestamp("2010-12-01 08:26")
    assert m.parameters.currency == "GBP"
    assert list(m.sales["account_id"].cat.categories) == m.accounts["account_id"].tolist()


def test_report_on_a_small_file(small):
    report = datasets.online_retail_report(small)
    assert report["lines"] == 8
    assert report["lines_without_customer"] == 1
    assert report["revenue_without_customer"] == pytest.approx(3.0)
    assert report["cancellation_lines"] == 1
    assert report["returns"] == pytest.approx(-27.5)
    assert report["customers"] == 3
    assert report["customers_in_several_countries"] == 2
    assert report["countries"] == 5


def test_reader_accepts_excel_style_dates_and_release_ii_headers(tmp_path):
    text = (
        "Invoice,StockCode,Quantity,InvoiceDate,Price,Customer ID,Country\n"
        "1,A,2,12/1/2010 8:26,1.5,17850,United Kingdom\n"
        "2,A,1,1/13/2011 18:05,1.5,17850,United Kingdom\n"
    )
    path = tmp_path / "online_retail_II.csv"
    path.write_text(text, encoding="utf-8")
    m = datasets.read_online_retail(path)
    assert m.sales["date"].tolist() == [
        pd.Timestamp("2010-12-01 08:26"),
        pd.Timestamp("2011-01-13 18:05"),
    ]
    assert m.accounts["account_id"].tolist() == ["17850"]


def test_reader_errors_are_sentences(tmp_path):
    with pytest.raises(KamkitError, match="does not exist"):
        datasets.read_online_retail(tmp_path / "nope.csv.gz")
    wrong = tmp_path / "sales.csv"
    wrong.write_text("account,date,amount\nA,2024-01-01,3\n", encoding="utf-8")
    with pytest.raises(KamkitError, match="does not look like the UCI Online Retail"):
        datasets.read_online_retail(wrong)
    bad = tmp_path / "bad.csv"
    bad.write_text(SMALL.replace("2.5,17850.0", "two,17850.0"), encoding="utf-8")
    with pytest.raises(KamkitError, match="UnitPrice value"):
        datasets.read_online_retail(bad)


def test_write_and_load_round_trip_on_a_small_file(small, tmp_path):
    dest = tmp_path / "copy"
    written = datasets.write_online_retail_sample(small, dest)
    assert [p.name for p in written] == [
        "accounts.parquet",
        "sales.parquet",
        "parameters.csv",
        "online_retail_report.csv",
    ]
    m = kamkit.load(dest)
    full = datasets.read_online_retail(small)
    assert len(m.sales) == 7  # one row per customer, invoice and family
    pd.testing.assert_frame_equal(
        segment(m).drop(columns=["name", "territory"]).astype({"account_id": object}),
        segment(full).drop(columns=["name", "territory"]).astype({"account_id": object}),
    )
    assert m.accounts["territory"].astype(object).tolist() == [
        "Cyprus",
        "Belgium",
        "United Kingdom",
    ]


def test_load_online_retail_without_files(monkeypatch, tmp_path):
    monkeypatch.setattr(datasets, "online_retail_sample_path", lambda: tmp_path / "no_sample")
    monkeypatch.setattr(datasets, "online_retail_source_path", lambda: tmp_path / "no_raw.csv.gz")
    with pytest.raises(KamkitError, match="compact Online Retail copy is not at"):
        datasets.load_online_retail()
    with pytest.raises(KamkitError, match="full Online Retail file is not at"):
        datasets.load_online_retail(full=True)
    with pytest.raises(KamkitError, match="online_retail_report.csv is missing"):
        datasets.online_retail_report()


# --------------------------------------------------------------------------------------------
# the full raw file (skipped when ../shared is absent)


@needs_raw
def test_full_reader_shape(full_market, raw, raw_lines):
    m = full_market
    assert len(m.accounts) == raw["CustomerID"].nunique() == 4372
    assert len(m.sales) == len(raw_lines) == 406829
    assert len(m.visits) == 0
    assert not m.accounts["account_id"].str.contains(r"\.").any()
    assert m.sales["amount"].sum() == pytest.approx(raw_lines["amount"].sum(), abs=0.01)
    assert m.territories == sorted(raw.loc[raw["CustomerID"].notna(), "Country"].unique())
    # cancellations are the negative lines, and only they
    cancelled = raw.loc[raw["CustomerID"].notna(), "InvoiceNo"].str.startswith("C").to_numpy()
    assert (m.sales["amount"].to_numpy()[cancelled] <= 0).all()
    assert (m.sales["amount"].to_numpy()[~cancelled] >= 0).all()
    # a customer in two countries goes to the one with more revenue
    territory = m.accounts.set_index("account_id")["territory"]
    assert territory["12370"] == "Cyprus" and territory["12431"] == "Australia"


@needs_raw
def test_full_report_matches_raw(raw):
    report = datasets.online_retail_report(RAW)
    no_customer = raw["CustomerID"].isna()
    assert report["lines"] == len(raw)
    assert report["lines_without_customer"] == no_customer.sum() == 135080
    assert report["revenue_without_customer"] == pytest.approx(raw.loc[no_customer, "amount"].sum())
    assert (
        report["cancellation_lines"] == (raw["InvoiceNo"].str.startswith("C") & ~no_customer).sum()
    )
    assert report["customers_in_several_countries"] == 8


@needs_raw
@pytest.mark.parametrize("as_of", [None, "2011-06-15"])
def test_full_figures_match_independent_calculation(full_market, raw_lines, as_of):
    ids = full_market.accounts["account_id"].tolist()
    expected = expected_figures(raw_lines, ids, as_of=as_of)
    assert_same_figures(full_market, expected, as_of=as_of)


@needs_raw
def test_the_posts_claim_on_the_whole_period(full_market, raw_lines):
    # Over all 13 months, the top 10% of all 4,372 identified customers make about 60%.
    net = raw_lines.groupby("account_id")["amount"].sum().sort_values(ascending=False)
    assert net.head(438).sum() / net.sum() == pytest.approx(0.60, abs=0.01)
    assert top_share(full_market.with_parameters(lookback_months=13), 0.1) == pytest.approx(
        0.60, abs=0.01
    )


@needs_raw
@pytest.mark.parametrize("as_of", [None, "2011-06-15", "2011-01-31"])
def test_compact_copy_gives_the_full_datas_figures(full_market, compact_market, as_of):
    full = segment(full_market, as_of=as_of)
    compact = segment(compact_market, as_of=as_of)
    for column in ("stage", "abc_class", "purchase_months", "territory"):
        assert full[column].astype(object).tolist() == compact[column].astype(object).tolist()
    np.testing.assert_allclose(full["revenue"], compact["revenue"], atol=1e-6)
    np.testing.assert_allclose(full["potential"], compact["potential"], rtol=1e-12)


@needs_raw
@pytest.mark.slow
def test_compact_copy_is_current(tmp_path, compact_lines):
    """The committed copy is what write_online_retail_sample makes from the raw file now."""
    datasets.write_online_retail_sample(RAW, tmp_path)
    for name in ("accounts.parquet", "sales.parquet"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / name), pd.read_parquet(SAMPLE / name)
        )
    for name in ("parameters.csv", "online_retail_report.csv"):
        assert (tmp_path / name).read_text() == (SAMPLE / name).read_text()
