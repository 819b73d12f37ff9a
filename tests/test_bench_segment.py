"""The speed benchmark's agreement check at a tiny scale: kamkit and DuckDB agree on every row."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kamkit as kk

pytest.importorskip("duckdb")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "bench_segment", ROOT / "benchmarks" / "bench_segment.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def folder(bench, tmp_path_factory):
    return bench.generate(tmp_path_factory.mktemp("market"), scale=0.0005, seed=11)


def test_tiny_market_files(bench, folder):
    for name in ("accounts", "sales", "visits"):
        assert (folder / f"{name}.parquet").exists()
    market = kk.load(folder)
    assert len(market.accounts) == 100 and len(market.sales) == 10_000
    assert len(market.visits) == 1_000
    ids = market.sales["account_id"]
    assert list(ids.cat.categories) == market.accounts["account_id"].tolist()
    assert ids.notna().all() and market.sales["date"].dtype == "datetime64[ns]"


@pytest.mark.parametrize("as_of", [None, "2025-03-17", "2024-01-01"])
def test_kamkit_and_duckdb_agree_on_every_row(bench, folder, tmp_path, as_of):
    k, d = tmp_path / "k.parquet", tmp_path / "d.parquet"
    bench.run_kamkit_script(folder, k, as_of)
    bench.run_duckdb(folder, d, as_of)
    assert bench.compare(k, d) == []
    stages = pd.read_parquet(k)["stage"].astype(str)
    assert stages.nunique() >= 3  # not a trivial market


def test_compare_finds_a_disagreement(bench, folder, tmp_path):
    k, d = tmp_path / "k.parquet", tmp_path / "d.parquet"
    bench.run_kamkit_script(folder, k)
    bench.run_duckdb(folder, d)
    frame = pd.read_parquet(d)
    frame.loc[0, "stage"] = "regular" if frame.loc[0, "stage"] != "regular" else "lapsed"
    frame.to_parquet(d)
    problems = bench.compare(k, d)
    assert len(problems) == 1 and "stage" in problems[0]


def test_kamkit_load_gives_the_same_market_as_plain_pandas(folder):
    """kamkit's fast Parquet reading (row groups, dictionary codes) changes no value."""
    from kamkit.model.market import Market

    fast = kk.load(folder)
    plain = Market.from_frames(
        sales=pd.read_parquet(folder / "sales.parquet"),
        accounts=pd.read_parquet(folder / "accounts.parquet"),
        visits=pd.read_parquet(folder / "visits.parquet"),
    )
    for table in ("sales", "visits"):
        a = getattr(fast, table).astype({"account_id": object})
        b = getattr(plain, table).astype({"account_id": object})
        for col in a.columns:
            left, right = a[col], b[col]
            if left.dtype == "category" or left.dtype == object:
                left, right = left.astype(object), right.astype(object)
                left, right = left.where(left.notna(), None), right.where(right.notna(), None)
            assert left.tolist() == right.tolist(), (table, col)
    pd.testing.assert_frame_equal(kk.segment(fast), kk.segment(plain), check_dtype=False)


@pytest.mark.parametrize("cores", [None, 1])
def test_benchmark_harness_runs(bench, folder, monkeypatch, capsys, cores):
    """The whole harness (subprocesses, timing, memory) on the tiny market, also pinned to one
    core (``--cores 1``)."""
    monkeypatch.setattr(bench, "data_dir", lambda scale, seed, sales=None: folder)
    result = bench.bench(0.0005, seed=11, side="cli", cores=cores)
    assert result["agree"], result["problems"]
    assert result["cores"] == cores
    assert result["kamkit_seconds"] > 0 and result["kamkit_peak_mb"] > 0
    out = capsys.readouterr().out
    assert "ratio kamkit/DuckDB" in out and "every row agrees" in out


