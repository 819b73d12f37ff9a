"""The sample market: deterministic, faithful to the committed files, and showing the facts
the course teaches. The facts are checked with a small pandas calculation written here, on
purpose independent of kamkit.segment."""

import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kamkit.files import sample
from kamkit.files.writing import write_market
from kamkit.model.market import Market, Parameters

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
TERRITORIES = {
    "Sul": {"RS", "PR", "SC"},
    "São Paulo Capital": {"SP"},
    "São Paulo Interior": {"SP"},
    "Minas e Centro-Oeste": {"MG", "GO", "DF", "MS", "MT"},
    "Rio e Espírito Santo": {"RJ", "ES"},
    "Nordeste": {"BA", "PE", "CE", "MA", "RN", "PB", "AL"},
}


@pytest.fixture(scope="module")
def market() -> Market:
    return sample.load_sample()


def _analyse(m: Market, as_of: str) -> pd.DataFrame:
    """Stage, window revenue and potential per account, straight from the definitions."""
    as_of = pd.Timestamp(as_of)
    ids = m.accounts["account_id"].astype(str)
    sales = m.sales[m.sales["date"] < as_of + pd.Timedelta(days=1)]
    visits = m.visits[m.visits["date"] < as_of + pd.Timedelta(days=1)]
    month = sales["date"].dt.to_period("M")
    net = sales.groupby([sales["account_id"].astype(str), month])["amount"].sum()
    bought = net[net > 0].reset_index()
    bought.columns = ["id", "month", "net"]
    first_window_month = as_of.to_period("M") - 11
    in_window = bought[bought["month"] >= first_window_month].groupby("id").size()
    in_window = in_window.reindex(ids, fill_value=0)
    ever = bought.groupby("id").size().reindex(ids, fill_value=0)
    contacted = ids.isin(set(visits["account_id"].astype(str)))
    stage = np.select(
        [
            in_window.to_numpy() >= 6,
            in_window.to_numpy() >= 1,
            ever.to_numpy() >= 1,
            contacted.to_numpy(),
        ],
        ["regular", "occasional", "lapsed", "approached"],
        "untouched",
    )
    window = sales[month >= first_window_month]
    revenue = window.groupby(window["account_id"].astype(str))["amount"].sum()
    revenue = revenue.reindex(ids, fill_value=0.0)
    # potential: blank -> 0.9 quantile of annualised revenue of buyers in the segment
    potential = m.accounts["potential"].to_numpy().copy()
    segment = m.accounts["segment"].to_numpy()
    buyer = revenue.to_numpy() > 0
    for seg in np.unique(segment):
        blank = np.isnan(potential) & (segment == seg)
        ref = revenue.to_numpy()[buyer & (segment == seg)]
        potential[blank] = np.maximum(np.quantile(ref, 0.9), revenue.to_numpy()[blank])
    last_visit = visits.groupby(visits["account_id"].astype(str))["date"].max().reindex(ids)
    return pd.DataFrame(
        {
            "stage": stage,
            "revenue": revenue.to_numpy(),
            "potential": potential,
            "ever": ever.to_numpy(),
            "territory": m.accounts["territory"].to_numpy(),
            "days_since_visit": (as_of - last_visit).dt.days.to_numpy(),
            "visits_12m": visits[visits["date"].dt.to_period("M") >= first_window_month]
            .groupby(visits["account_id"].astype(str))
            .size()
            .reindex(ids, fill_value=0)
            .to_numpy(),
        },
        index=ids,
    )


@pytest.fixture(scope="module")
def facts(market) -> pd.DataFrame:
    return _analyse(market, "2026-09-30")


# ------------------------------------------------------------------------ shape and rules


