"""``python -m kamkit.exercises``: the answer key, the exercise notebooks, solved copies, the
list of questions with their tracks, and what is still missing in Portuguese.

The commands only parse their options (argparse: only :mod:`kamkit.cli` uses click) and call the
library functions of :mod:`kamkit.exercises` (``answer_key``, ``write_notebooks``,
``fill_solutions``). ``main(argv)`` returns the exit status: 0 done, 1 when a command could not do
its work (the reason on standard error, after ``Error:``), 2 for options it cannot use.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main", "COMMANDS"]

PROG = "python -m kamkit.exercises"


class _Failed(Exception):
    """A command could not do its work: the message is printed after ``Error:``, exit 1."""


def answers(args: argparse.Namespace) -> None:
    """The answer key for facilitators, generated from the questions: printed, or written to
    --out (exercises/answer_key.md; exercises/pt-BR/gabarito.md with --lang pt-BR)."""
    from kamkit.core.atomic import atomic_path
    from kamkit.core.errors import KamkitError
    from kamkit.exercises.answers import answer_key

    try:
        text = answer_key(
            args.data, territory=args.territory, values=not args.no_values, language=args.language
        )
    except KamkitError as exc:
        raise _Failed(exc.text(args.language)) from None
    if args.out is None:
        sys.stdout.write(text)
    else:
        with atomic_path(args.out) as tmp:
            tmp.write_text(text, encoding="utf-8")
        print(f"Gravado {args.out}" if args.language == "pt-BR" else f"Wrote {args.out}")


def notebooks(args: argparse.Namespace) -> None:
    """Write the exercise notebooks (placeholders in, no outputs) from the questions: English
    in --dir, Brazilian Portuguese in --dir/pt-BR."""
    from kamkit.exercises.notebook import write_notebooks

    for lang in ["en", "pt-BR"] if args.language == "both" else [args.language]:
        for path in write_notebooks(args.directory, language=lang):
            print(f"Wrote {path}")


def fill(args: argparse.Namespace) -> None:
    """Write a copy of NOTEBOOK with every answer filled in from the answer key."""
    from kamkit.core.errors import KamkitError
    from kamkit.exercises.notebook import fill_solutions

    notebook = args.notebook
    out = args.out or notebook.with_name(f"{notebook.stem}_solved.ipynb")
    if out.resolve() == notebook.resolve():
        raise _Failed("--out must differ from the notebook: it is never overwritten.")
    try:
        fill_solutions(notebook, out)
    except KamkitError as exc:
        raise _Failed(str(exc)) from None
    except ValueError:  # nbformat: not JSON, or not a notebook
        raise _Failed(f"{notebook} is not a Jupyter notebook (.ipynb).") from None
    print(f"Wrote {out}")


def list_questions(args: argparse.Namespace) -> None:
    """List every exercise set and its questions, with each question's track (salesperson:
    no code; analyst: pandas/kamkit code)."""
    from kamkit.exercises.core import exercise_sets
    from kamkit.exercises.notebook import notebook_name

    if args.as_json:
        import json

        rows = [
            {"notebook": notebook_name(s), "question": q.name, "track": q.track}
            for s in exercise_sets()
            for q in s.questions
        ]
        print(json.dumps(rows, indent=1))
        return
    for exercises in exercise_sets():
        print(f"{exercises.module}  lesson {exercises.number}: {exercises.title}")
        for q in exercises.questions:
            what = ", ".join(q.variables) or "discussion"
            print(f"  {q.name}  {q.track:<11}  [{q.kind}: {what}]  {q.title}")


def missing(args: argparse.Namespace) -> int:
    """List what each question still lacks in Brazilian Portuguese (exit 1 when anything)."""
    from kamkit.exercises.core import exercise_sets

    found = False
    for exercises in exercise_sets():
        for where, settings in exercises.missing_portuguese().items():
            found = True
            print(f"{exercises.module} {where}: {', '.join(settings)}")
    if found:
        return 1
    print("Every text is written in both languages.")
    return 0


#: The commands: name -> (function, its line in the list of commands).
COMMANDS = {
    "answers": (answers, "The answer key for facilitators, generated from the questions."),
    "notebooks": (notebooks, "Write the exercise notebooks from the questions."),
    "fill": (fill, "Write a copy of NOTEBOOK with every answer filled in."),
    "list": (list_questions, "List every exercise set and its questions, with their tracks."),
    "missing": (missing, "List what each question still lacks in Brazilian Portuguese."),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Exercises that check themselves: answer key, notebooks, solved copies.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str) -> argparse.ArgumentParser:
        function, summary = COMMANDS[name]
        sub = commands.add_parser(name, help=summary, description=function.__doc__)
        sub.set_defaults(run=function)
        return sub

    sub = command("answers")
    sub.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="Write the key to this Markdown file (default: print it).",
    )
    sub.add_argument(
        "--data",
        type=Path,
        metavar="PATH",
        help="Show the values of this workbook or folder (default: the sample market).",
    )
    sub.add_argument("--territory", help="Territory of the values (default: the notebooks' one).")
    sub.add_argument("--no-values", action="store_true", help="Leave out the values (faster).")
    sub.add_argument(
        "--lang",
        dest="language",
        choices=["en", "pt-BR"],
        default="en",
        help="Language of the key (pt-BR: exercises/pt-BR/gabarito.md). Default: en.",
    )

    sub = command("notebooks")
    sub.add_argument(
        "--dir",
        dest="directory",
        type=Path,
        default=Path("exercises"),
        help="Folder for the notebooks (the Portuguese ones go to its pt-BR/ folder). "
        "Default: exercises.",
    )
    sub.add_argument(
        "--lang",
        dest="language",
        choices=["en", "pt-BR", "both"],
        default="both",
        help="Which notebooks to write. Default: both.",
    )

    sub = command("fill")
    sub.add_argument("notebook", type=Path, metavar="NOTEBOOK")
    sub.add_argument(
        "--out",
        type=Path,
        help="The solved copy (default: NAME_solved.ipynb next to the notebook).",
    )

    sub = command("list")
    sub.add_argument(
        "--json",
        dest="as_json",
        action="store_true",
        help='Print a JSON list of {"notebook", "question", "track"}.',
    )

    command("missing")
    return parser


def _check_paths(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The paths' checks, as usage errors (exit 2) before any work."""
    name = args.command
    if getattr(args, "data", None) is not None and not args.data.exists():
        parser.error(f"{name}: --data {args.data} does not exist.")
    if name == "fill" and not args.notebook.is_file():
        parser.error(f"fill: {args.notebook} is not a file (give the exercise notebook).")
    out = getattr(args, "out", None)
    if out is not None and out.is_dir():
        parser.error(f"{name}: --out {out} is a folder; give a file name.")
    if name == "notebooks" and args.directory.exists() and not args.directory.is_dir():
        parser.error(f"notebooks: --dir {args.directory} is a file; give a folder.")


def main(argv: list[str] | None = None) -> int:
    """Run one command of ``python -m kamkit.exercises``; return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        _check_paths(parser, args)
    except SystemExit as exc:  # --help (0) or a usage error (2, already explained)
        return int(exc.code or 0)
    try:
        return args.run(args) or 0
    except _Failed as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
