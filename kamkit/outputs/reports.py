"""Territory reports: run the territory report notebook once per territory and publish a site.

``run_reports(data, out)`` is what ``kamkit run DATA --out DIR`` calls. It

1. loads and validates DATA (:func:`kamkit.load`); bad data stops the run before any notebook
   runs, and an unknown territory is an error that lists the known ones;
2. runs the territory report notebook (``notebooks/territory_report.ipynb``: the review of
   lesson 8, ``notebooks/08_territory_review.ipynb``, with the same code cells but none of the
   course's notes, exercises or widgets) with papermill once per territory -- or once for the
   whole market (``territory=""``) -- in parallel worker processes;
3. writes, per territory, the executed notebook and an HTML report without code cells into
   ``DIR/territories/``, and ``DIR/index.html``: the cross-territory scorecard (figures of
   :func:`kamkit.analysis.territory.scorecard` with the change since the previous review) linking to
   every report. Everything opens from a file browser; no server is needed.

Failures are isolated: a territory whose notebook fails does not stop the others. Its partial
executed notebook is kept as ``<name>.failed.ipynb`` for diagnosis, the index marks it failed,
and the result (and the command's summary) names the failing cell and the error.

Files
    Every file appears under its final name only when complete (written beside it under a
    hidden temporary name, then renamed). Nothing outside DIR is written or deleted. File
    names come from :func:`report_names`: accents, spaces, slashes and dots in territory
    names cannot escape DIR, and every name shown in HTML is escaped.

Speed
    Kernel start-up and imports, not the analysis, dominate a naive loop of ``papermill`` and
    ``jupyter nbconvert`` commands. Here the data is read and validated once and handed to the
    notebooks as a Parquet copy (``DIR/.kamkit-run-*``, deleted at the end, or by the next run
    when this one was killed). One worker process per core, never more than the reports (a
    fresh Python started while the data is read), executes notebooks (papermill with a kernel
    started in advance) and converts them to HTML itself; each worker starts the next
    territory's kernel while the current one runs,
    and kernels import the heavy libraries (modules only, never variables) as they start.
    ``benchmarks/bench_reports.py`` measures the gain. (So the ``data`` parameter recorded in
    an executed notebook names that deleted copy: to re-run it in Jupyter, set ``data`` to
    your file.)
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import DataError, KamkitError, Text, message_language, render
from kamkit.outputs.report_workers import (
    KERNEL_NAME,
    WARM_MODULES,
    _Pool,
    _skip_slow_optional_import,
    _Task,
    localised_notebook,
    translations_path,
)
from kamkit.presentation import catalogue, palette
from kamkit.presentation.names import report_names
from kamkit.presentation.tables import (  # the notebooks' and widgets' former home of these
    MISSING,
    SCORECARD_FIGURES,
    format_scorecard,
    format_table,
    format_value,
    is_share,
    period_label,
)

__all__ = [
    "run_reports",
    "RunResult",
    "TerritoryReport",
    "report_names",
    "format_table",
    "format_scorecard",
    "markdown_text",
    "scope_name",
    "window_note",
    "cut_note",
    "report_header",
    "notes_on_the_data",
    "TABLE_ROWS",
    "period_label",
    "sparkline_svg",
    "default_notebook",
    "localised_notebook",
    "translations_path",
    "NOTEBOOK",
    "CELL_TIMEOUT",
    "KERNEL_NAME",
    "WARM_MODULES",
]

#: The territory report notebook (lesson 8 without the course furniture), relative to the
#: repository root.
NOTEBOOK = Path("notebooks") / "territory_report.ipynb"
#: Seconds a report cell may run before its territory fails (``run_reports(cell_timeout=)``).
CELL_TIMEOUT = 600
#: Parameters ``run_reports`` passes to the notebook (those the notebook declares).
PARAMETERS = ("data", "territory", "as_of", "language", "interactive")

_SUBDIR = "territories"


# --------------------------------------------------------------------------------------------
# Words of the report (the review notebook and the report notebook call these)

#: Rows a report table shows before it says it was cut (:func:`cut_note`).
TABLE_ROWS = 20

# Characters Markdown (CommonMark, and Jupyter's $...$ maths) gives a meaning to; each is
# written with a backslash so that it reads as itself.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$=:])")
_HTML_SPECIALS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def markdown_text(value) -> str:
    r"""A name from the data (territory, account, salesperson) safe to put into Markdown.

    Every character HTML or Markdown would read as markup is written so that it shows as
    itself: ``<``, ``>``, ``&`` and ``"`` become HTML entities (no tag, no script can be
    made), Markdown's ``* _ [ ] ( ) | # ` $ ...`` get a backslash (no link, no emphasis, no
    table cell, no formula), and line breaks become spaces (no heading).

    >>> markdown_text("<img src=x onerror=alert(1)>")
    '&lt;img src\\=x onerror\\=alert\\(1\\)&gt;'
    >>> markdown_text("Sul *1*")
    'Sul \\*1\\*'
    """
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return MISSING
    text = " ".join(str(value).split())
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    return "".join(_HTML_SPECIALS.get(c, c) for c in text)


def scope_name(territory, language: str | None = "en") -> str:
    """What a report is about: the territory, or "whole market" for ``None`` or ``""``
    (escaped for Markdown with :func:`markdown_text`)."""
    from kamkit.presentation import i18n

    if territory is None or territory == "" or territory == i18n.TOTAL:
        return i18n.label("report.whole_market", language)
    return markdown_text(territory)


def window_note(market, language: str | None = "en") -> str:
    """The analysis window figures depend on, as people read it:
    ``"window: 12 months, since 2025-10-01"`` / ``"janela: 12 meses, desde 01/10/2025"``."""
    from kamkit.analysis.segmentation import window
    from kamkit.presentation import i18n

    start, _ = window(market)
    return i18n.label("report.window", language).format(
        months=market.parameters.lookback_months, start=i18n.format_date(start, language)
    )


def cut_note(shown: int, total: int, language: str | None = "en") -> str:
    """What a cut table says under its title: ``"first 20 of 87; all in the workbook"``
    (pt-BR ``"primeiras 20 de 87; todas na planilha"``); blank when nothing was cut."""
    from kamkit.presentation import i18n

    if shown >= total:
        return ""
    return i18n.label("report.cut", language).format(
        shown=i18n.format_count(shown, language), total=i18n.format_count(total, language)
    )


def report_header(market, territory, language: str | None = "en") -> str:
    """The top of a report, in Markdown: a link back to the index (``../index.html``) and the
    title with the territory (or the whole market) and the review date. (The scorecard's
    heading, next, gives the previous review and the window.)"""
    from kamkit.presentation import i18n

    back = i18n.label("report.index", language)
    return (
        f"[\u2190 {back}](../index.html)\n\n"
        f"# {i18n.label('heading.review', language)}: {scope_name(territory, language)} "
        f"\u2014 {i18n.format_date(market.as_of, language)}"
    )


def notes_on_the_data(market, language: str | None = "en", *, territory=None) -> str:
    """The warnings found when the data was loaded (``market.notes``) and those of
    :func:`kamkit.data_warnings`, as a short Markdown section ("Notes on the data" /
    "Observações sobre os dados"); blank when there is none.

    With a ``territory``, the notes of :func:`kamkit.data_warnings` name only that territory's
    accounts (the loading notes are about the files, and shown in every report).
    """
    from kamkit.analysis.diagnostics import data_warnings
    from kamkit.analysis.segmentation import segment
    from kamkit.presentation import i18n

    table = segment(market)
    if territory not in (None, "", i18n.TOTAL):
        table = table[(table["territory"] == territory).to_numpy(dtype=bool)]
    notes = [*market.notes, *data_warnings(market, table=table)]
    if not notes:
        return ""
    items = "\n".join(f"- {markdown_text(n.text(language))}" for n in notes)
    return f"## {i18n.label('heading.notes', language)}\n\n{items}"


# --------------------------------------------------------------------------------------------
# File names


def _inside(path: Path, out: Path) -> Path:
    """``path`` if it lies inside ``out`` (symbolic links resolved), else an error."""
    resolved = path.resolve()
    if not resolved.is_relative_to(out.resolve()):
        raise KamkitError(catalogue.text("reports.run.outside").format(path=path, out=out))
    return path


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class TerritoryReport:
    """The outcome for one territory.

    Attributes
    ----------
    territory : str
    name : str
        The file name stem (:func:`report_names`).
    ok : bool
    html : Path or None
        The HTML report (None when the notebook failed).
    notebook : Path or None
        The executed notebook; when failed, the partial one (``.failed.ipynb``) if any.
    cell : str
        Where it failed, e.g. ``"In [7]"`` (blank when ok).
    error : str
        The error, e.g. ``"ZeroDivisionError: division by zero"`` (blank when ok).
    seconds : float
        Time spent on this territory (kernel, notebook and HTML).
    reason : Text or None
        The error in both languages when kamkit knows what happened (a timeout, a worker
        that stopped); None when the notebook raised it.

    ``territory`` is ``""`` for the one report on the whole market of data without
    territories (``whole_market``; ``label(language)`` names it for people).
    """

    territory: str
    name: str
    ok: bool
    html: Path | None = None
    notebook: Path | None = None
    cell: str = ""
    error: str = ""
    seconds: float = 0.0
    #: What the error means in both languages when kamkit knows it (a timeout, a worker
    #: that stopped); None for an error raised by the notebook (``error`` says it).
    reason: Text | None = None

    @property
    def whole_market(self) -> bool:
        """True for the one report on the whole market of a run on data without
        territories (``territory`` is ``""``)."""
        return self.territory == ""

    def label(self, language: str | None = "en") -> str:
        """The territory's name, or "whole market" / "mercado inteiro"."""
        return (
            catalogue.text("report.whole_market")(language) if self.whole_market else self.territory
        )


