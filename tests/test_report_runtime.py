"""`kamkit run` as a process: the run's copy of the market, a market without territories, how
many workers it starts, what a kill leaves behind, timeouts, custom notebooks and the words it
prints (kamkit.outputs.reports, kamkit.outputs.report_workers)."""

import contextlib
import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from test_report_content import visible_text

import kamkit as kk
from kamkit.cli import run_command
from kamkit.core.errors import Text
from kamkit.outputs import reports
from kamkit.outputs.reports import run_reports
from kamkit.presentation.catalogue import word

ROOT = Path(__file__).resolve().parents[1]
LINUX = Path("/proc/self/stat").exists()
needs_proc = pytest.mark.skipif(not LINUX, reason="reads /proc (Linux)")

REQUIRED = {
    "accounts": ["account_id", "name", "territory"],
    "sales": ["account_id", "date", "amount"],
    "visits": ["account_id", "date"],
}


# --------------------------------------------------------------------------------------------
# helpers


def required_only_market(
    folder: Path, *, rows: int = 1200, blank_optional: bool = False, with_accounts: bool = True
) -> Path:
    """A market in CSV files with only the required columns in every table (or, with
    ``blank_optional``, the optional columns present and empty), two territories. A thousand
    sales lines or more: the reader takes its fast path, where the null-typed column broke."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = ["A1", "A2", "A3", "A4"]
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "name": ["Alfa", "Beta", "Gama", "Delta"],
            "territory": ["Sul", "Sul", "Norte", "Norte"],
        }
    )
    days = pd.date_range("2025-04-01", "2026-03-31", periods=rows).strftime("%Y-%m-%d")
    sales = pd.DataFrame(
        {
            "account_id": [ids[i % 3] for i in range(rows)],
            "date": days,
            "amount": [100.0 + i % 7 for i in range(rows)],
        }
    )
    visits = pd.DataFrame(
        {"account_id": ["A1", "A3", "A4"], "date": ["2026-01-10", "2026-02-10", "2026-03-10"]}
    )
    if blank_optional:
        accounts["city"] = accounts["state"] = accounts["salesperson"] = ""
        sales["product"] = sales["family"] = ""
        visits["outcome"] = visits["kind"] = ""
    tables = {"accounts": accounts, "sales": sales, "visits": visits}
    for name, frame in tables.items():
        if name == "accounts" and not with_accounts:
            continue
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def write_notebook(path: Path, *cells: str) -> Path:
    """A small report notebook: the parameters cell, then ``cells``."""
    params = 'data = ""\nterritory = "Sul"\nas_of = ""\nlanguage = "en"\ninteractive = True'
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})]
        + [nbformat.v4.new_code_cell(c) for c in cells],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(nb, str(path))
    return path


LOAD_CELL = (
    "import kamkit as kk\nmarket = kk.load(data)\n"
    "print('territory=%r accounts=%d' % (territory, len(market.accounts)))"
)


def kamkit_run(data, out, *options):
    """``kamkit run DATA --out OUT OPTIONS...``, as the terminal runs it."""
    return CliRunner().invoke(run_command, [str(data), "--out", str(out), *map(str, options)])


def outputs(notebook: Path) -> str:
    nb = nbformat.read(str(notebook), as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def run_processes(folder: Path) -> list[tuple[int, str]]:
    """Workers and kernels of a run whose notebook lies in ``folder``: the processes working
    in that folder whose command line names kamkit or ipykernel."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cwd = os.readlink(entry / "cwd")
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="ignore")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone meanwhile, or not ours
            continue
        if state == "Z":  # a zombie runs nothing: it only waits for its parent to reap it
            continue
        if Path(cwd) == folder and ("kamkit" in command or "ipykernel" in command):
            found.append((int(entry.name), command))
    return found


