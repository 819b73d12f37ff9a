"""The ``kamkit`` command line: a thin layer that parses options and calls the library.

Every command prints a plain sentence (no traceback) and exits with status 2 when the input
cannot be used; ``--help`` on any command explains it.

What a command says goes through one place, :func:`friendly` (a decorator for click
commands) and the :class:`Voice` it opens (:func:`voice` inside the command):

- errors become sentences in the user's language and exit status 2: kamkit's own errors
  (:class:`~kamkit.core.errors.KamkitError`), and the operating system's while *writing* an output
  (permission denied, a folder or a file in the way, a full disk) name the output and the fix;
  an input that cannot be read is never blamed on ``--out``;
- Python warnings (``DataWarning`` from ``kk.load``...) are printed as sentences (``WARNING
  ...`` / ``AVISO ...``), never as ``file:line: DataWarning:`` lines;
- the language is :func:`kamkit.core.errors.message_language`: ``--lang``, else the data's
  ``language`` parameter (once a command has read the data: ``voice().data_language = ...``),
  else the system locale, else English;
- everything printed passes :func:`clean`: control characters and terminal escapes from the
  data (a territory named ``"\\x1b[31mSul"``) are shown escaped, never sent to the terminal.
"""

from __future__ import annotations

import errno
import functools
import re
import sys
import warnings
from pathlib import Path

import click

from kamkit._version import __version__
from kamkit.core.errors import KamkitError, Problem, Text, message_language, render

__all__ = ["main", "friendly", "voice", "Voice", "clean"]

DATA = click.argument("data", type=click.Path(path_type=Path))
COLUMNS = click.option(
    "--columns",
    type=click.Path(path_type=Path),
    default=None,
    help="YAML file mapping kamkit's column names to your file's headers (CRM exports).",
)
AS_OF = click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help="Analyse the data as it stood on this date (yyyy-mm-dd or dd/mm/yyyy).",
)
LANG = click.option(
    "--lang",
    "language",
    type=click.Choice(["en", "pt-BR"]),
    default=None,
    help="Language of labels and messages (default: the language parameter of "
    "the data, else the system's).",
)

# -- what the command line says ---------------------------------------------------------------

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional overrides that can
# make a terminal show text in another order than it is
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text) -> str:
    """``text`` safe for a terminal: control characters and escapes shown as ``\\x1b``.

    >>> clean("\\x1b[31mSul\\x07")
    '\\\\x1b[31mSul\\\\x07'
    """

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROLS.sub(escape, str(text))


_WARNING = Text("WARNING {}", "AVISO {}")


class Voice:
    """How one command speaks: its language, and warnings and errors as sentences."""

    def __init__(self, language: str | None = None):
        self.language = language  # --lang
        self.data_language: str | None = None  # the data's language parameter, once read
        self.out: Path | None = None  # the output being written (for the OS errors)
        self.data: Path | None = None  # the input read (its errors are never about --out)
        self._said: set[str] = set()

    @property
    def lang(self) -> str:
        """The language to speak: --lang, else the data's, else the system's, else en."""
        return message_language(self.language, data_language=self.data_language)

    def read(self, market) -> None:
        """Speak the language of ``market`` (its ``language`` parameter) unless --lang says."""
        self.data_language = getattr(getattr(market, "parameters", None), "language", None)

    def text(self, value: Text | str | Problem) -> str:
        if isinstance(value, (Problem, KamkitError)):
            return value.text(self.lang)
        return render(value, self.lang)

    def echo(self, value: Text | str | Problem, *, err: bool = False) -> None:
        """Print ``value`` (a Text in the language), made safe for the terminal."""
        click.echo(clean(self.text(value)), err=err)

    def warn(self, value: Text | str | Problem) -> None:
        """Print a warning sentence once (on standard error): ``WARNING ...`` / ``AVISO ...``."""
        line = self.text(_WARNING).format(self.text(value))
        if line not in self._said:
            self._said.add(line)
            click.echo(clean(line), err=True)

    def showwarning(self, message, category, filename, lineno, file=None, line=None) -> None:
        """Python's warnings as sentences: kamkit's (``DataWarning``...) shown, in the language
        when they carry a Problem or a Text; other libraries' internals are not for users."""
        if not _is_kamkit_warning(category):
            return
        args = getattr(message, "args", ())
        subject = args[0] if args and isinstance(args[0], (Problem, Text)) else str(message)
        problem = getattr(message, "problem", None)
        self.warn(problem if isinstance(problem, Problem) else subject)

    def fail(self, value: Text | str | KamkitError):
        """Say ``value`` on standard error and exit with status 2."""
        self.echo(value, err=True)
        sys.exit(2)