@dataclass(frozen=True)
class RunResult:
    """What :func:`run_reports` produced.

    Attributes
    ----------
    out : Path
        The output folder.
    index : Path
        ``out / "index.html"``.
    reports : tuple of TerritoryReport
        In territory order.
    as_of, previous : Timestamp
        The review date and the previous review the index compares with.
    seconds : float
        Wall time of the whole run.
    warnings : tuple
        Warnings about the data (what ``kamkit validate`` and :func:`kamkit.data_warnings`
        report: Problems with ``.text(language)``), the notebook (a missing translation: a
        :class:`~kamkit.core.errors.Text`) or from a library while the data was read (plain
        English).
    language : str
        The language the run speaks to people in (``--lang``, else the data's).
    whole_market : bool
        True when the data has no territories and the run wrote one report on the whole
        market (``reports[0].territory == ""``).
    workbook : Path or None
        The results workbook beside the index (``results.xlsx``, ``resultados.xlsx`` in
        pt-BR): every account, one sheet per territory; None when it could not be written.
    """

    out: Path
    index: Path
    reports: tuple[TerritoryReport, ...]
    as_of: object = None
    previous: object = None
    seconds: float = 0.0
    warnings: tuple = ()
    language: str = "en"
    workbook: Path | None = None

    @property
    def whole_market(self) -> bool:
        return len(self.reports) == 1 and self.reports[0].whole_market

    @property
    def ok(self) -> bool:
        """True when every territory's report was produced."""
        return all(r.ok for r in self.reports)

    @property
    def failed(self) -> tuple[TerritoryReport, ...]:
        return tuple(r for r in self.reports if not r.ok)

    def summary(self, language: str | None = None) -> str:
        """A few lines for people: what was written, and each failure with cell and error
        (in ``language``; default the run's)."""
        from kamkit.presentation.i18n import format_number

        lang = language or self.language
        done = len(self.reports) - len(self.failed)
        head = (
            catalogue.text("reports.run.whole_done")
            if self.whole_market
            else catalogue.text("reports.run.done")
        )
        lines = [
            head(lang).format(
                done=done,
                total=len(self.reports),
                seconds=format_number(self.seconds, lang, decimals=1),
                index=_printable(self.index),
                uri=self.index.resolve().as_uri(),
            )
        ]
        if self.failed:
            lines.append(catalogue.text("reports.run.failed")(lang).format(n=len(self.failed)))
            for r in self.failed:
                lines.append("- " + _failure(r, lang))
        return "\n".join(lines)


