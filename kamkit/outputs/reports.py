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
import html
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
from kamkit.outputs.report_workers import _Pool, _skip_slow_optional_import, _Task
from kamkit.presentation.names import report_names

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
#: Kernel spec the notebooks run on (the Makefile installs it into the environment).
KERNEL_NAME = "python3"
#: Seconds a report cell may run before its territory fails (``run_reports(cell_timeout=)``).
CELL_TIMEOUT = 600
#: Modules each kernel imports while it starts (modules only: no variable is created).
WARM_MODULES = (
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "matplotlib.pyplot",
    "seaborn",
    "IPython.display",
    "kamkit",
    "kamkit.files.loading",
    "kamkit.files.assemble",
    "kamkit.analysis.segmentation",
    "kamkit.analysis.pursuit",
    "kamkit.analysis.territory",
    "kamkit.analysis.crm",
    "kamkit.charts.plots",
    "kamkit.presentation.i18n",
    "kamkit.outputs.reports",
)
#: Parameters ``run_reports`` passes to the notebook (those the notebook declares).
PARAMETERS = ("data", "territory", "as_of", "language", "interactive")

_SUBDIR = "territories"
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
_MAX_NAME = 60
_MISSING = "\u2014"


# --------------------------------------------------------------------------------------------
# Presenting kamkit tables


_MONEY = ("revenue", "potential", "gap", "revenue_after", "score")
_SHARE_POINTS = ("potential_captured_change", "coverage_change")
_YES_NO = {"en": ("yes", "no"), "pt-BR": ("sim", "não")}
_POINTS = {"en": "pp", "pt-BR": "p.p."}


def _number(value: float, decimals: int, language: str) -> str:
    """``1234567.891`` -> ``"1,234,567.89"`` (en) or ``"1.234.567,89"`` (pt-BR)."""
    text = f"{value:,.{decimals}f}"
    if language == "pt-BR":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _is_share(column: str) -> bool:
    return column in (
        "share",
        "share_of_wallet",
        "potential_captured",
        "coverage",
    ) or column.endswith("_share")


def _signed(text: str, value: float) -> str:
    if value > 0:
        return "+" + text
    return text


def _format_value(column: str, value, *, language: str, currency: str) -> str:
    """One figure of a kamkit table as people read it (see :func:`format_table`)."""
    import numpy as np
    import pandas as pd

    from kamkit.presentation import i18n

    if value is None or value is pd.NA or value is pd.NaT:
        return _MISSING
    if isinstance(value, (bool, np.bool_)):
        return _YES_NO[language][0 if value else 1]
    if isinstance(value, pd.Timestamp):
        return i18n.format_date(value, language)
    if isinstance(value, pd.Period):
        return period_label(value, language)
    if not isinstance(value, (int, float, np.integer, np.floating)):
        return value
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return _MISSING
    change = column.endswith("_change")
    base = column[: -len("_change")] if change else column
    if column in _SHARE_POINTS:
        number = _number(abs(float(value)) * 100, 1, language)
        sign = "-" if value < 0 and number.strip("0.,") else ""
        return _signed(f"{sign}{number} {_POINTS[language]}", value)
    if base in _MONEY:
        return _signed(
            i18n.format_money(value, currency, language, decimals=0), value if change else 0
        )
    if _is_share(column):
        return i18n.format_share(value, language)
    decimals = 0 if float(value).is_integer() else 2
    number = _number(abs(float(value)), decimals, language)
    text = ("-" if value < 0 else "") + number
    return _signed(text, value) if change else text


