"""Territory reports: `kamkit run` (kamkit.outputs.reports) and the territory-review notebook."""

import json
import math
import os
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import nbformat
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import kamkit as kk
from kamkit.cli import run_command
from kamkit.core.errors import DataError, KamkitError
from kamkit.model.market import Market
from kamkit.outputs import reports
from kamkit.outputs.reports import (
    format_scorecard,
    format_table,
    report_names,
    run_reports,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CSV = ROOT / "data" / "samples" / "csv"
NOTEBOOK = ROOT / "notebooks" / "08_territory_review.ipynb"
TWO = ["Sul", "Nordeste"]


def report_workers() -> list[int]:
    """Process ids of report workers (fresh Pythons running ``_worker_main``) that are
    children of this process and still running: a finished run leaves none."""
    me, found = os.getpid(), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == me and b"_worker_main" in command:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_report_workers_sees_a_running_worker():
    import subprocess
    import sys

    fake = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)  # _worker_main"])
    try:
        assert report_workers() == [fake.pid]
    finally:
        fake.kill()
        fake.wait()
    assert report_workers() == []


# --------------------------------------------------------------------------------------------
# helpers


class _Index(HTMLParser):
    """The scorecard table of index.html: per row the territory, figures, changes and links."""

    def __init__(self):
        super().__init__()
        self.figures, self.rows, self.links, self.text = [], [], [], []
        self._row = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "th" and "data-figure" in a:
            self.figures.append(a["data-figure"])
        elif tag == "tr" and "class" in a:
            self._row = {"class": a["class"], "values": [], "changes": {}, "links": []}
            self.rows.append(self._row)
        elif tag == "td" and self._row is not None:
            if "data-territory" in a:
                self._row["territory"] = a["data-territory"]
            elif "data-value" in a:
                self._row["values"].append(a["data-value"])
        elif tag == "span" and "data-change" in a and self._row is not None:
            self._row["changes"][len(self._row["values"]) - 1] = a["data-change"]
        elif tag == "a" and self._row is not None:  # the table's links (not the workbook's)
            self.links.append(a["href"])
            self._row["links"].append(a["href"])

    def handle_data(self, data):
        self.text.append(data)


def parse_index(path: Path) -> _Index:
    parser = _Index()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def number(text: str) -> float:
    return float("nan") if text == "" else float(text)


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


FAILING_NOTEBOOK = {
    "parameters": 'data = ""\nterritory = ""\nas_of = ""\nlanguage = "en"\ninteractive = True',
    "cells": [
        # what the kernel holds before the notebook imports anything (see test_warm_kernels)
        "import json, sys\nprint(json.dumps({'names': sorted(k for k in globals() if k[0] != '_'),"
        " 'warm': [m in sys.modules for m in ('pandas', 'seaborn', 'kamkit.charts.plots')]}))",
        "import kamkit as kk\nmarket = kk.load(data)\nprint(territory, len(market.accounts))",
        'if territory == "Nordeste":\n    raise ValueError("boom in " + territory)',
        'print("done")',
    ],
}


def write_notebook(path: Path, spec=FAILING_NOTEBOOK) -> Path:
    cells = [nbformat.v4.new_code_cell(spec["parameters"], metadata={"tags": ["parameters"]})]
    cells += [nbformat.v4.new_code_cell(src) for src in spec["cells"]]
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(nb, str(path))
    return path


HOSTILE = ["../x", "<script>alert(1)</script>", "a/b", "São Paulo", "Sao Paulo", "..", "Nordeste"]


def hostile_market() -> Market:
    """Two accounts per territory, with names that try to escape DIR or inject HTML."""
    ids = [f"C{i:02d}" for i in range(2 * len(HOSTILE))]
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "name": [f"Conta {i}" for i in range(len(ids))],
            "territory": [t for t in HOSTILE for _ in range(2)],
            "salesperson": ["Ana"] * len(ids),
            "segment": ["X"] * len(ids),
            "potential": [1000.0, 100.0] * len(HOSTILE),
        }
    )
    sales = pd.DataFrame(
        {
            "account_id": ids[::2],
            "date": ["2026-03-10"] * len(HOSTILE),
            "amount": [50.0] * len(HOSTILE),
        }
    )
    visits = pd.DataFrame({"account_id": ids[1::2], "date": ["2026-02-10"] * len(HOSTILE)})
    return Market.from_frames(
        sales=sales, accounts=accounts, visits=visits, parameters={"as_of": "2026-03-31"}
    )


