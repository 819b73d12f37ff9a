"""The ``kamkit`` command line: every command, and the one place where errors become sentences.

Each command only parses its options, calls the library function an analyst would call
(``kk.load``, ``segment``, ``write_cards``, ``write_template``, ``write_handout``,
``run_reports``...) and prints what it did. The library raises
:class:`~kamkit.core.errors.KamkitError` for everything a person must fix; it never imports click.
Commands import their library modules inside the command, so ``kamkit --help`` stays fast.

What a command says goes through one place, :func:`friendly` (a decorator every command wears)
and the :class:`Voice` it opens (:func:`voice` inside the command):

- errors become sentences in the user's language and exit status 2: kamkit's own errors
  (:class:`~kamkit.core.errors.KamkitError`), and the operating system's while *writing* an output
  (permission denied, a folder or a file in the way, a full disk) name the output and the fix;
  an input that cannot be read is never blamed on ``--out``;
- Python warnings (``DataWarning`` from ``kk.load``...) are printed as sentences (``WARNING
  ...`` / ``AVISO ...``), never as ``file:line: DataWarning:`` lines;
- the language is :func:`kamkit.core.errors.message_language`: ``--lang``, else the data's
  ``language`` parameter (once a command has read the data: ``voice().data_language = ...``, or
  the ``data_language`` an error carries), else the system locale, else English;
- everything printed passes :func:`~kamkit.presentation.terminal.clean`: control characters
  and terminal escapes from the data (a territory named ``"\\x1b[31mSul"``) are shown escaped,
  never sent to the terminal.

The words are the catalogue's (``kamkit/presentation/words/cli.toml``, keys ``cli.*``).
"""

from __future__ import annotations

import errno
import functools
import sys
import warnings
from pathlib import Path

import click

from kamkit._version import __version__
from kamkit.core.errors import KamkitError, Problem, Text, message_language, render
from kamkit.core.schema import LANGUAGES
from kamkit.presentation.catalogue import text as _word
from kamkit.presentation.terminal import clean

__all__ = [
    "main",
    "friendly",
    "voice",
    "Voice",
    "clean",
    "os_error",
    "check_out",
    "load_market",
    "parse_as_of",
    "validate",
    "segment",
    "sample",
    "template_command",
    "cards_command",
    "plans_command",
    "handout_command",
    "run_command",
]

# -- help in the catalogue's words ---------------------------------------------------------------


def _help(key: str) -> str:
    """The help text ``key`` in the system's language (``--help`` is read before ``--lang``)."""
    import inspect

    return inspect.cleandoc(_word(key)(message_language()))