def period_label(period, language: str | None = "en") -> str:
    """A period of :func:`kamkit.evolution` as people write it: ``"2026 Q3"`` / ``"3º tri 2026"``
    for a quarter, ``"2026-09"`` / ``"09/2026"`` for a month, the year for a year."""
    import pandas as pd

    from kamkit.presentation import i18n

    language = i18n.check_language(language)
    period = pd.Period(period)
    code = period.freqstr[0]
    if code == "Q":
        return (
            f"{period.quarter}º tri {period.year}"
            if language == "pt-BR"
            else f"{period.year} Q{period.quarter}"
        )
    if code == "M":
        return (
            f"{period.month:02d}/{period.year}"
            if language == "pt-BR"
            else f"{period.year}-{period.month:02d}"
        )
    if code in ("Y", "A"):
        return str(period.year)
    return i18n.format_date(period.end_time, language)


def format_table(table, *, language: str | None = "en", currency: str = "BRL"):
    """A copy of a kamkit table ready to show people: figures formatted, codes translated.

    Money columns (``revenue``, ``potential``, ``gap``, ...) are written with the currency and
    thousands separators, shares as percentages, changes with their sign (a change of a share
    in percentage points), dates as ``yyyy-mm-dd`` (``dd/mm/yyyy`` in pt-BR), blanks as an em
    dash. Then stages, quadrants, the ``"all"`` row and the column headers are translated with
    :func:`kamkit.presentation.i18n.labels`. Only for display: the values become text.

    Parameters
    ----------
    table : DataFrame
        Any kamkit table (segment, pursuit list, scorecard, coverage, ...).
    language : {"en", "pt-BR"}
    currency : str
        Usually ``market.parameters.currency``.

    Returns
    -------
    DataFrame
        Same rows and order; numbers, dates and booleans as text.

    Examples
    --------
    >>> format_table(kk.pursuit_list(market, top=10), language="pt-BR")  # doctest: +SKIP
    """
    import pandas as pd

    from kamkit.presentation import i18n

    language = i18n.check_language(language)
    out = table.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            continue
        kind = getattr(s.dtype, "kind", "O")
        if kind == "M":
            s = pd.Series(
                [pd.Timestamp(v) if pd.notna(v) else None for v in s], index=s.index, dtype=object
            )
        elif isinstance(s.dtype, pd.PeriodDtype):
            s = s.astype(object)
        elif not (kind in "biuf" or s.dtype == object):
            continue
        values = [
            _format_value(str(col), v, language=language, currency=currency) for v in s.tolist()
        ]
        out[col] = pd.Series(values, index=s.index, dtype=object)
    if isinstance(out.index, (pd.PeriodIndex, pd.DatetimeIndex)):
        out.index = pd.Index(
            [_format_value("", v, language=language, currency=currency) for v in out.index],
            name=out.index.name,
        )
    out = i18n.labels(out, language)
    for col in out.columns:  # a blank stage, quadrant or ABC class: a dash, never "NaN"
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype) and s.isna().any():
            out[col] = s.astype(object).where(s.notna(), _MISSING)
    return out


#: Figures of :func:`format_scorecard`, in the order a manager reads them.
SCORECARD_FIGURES = (
    "accounts",
    "untouched",
    "approached",
    "occasional",
    "regular",
    "lapsed",
    "conversions",
    "lapses",
    "revenue",
    "potential",
    "potential_captured",
    "coverage",
)


def format_scorecard(card, *, language: str | None = "en", currency: str = "BRL"):
    """The scorecard as a manager reads it: one row per figure, one column per territory.

    Each cell is the figure with its change since the previous review in brackets, e.g.
    ``"133 (+9)"`` or ``"48.3% (-3.5 pp)"``.

    Parameters
    ----------
    card : DataFrame
        The result of :func:`kamkit.analysis.territory.scorecard` (any of its rows).
    language : {"en", "pt-BR"}
    currency : str

    Returns
    -------
    DataFrame
        Index: the figures' labels; columns: the territories (``"all"`` translated).
    """
    import pandas as pd

    from kamkit.presentation import i18n

    language = i18n.check_language(language)
    rows = {}
    for figure in SCORECARD_FIGURES:
        cells = []
        for _, row in card.iterrows():
            text = _format_value(figure, row[figure], language=language, currency=currency)
            change = f"{figure}_change"
            if change in card.columns:
                delta = _format_value(change, row[change], language=language, currency=currency)
                text = f"{text} ({delta})"
            cells.append(text)
        rows[i18n.label(figure, language)] = cells
    names = [i18n.label(t, language) if t == i18n.TOTAL else t for t in card["territory"]]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=names)
    table.columns.name = i18n.label("territory", language)
    return table


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
        return _MISSING
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
        raise KamkitError(
            Text(
                "kamkit run will not write {path}: it is outside {out}.",
                "o kamkit run não vai gravar {path}: fica fora de {out}.",
            ).format(path=path, out=out)
        )
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
        return _WHOLE_MARKET(language) if self.whole_market else self.territory