# --------------------------------------------------------------------------------------------
# the sample market, two territories (one run shared by the tests below)


@pytest.fixture(scope="module")
def sample_run(sample_reports):
    """run_reports(SAMPLE_CSV, out, territories=TWO, progress="lines"), once for the session
    (tests/conftest.py; tests/test_report_sections.py reads it too)."""
    return sample_reports


def test_one_report_and_one_html_per_territory(sample_run):
    out, result = sample_run
    assert result.ok and not result.failed
    assert [r.territory for r in result.reports] == TWO
    names = report_names(kk.load(SAMPLE_CSV).territories)
    assert files_under(out / "territories") == {
        f"{names[t]}{ext}" for t in TWO for ext in (".html", ".ipynb")
    }
    for r in result.reports:
        assert r.html == out / "territories" / f"{names[r.territory]}.html"
        assert r.notebook == r.html.with_suffix(".ipynb")
        nb = nbformat.read(str(r.notebook), as_version=4)
        assert nb.metadata.papermill.parameters["territory"] == r.territory
        assert nb.metadata.papermill.parameters["interactive"] is False
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors
        images = [
            o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
        ]
        assert len(images) >= 5  # funnel, transitions, matrix, two evolution charts
        page = r.html.read_text(encoding="utf-8")
        assert page.count('src="data:image/png;base64') == len(images)
        assert f"{r.territory}" in page
        assert "kk.load(" not in page and "format_scorecard(" not in page  # no code cells


def test_only_reports_and_index_remain(sample_run):
    out, _ = sample_run
    left = files_under(out)
    assert "index.html" in left
    assert not [
        f for f in left if f.startswith(".kamkit-run-") or f.endswith(".partial") or "/." in f
    ]


def test_index_links_every_report_and_the_links_resolve(sample_run):
    out, result = sample_run
    index = parse_index(result.index)
    assert result.index == out / "index.html"
    targets = [out / unquote(h) for h in index.links]
    assert sorted(targets) == sorted(r.html for r in result.reports)
    assert all(t.is_file() for t in targets)
    assert [r.get("territory") for r in index.rows] == [*sorted(TWO), "all"]
    assert [r["class"] for r in index.rows] == ["ok", "ok", "total"]


def test_index_figures_equal_the_scorecard(sample_run):
    _, result = sample_run
    card = kk.scorecard(kk.load(SAMPLE_CSV)).set_index("territory")
    assert (card.attrs["as_of"], card.attrs["previous"]) == (result.as_of, result.previous)
    index = parse_index(result.index)
    assert index.figures == list(reports.SCORECARD_FIGURES)
    for row in index.rows:
        name = row.get("territory", "all")
        for j, figure in enumerate(index.figures):
            assert same(number(row["values"][j]), float(card.loc[name, figure])), (name, figure)
            change = f"{figure}_change"
            if change in card.columns:
                assert same(number(row["changes"][j]), float(card.loc[name, change]))
            else:
                assert j not in row["changes"]


def test_report_names_its_figures_like_the_scorecard(sample_run):
    """The HTML report shows the territory's scorecard as format_scorecard writes it."""
    _, result = sample_run
    market = kk.load(SAMPLE_CSV)
    card = kk.scorecard(market)
    shown = format_scorecard(card[card["territory"] == "Sul"])
    page = next(r.html for r in result.reports if r.territory == "Sul").read_text("utf-8")
    for text in shown["Sul"]:
        assert text in page


