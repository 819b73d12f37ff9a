"""Shared test fixtures."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from write_inputs import REVIEW_PARAMETERS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SAMPLE_CSV = ROOT / "data" / "samples" / "csv"


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened (only if pyplot was used)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _review_market():
    """A hand-worked market for coverage, scorecard and plots (numbers worked out in the tests).

    as_of 2026-09-30, window Oct 2025 .. Sep 2026, regular from 3 purchase months,
    potential_quantile 0.5 (median of the 9 potentials = 120), share threshold 0.3.
    """
    from kamkit.model.market import Market

    accounts = pd.DataFrame(
        {
            "account_id": [f"A{i}" for i in range(1, 10)],
            "name": [f"Conta {i}" for i in range(1, 10)],
            "territory": ["Sul", "Sul", "Norte", "Norte", "Sul", "Sul", "Norte", "Norte", "Leste"],
            "salesperson": ["Ana", "Ana", "Bia", "Bia", "Ana", "Ana", "Bia", "Bia", None],
            "segment": ["X"] * 9,
            "potential": [1000, 900, 800, 700, 100, 90, 80, 50, 120],
        }
    )
    sales = pd.DataFrame(
        [
            ("A1", "2026-01-10", 200.0),
            ("A1", "2026-02-10", 200.0),
            ("A1", "2026-03-10", 200.0),
            ("A3", "2026-08-05", 100.0),
            ("A4", "2025-08-20", 500.0),
            ("A5", "2026-07-01", 40.0),
            ("A5", "2026-08-01", 40.0),
            ("A5", "2026-09-30 17:45", 40.0),
            ("A6", "2026-10-02", 999.0),  # after as_of: ignored
            ("A7", "2026-09-03", 10.0),
            ("A8", "2026-02-03", 30.0),
            ("A8", "2026-02-20", -30.0),  # returned: no purchase
        ],
        columns=["account_id", "date", "amount"],
    )
    visits = pd.DataFrame(
        [
            ("A1", "2026-05-01"),
            ("A1", "2026-09-01"),
            ("A2", "2026-03-01"),
            ("A3", "2026-10-05"),  # after as_of: ignored
            ("A4", "2026-08-15"),
            ("A5", "2026-07-10"),
            ("A5", "2026-08-10"),
            ("A5", "2026-09-10"),
            ("A5", "2026-09-20"),
            ("A7", "2025-10-01"),  # first day of the window
        ],
        columns=["account_id", "date"],
    )
    return Market.from_frames(
        sales=sales,
        accounts=accounts,
        visits=visits,
        parameters=REVIEW_PARAMETERS,
    )


@pytest.fixture
def review_market():
    return _review_market()


@pytest.fixture
def charts_draw_quietly(monkeypatch):
    """A chart function never calls plt.show() and never changes matplotlib's global settings
    (the chart tests use it: ``pytestmark = pytest.mark.usefixtures("charts_draw_quietly")``)."""
    import matplotlib
    import matplotlib.pyplot as plt

    def _show(*args, **kwargs):
        raise AssertionError("plots must not call plt.show()")

    monkeypatch.setattr(plt, "show", _show)
    before = dict(matplotlib.rcParams)
    yield
    after = dict(matplotlib.rcParams)
    changed = {k for k in before if str(before[k]) != str(after[k])}
    assert not changed, f"global matplotlib settings changed: {sorted(changed)}"
    plt.close("all")


# --------------------------------------------------------------------------------------------
# the course's notebooks, executed once for the whole session


@pytest.fixture(scope="session")
def make_environment() -> dict[str, str]:
    """The environment of a command that make runs from the Makefile: the one ``make lab``
    gives JupyterLab, whose kernels inherit it. The caller's own MPLBACKEND (a test runner's,
    not a participant's shell) is left out, so that only what the Makefile adds counts."""
    from participant import make_recipe_output

    caller = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    shown = make_recipe_output("@env -0", caller)
    return dict(item.split("=", 1) for item in shown.split("\0") if "=" in item)


def _language(path: Path) -> str:
    """``en`` for ``notebooks/x.ipynb``, the folder's name for ``notebooks/pt-BR/x.ipynb``."""
    return "en" if path.parent == NOTEBOOKS else path.parent.name


