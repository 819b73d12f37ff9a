"""The command line in one module: every command in kamkit.cli, errors mapped to exit 2 in one
place, the library free of click, the CLI's words in the catalogue, and the `segment` summary
computed by the analysis (kamkit.analysis.summaries) and checked against counts made by hand."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import kamkit
from kamkit import cli
from kamkit.analysis.summaries import SegmentSummary, segment_summary
from kamkit.core.errors import KamkitError
from kamkit.presentation import catalogue

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kamkit"
COMMANDS = {"validate", "segment", "sample", "template", "cards", "plans", "handout", "run"}


@pytest.fixture(autouse=True)
def _english_system(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imported(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


# -- 1. every command lives in kamkit.cli, behind the one error handler ----------------------


def test_every_command_is_defined_in_kamkit_cli_and_wears_friendly():
    assert set(cli.main.commands) == COMMANDS
    for name, command in cli.main.commands.items():
        assert command.callback.__module__ == "kamkit.cli", name
        # friendly (functools.wraps) keeps the command's function as __wrapped__
        assert getattr(command.callback, "__wrapped__", None) is not None, name
    help_text = CliRunner().invoke(cli.main, ["--help"]).output
    assert all(re.search(rf"^\s+{name}\s", help_text, flags=re.M) for name in COMMANDS)


def test_no_library_module_imports_click_or_the_cli():
    offenders = []
    for path, tree in _modules():
        relative = path.relative_to(ROOT).as_posix()
        if relative in ("kamkit/cli.py", "kamkit/__main__.py"):
            continue
        names = _imported(tree)
        if "click" in names or any(n.startswith("click.") for n in names):
            offenders.append(f"{relative} imports click")
        if "kamkit.cli" in names:
            offenders.append(f"{relative} imports kamkit.cli")
    assert offenders == []


def test_exit_status_2_for_errors_is_written_once():
    """The KamkitError -> sentence -> exit 2 block exists once: Voice.fail, used by friendly."""
    exits = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "exit"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value == 2
            ):
                exits.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(exits) == 1 and exits[0].startswith("kamkit/cli.py"), exits
    source = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert source.count("except KamkitError") == 1


def test_a_library_error_in_any_command_is_a_sentence_with_exit_2(tmp_path):
    """The same handler serves the commands that moved: an unknown file, in both languages."""
    missing = tmp_path / "nothing.xlsx"
    cases = {
        "cards": ["cards", str(missing), "--out", str(tmp_path / "c")],
        "handout": ["handout", str(missing), "--out", str(tmp_path / "h.html")],
        "template": ["template", str(tmp_path / "t.xlsx"), "--from", str(missing)],
        "run": ["run", str(missing), "--out", str(tmp_path / "r")],
        "segment": ["segment", str(missing)],
    }
    for name, args in cases.items():
        for language in ("en", "pt-BR"):
            result = CliRunner().invoke(cli.main, [*args, "--lang", language])
            assert result.exit_code == 2, (name, result.output)
            assert "nothing.xlsx" in result.output and "Traceback" not in result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
        assert not (tmp_path / "t.xlsx").exists() and not (tmp_path / "h.html").exists()


def test_a_bad_as_of_is_a_sentence_naming_the_option_for_every_command_that_has_it(tmp_path):
    for command in ("segment", "cards", "run"):
        args = [command, str(tmp_path), "--as-of", "31/02/2026"]
        if command != "segment":
            args += ["--out", str(tmp_path / "out")]
        result = CliRunner().invoke(cli.main, args)
        assert result.exit_code == 2, (command, result.output)
        assert "--as-of" in result.output and "31/02/2026" in result.output
        assert "Traceback" not in result.output


def test_help_is_the_catalogues_in_the_systems_language(monkeypatch):
    words = catalogue.area("cli")
    for language in ("en", "pt-BR"):
        monkeypatch.setenv("LANG", "pt_BR.UTF-8" if language == "pt-BR" else "en_US.UTF-8")
        for name in COMMANDS:
            shown = " ".join(CliRunner().invoke(cli.main, [name, "--help"]).output.split())
            first = words[f"cli.help.{name}"](language).split("\n")[0]
            assert " ".join(first.split()) in shown, (language, name)
        shown = " ".join(CliRunner().invoke(cli.main, ["cards", "--help"]).output.split())
        assert words["cli.help.cards_account"](language) in shown
        listed = CliRunner().invoke(cli.main, ["--help"]).output
        assert words["cli.help.main"](language).split("\n")[0] in listed


def test_the_handout_refuses_a_wrong_out_before_reading_the_data(tmp_path):
    """--out is checked first: the data does not even exist here."""
    result = CliRunner().invoke(
        cli.main, ["handout", str(tmp_path / "nothing.xlsx"), "--out", str(tmp_path / "h.pdf")]
    )
    assert result.exit_code == 2 and "must end in .html" in result.output


def test_kamkit_help_imports_no_library_module():
    """`kamkit --help` and `import kamkit.cli` load no pandas and no kamkit module beyond the
    words (commands import their library modules when they run)."""
    code = (
        "import sys, kamkit.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith(('kamkit', 'pandas', 'numpy'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(ast.literal_eval(done.stdout.strip()))
    assert loaded <= {
        "kamkit",
        "kamkit._version",
        "kamkit.cli",
        "kamkit.core",
        "kamkit.core.errors",
        "kamkit.core.schema",
        "kamkit.presentation",
        "kamkit.presentation.catalogue",
        "kamkit.presentation.terminal",
    }, loaded
    done = subprocess.run(
        [sys.executable, "-m", "kamkit", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0 and "handout" in done.stdout and "run" in done.stdout


def test_the_run_commands_default_cell_timeout_is_the_libraries():
    from kamkit.outputs.reports import CELL_TIMEOUT

    assert cli.CELL_TIMEOUT == CELL_TIMEOUT
    option = next(p for p in cli.main.commands["run"].params if p.name == "cell_timeout")
    assert option.default == CELL_TIMEOUT


# -- 2. the CLI's words are the catalogue's --------------------------------------------------


def _cli_keys_used() -> tuple[set[str], set[str]]:
    """Keys the CLI names literally, and the prefixes of those it builds (f"cli.x.{key}")."""
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    literal, prefixes = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_word":
            argument = node.args[0]
            if isinstance(argument, ast.JoinedStr):
                prefixes.add(argument.values[0].value)
        value = node.value if isinstance(node, ast.Constant) else None
        if isinstance(value, str) and value.startswith("cli.") and not value.endswith("."):
            literal.add(node.value)  # _word("cli.x") and the help's words="cli.help.x"
    return literal, prefixes


def test_every_word_the_cli_says_is_in_the_catalogue_and_every_cli_word_is_said():
    words = catalogue.area("cli")
    literal, prefixes = _cli_keys_used()
    assert literal and prefixes
    assert literal <= set(words), literal - set(words)
    assert all(key.startswith("cli.") for key in words)
    unused = {k for k in words if k not in literal and not k.startswith(tuple(prefixes))}
    assert unused == set()
    for prefix in prefixes:  # the keys built by the CLI exist
        assert any(k.startswith(prefix) for k in words), prefix
    for key, text in words.items():
        assert text.en.strip() and text.pt.strip(), key
        assert set(re.findall(r"{(\w*)}", text.en)) == set(re.findall(r"{(\w*)}", text.pt)), key
    for kind in ("permission", "folder", "below_file", "full", "read_only", "other"):
        assert f"cli.cannot_write.{kind}" in words
    for kind in ("permission", "missing", "other"):
        assert f"cli.cannot_read.{kind}" in words


def test_the_cli_module_holds_no_table_of_words():
    """No Text(...) of user-facing words is built in kamkit/cli.py: they are all in cli.toml."""
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    built = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Text"
    ]
    assert built == []


# -- 3. the segment summary: the analysis computes, the CLI formats ---------------------------


def _table() -> pd.DataFrame:
    stages = pd.CategoricalDtype(["untouched", "approached", "occasional", "regular", "lapsed"])
    quadrants = pd.CategoricalDtype(["key", "conquer", "maintain", "monitor"])
    return pd.DataFrame(
        {
            "account_id": ["A", "B", "C", "D", "E"],
            "stage": pd.Series(
                ["regular", "regular", "untouched", "lapsed", "regular"], dtype=stages
            ),
            "quadrant": pd.Series(["key", "monitor", "monitor", "conquer", "key"], dtype=quadrants),
            "priority": pd.array([None, 1, 2, None, None], dtype="Int64"),
        }
    )


def test_segment_summary_of_a_table_made_by_hand():
    summary = segment_summary(_table())
    assert summary == SegmentSummary(
        accounts=5,
        stages={"untouched": 1, "approached": 0, "occasional": 0, "regular": 3, "lapsed": 1},
        quadrants={"key": 2, "conquer": 1, "maintain": 0, "monitor": 2},
        pursuit=2,
    )
    assert all(type(v) is int for v in [*summary.stages.values(), summary.pursuit])


def test_segment_summary_of_the_sample_market_agrees_with_counting_by_hand():
    market = kamkit.load_sample()
    table = kamkit.segment(market)
    summary = segment_summary(market)
    rows = table.to_dict("records")
    assert summary.accounts == len(rows)
    stages, quadrants = Counter(r["stage"] for r in rows), Counter(r["quadrant"] for r in rows)
    assert {k: v for k, v in summary.stages.items() if v} == dict(stages)
    assert {k: v for k, v in summary.quadrants.items() if v} == dict(quadrants)
    assert list(summary.stages) == list(table["stage"].cat.categories)
    assert summary.pursuit == sum(1 for r in rows if not pd.isna(r["priority"]))
    # a territory: the summary of the territory's table
    territory = sorted(market.territories)[0]
    mine = [r for r in rows if r["territory"] == territory]
    summary = segment_summary(market, territory=territory)
    assert summary.accounts == len(mine)
    assert summary.pursuit == sum(1 for r in mine if not pd.isna(r["priority"]))


def test_segment_summary_refuses_what_is_not_a_market_or_a_segment_table():
    with pytest.raises(KamkitError, match="needs a market"):
        segment_summary([1, 2, 3])
    with pytest.raises(KamkitError, match="has no column stage"):
        segment_summary(pd.DataFrame({"account_id": ["A"]}))
    with pytest.raises(KamkitError, match="territory"):
        segment_summary(kamkit.load_sample(), territory="Atlantis")


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_the_segment_command_prints_the_summarys_numbers(tmp_path, language):
    from kamkit.files.writing import write_market
    from kamkit.presentation.i18n import format_count, label

    data = tmp_path / "market.xlsx"
    write_market(kamkit.load_sample(), data)
    result = CliRunner().invoke(cli.main, ["segment", str(data), "--lang", language])
    assert result.exit_code == 0, result.output
    market = kamkit.load(data)
    summary = segment_summary(kamkit.segment(market))
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{market.source}: {format_count(summary.accounts, language)} ")
    stage = next(line for line in lines if line.startswith(("Stage:", "Estágio:")))
    quadrant = next(line for line in lines if line.startswith(("Quadrant:", "Quadrante:")))
    for code, n in summary.stages.items():
        name = code if language == "en" else label(code, language)
        assert f"{name} {format_count(n, language)}" in stage
    for code, n in summary.quadrants.items():
        name = code if language == "en" else label(code, language)
        assert f"{name} {format_count(n, language)}" in quadrant
    pursuit = "Pursuit list" if language == "en" else "Lista de conquista"
    assert f"{pursuit}: {format_count(summary.pursuit, language)} " in result.output
    if language == "pt-BR":  # no English word of the catalogue's cli entries
        for english in ("Stage:", "Quadrant:", "Pursuit list", "accounts as of"):
            assert english not in result.output