# --------------------------------------------------------------------------------------------
# failures, hostile names, atomic files: one run through the command line


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    kk.write_market(hostile_market(), data)
    notebook = write_notebook(base / "review.ipynb")
    out = base / "site"
    names = report_names(HOSTILE)
    stale = out / "territories" / f"{names['Nordeste']}.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("an old report")
    (base / "x.html").write_text("outside DIR")
    before = files_under(base)
    result = CliRunner().invoke(
        run_command, [str(data), "--out", str(out), "--notebook", str(notebook), "--jobs", "2"]
    )
    return base, out, before, names, result


def test_failing_territory_is_isolated(hostile_run):
    base, out, _, names, result = hostile_run
    assert result.exit_code == 1, result.output
    assert "Nordeste: ValueError: boom in Nordeste at cell In [" in result.output
    assert f"6 of {len(HOSTILE)} territory reports written" in result.output
    folder = out / "territories"
    for t in HOSTILE:
        if t != "Nordeste":
            assert (folder / f"{names[t]}.html").is_file()
            assert (folder / f"{names[t]}.ipynb").is_file()
    # the partial notebook is kept, with the error; no report looks finished
    partial = folder / f"{names['Nordeste']}.failed.ipynb"
    nb = nbformat.read(str(partial), as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0].ename == "ValueError"
    assert nb.metadata.papermill.input_path == str(base / "review.ipynb")  # the template
    assert not (folder / f"{names['Nordeste']}.html").exists()  # the stale one is gone
    assert not (folder / f"{names['Nordeste']}.ipynb").exists()
    index = parse_index(out / "index.html")
    failed = [r for r in index.rows if r["class"] == "failed"]
    assert [r["territory"] for r in failed] == ["Nordeste"]
    assert failed[0]["links"] == [f"territories/{names['Nordeste']}.failed.ipynb"]
    assert "boom in Nordeste" in "".join(index.text)


def test_warm_kernels_hold_modules_but_no_variables(hostile_run):
    """Kernels import the heavy libraries as they start, in a namespace of their own: the
    notebook sees exactly what a fresh kernel has, plus its parameters."""
    base, out, _, names, _ = hostile_run
    nb = nbformat.read(str(out / "territories" / f"{names['a/b']}.ipynb"), as_version=4)
    assert nb.metadata.papermill.input_path == str(base / "review.ipynb")
    assert nb.metadata.papermill.output_path.endswith(f"{names['a/b']}.ipynb")
    first = next(c for c in nb.cells if "json.dumps" in c.source)
    facts = json.loads(first.outputs[0].text)
    assert facts["warm"] == [True, True, True]
    fresh = {"In", "Out", "exit", "quit", "get_ipython", "open"}
    parameters = {"data", "territory", "as_of", "language", "interactive"}
    assert set(facts["names"]) == fresh | parameters | {"json", "sys"}
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3, 4, 5, 6]


def test_hostile_names_stay_inside_dir(hostile_run):
    base, out, before, names, _ = hostile_run
    created = files_under(base) - before
    assert created and all(f.startswith("site/") for f in created)
    assert (base / "x.html").read_text() == "outside DIR"
    for name in names.values():
        assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert len(set(names.values())) == len(HOSTILE)
    assert {p.parent for p in (out / "territories").iterdir()} == {out / "territories"}
    left = files_under(out)
    assert not [f for f in left if f.endswith(".partial") or ".kamkit-run-" in f]


def test_hostile_names_are_escaped_in_html(hostile_run):
    _, out, _, names, _ = hostile_run
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    index = parse_index(out / "index.html")
    assert {r.get("territory") for r in index.rows} == {*HOSTILE, "all"}
    for link in index.links:
        target = (out / unquote(link)).resolve()
        assert target.is_relative_to(out.resolve()) and target.is_file()
    report = (out / "territories" / f"{names['<script>alert(1)</script>']}.html").read_text()
    assert "<script>alert(1)" not in report