def unattended_parameters(path: Path, folder: Path) -> dict:
    """The parameters of an unattended run, as the course site sets them: ``INTERACTIVE``
    (or ``interactive``) False, and ``OUT``, when the notebook has it, in
    ``folder/<notebook>-files``."""
    import ast

    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    names: set[str] = set()
    for cell in cells[:1]:
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign):
                targets = [node.target]
            else:
                targets = []
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    params: dict = {n: False for n in ("INTERACTIVE", "interactive") if n in names}
    if "OUT" in names:
        params["OUT"] = str(folder / f"{path.stem}-files")
    return params


def execute_job(job):
    """Run one notebook with papermill in a worker process, in the environment given:
    ``(path, output, parameters, environment, timeout) -> (seconds, error)``."""
    from participant import run_notebook

    path, output, parameters, environment, timeout = job
    # the kernel inherits this process's environment: make it exactly the one given
    os.environ.clear()
    os.environ.update(environment)
    start = time.perf_counter()
    try:
        run_notebook(Path(path), Path(output), parameters, timeout=timeout)
        error = None
    except Exception as exc:  # reported by the tests that read that notebook
        error = f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - start, error


@pytest.fixture(scope="session")
def notebook_workers():
    """Two worker processes for the whole session, in which tests execute notebooks: a kernel
    is single-threaded, so two at a time fill the two cores of CI; started once (each imports
    papermill once), used by the session's runs of the course and by the exercises' runs.
    A job sets the environment its kernel inherits (see ``execute_job``)."""
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=context)
    yield pool
    pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook: how long it took, the error that stopped it (None if it ran
    through), the executed copy, and the parameters it ran with."""

    source: Path
    seconds: float
    error: str | None
    output: Path
    parameters: dict

    def notebook(self):
        """The executed notebook; a notebook that failed fails the test that reads it."""
        import nbformat

        assert self.error is None, f"{self.source.name} failed:\n{self.error}"
        return nbformat.read(str(self.output), as_version=4)


class NotebookRuns:
    """The course's notebooks (``notebooks/*.ipynb``, ``notebooks/<language>/*.ipynb``),
    each executed at most once per test session, as a participant runs it unattended: papermill
    on the python3 kernel, from the notebook's folder, in the environment of ``make lab`` (no
    backend forced: charts inline), ``INTERACTIVE = False``, ``OUT`` beside the executed copy.

    ``runs.get(*paths)`` executes those not yet executed, two at a time (the session's
    ``notebook_workers``), and returns every run asked for; ``runs.start(*paths)`` starts them
    without waiting (tests/test_notebooks.py starts them all as the session begins, see
    ``_start_notebook_runs_early``). The executed copies are laid out as the course site lays
    out its own (``folder/<language>/<name>.ipynb``, lesson 7's files in
    ``folder/<language>/<stem>-files``), so ``build_site(executed=runs.folder)`` converts them
    instead of executing them again.
    Tests of a run under other conditions (another environment, other parameters, a failing
    lesson) execute their own."""

    timeout = 180  # seconds a cell may take

    def __init__(self, folder: Path, environment: dict[str, str], workers):
        self.folder = folder
        self.environment = environment
        self.workers = workers
        self._started: dict[Path, tuple] = {}

    def submit(self, path: Path, output: Path, parameters: dict):
        """Start a run of ``path`` into ``output`` with ``parameters``, in the session's
        workers and in this environment: a future of ``(seconds, error)``."""
        job = (path, output, parameters, self.environment, self.timeout)
        return self.workers.submit(execute_job, job)

    def start(self, *paths: Path) -> None:
        """Start the runs of ``paths`` not started yet, without waiting for them."""
        missing = [
            p for p in dict.fromkeys(Path(p).resolve() for p in paths) if p not in self._started
        ]
        # the languages side by side: the two workers run one each most of the time
        missing.sort(key=lambda p: (p.name, _language(p) != "en"))
        for path in missing:
            folder = self.folder / _language(path)
            folder.mkdir(parents=True, exist_ok=True)
            parameters = unattended_parameters(path, folder)
            output = folder / path.name
            self._started[path] = (output, parameters, self.submit(path, output, parameters))

    def get(self, *paths: Path) -> dict[Path, NotebookRun]:
        """The runs of ``paths``, executing (two at a time) those not started yet; a run
        started earlier is waited for."""
        paths = tuple(Path(p).resolve() for p in paths)
        self.start(*paths)
        runs = {}
        for path in paths:
            output, parameters, future = self._started[path]
            seconds, error = future.result()
            runs[path] = NotebookRun(path, seconds, error, output, parameters)
        return runs

    def notebook(self, path: Path):
        """The executed notebook ``path`` (executed now if it was not yet)."""
        return self.get(path)[Path(path).resolve()].notebook()


@pytest.fixture(scope="session")
def notebook_runs(tmp_path_factory, make_environment, notebook_workers) -> NotebookRuns:
    """The course's notebooks, executed once for the session (see NotebookRuns)."""
    return NotebookRuns(
        tmp_path_factory.mktemp("notebook-runs"), make_environment, notebook_workers
    )


