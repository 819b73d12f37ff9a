"""Speed benchmark: kamkit's segment() against a DuckDB SQL reference on a large market.

Usage (from the repository root)::

    python benchmarks/bench_segment.py              # full size: 200k accounts, 20M sales lines
    python benchmarks/bench_segment.py --scale 0.05 # a quick run

The market is generated once (seeded) and cached as Parquet in ``benchmarks/data/``. Each side
runs in its own subprocess so its wall time and peak memory (max RSS) are its own:

- kamkit: ``python -m kamkit segment DIR --out OUT.parquet`` when the CLI has that command,
  else this file's ``kamkit`` subcommand (reads the Parquet files into a Market and calls
  ``kamkit.segmentation.segment``);
- DuckDB: one SQL query computing the lifecycle stage and ABC class of every account from the
  same Parquet files (this file's ``duckdb`` subcommand).

Both write one row per account; the two results must agree on every row (stage and ABC class).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"

FULL = {"accounts": 200_000, "sales": 20_000_000, "visits": 2_000_000}
FIRST_DAY = np.datetime64("2023-09-16")
LAST_DAY = np.datetime64("2026-09-15")  # 3 years of data; the default as_of is this day
TERRITORIES = 40
SEGMENTS = ("Retail", "Industry", "Food service", "Construction", "Health", "Education",
            "Agribusiness", "Logistics")
STATES = ("SP", "RJ", "MG", "PR", "SC", "RS", "BA", "PE", "GO", "DF")
FAMILIES = 24
PRODUCTS = 4_000
KINDS = ("visit", "call", "email", "meeting")
OUTCOMES = ("quote requested", "no interest", "follow up", "order promised", "not reached")
NOTES = ("asked for catalogue", "buyer on holiday", "price too high", "competitor visits weekly",
         "wants samples", "new purchasing manager")


# --------------------------------------------------------------------------------------------
# the market


def sizes(scale: float) -> dict[str, int]:
    return {k: max(20, int(round(v * scale))) for k, v in FULL.items()}


def data_dir(scale: float, seed: int) -> Path:
    return DATA / f"market-scale{scale:g}-seed{seed}"


def _text(codes: np.ndarray, dictionary):
    """A plain string column from codes into ``dictionary`` (no Python string per row)."""
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(pa.array(codes), dictionary).cast(pa.string())


def generate(folder: Path, scale: float, seed: int = 7) -> Path:
    """Write accounts.parquet, sales.parquet and visits.parquet into ``folder`` (cached)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    done = folder / "DONE"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    n = sizes(scale)
    rng = np.random.default_rng(seed)
    na = n["accounts"]

    # accounts: ids are 7-digit codes with leading zeros, in no particular order
    ids = np.array([f"{i:07d}" for i in rng.choice(10_000_000, na, replace=False)])
    territory = rng.integers(0, TERRITORIES, na)
    rep = territory * 3 + rng.integers(0, 3, na)
    seg = rng.integers(0, len(SEGMENTS), na)
    potential = np.round(rng.lognormal(11.0, 1.3, na), -2)
    potential[rng.random(na) < 0.3] = np.nan
    potential[rng.random(na) < 0.01] = 0.0
    seg_names = np.array(SEGMENTS, dtype=object)[seg]
    seg_names[rng.random(na) < 0.02] = None
    accounts = pa.table({
        "account_id": pa.array(ids, pa.string()),
        "name": pa.array([f"Company {i}" for i in range(na)], pa.string()),
        "territory": pa.array([f"Territory {t + 1:02d}" for t in territory], pa.string()),
        "salesperson": pa.array([f"Rep {r + 1:03d}" for r in rep], pa.string()),
        "segment": pa.array(seg_names, pa.string()),
        "potential": pa.array(potential, pa.float64()),
        "city": pa.array([f"City {c}" for c in rng.integers(0, 500, na)], pa.string()),
        "state": pa.array(np.array(STATES)[rng.integers(0, len(STATES), na)], pa.string()),
    })
    pq.write_table(accounts, folder / "accounts.parquet")
    id_dictionary = accounts.column("account_id").combine_chunks()

    # who buys, when, how much: 60% of accounts buy at some point, with Pareto-like weights;
    # each buyer is active over a random span, so some lapse and some start recently
    days = int((LAST_DAY - FIRST_DAY).astype(int)) + 1
    buyer = rng.random(na) < 0.6
    buyers = np.flatnonzero(buyer)
    weight = rng.pareto(1.2, len(buyers)) + 0.05
    weight /= weight.sum()
    begin = rng.integers(0, days, len(buyers))
    begin[rng.random(len(buyers)) < 0.5] = 0
    span = rng.integers(30, days + 1, len(buyers))
    finish = np.minimum(begin + span, days)
    ns = n["sales"]
    who = rng.choice(len(buyers), ns, p=weight)
    day = begin[who] + (rng.random(ns) * (finish[who] - begin[who])).astype(np.int64)
    seconds = np.where(rng.random(ns) < 0.3, rng.integers(8 * 3600, 18 * 3600, ns), 0)
    stamp = (FIRST_DAY.astype("datetime64[ns]").astype(np.int64)
             + day * 86_400_000_000_000 + seconds * 1_000_000_000)
    order = np.argsort(stamp, kind="stable")
    stamp = stamp[order]
    codes = buyers[who[order]].astype(np.int32)
    del who, day, seconds, order
    # whole-currency amounts, so every sum is exact in float64 and both sides agree exactly
    amount = np.maximum(1.0, np.round(rng.lognormal(6.0, 1.2, ns)))
    returns = rng.random(ns) < 0.03
    amount[returns] = -np.maximum(1.0, np.round(amount[returns] * rng.random(returns.sum()) * 3))
    product = rng.integers(0, PRODUCTS, ns).astype(np.int32)
    products = pa.array([f"P{p:05d}" for p in range(PRODUCTS)], pa.string())
    families = pa.array([f"Family {f + 1:02d}" for f in range(FAMILIES)], pa.string())
    # text columns are written as plain strings, as pandas, DuckDB or an ETL tool would write
    # them (the Parquet writer dictionary-encodes each row group on its own)
    sales = pa.table({
        "account_id": _text(codes, id_dictionary),
        "date": pa.array(stamp.view("datetime64[ns]"), pa.timestamp("ns")),
        "amount": pa.array(amount, pa.float64()),
        "product": _text(product, products),
        "family": _text(product % FAMILIES, families),
    })
    del codes, stamp, amount, product
    pq.write_table(sales, folder / "sales.parquet")
    del sales

    # visits: reps visit buyers and prospects alike; a third of the accounts are never visited
    nv = n["visits"]
    visited = rng.random(na) < 0.66
    vw = np.where(visited, rng.pareto(1.5, na) + 0.1, 0.0)
    vw /= vw.sum()
    vcodes = rng.choice(na, nv, p=vw).astype(np.int32)
    vstamp = (FIRST_DAY.astype("datetime64[ns]").astype(np.int64)
              + rng.integers(0, days, nv) * 86_400_000_000_000
              + rng.integers(8 * 3600, 18 * 3600, nv) * 1_000_000_000)
    order = np.argsort(vstamp, kind="stable")
    vstamp, vcodes = vstamp[order], vcodes[order]
    notes = rng.integers(0, len(NOTES), nv)
    visits = pa.table({
        "account_id": _text(vcodes, id_dictionary),
        "date": pa.array(vstamp.view("datetime64[ns]"), pa.timestamp("ns")),
        "kind": pa.array(np.array(KINDS)[rng.integers(0, len(KINDS), nv)], pa.string()),
        "salesperson": accounts.column("salesperson").take(pa.array(vcodes)),
        "outcome": pa.array(np.array(OUTCOMES)[rng.integers(0, len(OUTCOMES), nv)], pa.string()),
        "notes": pa.array(np.where(rng.random(nv) < 0.2, np.array(NOTES)[notes], None),
                          pa.string()),
    })
    pq.write_table(visits, folder / "visits.parquet")
    (folder / "meta.json").write_text(json.dumps({"scale": scale, "seed": seed, **n}))
    done.write_text("ok\n")
    return folder