_WHOLE_MARKET = Text("whole market", "mercado inteiro")
#: File name (without extension) of the whole-market report, per language.
WHOLE_MARKET_NAME = {"en": "market", "pt-BR": "mercado"}


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
        head = _WHOLE_DONE if self.whole_market else _DONE
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
            lines.append(_FAILED(lang).format(n=len(self.failed)))
            for r in self.failed:
                lines.append("- " + _failure(r, lang))
        return "\n".join(lines)


_DONE = Text(
    "{done} of {total} territory reports written in {seconds} s. Open {index} in a browser ({uri})",
    "{done} de {total} relatórios de território gerados em {seconds} s. Abra {index} "
    "no navegador ({uri})",
)
_WHOLE_DONE = Text(
    "{done} of {total} whole-market report written in {seconds} s (the data has "
    "no territories). Open {index} in a browser ({uri})",
    "{done} de {total} relatório do mercado inteiro gerado em {seconds} s (os "
    "dados não têm territórios). Abra {index} no navegador ({uri})",
)
_FAILED = Text("{n} failed:", "{n} falharam:")
_AT_CELL = Text(" at cell {cell}", " na célula {cell}")
_KEPT = Text(" (partial notebook: {path})", " (notebook parcial: {path})")


def _failure(r: TerritoryReport, language: str) -> str:
    """One failed report as a line: territory, error, cell and the partial notebook."""
    error = r.reason(language) if r.reason is not None else r.error
    where = _AT_CELL(language).format(cell=r.cell) if r.cell else ""
    kept = _KEPT(language).format(path=_printable(r.notebook)) if r.notebook else ""
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
    import kamkit

    path = Path(kamkit.__file__).resolve().parents[1] / NOTEBOOK
    if not path.is_file():
        raise KamkitError(
            Text(
                "The territory report notebook is not at {path}. It ships with the kamkit "
                "repository (notebooks/), not with an installed package: run kamkit from a clone "
                "(pip install -e .) or pass --notebook PATH.",
                "O notebook do relatório de território não está em {path}. Ele vem com o repositório "
                "do kamkit (notebooks/), não com o pacote instalado: rode o kamkit de um clone "
                "(pip install -e .) ou indique --notebook CAMINHO.",
            ).format(path=path)
        )
    return path


def translations_path(notebook, language: str) -> Path:
    """Where the translation of a notebook's prose lives: ``<stem>.<language>.json`` beside it
    (``notebooks/territory_report.pt-BR.json`` for the report; for your own
    ``my_review.ipynb``, ``my_review.pt-BR.json`` in the same folder). Without it, ``kamkit run
    --lang pt-BR`` warns that the notebook's text stays in English."""
    notebook = Path(notebook)
    return notebook.with_name(f"{notebook.stem}.{language}.json")