# --------------------------------------------------------------------------------------------
# kamkit run on the sample, once for the session: tests that only read what a run wrote share it


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory):
    """``run_reports`` on the sample's CSV folder, territories Sul and Nordeste, in the data's
    language (English), with a line per territory: ``(out, result)``. Read by
    tests/test_reports.py and tests/test_report_sections.py; no test writes into it."""
    from kamkit.outputs.reports import run_reports

    out = tmp_path_factory.mktemp("sample-reports")
    result = run_reports(SAMPLE_CSV, out, territories=["Sul", "Nordeste"], progress="lines")
    return out, result


@pytest.fixture(scope="session")
def sample_reports_pt(tmp_path_factory):
    """``kamkit run SAMPLE_CSV --out OUT --lang pt-BR`` (every territory, through the command
    line): ``(out, click's result)``. Read by tests/test_reports.py and
    tests/test_report_sections.py; no test writes into it."""
    from click.testing import CliRunner

    from kamkit.cli import run_command

    out = tmp_path_factory.mktemp("sample-reports-pt") / "reports"
    result = CliRunner().invoke(
        run_command, [str(SAMPLE_CSV), "--out", str(out), "--lang", "pt-BR"]
    )
    return out, result


# --------------------------------------------------------------------------------------------
# notebook runs started as the session begins, beside the tests that come before their readers


class StartedJobs:
    """Jobs started in the session's workers, each set once: ``start(key, make_jobs, run)``
    submits ``run(job)`` for every job of ``make_jobs()`` the first time ``key`` is seen and
    returns ``(jobs, futures)``, the same ones every later time."""

    def __init__(self, workers):
        self.workers = workers
        self._started: dict[str, tuple[list, list]] = {}

    def start(self, key: str, make_jobs, run) -> tuple[list, list]:
        if key not in self._started:
            jobs = make_jobs()
            self._started[key] = (jobs, [self.workers.submit(run, job) for job in jobs])
        return self._started[key]


@pytest.fixture(scope="session")
def started_jobs(notebook_workers) -> StartedJobs:
    return StartedJobs(notebook_workers)


@pytest.fixture(scope="session", autouse=True)
def _start_notebook_runs_early(request):
    """As the session begins, every test module of it that defines
    ``start_notebook_runs(request)``, and has a test whose fixtures ask for ``started_jobs``,
    starts its notebook runs in the session's workers (the
    exercises', the course's and the own-data run, the small course site): they run beside
    the tests that come before the tests that read them, which mostly keep one core busy,
    instead of stopping the session while they run. What a run does and what its tests assert
    are unchanged; only when it runs changes."""
    starters = {}
    for item in request.session.items:
        module = getattr(item, "module", None)
        starter = getattr(module, "start_notebook_runs", None)
        # only for the tests of the session that read them (their fixtures ask for started_jobs)
        if starter is not None and "started_jobs" in getattr(item, "fixturenames", ()):
            starters.setdefault(module.__name__, starter)
    for starter in starters.values():
        starter(request)
