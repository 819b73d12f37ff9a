"""The facts engine (DuckDB): its facts against an independent pandas calculation, Parquet lines
read by queries (the same table and the same sentences as a whole load), its settings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.analysis import facts as F
from kamkit.analysis.segmentation import _segment_frame, segment
from kamkit.files.loading import validate
from kamkit.model.market import Market, Parameters

#: Outcomes of interactions: (text, is it a step back?), as a person reads them.
OUTCOMES_BACK = {
    "orçamento enviado": False,
    "Sem interesse no momento": True,
    "cliente NÃO ATENDEU": True,
    "no answer": True,
    "pedido fechado": False,
    "interested, call back": False,
    "lost to a competitor": True,
    "": False,
    None: False,
}
OUTCOMES = list(OUTCOMES_BACK)


def _random_market(seed: int, *, n_accounts: int = 40) -> Market:
    rng = np.random.default_rng(seed)
    ids = [f"C{i:03d}" for i in rng.permutation(n_accounts)]
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "territory": rng.choice(["Norte", "Sul", None], n_accounts).tolist(),
            "segment": rng.choice(["A", "B", ""], n_accounts).tolist(),
            "potential": np.where(
                rng.random(n_accounts) < 0.3, np.nan, rng.integers(0, 50, n_accounts) * 1000.0
            ),
        }
    )
    n = int(rng.integers(0, 400))
    start = np.datetime64("2023-01-01T00:00")
    sales = pd.DataFrame(
        {
            "account_id": rng.choice(ids[: n_accounts * 2 // 3], n) if n else [],
            "date": start + rng.integers(0, 3 * 365 * 24 * 60, n).astype("timedelta64[m]"),
            # cents, returns and exact cancellations: months that net to (about) zero
            "amount": np.round(rng.choice([-1, 1, 1, 1], n) * rng.integers(1, 5000, n) / 7, 2),
        }
    )
    if n > 4:  # a sale and its return in the same month, to the cent
        sales.loc[n - 1] = [sales["account_id"][0], sales["date"][0], -sales["amount"][0]]
    m = int(rng.integers(0, 200))
    visits = pd.DataFrame(
        {
            "account_id": rng.choice(ids, m) if m else [],
            "date": start + rng.integers(0, 3 * 365, m).astype("timedelta64[D]"),
            # steps and steps back of the pursuit score, in both languages and any case
            "outcome": rng.choice(OUTCOMES, m).tolist() if m else [],
        }
    )
    as_of = rng.choice(["2024-02-29", "2025-06-30", "2025-12-31", None])
    return Market.from_frames(
        sales, accounts, visits, Parameters(as_of=as_of, lookback_months=int(rng.choice([6, 12])))
    )


def _pandas_facts(market: Market, as_of: pd.Timestamp) -> pd.DataFrame:
    """The facts with pandas group-bys, straight from the definitions."""
    p = market.parameters
    start = (as_of.to_period("M") - (p.lookback_months - 1)).to_timestamp()
    stop = as_of.normalize() + pd.Timedelta(days=1)
    ids = market.accounts["account_id"]
    sales = market.sales.assign(account_id=market.sales["account_id"].astype(object))
    sales = sales[sales["date"] < stop]
    month = sales["date"].dt.to_period("M").dt.to_timestamp()
    net = sales.groupby([sales["account_id"], month])["amount"].sum().reset_index()
    net.columns = ["account_id", "month", "net"]
    bought = net[net["net"] > F.NET_TOLERANCE]
    in_window = net["month"] >= start
    out = pd.DataFrame(index=pd.Index(ids, name="account_id"))
    out["revenue"] = net[in_window].groupby("account_id")["net"].sum()
    out["purchase_months"] = bought[bought["month"] >= start].groupby("account_id").size()
    out["bought_before"] = bought[bought["month"] < start].groupby("account_id").size() > 0
    positive = sales[sales["amount"] > 0]
    out["first_purchase"] = positive.groupby("account_id")["date"].min()
    out["last_purchase"] = positive.groupby("account_id")["date"].max()
    visits = market.visits.assign(account_id=market.visits["account_id"].astype(object))
    visits = visits[visits["date"] < stop]
    out["last_visit"] = visits.groupby("account_id")["date"].max()
    out["visits"] = visits[visits["date"] >= start].groupby("account_id").size()
    step = ~visits["outcome"].map(lambda o: OUTCOMES_BACK[None if pd.isna(o) else o]).astype(bool)
    out["steps"] = visits[(visits["date"] >= start) & step].groupby("account_id").size()
    last_day = out["last_purchase"].dt.normalize()
    after = visits["date"].dt.normalize() > visits["account_id"].map(last_day).fillna(
        pd.Timestamp.min
    )
    out["without_order"] = visits[after].groupby("account_id").size()
    return out.fillna(
        {"revenue": 0.0, "purchase_months": 0, "bought_before": False, "visits": 0, "steps": 0}
    ).fillna({"without_order": 0})


@pytest.mark.parametrize("seed", range(25))
def test_facts_match_an_independent_pandas_calculation(seed):
    market = _random_market(seed)
    facts = F.market_facts(market, market.as_of)
    expected = _pandas_facts(market, market.as_of)
    assert facts.revenue == pytest.approx(expected["revenue"].to_numpy(dtype=float), abs=1e-6)
    assert facts.purchase_months.tolist() == expected["purchase_months"].astype(int).tolist()
    assert facts.bought_before.tolist() == expected["bought_before"].astype(bool).tolist()
    for name in ("first_purchase", "last_purchase", "last_visit"):
        got = pd.Series(getattr(facts, name))
        want = pd.Series(expected[name].to_numpy(dtype="datetime64[ns]"))
        assert got.equals(want), name
    assert facts.visits.tolist() == expected["visits"].astype(int).tolist()
    assert facts.steps.tolist() == expected["steps"].astype(int).tolist()
    assert facts.visits_without_order.tolist() == expected["without_order"].astype(int).tolist()


def test_a_market_without_lines_has_zero_facts():
    market = _random_market(3)
    empty = Market.from_frames(
        market.sales.iloc[:0].assign(account_id=pd.Series([], dtype=object)),
        market.accounts,
        parameters=Parameters(as_of="2025-01-31"),
    )
    table = segment(empty)
    assert (table["revenue"] == 0).all() and (table["stage"] == "untouched").all()
    assert table["first_purchase"].isna().all() and (table["visits"] == 0).all()


# -- Parquet lines read by queries -------------------------------------------------------------


def _write_folder(market: Market, folder, *, date_unit="ns"):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    accounts = market.accounts[["account_id", "territory", "segment", "potential"]]
    accounts = accounts.assign(name="Company " + accounts["account_id"])
    accounts.to_parquet(folder / "accounts.parquet", index=False)
    for name in ("sales", "visits"):
        frame = getattr(market, name)
        columns = (
            ["account_id", "date", "amount"]
            if name == "sales"
            else ["account_id", "date", "outcome"]
        )
        frame = frame[columns].assign(account_id=frame["account_id"].astype(object))
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if date_unit != "ns":
            table = table.set_column(1, "date", table.column("date").cast(pa.timestamp(date_unit)))
        pq.write_table(table, folder / f"{name}.parquet", row_group_size=50)
    return folder


@pytest.mark.parametrize("seed", range(8))
def test_lines_in_files_give_the_table_of_a_whole_load(tmp_path, seed):
    market = _random_market(seed + 50, n_accounts=60)
    if not len(market.sales):
        pytest.skip("no sales lines")
    folder = _write_folder(market, tmp_path / "m", date_unit="us" if seed % 2 else "ns")
    files = validate(folder, lines="files").market
    whole = validate(folder).market
    assert whole.lines is None
    if not len(market.visits):  # an empty visit log is worth a warning: loaded whole
        assert files.lines is None
    else:
        assert files.lines is not None
        assert len(files.sales) == 1  # the lines stayed in the file
    for as_of in (None, "2024-03-15", "2025-12-31"):
        a = files if as_of is None else files.with_parameters(as_of=as_of)
        b = whole if as_of is None else whole.with_parameters(as_of=as_of)
        assert a.as_of == b.as_of
        ta, fa = _segment_frame(a, None)
        tb, fb = _segment_frame(b, None)
        pd.testing.assert_frame_equal(ta, tb)
        assert fa.visits_without_order.tolist() == fb.visits_without_order.tolist()
        assert [str(n) for n in kk.data_warnings(a, table=ta)] == [
            str(n) for n in kk.data_warnings(b, table=tb)
        ]


def _clean_folder(tmp_path):
    accounts = pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A3"],
            "name": ["Alfa", "Beta", "Gama"],
            "territory": ["Sul", "Sul", "Norte"],
        }
    )
    sales = pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A1", "A3"],
            "date": pd.to_datetime(["2025-01-10", "2025-02-11", "2025-03-12", "2025-03-20"]),
            "amount": [100.0, 250.0, 80.0, 40.0],
        }
    )
    visits = pd.DataFrame(
        {"account_id": ["A2", "A3"], "date": pd.to_datetime(["2025-03-01", "2025-03-25"])}
    )
    folder = tmp_path / "data"
    folder.mkdir()
    accounts.to_parquet(folder / "accounts.parquet", index=False)
    sales.to_parquet(folder / "sales.parquet", index=False)
    visits.to_parquet(folder / "visits.parquet", index=False)
    return folder, sales


_CODE_CELLS = {
    "blank code": (1, "  "),
    "null code": (2, None),
    "unknown code": (3, "ZZ9"),
    "untrimmed code": (3, " A3 "),
}


def _dirty(kind: str, sales: pd.DataFrame):
    import pyarrow as pa

    table = pa.Table.from_pandas(sales, preserve_index=False)
    if kind in _CODE_CELLS:  # one account code changed: (row, new code)
        row, code = _CODE_CELLS[kind]
        ids = table.column("account_id").to_pylist()
        ids[row] = code
        return table.set_column(0, "account_id", pa.array(ids, pa.string()))
    if kind == "blank date":
        return table.set_column(
            1, "date", pa.array([None, *table.column("date").to_pylist()[1:]], pa.timestamp("ns"))
        )
    if kind == "date out of range":
        import datetime as dt

        dates = [
            dt.datetime(2025, 1, 10),
            dt.datetime(9999, 12, 31),
            *[dt.datetime(2025, 3, 12)] * 2,
        ]
        return table.set_column(1, "date", pa.array(dates, pa.timestamp("us")))
    amounts = table.column("amount").to_pylist()
    amounts[1] = {
        "blank amount": None,
        "NaN amount": float("nan"),
        "infinite amount": float("inf"),
    }[kind]
    return table.set_column(2, "amount", pa.array(amounts, pa.float64(), from_pandas=False))


@pytest.mark.parametrize(
    "kind",
    [
        "blank code",
        "null code",
        "unknown code",
        "untrimmed code",
        "blank date",
        "date out of range",
        "blank amount",
        "NaN amount",
        "infinite amount",
    ],
)
@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_what_the_queries_find_is_said_as_a_whole_load_says_it(tmp_path, kind, language):
    """Each check of the lines is a query; what it finds is worded by the loader, the same
    sentences (both languages) as without the queries, and the lines are then loaded whole."""
    import pyarrow.parquet as pq

    folder, sales = _clean_folder(tmp_path)
    pq.write_table(_dirty(kind, sales), folder / "sales.parquet")
    files = validate(folder, lines="files")
    whole = validate(folder)
    assert files.text(language) == whole.text(language)
    assert files.market is None or files.market.lines is None
    if kind != "untrimmed code":  # spaces around a code are trimmed: not a problem
        assert not files.ok or files.warnings, kind


def test_clean_files_keep_their_lines_and_say_nothing(tmp_path):
    folder, _ = _clean_folder(tmp_path)
    report = validate(folder, lines="files")
    assert report.ok and not report.problems
    assert report.market.lines is not None
    assert report.market.as_of == pd.Timestamp("2025-03-25")  # the latest visit
    table = segment(report.market)
    assert table.set_index("account_id")["revenue"].to_dict() == {
        "A1": 180.0,
        "A2": 250.0,
        "A3": 40.0,
    }


def test_kamkit_segment_on_parquet_writes_what_a_whole_load_computes(tmp_path):
    from click.testing import CliRunner

    from kamkit.cli import main

    folder, _ = _clean_folder(tmp_path)
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(main, ["segment", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    expected = segment(kk.load(folder))
    got = pd.read_parquet(out)
    assert got["account_id"].tolist() == expected["account_id"].tolist()
    assert got["revenue"].tolist() == expected["revenue"].tolist()
    assert got["stage"].astype(str).tolist() == expected["stage"].astype(str).tolist()


def test_an_empty_window_is_still_said_when_the_lines_stay_in_files(tmp_path):
    folder, _ = _clean_folder(tmp_path)
    files = validate(folder, lines="files").market.with_parameters(as_of="2027-06-30")
    whole = validate(folder).market.with_parameters(as_of="2027-06-30")
    said = [n.text("pt-BR") for n in kk.data_warnings(files)]
    assert said == [n.text("pt-BR") for n in kk.data_warnings(whole)]
    assert any(n.kind == "empty_window" for n in kk.data_warnings(files))


# -- settings ----------------------------------------------------------------------------------


@pytest.fixture
def restore_settings():
    from kamkit.files import engine

    before = engine.settings()
    yield engine
    engine.settings(
        threads=before.threads,
        memory_limit=before.memory_limit,
        temp_directory=before.temp_directory,
    )


def _setting(name: str):
    from kamkit.files.engine import connection

    cursor = connection()
    try:
        return cursor.execute(f"SELECT current_setting('{name}')").fetchall()[0][0]
    finally:
        cursor.close()


def test_threads_default_to_the_cores_this_process_may_use(restore_settings):
    import os

    assert restore_settings.settings().threads == len(os.sched_getaffinity(0))
    restore_settings.settings(threads=1)
    assert int(_setting("threads")) == 1
    market = _random_market(7)
    one = segment(market)
    restore_settings.settings(threads=3)
    assert int(_setting("threads")) == 3
    pd.testing.assert_frame_equal(segment(market), one)


def test_the_engine_spills_to_the_temp_directory_under_its_memory_limit(restore_settings, tmp_path):
    restore_settings.settings(memory_limit="64MB", temp_directory=tmp_path / "spill")
    assert _setting("temp_directory") == str(tmp_path / "spill")
    limit = _setting("memory_limit")
    assert limit.replace(" ", "").upper().startswith(("61", "64")), limit  # 64 MB = 61 MiB
    market = _random_market(11)
    expected = _pandas_facts(market, market.as_of)
    got = F.market_facts(market, market.as_of)
    assert got.purchase_months.tolist() == expected["purchase_months"].astype(int).tolist()


def test_bad_thread_count_is_a_sentence(restore_settings):
    with pytest.raises(kk.KamkitError, match="threads must be at least 1"):
        restore_settings.settings(threads=0)


def test_an_error_in_the_accounts_is_said_as_a_whole_load_says_it(tmp_path):
    """The accounts are read with the segment table's columns only when the lines stay in
    files; an error there (a missing column names the headers found) is said from a whole
    load, with every header."""
    folder, _ = _clean_folder(tmp_path)
    pd.DataFrame(
        {"account_id": ["A1", "A2", "A3"], "nome_fantasia": ["x", "y", "z"], "cidade": ["a"] * 3}
    ).to_parquet(folder / "accounts.parquet", index=False)
    files = validate(folder, lines="files")
    whole = validate(folder)
    assert not files.ok and files.text("pt-BR") == whole.text("pt-BR")
    assert "cidade" in files.text("en")


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_kamkit_segment_says_and_writes_the_same_from_files_as_from_a_whole_load(
    tmp_path, language, monkeypatch
):
    """`kamkit segment` on a Parquet folder prints the same summary and warnings, and writes
    the same CSV, with its lines in files as with the folder loaded whole."""
    from click.testing import CliRunner

    from kamkit.cli import main
    from kamkit.files import lines

    market = _random_market(60, n_accounts=60)
    folder = _write_folder(market, tmp_path / "market")
    assert validate(folder, lines="files").market.lines is not None
    said, written = [], []
    for whole in (False, True):
        if whole:  # the lines' queries refuse: loaded whole, as before the engine
            monkeypatch.setattr(lines, "open_lines", lambda *args: None)
        out = tmp_path / f"table-{whole}.csv"
        runner = CliRunner()
        shown = runner.invoke(main, ["segment", str(folder), "--lang", language])
        wrote = runner.invoke(main, ["segment", str(folder), "--lang", language, "--out", str(out)])
        assert shown.exit_code == 0 and wrote.exit_code == 0, shown.output + wrote.output
        said.append(shown.output)
        written.append(out.read_bytes())
    assert said[0] == said[1] and "AVISO" in said[0] if language == "pt-BR" else said[0] == said[1]
    assert written[0] == written[1]


def test_facts_are_the_same_every_time_on_every_thread_count(restore_settings):
    """Sums are compensated (fsum), so the order in which threads add partial sums changes no
    bit: a report and a notebook computing the same figure agree exactly."""
    market = kk.load_sample()
    restore_settings.settings(threads=4)
    first = F._market_facts(market, market.as_of, without_order=False).revenue
    for threads in (4, 4, 1, 2):
        restore_settings.settings(threads=threads)
        again = F._market_facts(market, market.as_of, without_order=False).revenue
        assert again.tobytes() == first.tobytes()


# -- the NumPy path of small markets ------------------------------------------------------------

FACT_NAMES = (
    "revenue",
    "purchase_months",
    "bought_before",
    "first_purchase",
    "last_purchase",
    "last_visit",
    "visits",
    "steps",
    "visits_without_order",
)


def _edge_market(seed: int) -> tuple[Market, list[pd.Timestamp]]:
    """A random market whose lines sit on the edges: the first and last instant of months,
    the as_of days and the days after, sales and their returns in one month (zero months),
    blank amounts and dates, unknown accounts, visits on the day of a purchase; with the
    dates to ask for (month starts and ends, the days of lines, before and after them all)."""
    rng = np.random.default_rng(seed)
    n_accounts = int(rng.integers(1, 30))
    ids = [f"K{i:02d}" for i in rng.permutation(n_accounts)]
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "segment": rng.choice(["A", "B", None], n_accounts).tolist(),
            "potential": np.where(rng.random(n_accounts) < 0.4, np.nan, 1000.0),
        }
    )
    months = pd.date_range("2024-01-01", "2025-12-01", freq="MS")
    edges = np.concatenate(
        [
            months.to_numpy(),  # 00:00 of a month's first day
            (months + pd.offsets.MonthEnd(0) + pd.Timedelta("23:59:59.999999")).to_numpy(),
            (months + pd.Timedelta(days=14, hours=9, minutes=30)).to_numpy(),
        ]
    )
    n = int(rng.integers(0, 300))
    dates = rng.choice(edges, n) if n else np.array([], dtype="datetime64[ns]")
    amount = np.round(rng.choice([-1, 1, 1, 1], n) * rng.integers(1, 9000, n) / 7, 2)
    amount = np.where(rng.random(n) < 0.1, rng.integers(1, 50, n) * 100.0, amount)  # whole
    amount = np.where(rng.random(n) < 0.05, np.nan, amount)  # blank amounts
    owner = rng.choice([*ids, "unknown"], n) if n else np.array([], dtype=object)
    sales = pd.DataFrame({"account_id": owner, "date": dates, "amount": amount})
    if n > 6:  # a sale and its return in the same month (a zero month), and blank dates
        sales.loc[n - 1] = [sales["account_id"][0], sales["date"][0], -sales["amount"][0]]
        sales.loc[n - 2, "date"] = pd.NaT
    m = int(rng.integers(0, 150))
    visit_dates = rng.choice(np.concatenate([edges, sales["date"].dropna().to_numpy()]), m)
    visits = pd.DataFrame(
        {
            "account_id": rng.choice([*ids, "unknown"], m) if m else [],
            "date": visit_dates if m else np.array([], dtype="datetime64[ns]"),
            "outcome": rng.choice(OUTCOMES, m).tolist() if m else [],
        }
    )
    lookback = int(rng.choice([1, 2, 6, 12, 24]))
    market = Market.from_frames(
        sales,
        accounts,
        visits,
        Parameters(as_of="2025-06-30", lookback_months=lookback, regular_min_months=1),
    )
    days = [pd.Timestamp(d) for d in ("2023-06-01", "2024-01-01", "2024-01-31", "2026-03-01")]
    days += [pd.Timestamp(d).normalize() for d in rng.choice(edges, 4)]
    return market, days


def _both_paths(market: Market, as_of: pd.Timestamp, lines=None) -> tuple[F.Facts, F.Facts]:
    lines = F._arrange(market) if lines is None else lines
    assert lines is not None
    numpy = F.numpy_facts(lines, as_of, market.parameters, without_order=True)
    duckdb = F._market_facts(market, as_of, without_order=True)
    return numpy, duckdb


def _assert_same_facts(a: F.Facts, b: F.Facts, where: str) -> None:
    assert a.start == b.start
    for name in FACT_NAMES:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype, (where, name)
        assert x.tobytes() == y.tobytes(), (where, name, x, y)  # to the bit


@pytest.mark.parametrize("seed", range(60))
def test_numpy_and_duckdb_compute_the_same_facts_to_the_bit(seed):
    """The two paths of a loaded market agree on every fact of every account, money to the
    last bit, at month edges, on zero months, blank amounts and dates, unknown accounts."""
    market, days = _edge_market(seed)
    for as_of in days:
        _assert_same_facts(*_both_paths(market, as_of), f"seed {seed}, as of {as_of.date()}")


@pytest.mark.parametrize("seed", range(0, 25, 3))
def test_numpy_and_duckdb_agree_on_the_engine_markets(seed):
    market = _random_market(seed, n_accounts=int(10 + seed))
    for as_of in (market.as_of, pd.Timestamp("2024-02-29"), pd.Timestamp("2022-12-31")):
        _assert_same_facts(*_both_paths(market, as_of), f"seed {seed}, {as_of.date()}")


def test_numpy_and_duckdb_agree_on_the_sample_market_as_the_slider_moves():
    market = kk.load_sample()
    lines = F._arrange(market)  # once: the window is not part of it
    for as_of in pd.date_range("2023-09-30", "2026-10-31", freq="65D"):
        for lookback in (6, 12, 18):
            m = market.with_parameters(lookback_months=lookback)
            where = f"{as_of.date()}, {lookback} months"
            _assert_same_facts(*_both_paths(m, as_of, lines), where)


def test_the_path_is_chosen_by_size(monkeypatch):
    """A small market gets NumPy; beyond NUMPY_MAX_LINES lines DuckDB, with the same table."""
    market = _random_market(4, n_accounts=50)
    assert len(market.sales) + len(market.visits) > 10
    queried = []
    query = F._market_facts
    monkeypatch.setattr(F, "_market_facts", lambda *a, **k: queried.append(1) or query(*a, **k))
    small = segment(market)
    assert F._arrange(market) is not None and len(queried) == 0
    monkeypatch.setattr(F, "NUMPY_MAX_LINES", 10)
    assert F._arrange(market) is None
    big = Market.from_frames(market.sales, market.accounts, market.visits, market.parameters)
    pd.testing.assert_frame_equal(segment(big), small, check_exact=True)
    assert len(queried) == 1


@pytest.mark.parametrize("seed", range(0, 25, 4))
def test_the_duckdb_path_matches_the_pandas_calculation(seed, monkeypatch):
    """The independent pandas calculation above, against the path of the big markets."""
    monkeypatch.setattr(F, "NUMPY_MAX_LINES", -1)
    market = _random_market(seed)
    facts = F.market_facts(market, market.as_of)
    expected = _pandas_facts(market, market.as_of)
    assert facts.revenue == pytest.approx(expected["revenue"].to_numpy(dtype=float), abs=1e-6)
    assert facts.purchase_months.tolist() == expected["purchase_months"].astype(int).tolist()
    assert facts.steps.tolist() == expected["steps"].astype(int).tolist()
    assert facts.visits_without_order.tolist() == expected["without_order"].astype(int).tolist()


def test_kamkit_segment_as_a_program_says_everything_before_it_leaves(tmp_path):
    """Run as the program, `kamkit segment` ends without the interpreter's tear-down once it
    has written and said everything: its output, piped, is whole and the same as in-process,
    its status 0; an error still ends with status 2 and its sentence."""
    import subprocess
    import sys

    from click.testing import CliRunner

    from kamkit.cli import main

    folder = _write_folder(_random_market(61, n_accounts=60), tmp_path / "market")
    program = [sys.executable, "-m", "kamkit", "segment", str(folder), "--lang", "en"]
    summary = subprocess.run(program, capture_output=True, text=True)
    inside = CliRunner().invoke(main, ["segment", str(folder), "--lang", "en"])
    assert summary.returncode == 0, summary.stderr
    assert "Pursuit list:" in summary.stdout and summary.stdout == inside.stdout
    out = tmp_path / "table.csv"
    wrote = subprocess.run([*program, "--out", str(out)], capture_output=True, text=True)
    assert wrote.returncode == 0 and f"to {out}" in wrote.stdout
    same = tmp_path / "same.csv"
    CliRunner().invoke(main, ["segment", str(folder), "--lang", "en", "--out", str(same)])
    assert out.read_bytes() == same.read_bytes()
    missing = subprocess.run([*program[:4], str(tmp_path / "nowhere")], capture_output=True)
    assert missing.returncode == 2 and b"does not exist" in missing.stderr
    # no tear-down after a success (an exit handler does not run), the usual one after an error
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('torn down'))\n"
        "from kamkit.cli import main\n"
        "sys.argv = ['kamkit', *sys.argv[1:]]\n"
        "main(prog_name='kamkit')\n"
    )
    for where, status, torn in ((folder, 0, False), (tmp_path / "nowhere", 2, True)):
        run = subprocess.run(
            [sys.executable, "-c", script, "segment", str(where)], capture_output=True, text=True
        )
        assert run.returncode == status and ("torn down" in run.stdout) == torn, run.stdout


@pytest.mark.parametrize("seed", range(3))
def test_accounts_with_thousands_of_lines_in_a_month_agree_to_the_bit(seed):
    """Many account-months step together and the longest few are finished line by line: both
    give DuckDB's facts, at every date of the heavy months."""
    rng = np.random.default_rng(seed)
    ids = [f"A{i:03d}" for i in range(300)]
    heavy = int(rng.integers(2000, 4000))
    owner = np.concatenate([rng.choice(ids, 3000), np.repeat(ids[:3], heavy)])
    dates = np.concatenate(
        [
            np.datetime64("2024-01-01") + rng.integers(0, 730, 3000).astype("timedelta64[D]"),
            np.datetime64("2025-03-01")
            + rng.integers(0, 31 * 24 * 60, 3 * heavy).astype("timedelta64[m]"),
        ]
    )
    amount = np.round(
        rng.choice([-1, 1, 1], len(owner)) * rng.integers(1, 90000, len(owner)) / 3, 2
    )
    market = Market.from_frames(
        pd.DataFrame({"account_id": owner, "date": dates, "amount": amount}),
        pd.DataFrame({"account_id": ids}),
        parameters=Parameters(as_of="2025-12-31"),
    )
    for day in ("2025-03-01", "2025-03-02", "2025-03-15", "2025-03-31", "2025-04-01", None):
        as_of = market.as_of if day is None else pd.Timestamp(day)
        _assert_same_facts(*_both_paths(market, as_of), f"seed {seed}, {as_of.date()}")


