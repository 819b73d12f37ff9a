"""The ``kamkit`` command line: a thin layer that parses options and calls the library.

Every command prints a plain sentence (no traceback) and exits with status 2 when the input
cannot be used; ``--help`` on any command explains it.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from ._version import __version__
from .errors import KamkitError

DATA = click.argument("data", type=click.Path(path_type=Path))
COLUMNS = click.option(
    "--columns", type=click.Path(path_type=Path), default=None,
    help="YAML file mapping kamkit's column names to your file's headers (CRM exports).",
)
AS_OF = click.option("--as-of", "as_of", default=None, metavar="DATE",
                     help="Analyse the data as it stood on this date (yyyy-mm-dd or dd/mm/yyyy).")
LANG = click.option("--lang", "language", type=click.Choice(["en", "pt-BR"]), default=None,
                    help="Language of labels (default: the language parameter of the data).")


def friendly(func):
    """Turn kamkit's errors (bad input) into a message and exit status 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KamkitError as exc:
            click.echo(str(exc), err=True)
            sys.exit(2)
        except PermissionError as exc:
            click.echo(f"kamkit cannot write {exc.filename}: permission denied. If the file is "
                       "open in Excel, close it and try again, or choose another --out.", err=True)
            sys.exit(2)

    return wrapper


class _LazyGroup(click.Group):
    """A group whose commands living beside their library code (``kamkit run`` in
    kamkit.reports...) are imported only when used, the pattern of click's documentation:
    ``kamkit segment`` does not pay for the report machinery's import."""

    lazy = {"run": "kamkit.reports:run_command", "template": "kamkit.template:template_command",
            "cards": "kamkit.cards:cards_command"}

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


@main.command()
@DATA
@COLUMNS
@friendly
def validate(data: Path, columns: Path | None):
    """Check DATA and list every problem, with file, sheet, row and column.

    DATA is an Excel workbook, a folder of CSV/Parquet files, or a sales CSV. Exit status: 0 when
    the data can be used (warnings alone do not fail), 2 when it cannot.
    """
    from .loading import validate as run_validate

    report = run_validate(data, columns)
    click.echo(str(report))
    sys.exit(0 if report.ok else 2)


@main.command()
@DATA
@AS_OF
@click.option("--territory", default=None, help="Only this territory's accounts.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Write one row per account to this file: .csv, .xlsx or .parquet.")
@COLUMNS
@LANG
@friendly
def segment(data: Path, as_of: str | None, territory: str | None, out: Path | None,
            columns: Path | None, language: str | None):
    """Stage, ABC class, potential, share of wallet, quadrant and priority of every account.

    Without --out, prints a summary by stage and quadrant.
    """
    from .loading import load  # first: it reads the files while pandas is being imported

    if out is not None:
        _refuse_input_as_output(out, data)
    market = load(data, columns, usecols=SEGMENT_USECOLS)
    from .export import write_table
    from .segmentation import segment as run_segment

    if as_of is not None:
        market = market.with_parameters(as_of=_parse_date(as_of))
    if language is not None:
        market = market.with_parameters(language=language)
    if territory is not None:
        market.check_territory(territory)
    table = run_segment(market, territory=territory)
    if out is None:
        click.echo(_summary(table, market))
        return
    write_table(table, out, market=market, sheet="Segment")
    click.echo(f"Wrote {len(table):,} accounts (as of {market.as_of:%Y-%m-%d}) to {out}")


# what `kamkit segment` reads of large Parquet files (the table needs no product or notes)
SEGMENT_USECOLS = {"sales": ("account_id", "date", "amount"), "visits": ("account_id", "date")}


def _refuse_input_as_output(out: Path, data: Path) -> None:
    """Never write a result over the user's data (the input file, or a table of its folder)."""
    from ._readers import table_for_name

    target = out.resolve()
    source = data.resolve()
    inside = source.is_dir() and target.parent == source and table_for_name(target.stem)
    if target == source or inside:
        raise KamkitError(
            f"--out {out} would overwrite your data in {data}; kamkit never changes its input. "
            "Choose another file name, e.g. results.xlsx."
        )


_SUMMARY = {
    "en": {"head": "{source}: {n} accounts as of {day}", "stage": "Stage:    ",
           "quadrant": "Quadrant: ", "sep": ", ",
           "pursuit": "Pursuit list: {n} accounts. Use --out FILE.xlsx for the full table."},
    "pt-BR": {"head": "{source}: {n} contas em {day}", "stage": "Estágio:   ",
              "quadrant": "Quadrante: ", "sep": " · ",
              "pursuit": "Lista de conquista: {n} contas. Use --out ARQUIVO.xlsx para a tabela "
                         "completa."},
}


def _summary(table, market) -> str:
    """The few lines `kamkit segment` prints without --out, in the market's language (English
    names the codes of the table; Portuguese, their labels)."""
    import pandas as pd

    from .i18n import label

    lang = market.parameters.language
    say = _SUMMARY[lang]

    def count(n) -> str:
        text = f"{int(n):,}"
        return text.replace(",", ".") if lang == "pt-BR" else text

    def name(code: str) -> str:
        return label(code, lang) if lang != "en" else code

    day = f"{market.as_of:%d/%m/%Y}" if lang == "pt-BR" else f"{market.as_of:%Y-%m-%d}"
    lines = [say["head"].format(source=market.source, n=count(len(table)), day=day)]
    for column in ("stage", "quadrant"):
        counts = table[column].value_counts(sort=False)
        lines.append(say[column] + say["sep"].join(f"{name(k)} {count(v)}"
                                                   for k, v in counts.items()))
    pursuit = int(pd.notna(table["priority"]).sum())
    lines.append(say["pursuit"].format(n=count(pursuit)))
    return "\n".join(lines)


def _parse_date(text: str):
    import pandas as pd

    from ._convert import to_dates

    dates, bad, _ = to_dates(pd.Series([text], dtype=object))
    if bad[0] or pd.isna(dates[0]):
        raise KamkitError(f"--as-of {text!r} is not a date; write it as yyyy-mm-dd or dd/mm/yyyy.")
    return pd.Timestamp(dates[0])


@main.command()
@click.argument("directory", type=click.Path(path_type=Path), default=Path("data/samples"))
@friendly
def sample(directory: Path):
    """Write the fictional sample market (workbook and CSV files) into DIRECTORY."""
    from .sample import write_sample

    for path in write_sample(directory):
        click.echo(f"Wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