def _failure(r: TerritoryReport, language: str) -> str:
    """One failed report as a line: territory, error, cell and the partial notebook."""
    error = r.reason(language) if r.reason is not None else r.error
    where = catalogue.text("reports.run.at_cell")(language).format(cell=r.cell) if r.cell else ""
    kept = (
        catalogue.text("reports.run.kept")(language).format(path=_printable(r.notebook))
        if r.notebook
        else ""
    )
    return f"{_printable(r.label(language))}: {_printable(error)}{where}{kept}"


def _printable(value) -> str:
    """Text safe to print on a terminal: control characters (ANSI escapes included) become
    visible ``\\x1b`` escapes instead of acting on the terminal."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in "\n\t" else repr(c)[1:-1] for c in text)


# --------------------------------------------------------------------------------------------
# The runner


def default_notebook() -> Path:
    """The territory report notebook of the kamkit repository (``NOTEBOOK``), or an error if it
    is missing."""
    path = Path(__file__).resolve().parents[2] / NOTEBOOK  # kamkit/outputs/ -> the repository
    if not path.is_file():
        raise KamkitError(catalogue.text("reports.run.no_notebook").format(path=path))
    return path


def _check_notebook(notebook) -> tuple[Path, list[str]]:
    """The notebook path and the parameters it declares that we pass; clear errors if not."""
    if notebook is None:
        path = default_notebook()
    else:
        path = Path(notebook)
        if not path.is_file():
            raise KamkitError(catalogue.text("reports.run.missing_notebook").format(path=path))
    import papermill

    try:
        declared = papermill.inspect_notebook(str(path))
    except Exception as exc:
        raise KamkitError(
            catalogue.text("reports.run.unreadable_notebook").format(path=path, exc=exc)
        ) from None
    _check_kernel()
    missing = [p for p in ("data", "territory") if p not in declared]
    if missing:
        sentence = catalogue.text("reports.run.missing_parameter")
        raise KamkitError(
            Text(
                sentence.en.format(path=path, missing=" or ".join(missing)),
                sentence.pt.format(path=path, missing=" ou ".join(missing)),
            )
        )
    return path, [p for p in PARAMETERS if p in declared]


def _check_kernel() -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise KamkitError(
            catalogue.text("reports.run.no_kernel").format(
                kernel=KERNEL_NAME, python=sys.executable
            )
        ) from None


def _cores() -> int:
    """The cores this process may use (its CPU affinity, where the system says)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return count() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _jobs(jobs, n: int) -> int:
    """Worker processes for ``n`` reports: ``jobs`` (default: one per core), never more than
    the reports to write nor the cores: more workers than cores only compete for them, each
    with a kernel and hundreds of megabytes."""
    if jobs is None:
        jobs = _cores()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise KamkitError(catalogue.text("reports.run.bad_jobs").format(jobs=repr(jobs)))
    return max(1, min(jobs, n, _cores()))