@pytest.mark.parametrize("change", ["amount", "date", "account", "blank amount", "swap", "outcome"])
def test_a_line_changed_in_place_is_not_answered_from_the_kept_facts(change):
    """The facts and arranged lines are kept per market; a line changed in place (an analyst
    fixing a value in a notebook) changes the next call's answer as if computed anew: a blank
    amount (it must not make every later call miss the kept facts), two amounts swapped
    between accounts (the same sum), an interaction's outcome (its steps)."""
    market = _random_market(5, n_accounts=30)
    before = segment(market)
    before_facts = _segment_frame(market, None)[1]
    sales, visits = market.sales, market.visits
    bought = sales["amount"].to_numpy() > 0
    row = int(np.flatnonzero(bought)[np.argmax(sales["date"].to_numpy()[bought])])  # the latest
    if change == "amount":
        sales.loc[row, "amount"] = sales.loc[row, "amount"] + 1000.0
    elif change == "date":
        sales.loc[row, "date"] = sales.loc[row, "date"] - pd.Timedelta(days=400)
    elif change == "account":
        other = sales["account_id"].cat.categories[0]
        if other == sales.loc[row, "account_id"]:
            other = sales["account_id"].cat.categories[1]
        sales.loc[row, "account_id"] = other
    elif change == "blank amount":
        sales.loc[row, "amount"] = np.nan
    elif change == "swap":  # with the latest line of another account and another amount
        amounts, ids = sales["amount"].to_numpy(), sales["account_id"].to_numpy()
        other = int(np.flatnonzero((ids != ids[row]) & bought & (amounts != amounts[row]))[-1])
        sales.loc[[row, other], "amount"] = [amounts[other], amounts[row]]
    else:  # a step in the window becomes a step back
        inside = (visits["date"] >= before_facts.start).to_numpy()
        step = int(
            np.flatnonzero(inside & (visits["outcome"] == "orçamento enviado").to_numpy())[0]
        )
        visits.loc[step, "outcome"] = "Sem interesse no momento"
    after, after_facts = segment(market), _segment_frame(market, None)[1]
    F._forget(id(market.sales))
    fresh, fresh_facts = segment(market), _segment_frame(market, None)[1]
    pd.testing.assert_frame_equal(after, fresh)
    _assert_same_facts(after_facts, fresh_facts, change)
    assert any(
        not np.array_equal(getattr(before_facts, name), getattr(after_facts, name))
        for name in FACT_NAMES
    ), change
    if change == "blank amount":
        names = ("account_id", "date", "amount")
        assert F._fingerprint(sales, names) == F._fingerprint(sales, names)  # the same key
    if change != "outcome":
        assert not after.equals(before)
