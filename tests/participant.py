"""Run things the way a participant's machine does: a notebook under papermill, a recipe of make."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def exercise_notebook_source(folder: str, stem: str, module) -> str:
    """The code and text of the exercise notebook ``folder/stem.ipynb``, after checking that it
    imports its module's questions and uses every one of them."""
    import nbformat

    nb = nbformat.read(ROOT / folder / f"{stem}.ipynb", as_version=4)
    source = "\n".join(c.source for c in nb.cells)
    assert f"from {module.__name__} import *" in source
    for q in module.EXERCISES.questions:
        assert f"{q.name}." in source
    return source


def run_notebook(path: Path, output: Path, parameters: dict, *, timeout: int):
    """Execute ``path`` into ``output`` as the course site does (papermill, the python3 kernel,
    the notebook's own folder); returns the executed notebook."""
    from kamkit.course.site import execute_lesson

    return execute_lesson(path, output, parameters, timeout=timeout)


def make_recipe_output(recipe: str, env: dict[str, str]) -> str:
    """What ``recipe`` prints when make runs it with the Makefile read (its exports apply), as
    the commands of ``make lab`` and ``make test`` are run."""
    return subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "--eval",
            f"kamkit-probe: ; {recipe}",
            "kamkit-probe",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    ).stdout.decode()
