"""The course notebooks: they run unattended, are committed clean, and type no figures.

Every notebook in ``notebooks/`` is executed with papermill (two at a time, in separate
processes), with its parameters cell set for an unattended run: ``INTERACTIVE = False`` (or
``interactive = False``), and ``OUT`` pointing to a temporary folder when the notebook writes
files. One lesson also runs on the sample's CSV folder, proving that changing ``DATA`` is all a
user needs to run a lesson on their own data.
"""

import ast
import concurrent.futures
import multiprocessing
import os
import re
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
#: The lessons of issue 4 built on the shared conventions (DATA / INTERACTIVE, Monday, exercise).
LESSONS = [p for p in ALL if re.match(r"0[1-7]_", p.name)]
#: Each notebook must run in well under a minute.
MAX_SECONDS = 60

# A figure typed into prose: a percentage, an amount of money, a number with thousands
# separators or decimals, or a count of accounts/customers.
FIGURE = re.compile(
    r"\d[\d.,]*\s*%"
    r"|(?:R\$|BRL|GBP|USD|EUR|US\$|£|€)\s*\d"
    r"|\b\d{1,3}(?:[.,]\d{3})+\b"
    r"|\b\d+[.,]\d+\b"
    r"|\b\d+\s+(?:accounts|customers|buyers|contas|clientes)\b",
    re.IGNORECASE,
)
#: The post's claim, quoted in prose as the claim under test (lesson 2 computes the evidence).
CLAIM = ("5-10%", "50-60%", "5% a 10%", "50% a 60%")


def _parameters_cell(nb):
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "exactly one cell must be tagged 'parameters'"
    return cells[0]


def _names(cell) -> set[str]:
    """Names the cell assigns (``x = ...`` or ``x: type = ...``)."""
    names = set()
    for node in ast.parse(cell.source).body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _run_parameters(path: Path, out_dir: Path) -> dict:
    names = _names(_parameters_cell(nbformat.read(path, as_version=4)))
    params = {}
    for name in ("INTERACTIVE", "interactive"):
        if name in names:
            params[name] = False
    assert params, f"{path.name}: the parameters cell needs INTERACTIVE (or interactive)"
    if "OUT" in names:
        params["OUT"] = str(out_dir / f"{path.stem}-files")
    return params


def _execute(job):
    """Run one notebook with papermill (in a worker process); returns (key, seconds, error)."""
    key, path, output, params = job
    os.environ["MPLBACKEND"] = "Agg"
    import papermill

    start = time.perf_counter()
    try:
        papermill.execute_notebook(str(path), str(output), parameters=params,
                                   kernel_name="python3", cwd=str(NOTEBOOKS),
                                   progress_bar=False, log_output=False,
                                   execution_timeout=3 * MAX_SECONDS)
        error = None
    except Exception as exc:  # reported by the test of that notebook
        error = f"{type(exc).__name__}: {exc}"
    return key, time.perf_counter() - start, error


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    out = tmp_path_factory.mktemp("notebooks")
    jobs = [(p.name, p, out / p.name, _run_parameters(p, out)) for p in ALL]
    first = LESSONS[0]
    jobs.append(("own-data", first, out / f"own-data-{first.name}",
                 {**_run_parameters(first, out), "DATA": str(ROOT / "data" / "samples" / "csv")}))
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        results = {key: (seconds, error, output)
                   for (key, seconds, error), (_, _, output, _) in
                   zip(pool.map(_execute, jobs), jobs)}
    return results


def test_the_course_has_seven_lessons_and_the_review():
    assert [p.name[:2] for p in LESSONS] == ["01", "02", "03", "04", "05", "06", "07"]
    assert any(p.name.startswith("08_") for p in ALL)


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_notebook_runs_unattended(executed, path):
    seconds, error, output = executed[path.name]
    assert error is None, f"{path.name} failed:\n{error}"
    assert seconds < MAX_SECONDS, f"{path.name} took {seconds:.0f} s"
    nb = nbformat.read(output, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors


def test_a_lesson_runs_on_your_own_data(executed):
    seconds, error, output = executed["own-data"]
    assert error is None, error
    text = "\n".join(o.get("text", "") for c in nbformat.read(output, as_version=4).cells
                     if c.cell_type == "code" for o in c.get("outputs", []))
    assert "csv" in text  # the market printed is the one read from the folder


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb.metadata, "saved widget state"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a code cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a code cell has a count"


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_prose_types_no_figures(path):
    """Numbers in the prose come from code cells; only the post's claim is quoted."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        text = cell.source
        for claim in CLAIM:
            text = text.replace(claim, "")
        found = FIGURE.findall(text)
        assert not found, f"{path.name}: figures typed in markdown: {found}"


@pytest.mark.parametrize("text, typed", [
    ("the top 8% of accounts make 55% of revenue", True),
    ("A makes R$ 1,2 mi", True),
    ("1,022 accounts were never prospected", True),
    ("a Gini of 0.72", True),
    ("37 customers", True),
    ("Lesson 2 tests the post's claim", False),
    ("a window of `lookback_months` months", False),
])
def test_the_figure_check_catches_typed_figures(text, typed):
    assert bool(FIGURE.search(text)) is typed


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_no_helper_code_in_cells(path):
    """Cells only call kamkit, display and select: no functions, classes or lambdas."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        defined = [type(n).__name__ for n in ast.walk(tree)
                   if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                     ast.Lambda))]
        assert not defined, f"{path.name}: {defined} in a cell:\n{cell.source}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_follows_the_course_conventions(path):
    nb = nbformat.read(path, as_version=4)
    params = _parameters_cell(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0] is params, "the first code cell holds the parameters"
    assert {"DATA", "INTERACTIVE"} <= _names(params)
    assert re.search(r"^DATA = None\s+#", params.source, re.M)
    loading = code[1].source
    assert "kk.load(" in loading or "kk.validate(" in "".join(c.source for c in code[1:4])
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# Lesson")
    assert "## What this means for you on Monday" in markdown
    pointer = re.search(r"`exercises/(\d\d_\w+\.ipynb)`", markdown)
    assert pointer and pointer.group(1) == path.name, "points to its exercise notebook"
    exercise = ROOT / "exercises" / pointer.group(1)
    if (ROOT / "exercises").is_dir():
        assert exercise.is_file(), f"{exercise} is missing"
    uses_widgets = "kk.widgets." in "".join(c.source for c in code)
    if uses_widgets:
        assert all("interactive=INTERACTIVE" in c.source for c in code
                   if "kk.widgets." in c.source)
