"""Speed benchmark: kamkit's segment() against a DuckDB SQL reference on a large market.

Usage (from the repository root)::

    python benchmarks/bench_segment.py              # full size: 200k accounts, 20M sales lines
    python benchmarks/bench_segment.py --scale 0.05 # a quick run

The market is generated once (seeded) and cached as Parquet in ``benchmarks/data/``. Each side
runs in its own subprocess so its wall time and peak memory (max RSS) are its own:

- kamkit: ``python -m kamkit segment DIR --out OUT.parquet`` when the CLI has that command,
  else this file's ``kamkit`` subcommand (reads the Parquet files into a Market and calls
  ``kamkit.analysis.segmentation.segment``);
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
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"

FULL = {"accounts": 200_000, "sales": 20_000_000, "visits": 2_000_000}
FIRST_DAY = np.datetime64("2023-09-16")
LAST_DAY = np.datetime64("2026-09-15")  # 3 years of data; the default as_of is this day
TERRITORIES = 40
SEGMENTS = (
    "Retail",
    "Industry",
    "Food service",
    "Construction",
    "Health",
    "Education",
    "Agribusiness",
    "Logistics",
)
STATES = ("SP", "RJ", "MG", "PR", "SC", "RS", "BA", "PE", "GO", "DF")
FAMILIES = 24
PRODUCTS = 4_000
KINDS = ("visit", "call", "email", "meeting")
OUTCOMES = ("quote requested", "no interest", "follow up", "order promised", "not reached")
NOTES = (
    "asked for catalogue",
    "buyer on holiday",
    "price too high",
    "competitor visits weekly",
    "wants samples",
    "new purchasing manager",
)


# --------------------------------------------------------------------------------------------
# the market


CHUNK_LINES = 20_000_000  # sales lines generated at once (more are written in chunks)


def sizes(scale: float, sales: int | None = None) -> dict[str, int]:
    n = {k: max(20, int(round(v * scale))) for k, v in FULL.items()}
    if sales:
        n["sales"] = int(sales)
    return n


def data_dir(scale: float, seed: int, sales: int | None = None) -> Path:
    return DATA / (f"market-scale{scale:g}-seed{seed}" + (f"-sales{sales}" if sales else ""))


def _text(codes: np.ndarray, dictionary):
    """A plain string column from codes into ``dictionary`` (no Python string per row)."""
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(pa.array(codes), dictionary).cast(pa.string())


def generate(folder: Path, scale: float, seed: int = 7, sales: int | None = None) -> Path:
    """Write accounts.parquet, sales.parquet and visits.parquet into ``folder`` (cached)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    done = folder / "DONE"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    n = sizes(scale, sales)
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
    accounts = pa.table(
        {
            "account_id": pa.array(ids, pa.string()),
            "name": pa.array([f"Company {i}" for i in range(na)], pa.string()),
            "territory": pa.array([f"Territory {t + 1:02d}" for t in territory], pa.string()),
            "salesperson": pa.array([f"Rep {r + 1:03d}" for r in rep], pa.string()),
            "segment": pa.array(seg_names, pa.string()),
            "potential": pa.array(potential, pa.float64()),
            "city": pa.array([f"City {c}" for c in rng.integers(0, 500, na)], pa.string()),
            "state": pa.array(np.array(STATES)[rng.integers(0, len(STATES), na)], pa.string()),
        }
    )
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
    products = pa.array([f"P{p:05d}" for p in range(PRODUCTS)], pa.string())
    families = pa.array([f"Family {f + 1:02d}" for f in range(FAMILIES)], pa.string())

    def sales_chunk(rng, ns):
        """``ns`` sales lines, sorted by date, as an Arrow table."""
        who = rng.choice(len(buyers), ns, p=weight)
        day = begin[who] + (rng.random(ns) * (finish[who] - begin[who])).astype(np.int64)
        seconds = np.where(rng.random(ns) < 0.3, rng.integers(8 * 3600, 18 * 3600, ns), 0)
        stamp = (
            FIRST_DAY.astype("datetime64[ns]").astype(np.int64)
            + day * 86_400_000_000_000
            + seconds * 1_000_000_000
        )
        order = np.argsort(stamp, kind="stable")
        stamp = stamp[order]
        codes = buyers[who[order]].astype(np.int32)
        del who, day, seconds, order
        # whole-currency amounts, so every sum is exact in float64 and both sides agree exactly
        amount = np.maximum(1.0, np.round(rng.lognormal(6.0, 1.2, ns)))
        returns = rng.random(ns) < 0.03
        amount[returns] = -np.maximum(
            1.0, np.round(amount[returns] * rng.random(returns.sum()) * 3)
        )
        product = rng.integers(0, PRODUCTS, ns).astype(np.int32)
        # text columns are written as plain strings, as pandas, DuckDB or an ETL tool would write
        # them (the Parquet writer dictionary-encodes each row group on its own)
        sales = pa.table(
            {
                "account_id": _text(codes, id_dictionary),
                "date": pa.array(stamp.view("datetime64[ns]"), pa.timestamp("ns")),
                "amount": pa.array(amount, pa.float64()),
                "product": _text(product, products),
                "family": _text(product % FAMILIES, families),
            }
        )
        return sales

    ns = n["sales"]
    if ns <= CHUNK_LINES:
        pq.write_table(sales_chunk(rng, ns), folder / "sales.parquet")
    else:  # in chunks of CHUNK_LINES (each sorted by date, the file as a whole not), so that
        # 100M lines need no more memory than 20M; each chunk has its own seeded generator
        writer = None
        for k, start in enumerate(range(0, ns, CHUNK_LINES)):
            chunk = sales_chunk(np.random.default_rng([seed, k]), min(CHUNK_LINES, ns - start))
            if writer is None:
                writer = pq.ParquetWriter(folder / "sales.parquet", chunk.schema)
            writer.write_table(chunk)
            del chunk
        writer.close()

    # visits: reps visit buyers and prospects alike; a third of the accounts are never visited
    nv = n["visits"]
    visited = rng.random(na) < 0.66
    vw = np.where(visited, rng.pareto(1.5, na) + 0.1, 0.0)
    vw /= vw.sum()
    vcodes = rng.choice(na, nv, p=vw).astype(np.int32)
    vstamp = (
        FIRST_DAY.astype("datetime64[ns]").astype(np.int64)
        + rng.integers(0, days, nv) * 86_400_000_000_000
        + rng.integers(8 * 3600, 18 * 3600, nv) * 1_000_000_000
    )
    order = np.argsort(vstamp, kind="stable")
    vstamp, vcodes = vstamp[order], vcodes[order]
    notes = rng.integers(0, len(NOTES), nv)
    visits = pa.table(
        {
            "account_id": _text(vcodes, id_dictionary),
            "date": pa.array(vstamp.view("datetime64[ns]"), pa.timestamp("ns")),
            "kind": pa.array(np.array(KINDS)[rng.integers(0, len(KINDS), nv)], pa.string()),
            "salesperson": accounts.column("salesperson").take(pa.array(vcodes)),
            "outcome": pa.array(
                np.array(OUTCOMES)[rng.integers(0, len(OUTCOMES), nv)], pa.string()
            ),
            "notes": pa.array(
                np.where(rng.random(nv) < 0.2, np.array(NOTES)[notes], None), pa.string()
            ),
        }
    )
    pq.write_table(visits, folder / "visits.parquet")
    (folder / "meta.json").write_text(json.dumps({"scale": scale, "seed": seed, **n}))
    done.write_text("ok\n")
    return folder