# --------------------------------------------------------------------------------------------
# kamkit's side, until kamkit.load and the CLI exist: read the Parquet files into a Market


def _read_events(path: Path, id_dtype, text_columns: tuple[str, ...]):
    """One event table as a DataFrame of the data model, read row group by row group.

    ``account_id`` and the text columns are read as Arrow dictionaries and become pandas
    Categoricals: no Python string per row, and the strings of each row group's dictionary are
    looked up once. Dates and amounts are copied once into preallocated NumPy arrays, so peak
    memory is the result plus one row group.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    names = schema.names
    coded = [c for c in ("account_id", *text_columns) if c in names]
    pf = pq.ParquetFile(path, read_dictionary=coded)
    n = pf.metadata.num_rows
    # dictionary indices: int32 for accounts, int16 for other text until a dictionary is larger
    out: dict[str, np.ndarray] = {
        c: np.empty(n, dtype=np.int32 if c == "account_id" else np.int16) for c in coded}
    pieces: dict[str, list] = {c: [] for c in coded}
    offset = 0
    # decode the next row group (Arrow, GIL released) while this one is copied (NumPy)
    with ThreadPoolExecutor(max_workers=1) as prefetch:
        groups = range(pf.num_row_groups)
        pending = prefetch.submit(pf.read_row_group, 0) if len(groups) else None
        for g in groups:
            table = pending.result()
            if g + 1 < len(groups):
                pending = prefetch.submit(pf.read_row_group, g + 1)
            _copy_group(table, names, pieces, out, offset, n)
            offset += table.num_rows
            del table
    columns = {}
    for name in names:
        if name not in pieces:
            columns[name] = out.pop(name)
            continue
        if name == "account_id":
            categories = pa.array(id_dtype.categories.to_numpy(dtype=object), pa.string())
        else:
            categories = None
        codes, categories = _recode_pieces(out.pop(name), pieces.pop(name), categories)
        dtype = id_dtype if name == "account_id" else pd.CategoricalDtype(
            pd.Index(categories.to_pylist()))
        columns[name] = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
    return pd.DataFrame(columns, copy=False)


def _copy_group(table, names, pieces, out, offset, n) -> None:
    """Copy one row group into the output arrays (dictionary indices for coded columns)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for name in names:
        pos = offset
        for chunk in table.column(name).chunks:
            size = len(chunk)
            if name in pieces:
                if not pa.types.is_dictionary(chunk.type):
                    chunk = chunk.dictionary_encode()
                if len(chunk.dictionary) > np.iinfo(out[name].dtype).max:
                    out[name] = out[name].astype(np.int32)      # a big dictionary: widen
                indices = chunk.indices
                if indices.null_count:
                    indices = pc.fill_null(indices, -1)
                out[name][pos: pos + size] = indices.to_numpy(zero_copy_only=False)
                pieces[name].append((pos, size, chunk.dictionary))
            else:
                values = chunk.to_numpy(zero_copy_only=False)
                if values.dtype.kind == "M" and values.dtype != np.dtype("datetime64[ns]"):
                    values = values.astype("datetime64[ns]")
                if name not in out:
                    out[name] = np.empty(n, dtype=values.dtype)
                out[name][pos: pos + size] = values
            pos += size


