"""The project's promises about set-up: dependencies, entry points, light import."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from participant import make_recipe_output

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PIP = {"python-duckdb": "duckdb"}


def _split(spec: str) -> tuple[str, str]:
    name, version = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec).groups()
    return name.lower().replace("_", "-"), version.replace(" ", "")


def test_environment_yml_installs_what_pyproject_asks():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(
        _split(s) for s in project["dependencies"] + project["optional-dependencies"]["test"]
    )
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for item in env["dependencies"]:
        if isinstance(item, str) and not item.startswith(("python>", "python=", "pip")):
            name, version = _split(item)
            conda[CONDA_TO_PIP.get(name, name)] = version
    assert conda == wanted
    assert "python>=3.11" in env["dependencies"]
    assert project["requires-python"] == ">=3.11"


def test_import_is_light_and_changes_no_global_state():
    code = (
        "import sys, pandas as pd, warnings\n"
        "before = (pd.get_option('display.max_rows'), list(warnings.filters))\n"
        "import kamkit as kk\n"
        "kk.load, kk.Market, kk.segment\n"
        "heavy = [m for m in ('matplotlib', 'seaborn', 'ipywidgets', 'papermill', 'nbconvert', 'duckdb')\n"
        "         if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert before == (pd.get_option('display.max_rows'), list(warnings.filters))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_loading_reads_files_before_it_needs_pandas():
    """kamkit.load decodes Parquet with Arrow while pandas is imported (kamkit segment's start):
    the loading front and the readers must not import pandas themselves."""
    code = (
        "import sys\n"
        "import kamkit.cli, kamkit.files.loading, kamkit.files.readers\n"
        "assert 'pandas' not in sys.modules, 'pandas imported too early'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_version_and_help_from_console_script_and_module():
    import kamkit

    out = subprocess.run(
        [sys.executable, "-m", "kamkit", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert kamkit.__version__ in out
    exe = Path(sys.executable).with_name("kamkit")
    help_text = subprocess.run(
        [str(exe), "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("validate", "segment", "sample"):
        assert command in help_text


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "make test" in readme and "make reports" in readme


def test_make_gives_its_commands_no_matplotlib_backend():
    """Kernels that `make lab` (or papermill under `make test`) starts inherit make's
    environment: a forced MPLBACKEND there (Agg) would hide every chart of the course."""
    import os
    import shutil

    if shutil.which("make") is None:
        import pytest

        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    shown = make_recipe_output('@echo "[$$MPLBACKEND]"', env).strip()
    assert shown == "[]", f"the Makefile sets MPLBACKEND for its commands: {shown}"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "MPLBACKEND" not in ci, ".ci/run must not force a backend on the kernels of the tests"