def test_a_hung_cell_fails_its_territory_and_a_running_event_loop_is_no_trouble(tmp_path):
    """A report cell that never ends fails its territory after cell_timeout; the others are
    written. run_reports is called from inside a running asyncio loop, as in a Jupyter kernel:
    workers come from a fork server, not from the caller (whose loop, threads and sockets a
    forked worker would share)."""
    data = tmp_path / "data"
    kk.write_market(hostile_market(), data)
    notebook = write_notebook(
        tmp_path / "slow.ipynb",
        {
            "parameters": FAILING_NOTEBOOK["parameters"],
            "cells": [
                "import time\nif territory == 'Nordeste':\n    time.sleep(120)",
                "print('done', territory)",
            ],
        },
    )

    async def from_a_running_loop():
        return run_reports(
            data,
            tmp_path / "site",
            territories=["Nordeste", "São Paulo"],
            notebook=notebook,
            jobs=2,
            progress="off",
            cell_timeout=3,
        )

    import asyncio

    started = time.monotonic()
    result = asyncio.run(from_a_running_loop())
    assert time.monotonic() - started < 90  # the 120 s cell was stopped
    assert [r.territory for r in result.failed] == ["Nordeste"]
    assert "ran for more than 3 seconds" in result.failed[0].error
    assert "--cell-timeout" in result.summary()
    folder = tmp_path / "site" / "territories"
    assert (folder / f"{report_names(HOSTILE)['São Paulo']}.html").is_file()
    assert report_workers() == []


