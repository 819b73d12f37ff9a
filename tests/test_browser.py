"""What people look at, in a real browser: a course widget in JupyterLab, the territory reports.

Chromium (Debian's ``chromium`` package, found on the PATH) is driven by Playwright for Python;
Playwright never downloads a browser here. Where either is missing (a user's laptop) the tests
skip with a one-line reason; under CI (``CI=true``) they fail instead, so they always run there.

The browser only talks to this machine: ``file://`` pages and a JupyterLab server on 127.0.0.1
(any other host fails to resolve, and the tests list what tried one). Screenshots go to
``test-artifacts/`` at the repository root (git ignores it): ``widget.png``, ``index.png``,
``report.png``, and ``*-failure.png`` when a test fails.

``kamkit run`` starts in the background as the module starts (when a report test is selected),
so the reports are written while the JupyterLab test runs.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest

import kamkit as kk
from kamkit.outputs.reports import format_scorecard, format_table
from kamkit.outputs.widgets import EXPLORER_CLASS, PICTURE_CLASS, RESULT_CLASS

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
SAMPLE_CSV = ROOT / "data" / "samples" / "csv"
NOTEBOOK = ROOT / "notebooks" / "02_concentration.ipynb"  # the lesson with the ABC explorer
TERRITORIES = ["Sul", "Nordeste"]
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
LOCAL_SCHEMES = ("file", "data", "blob", "about", "chrome-error")
TIMEOUT = 90  # seconds any one step may take (a busy CI machine)
FAILURE_SHOTS = ("widget-failure.png", "report-failure.png")


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if shutil.which("chromium") is None:
        return "Chromium is not installed (Debian/Ubuntu: apt-get install chromium)"
    return None


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


# --------------------------------------------------------------------------------------------
# processes this module starts (stopped by their id, whatever happens)


def _children(pid: int) -> list[tuple[int, str]]:
    """The processes whose parent is ``pid``, as (pid, start time) (Linux; elsewhere none)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append((int(stat.parent.name), fields[19]))
    return found