# --------------------------------------------------------------------------------------------
# kamkit's side, until kamkit.load and the CLI exist: read the Parquet files into a Market


def run_kamkit_script(folder: Path, out: Path, as_of=None) -> None:
    """kamkit in this process (the agreement test): kamkit.load, then segment()."""
    import kamkit as kk

    market = kk.load(folder)
    if as_of:
        market = market.with_parameters(as_of=as_of)
    kk.segment(market).to_parquet(out, index=False)


# --------------------------------------------------------------------------------------------
# DuckDB's side: the same stage and ABC class in SQL


REFERENCE_SQL = """
WITH
sales AS (SELECT account_id, date, amount FROM read_parquet($sales)),
visits AS (SELECT account_id, date, {step} AS step FROM read_parquet($visits)),
accounts AS (
    SELECT row_number() OVER () AS pos, account_id, name, territory, salesperson, segment,
           -- NaN is blank (tested as text: DuckDB's Parquet statistics leave NaN out, so
           -- isnan() on the column itself is folded to false)
           CASE WHEN potential::VARCHAR NOT ILIKE '%nan' THEN potential END AS potential
    FROM read_parquet($accounts)
),
bounds AS (
    SELECT as_of,
           as_of + INTERVAL 1 DAY AS stop,
           date_trunc('month', as_of) - to_months($lookback - 1) AS start
    FROM (SELECT coalesce($as_of::DATE,
                          greatest((SELECT max(date) FROM sales), (SELECT max(date) FROM visits))::DATE)
                 AS as_of)
),
monthly AS (
    SELECT account_id, date_trunc('month', date) AS month, sum(amount) AS net,
           min(date) FILTER (WHERE amount > 0) AS first_line,
           max(date) FILTER (WHERE amount > 0) AS last_line
    FROM sales, bounds
    WHERE date < stop
    GROUP BY ALL
),
per_account AS (
    SELECT account_id,
           count(*) FILTER (WHERE net > $tol AND month >= start) AS window_months,
           count(*) FILTER (WHERE net > $tol AND month < start) AS months_before,
           coalesce(sum(net) FILTER (WHERE month >= start), 0) AS revenue,
           min(first_line) AS first_purchase,
           max(last_line) AS last_purchase
    FROM monthly, bounds
    GROUP BY account_id
),
contact AS (
    SELECT account_id, max(date) AS last_visit,
           count(*) FILTER (WHERE date >= start) AS visits,
           count(*) FILTER (WHERE date >= start AND step) AS steps
    FROM visits, bounds WHERE date < stop
    GROUP BY account_id
),
base AS (
    SELECT a.*,
           coalesce(p.window_months, 0) AS window_months,
           coalesce(p.months_before, 0) AS months_before,
           coalesce(p.revenue, 0) AS revenue,
           p.first_purchase, p.last_purchase, c.last_visit,
           coalesce(c.visits, 0) AS visits,
           coalesce(c.steps, 0) AS steps,
           coalesce(p.revenue, 0) * 12 / $lookback AS annual,
           coalesce(p.revenue, 0) > $tol AS buyer,
           CASE WHEN trim(a.segment) <> '' THEN a.segment END AS seg
    FROM accounts a
    LEFT JOIN per_account p USING (account_id)
    LEFT JOIN contact c USING (account_id)
),
overall AS (SELECT quantile_cont(annual, $estimate_q) AS q, count(*) AS buyers
            FROM base WHERE buyer),
by_segment AS (
    SELECT seg, quantile_cont(annual, $estimate_q) AS q
    FROM base WHERE buyer AND seg IS NOT NULL
    GROUP BY seg HAVING count(*) >= $min_buyers
),
estimated AS (
    SELECT b.*,
           CASE WHEN b.potential IS NULL AND o.buyers > 0
                THEN greatest(coalesce(s.q, o.q), b.annual)
                ELSE b.potential END AS potential_out,
           b.potential IS NULL AND o.buyers > 0 AS potential_estimated
    FROM base b CROSS JOIN overall o LEFT JOIN by_segment s USING (seg)
),
cut AS (SELECT quantile_cont(potential_out, $potential_q) AS cut FROM estimated),
measured AS (
    SELECT e.*,
           potential_out * $lookback / 12 AS wallet,
           CASE WHEN potential_out * $lookback / 12 > 0
                THEN revenue / (potential_out * $lookback / 12) END AS share,
           CASE WHEN window_months >= $regular THEN 'regular'
                WHEN window_months >= 1 THEN 'occasional'
                WHEN months_before >= 1 THEN 'lapsed'
                WHEN last_visit IS NOT NULL THEN 'approached'
                ELSE 'untouched' END AS stage,
           date_diff('day', last_visit::DATE, (SELECT as_of FROM bounds)) AS days
    FROM estimated e
),
quadrants AS (
    SELECT m.*,
           coalesce(potential_out >= cut AND potential_out > 0, false) AS high_potential,
           coalesce(share >= $share_threshold, false) AS high_share
    FROM measured m CROSS JOIN cut
),
scored AS (
    SELECT q.*,
           CASE WHEN high_potential AND high_share THEN 'key'
                WHEN high_potential THEN 'conquer'
                WHEN high_share THEN 'maintain'
                ELSE 'monitor' END AS quadrant,
           CASE WHEN wallet IS NULL THEN NULL ELSE greatest(wallet - revenue, 0) END AS gap,
           CASE WHEN high_potential AND NOT high_share AND stage <> 'regular'
                THEN greatest(wallet - revenue, 0) * (1 + 0.5 * least(steps, 3) / 3)
           END AS score
    FROM quadrants q
),
ranked AS (
    SELECT account_id,
           coalesce(sum(revenue) OVER (ORDER BY revenue DESC, account_id
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
           / sum(revenue) OVER () AS share_before
    FROM base
    WHERE revenue > $tol
),
priority AS (
    SELECT account_id,
           row_number() OVER (PARTITION BY territory
                              ORDER BY score DESC, potential_out DESC, account_id) AS priority
    FROM scored WHERE score IS NOT NULL
)
SELECT s.account_id, s.name, s.territory, s.salesperson, s.segment, s.stage,
       CASE WHEN r.account_id IS NULL THEN NULL
            WHEN share_before < $a_share THEN 'A'
            WHEN share_before < $b_share THEN 'B'
            ELSE 'C' END AS abc_class,
       s.revenue, s.window_months AS purchase_months, s.potential_out AS potential,
       s.potential_estimated, s.share AS share_of_wallet, s.quadrant, s.gap,
       s.first_purchase, s.last_purchase, s.last_visit, s.visits,
       s.days AS days_since_contact, p.priority
FROM scored s
LEFT JOIN ranked r USING (account_id)
LEFT JOIN priority p USING (account_id)
ORDER BY s.pos
"""