def _dictionary_key(d) -> tuple:
    return (len(d), *(b.address if b is not None else 0 for b in d.buffers()))


def _code_dtype(categories: int) -> np.dtype:
    """The code dtype pandas gives a Categorical with this many categories."""
    for dtype in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.int64)


def _recode_pieces(indices: np.ndarray, pieces: list, categories):
    """Turn per-chunk dictionary indices into codes over ``categories``.

    Chunks often share one dictionary (one per row group), so each distinct dictionary is
    looked up once, in one ``index_in`` call (each call rebuilds its hash table); a dictionary
    equal to ``categories`` needs no lookup at all. With ``categories`` of ``None`` the
    categories are the sorted distinct values of all chunks. Returns ``(codes, categories)``;
    the codes are written into ``indices`` when pandas wants that dtype, else into a new array.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    distinct: dict[tuple, int] = {}
    dictionaries = []
    for _, _, d in pieces:
        key = _dictionary_key(d)
        if key not in distinct:
            distinct[key] = len(dictionaries)
            dictionaries.append(d.cast(pa.string()))
    if categories is None:
        every = pa.concat_arrays(dictionaries) if dictionaries else pa.array([], pa.string())
        categories = pc.unique(every).drop_null().sort()
    dtype = _code_dtype(len(categories))
    codes = indices if indices.dtype == dtype else np.empty(len(indices), dtype=dtype)
    maps = [None] * len(dictionaries)
    lookup = [i for i, d in enumerate(dictionaries) if not d.equals(categories)]
    for i in set(range(len(dictionaries))) - set(lookup):
        maps[i] = np.arange(len(categories), dtype=dtype)
    if lookup:
        joined = pa.concat_arrays([dictionaries[i] for i in lookup])
        found = pc.fill_null(pc.index_in(joined, value_set=categories), -1)
        found = found.to_numpy(zero_copy_only=False).astype(dtype)
        start = 0
        for i in lookup:
            maps[i] = found[start: start + len(dictionaries[i])]
            start += len(dictionaries[i])
    for pos, size, d in pieces:
        mapping = np.append(maps[distinct[_dictionary_key(d)]], dtype.type(-1))  # null -> -1
        codes[pos: pos + size] = mapping[indices[pos: pos + size]]
    return codes, categories


def load_market(folder: Path, as_of=None):
    """A Market from accounts/sales/visits Parquet files, fast and small (see README)."""
    import pandas as pd
    import pyarrow.parquet as pq

    from kamkit.market import Market, Parameters

    accounts = pq.read_table(folder / "accounts.parquet").to_pandas()
    id_dtype = pd.CategoricalDtype(pd.Index(accounts["account_id"]))  # one dtype for both tables
    with ThreadPoolExecutor(max_workers=1) as other:   # the visit log loads alongside
        visits = other.submit(_read_events, folder / "visits.parquet", id_dtype,
                              ("kind", "salesperson", "outcome", "notes"))
        sales = _read_events(folder / "sales.parquet", id_dtype, ("product", "family"))
        visits = visits.result()
    params = Parameters(as_of=pd.Timestamp(as_of) if as_of else None)
    return Market(accounts, sales, visits, params, source=str(folder))


def run_kamkit_script(folder: Path, out: Path, as_of=None) -> None:
    from kamkit.segmentation import segment

    market = load_market(folder, as_of)
    table = segment(market)
    table.to_parquet(out, index=False)


# --------------------------------------------------------------------------------------------
# DuckDB's side: the same stage and ABC class in SQL


REFERENCE_SQL = """
WITH
sales AS (SELECT account_id, date, amount FROM read_parquet($sales)),
visits AS (SELECT account_id, date FROM read_parquet($visits)),
accounts AS (SELECT account_id FROM read_parquet($accounts)),
bounds AS (
    SELECT as_of,
           as_of + INTERVAL 1 DAY AS stop,
           date_trunc('month', as_of) - to_months($lookback - 1) AS start
    FROM (SELECT coalesce($as_of::DATE,
                          greatest((SELECT max(date) FROM sales), (SELECT max(date) FROM visits))::DATE)
                 AS as_of)
),
monthly AS (
    SELECT account_id, date_trunc('month', date) AS month, sum(amount) AS net
    FROM sales, bounds
    WHERE date < stop
    GROUP BY ALL
),
per_account AS (
    SELECT account_id,
           count(*) FILTER (WHERE net > $tol AND month >= start) AS window_months,
           count(*) FILTER (WHERE net > $tol AND month < start) AS months_before,
           coalesce(sum(net) FILTER (WHERE month >= start), 0) AS revenue
    FROM monthly, bounds
    GROUP BY account_id
),
contacted AS (
    SELECT DISTINCT account_id FROM visits, bounds WHERE date < stop
),
base AS (
    SELECT a.account_id,
           coalesce(p.window_months, 0) AS window_months,
           coalesce(p.months_before, 0) AS months_before,
           coalesce(p.revenue, 0) AS revenue,
           c.account_id IS NOT NULL AS contacted
    FROM accounts a
    LEFT JOIN per_account p USING (account_id)
    LEFT JOIN contacted c USING (account_id)
),
ranked AS (
    SELECT account_id,
           coalesce(sum(revenue) OVER (ORDER BY revenue DESC, account_id
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
           / sum(revenue) OVER () AS share_before
    FROM base
    WHERE revenue > $tol
)
SELECT b.account_id,
       CASE WHEN window_months >= $regular THEN 'regular'
            WHEN window_months >= 1 THEN 'occasional'
            WHEN months_before >= 1 THEN 'lapsed'
            WHEN contacted THEN 'approached'
            ELSE 'untouched' END AS stage,
       CASE WHEN r.account_id IS NULL THEN NULL
            WHEN share_before < $a_share THEN 'A'
            WHEN share_before < $b_share THEN 'B'
            ELSE 'C' END AS abc_class
FROM base b LEFT JOIN ranked r USING (account_id)
"""


def run_duckdb(folder: Path, out: Path, as_of=None, *, lookback=12, regular=6, a_share=0.5,
               b_share=0.8) -> None:
    import duckdb

    con = duckdb.connect()
    params = {
        "sales": str(folder / "sales.parquet"),
        "visits": str(folder / "visits.parquet"),
        "accounts": str(folder / "accounts.parquet"),
        "as_of": as_of,
        "lookback": lookback,
        "regular": regular,
        "a_share": a_share,
        "b_share": b_share,
        "tol": 0.005,
    }
    rel = con.execute(f"COPY ({REFERENCE_SQL}) TO '{out}' (FORMAT parquet)", params)
    rel.fetchall()
    con.close()


# --------------------------------------------------------------------------------------------
# the harness


def _cli_has_segment() -> bool:
    """True when ``python -m kamkit segment`` exists (the lead's CLI)."""
    try:
        done = subprocess.run([sys.executable, "-m", "kamkit", "segment", "--help"],
                              capture_output=True, cwd=ROOT, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _child(argv: list[str]) -> dict[str, float]:
    """Run a child process; its wall time, CPU time (user + system) and peak RSS, alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {proc.returncode}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024}  # Linux reports kilobytes


def compare(kamkit_out: Path, duckdb_out: Path) -> list[str]:
    """Rows where the two results differ in stage or ABC class (empty when they agree)."""
    import pandas as pd

    k = pd.read_parquet(kamkit_out, columns=["account_id", "stage", "abc_class"])
    d = pd.read_parquet(duckdb_out, columns=["account_id", "stage", "abc_class"])
    problems = []
    if len(k) != len(d):
        problems.append(f"kamkit has {len(k)} rows, DuckDB {len(d)}")
    k = k.astype(object).where(k.notna(), None).set_index("account_id")
    d = d.astype(object).where(d.notna(), None).set_index("account_id")
    if not k.index.is_unique or not d.index.is_unique:
        problems.append("account_id is not unique in one of the results")
        return problems
    both = pd.merge(k, d, left_index=True, right_index=True, how="outer",
                    suffixes=("_kamkit", "_duckdb"))
    for col in ("stage", "abc_class"):
        a, b = both[f"{col}_kamkit"], both[f"{col}_duckdb"]
        differ = ~((a == b) | (a.isna() & b.isna()))
        for account_id, row in both[differ].head(10).iterrows():
            problems.append(f"{account_id}: {col} kamkit={row[f'{col}_kamkit']!r} "
                            f"duckdb={row[f'{col}_duckdb']!r}")
        if differ.sum() > 10:
            problems.append(f"... {int(differ.sum())} rows differ in {col}")
    return problems


def bench(scale: float, seed: int = 7, repeat: int = 1, side: str = "auto", as_of=None,
          quiet: bool = False) -> dict:
    """Generate (or reuse) the market, time both sides, check agreement; return the figures."""
    folder = generate(data_dir(scale, seed), scale, seed)
    if side == "auto":
        side = "cli" if _cli_has_segment() else "script"
    with tempfile.TemporaryDirectory(prefix="kamkit-bench-") as tmp:
        k_out, d_out = Path(tmp) / "kamkit.parquet", Path(tmp) / "duckdb.parquet"
        extra = ["--as-of", str(as_of)] if as_of else []
        if side == "cli":
            k_cmd = [sys.executable, "-m", "kamkit", "segment", str(folder), "--out", str(k_out)]
            if as_of:
                k_cmd += ["--as-of", str(as_of)]
        else:
            k_cmd = [sys.executable, str(Path(__file__).resolve()), "kamkit", str(folder), str(k_out), *extra]
        d_cmd = [sys.executable, str(Path(__file__).resolve()), "duckdb", str(folder), str(d_out), *extra]
        runs = {"kamkit": [], "duckdb": []}
        for _ in range(repeat):
            runs["kamkit"].append(_child(k_cmd))
            runs["duckdb"].append(_child(d_cmd))
        problems = compare(k_out, d_out)
    best = {k: min(r["wall"] for r in v) for k, v in runs.items()}
    cpu = {k: min(r["cpu"] for r in v) for k, v in runs.items()}
    peak = {k: max(r["peak_mb"] for r in v) for k, v in runs.items()}
    result = {
        "scale": scale, "folder": str(folder), "kamkit_side": side,
        "kamkit_seconds": best["kamkit"], "duckdb_seconds": best["duckdb"],
        "ratio": best["kamkit"] / best["duckdb"],
        "kamkit_cpu_seconds": cpu["kamkit"], "duckdb_cpu_seconds": cpu["duckdb"],
        "kamkit_peak_mb": peak["kamkit"], "duckdb_peak_mb": peak["duckdb"],
        "paired_ratio_median": float(np.median(
            [k["wall"] / d["wall"] for k, d in zip(runs["kamkit"], runs["duckdb"])])),
        "runs": runs, "agree": not problems, "problems": problems,
    }
    if not quiet:
        meta = json.loads((folder / "meta.json").read_text())
        print(f"market: {meta['accounts']:,} accounts, {meta['sales']:,} sales lines, "
              f"{meta['visits']:,} visits ({folder})")
        for key, label in (("kamkit", f"kamkit ({side})"), ("duckdb", "DuckDB reference")):
            walls = ", ".join(f"{r['wall']:.2f}" for r in runs[key])
            print(f"{label}: {best[key]:.2f} s wall (best of {repeat}: {walls}), "
                  f"CPU {cpu[key]:.2f} s, peak {peak[key]:.0f} MB")
        print(f"ratio kamkit/DuckDB: {result['ratio']:.2f} best to best (target <= 1.5), "
              f"{result['paired_ratio_median']:.2f} median of back-to-back pairs; "
              f"kamkit peak {peak['kamkit'] / 1024:.2f} GB (target <= 1.5 GB)")
        print("agreement: every row agrees" if not problems
              else "agreement: FAILED\n  " + "\n  ".join(problems))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    for name in ("kamkit", "duckdb"):
        p = sub.add_parser(name, help=f"(internal) run {name}'s side once")
        p.add_argument("folder", type=Path)
        p.add_argument("out", type=Path)
        p.add_argument("--as-of")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 20M sales lines")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; the best counts")
    parser.add_argument("--side", choices=("auto", "cli", "script"), default="auto",
                        help="how kamkit runs: its CLI, or this file's loader + segment()")
    parser.add_argument("--as-of", help="analysis date (default: latest date in the data)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    if args.command == "kamkit":
        run_kamkit_script(args.folder, args.out, args.as_of)
        return 0
    if args.command == "duckdb":
        run_duckdb(args.folder, args.out, args.as_of)
        return 0
    result = bench(args.scale, args.seed, args.repeat, args.side, args.as_of)
    if args.json:
        print(json.dumps(result, default=str))
    return 0 if result["agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