def _results_workbook(market, out: Path, language: str, notes: list) -> Path | None:
    """The manager's workbook (what :func:`kamkit.outputs.export.write_results` writes: a
    summary and every account, one sheet per territory) beside the index, so a report's cut
    tables can say "all in the workbook". The figures come from the analysis layer and the file
    from kamkit.files.results, as for ``kamkit segment --out``. A file of the same name that is
    not a results workbook (a data workbook) is left alone, with a note; the run goes on
    without it."""
    from kamkit.analysis.tables import results_tables
    from kamkit.files.results import refuse_data_workbook, write_results_workbook

    path = out / catalogue.word("reports.file.workbook", language)
    try:
        refuse_data_workbook(path)
        results = results_tables(market, language=language)
        return write_results_workbook(market, path, results, language)
    except KamkitError as exc:
        notes.append(exc.message)
        return None


def _faithful_copy(market, folder: Path) -> None:
    """The market as Parquet files the report notebooks load back as it is, without warnings
    the user's data did not have: no visits file when there are no visits (an empty table would
    be "a header but no rows"), and no accounts file when the accounts are only the codes of the
    sales and visits with nothing else (loaded from a sales file alone: written, each would
    be "an account without a territory")."""
    from kamkit.files.writing import write_market

    for path in write_market(market, folder, fmt="parquet"):
        table = path.stem
        if table == "visits" and market.visits.empty:
            path.unlink()
        elif table == "accounts" and _derived_accounts(market):
            path.unlink()


def _derived_accounts(market) -> bool:
    """Whether the accounts hold nothing but the codes found in sales and visits (what
    ``kamkit.load`` makes when there is no accounts table), in the order it makes them."""
    import numpy as np
    import pandas as pd

    accounts = market.accounts
    if any(accounts[c].notna().any() for c in accounts.columns if c != "account_id"):
        return False
    found = []
    for frame in (market.sales, market.visits):
        codes = frame["account_id"].cat.codes.to_numpy()
        found.append(
            frame["account_id"].cat.categories.to_numpy(dtype=object)[np.unique(codes[codes >= 0])]
        )
    found = np.concatenate(found)
    expected = pd.Index(pd.unique(found), dtype=object).sort_values()
    return expected.equals(pd.Index(accounts["account_id"].to_numpy(dtype=object)))