def test_parquet_text_columns_with_many_values_and_nulls(tmp_path):
    """Large dictionaries, nulls, codes missing from the accounts, several row groups."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 90_000
    notes = np.array([f"note {i}" for i in range(n)], dtype=object)
    notes[::7] = None
    pq.write_table(
        pa.table(
            {
                "account_id": pa.array((["a", "b", "c", "a"] * n)[:n], pa.string()),
                "date": pa.array(np.arange(n).astype("datetime64[s]").astype("datetime64[us]")),
                "notes": pa.array(notes, pa.string()),
                "kind": pa.array((["visit", "call"] * n)[:n], pa.string()),
            }
        ),
        tmp_path / "visits.parquet",
        row_group_size=50_000,
    )
    pq.write_table(
        pa.table(
            {"account_id": ["a", "b", "c"], "date": ["2024-01-01"] * 3, "amount": [1.0, 2.0, 3.0]}
        ),
        tmp_path / "sales.parquet",
    )
    market = kk.load(tmp_path)
    visits = market.visits
    assert visits["date"].dtype == "datetime64[ns]"
    assert visits["account_id"].cat.categories.tolist() == ["a", "b", "c"]
    assert visits["account_id"].astype(str).tolist() == (["a", "b", "c", "a"] * n)[:n]
    back = visits["notes"].astype(object).where(visits["notes"].notna(), None).tolist()
    assert back == notes.tolist()
    assert visits["kind"].astype(str).tolist() == (["visit", "call"] * n)[:n]
    pq.write_table(
        pa.table({"account_id": ["a", "b"], "name": ["A", "B"], "territory": ["T", "T"]}),
        tmp_path / "accounts.parquet",
    )
    report = kk.validate(tmp_path)
    assert "1 account code(s) in the sales table are not in the accounts table" in str(report)
    assert "1 account code(s) in the visits table" in str(report) and "'c'" in str(report)


def test_kamkit_segment_on_the_files_agrees_with_duckdb_on_every_column(bench, folder, tmp_path):
    """`kamkit segment DIR --out` (the lines read by queries from the Parquet files) against the
    reference SQL, which computes every column of the table."""
    k, d = tmp_path / "k.parquet", tmp_path / "d.parquet"
    subprocess.run(
        [sys.executable, "-m", "kamkit", "segment", str(folder), "--out", str(k)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    bench.run_duckdb(folder, d)
    assert bench.compare(k, d) == []
    table = pd.read_parquet(k)
    assert list(table.columns) == list(bench.COLUMNS)
    assert table["priority"].notna().sum() > 0 and table["potential_estimated"].any()


@pytest.mark.parametrize(
    "column, value",
    [("revenue", 1.5), ("last_visit", pd.Timestamp("2020-01-01")), ("priority", 999)],
)
def test_compare_finds_a_disagreement_in_any_column(bench, folder, tmp_path, column, value):
    k, d = tmp_path / "k.parquet", tmp_path / "d.parquet"
    bench.run_kamkit_script(folder, k)
    bench.run_duckdb(folder, d)
    frame = pd.read_parquet(d)
    frame.loc[3, column] = value
    frame.to_parquet(d)
    problems = bench.compare(k, d)
    assert len(problems) == 1 and column in problems[0]


def test_cores_pin_both_sides(bench):
    assert bench._pinned(["python", "x"], None) == ["python", "x"]
    assert bench._pinned(["python", "x"], 2) == ["taskset", "-c", "0,1", "python", "x"]


def test_many_sales_lines_are_generated_in_chunks(bench, tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    monkeypatch.setattr(bench, "CHUNK_LINES", 1_000)
    folder = bench.data_dir(0.0005, 5, 2_500)
    assert folder.name == "market-scale0.0005-seed5-sales2500"
    folder = bench.generate(tmp_path / folder.name, 0.0005, 5, 2_500)
    assert pq.ParquetFile(folder / "sales.parquet").metadata.num_rows == 2_500
    k, d = tmp_path / "k.parquet", tmp_path / "d.parquet"
    bench.run_kamkit_script(folder, k)
    bench.run_duckdb(folder, d)
    assert bench.compare(k, d) == []