def run_duckdb(
    folder: Path, out: Path, as_of=None, *, lookback=12, regular=6, a_share=0.5, b_share=0.8
) -> None:
    """The reference: REFERENCE_SQL, with as many threads as the cores this process may use
    (``taskset`` pins both sides alike), written to Parquet by DuckDB."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {len(os.sched_getaffinity(0))}")
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
        "estimate_q": 0.9,
        "min_buyers": 5,
        "potential_q": 0.75,
        "share_threshold": 0.3,
    }
    # a step of the pursuit score: an interaction whose outcome is blank or not negative, by the
    # same phrases as kamkit (a light import: the rule's SQL text, no engine, no pandas)
    from kamkit.model.outcomes import step_sql

    sql = REFERENCE_SQL.replace("{step}", step_sql("outcome"))
    con.execute(f"COPY ({sql}) TO '{out}' (FORMAT parquet)", params)
    con.close()


# --------------------------------------------------------------------------------------------
# the harness


def _child(argv: list[str]) -> dict[str, float]:
    """Run a child process; its wall time, CPU time (user + system) and peak RSS, alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {proc.returncode}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
    }  # Linux reports kilobytes


COLUMNS = (
    "account_id", "name", "territory", "salesperson", "segment", "stage", "abc_class",
    "revenue", "purchase_months", "potential", "potential_estimated", "share_of_wallet",
    "quadrant", "gap", "first_purchase", "last_purchase", "last_visit", "visits",
    "days_since_contact", "priority",
)  # fmt: skip