def status(pid: int) -> tuple[str, int]:
    """A process's state letter and parent ("gone" when it ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return "gone", 0
    return fields[0], int(fields[1])


def wait_for(predicate, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


# --------------------------------------------------------------------------------------------
# 1. optional columns absent or blank


@pytest.mark.parametrize("blank_optional", [False, True], ids=["absent", "blank"])
def test_the_runs_parquet_copy_has_no_null_columns_and_loads_back(tmp_path, blank_optional):
    """The copy of the market a run hands its notebooks (write_market, Parquet) types every
    column, so kk.load reads it back as it read the CSV files."""
    data = required_only_market(tmp_path / "csv", blank_optional=blank_optional)
    market = kk.load(data)
    written = kk.write_market(market, tmp_path / "copy", fmt="parquet")
    for path in written:
        for field in pq.read_schema(path):
            assert str(field.type) != "null", f"{path.name}: {field.name} has Arrow's null type"
    back = kk.load(tmp_path / "copy")
    for name in ("accounts", "sales", "visits"):
        mine, theirs = getattr(market, name), getattr(back, name)
        assert len(theirs) == len(mine)
        for column in REQUIRED[name]:
            assert list(theirs[column].astype(str)) == list(mine[column].astype(str))
    assert back.accounts["city"].isna().all() and back.sales["product"].isna().all()
    assert back.sales["amount"].sum() == pytest.approx(market.sales["amount"].sum())


@pytest.mark.slow
@pytest.mark.parametrize("blank_optional", [False, True], ids=["absent", "blank"])
def test_kamkit_run_on_a_market_with_only_the_required_columns(tmp_path, blank_optional):
    """`kamkit validate` says OK on such a market; `kamkit run` with the course's notebook
    writes every territory's report (it failed all of them in the first cell)."""
    data = required_only_market(tmp_path / "csv", blank_optional=blank_optional)
    assert kk.validate(data).ok
    out = tmp_path / "site"
    result = kamkit_run(data, out, "--jobs", "2", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "2 of 2 territory reports written" in result.output
    for name in ("sul", "norte"):
        page = (out / "territories" / f"{name}.html").read_text(encoding="utf-8")
        assert "Traceback" not in page and "IndexError" not in page
        # no contacts, plans or actions: the account-plans section says how to start
        assert visible_text(page).count(word("kam.report.no_plans", "en").split(":")[0]) == 1


# --------------------------------------------------------------------------------------------
# 2. a sales file alone: one whole-market report


@pytest.mark.parametrize("language,name", [("en", "market"), ("pt-BR", "mercado")])
def test_a_sales_file_alone_gives_one_whole_market_report(tmp_path, language, name):
    data = required_only_market(tmp_path / "csv", rows=40, with_accounts=False)
    assert kk.load(data / "sales.csv").territories == []
    notebook = write_notebook(tmp_path / "mini.ipynb", LOAD_CELL)
    out = tmp_path / "site"
    result = kamkit_run(data / "sales.csv", out, "--notebook", notebook, "--lang", language)
    assert result.exit_code == 0, result.output
    made = out / "territories" / f"{name}.html"
    assert made.is_file() and (out / "territories" / f"{name}.ipynb").is_file()
    assert sorted(p.name for p in (out / "territories").iterdir()) == [
        f"{name}.html",
        f"{name}.ipynb",
    ]
    # the notebook got territory="" (the whole market) and the data of every account
    assert "territory='' accounts=3" in outputs(out / "territories" / f"{name}.ipynb")
    title = {"en": "whole market", "pt-BR": "mercado inteiro"}[language]
    assert f"<title>{title}</title>" in made.read_text(encoding="utf-8")
    expected = {
        "en": "1 of 1 whole-market report written",
        "pt-BR": "1 de 1 relatório do mercado inteiro gerado",
    }[language]
    assert expected in result.output
    assert (out / "index.html").is_file()


def test_whole_market_result_and_a_territory_asked_of_data_without_any(tmp_path):
    data = required_only_market(tmp_path / "csv", rows=40, with_accounts=False)
    notebook = write_notebook(tmp_path / "mini.ipynb", LOAD_CELL)
    result = run_reports(
        data / "sales.csv", tmp_path / "site", notebook=notebook, progress="off", language="pt-BR"
    )
    assert result.ok and result.whole_market
    (report,) = result.reports
    assert report.territory == "" and report.whole_market and report.name == "mercado"
    assert report.label("pt-BR") == "mercado inteiro" and report.label("en") == "whole market"
    assert report.html == tmp_path / "site" / "territories" / "mercado.html"
    assert "relatório do mercado inteiro" in result.summary()
    assert "whole-market report" in result.summary("en")
    # asking for a territory of data that has none is a sentence, before anything runs
    for language, words in (("en", "has no territories"), ("pt-BR", "não tem territórios")):
        asked = kamkit_run(
            data / "sales.csv",
            tmp_path / "other",
            "--territory",
            "Sul",
            "--notebook",
            notebook,
            "--lang",
            language,
        )
        assert asked.exit_code == 2 and words in asked.output and "Traceback" not in asked.output
        assert not (tmp_path / "other" / "territories").exists()


# --------------------------------------------------------------------------------------------
# 3. --jobs is capped


def test_jobs_is_capped_by_the_reports_and_the_cores(monkeypatch):
    cores = reports._cores()
    assert 1 <= cores <= (os.cpu_count() or 1)
    assert reports._jobs(1000, 2) == min(2, cores)
    assert reports._jobs(1000, 10**6) == cores
    monkeypatch.setattr(reports, "_cores", lambda: 8)
    assert reports._jobs(1000, 2) == 2
    assert reports._jobs(1000, 10**6) == 8
    assert reports._jobs(None, 3) == 3 and reports._jobs(None, 50) == 8
    assert reports._jobs(5, 50) == 5 and reports._jobs(1, 50) == 1
    for bad in (0, -1, 2.5, True, "4"):
        with pytest.raises(kk.KamkitError, match="whole number"):
            reports._jobs(bad, 5)


@needs_proc
def test_jobs_1000_on_two_territories_runs_at_most_two_workers(tmp_path, monkeypatch):
    """Even on a machine with more cores, the two territories' notebooks see at most two
    workers of the run alive (the workers started before the data was read are cut to the
    reports to write)."""
    monkeypatch.setattr(reports, "_cores", lambda: 4)
    data = required_only_market(tmp_path / "csv", rows=40)
    count = (
        "import os\nfrom pathlib import Path\n"
        "run = int(Path(f'/proc/{os.getppid()}/stat').read_text().rsplit(')', 1)[1]"
        ".split()[1])\n"
        "alive = 0\n"
        "for p in Path('/proc').glob('[0-9]*'):\n"
        "    try:\n"
        "        fields = (p / 'stat').read_text().rsplit(')', 1)[1].split()\n"
        "        command = (p / 'cmdline').read_bytes()\n"
        "    except OSError:\n"
        "        continue\n"
        "    if int(fields[1]) == run and fields[0] != 'Z' and b'_worker_main' in command:\n"
        "        alive += 1\n"
        "print('workers alive:', alive)"
    )
    notebook = write_notebook(tmp_path / "count.ipynb", "import time\ntime.sleep(1)", count)
    result = run_reports(data, tmp_path / "site", jobs=1000, notebook=notebook, progress="off")
    assert result.ok, result.summary()
    for report in result.reports:
        alive = int(re.search(r"workers alive: (\d+)", outputs(report.notebook)).group(1))
        assert 1 <= alive <= 2


# --------------------------------------------------------------------------------------------
# 4. kill -9 or SIGTERM of `kamkit run`: workers and kernels stop, nothing more is written


def _start_slow_run(tmp_path: Path, request):
    """`kamkit run` in a process of its own, on a notebook that marks its start and then
    takes 6 s: returns the process once every territory's notebook has started."""
    data = required_only_market(tmp_path / "csv", rows=40)
    work = tmp_path / "nb"
    work.mkdir()
    marks = tmp_path / "marks"
    marks.mkdir()
    notebook = write_notebook(
        work / "slow.ipynb",
        f"from pathlib import Path\nPath({str(marks)!r}, territory + '.started').touch()",
        "import time\ntime.sleep(6)",
        "print('done')",
    )
    out = tmp_path / "site"
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kamkit",
            "run",
            str(data),
            "--out",
            str(out),
            "--notebook",
            str(notebook),
            "--jobs",
            "2",
            "--lang",
            "en",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    request.addfinalizer(lambda: run.poll() is None and (run.kill(), run.communicate()))
    started = wait_for(lambda: len(list(marks.iterdir())) == 2 or run.poll() is not None, 240)
    assert started and run.poll() is None, run.communicate()
    assert len(run_processes(work)) >= 4  # two workers, each with a kernel (or two)
    return run, work, out


def _assert_all_stopped(work: Path, out: Path) -> None:
    assert wait_for(lambda: not run_processes(work), 8), run_processes(work)
    time.sleep(8)  # longer than the notebooks had left: an orphan would have written by now
    assert not run_processes(work)
    reports_written = [
        p.name for p in (out / "territories").glob("*") if not p.name.startswith(".")
    ]
    assert reports_written == []
    assert not (out / "index.html").exists()


@needs_proc
@pytest.mark.slow
def test_kill_9_of_kamkit_run_stops_its_workers_and_kernels(tmp_path, request):
    run, work, out = _start_slow_run(tmp_path, request)
    run.kill()
    run.communicate(timeout=30)
    _assert_all_stopped(work, out)
    # 5. the next run removes what the killed one left: its copy of the market
    assert list(out.glob(".kamkit-run-*"))
    fast = write_notebook(work / "fast.ipynb", "print('ok')")
    result = kamkit_run(tmp_path / "csv", out, "--notebook", fast, "--territory", "Sul")
    assert result.exit_code == 0, result.output
    assert not list(out.glob(".kamkit-run-*"))
    assert not [p for p in out.rglob("*") if p.name.endswith(".partial")]


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize(
    "sent, returncode, said, unsaid",
    [
        # ended by the signal, after cleaning up
        (signal.SIGTERM, -signal.SIGTERM, [], ["Traceback"]),
        # Ctrl+C: a sentence
        (
            signal.SIGINT,
            130,
            ["Interrupted: the reports of this run were not finished"],
            ["Traceback", "KeyboardInterrupt"],
        ),
    ],
    ids=["sigterm", "ctrl-c"],
)
def test_sigterm_or_ctrl_c_of_kamkit_run_stops_everything_and_cleans_up(
    tmp_path, request, sent, returncode, said, unsaid
):
    run, work, out = _start_slow_run(tmp_path, request)
    run.send_signal(sent)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == returncode
    for words in said:
        assert words in stderr
    for words in unsaid:
        assert words not in stderr
    _assert_all_stopped(work, out)
    assert not list(out.glob(".kamkit-run-*"))  # this run cleaned up after itself


@needs_proc
@pytest.mark.slow
def test_a_killed_worker_takes_its_kernels_along_and_the_run_goes_on(tmp_path, request):
    """kill -9 of one worker: its kernels die with it (Linux signals them), its territory
    fails with a sentence, the run finishes the others and ends."""
    run, work, out = _start_slow_run(tmp_path, request)
    workers = [pid for pid, command in run_processes(work) if "_worker_main" in command]
    assert len(workers) == 2
    kernels = [pid for pid, _ in run_processes(work) if status(pid)[1] == workers[0]]
    assert kernels  # the worker's kernel, maybe a spare one too
    os.kill(workers[0], signal.SIGKILL)
    assert wait_for(lambda: all(status(k)[0] in ("gone", "Z") for k in kernels), 5)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 1, stderr
    assert "1 of 2 territory reports written" in stderr + stdout
    assert "the worker process running it stopped unexpectedly" in stderr + stdout
    assert not run_processes(work)


@needs_proc
def test_a_kernel_dies_with_the_worker_that_started_it(tmp_path):
    """What a worker gives the processes it starts (kernels): when the worker dies, even by
    kill -9, Linux kills them. Checked on a plain `sleep`, which watches no parent itself."""
    intermediate = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\n"
            "from kamkit.outputs.report_workers import _kernel_preexec\n"
            "child = subprocess.Popen(['sleep', '60'], preexec_fn=_kernel_preexec())\n"
            "print(child.pid, flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        child = int(intermediate.stdout.readline())
        assert status(child)[1] == intermediate.pid
        intermediate.kill()
        intermediate.wait()
        assert wait_for(lambda: status(child)[0] in ("gone", "Z"), 5)
    finally:
        intermediate.kill()
        intermediate.wait()
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)