def test_generation_is_deterministic_and_fast():
    start = time.perf_counter()
    a = sample.generate_sample()
    elapsed = time.perf_counter() - start
    b = sample.load_sample()  # generated earlier in this process
    for name in ("accounts", "sales", "visits"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.parameters == b.parameters == Parameters()
    assert elapsed < 5  # about 0.4 s on a laptop; generous for slow CI machines
    other = sample.generate_sample(seed=7)
    assert not other.sales["amount"].equals(a.sales["amount"])


def test_load_sample_returns_independent_copies():
    first = sample.load_sample()
    first.accounts.loc[0, "name"] = "changed"
    first.sales.loc[0, "amount"] = -1.0
    again = sample.load_sample()
    assert again.accounts.loc[0, "name"] != "changed"
    assert again.sales.loc[0, "amount"] != -1.0


def test_shape(market):
    acc = market.accounts
    assert len(acc) == 3000
    assert acc["account_id"].is_unique and acc["name"].is_unique
    assert all(re.fullmatch(r"C-\d{5}", i) for i in acc["account_id"])
    assert set(acc["territory"]) == set(TERRITORIES)
    team = acc.groupby("territory")["salesperson"].nunique()
    assert team.between(2, 3).all()
    assert acc["salesperson"].nunique() == team.sum()  # nobody in two territories
    for territory, states in TERRITORIES.items():
        assert set(acc.loc[acc["territory"] == territory, "state"]) <= states
    assert acc.groupby("city")["state"].nunique().max() == 1
    assert 0.10 <= acc["potential"].isna().mean() <= 0.20
    assert acc["segment"].nunique() == 6 and acc["segment"].notna().all()

    sales = market.sales
    assert sales["date"].min() >= pd.Timestamp("2023-10-01")
    assert sales["date"].max() == pd.Timestamp("2026-09-30")
    assert (sales["date"] == sales["date"].dt.normalize()).all()
    assert sales["date"].dt.to_period("M").nunique() == 36
    assert 0.005 < (sales["amount"] < 0).mean() < 0.05
    assert sales["family"].nunique() >= 4 and sales["product"].nunique() >= 10
    assert list(sales["account_id"].cat.categories) == acc["account_id"].tolist()

    visits = market.visits
    assert set(visits["kind"]) == {"visit", "call", "email", "meeting"}
    assert visits["date"].between("2023-10-01", "2026-09-30").all()
    assert visits["salesperson"].notna().all() and visits["outcome"].notna().all()
    assert market.as_of == pd.Timestamp("2026-09-30")
    assert market.parameters == Parameters()


# --------------------------------------------------------------------- the stylised facts


def test_stage_mix(facts):
    share = pd.Series(facts["stage"]).value_counts(normalize=True)
    assert 0.30 <= share["untouched"] <= 0.40
    assert 0.10 <= share["approached"] <= 0.15
    assert 0.15 <= share["occasional"] <= 0.25
    assert 0.15 <= share["regular"] <= 0.25
    assert 0.05 <= share["lapsed"] <= 0.10


def test_revenue_is_concentrated(facts):
    revenue = facts.loc[facts["revenue"] > 0, "revenue"].sort_values(ascending=False)
    total = revenue.sum()
    top = {q: revenue.iloc[: round(q * len(revenue))].sum() / total for q in (0.05, 0.10)}
    assert 0.40 <= top[0.05] <= 0.50
    assert 0.55 <= top[0.10] <= 0.60


def test_high_potential_never_won(facts):
    high = facts["potential"] >= np.quantile(facts["potential"], 0.75)
    never = facts[high & (facts["ever"] <= 1)]
    assert len(never) >= 40
    counts = never["territory"].value_counts()
    assert len(counts) == 6 and counts.min() >= 5


def test_comfort_zone(facts):
    high = facts["potential"] >= np.quantile(facts["potential"], 0.75)
    high_share = facts["revenue"] / facts["potential"] >= 0.3
    conquer = facts[high & ~high_share]
    regular = facts[facts["stage"] == "regular"]
    assert regular["visits_12m"].mean() > 3 * conquer["visits_12m"].mean()
    neglected = regular[high[regular.index] & ~(regular["days_since_visit"] <= 90)]
    assert 10 <= len(neglected) <= 0.4 * high[regular.index].sum()


def test_movement_between_quarters(market, facts):
    before = _analyse(market, "2026-06-30")["stage"]
    after = facts["stage"]
    converted = before.isin(["approached", "untouched"]) & (after == "occasional")
    lapsed = before.isin(["regular", "occasional"]) & (after == "lapsed")
    assert converted.sum() >= 20 and (before[converted] == "untouched").any()
    assert lapsed.sum() >= 20


def test_territories_differ(facts):
    by = pd.crosstab(facts["territory"], facts["stage"], normalize="index")
    assert by["untouched"].idxmax() == "Nordeste"
    assert by.loc["Nordeste", "untouched"] > by["untouched"].drop("Nordeste").max() + 0.1
    assert by["lapsed"].idxmax() == "Rio e Espírito Santo"
    visits = facts.groupby("territory")["visits_12m"].mean()
    assert visits.idxmin() == "Nordeste"


def test_agrees_with_kamkit_segment_stages(market, facts):
    seg = pytest.importorskip("kamkit.analysis.segmentation")
    stages = seg.stage_transitions(market, "2026-06-30", "2026-09-30").sum(axis=0)
    mine = pd.Series(facts["stage"]).value_counts()
    assert {str(k): int(v) for k, v in stages.items()} == {
        s: int(mine.get(s, 0)) for s in seg.STAGES
    }


# ------------------------------------------------------------------------ committed files


def test_committed_csv_files_are_current(market, tmp_path):
    written = write_market(market, tmp_path / "csv")
    for path in written:
        committed = SAMPLES / "csv" / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} is out of date; run `kamkit sample data/samples` and commit the files."
        )
    assert sorted(p.name for p in (SAMPLES / "csv").iterdir()) == sorted(p.name for p in written)