def compare(kamkit_out: Path, duckdb_out: Path) -> list[str]:
    """Rows where the two results differ in any column (empty when they agree): text and
    categories exactly, dates and counts exactly, money to 1e-9 relative (DuckDB and NumPy
    may add in another order)."""
    import pandas as pd

    k = pd.read_parquet(kamkit_out)
    d = pd.read_parquet(duckdb_out)
    problems = []
    if list(k.columns) != list(COLUMNS):
        problems.append(f"kamkit's columns are {list(k.columns)}")
    if list(d.columns) != list(COLUMNS):
        problems.append(f"DuckDB's columns are {list(d.columns)}")
    if problems:
        return problems
    if len(k) != len(d):
        return [f"kamkit has {len(k)} rows, DuckDB {len(d)}"]
    if not (k["account_id"].astype(object) == d["account_id"].astype(object)).all():
        return ["the rows are not in the same order (accounts order)"]
    for col in COLUMNS:
        a, b = k[col], d[col]
        if col in ("revenue", "potential", "share_of_wallet", "gap"):
            x, y = (
                a.to_numpy(dtype=float, na_value=np.nan),
                b.to_numpy(dtype=float, na_value=np.nan),
            )
            same = np.isclose(x, y, rtol=1e-9, atol=1e-9, equal_nan=True)
        elif col in ("first_purchase", "last_purchase", "last_visit"):
            x = a.to_numpy(dtype="datetime64[ns]")
            y = b.to_numpy(dtype="datetime64[ns]")
            same = (x == y) | (np.isnat(x) & np.isnat(y))
        elif col in ("purchase_months", "visits", "days_since_contact", "priority"):
            x, y = (
                a.to_numpy(dtype=float, na_value=np.nan),
                b.to_numpy(dtype=float, na_value=np.nan),
            )
            same = (x == y) | (np.isnan(x) & np.isnan(y))
        else:
            x = a.astype(object).where(a.notna(), None).to_numpy()
            y = b.astype(object).where(b.notna(), None).to_numpy()
            same = np.array([u == v for u, v in zip(x, y)], dtype=bool)
        differ = np.flatnonzero(~same)
        for i in differ[:5]:
            problems.append(
                f"{k['account_id'].iloc[i]}: {col} kamkit={a.iloc[i]!r} duckdb={b.iloc[i]!r}"
            )
        if len(differ) > 5:
            problems.append(f"... {len(differ)} rows differ in {col}")
    return problems