# --------------------------------------------------------------------------------------------
# 5. leftovers of an interrupted run


def test_leftovers_of_an_interrupted_run_are_removed_and_only_those(tmp_path):
    out = tmp_path / "site"
    folder = out / "territories"
    folder.mkdir(parents=True)
    stale = out / ".kamkit-run-a1b2c3d4"
    (stale / "market").mkdir(parents=True)
    (stale / "market" / "sales.parquet").write_bytes(b"x")
    ours = [
        out / ".index.html.k2j4_x9z.partial",
        folder / ".sul.html.abcd1234.partial",
        folder / ".sul.ipynb.abcd1234.partial",
        folder / ".sul.failed.ipynb.zz99yy88.partial",
    ]
    theirs = [
        out / "notes.partial",
        out / ".kamkit-run-notes.txt",
        out / ".hidden.partial",
        folder / "sul.html",
        folder / ".my.notes.partial",
        out / "index.html",
    ]
    for path in ours + theirs:
        path.write_text("x")
    (out / ".kamkit-run-mine").mkdir()  # not a name kamkit gives
    reports._remove_leftovers(out, folder)
    assert not stale.exists()
    assert not [p for p in ours if p.exists()]
    assert all(p.read_text() == "x" for p in theirs)
    assert (out / ".kamkit-run-mine").is_dir()