def _is_kamkit_warning(category) -> bool:
    return any(c.__module__.split(".")[0] == "kamkit" for c in getattr(category, "__mro__", ()))


def voice() -> Voice:
    """The :class:`Voice` of the command running (a fresh English-or-locale one outside any)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Voice()
    found = ctx.find_root().meta.get("kamkit.voice")
    if found is None:
        found = ctx.find_root().meta["kamkit.voice"] = Voice()
    return found


def friendly(func):
    """The one place where a command's errors and warnings become sentences.

    Wrap a click command with it (below the click decorators). It opens the command's
    :class:`Voice` (``--lang`` from the command's ``language`` option, the output from its
    ``out`` or ``file`` option), prints Python warnings as sentences in the language, and turns
    :class:`~kamkit.core.errors.KamkitError` and the operating system's errors into a sentence on
    standard error and exit status 2, never a traceback.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        speaker = voice()
        speaker.language = kwargs.get("language") or speaker.language
        out = kwargs.get("out", kwargs.get("file"))
        speaker.out = Path(out) if out is not None else None
        data = kwargs.get("data")
        speaker.data = Path(data) if isinstance(data, (str, Path)) else None
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = speaker.showwarning
            try:
                return func(*args, **kwargs)
            except KamkitError as exc:
                speaker.fail(exc)
            except OSError as exc:
                speaker.fail(os_error(exc, speaker.out, speaker.data))

    return wrapper


# -- the operating system's errors as sentences -----------------------------------------------

_CANNOT_WRITE = {
    "permission": Text(
        "kamkit cannot write {path}: permission denied. If the file is open in Excel, close it "
        "and try again, or choose another --out.",
        "o kamkit não consegue gravar {path}: permissão negada. Se o arquivo estiver aberto no "
        "Excel, feche-o e tente de novo, ou escolha outro --out.",
    ),
    "folder": Text(
        "kamkit cannot write {path}: it is a folder. Give --out a file name, e.g. results.xlsx.",
        "o kamkit não consegue gravar {path}: é uma pasta. Dê ao --out um nome de arquivo, "
        "por exemplo resultados.xlsx.",
    ),
    "below_file": Text(
        "kamkit cannot write {path}: {parent} is a file, not a folder. Choose an --out inside "
        "a folder, e.g. results/{name}.",
        "o kamkit não consegue gravar {path}: {parent} é um arquivo, não uma pasta. Escolha um "
        "--out dentro de uma pasta, por exemplo resultados/{name}.",
    ),
    "full": Text(
        "kamkit could not finish writing {path}: the disk is full. Nothing was replaced: a "
        "previous {name} is as it was. Free some space or choose an --out on another disk.",
        "o kamkit não conseguiu terminar de gravar {path}: o disco está cheio. Nada foi "
        "substituído: um {name} anterior continua como estava. Libere espaço ou escolha um "
        "--out em outro disco.",
    ),
    "read_only": Text(
        "kamkit cannot write {path}: the disk is read-only. Choose an --out on another disk or "
        "folder.",
        "o kamkit não consegue gravar {path}: o disco é somente leitura. Escolha um --out em "
        "outro disco ou pasta.",
    ),
    "other": Text(
        "kamkit cannot write {path}: {reason}. Nothing was replaced. Choose another --out.",
        "o kamkit não consegue gravar {path}: {reason}. Nada foi substituído. Escolha outro --out.",
    ),
}
_CANNOT_READ = {
    "permission": Text(
        "kamkit cannot read {path}: permission denied. Check that you may open the file (or "
        "copy it to a folder of yours) and try again.",
        "o kamkit não consegue ler {path}: permissão negada. Confira se você pode abrir o "
        "arquivo (ou copie-o para uma pasta sua) e tente de novo.",
    ),
    "missing": Text(
        "kamkit cannot find {path}. Check the name and the folder.",
        "o kamkit não encontra {path}. Confira o nome e a pasta.",
    ),
    "other": Text(
        "kamkit cannot read {path}: {reason}. Check the file and try again.",
        "o kamkit não consegue ler {path}: {reason}. Confira o arquivo e tente de novo.",
    ),
}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