class _Worded:
    """A command or option whose help is the catalogue entry ``words``, read when help is shown."""

    def __init__(self, *args, words: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.words = words

    def _read_help(self) -> None:
        self.help = _help(self.words)


class _Option(_Worded, click.Option):
    def get_help_record(self, ctx):
        self._read_help()
        return super().get_help_record(ctx)


def option(*declarations, words: str, **kwargs):
    """``click.option`` with its help from the catalogue entry ``words`` (``cli.help.*``)."""
    return click.option(*declarations, cls=_Option, words=words, **kwargs)


class _Command(_Worded, click.Command):
    def get_help(self, ctx):
        self._read_help()
        return super().get_help(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        self._read_help()
        return super().get_short_help_str(limit)


class _Group(_Command, click.Group):
    """The ``kamkit`` group: its commands are :class:`_Command` (help from the catalogue)."""

    command_class = _Command

    def main(self, args=None, *more, **options):
        """Run as the program (``args`` None: the command line's), a command that has written
        and said everything (:func:`_leave_when_done`) ends the process at once, without the
        interpreter's tear-down of pandas and the rest, one object at a time (0.15 s of CPU
        after ``kamkit segment`` on 200,000 accounts)."""
        try:
            return super().main(args, *more, **options)
        except SystemExit as done:
            if args is None and done.code in (0, None) and _LEAVE.get("when_done"):
                _leave_now()
            raise


_LEAVE: dict = {}


def _leave_when_done() -> None:
    """The command's work is written and said: the program may end without tearing down."""
    _LEAVE["when_done"] = True


def _leave_now() -> None:
    """End the process with status 0, its output flushed; returns (the usual exit follows)
    when the output cannot be flushed (a closed pipe)."""
    import os

    from kamkit.files import engine

    try:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except (OSError, ValueError):
        return
    engine.close()  # DuckDB removes its temporary files
    os._exit(0)


DATA = click.argument("data", type=click.Path(path_type=Path))


# The options several commands share; a command may word the help its own way (``words``).


def columns_option(words: str = "cli.help.columns"):
    """``--columns PATH``: the YAML file that maps kamkit's columns to the file's headers."""
    return option("--columns", type=click.Path(path_type=Path), default=None, words=words)


def as_of_option(words: str = "cli.help.as_of"):
    """``--as-of DATE``: the day the analysis looks back from (parameter ``as_of``)."""
    return option("--as-of", "as_of", default=None, metavar="DATE", words=words)


def lang_option(words: str = "cli.help.lang"):
    """``--lang en|pt-BR``: the language of what the command writes (parameter ``language``)."""
    return option(
        "--lang", "language", type=click.Choice(list(LANGUAGES)), default=None, words=words
    )


def out_option(words: str, *, required: bool = True, metavar: str | None = None):
    """``--out PATH``: where the command writes."""
    return option(
        "--out",
        type=click.Path(path_type=Path),
        required=required,
        default=None,
        metavar=metavar,
        words=words,
    )


def repeated_option(declaration: str, name: str, *, metavar: str, words: str):
    """An option given once per value (``--account 1 --account 2``): ``name`` is their tuple."""
    return option(declaration, name, multiple=True, metavar=metavar, words=words)


COLUMNS = columns_option()
AS_OF = as_of_option()
LANG = lang_option()
TERRITORY = option("--territory", default=None, words="cli.help.territory")

# -- what the command line says ---------------------------------------------------------------


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
        line = self.text(_word("cli.warning")).format(self.text(value))
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
                # an error raised once the library read the data speaks the data's language
                speaker.data_language = speaker.data_language or getattr(exc, "data_language", None)
                speaker.fail(exc)
            except OSError as exc:
                speaker.fail(os_error(exc, speaker.out, speaker.data))

    return wrapper


# -- the operating system's errors as sentences -----------------------------------------------

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
            key = "below_file"
        elif exc.errno in _FULL:
            key = "full"
        elif exc.errno == errno.EROFS:
            key = "read_only"
        elif isinstance(exc, PermissionError):
            key = "permission"
        elif isinstance(exc, IsADirectoryError) or Path(path).is_dir():
            key = "folder"
        else:
            key = "other"
        return _word(f"cli.cannot_write.{key}").format(
            path=clean(path), name=clean(Path(path).name), reason=reason, parent=clean(above)
        )
    path = names[0] if names else Path("?")
    if isinstance(exc, PermissionError):
        key = "permission"
    elif isinstance(exc, FileNotFoundError):
        key = "missing"
    else:
        key = "other"
    return _word(f"cli.cannot_read.{key}").format(path=clean(path), reason=reason)


def check_out(out: Path) -> None:
    """Refuse, before any work, an ``--out`` file that cannot be: a folder, or below a file."""
    above = _file_above(out)
    if above is not None:
        raise KamkitError(
            _word("cli.cannot_write.below_file").format(
                path=clean(out), parent=clean(above), name=clean(Path(out).name)
            )
        )
    if Path(out).is_dir():
        raise KamkitError(_word("cli.cannot_write.folder").format(path=clean(out)))


@click.group(
    cls=_Group, words="cli.help.main", context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="kamkit")
def main():
    """The ``kamkit`` command (help: cli.help.main)."""


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


@main.command(words="cli.help.validate")
@DATA
@COLUMNS
@LANG
@friendly
def validate(data: Path, columns: Path | None, language: str | None):
    """Check DATA and list every problem (help: cli.help.validate)."""
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


@main.command(words="cli.help.segment")
@DATA
@AS_OF
@TERRITORY
@out_option("cli.help.segment_out", required=False)
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
    """Every account's segmentation, or its summary (help: cli.help.segment)."""
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
    if out is None:
        say_data_warnings(market, table)  # about the accounts shown (the territory's)
        speaker.echo(_summary(table, market))
        _leave_when_done()
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as writer:  # Arrow writes while the warnings are said
        written = writer.submit(write_table, table, out, market=market, sheet="Segment")
        say_data_warnings(market, table)
        written.result()
    speaker.echo(
        _word("cli.segment.wrote").format(
            n=format_count(len(table), speaker.lang),
            day=format_date(market.as_of, speaker.lang),
            path=out,
        )
    )
    _leave_when_done()


# what `kamkit segment` reads of large Parquet files (the table needs no product or notes; the
# outcome of an interaction says whether it is a step of the pursuit score)
SEGMENT_USECOLS = {
    "sales": ("account_id", "date", "amount"),
    "visits": ("account_id", "date", "outcome"),
}


def _refuse_input_as_output(out: Path, data: Path) -> None:
    """Never write a result over the user's data (the input file, or a table of its folder)."""
    from kamkit.files.readers import table_for_name

    target = out.resolve()
    source = data.resolve()
    inside = source.is_dir() and target.parent == source and table_for_name(target.stem)
    if target == source or inside:
        raise KamkitError(_word("cli.segment.input_as_output").format(out=out, data=data))


def _summary(table, market) -> str:
    """The few lines `kamkit segment` prints without --out, in the market's language (English
    names the codes of the table; Portuguese, their labels). The numbers are
    :func:`kamkit.analysis.summaries.segment_summary`'s; this only formats them."""
    from kamkit.analysis.summaries import segment_summary
    from kamkit.presentation.i18n import format_count, format_date, label

    lang = market.parameters.language
    say = {key: _word(f"cli.summary.{key}")(lang) for key in SUMMARY_WORDS}
    counts = segment_summary(table, lookback_months=market.parameters.lookback_months)

    def name(code: str) -> str:
        return label(code, lang) if lang != "en" else code

    lines = [
        say["head"].format(
            source=market.source,
            n=format_count(counts.accounts, lang),
            day=format_date(market.as_of, lang),
        )
    ]
    for key, by_code in (("stage", counts.stages), ("quadrant", counts.quadrants)):
        lines.append(
            say[key]
            + say["sep"].join(f"{name(k)} {format_count(v, lang)}" for k, v in by_code.items())
        )
    lines.append(say["pursuit"].format(n=format_count(counts.pursuit, lang)))
    if counts.floored:
        lines.append(
            _word("kam.summary.floored")(lang).format(n=format_count(counts.floored, lang))
        )
    return "\n".join(lines)


#: The catalogue entries of the summary (``cli.summary.<key>``).
SUMMARY_WORDS = ("head", "stage", "quadrant", "sep", "pursuit")


def parse_as_of(text: str):
    """The date of ``--as-of`` as a Timestamp, or a sentence naming --as-of and the format
    (the readers' one-date parser, :func:`kamkit.model.convert.parse_day`)."""
    from kamkit.model.convert import parse_day

    return parse_day(text, _word("cli.option.as_of"))


@main.command(words="cli.help.sample")
@click.argument("directory", type=click.Path(path_type=Path), default=Path("data/samples"))
@LANG
@friendly
def sample(directory: Path, language: str | None):
    """Write the fictional sample market into DIRECTORY (help: cli.help.sample)."""
    from kamkit.files.sample import write_sample

    voice().out = directory
    for path in write_sample(directory):
        voice().echo(_word("cli.sample.wrote").format(path=path))


# -- the Excel template --------------------------------------------------------------------------


@main.command("template", words="cli.help.template")
@click.argument("file", type=click.Path(path_type=Path))
@lang_option("cli.help.template_lang")
@option(
    "--from",
    "data",
    type=click.Path(path_type=Path),
    default=None,
    metavar="DATA",
    words="cli.help.template_from",
)
@columns_option("cli.help.template_columns")
@option("--force", is_flag=True, words="cli.help.template_force")
@friendly
def template_command(
    file: Path, language: str, data: Path | None, columns: Path | None, force: bool
):
    """Write the Excel template, empty or filled --from DATA (help: cli.help.template)."""
    from kamkit.outputs.template import write_template
    from kamkit.presentation.i18n import format_count

    market = None
    if data is not None:
        market = load_market(data, columns)
    speaker = voice()
    language = speaker.lang  # --lang, else the data's language, else the system's
    path = write_template(file, language=language, market=market, overwrite=force)
    if market is None:
        speaker.echo(_word("cli.template.wrote").format(path=path))
    else:
        n = format_count(len(market.accounts), language)
        speaker.echo(_word("cli.template.wrote_filled").format(n=n, path=path))


#: The help (catalogue keys) of the options of the commands that write one document per
#: account: --out, --account, --as-of, --lang; then the metavar of --account.
_PER_ACCOUNT = {
    "cards": (
        "cli.help.cards_out",
        "cli.help.cards_account",
        "cli.help.cards_as_of",
        "cli.help.cards_lang",
        "ID",
    ),
    "plans": (
        "cli.help.plans_out",
        "cli.help.plans_account",
        "cli.help.plans_as_of",
        "cli.help.plans_lang",
        "CODE",
    ),
}


def per_account_options(command: str, territory=TERRITORY):
    """The arguments of a command that writes one document per account (``cards``, ``plans``):
    DATA, ``--out DIR``, ``territory`` (its ``--territory`` option), ``--account`` (repeated),
    ``--as-of``, ``--lang``, ``--columns``; their help is the command's in ``_PER_ACCOUNT``."""
    out, account, as_of, lang, metavar = _PER_ACCOUNT[command]
    shared = (
        DATA,
        out_option(out, metavar="DIR"),
        territory,
        repeated_option("--account", "accounts", metavar=metavar, words=account),
        as_of_option(as_of),
        lang_option(lang),
        COLUMNS,
    )

    def decorate(func):
        for one in reversed(shared):  # the first is the outermost: click lists them in order
            func = one(func)
        return func

    return decorate


def write_per_account(write, *, data, out, territory, accounts, as_of, columns, language):
    """Load DATA (seen --as-of the day given), then ``write(market, out, territory=,
    accounts=, language=)`` in the command's language (``language`` is --lang, which
    :func:`friendly` gave the voice; else the data's, or the system's); returns the command's
    voice and what ``write`` returned. The arguments are the :func:`per_account_options`."""
    day = None if as_of is None else parse_as_of(as_of)
    market = load_market(data, columns)
    if day is not None:
        market = market.with_parameters(as_of=day)
    speaker = voice()
    chosen = list(accounts) or None
    paths = write(market, out, territory=territory, accounts=chosen, language=speaker.lang)
    return speaker, paths


# -- the visit cards -----------------------------------------------------------------------------


@main.command("cards", words="cli.help.cards")
@per_account_options("cards")
@friendly
def cards_command(**options):
    """Printable visit cards for the accounts of DATA (help: cli.help.cards)."""
    from kamkit.outputs.cards import write_cards

    speaker, paths = write_per_account(write_cards, **options)
    speaker.echo(_word("cli.cards.wrote").format(html=paths[0], xlsx=paths[1]))


# -- the account plan documents ------------------------------------------------------------------


@main.command("plans", words="cli.help.plans")
@per_account_options(
    "plans", option("--territory", default=None, metavar="T", words="cli.help.plans_territory")
)
@friendly
def plans_command(**options):
    """One printable account plan per account of DATA, and an index (help: cli.help.plans)."""
    from kamkit.outputs.plans import write_plans
    from kamkit.presentation.i18n import format_count

    speaker, paths = write_per_account(write_plans, **options)
    n = format_count(len(paths) - 1, speaker.lang)
    speaker.echo(_word("cli.plans.wrote").format(n=n, index=paths[0]))


# -- the participant handout ---------------------------------------------------------------------


@main.command("handout", words="cli.help.handout")
@DATA
@out_option("cli.help.handout_out", metavar="FILE.html")
@TERRITORY
@LANG
@COLUMNS
@friendly
def handout_command(
    data: Path, out: Path, territory: str | None, language: str | None, columns: Path | None
):
    """The printable participant handout made from DATA (help: cli.help.handout)."""
    from kamkit.course.handout import check_handout_out, write_handout

    check_out(out)
    check_handout_out(out)  # before the data is read: a wrong --out fails at once
    market = load_market(data, columns)
    speaker = voice()
    path = write_handout(market, out, territory=territory, language=speaker.lang)
    speaker.echo(_word("cli.handout.wrote").format(path=path))


# -- the territory reports -----------------------------------------------------------------------

#: Seconds a report cell may run (kamkit.outputs.reports.CELL_TIMEOUT, which the command does not
#: import to keep `kamkit --help` light; tests/test_cli_structure.py checks they agree).
CELL_TIMEOUT = 600


@main.command("run", words="cli.help.run")
@DATA
@out_option("cli.help.run_out")
@repeated_option("--territory", "territories", metavar="T", words="cli.help.run_territory")
@as_of_option("cli.help.run_as_of")
@lang_option("cli.help.run_lang")
@option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    words="cli.help.run_jobs",
)
@option(
    "--notebook",
    type=click.Path(path_type=Path),
    default=None,
    words="cli.help.run_notebook",
)
@COLUMNS
@option(
    "--cell-timeout",
    "cell_timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=CELL_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    words="cli.help.run_cell_timeout",
)
@friendly
def run_command(data, out, territories, as_of, **options):
    """Territory reports for every territory of DATA (help: cli.help.run).

    ``options`` (language, jobs, notebook, columns, cell_timeout) go to ``run_reports`` as given.
    """
    from kamkit.outputs.reports import run_reports

    day = None if as_of is None else parse_as_of(as_of)
    try:
        result = run_reports(data, out, territories=list(territories) or None, as_of=day, **options)
    except KeyboardInterrupt:  # Ctrl+C: the run stopped its workers and cleaned up
        voice().echo(_word("cli.run.interrupted"), err=True)
        sys.exit(130)
    click.echo(result.summary(), err=not result.ok)
    sys.exit(0 if result.ok else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