def test_a_live_runs_files_are_left_alone(tmp_path):
    """Another run going on in the same DIR holds a lock on its copy of the market: neither
    its copy nor any half-written file is removed."""
    out = tmp_path / "site"
    folder = out / "territories"
    folder.mkdir(parents=True)
    live = out / ".kamkit-run-q1w2e3r4"
    live.mkdir()
    partial = folder / ".sul.html.abcd1234.partial"
    partial.write_text("x")
    lock = reports._hold(live)
    try:
        reports._remove_leftovers(out, folder)
        assert live.is_dir() and partial.is_file()
    finally:
        reports._release(lock)
    reports._remove_leftovers(out, folder)
    assert not live.exists() and not partial.exists()
    fd = os.open(tmp_path, os.O_RDONLY)  # the lock was a real one: released now
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.close(fd)


# --------------------------------------------------------------------------------------------
# 6. a territory that times out keeps its partial notebook


def test_a_timed_out_territory_keeps_its_partial_notebook(tmp_path):
    data = required_only_market(tmp_path / "csv", rows=40)
    notebook = write_notebook(
        tmp_path / "hang.ipynb",
        "print('before the long cell')",
        "import time\nif territory == 'Norte':\n    time.sleep(120)",
        "print('after')",
    )
    out = tmp_path / "site"
    started = time.monotonic()
    result = kamkit_run(
        data, out, "--notebook", notebook, "--cell-timeout", "3", "--lang", "pt-BR", "--jobs", "2"
    )
    assert time.monotonic() - started < 100
    assert result.exit_code == 1, result.output
    folder = out / "territories"
    kept = folder / "norte.failed.ipynb"
    assert kept.is_file() and not (folder / "norte.html").exists()
    assert "before the long cell" in outputs(kept) and "after" not in outputs(kept)
    assert (folder / "sul.html").is_file() and not (folder / "sul.failed.ipynb").exists()
    # the summary says it in Portuguese, with the partial notebook's place
    assert "1 falharam:" in result.output
    assert "uma célula rodou por mais de 3 segundos" in result.output
    assert "--cell-timeout" in result.output and f"notebook parcial: {kept}" in result.output