def test_a_plain_script_runs_reports(tmp_path):
    """Workers are fresh processes that never import the caller's main module: a script
    without an ``if __name__ == "__main__"`` guard works (and runs once)."""
    import subprocess
    import sys

    data = tmp_path / "data"
    kk.write_market(hostile_market(), data)
    script = tmp_path / "review.py"
    script.write_text(
        "import kamkit as kk\n"
        "print('script started')\n"
        f"result = kk.run_reports({str(data)!r}, {str(tmp_path / 'site')!r}, "
        "territories=['a/b'], progress='off')\n"
        "print(result.summary())\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("script started") == 1
    assert "1 of 1 territory reports written" in done.stdout
    assert (tmp_path / "site" / "territories" / f"{report_names(HOSTILE)['a/b']}.html").is_file()


# --------------------------------------------------------------------------------------------
# errors before any notebook runs


def test_unknown_territory_lists_the_known_ones(tmp_path):
    data = tmp_path / "data"
    kk.write_market(hostile_market(), data)
    out = tmp_path / "site"
    result = CliRunner().invoke(
        run_command, [str(data), "--out", str(out), "--territory", "Nordest"]
    )
    assert result.exit_code == 2
    assert "There is no territory 'Nordest'" in result.output
    assert "Did you mean 'Nordeste'?" in result.output and "Sao Paulo" in result.output
    assert not (out / "index.html").exists()
    assert not list(out.glob(".kamkit-run-*")) if out.exists() else True
    assert report_workers() == []


def test_bad_data_stops_before_any_notebook(tmp_path):
    data = tmp_path / "data"
    kk.write_market(hostile_market(), data)
    sales = (data / "sales.csv").read_text().splitlines()
    sales[1] = sales[1].replace("2026-03-10", "not a date")
    (data / "sales.csv").write_text("\n".join(sales) + "\n")
    with pytest.raises(DataError, match="not a date|date"):
        run_reports(data, tmp_path / "site", progress="off")
    assert not (tmp_path / "site" / "territories").exists()
    assert report_workers() == []
    result = CliRunner().invoke(run_command, [str(data), "--out", str(tmp_path / "site")])
    assert result.exit_code == 2 and "problem(s) stop kamkit" in result.output


def test_option_errors(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(KamkitError, match="is a file"):
        run_reports(SAMPLE_CSV, tmp_path / "file")
    with pytest.raises(KamkitError, match="There is no notebook"):
        run_reports(SAMPLE_CSV, tmp_path / "site", notebook=tmp_path / "missing.ipynb")
    plain = write_notebook(
        tmp_path / "plain.ipynb", {"parameters": 'x = ""', "cells": ["print(1)"]}
    )
    with pytest.raises(KamkitError, match="no parameter data or territory"):
        run_reports(SAMPLE_CSV, tmp_path / "site", notebook=plain)
    with pytest.raises(KamkitError, match="progress"):
        run_reports(SAMPLE_CSV, tmp_path / "site", progress="loud")
    result = CliRunner().invoke(run_command, [str(SAMPLE_CSV), "--out", "x", "--jobs", "0"])
    assert result.exit_code == 2
    result = CliRunner().invoke(run_command, ["--help"])
    assert result.exit_code == 0 and "--territory" in result.output


def test_default_notebook_is_the_report_not_the_lesson():
    assert reports.default_notebook() == ROOT / "notebooks" / "territory_report.ipynb"


# --------------------------------------------------------------------------------------------
# file names and formatting (no notebook)


def test_report_names_are_safe_stable_and_unique():
    names = report_names(HOSTILE + ["", "CON", "Sul", "x" * 80, "Índia/Ásia"])
    assert names["Sul"] == "sul" and names["../x"] == "x" and names["a/b"] == "a-b"
    assert names["<script>alert(1)</script>"] == "script-alert-1-script"
    assert names["Índia/Ásia"] == "india-asia"
    # same slug for two territories, empty, reserved or too long: a fingerprint is added
    for t in ("São Paulo", "Sao Paulo", "..", "", "CON", "x" * 80):
        assert len(names[t].rsplit("-", 1)[-1]) == 8, t
    assert names["São Paulo"] != names["Sao Paulo"]
    assert len(set(names.values())) == len(names)
    assert all(n and len(n) <= 69 and n == n.strip("-.") for n in names.values())
    assert all(set(n) <= set("abcdefghijklmnopqrstuvwxyz0123456789-") for n in names.values())
    # stable: the same names whatever the order, run after run
    assert report_names(list(reversed(list(names)))) == names


def test_format_table_money_shares_changes_and_labels():
    table = pd.DataFrame(
        {
            "territory": ["Sul", "all"],
            "stage": pd.Categorical(["regular", "lapsed"]),
            "revenue": [1234567.891, np.nan],
            "share_of_wallet": [0.1234, 0.5],
            "regular_change": [3, -2],
            "coverage_change": [0.0125, -0.5],
            "revenue_change": [10.0, -1500.0],
            "potential_estimated": [True, False],
            "last_visit": pd.to_datetime(["2026-09-01", None]),
            "days_since_contact": pd.array([5, None], dtype="Int64"),
        }
    )
    en = format_table(table)
    assert en.columns.tolist()[:3] == ["territory", "stage", "revenue"]
    assert en.iloc[0].tolist() == [
        "Sul",
        "regular buyer",
        "BRL 1,234,568",
        "12.3%",
        "+3",
        "+1.2 pp",
        "+BRL 10",
        "yes",
        "2026-09-01",
        "5",
    ]
    assert en.iloc[1].tolist() == [
        "all territories",
        "lapsed customer",
        "\u2014",
        "50.0%",
        "-2",
        "-50.0 pp",
        "-BRL 1,500",
        "no",
        "\u2014",
        "\u2014",
    ]
    pt = format_table(table, language="pt-BR")
    assert pt.columns.tolist()[:3] == ["território", "estágio", "faturamento"]
    assert pt.iloc[0].tolist() == [
        "Sul",
        "comprador regular",
        "R$ 1.234.568",
        "12,3%",
        "+3",
        "+1,2 p.p.",
        "+R$ 10",
        "sim",
        "01/09/2026",
        "5",
    ]
    assert table["revenue"].iloc[0] == 1234567.891  # the input is not changed


def test_format_scorecard(review_market):
    card = kk.scorecard(review_market)
    shown = format_scorecard(card, currency="EUR")
    assert shown.columns.tolist() == ["Leste", "Norte", "Sul", "all territories"]
    assert shown.index[0] == "accounts" and "regular buyer" in shown.index
    row = card.set_index("territory").loc["Sul"]
    cell = shown.loc["revenue", "Sul"]
    assert cell.startswith(f"EUR {row['revenue']:,.0f} (")
    assert shown.loc["conversions", "Sul"] == str(int(row["conversions"]))  # no change column
    pt = format_scorecard(card, language="pt-BR")
    assert pt.columns[-1] == "todos os territórios" and "comprador regular" in pt.index


# --------------------------------------------------------------------------------------------
# the notebook (lesson 8)


def test_notebook_is_committed_clean_with_typed_parameters():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    first = code[0]
    assert first["metadata"]["tags"] == ["parameters"]
    source = "".join(first["source"])
    for line in (
        'data: str = "../data/samples/kamkit_sample.xlsx"',
        'territory: str = "Sul"',
        'as_of: str = ""',
        'language: str = ""',
        "interactive: bool = True",
    ):
        assert line in source
    assert all("  # " in line for line in source.splitlines())
    import papermill

    assert list(papermill.inspect_notebook(str(NOTEBOOK))) == list(reports.PARAMETERS)


def test_notebook_cells_only_call_kamkit():
    """No helper code pasted in cells: no def, class or lambda."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            assert "def " not in src and "class " not in src and "lambda" not in src


def test_the_review_lesson_has_a_current_portuguese_translation():
    """Every cell of lesson 8 is translated, from its English as it is now (the course's rule,
    kamkit.course): edit the English and this test asks for the Portuguese to be updated too."""
    from kamkit import course

    assert course.translation_problems(NOTEBOOK) == []


def test_localised_notebook(tmp_path):
    english = nbformat.read(str(NOTEBOOK), as_version=4)
    assert reports.localised_notebook(NOTEBOOK, "en") == english
    assert reports.localised_notebook(NOTEBOOK, None) == english
    pt = reports.localised_notebook(NOTEBOOK, "pt-BR")
    assert pt.cells[0].source.startswith("# Lição 8 · Revisão do território")
    assert [c.source for c in pt.cells if c.cell_type == "code"] == [
        c.source for c in english.cells if c.cell_type == "code"
    ]
    # a cell whose English changed after the translation keeps its (new) English
    copy = tmp_path / NOTEBOOK.name
    changed = nbformat.read(str(NOTEBOOK), as_version=4)
    changed.cells[0].source += "\n\nA new sentence."
    nbformat.write(changed, str(copy))
    translation = reports.translations_path(NOTEBOOK, "pt-BR")
    target = reports.translations_path(copy, "pt-BR")
    target.write_text(translation.read_text(encoding="utf-8"), encoding="utf-8")
    mixed = reports.localised_notebook(copy, "pt-BR")
    assert mixed.cells[0].source.endswith("A new sentence.")
    assert mixed.cells[4].source == pt.cells[4].source
    target.write_text("{not json", encoding="utf-8")
    with pytest.raises(KamkitError, match="not a translation kamkit can read"):
        reports.localised_notebook(copy, "pt-BR")
    target.unlink()
    assert reports.localised_notebook(copy, "pt-BR") == changed  # no file: English


# --------------------------------------------------------------------------------------------
# every territory (slow)


@pytest.mark.slow
def test_all_territories_through_the_command_line(sample_reports_pt):
    # `kamkit run SAMPLE_CSV --out OUT --lang pt-BR`, once for the session (tests/conftest.py;
    # tests/test_report_sections.py reads its report of Sul)
    out, result = sample_reports_pt
    assert result.exit_code == 0, result.output
    territories = kk.load(SAMPLE_CSV).territories
    # --lang pt-BR: the command speaks Portuguese too
    assert (
        f"{len(territories)} de {len(territories)} relatórios de território gerados"
        in result.output
    )
    index = parse_index(out / "index.html")
    assert len(index.links) == len(territories)
    assert all((out / unquote(h)).is_file() for h in index.links)
    page = (out / "territories" / "sul.html").read_text(encoding="utf-8")
    assert "Placar dos territórios" in page and "comprador regular" in page
    # the prose and the pursuit reasons too, from the notebook's translation
    assert "Pergunte na segunda-feira" in page and "Ask on Monday" not in page
    assert "nunca comprou" in page and "never bought" not in page
    # the index, the reports and the manager's workbook (every account: "all in the
    # workbook", as the cut tables say), named in Portuguese
    assert sorted(os.listdir(out)) == ["index.html", "resultados.xlsx", "territories"]
    assert 'href="resultados.xlsx"' in (out / "index.html").read_text(encoding="utf-8")
    book = pd.read_excel(out / "resultados.xlsx", sheet_name=None, engine="calamine")
    listed = sum(len(frame) for name, frame in book.items() if name in territories)
    assert listed == len(kk.load(SAMPLE_CSV).accounts)


def test_progress_lines_and_bar(capsys):
    p = reports._progress("lines", 2)
    p.update("Sul", True, 1.04)
    p.update("Norte", False, 0.5, "ValueError: boom")
    p.close()
    err = capsys.readouterr().err
    assert "[1/2] Sul: done in 1.0 s" in err and "[2/2] Norte: FAILED: ValueError: boom" in err
    p = reports._progress("bar", 2)
    p.update("Sul", True, 1.0)
    p.update("Norte", False, 0.5, "ValueError: boom")
    p.close()
    err = capsys.readouterr().err
    assert "2/2 territories" in err and "elapsed" in err and "failed=1" in err
    assert "FAILED Norte: ValueError: boom" in err
    assert reports._progress(None, 1).mode == "lines"  # captured stderr is not a terminal
    p = reports._progress("off", 1)
    p.update("Sul", True, 1.0)
    assert capsys.readouterr().err == ""


def test_bad_as_of(tmp_path):
    with pytest.raises(KamkitError, match="is not a date"):
        run_reports(SAMPLE_CSV, tmp_path / "site", as_of="someday", progress="off")
    assert report_workers() == []


def test_format_table_shows_a_blank_class_as_a_dash_not_nan(review_market):
    """Accounts that did not buy have no ABC class: the table shows a dash, in both languages."""
    table = kk.segment(review_market)
    assert table["abc_class"].isna().any()
    for language in ("en", "pt-BR"):
        shown = format_table(table[["account_id", "abc_class", "stage"]], language=language)
        column = shown.columns[1]
        blank = table["abc_class"].isna().to_numpy()
        assert (shown.loc[blank, column] == "\u2014").all()
        assert "NaN" not in shown.to_html() and "nan" not in shown.to_string().split()


@pytest.mark.parametrize(
    "first, second, runs, kernels, ok",
    [
        ("ok", None, 1, 1, True),  # the usual case: one kernel, one run
        ("unstarted", "ok", 2, 2, True),  # died as it started: a new kernel, the run again
        ("unstarted", "unstarted", 2, 2, False),  # twice: the territory fails, no third try
        ("cell", None, 1, 1, False),  # a cell's error is the notebook's: not run again
    ],
)
def test_a_territory_whose_kernel_dies_as_it_starts_runs_again_on_a_new_kernel(
    monkeypatch, first, second, runs, kernels, ok
):
    from kamkit.outputs import report_workers as workers

    started, stopped, ran = [], [], []
    outcomes = {
        "ok": {"ok": True},
        "unstarted": {
            "ok": False,
            "error": "RuntimeError: Kernel died before replying to kernel_info",
            "unstarted": True,
        },
        "cell": {"ok": False, "cell": "In [3]", "error": "ValueError: x", "unstarted": False},
    }
    plan = [first, second]

    def run_one(notebook, task, km, exporter, cell_timeout):
        ran.append(km)
        return dict(outcomes[plan[len(ran) - 1]])

    def start(cwd):
        started.append(f"kernel {len(started) + 2}")
        return started[-1]

    monkeypatch.setattr(workers, "_run_one", run_one)
    monkeypatch.setattr(workers, "_start_kernel", start)
    monkeypatch.setattr(workers, "_stop_kernel", stopped.append)
    box = {"current": "kernel 1"}
    outcome = workers._run_territory("nb.ipynb", object(), box, ".", None, None)
    assert len(ran) == runs and len(set(ran)) == kernels  # each run on its own kernel
    assert outcome["ok"] is ok and "unstarted" not in outcome
    assert box["current"] == ran[-1]  # the worker stops the kernel it ran on last
    assert stopped == ran[:-1]  # the dead one is stopped at once