def _pinned(command: list[str], cores: int | None) -> list[str]:
    """``command`` run on the first ``cores`` CPUs (``taskset``), or as it is."""
    if not cores:
        return command
    return ["taskset", "-c", ",".join(str(c) for c in range(cores)), *command]


def bench(
    scale: float,
    seed: int = 7,
    repeat: int = 1,
    side: str = "cli",
    as_of=None,
    quiet: bool = False,
    cores: int | None = None,
    sales: int | None = None,
) -> dict:
    """Generate (or reuse) the market, time both sides, check agreement; return the figures.

    With ``cores``, both sides are pinned to that many CPUs by ``taskset`` (and each gives
    DuckDB as many threads). The sides alternate, kamkit first, ``repeat`` pairs."""
    folder = data_dir(scale, seed, sales)
    if not (folder / "DONE").exists():
        # in a process of its own: a child started by this one counts this process's pages
        # in its peak memory (ru_maxrss) until it runs its own program, so 100M lines
        # generated here made kamkit's peak look 2.0 GiB instead of 0.8 GiB
        generating = [sys.executable, str(Path(__file__).resolve())]
        generating += ["--scale", str(scale), "--seed", str(seed)]
        generating += ["--sales", str(sales)] if sales else []
        subprocess.run([*generating, "generate", str(folder)], check=True, cwd=ROOT)
    with tempfile.TemporaryDirectory(prefix="kamkit-bench-") as tmp:
        k_out, d_out = Path(tmp) / "kamkit.parquet", Path(tmp) / "duckdb.parquet"
        extra = ["--as-of", str(as_of)] if as_of else []
        if side == "cli":
            k_cmd = [sys.executable, "-m", "kamkit", "segment", str(folder), "--out", str(k_out)]
            k_cmd += extra
        else:
            k_cmd = [sys.executable, str(Path(__file__).resolve()), "kamkit", str(folder)]
            k_cmd += [str(k_out), *extra]
        d_cmd = [sys.executable, str(Path(__file__).resolve()), "duckdb", str(folder)]
        d_cmd += [str(d_out), *extra]
        k_cmd, d_cmd = _pinned(k_cmd, cores), _pinned(d_cmd, cores)
        runs = {"kamkit": [], "duckdb": []}
        for _ in range(repeat):
            runs["kamkit"].append(_child(k_cmd))
            runs["duckdb"].append(_child(d_cmd))
        problems = compare(k_out, d_out)
    best = {k: min(r["wall"] for r in v) for k, v in runs.items()}
    cpu = {k: min(r["cpu"] for r in v) for k, v in runs.items()}
    peak = {k: max(r["peak_mb"] for r in v) for k, v in runs.items()}
    pairs = [k["wall"] / d["wall"] for k, d in zip(runs["kamkit"], runs["duckdb"])]
    result = {
        "scale": scale,
        "cores": cores,
        "folder": str(folder),
        "kamkit_side": side,
        "kamkit_seconds": best["kamkit"],
        "duckdb_seconds": best["duckdb"],
        "ratio": best["kamkit"] / best["duckdb"],
        "kamkit_cpu_seconds": cpu["kamkit"],
        "duckdb_cpu_seconds": cpu["duckdb"],
        "kamkit_peak_mb": peak["kamkit"],
        "duckdb_peak_mb": peak["duckdb"],
        "paired_ratio_median": float(np.median(pairs)),
        "runs": runs,
        "agree": not problems,
        "problems": problems,
    }
    if not quiet:
        meta = json.loads((folder / "meta.json").read_text())
        pinned = f", both sides on {cores} core(s)" if cores else ""
        print(
            f"market: {meta['accounts']:,} accounts, {meta['sales']:,} sales lines, "
            f"{meta['visits']:,} visits ({folder}){pinned}"
        )
        for key, label in (("kamkit", f"kamkit ({side})"), ("duckdb", "DuckDB reference")):
            walls = ", ".join(f"{r['wall']:.2f}" for r in runs[key])
            print(
                f"{label}: {best[key]:.2f} s wall (best of {repeat}: {walls}), "
                f"CPU {cpu[key]:.2f} s, peak {peak[key]:.0f} MB"
            )
        print(
            f"ratio kamkit/DuckDB: {result['ratio']:.2f} best to best (target <= 1.1), "
            f"{result['paired_ratio_median']:.2f} median of back-to-back pairs; "
            f"kamkit peak {peak['kamkit'] / 1024:.2f} GiB (target <= 2 GiB)"
        )
        print(
            "agreement: every column of every row agrees"
            if not problems
            else "agreement: FAILED\n  " + "\n  ".join(problems)
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    for name in ("kamkit", "duckdb"):
        p = sub.add_parser(name, help=f"(internal) run {name}'s side once")
        p.add_argument("folder", type=Path)
        p.add_argument("out", type=Path)
        p.add_argument("--as-of")
    p = sub.add_parser("generate", help="(internal) write the market into FOLDER")
    p.add_argument("folder", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 20M sales lines")
    parser.add_argument(
        "--sales", type=int, default=None, help="sales lines (e.g. 100000000), whatever the scale"
    )
    parser.add_argument(
        "--cores",
        type=int,
        nargs="*",
        default=None,
        help="pin both sides to this many cores with taskset, one run per value (e.g. 1 2)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; the best counts")
    parser.add_argument(
        "--side",
        choices=("cli", "script"),
        default="cli",
        help="how kamkit runs: `kamkit segment` (the CLI), or kamkit.load + "
        "segment() in a script (no CLI start-up)",
    )
    parser.add_argument("--as-of", help="analysis date (default: latest date in the data)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args.folder, args.scale, args.seed, args.sales)
        return 0
    if args.command == "kamkit":
        run_kamkit_script(args.folder, args.out, args.as_of)
        return 0
    if args.command == "duckdb":
        run_duckdb(args.folder, args.out, args.as_of)
        return 0
    results = [
        bench(
            args.scale,
            args.seed,
            args.repeat,
            args.side,
            args.as_of,
            cores=cores,
            sales=args.sales,
        )
        for cores in (args.cores or [None])
    ]
    if args.json:
        print(json.dumps(results if args.cores else results[0], default=str))
    return 0 if all(r["agree"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
