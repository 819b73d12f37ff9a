"""Speed benchmark: territory reports by hand (papermill + nbconvert per territory) vs `kamkit run`.

Usage (from the repository root)::

    python benchmarks/bench_reports.py                      # every territory of the sample
    python benchmarks/bench_reports.py --territory Sul --territory Nordeste

In one go, on the sample market (``data/samples/kamkit_sample.xlsx``):

(a) what a manager would do by hand: for each territory, ``papermill`` on the command line to
    execute ``notebooks/territory_report.ipynb``, then ``jupyter nbconvert --to html
    --no-input`` on the result (one subprocess each, one territory after the other);
(b) ``kamkit run DATA --out DIR`` (one subprocess).

It prints both wall times (and the CPU time of their processes) and the ratio b/a (target:
<= 0.3 on a 2-core machine); ``--repeat N`` runs both sides N times, alternating, and keeps
each side's best wall time (other jobs on the machine only ever slow a run down). It checks
that both produce the same reports: for every territory, the visible text of the HTML report
and every embedded figure (PNG bytes) must be identical (ids, titles, scripts and styles are
ignored). Exit status 1 when they differ.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "data" / "samples" / "kamkit_sample.xlsx"
NOTEBOOK = ROOT / "notebooks" / "territory_report.ipynb"
BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    """A manager's terminal: no MPLBACKEND forced (charts inline, as kamkit run makes them)."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


def territories() -> list[str]:
    sys.path.insert(0, str(ROOT))
    import kamkit as kk

    return kk.load(DATA).territories


def by_hand(names: list[str], out: Path) -> tuple[float, float]:
    """(a): papermill then nbconvert for each territory, one after the other."""
    out.mkdir(parents=True, exist_ok=True)
    env = _env()
    cpu = _children_cpu()
    start = time.perf_counter()
    for i, territory in enumerate(names):
        executed = out / f"t{i}.ipynb"
        subprocess.run(
            [
                _tool("papermill"),
                str(NOTEBOOK),
                str(executed),
                "-k",
                "python3",
                "--cwd",
                str(NOTEBOOK.parent),
                "-p",
                "data",
                str(DATA),
                "-p",
                "territory",
                territory,
                "-p",
                "interactive",
                "False",
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(
            [_tool("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - start, _children_cpu() - cpu


def _kamkit_command() -> list[str]:
    """``python -m kamkit run`` once the CLI has it, else the click command directly."""
    helped = subprocess.run(
        [sys.executable, "-m", "kamkit", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    if re.search(r"^\s+run\s", helped.stdout, flags=re.M):
        return [sys.executable, "-m", "kamkit", "run"]
    return [sys.executable, "-c", "from kamkit.cli import run_command; run_command()"]


def with_kamkit(names: list[str], out: Path, jobs: int | None) -> tuple[float, float]:
    """(b): one `kamkit run` for all the territories."""
    cmd = _kamkit_command() + [str(DATA), "--out", str(out)]
    for t in names:
        cmd += ["--territory", t]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        cmd, check=True, env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start, _children_cpu() - cpu


class _Content(HTMLParser):
    """Visible text and embedded images of an HTML report (no ids, scripts, styles, title)."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.images: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "img":
            src = dict(attrs).get("src") or ""
            if src.startswith("data:image"):
                payload = base64.b64decode(src.split(",", 1)[1])
                self.images.append(hashlib.sha256(payload).hexdigest())

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(" ".join(data.split()))


def content(path: Path) -> tuple[list[str], list[str]]:
    parser = _Content()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.text, parser.images


def compare(names: list[str], manual: Path, site: Path) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from kamkit.outputs.reports import report_names

    files = report_names(territories())
    problems = []
    for i, t in enumerate(names):
        a_text, a_img = content(manual / f"t{i}.html")
        b_text, b_img = content(site / "territories" / f"{files[t]}.html")
        if a_text != b_text:
            diff = next(j for j, (x, y) in enumerate(zip(a_text + [""], b_text + [""])) if x != y)
            problems.append(
                f"{t}: text differs at item {diff}: {a_text[diff : diff + 1]!r} vs "
                f"{b_text[diff : diff + 1]!r}"
            )
        if a_img != b_img:
            problems.append(f"{t}: figures differ ({len(a_img)} vs {len(b_img)} images)")
        if not a_img:
            problems.append(f"{t}: the report has no figure")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--territory",
        action="append",
        default=None,
        help="Only this territory (repeat); default all of the sample.",
    )
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for kamkit run.")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="Run both sides N times, alternating; keep each side's best.",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the outputs and print where.")
    args = parser.parse_args(argv)
    names = args.territory or territories()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    tmp = Path(tempfile.mkdtemp(prefix="kamkit-bench-reports-"))
    print(f"{len(names)} territories of {DATA.name}, {cores} cores")
    runs_a, runs_b = [], []
    for i in range(args.repeat):
        runs_a.append(by_hand(names, tmp / "by_hand"))
        runs_b.append(with_kamkit(names, tmp / "site", args.jobs))
        if args.repeat > 1:
            print(f"  run {i + 1}: (a) {runs_a[-1][0]:.1f} s, (b) {runs_b[-1][0]:.1f} s")
    (a, a_cpu), (b, b_cpu) = min(runs_a), min(runs_b)
    best = "best of " + str(args.repeat) + ", " if args.repeat > 1 else ""
    print(f"(a) by hand, papermill + nbconvert per territory: {a:7.1f} s ({best}CPU {a_cpu:.1f} s)")
    print(f"(b) kamkit run:                                   {b:7.1f} s ({best}CPU {b_cpu:.1f} s)")
    print(f"ratio b/a: {b / a:.2f} (target <= 0.3)")
    problems = compare(names, tmp / "by_hand", tmp / "site")
    if problems:
        print("Reports differ:\n" + "\n".join(f"- {p}" for p in problems))
    else:
        print(f"Report content identical for all {len(names)} territories (text and figures).")
    if args.keep:
        print(f"Outputs in {tmp}")
    else:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
