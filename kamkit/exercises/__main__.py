"""``python -m kamkit.exercises``: the answer key, the exercise notebooks, solved copies.

The commands only parse their options and call the library functions of
:mod:`kamkit.exercises` (``answer_key``, ``write_notebooks``, ``fill_solutions``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Exercises that check themselves: answer key, notebooks, solved copies."""


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the key to this Markdown file (default: print it).")
@click.option("--data", type=click.Path(exists=True, path_type=Path),
              help="Show the values of this workbook or folder (default: the sample market).")
@click.option("--territory", help="Territory of the values (default: the notebooks' one).")
@click.option("--no-values", is_flag=True, help="Leave out the values (faster).")
def answers(out, data, territory, no_values) -> None:
    """The answer key for facilitators, generated from the questions."""
    from ..errors import KamkitError
    from .answers import answer_key

    try:
        text = answer_key(data, territory=territory, values=not no_values)
    except KamkitError as exc:
        raise click.ClickException(str(exc)) from None
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out}")


@main.command()
@click.option("--dir", "directory", default="exercises", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the notebooks.")
def notebooks(directory) -> None:
    """Write the exercise notebooks (placeholders in, no outputs) from the questions."""
    from .notebook import write_notebooks

    for path in write_notebooks(directory):
        click.echo(f"Wrote {path}")


@main.command()
@click.argument("notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The solved copy (default: NAME_solved.ipynb next to the notebook).")
def fill(notebook, out) -> None:
    """Write a copy of NOTEBOOK with every answer filled in from the answer key."""
    from ..errors import KamkitError
    from .notebook import fill_solutions

    out = out or notebook.with_name(f"{notebook.stem}_solved.ipynb")
    if out.resolve() == notebook.resolve():
        raise click.ClickException("--out must differ from the notebook: it is never "
                                   "overwritten.")
    try:
        fill_solutions(notebook, out)
    except KamkitError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {out}")


@main.command(name="list")
def list_questions() -> None:
    """List every exercise set and its questions."""
    from . import exercise_sets

    for exercises in exercise_sets():
        click.echo(f"{exercises.module}  lesson {exercises.number}: {exercises.title}")
        for q in exercises.questions:
            what = ", ".join(q.variables) or "discussion"
            click.echo(f"  {q.name}  [{q.kind}: {what}]  {q.title}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