def run_reports(
    data,
    out,
    *,
    territories=None,
    as_of=None,
    language=None,
    jobs=None,
    notebook=None,
    columns=None,
    progress=None,
    cell_timeout=CELL_TIMEOUT,
) -> RunResult:
    """Run the territory report notebook for each territory and write the report site.

    Parameters
    ----------
    data : path
        Workbook, folder of CSV/Parquet files, or sales file (what :func:`kamkit.load` reads).
        Data without territories (a sales file alone) gets one report on the whole market
        (``territories/market.html``, ``mercado.html`` in Portuguese): the notebook runs
        with ``territory=""``.
    out : path
        Output folder (created if needed). Receives ``index.html`` and ``territories/``
        (``<name>.html`` and ``<name>.ipynb`` per territory). Nothing outside it is touched;
        what an interrupted earlier run left there (a hidden ``.kamkit-run-*`` folder,
        hidden ``.partial`` files of kamkit's own names) is removed.
    territories : list of str, optional
        Territories to report on; default all of them. An unknown one is an error listing
        the known ones.
    as_of : date-like, optional
        Review date; default the data's ``as_of`` parameter, else its latest date. The
        previous review, for changes, is the end of the month three months before it
        (:func:`kamkit.analysis.territory.previous_review`).
    language : {"en", "pt-BR"}, optional
        Default: the data's ``language`` parameter.
    jobs : int, optional
        Notebooks run at the same time; default the number of cores. Never more than the
        cores nor the reports to write.
    notebook : path, optional
        The report notebook; default ``notebooks/territory_report.ipynb`` of the kamkit
        repository. It needs a cell tagged ``parameters`` declaring ``data`` and ``territory``
        (``as_of``, ``language``, ``interactive`` are passed when declared). Its prose is
        translated from ``NAME.pt-BR.json`` beside it (:func:`translations_path`,
        :func:`localised_notebook`); without one, a pt-BR run warns that the notebook's text
        stays in English. The notebook runs in its own folder (relative paths in it work),
        but ``import kamkit`` always finds this kamkit, even beside a folder named kamkit.
    columns : path or dict, optional
        Column map for CRM exports (see :func:`kamkit.read_column_map`).
    progress : {None, "bar", "lines", "off"}
        None: a progress bar on a terminal, one plain line per territory otherwise (on
        standard error), with the data's warnings as sentences first.
    cell_timeout : float or None
        Seconds one cell of a report may run before its territory fails with a timeout
        (default ``CELL_TIMEOUT``, 10 minutes); None waits for ever. The partial notebook is
        kept (``<name>.failed.ipynb``).

    Returns
    -------
    RunResult
        ``result.ok`` is False when a territory failed; ``result.summary()`` says which,
        where and why; ``result.warnings`` holds the data's warnings.

    Raises
    ------
    DataError
        The data cannot be used (before any notebook runs).
    KamkitError
        Unknown territory, missing notebook, bad option, or ``out`` is not a folder.

    Notes
    -----
    Workers and their kernels never outlive the run: a SIGTERM stops them and removes the
    run's temporary files before the process ends (when the caller has no SIGTERM handler of
    its own), and on Linux they are also stopped when the calling process dies, even by
    ``kill -9``.
    """
    _skip_slow_optional_import()  # before nbformat loads jsonschema: seconds saved per run
    started = time.perf_counter()
    if cell_timeout is not None and not cell_timeout > 0:
        raise KamkitError(
            catalogue.text("reports.run.bad_cell_timeout").format(v=repr(cell_timeout))
        )
    if progress not in (None, "bar", "lines", "off"):
        raise KamkitError(catalogue.text("reports.run.bad_progress").format(v=repr(progress)))
    out = Path(out).absolute()  # workers may run in another folder
    if out.exists() and not out.is_dir():
        raise KamkitError(catalogue.text("reports.run.out_is_file").format(out=out))
    notebook_path, declared = _check_notebook(notebook)
    if language is not None:
        from kamkit.presentation.i18n import check_language

        language = check_language(language)
    requested = None if territories is None else list(dict.fromkeys(territories))
    if requested is not None and not requested:
        raise KamkitError(catalogue.text("reports.run.no_territory_chosen"))
    n_guess = len(requested) if requested else None
    pool = _Pool(_jobs(jobs, n_guess or 10**6), notebook_path.absolute(), cell_timeout)
    cache = lock = None
    finished = False
    tasks: list = []
    said: list[str] = []  # what libraries warned of while the data was read
    market = None
    with _terminate_on_sigterm():
        pool.start()  # workers and their kernels boot while the data is read and validated
        try:
            from kamkit.analysis.diagnostics import data_warnings
            from kamkit.analysis.territory import scorecard
            from kamkit.files.loading import validate

            report = _quietly(validate, data, columns, said=said)
            if not report.ok:
                raise DataError(report.problems, source=report.source)
            market = report.market
            if as_of is not None:
                market = market.with_parameters(as_of=_date(as_of))
            if language is not None:
                market = market.with_parameters(language=language)
            lang = market.parameters.language
            known = market.territories
            if not known and requested is not None:
                raise KamkitError(
                    catalogue.text("reports.run.no_territories").format(
                        source=market.source or catalogue.text("reports.run.the_data"),
                        territory=requested[0],
                    )
                )
            if known:
                chosen = (
                    known if requested is None else [market.check_territory(t) for t in requested]
                )
                names = report_names(known)
            else:  # one report on the whole market
                chosen, names = [""], {"": catalogue.word("reports.file.whole_market", lang)}
            pool.shrink(_jobs(jobs, len(chosen)))
            notes = list(report.warnings) + _quietly(data_warnings, market, said=said)
            # a broken translation file stops the run here, once, rather than in every report
            localised_notebook(notebook_path, lang)
            if lang != "en" and not translations_path(notebook_path, lang).is_file():
                notes.append(
                    catalogue.text("reports.run.no_translation").format(
                        notebook=notebook_path.name, path=translations_path(notebook_path, lang)
                    )
                )
            shown = _progress(progress, len(chosen), message_language(lang))
            card = _quietly(scorecard, market, said=said)
            notes += said
            for note in notes:
                shown.note(note)
            out.mkdir(parents=True, exist_ok=True)
            folder = _inside(out / _SUBDIR, out)
            _remove_leftovers(out, folder)
            folder.mkdir(exist_ok=True)
            cache = Path(tempfile.mkdtemp(prefix=_CACHE_PREFIX, dir=out))
            lock = _hold(cache)
            _faithful_copy(market, cache / "market")
            workbook = _results_workbook(market, out, lang, notes)
            parameters = {
                "data": str((cache / "market").resolve()),
                "as_of": f"{market.as_of:%Y-%m-%d}" if as_of is not None else "",
                "language": lang,
                "interactive": False,
            }
            parameters = {k: v for k, v in parameters.items() if k in declared}
            tasks = [
                _Task(
                    i,
                    t,
                    names[t],
                    str(_inside(folder / names[t], out)),
                    {**parameters, "territory": t},
                    str(cache),
                    title=t or catalogue.text("report.whole_market")(lang),
                )
                for i, t in enumerate(chosen)
            ]
            outcomes = pool.run(tasks, shown)
            finished = True
            pool.close()
            reports = tuple(_report(outcomes[t.index], t) for t in tasks)
            index = out / "index.html"
            with atomic_path(index) as tmp:
                tmp.write_text(
                    _index_html(card, reports, market, out, workbook=workbook), encoding="utf-8"
                )
        except KamkitError as exc:
            # an error found once the data is read speaks the data's language too
            if market is not None:
                exc.data_language = market.parameters.language
            raise
        finally:
            pool.close(abort=not finished)
            if not finished:
                _drop_interrupted(tasks, since=time.time() - (time.perf_counter() - started))
            if cache is not None:
                shutil.rmtree(cache, ignore_errors=True)
            _release(lock)
    return RunResult(
        out=out,
        index=index,
        reports=reports,
        as_of=card.attrs["as_of"],
        previous=card.attrs["previous"],
        seconds=time.perf_counter() - started,
        warnings=tuple(notes),
        language=message_language(lang),
        workbook=workbook,
    )