def _kill_if_same(pid: int, started: str) -> None:
    """Kill ``pid`` if it is still the process that started at ``started``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return
    if fields[19] == started and fields[0] != "Z":
        os.kill(pid, signal.SIGKILL)


def _stop(proc: subprocess.Popen, wait: float = 20) -> None:
    """SIGTERM (a Jupyter server then shuts its kernels down), SIGKILL if it lingers, then
    kill its children (kernels run in sessions of their own) should any outlive it."""
    children = _children(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    for pid, started in children:
        _kill_if_same(pid, started)


def _log_tail(path: Path, n: int = 3000) -> str:
    return path.read_text(errors="replace")[-n:] if path.exists() else "(no log)"


# --------------------------------------------------------------------------------------------
# the browser


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """A headless Chromium with a fresh profile (a Playwright browser context)."""
    reason = _browser_missing()
    if reason is not None:
        if _under_ci():
            pytest.fail(f"{reason}; under CI (CI=true) the browser tests must run.", pytrace=False)
        pytest.skip(f"{reason}: browser tests skipped.")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    for name in FAILURE_SHOTS:  # from an earlier run
        (ARTIFACTS / name).unlink(missing_ok=True)
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=shutil.which("chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1000},
        )
        context.set_default_timeout(TIMEOUT * 1000)
        try:
            yield context
        finally:
            context.close()


class Watch:
    """What a page did: every request, console errors and uncaught exceptions."""

    def __init__(self, page):
        self.requests, self.console, self.failed = [], [], []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on(
            "console",
            lambda m: (
                self.console.append((m.text, m.location.get("url", "")))
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda e: self.console.append((f"uncaught: {e}", page.url)))
        page.on("requestfailed", lambda r: self.failed.append((r.url, r.failure)))

    def outside(self, *hosts: str) -> list[str]:
        """Requests to another machine (anything but local schemes and ``hosts``)."""
        return [
            u
            for u in self.requests
            if urlparse(u).scheme not in LOCAL_SCHEMES and urlparse(u).hostname not in hosts
        ]

    def errors(self, *hosts: str) -> list:
        """Console errors and failed requests, except those of requests to other machines
        (listed by :meth:`outside`)."""
        away = set(self.outside(*hosts))
        return [e for e in self.console if e[1] not in away] + [
            f for f in self.failed if f[0] not in away
        ]


@contextlib.contextmanager
def _new_page(chromium, failure_shot: str | None = None):
    """A new page, closed afterwards; saved as ``failure_shot`` when the test fails on it."""
    page = chromium.new_page()
    try:
        yield page
    except BaseException:
        if failure_shot:
            _failure_screenshot(page, failure_shot)
        raise
    finally:
        page.close()


def _failure_screenshot(page, name: str) -> None:
    try:
        page.screenshot(path=str(ARTIFACTS / name))
    except Exception as exc:  # the browser may be gone; the test's own error matters more
        print(f"no screenshot {name}: {exc}")


# --------------------------------------------------------------------------------------------
# kamkit run, in the background from the start of the module


def _start(command: list[str], log: Path, **options) -> subprocess.Popen:
    """``python -m COMMAND`` in the background, both its streams written to ``log``."""
    with open(log, "wb") as stream:
        return subprocess.Popen(
            [sys.executable, "-m", *command],
            stdout=stream,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            **options,
        )


@pytest.fixture(scope="module", autouse=True)
def _kamkit_run(request, tmp_path_factory):
    """Start ``kamkit run`` on two territories of the sample, when a selected test needs the
    reports and a browser is here."""
    wanted = any(
        getattr(item, "module", None) is request.module
        and "site" in getattr(item, "fixturenames", ())
        for item in request.session.items
    )
    if not wanted or _browser_missing() is not None:
        yield None
        return
    base = tmp_path_factory.mktemp("site")
    out, log = base / "site", base / "kamkit-run.log"
    territories = [a for t in TERRITORIES for a in ("--territory", t)]
    proc = _start(["kamkit", "run", str(SAMPLE_CSV), "--out", str(out), *territories], log)
    try:
        yield proc, out, log
    finally:
        _stop(proc, wait=30)


@pytest.fixture(scope="module")
def site(_kamkit_run):
    """The folder ``kamkit run`` wrote (waits for it to finish)."""
    proc, out, log = _kamkit_run
    try:
        code = proc.wait(4 * TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"kamkit run did not finish in {4 * TIMEOUT} s:\n{_log_tail(log)}")
    assert code == 0, f"kamkit run failed (exit {code}):\n{_log_tail(log)}"
    return out


# --------------------------------------------------------------------------------------------
# JupyterLab


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> bytes:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    with opener.open(url, timeout=timeout) as response:
        return response.read()


class Lab:
    """A JupyterLab server being started: ``url``, and ``ready()`` waits until it answers."""

    def __init__(self, url: str, proc: subprocess.Popen, log: Path):
        self.url, self.proc, self.log = url, proc, log

    def ready(self) -> str:
        deadline = time.monotonic() + TIMEOUT
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"JupyterLab stopped as it started:\n{_log_tail(self.log)}")
            try:
                json.loads(_get(f"{self.url}/api/status"))
                return self.url
            except (OSError, ValueError):
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"JupyterLab did not answer /api/status in {TIMEOUT} s:\n"
                        f"{_log_tail(self.log)}"
                    )
                time.sleep(0.25)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a free 127.0.0.1 port, without a token, serving a copy of the course.

    The copy matters: JupyterLab saves the notebooks it opens. Every Jupyter setting lives in
    the temporary folder too: no news or update checks, all cells kept in the page, the
    notebook's kernel started without asking. The server is stopped at the end, whatever
    happens, and its kernels with it.
    """
    if not NOTEBOOK.is_file():
        pytest.fail(f"{NOTEBOOK.relative_to(ROOT)} is missing: the widget test runs it.")
    base = tmp_path_factory.mktemp("lab")
    root = base / "course"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy2(NOTEBOOK, root / "notebooks" / NOTEBOOK.name)
    (root / "data").symlink_to(ROOT / "data", target_is_directory=True)
    home = base / "jupyter"
    for plugin, values in {
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "notebook-extension/tracker": {"windowingMode": "none", "autoStartDefaultKernel": True},
    }.items():
        path = home / "lab-settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    (home / "config").mkdir()
    (home / "config" / "jupyter_server_config.py").write_text(
        "c.LabApp.news_url = None\n"
        "c.LabApp.check_for_updates_class = "
        "'jupyterlab.handlers.announcements.NeverCheckForUpdate'\n"
        "c.LabApp.extension_manager = 'readonly'\n"
        "c.ServerApp.terminals_enabled = False\n"
        f"c.ServerApp.allow_root = {os.name == 'posix' and os.geteuid() == 0}\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # inline plots, as for people
    env.update(
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    port = _free_port()
    log = base / "jupyterlab.log"
    proc = _start(
        [
            "jupyter",
            "lab",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
        ],
        log,
        cwd=root,
        env=env,
    )
    try:
        yield Lab(f"http://127.0.0.1:{port}", proc, log)
    finally:
        _stop(proc)


def _abc_figures(market, a_share: float) -> pd.DataFrame:
    """The ABC explorer's figures, worked out from kk.segment (not with the widget's code)."""
    seg = kk.segment(market.with_parameters(abc_a_share=a_share))
    buying = seg[seg["revenue"] > 0]
    classes = ["A", "B", "C"]
    abc = buying["abc_class"].astype(str)
    counts = abc.value_counts().reindex(classes, fill_value=0)
    revenue = buying["revenue"].groupby(abc).sum().reindex(classes, fill_value=0.0)
    return pd.DataFrame(
        {
            "accounts": counts.astype("int64"),
            "accounts_share": counts / len(buying),
            "revenue": revenue.astype("float64"),
            "revenue_share": revenue / buying["revenue"].sum(),
        },
        index=pd.Index(classes, name="abc_class"),
    )


def _shown_figures(explorer) -> dict:
    """(class, figure) -> (data-value, text) of each cell of the figures table on screen."""
    cells = explorer.locator(f".{RESULT_CLASS} table td[data-row][data-figure]")
    return {
        (c["row"], c["figure"]): (c["value"], c["text"])
        for c in cells.evaluate_all(
            "cells => cells.map(c => ({row: c.dataset.row, figure: c.dataset.figure, "
            "value: c.dataset.value, text: c.innerText.trim()}))"
        )
    }


def _check_figures(shown: dict, expected: pd.DataFrame, market) -> None:
    p = market.parameters
    texts = format_table(expected, language=p.language, currency=p.currency)
    assert sorted(shown) == sorted((r, f) for r in expected.index for f in expected.columns)
    for i, row in enumerate(expected.index):
        for j, figure in enumerate(expected.columns):
            value, text = shown[row, figure]
            assert float(value) == pytest.approx(float(expected.iat[i, j]), rel=1e-12), (
                row,
                figure,
            )
            assert text == str(texts.iat[i, j]), (row, figure)


def test_abc_slider_in_jupyterlab_shows_kamkits_figures(lab, chromium):
    """Lesson 2 in JupyterLab: run all cells, move the A cut-off slider, read the figures."""
    market = kk.load_sample()  # the notebook's market (DATA = None)
    start = market.parameters.abc_a_share
    moved = round(start + 0.10, 2)  # two steps of the slider
    before, after = _abc_figures(market, start), _abc_figures(market, moved)
    assert before.loc["A", "accounts"] != after.loc["A", "accounts"]
    lab.ready()
    with _new_page(chromium, FAILURE_SHOTS[0]) as page:
        watch = Watch(page)
        page.goto(f"{lab.url}/lab/tree/notebooks/{NOTEBOOK.name}")
        page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
        page.get_by_text(re.compile(r"^Python 3.* \| Idle$")).wait_for()  # the kernel is up
        page.locator(".lm-MenuBar-itemLabel:text-is('Run')").click()
        page.locator(".lm-Menu-itemLabel:text-is('Run All Cells')").click()

        explorer = page.locator(f".{EXPLORER_CLASS}")
        explorer.locator(f".{RESULT_CLASS} table td").first.wait_for()
        page.wait_for_function(  # every code cell ran
            "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
            ".every(p => /\\[\\d+\\]/.test(p.innerText))"
        )
        tracebacks = page.locator(".jp-OutputArea-output", has_text="Traceback")
        assert tracebacks.count() == 0, tracebacks.first.inner_text()
        _check_figures(_shown_figures(explorer), before, market)
        picture = explorer.locator(f".{PICTURE_CLASS}")
        old_src = picture.get_attribute("src")
        old_headline = explorer.locator(".kamkit-headline").inner_text()

        handle = explorer.locator(".widget-slider .noUi-handle").first  # A: top share
        handle.focus()
        handle.press("ArrowRight")
        handle.press("ArrowRight")
        explorer.locator(".widget-readout").first.filter(has_text=f"{moved:.0%}").wait_for()
        page.wait_for_function(
            "([sel, n]) => document.querySelector(sel)?.dataset.value === n",
            arg=[
                f".{EXPLORER_CLASS} .{RESULT_CLASS} td[data-row='A'][data-figure='accounts']",
                str(int(after.loc["A", "accounts"])),
            ],
        )
        page.wait_for_function(
            "([sel, src]) => { const img = document.querySelector(sel);"
            " return img.src !== src && img.complete && img.naturalWidth > 0; }",
            arg=[f".{EXPLORER_CLASS} .{PICTURE_CLASS}", old_src],
        )

        _check_figures(_shown_figures(explorer), after, market)
        headline = explorer.locator(".kamkit-headline").inner_text()
        assert headline != old_headline
        assert headline.startswith(f"{int(after.loc['A', 'accounts']):,} A accounts")
        explorer.screenshot(path=str(ARTIFACTS / "widget.png"))
        assert watch.outside("127.0.0.1") == []
        assert watch.errors("127.0.0.1") == [], "console errors or failed loads in JupyterLab"


# --------------------------------------------------------------------------------------------
# the reports of kamkit run, opened from disk


_INDEX_JS = """() => [...document.querySelectorAll('#scorecard tbody tr')].map(tr => ({
    territory: tr.querySelector('td.name').dataset.territory,
    cells: [...tr.querySelectorAll('td[data-value]')].map(td => {
        const change = td.querySelector('span.change');
        const own = [...td.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
            .map(n => n.textContent).join('').trim();
        return change ? `${own} (${change.innerText.trim()})` : own;
    }),
}))"""

_TABLES_JS = """() => [...document.querySelectorAll('table.dataframe')].map(t => ({
    head: [...t.querySelectorAll('thead th')].map(th => th.innerText.trim()),
    rows: [...t.querySelectorAll('tbody tr')].map(tr =>
        [...tr.children].map(c => c.innerText.trim())),
}))"""

_PICTURES_JS = """() => [...document.images].map(img => ({
    src: img.src.slice(0, 40), complete: img.complete, width: img.naturalWidth}))"""

_LINKS_JS = """() => [...document.querySelectorAll('a[href]')].map(a => ({
    href: a.getAttribute('href'), url: a.href}))"""


def _check_pictures(page, at_least: int) -> None:
    pictures = page.evaluate(_PICTURES_JS)
    assert len(pictures) >= at_least, pictures
    broken = [p for p in pictures if not (p["complete"] and p["width"] > 0)]
    assert broken == [], f"pictures that did not load on {page.url}: {broken}"


def _check_links(page, folder: Path) -> list[dict]:
    """Local links point at files that exist; fragments at an element of the page."""
    links = page.evaluate(_LINKS_JS)
    for link in links:
        url = urlparse(link["url"])
        if link["href"].startswith("#"):  # as browsers look them up: raw id, then decoded
            ids = [url.fragment, unquote(url.fragment)]
            assert page.evaluate("ids => ids.some(id => document.getElementById(id))", ids), link
        else:
            assert url.scheme == "file", f"a link leaves the reports: {link}"
            assert Path(unquote(url.path)).is_file(), f"broken link: {link}"
            assert Path(unquote(url.path)).resolve().is_relative_to(folder.resolve()), link
    return links


def test_reports_in_chromium_show_the_scorecard_pictures_and_working_links(chromium, site):
    """index.html and a territory report from disk: kk.scorecard's figures as
    format_scorecard writes them, every picture loaded, every link working, no errors."""
    card = kk.scorecard(kk.load(SAMPLE_CSV))
    with _new_page(chromium, FAILURE_SHOTS[1]) as page:
        watch = Watch(page)
        page.goto((site / "index.html").as_uri())
        rows = page.evaluate(_INDEX_JS)
        assert [r["territory"] for r in rows] == [*sorted(TERRITORIES), "all"]
        table = format_scorecard(
            card.set_index("territory").loc[[r["territory"] for r in rows]].reset_index()
        )
        for j, row in enumerate(rows):
            assert row["cells"] == table.iloc[:, j].tolist(), row["territory"]
        _check_pictures(page, at_least=0)
        links = _check_links(page, site)
        # one link per territory's report, and the results workbook (which exists)
        assert sorted(link["href"] for link in links if link["href"].endswith(".xlsx")) == [
            "results.xlsx"
        ]
        assert (
            len([link for link in links if link["href"].endswith(".html")])
            == len(TERRITORIES)
            == len(links) - 1
        )
        page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)

        page.get_by_role("link", name="Sul", exact=True).click()  # through to the report
        page.wait_for_url("**/territories/*.html")
        assert Path(unquote(urlparse(page.url).path)).parent == (site / "territories").resolve()
        page.wait_for_load_state("load")
        shown = format_scorecard(card[card["territory"].isin(["Sul", "all"])])
        tables = page.evaluate(_TABLES_JS)
        head = [shown.columns.name, *shown.columns]
        scorecards = [t for t in tables if t["head"] == head]
        assert len(scorecards) == 1, [t["head"] for t in tables]
        assert scorecards[0]["rows"] == [
            [label, *cells] for label, cells in zip(shown.index, shown.to_numpy().tolist())
        ]
        _check_pictures(page, at_least=5)  # funnel, transitions, matrix, two evolution charts
        _check_links(page, site)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        assert watch.errors() == [], "console errors or failed loads in the reports"


def test_reports_ask_nothing_from_the_internet(chromium, site):
    """Opened from disk, the reports request nothing from another machine (offline, private)."""
    with _new_page(chromium) as page:
        watch = Watch(page)
        page.goto((site / "index.html").as_uri())
        page.get_by_role("link", name="Sul", exact=True).click()
        page.wait_for_url("**/territories/*.html")
        page.wait_for_load_state("load")
    assert watch.outside() == []


# --------------------------------------------------------------------------------------------
# hostile names: no script runs, in either language (issue 12)


@pytest.fixture(scope="module")
def hostile_sites(chromium, tmp_path_factory):
    """``kamkit run`` (run_reports) in English and in pt-BR on a market whose territory,
    account and salesperson names are HTML and Markdown injections (payloads set
    ``document.title = 'pwned'``)."""
    from test_report_content import hostile_review_market

    from kamkit.outputs.reports import run_reports

    sites = {}
    for language in ("en", "pt-BR"):
        base = tmp_path_factory.mktemp(f"hostile-{language}")
        kk.write_market(hostile_review_market(language), base / "data")
        result = run_reports(base / "data", base / "site", progress="off", jobs=2)
        assert result.ok, result.summary()
        sites[language] = result
    return sites


_INJECTED_JS = """() => ({
    title: document.title,
    images: [...document.images].map(i => i.getAttribute('src')).filter(s => s === 'x'
                                                                       || s === 'y'),
    scripts: [...document.scripts].filter(s => s.textContent.includes('pwned')).length,
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
        .filter(h => h.trim().toLowerCase().startsWith('javascript')),
    emphasis: [...document.querySelectorAll('em, strong')].map(e => e.innerText)
        .filter(t => t === 'Sul' || t === 'Forte'),
    text: document.body.innerText,
})"""


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_no_name_from_the_data_runs_script_in_the_reports_or_the_index(
    chromium, hostile_sites, language
):
    """Every page opened in Chromium: no payload ran (the title is not 'pwned', no dialog), no
    tag, link or emphasis was made from a name, and the names show as written."""
    from test_report_content import T_IMG, T_MIX

    result = hostile_sites[language]
    pages = [result.index, *(r.html for r in result.reports)]
    assert len(pages) == 3
    for path in pages:
        with _new_page(chromium, FAILURE_SHOTS[1]) as page:
            dialogs = []
            page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
            watch = Watch(page)
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)  # an onerror handler runs after the image fails
            seen = page.evaluate(_INJECTED_JS)
            assert seen["title"] != "pwned", path.name
            assert dialogs == [], path.name
            assert seen["images"] == [] and seen["scripts"] == 0, (path.name, seen["images"])
            assert seen["links"] == [] and seen["emphasis"] == [], path.name
            text = " ".join(seen["text"].split())
            assert T_IMG in text and T_MIX in text or path != result.index, path.name
            if path != result.index:
                territory = next(r.territory for r in result.reports if r.html == path)
                assert territory in text, path.name
            assert watch.outside() == []


def test_portuguese_pages_in_chromium_show_no_english_and_no_iso_date(chromium, hostile_sites):
    """What a Brazilian manager reads (the browser's innerText) is all Portuguese, dates
    dd/mm/yyyy: the index and every report of a pt-BR run."""
    from test_report_content import ISO_DATE, english_in

    result = hostile_sites["pt-BR"]
    for path in [result.index, *(r.html for r in result.reports)]:
        with _new_page(chromium) as page:
            page.goto(path.as_uri())
            text = " ".join(page.evaluate("() => document.body.innerText").split())
        assert len(text) > 500, path.name
        assert english_in(text) == [], path.name
        assert ISO_DATE.findall(text) == [], path.name
        assert "Evolução de cada território" in text or path != result.index