def _below(path: Path | None, out: Path | None) -> bool:
    """Whether ``path`` is ``out``, lies inside it, or is a temporary file beside it."""
    if path is None or out is None:
        return False
    try:
        path, out = Path(path).absolute(), Path(out).absolute()
    except (OSError, ValueError):  # pragma: no cover - an unusable name
        return False
    if path == out or out in path.parents or path in out.parents:
        return True
    return path.parent == out.parent and path.name.startswith(f".{out.name}.")


def _within(path: Path, data: Path | None) -> bool:
    """Whether ``path`` is the input ``data`` or a file of its folder."""
    if data is None:
        return False
    path, data = Path(path).absolute(), Path(data).absolute()
    return path == data or data in path.parents


def _file_above(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` that is a file, not a folder."""
    for parent in Path(path).parents:  # as the user wrote it (a relative path stays so)
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def os_error(exc: OSError, out: Path | None = None, data: Path | None = None) -> Text:
    """A sentence for an error of the operating system: about writing ``out`` when the error
    concerns it (or is a full disk), else about reading the file it names (an error about the
    input ``data`` is always about reading, even when the input lies inside ``out``)."""
    names = [Path(n) for n in (exc.filename, exc.filename2) if n not in (None, "")]
    reading = any(_within(n, data) for n in names)
    writing = not reading and (
        exc.errno in _FULL or exc.errno == errno.EROFS or any(_below(n, out) for n in names)
    )
    reason = clean(exc.strerror or exc or type(exc).__name__).lower()
    if writing:
        path = out if out is not None else (names[0] if names else Path("?"))
        above = _file_above(path)
        if above is not None:
            text = _CANNOT_WRITE["below_file"]
        elif exc.errno in _FULL:
            text = _CANNOT_WRITE["full"]
        elif exc.errno == errno.EROFS:
            text = _CANNOT_WRITE["read_only"]
        elif isinstance(exc, PermissionError):
            text = _CANNOT_WRITE["permission"]
        elif isinstance(exc, IsADirectoryError) or Path(path).is_dir():
            text = _CANNOT_WRITE["folder"]
        else:
            text = _CANNOT_WRITE["other"]
        return text.format(
            path=clean(path), name=clean(Path(path).name), reason=reason, parent=clean(above)
        )
    path = names[0] if names else Path("?")
    if isinstance(exc, PermissionError):
        text = _CANNOT_READ["permission"]
    elif isinstance(exc, FileNotFoundError):
        text = _CANNOT_READ["missing"]
    else:
        text = _CANNOT_READ["other"]
    return text.format(path=clean(path), reason=reason)


_OUT_IS_FOLDER = _CANNOT_WRITE["folder"]


def check_out(out: Path) -> None:
    """Refuse, before any work, an ``--out`` file that cannot be: a folder, or below a file."""
    above = _file_above(out)
    if above is not None:
        raise KamkitError(
            _CANNOT_WRITE["below_file"].format(
                path=clean(out), parent=clean(above), name=clean(Path(out).name)
            )
        )
    if Path(out).is_dir():
        raise KamkitError(_OUT_IS_FOLDER.format(path=clean(out)))


class _LazyGroup(click.Group):
    """A group whose commands living beside their library code (``kamkit run`` in
    kamkit.outputs.reports...) are imported only when used, the pattern of click's documentation:
    ``kamkit segment`` does not pay for the report machinery's import."""

    lazy = {
        "run": "kamkit.outputs.reports:run_command",
        "template": "kamkit.outputs.template:template_command",
        "cards": "kamkit.outputs.cards:cards_command",
        "handout": "kamkit.course.handout:handout_command",
    }

    def list_commands(self, ctx):
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx, name):
        if name in self.lazy:
            import importlib

            module, attribute = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kamkit")
def main():
    """kamkit: Key Account Management for the whole market.

    Start with `kamkit validate YOUR_WORKBOOK.xlsx`, then `kamkit segment` to see every account's
    stage, ABC class, quadrant and pursuit priority. `kamkit sample DIR` writes the fictional
    sample market used by the course.
    """


def load_market(data: Path, columns: Path | None = None, **options):
    """``kk.load`` for a command: its warnings said in the data's language (or --lang), and
    the command's voice set to that language from then on."""
    from kamkit.core.errors import DataError
    from kamkit.files.loading import validate as run_validate

    speaker = voice()
    report = run_validate(data, columns, **options)
    speaker.data_language = _data_language(report)
    if not report.ok:
        raise DataError(report.problems, source=report.source)
    for problem in report.warnings:
        speaker.warn(problem)
    return report.market


def _data_language(report) -> str | None:
    """The language parameter the data sets: ``report.language`` (None when the data does not
    set one, even when it fails), else, before that existed, the loaded market's."""
    if hasattr(report, "language"):
        return report.language
    return report.market.parameters.language if report.market is not None else None


def say_data_warnings(market, table=None) -> None:
    """Print ``kk.data_warnings(market)`` (a potential below revenue, every potential
    estimated, an empty window) as warnings in the language."""
    from kamkit.analysis.diagnostics import data_warnings

    speaker = voice()
    for note in data_warnings(market, table=table):
        speaker.warn(note)


@main.command()
@DATA
@COLUMNS
@LANG
@friendly
def validate(data: Path, columns: Path | None, language: str | None):
    """Check DATA and list every problem, with file, sheet, row and column.

    DATA is an Excel workbook, a folder of CSV/Parquet files, or a sales CSV. Exit status: 0 when
    the data can be used (warnings alone do not fail), 2 when it cannot.
    """
    from kamkit.files.loading import validate as run_validate

    speaker = voice()
    report = run_validate(data, columns)
    speaker.data_language = _data_language(report)
    if report.ok and report.market is not None:  # what the analysis would show, too
        import dataclasses

        from kamkit.analysis.diagnostics import data_warnings

        notes = data_warnings(report.market)
        report = dataclasses.replace(report, problems=[*report.problems, *notes])
    speaker.echo(report.text(speaker.lang))
    sys.exit(0 if report.ok else 2)


_WROTE = Text(
    "Wrote {n} accounts (as of {day}) to {path}", "Gravadas {n} contas (data-base {day}) em {path}"
)
_INPUT_AS_OUTPUT = Text(
    "--out {out} would overwrite your data in {data}; kamkit never changes its input. Choose "
    "another file name, e.g. results.xlsx.",
    "--out {out} substituiria seus dados em {data}; o kamkit nunca altera a entrada. Escolha "
    "outro nome de arquivo, por exemplo resultados.xlsx.",
)


@main.command()
@DATA
@AS_OF
@click.option("--territory", default=None, help="Only this territory's accounts.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write one row per account to this file: .csv, .xlsx or .parquet.",
)
@COLUMNS
@LANG
@friendly
def segment(
    data: Path,
    as_of: str | None,
    territory: str | None,
    out: Path | None,
    columns: Path | None,
    language: str | None,
):
    """Stage, ABC class, potential, share of wallet, quadrant and priority of every account.

    Without --out, prints a summary by stage and quadrant. With --out FILE.csv in Portuguese
    (--lang pt-BR), the file is what Brazilian Excel opens: `;` between columns and the decimal
    comma.
    """
    day = None if as_of is None else parse_as_of(as_of)
    if out is not None:
        _refuse_input_as_output(out, data)
        check_out(out)
    market = load_market(data, columns, usecols=SEGMENT_USECOLS, lines="files")
    from kamkit.analysis.segmentation import segment as run_segment
    from kamkit.outputs.export import write_table
    from kamkit.presentation.i18n import format_count, format_date

    speaker = voice()
    if day is not None:
        market = market.with_parameters(as_of=day)
    if speaker.lang != market.parameters.language:  # --lang, the data's, or the system's
        market = market.with_parameters(language=speaker.lang)
    if territory is not None:
        market.check_territory(territory)
    table = run_segment(market, territory=territory)
    say_data_warnings(market, table)  # about the accounts shown (the territory's)
    if out is None:
        speaker.echo(_summary(table, market))
        return
    write_table(table, out, market=market, sheet="Segment")
    speaker.echo(
        _WROTE.format(
            n=format_count(len(table), speaker.lang),
            day=format_date(market.as_of, speaker.lang),
            path=out,
        )
    )


# what `kamkit segment` reads of large Parquet files (the table needs no product or notes)
SEGMENT_USECOLS = {"sales": ("account_id", "date", "amount"), "visits": ("account_id", "date")}


def _refuse_input_as_output(out: Path, data: Path) -> None:
    """Never write a result over the user's data (the input file, or a table of its folder)."""
    from kamkit.files.readers import table_for_name

    target = out.resolve()
    source = data.resolve()
    inside = source.is_dir() and target.parent == source and table_for_name(target.stem)
    if target == source or inside:
        raise KamkitError(_INPUT_AS_OUTPUT.format(out=out, data=data))


_SUMMARY = {
    "head": Text("{source}: {n} accounts as of {day}", "{source}: {n} contas em {day}"),
    "stage": Text("Stage:    ", "Estágio:   "),
    "quadrant": Text("Quadrant: ", "Quadrante: "),
    "sep": Text(", ", " · "),
    "pursuit": Text(
        "Pursuit list: {n} accounts. Use --out FILE.xlsx for the full table.",
        "Lista de conquista: {n} contas. Use --out ARQUIVO.xlsx para a tabela completa.",
    ),
}


def _summary(table, market) -> str:
    """The few lines `kamkit segment` prints without --out, in the market's language (English
    names the codes of the table; Portuguese, their labels)."""
    import pandas as pd

    from kamkit.presentation.i18n import format_count, format_date, label

    lang = market.parameters.language
    say = {key: text(lang) for key, text in _SUMMARY.items()}

    def name(code: str) -> str:
        return label(code, lang) if lang != "en" else code

    lines = [
        say["head"].format(
            source=market.source,
            n=format_count(len(table), lang),
            day=format_date(market.as_of, lang),
        )
    ]
    for column in ("stage", "quadrant"):
        counts = table[column].value_counts(sort=False)
        lines.append(
            say[column]
            + say["sep"].join(f"{name(k)} {format_count(v, lang)}" for k, v in counts.items())
        )
    pursuit = int(pd.notna(table["priority"]).sum())
    lines.append(say["pursuit"].format(n=format_count(pursuit, lang)))
    return "\n".join(lines)


def parse_as_of(text: str):
    """The date of ``--as-of`` as a Timestamp, or a sentence naming --as-of and the format
    (the readers' one-date parser, :func:`kamkit.model.convert.parse_day`)."""
    from kamkit.model.convert import parse_day

    return parse_day(text, Text("--as-of", "--as-of"))


_parse_date = parse_as_of  # the name kamkit.outputs.reports and kamkit.outputs.cards import

_WROTE_FILE = Text("Wrote {path}", "Gravado {path}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path), default=Path("data/samples"))
@LANG
@friendly
def sample(directory: Path, language: str | None):
    """Write the fictional sample market (workbook and CSV files) into DIRECTORY."""
    from kamkit.files.sample import write_sample

    voice().out = directory
    for path in write_sample(directory):
        voice().echo(_WROTE_FILE.format(path=path))


if __name__ == "__main__":  # pragma: no cover
    main()
