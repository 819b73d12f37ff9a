"""``python -m kamkit.exercises``: the answer key, the exercise notebooks, solved copies, the
list of questions with their tracks, and what is still missing in Portuguese.

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
@click.option("--lang", "language", type=click.Choice(["en", "pt-BR"]), default="en",
              show_default=True, help="Language of the key (pt-BR: exercises/pt-BR/gabarito.md).")
def answers(out, data, territory, no_values, language) -> None:
    """The answer key for facilitators, generated from the questions: printed, or written to
    --out (exercises/answer_key.md; exercises/pt-BR/gabarito.md with --lang pt-BR)."""
    from kamkit.core.atomic import atomic_path
    from kamkit.core.errors import KamkitError
    from kamkit.exercises.answers import answer_key

    try:
        text = answer_key(data, territory=territory, values=not no_values, language=language)
    except KamkitError as exc:
        raise click.ClickException(exc.text(language)) from None
    if out is None:
        click.echo(text, nl=False)
    else:
        with atomic_path(out) as tmp:
            tmp.write_text(text, encoding="utf-8")
        click.echo(f"Gravado {out}" if language == "pt-BR" else f"Wrote {out}")


@main.command()
@click.option("--dir", "directory", default="exercises", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the notebooks (the Portuguese ones go to its pt-BR/ folder).")
@click.option("--lang", "language", type=click.Choice(["en", "pt-BR", "both"]), default="both",
              show_default=True, help="Which notebooks to write.")
def notebooks(directory, language) -> None:
    """Write the exercise notebooks (placeholders in, no outputs) from the questions: English
    in --dir, Brazilian Portuguese in --dir/pt-BR."""
    from kamkit.exercises.notebook import write_notebooks

    for lang in (["en", "pt-BR"] if language == "both" else [language]):
        for path in write_notebooks(directory, language=lang):
            click.echo(f"Wrote {path}")


@main.command()
@click.argument("notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The solved copy (default: NAME_solved.ipynb next to the notebook).")
def fill(notebook, out) -> None:
    """Write a copy of NOTEBOOK with every answer filled in from the answer key."""
    from kamkit.core.errors import KamkitError
    from kamkit.exercises.notebook import fill_solutions

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
@click.option("--json", "as_json", is_flag=True,
              help='Print a JSON list of {"notebook", "question", "track"}.')
def list_questions(as_json) -> None:
    """List every exercise set and its questions, with each question's track (salesperson:
    no code; analyst: pandas/kamkit code)."""
    from kamkit.exercises import exercise_sets
    from kamkit.exercises.notebook import notebook_name

    if as_json:
        import json

        rows = [{"notebook": notebook_name(s), "question": q.name, "track": q.track}
                for s in exercise_sets() for q in s.questions]
        click.echo(json.dumps(rows, indent=1))
        return
    for exercises in exercise_sets():
        click.echo(f"{exercises.module}  lesson {exercises.number}: {exercises.title}")
        for q in exercises.questions:
            what = ", ".join(q.variables) or "discussion"
            click.echo(f"  {q.name}  {q.track:<11}  [{q.kind}: {what}]  {q.title}")


@main.command()
def missing() -> None:
    """List what each question still lacks in Brazilian Portuguese (exit 1 when anything)."""
    from kamkit.exercises import exercise_sets

    found = False
    for exercises in exercise_sets():
        for where, settings in exercises.missing_portuguese().items():
            found = True
            click.echo(f"{exercises.module} {where}: {', '.join(settings)}")
    if found:
        sys.exit(1)
    click.echo("Every text is written in both languages.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
