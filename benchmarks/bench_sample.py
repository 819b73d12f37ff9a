"""Speed benchmark: the sample market's segment table, as the widgets ask for it.

Usage (from the repository root)::

    python benchmarks/bench_sample.py            # 40 calls of each kind
    python benchmarks/bench_sample.py --calls 200 --json
    git archive b1a2f73 | tar -x -C /tmp/old     # the code before the redesign, then:
    python benchmarks/bench_sample.py --old /tmp/old --pairs 5   # new against old, alternating

One process, every figure from the same run:

- ``first``: the first ``kk.segment(market)`` of the process (DuckDB imported, its database
  made, the facts queried);
- ``repeated``: ``kk.segment`` again on the same market with another parameter that does not
  change the facts (``share_threshold``), as a widget does when a slider moves or a
  territory is picked: the facts are kept per market;
- ``new date``: ``kk.segment`` with another ``as_of`` each call, so the facts are computed
  each time;
- ``new window``: ``kk.segment`` with another ``lookback_months`` each call (the stage
  explorer's window slider), the facts computed each time;
- ``pandas reference``: the same per-account facts by pandas group-bys (the named reference:
  the work a pandas implementation of the definitions would do), plus the rest of the table.

A new-versus-old ratio cannot be measured in one process: ``--old DIR`` (a copy of an older
kamkit, e.g. ``git archive b1a2f73``, the engine before the redesign) runs this benchmark in
fresh processes, the current code and the old one alternating, ``--pairs`` pairs, and gives
each kind's median over the pairs and the ratio new / old of those medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np


def _pandas_facts(market, as_of):
    """Per-account facts by pandas group-bys (the reference): revenue, purchase months, bought
    before, first and last purchase, last visit, visits in the window."""
    import pandas as pd

    p = market.parameters
    start = (as_of.to_period("M") - (p.lookback_months - 1)).to_timestamp()
    stop = as_of.normalize() + pd.Timedelta(days=1)
    sales = market.sales[market.sales["date"] < stop]
    month = sales["date"].dt.to_period("M")
    net = sales.groupby([sales["account_id"], month], observed=True)["amount"].sum()
    net = net.reset_index(name="net")
    inside = net["date"].dt.to_timestamp() >= start
    revenue = net[inside].groupby("account_id", observed=False)["net"].sum()
    bought = net["net"] > 0.005
    months = net[inside & bought].groupby("account_id", observed=False).size()
    before = net[~inside & bought].groupby("account_id", observed=False).size() > 0
    positive = sales[sales["amount"] > 0].groupby("account_id", observed=False)["date"]
    first, last = positive.min(), positive.max()
    visits = market.visits[market.visits["date"] < stop]
    last_visit = visits.groupby("account_id", observed=False)["date"].max()
    count = visits[visits["date"] >= start].groupby("account_id", observed=False).size()
    return revenue, months, before, first, last, last_visit, count


def _ms(values) -> dict:
    return {
        "median_ms": statistics.median(values) * 1000,
        "min_ms": min(values) * 1000,
    }


def run(calls: int = 40) -> dict:
    import pandas as pd

    import kamkit as kk

    market = kk.load_sample()
    start = time.perf_counter()
    kk.segment(market)
    first = time.perf_counter() - start

    repeated, new_date, new_window, reference = [], [], [], []
    days = pd.date_range(end=market.as_of, periods=calls, freq="D")
    lowest = max(market.parameters.regular_min_months, 1)
    windows = [lowest + i % 13 for i in range(calls)]  # 13 windows: more than the facts kept
    for i in range(calls):
        m = market.with_parameters(share_threshold=0.3 + 0.01 * (i % 2))
        t = time.perf_counter()
        kk.segment(m)
        repeated.append(time.perf_counter() - t)
        t = time.perf_counter()
        kk.segment(market, as_of=days[i])
        new_date.append(time.perf_counter() - t)
        t = time.perf_counter()
        kk.segment(market, lookback_months=windows[i])
        new_window.append(time.perf_counter() - t)
        t = time.perf_counter()
        _pandas_facts(market, days[i])
        reference.append(time.perf_counter() - t)
    result = {
        "accounts": len(market.accounts),
        "sales": len(market.sales),
        "visits": len(market.visits),
        "first_ms": first * 1000,
        "repeated": _ms(repeated),
        "new_date": _ms(new_date),
        "new_window": _ms(new_window),
        "pandas_reference": _ms(reference),
    }
    result["new_date_over_reference"] = (
        result["new_date"]["median_ms"] / result["pandas_reference"]["median_ms"]
    )
    result["repeated_over_reference"] = (
        result["repeated"]["median_ms"] / result["pandas_reference"]["median_ms"]
    )
    return result


KINDS = ("first_ms", "repeated", "new_date", "new_window")


def against(old: Path, pairs: int = 5, calls: int = 40) -> dict:
    """This benchmark in fresh processes, the current code and the code in ``old``
    alternating (current first), ``pairs`` pairs: each kind's median of the processes'
    medians (and best), and the ratio new / old of the medians. Both packages are compiled to
    bytecode first and run from it, as installed packages do."""
    import compileall

    runs = {"new": [], "old": []}
    here = Path(__file__).resolve()
    # both sides run from bytecode, as an installed package does (pip compiles at install):
    # with PYTHONDONTWRITEBYTECODE set, each process would compile the modules its first call
    # imports, and the first call would time the compiler
    for tree in (here.parents[1] / "kamkit", old / "kamkit"):
        compileall.compile_dir(str(tree), quiet=1)
    for _ in range(pairs):
        for side in ("new", "old"):
            env = dict(os.environ)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            if side == "old":
                env["PYTHONPATH"] = os.pathsep.join([str(old), env.get("PYTHONPATH", "")])
            out = subprocess.run(
                [sys.executable, str(here), "--calls", str(calls), "--json"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            runs[side].append(json.loads(out.stdout.strip().splitlines()[-1]))
    result = {"pairs": pairs, "calls": calls, "old": str(old)}
    for kind in KINDS:
        figures = {}
        for side in ("new", "old"):
            values = [r[kind] if kind == "first_ms" else r[kind]["median_ms"] for r in runs[side]]
            figures[side] = {"median_ms": statistics.median(values), "min_ms": min(values)}
        figures["ratio"] = figures["new"]["median_ms"] / figures["old"]["median_ms"]
        result[kind] = figures
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--old", type=Path, help="a copy of an older kamkit to compare with")
    parser.add_argument("--pairs", type=int, default=5, help="with --old: processes per side")
    args = parser.parse_args(argv)
    if args.old is not None:
        r = against(args.old, args.pairs, args.calls)
        print(f"current code against {r['old']}: {r['pairs']} alternating pairs of processes")
        for kind, label in (
            ("first_ms", "first segment of a process"),
            ("repeated", "repeated (same facts), median of each process"),
            ("new_date", "another as_of each call, median of each process"),
            ("new_window", "another window each call, median of each process"),
        ):
            new, old = r[kind]["new"], r[kind]["old"]
            print(
                f"{label}: new {new['median_ms']:.2f} ms (best {new['min_ms']:.2f}), "
                f"old {old['median_ms']:.2f} ms (best {old['min_ms']:.2f}), "
                f"new/old {r[kind]['ratio']:.2f}"
            )
        if args.json:
            print(json.dumps(r))
        return 0
    r = run(args.calls)
    print(
        f"sample market: {r['accounts']:,} accounts, {r['sales']:,} sales lines, "
        f"{r['visits']:,} visits"
    )
    print(f"first segment of the process: {r['first_ms']:.0f} ms")
    for key, label in (
        ("repeated", "repeated (same facts)"),
        ("new_date", "another as_of each call"),
        ("new_window", "another window each call"),
        ("pandas_reference", "pandas reference (facts only)"),
    ):
        print(f"{label}: median {r[key]['median_ms']:.2f} ms, best {r[key]['min_ms']:.2f} ms")
    print(
        f"ratio to the pandas reference: {r['repeated_over_reference']:.2f} repeated, "
        f"{r['new_date_over_reference']:.2f} another as_of"
    )
    if args.json:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