def localised_notebook(notebook, language: str | None):
    """The notebook with its markdown cells in ``language``.

    The texts come from ``translations_path(notebook, language)``: a list of cells, each with
    its ``id``, the English ``en`` it translates and the ``text``. A cell whose English has
    changed since keeps its English (a test keeps the shipped translation current). English,
    or a language without a file, gives the notebook as it is.
    """
    import json

    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    path = translations_path(notebook, language or "en")
    if language in (None, "en") or not path.is_file():
        return nb
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts = {c["id"]: (c["en"], c["text"]) for c in cells}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KamkitError(
            Text(
                "{path} is not a translation kamkit can read ({exc}); fix it or remove it to get "
                "the reports in English.",
                "{path} não é uma tradução que o kamkit consiga ler ({exc}); corrija-a ou remova-a "
                "para ter os relatórios em inglês.",
            ).format(path=path, exc=exc)
        ) from None
    for cell in nb.cells:
        english, text = texts.get(cell.get("id"), (None, None))
        if cell.cell_type == "markdown" and english == cell.source:
            cell.source = text
    return nb


def _check_notebook(notebook) -> tuple[Path, list[str]]:
    """The notebook path and the parameters it declares that we pass; clear errors if not."""
    if notebook is None:
        path = default_notebook()
    else:
        path = Path(notebook)
        if not path.is_file():
            raise KamkitError(
                Text(
                    "There is no notebook {path}; check the path given to --notebook.",
                    "Não existe o notebook {path}; confira o caminho dado em --notebook.",
                ).format(path=path)
            )
    import papermill

    try:
        declared = papermill.inspect_notebook(str(path))
    except Exception as exc:
        raise KamkitError(
            Text(
                "{path} is not a notebook papermill can read: {exc}",
                "{path} não é um notebook que o papermill consiga ler: {exc}",
            ).format(path=path, exc=exc)
        ) from None
    _check_kernel()
    missing = [p for p in ("data", "territory") if p not in declared]
    if missing:
        raise KamkitError(
            Text(
                "{path} has no parameter {missing} in a cell tagged 'parameters'; kamkit run "
                "passes data, territory, as_of, language and interactive.",
                "{path} não tem o parâmetro {missing_pt} numa célula marcada 'parameters'; o kamkit "
                "run passa data, territory, as_of, language e interactive.",
            ).format(path=path, missing=" or ".join(missing), missing_pt=" ou ".join(missing))
        )
    return path, [p for p in PARAMETERS if p in declared]