# --------------------------------------------------------------------------------------------
# 7-8. a custom notebook beside a folder named kamkit; its translation


def test_a_folder_named_kamkit_beside_the_notebook_does_not_shadow_kamkit(tmp_path):
    work = tmp_path / "analysis"
    decoy = work / "kamkit"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("DECOY = True\n")
    (work / "helper_module.py").write_text("WORD = 'from beside the notebook'\n")
    (work / "notes.txt").write_text("relative paths work")
    data = required_only_market(tmp_path / "csv", rows=40)
    notebook = write_notebook(
        work / "my_review.ipynb",
        LOAD_CELL,
        "print('kamkit from', kk.__file__)\nprint(hasattr(kk, 'DECOY'))",
        "import helper_module\nprint(helper_module.WORD)\nprint(open('notes.txt').read())",
    )
    result = kamkit_run(
        data, tmp_path / "site", "--notebook", notebook, "--territory", "Sul", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    text = outputs(tmp_path / "site" / "territories" / "sul.ipynb")
    assert f"kamkit from {Path(kk.__file__).resolve()}" in text
    assert "False" in text and "territory='Sul' accounts=4" in text
    assert "from beside the notebook" in text and "relative paths work" in text


def test_a_custom_notebook_without_translation_warns_in_pt_br(tmp_path):
    data = required_only_market(tmp_path / "csv", rows=40)
    notebook = write_notebook(tmp_path / "my_review.ipynb", "print('ok')")
    site, options = tmp_path / "site", ("--notebook", notebook, "--territory", "Sul")
    result = kamkit_run(data, site, *options, "--lang", "pt-BR")
    assert result.exit_code == 0, result.output
    assert (
        "Atenção: my_review.ipynb não tem tradução para o português "
        f"({tmp_path / 'my_review.pt-BR.json'})"
    ) in result.output
    english = kamkit_run(data, site, *options, "--lang", "en")
    assert english.exit_code == 0 and "translation" not in english.output
    # with its translation beside it, no warning
    (tmp_path / "my_review.pt-BR.json").write_text('{"cells": []}', encoding="utf-8")
    result = kamkit_run(data, site, *options, "--lang", "pt-BR")
    assert result.exit_code == 0 and "tradução" not in result.output


def test_the_help_says_where_a_notebooks_translation_goes():
    result = CliRunner().invoke(run_command, ["--help"])
    assert result.exit_code == 0
    assert "NAME.pt-BR.json" in result.output and "my_review.pt-BR.json" in result.output
    assert "translations_path" in reports.run_reports.__doc__
    assert reports.translations_path("x/my_review.ipynb", "pt-BR") == Path("x/my_review.pt-BR.json")


# --------------------------------------------------------------------------------------------
# 9. the run's words follow --lang, as sentences


def test_the_runs_warnings_are_sentences_in_the_chosen_language(tmp_path):
    """Warnings about the data (validation's and kk.data_warnings') come before the reports,
    as sentences: never a Python warning with its file and line."""
    data = required_only_market(tmp_path / "csv", rows=40)
    notebook = write_notebook(tmp_path / "mini.ipynb", "print('ok')")
    for language, words, progress in (
        ("pt-BR", "Atenção: todos os potenciais são estimados", "[1/1] Sul: pronto em"),
        ("en", "Warning: every potential is estimated", "[1/1] Sul: done in"),
    ):
        result = kamkit_run(
            data,
            tmp_path / language,
            "--notebook",
            notebook,
            "--territory",
            "Sul",
            "--lang",
            language,
        )
        text = result.output
        assert words in text and progress in text, text
        assert not re.search(r"\.py:\d+", text) and "DataWarning" not in text
        assert "warnings.warn" not in text and "Traceback" not in text


def test_errors_follow_lang(tmp_path):
    data = required_only_market(tmp_path / "csv", rows=40)
    for language, words in (("pt-BR", "Não existe o notebook"), ("en", "There is no notebook")):
        result = kamkit_run(
            data, tmp_path / "s", "--notebook", tmp_path / "none.ipynb", "--lang", language
        )
        assert result.exit_code == 2 and words in result.output
    (data / "sales.csv").write_text("account_id,date,amount\nA1,someday,10\n")
    result = kamkit_run(data, tmp_path / "s", "--lang", "pt-BR")
    assert result.exit_code == 2 and "problema(s) impedem o kamkit" in result.output
    assert "Traceback" not in result.output


def test_without_lang_the_data_language_is_spoken(tmp_path, monkeypatch):
    """No --lang: a market whose language parameter is pt-BR gets its messages in Portuguese,
    the errors found once it is read included."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    data = required_only_market(tmp_path / "csv", rows=40, with_accounts=False)
    (data / "parameters.csv").write_text("name,value\nlanguage,pt-BR\n", encoding="utf-8")
    notebook = write_notebook(tmp_path / "mini.ipynb", "print('ok')")
    asked = kamkit_run(data, tmp_path / "a", "--territory", "Sul", "--notebook", notebook)
    assert asked.exit_code == 2 and "não tem territórios" in asked.output, asked.output
    result = kamkit_run(data, tmp_path / "b", "--notebook", notebook)
    assert result.exit_code == 0, result.output
    assert "relatório do mercado inteiro gerado" in result.output
    assert "Atenção: mini.ipynb não tem tradução" in result.output
    assert (tmp_path / "b" / "territories" / "mercado.html").is_file()


def test_progress_and_summary_in_portuguese(capsys, tmp_path):
    p = reports._progress("lines", 2, "pt-BR")
    p.note(Text("a sentence", "uma frase"))
    p.update("Sul", True, 1.04)
    p.update("Norte", False, 0.5, "ValueError: boom")
    p.update("", True, 2.0)
    p.close()
    err = capsys.readouterr().err
    assert "Atenção: uma frase" in err
    assert "[1/2] Sul: pronto em 1,0 s" in err and "[2/2] Norte: FALHOU: ValueError: boom" in err
    assert "mercado inteiro: pronto em 2,0 s" in err
    # a name with control characters never reaches the terminal raw
    p = reports._progress("lines", 1, "en")
    p.update("Sul\x1b[2J\x07", False, 0.1, "boom\x1b[31m")
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b[2J" in err


def test_library_warnings_become_sentences_not_file_and_line(capsys):
    import warnings

    def noisy(x):
        warnings.warn("the amount column mixes 12.500 and 3.75", kk.DataWarning, stacklevel=2)
        warnings.warn("old API", DeprecationWarning, stacklevel=2)
        warnings.warn("the amount column mixes 12.500 and 3.75", UserWarning, stacklevel=2)
        return x + 1

    said: list = []
    assert reports._quietly(noisy, 1, said=said) == 2
    assert said == ["the amount column mixes 12.500 and 3.75"]
    assert capsys.readouterr().err == ""
    p = reports._progress("lines", 1, "en")
    for note in said:
        p.note(note)
    err = capsys.readouterr().err
    assert err == "Warning: the amount column mixes 12.500 and 3.75\n"


def test_an_interrupted_run_drops_the_partial_notebooks_it_wrote_and_keeps_older_ones(tmp_path):
    """Stopping a run can fail a territory's notebook as its kernel dies: that partial notebook
    is the interruption's, not a diagnosis, and goes; one from an earlier run stays."""
    from kamkit.outputs.report_workers import _Task

    old, new = tmp_path / "norte.failed.ipynb", tmp_path / "sul.failed.ipynb"
    old.write_text("{}", encoding="utf-8")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    since = time.time() - 60
    new.write_text("{}", encoding="utf-8")
    tasks = [
        _Task(i, name, name, str(tmp_path / name), {}, str(tmp_path))
        for i, name in enumerate(("norte", "sul", "leste"))
    ]
    reports._drop_interrupted(tasks, since=since)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["norte.failed.ipynb"]