def _quietly(function, *args, said: list):
    """``function(*args)``, its Python warnings kept in ``said`` as sentences (shown with the
    data's warnings) instead of reaching the terminal with file and line; warnings meant for
    programmers (deprecations) are dropped."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function(*args)
    for w in caught:
        if not issubclass(
            w.category, (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
        ):
            message = str(w.message)
            if message not in said:
                said.append(message)
    return result


# -- an interrupted run ------------------------------------------------------------------------

_CACHE_PREFIX = ".kamkit-run-"
#: Names kamkit gives its temporary files (kamkit.core.atomic: ``.NAME.XXXXXXXX.partial``, where
#: NAME is index.html or a report's file name): only those are ever removed.
_PARTIAL_INDEX = re.compile(r"\.index\.html\.[a-z0-9_]{8}\.partial")
_PARTIAL_REPORT = re.compile(r"\.[a-z0-9-]+\.(html|ipynb|failed\.ipynb)\.[a-z0-9_]{8}\.partial")
_CACHE_NAME = re.compile(re.escape(_CACHE_PREFIX) + r"[a-z0-9_]{8}")


def _remove_leftovers(out: Path, folder: Path):
    """Remove what an interrupted run left in DIR: its hidden copy of the market
    (``.kamkit-run-*``) and half-written files (``.partial``), only under kamkit's own
    names. A run still going on in the same DIR holds a lock on its copy (:func:`_hold`):
    then nothing is removed but the copies of runs that are over."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock to ask; copies are removed
        fcntl = None  # (a live run's open files cannot be), half-written files are kept
    others_running = fcntl is None
    for entry in out.iterdir():
        if not (_CACHE_NAME.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink()):
            continue
        if fcntl is None:  # pragma: no cover
            shutil.rmtree(entry, ignore_errors=True)
            continue
        try:
            fd = os.open(entry, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a live run holds it
            others_running = True
            os.close(fd)
            continue
        shutil.rmtree(entry, ignore_errors=True)
        os.close(fd)
    if not others_running:
        candidates = [(out, _PARTIAL_INDEX)]
        if folder.is_dir() and not folder.is_symlink():
            candidates.append((folder, _PARTIAL_REPORT))
        for place, pattern in candidates:
            for entry in place.iterdir():
                if pattern.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink():
                    entry.unlink(missing_ok=True)


def _drop_interrupted(tasks, *, since: float) -> None:
    """An interrupted run leaves no report behind: the partial notebooks its territories wrote
    as the run was stopping (``<name>.failed.ipynb``, written after ``since``) go."""
    for task in tasks:
        failed = Path(task.stem + ".failed.ipynb")
        with contextlib.suppress(OSError):
            if failed.is_file() and failed.stat().st_mtime >= since:
                failed.unlink()


def _hold(cache: Path) -> int | None:
    """Lock this run's copy of the market (the lock ends with the process, however it ends),
    so that another run into the same DIR leaves it alone; returns the descriptor."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None

    fd = os.open(cache, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _release(lock: int | None) -> None:
    if lock is not None:
        with contextlib.suppress(OSError):
            os.close(lock)


@contextlib.contextmanager
def _terminate_on_sigterm():
    """While a run goes on, SIGTERM stops it like Ctrl-C does: workers and kernels are
    stopped and the run's temporary files removed, then the process ends by SIGTERM as it
    would have. Only in the main thread, and only when the caller left SIGTERM to its default
    action."""
    import signal
    import threading

    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the teardown must not be cut
        raise _Terminated(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except _Terminated:
        # cleaned up: now end as SIGTERM ends a process (what the caller asked for)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        raise
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


class _Terminated(SystemExit):
    """SIGTERM arrived during a run (see :func:`_terminate_on_sigterm`)."""


def _date(value):
    import pandas as pd

    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError):
        day = pd.NaT
    if day is pd.NaT:
        raise KamkitError(catalogue.text("reports.run.bad_as_of").format(value=value))
    return day


def _report(outcome: dict, task: _Task) -> TerritoryReport:
    reason = _REASONS.get(outcome.get("kind", ""))
    if reason is not None:
        reason = catalogue.text(reason).format(**outcome.get("fields", {}))
    return TerritoryReport(
        territory=task.territory,
        name=task.name,
        ok=outcome["ok"],
        html=Path(outcome["html"]) if outcome.get("html") else None,
        notebook=Path(outcome["notebook"]) if outcome.get("notebook") else None,
        cell=outcome.get("cell", ""),
        error=outcome.get("error", ""),
        seconds=outcome.get("seconds", 0.0),
        reason=reason,
    )


#: Errors the workers name by kind (``outcome["kind"]``), in both languages; the English is
#: also the outcome's ``error``.
_REASONS = {
    "timeout": "reports.reason.timeout",
    "worker": "reports.reason.worker",
    "no-worker": "reports.reason.no-worker",
}


# -- progress ----------------------------------------------------------------------------------


def _progress_word(key: str, language: str) -> str:
    """A word of the progress display (catalogue entries ``reports.progress.*``)."""
    return catalogue.word(f"reports.progress.{key}", language)


class _Progress:
    """What the run tells the person watching, on standard error, in their language: the
    data's warnings first (:meth:`note`), then a bar or one line per territory."""

    def __init__(self, mode: str, total: int, language: str = "en"):
        self.mode, self.total, self.done, self.failed = mode, total, 0, 0
        self.language = language
        self.bar = None
        if mode == "bar":
            from tqdm.auto import tqdm

            t = {k: _progress_word(k, language) for k in ("desc", "unit", "elapsed")}
            self.bar = tqdm(
                total=total,
                desc=t["desc"],
                file=sys.stderr,
                postfix={"failed": 0},
                bar_format="{desc}: {n_fmt}/{total_fmt} " + t["unit"] + " |{bar}| "
                "{elapsed} " + t["elapsed"] + "{postfix}",
            )

    def note(self, message) -> None:
        """A warning about the data or the notebook, as a sentence (never a Python warning
        with file and line)."""
        if self.mode == "off":
            return
        text = (
            message.text(self.language)
            if hasattr(message, "text")
            else render(message, self.language)
        )
        _tell(f"{_progress_word('warning', self.language)}: {_printable(text)}")

    def update(self, territory: str, ok: bool, seconds: float, error: str = "") -> None:
        from kamkit.presentation.i18n import format_number

        lang = self.language
        self.done += 1
        self.failed += 0 if ok else 1
        name = _printable(
            catalogue.text("report.whole_market")(lang) if territory == "" else territory
        )
        error = _printable(error)
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)
            if not ok:
                self.bar.write(f"{_progress_word('failed', lang)} {name}: {error}", file=sys.stderr)
        elif self.mode == "lines":
            status = (
                _progress_word("done", lang).format(
                    seconds=format_number(seconds, lang, decimals=1)
                )
                if ok
                else f"{_progress_word('failed', lang)}: {error}"
            )
            _tell(f"[{self.done}/{self.total}] {name}: {status}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _tell(line: str) -> None:
    """Print one line for the person running the command (standard error). The one place the
    run writes to the terminal, so that it can follow the command line's own handler."""
    print(line, file=sys.stderr, flush=True)


def _progress(mode, total: int, language: str = "en") -> _Progress:
    if mode is None:
        mode = "bar" if sys.stderr.isatty() else "lines"
    return _Progress(mode, total, language)


# --------------------------------------------------------------------------------------------
# index.html: the template reports_index.html.j2 (kamkit/presentation/templates), filled here
# with words and figures as text; the template escapes every one of them.

#: Figures of the scorecard drawn as sparklines on the index, and the quarters they cover.
EVOLUTION_FIGURES = ("regular", "lapsed", "revenue", "potential_captured", "coverage")
EVOLUTION_PERIODS = 8
#: The colour of a sparkline.
SPARKLINE_COLOUR = palette.SPARKLINE


def sparkline_svg(
    values,
    *,
    title: str,
    low: float | None = None,
    high: float | None = None,
    width: int = 110,
    height: int = 28,
) -> str:
    """A small line chart as inline SVG (no script, no external file) for an HTML page.

    Parameters
    ----------
    values : sequence of float
        Oldest first; NaN leaves a gap.
    title : str
        What the line shows, for people and screen readers (``<title>`` and ``aria-label``);
        it is escaped.
    low, high : float, optional
        The values at the bottom and the top of the drawing (default: the lowest and highest
        value, stretched to include them). The index draws every figure from zero, and shares
        up to 100%, so a small change looks small.

    Returns
    -------
    str
        ``<svg ...>`` with the exact values in ``data-values`` (space separated) and a dot on
        the last point, from the template ``reports_sparkline.svg.j2``.
    """
    from kamkit.presentation import html

    numbers = []
    for v in values:
        try:
            numbers.append(float(v))
        except (TypeError, ValueError):
            numbers.append(math.nan)
    finite = [v for v in numbers if math.isfinite(v)]
    pad = 3
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if low is not None:
        lo = min(lo, low)
    if high is not None:
        hi = max(hi, high)
    span = (hi - lo) or 1.0
    step = (width - 2 * pad) / max(len(numbers) - 1, 1)

    def xy(i, v) -> tuple[str, str]:
        y = height - pad - (v - lo) / span * (height - 2 * pad) if hi != lo else height / 2
        return f"{pad + i * step:.1f}", f"{y:.1f}"

    lines, run = [], []
    for i, v in enumerate(numbers):
        if math.isfinite(v):
            run.append(",".join(xy(i, v)))
        elif run:
            lines.append(run)
            run = []
    if run:
        lines.append(run)
    last = [(i, v) for i, v in enumerate(numbers) if math.isfinite(v)]
    return html.render(
        "reports_sparkline.svg.j2",
        width=width,
        height=height,
        title=title,
        data=" ".join(_raw(v) or "nan" for v in numbers),
        lines=lines,
        last=xy(*last[-1]) if last else None,
        colour=SPARKLINE_COLOUR,
    )


def _href(path: Path, out: Path) -> str:
    """The link from ``out/index.html`` to ``path`` (the template escapes it)."""
    from urllib.parse import quote

    return quote(path.relative_to(out).as_posix())


def _index_word(key: str, lang: str) -> str:
    return catalogue.word(f"reports.index.{key}", lang)


def _evolution(market, shown: list[str], lang: str) -> dict:
    """The small multiples of the index: per territory, one sparkline per figure."""
    from kamkit.analysis.territory import evolution
    from kamkit.presentation import i18n

    cur = market.parameters.currency
    evo = evolution(market, periods=EVOLUTION_PERIODS)
    periods = list(dict.fromkeys(evo["period"]))
    first, last = period_label(periods[0], lang), period_label(periods[-1], lang)
    rows = []
    for name in shown:
        part = evo[evo["territory"] == name].set_index("period").reindex(periods)
        shown_name = i18n.label(name, lang) if name == i18n.TOTAL else name
        cells = []
        for f in EVOLUTION_FIGURES:
            values = part[f].tolist()
            a = format_value(f, values[0], language=lang, currency=cur)
            b = format_value(f, values[-1], language=lang, currency=cur)
            title = f"{shown_name} \u2014 {i18n.label(f, lang)}: " + _index_word(
                "from_to", lang
            ).format(first=f"{a} ({first})", last=f"{b} ({last})")
            high = 1.0 if is_share(f) else None
            svg = sparkline_svg(values, title=title, low=0.0, high=high)
            cells.append({"code": f, "svg": svg, "last": b})
        rows.append({"name": str(name), "label": shown_name, "cells": cells})
    return {
        "heading": i18n.label("heading.evolution", lang),
        "note": _index_word("evolution_note", lang).format(n=len(periods), first=first, last=last),
        "figures": [(f, i18n.label(f, lang)) for f in EVOLUTION_FIGURES],
        "rows": rows,
    }


def _notes_html(market, lang: str) -> str:
    """The notes on the data as the index shows them (an HTML fragment, escaped)."""
    from kamkit.presentation import html

    return html.render("reports_notes.html.j2", notes=_notes(market, lang))


def _notes(market, lang: str) -> dict | None:
    from kamkit.analysis.diagnostics import data_warnings
    from kamkit.presentation import i18n

    notes = [*market.notes, *data_warnings(market)]  # what loading found, then the analysis
    if not notes:
        return None
    return {
        "heading": i18n.label("heading.notes", lang),
        "items": [n.text(lang) for n in notes],
    }


def _scorecard_row(row, card, rep, out: Path, lang: str, cur: str) -> dict:
    """One row of the index's scorecard: the territory (a link to its report, or what failed)
    and each figure with its change, as text."""
    from kamkit.presentation import i18n

    name = row["territory"]
    is_total = name == i18n.TOTAL
    cells = []
    for f in SCORECARD_FIGURES:
        value = row[f]
        change = f"{f}_change"
        delta = None
        if change in card.columns:
            delta = {
                "raw": _raw(row[change]),
                "shown": format_value(change, row[change], language=lang, currency=cur),
            }
        cells.append(
            {
                "raw": _raw(value),
                "shown": format_value(f, value, language=lang, currency=cur),
                "change": delta,
            }
        )
    return {
        "cls": "total" if is_total else ("failed" if rep and not rep.ok else "ok"),
        "name": str(name),
        "label": i18n.label(i18n.TOTAL, lang) if is_total else name,
        "href": _href(rep.html, out) if rep is not None and rep.ok else None,
        "failed": rep is not None and not rep.ok,
        "notebook": _href(rep.notebook, out) if rep is not None and rep.notebook else None,
        "error": rep.error if rep is not None else "",
        "cell": rep.cell if rep is not None else "",
        "cells": cells,
    }


def _index_html(card, reports, market, out: Path, *, workbook: Path | None = None) -> str:
    from kamkit.presentation import html, i18n

    lang = market.parameters.language
    cur = market.parameters.currency
    by_territory = {r.territory: r for r in reports}
    if "" in by_territory:  # one whole-market report: the "all" row links to it
        by_territory.setdefault(i18n.TOTAL, by_territory.pop(""))
    rows, shown = [], []
    for _, row in card.iterrows():
        name = row["territory"]
        if name != i18n.TOTAL and name not in by_territory:
            continue
        shown.append(name)
        rows.append(_scorecard_row(row, card, by_territory.get(name), out, lang, cur))
    as_of, previous = card.attrs["as_of"], card.attrs["previous"]
    word = functools.partial(_index_word, lang=lang)
    return html.render(
        "reports_index.html.j2",
        lang=lang,
        title=f"{word('title')} \u2014 {word('as_of')} {i18n.format_date(as_of, lang)}",
        meta=[
            f"{word('source')}: {market.source or ''}",
            f"{word('previous')}: {i18n.format_date(previous, lang)}",
            window_note(market, lang),
        ],
        changes=word("changes"),
        workbook=None
        if workbook is None
        else {"label": word("workbook"), "href": _href(workbook, out), "name": workbook.name},
        territory=i18n.label("territory", lang),
        figures=[(f, i18n.label(f, lang)) for f in SCORECARD_FIGURES],
        rows=rows,
        failed=word("failed"),
        notebook=word("notebook"),
        evolution=_evolution(market, shown, lang),
        notes=_notes(market, lang),
    )


def _raw(value) -> str:
    """A figure as exact text for the ``data-value`` attribute (repr of the float)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    if math.isnan(number):
        return ""
    return repr(int(number)) if float(number).is_integer() and abs(number) < 2**53 else repr(number)