def test_committed_workbook_matches_the_market(market):
    book = pd.read_excel(SAMPLES / "kamkit_sample.xlsx", sheet_name=None, engine="calamine")
    assert list(book) == [
        "Accounts",
        "Sales",
        "Visits",
        "Contacts",
        "Plans",
        "Actions",
        "Parameters",
    ]
    for sheet, frame in zip(
        ("Accounts", "Sales", "Visits"), (market.accounts, market.sales, market.visits)
    ):
        got = book[sheet]
        assert list(got.columns) == list(frame.columns)
        assert len(got) == len(frame)
        for col in frame.columns:
            want = frame[col]
            have = got[col]
            if pd.api.types.is_datetime64_any_dtype(want):
                assert (pd.to_datetime(have).to_numpy() == want.to_numpy()).all(), (sheet, col)
            elif pd.api.types.is_float_dtype(want):
                np.testing.assert_array_equal(have.to_numpy(dtype=float), want.to_numpy())
            else:
                assert (
                    have.astype(object).where(have.notna(), None).tolist()
                    == want.astype(object).where(want.notna(), None).tolist()
                ), (sheet, col)
    params = book["Parameters"]
    assert params["name"].tolist() == list(Parameters().as_dict())
    assert pd.isna(params["value"].iloc[0])


def test_write_sample_writes_workbook_and_csv(tmp_path, monkeypatch):
    tiny = Market.from_frames(
        sales=pd.DataFrame(
            {"account_id": ["C-00001"], "date": [pd.Timestamp("2026-09-30")], "amount": [10.0]}
        ),
        accounts=pd.DataFrame({"account_id": ["C-00001"], "name": ["Conta"], "territory": ["Sul"]}),
    )
    monkeypatch.setattr(sample, "_cached_sample", lambda: tiny)
    written = sample.write_sample(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "kamkit_sample.xlsx",
        "csv/accounts.csv",
        "csv/sales.csv",
        "csv/visits.csv",
        "csv/parameters.csv",
    ]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")) == sorted(
        p.relative_to(tmp_path).as_posix() for p in written
    )