def _check_kernel() -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise KamkitError(
            Text(
                "There is no Jupyter kernel named {kernel!r} to run the notebooks. Install it "
                "with: {python} -m ipykernel install --sys-prefix --name {kernel}",
                "Não há kernel do Jupyter chamado {kernel!r} para rodar os notebooks. Instale-o "
                "com: {python} -m ipykernel install --sys-prefix --name {kernel}",
            ).format(kernel=KERNEL_NAME, python=sys.executable)
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
        raise KamkitError(_BAD_JOBS.format(jobs=repr(jobs)))
    return max(1, min(jobs, n, _cores()))


_BAD_JOBS = Text(
    "jobs must be a whole number of 1 or more; got {jobs}.",
    "jobs deve ser um número inteiro de 1 ou mais; veio {jobs}.",
)
_NO_TRANSLATION = Text(
    "{notebook} has no translation into Portuguese ({path}): its text will be in English, "
    "while tables and charts follow --lang. Put the translation beside the notebook to get "
    "the whole report in Portuguese.",
    "{notebook} não tem tradução para o português ({path}): o texto sairá em inglês, enquanto "
    "tabelas e gráficos seguem o --lang. Coloque a tradução ao lado do notebook para ter o "
    "relatório todo em português.",
)
_NO_TERRITORY_CHOSEN = Text(
    "No territory given; name at least one, or none to run them all.",
    "Nenhum território informado; indique ao menos um, ou nenhum para rodar todos.",
)
_NO_TERRITORIES = Text(
    "{source} has no territories, so there is no territory {territory!r} to report on. Leave "
    "out --territory to get one report on the whole market, or fill the territory column of "
    "the accounts.",
    "{source} não tem territórios, então não há território {territory!r} para relatar. Tire o "
    "--territory para ter um relatório do mercado inteiro, ou preencha a coluna território das "
    "contas.",
)
_THE_DATA = Text("The data", "Os dados")


#: The results workbook a run writes beside index.html, per language.
WORKBOOK_NAMES = {"en": "results.xlsx", "pt-BR": "resultados.xlsx"}


def _results_workbook(market, out: Path, language: str, notes: list) -> Path | None:
    """The manager's workbook (:func:`kamkit.outputs.export.write_results`: a summary and every
    account, one sheet per territory) beside the index, so a report's cut tables can say
    "all in the workbook". A file of the same name that is not a results workbook (a data
    workbook) is left alone, with a note; the run goes on without it."""
    from kamkit.outputs.export import write_results

    path = out / WORKBOOK_NAMES.get(language, WORKBOOK_NAMES["en"])
    try:
        return write_results(market, path, language=language)
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
            Text(
                "cell_timeout must be a number of seconds above 0; got {v}.",
                "cell_timeout deve ser um número de segundos acima de 0; veio {v}.",
            ).format(v=repr(cell_timeout))
        )
    if progress not in (None, "bar", "lines", "off"):
        raise KamkitError(
            Text(
                "progress is {v}; use None, 'bar', 'lines' or 'off'.",
                "progress é {v}; use None, 'bar', 'lines' ou 'off'.",
            ).format(v=repr(progress))
        )
    out = Path(out).absolute()  # workers may run in another folder
    if out.exists() and not out.is_dir():
        raise KamkitError(
            Text(
                "{out} is a file; give a folder for the reports (--out DIR).",
                "{out} é um arquivo; indique uma pasta para os relatórios (--out PASTA).",
            ).format(out=out)
        )
    notebook_path, declared = _check_notebook(notebook)
    if language is not None:
        from kamkit.presentation.i18n import check_language

        language = check_language(language)
    requested = None if territories is None else list(dict.fromkeys(territories))
    if requested is not None and not requested:
        raise KamkitError(_NO_TERRITORY_CHOSEN)
    n_guess = len(requested) if requested else None
    pool = _Pool(_jobs(jobs, n_guess or 10**6), notebook_path.absolute(), cell_timeout)
    cache = lock = None
    finished = False
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
                    _NO_TERRITORIES.format(
                        source=market.source or _THE_DATA, territory=requested[0]
                    )
                )
            if known:
                chosen = (
                    known if requested is None else [market.check_territory(t) for t in requested]
                )
                names = report_names(known)
            else:  # one report on the whole market
                chosen, names = [""], {"": WHOLE_MARKET_NAME[lang]}
            pool.shrink(_jobs(jobs, len(chosen)))
            notes = list(report.warnings) + _quietly(data_warnings, market, said=said)
            # a broken translation file stops the run here, once, rather than in every report
            localised_notebook(notebook_path, lang)
            if lang != "en" and not translations_path(notebook_path, lang).is_file():
                notes.append(
                    _NO_TRANSLATION.format(
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
                    title=t or _WHOLE_MARKET(lang),
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
        raise KamkitError(
            Text(
                "as_of {value!r} is not a date; write it like 2026-09-30.",
                "as_of {value!r} não é uma data; escreva como 30/09/2026.",
            ).format(value=value)
        )
    return day


def _report(outcome: dict, task: _Task) -> TerritoryReport:
    reason = _REASONS.get(outcome.get("kind", ""))
    if reason is not None:
        reason = reason.format(**outcome.get("fields", {}))
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
    "timeout": Text(
        "a cell ran for more than {seconds:g} seconds and was stopped; raise "
        "--cell-timeout if the report needs longer",
        "uma célula rodou por mais de {seconds:g} segundos e foi interrompida; "
        "aumente o --cell-timeout se o relatório precisar de mais tempo",
    ),
    "worker": Text(
        "the worker process running it stopped unexpectedly",
        "o processo que o rodava parou de forma inesperada",
    ),
    "no-worker": Text(
        "no worker process was left to run it", "não sobrou nenhum processo para rodá-lo"
    ),
}


# -- progress ----------------------------------------------------------------------------------

_PROGRESS = {
    "desc": Text("kamkit run", "kamkit run"),
    "unit": Text("territories", "territórios"),
    "elapsed": Text("elapsed", "decorridos"),
    "failed": Text("FAILED", "FALHOU"),
    "done": Text("done in {seconds} s", "pronto em {seconds} s"),
    "warning": Text("Warning", "Atenção"),
}


class _Progress:
    """What the run tells the person watching, on standard error, in their language: the
    data's warnings first (:meth:`note`), then a bar or one line per territory."""

    def __init__(self, mode: str, total: int, language: str = "en"):
        self.mode, self.total, self.done, self.failed = mode, total, 0, 0
        self.language = language
        self.bar = None
        if mode == "bar":
            from tqdm.auto import tqdm

            t = {k: v(language) for k, v in _PROGRESS.items()}
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
        _tell(f"{_PROGRESS['warning'](self.language)}: {_printable(text)}")

    def update(self, territory: str, ok: bool, seconds: float, error: str = "") -> None:
        from kamkit.presentation.i18n import format_number

        lang = self.language
        self.done += 1
        self.failed += 0 if ok else 1
        name = _printable(_WHOLE_MARKET(lang) if territory == "" else territory)
        error = _printable(error)
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)
            if not ok:
                self.bar.write(f"{_PROGRESS['failed'](lang)} {name}: {error}", file=sys.stderr)
        elif self.mode == "lines":
            status = (
                _PROGRESS["done"](lang).format(seconds=format_number(seconds, lang, decimals=1))
                if ok
                else f"{_PROGRESS['failed'](lang)}: {error}"
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
# index.html

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;
color:#222}
h1{font-size:1.5rem;margin-bottom:.2rem}
p.meta{color:#555;margin-top:0}
table{border-collapse:collapse;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .6rem;text-align:right;vertical-align:top}
th{background:#f3f5f7;position:sticky;top:0}
td.name,th.name{text-align:left}
tr.total td{font-weight:600;border-top:2px solid #999}
tr.failed td.name a{color:#b00020}
span.change{display:block;font-size:.78rem;color:#666}
span.failed{color:#b00020;font-weight:600}
span.error{display:block;font-size:.78rem;color:#b00020;text-align:left;max-width:28rem}
""".strip()

_CSS_MORE = """
h2{font-size:1.15rem;margin-top:2rem}
table.evolution td,table.evolution th.name{text-align:left}
table.evolution svg{display:block}
table.evolution span.last{font-size:.78rem;color:#444}
ul.notes{max-width:60rem}
""".strip()

_INDEX_TEXT = {
    "en": {
        "title": "Territory review",
        "as_of": "as of",
        "previous": "previous review",
        "source": "data",
        "report": "report",
        "failed": "failed",
        "notebook": "notebook",
        "changes": "Figures as of the review date; below each, the change since the "
        "previous review.",
        "evolution": "Evolution of each territory",
        "evolution_note": "Each line: the figure at the end of each of the last {n} "
        "quarters ({first} to {last}), the last point is the review date. "
        "Lines start from zero; shares go up to 100%.",
        "from_to": "from {first} to {last}",
        "workbook": "Every account, territory by territory, in one workbook",
    },
    "pt-BR": {
        "title": "Revisão dos territórios",
        "as_of": "data-base",
        "previous": "revisão anterior",
        "source": "dados",
        "report": "relatório",
        "failed": "falhou",
        "notebook": "notebook",
        "changes": "Números na data-base; abaixo de cada um, a variação desde a revisão anterior.",
        "evolution": "Evolução de cada território",
        "evolution_note": "Cada linha: o número no fim de cada um dos últimos {n} "
        "trimestres ({first} a {last}); o último ponto é a data-base. "
        "As linhas partem do zero; as parcelas vão até 100%.",
        "from_to": "de {first} a {last}",
        "workbook": "Todas as contas, território a território, numa planilha",
    },
}

#: Figures of the scorecard drawn as sparklines on the index, and the quarters they cover.
EVOLUTION_FIGURES = ("regular", "lapsed", "revenue", "potential_captured", "coverage")
EVOLUTION_PERIODS = 8


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
        the last point.
    """
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

    def xy(i, v):
        y = height - pad - (v - lo) / span * (height - 2 * pad) if hi != lo else height / 2
        return f"{pad + i * step:.1f},{y:.1f}"

    lines, run = [], []
    for i, v in enumerate(numbers):
        if math.isfinite(v):
            run.append(xy(i, v))
        elif run:
            lines.append(run)
            run = []
    if run:
        lines.append(run)
    shapes = "".join(
        f'<polyline fill="none" stroke="#1f5f8b" stroke-width="1.5" points="{" ".join(r)}"/>'
        for r in lines
    )
    last = [(i, v) for i, v in enumerate(numbers) if math.isfinite(v)]
    if last:
        x, y = xy(*last[-1]).split(",")
        shapes += f'<circle cx="{x}" cy="{y}" r="2.2" fill="#1f5f8b"/>'
    label = html.escape(title, quote=True)
    data = " ".join(_raw(v) or "nan" for v in numbers)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
        f'data-values="{data}"><title>{label}</title>{shapes}</svg>'
    )


def _href(path: Path, out: Path) -> str:
    from urllib.parse import quote

    return html.escape(quote(path.relative_to(out).as_posix()), quote=True)


def _evolution_html(market, shown: list[str], lang: str) -> str:
    """The small multiples of the index: per territory, one sparkline per figure."""
    from kamkit.analysis.territory import evolution
    from kamkit.presentation import i18n

    esc = html.escape
    text = _INDEX_TEXT[lang]
    cur = market.parameters.currency
    evo = evolution(market, periods=EVOLUTION_PERIODS)
    periods = list(dict.fromkeys(evo["period"]))
    first, last = period_label(periods[0], lang), period_label(periods[-1], lang)
    head = "".join(
        f'<th data-series="{f}">{esc(i18n.label(f, lang))}</th>' for f in EVOLUTION_FIGURES
    )
    rows = []
    for name in shown:
        part = evo[evo["territory"] == name].set_index("period").reindex(periods)
        shown_name = i18n.label(name, lang) if name == i18n.TOTAL else name
        cells = [
            f'<th scope="row" class="name" data-name="{esc(str(name), quote=True)}">'
            f"{esc(shown_name)}</th>"
        ]
        for f in EVOLUTION_FIGURES:
            values = part[f].tolist()
            a = _format_value(f, values[0], language=lang, currency=cur)
            b = _format_value(f, values[-1], language=lang, currency=cur)
            title = f"{shown_name} \u2014 {i18n.label(f, lang)}: " + text["from_to"].format(
                first=f"{a} ({first})", last=f"{b} ({last})"
            )
            share = _is_share(f)
            svg = sparkline_svg(values, title=title, low=0.0, high=1.0 if share else None)
            cells.append(f'<td data-series="{f}">{svg}<span class="last">{esc(b)}</span></td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    note = text["evolution_note"].format(n=len(periods), first=first, last=last)
    return (
        f"<h2>{esc(text['evolution'])}</h2>\n<p>{esc(note)}</p>\n"
        f'<table id="evolution" class="evolution"><thead><tr><th class="name">'
        f"{esc(i18n.label('territory', lang))}</th>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>\n"
    )


def _notes_html(market, lang: str) -> str:
    from kamkit.analysis.diagnostics import data_warnings
    from kamkit.presentation import i18n

    notes = [*market.notes, *data_warnings(market)]  # what loading found, then the analysis
    if not notes:
        return ""
    items = "".join(f"<li>{html.escape(n.text(lang))}</li>" for n in notes)
    return (
        f'<h2 id="notes">{html.escape(i18n.label("heading.notes", lang))}</h2>\n'
        f'<ul class="notes">{items}</ul>\n'
    )


def _index_html(card, reports, market, out: Path, *, workbook: Path | None = None) -> str:
    from kamkit.presentation import i18n

    lang = market.parameters.language
    text = _INDEX_TEXT[lang]
    cur = market.parameters.currency
    esc = html.escape
    by_territory = {r.territory: r for r in reports}
    if "" in by_territory:  # one whole-market report: the "all" row links to it
        by_territory.setdefault(i18n.TOTAL, by_territory.pop(""))
    head = "".join(
        f'<th data-figure="{f}">{esc(i18n.label(f, lang))}</th>' for f in SCORECARD_FIGURES
    )
    rows, shown = [], []
    for _, row in card.iterrows():
        name = row["territory"]
        is_total = name == i18n.TOTAL
        if not is_total and name not in by_territory:
            continue
        shown.append(name)
        rep = by_territory.get(name)
        cls = "total" if is_total else ("failed" if rep and not rep.ok else "ok")
        label = esc(i18n.label(i18n.TOTAL, lang)) if is_total else esc(name)
        if rep is None:
            first = label
        elif rep.ok:
            first = f'<a href="{_href(rep.html, out)}">{label}</a>'
        else:
            link = (
                f' <a href="{_href(rep.notebook, out)}">{esc(text["notebook"])}</a>'
                if rep.notebook
                else ""
            )
            where = f" ({esc(rep.cell)})" if rep.cell else ""
            first = (
                f'{label} <span class="failed">{esc(text["failed"])}</span>{link}'
                f'<span class="error">{esc(rep.error)}{where}</span>'
            )
        cells = [f'<td class="name" data-territory="{esc(str(name), quote=True)}">{first}</td>']
        for f in SCORECARD_FIGURES:
            value = row[f]
            shown_value = _format_value(f, value, language=lang, currency=cur)
            change = f"{f}_change"
            extra = ""
            if change in card.columns:
                delta = row[change]
                extra = (
                    f'<span class="change" data-change="{_raw(delta)}">'
                    f"{esc(_format_value(change, delta, language=lang, currency=cur))}"
                    "</span>"
                )
            cells.append(f'<td data-value="{_raw(value)}">{esc(shown_value)}{extra}</td>')
        rows.append(f'<tr class="{cls}">{"".join(cells)}</tr>')
    as_of, previous = card.attrs["as_of"], card.attrs["previous"]
    title = f"{text['title']} \u2014 {text['as_of']} {i18n.format_date(as_of, lang)}"
    meta = (
        f"{esc(text['source'])}: {esc(market.source or '')} \u00b7 "
        f"{esc(text['previous'])}: {i18n.format_date(previous, lang)} \u00b7 "
        f"{esc(window_note(market, lang))}"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}\n{_CSS_MORE}</style></head><body>\n"
        f'<h1>{esc(title)}</h1>\n<p class="meta">{meta}</p>\n'
        f"<p>{esc(text['changes'])}</p>\n"
        + (
            f'<p class="workbook">{esc(text["workbook"])}: <a href="{_href(workbook, out)}">'
            f"{esc(workbook.name)}</a></p>\n"
            if workbook is not None
            else ""
        )
        + f'<table id="scorecard"><thead><tr><th class="name">'
        f"{esc(i18n.label('territory', lang))}</th>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>\n"
        + _evolution_html(market, shown, lang)
        + _notes_html(market, lang)
        + "</body></html>\n"
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
