"""One recorded style: ruff's linter and formatter, configured in pyproject.toml, run with the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_check_finds_nothing():
    result = _ruff("check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    result = _ruff("format", "--check", "--no-cache", ".")
    assert result.returncode == 0, (
        "run `.venv/bin/ruff format .`:\n" + result.stdout + result.stderr
    )


def test_ruff_sees_a_planted_problem(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nx=1\n", encoding="utf-8")
    config = ("--no-cache", "--config", str(ROOT / "pyproject.toml"), str(bad))
    checked = _ruff("check", *config)
    assert checked.returncode == 1 and "F401" in checked.stdout
    formatted = _ruff("format", "--check", *config)
    assert formatted.returncode == 1
