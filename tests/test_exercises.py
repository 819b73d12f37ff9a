"""The exercises check themselves: every question is found, its solution passes, its plausible
wrong answers fail with a helpful message, and every notebook runs with the placeholders left
in and with the answer key filled in."""

from __future__ import annotations

import inspect
import multiprocessing
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.exercises import (
    ____,
    ExerciseFailure,
    ExerciseSet,
    Feedback,
    Mistake,
    Question,
    ThinkingQuestion,
    Wrong,
    compare,
    exercise_sets,
)
from kamkit.exercises.answers import answer_key
from kamkit.exercises.notebook import (
    DEFAULT_TERRITORY,
    build_notebook,
    fill_solutions,
    notebook_name,
    write_notebooks,
)

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
SETS = exercise_sets()
QUESTIONS = [(s, q) for s in SETS for q in s.questions]
CODE = [(s, q) for s, q in QUESTIONS if q.variables]


def _id(item) -> str:
    s, q = item
    return f"{s.module.rsplit('.', 1)[-1]}.{q.name}"


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


@pytest.fixture(scope="module", autouse=True)
def _sets_on_sample(sample):
    """Every set checks on the sample market, territory Sul, as the notebooks do."""
    for s in SETS:
        s.use(sample, territory=DEFAULT_TERRITORY)
    yield
    for s in SETS:
        s.use(None)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Questions that write files write them into a temporary folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KAMKIT_EXERCISES_STRICT", raising=False)


# --------------------------------------------------------------------------------------------
# the sets and their questions


def test_every_set_is_found_with_three_to_six_questions():
    assert [s.number for s in SETS] == list(range(1, 9))
    for s in SETS:
        assert 3 <= len(s.questions) <= 6, s
        assert s.lesson.startswith(f"{s.number:02d}_"), s.lesson
        assert s.title and s.intro
        module = sys.modules[s.module]
        assert [type(q) for q in s.questions] == module.QUESTIONS
        assert set(module.__all__) == {"____", "setup", "progress",
                                       *(q.name for q in s.questions)}
    kinds = [{q.kind for q in s.questions} for s in SETS]
    assert all(k == {"code", "thinking"} for k in kinds), "each set mixes code and thinking"


def test_exercise_notebooks_are_named_after_the_lessons():
    lessons = {p.stem[:2]: p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    for s in SETS:
        number = f"{s.number:02d}"
        if number in lessons:  # a lesson the course already has
            assert s.lesson == lessons[number], (
                f"{s.module}: lesson={s.lesson!r} but the course notebook is {lessons[number]!r}")


@pytest.mark.parametrize("item", QUESTIONS, ids=_id)
def test_every_question_is_complete(item):
    s, q = item
    assert q.title and q._prompt.strip() and q.hints, q
    assert all(isinstance(m, Mistake) for m in q._mistakes)
    if isinstance(q, ThinkingQuestion):
        assert q._discussion.strip(), "a thinking question needs a discussion answer"
        if q._choices:
            assert q.variables and q._solution
    else:
        assert q.variables and q._solution, "a code question needs a variable and a solution"
        for var in q.variables:
            assert var in q.starter and "____" in q.starter
            assert re.search(rf"^{var}\s*=", q._solution, re.M), f"the solution sets {var}"


@pytest.mark.parametrize("item", CODE, ids=_id)
def test_reference_solution_is_correct(item):
    s, q = item
    values = q.run(q._solution)
    feedback = q.outcome(**dict(zip(q.variables, values)))
    assert feedback.kind == "correct", feedback


@pytest.mark.parametrize("item", CODE, ids=_id)
def test_plausible_wrong_answers_fail_with_a_helpful_message(item):
    s, q = item
    assert q._mistakes, f"{_id(item)} needs at least one plausible wrong answer"
    for mistake in q._mistakes:
        values = q.run(mistake.code)
        feedback = q.outcome(**dict(zip(q.variables, values)))
        assert feedback.kind == "incorrect", (mistake.code, feedback)
        assert any(f"`{v}`" in feedback.text for v in q.variables), feedback.text
        if not q._writes_files:
            assert feedback.text.endswith(mistake.says), feedback.text
        # the message never shows the expected value itself
        expected = q.expected() if not q._writes_files else None
        if isinstance(expected, float) and 0 < abs(expected) < 1:
            assert f"{expected:.4g}" not in feedback.text


@pytest.mark.parametrize("item", CODE, ids=_id)
def test_placeholder_and_missing_variables_are_not_attempted(item):
    s, q = item
    var = q.variables[0]
    left = q.outcome(**{v: ____ for v in q.variables})
    assert left.kind == "not_attempted" and f"`{var}`" in left.text and "____" in left.text
    unset = q.outcome({})
    assert unset.kind == "not_attempted" and f"`{var}`" in unset.text


def test_thinking_question_without_variable_is_to_discuss(capsys):
    q = next(q for _, q in QUESTIONS if isinstance(q, ThinkingQuestion) and not q.variables)
    assert q.outcome({}).kind == "discussion"
    q.check()
    q.solution()
    out = capsys.readouterr().out
    assert "Think about it" in out and "Discussion answer" in out
    assert q._discussion.strip().splitlines()[0] in out


def test_expected_answers_follow_the_market_given_to_setup(review_market, sample):
    from kamkit.exercises import ex01, ex03

    with ex01.EXERCISES.using(review_market, territory="Norte"):
        assert ex01.q1.expected() == 4                                   # A3, A4, A7, A8
    with ex01.EXERCISES.using(review_market) as first:
        assert first == "Leste" and ex01.q1.expected() == 1              # A9
    assert ex01.q1.expected() == (sample.accounts["territory"] == "Sul").sum()
    with ex03.EXERCISES.using(review_market, territory="Sul") as territory:
        assert territory == "Sul"
        counts = ex03.q1.expected()
        assert counts.sum() == 4 and counts["regular"] == 2          # A1, A5 of A1, A2, A5, A6
        seg = kk.segment(review_market, territory="Sul")
        assert ex03.q1.outcome(stage_counts=seg["stage"].value_counts()).kind == "correct"


@pytest.mark.parametrize("item", CODE, ids=_id)
def test_reference_solution_is_correct_on_a_small_hand_made_market(item, review_market):
    s, q = item
    if q.name == "q3" and s.number == 7:
        pytest.skip("visit cards of the first five: the small market has fewer to pursue")
    with s.using(review_market, territory="Sul"):
        values = q.run(q._solution)
        feedback = q.outcome(**dict(zip(q.variables, values)))
    assert feedback.kind == "correct", feedback


def test_setup_shows_where_the_checks_run_and_rejects_an_unknown_territory(sample, capsys):
    s = ExerciseSet([], number=9)
    assert s.setup(sample, territory="Sul") == "Sul"
    assert "Ready: 3,000 accounts, territory 'Sul'" in capsys.readouterr().out
    with pytest.raises(kk.KamkitError, match="Did you mean 'Sul'"):
        s.setup(sample, territory="Sull")
    assert s.setup(sample) == sample.territories[0]


def test_importing_the_sets_computes_and_loads_nothing():
    code = (
        "import sys\n"
        "from kamkit.exercises import exercise_sets\n"
        "import kamkit.sample as sample\n"
        "sets = exercise_sets()\n"
        "assert sample._cached_sample.cache_info().currsize == 0\n"
        "assert all(q._cache == {} for s in sets for q in s.questions)\n"
        "heavy = ('nbformat', 'matplotlib', 'IPython', 'papermill')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --------------------------------------------------------------------------------------------
# the learner's calls: check, hint, solution, progress; strict mode


def _learner(q: Question, **values) -> dict:
    """A notebook namespace holding the question and the learner's variables."""
    return {"q": q, **values}


def test_check_reads_the_callers_variables_and_prints_outside_jupyter(capsys):
    from kamkit.exercises import ex02

    ns = _learner(ex02.q1, top10_share=____)
    exec("q.check()", ns)
    out = capsys.readouterr().out
    assert "q1 · Not attempted: `top10_share` still holds the placeholder" in out
    ns["top10_share"] = kk.top_share(ex02.q1.market, 0.1, territory="Sul")
    exec("q.check()", ns)
    assert capsys.readouterr().out.startswith("q1 · Correct")
    ns["top10_share"] = 0.5
    exec("q.check()", ns)
    assert "q1 · Incorrect: `top10_share` is 0.5, which is not the expected value (it is too " \
           "high)." in capsys.readouterr().out
    ns["top10_share"] = kk.top_share(ex02.q1.market, 0.1)
    exec("q.check()", ns)
    assert capsys.readouterr().out.endswith("That is the whole market; pass "
                                            "`territory=territory`.\n")


def test_strict_mode_raises_for_incorrect_and_not_attempted(monkeypatch, capsys):
    from kamkit.exercises import ex02

    monkeypatch.setenv("KAMKIT_EXERCISES_STRICT", "1")
    with pytest.raises(ExerciseFailure, match="Not attempted"):
        exec("q.check()", _learner(ex02.q1, top10_share=____))
    share = kk.top_share(ex02.q1.market, 0.1, territory="Sul")
    with pytest.raises(ExerciseFailure, match="Write shares as fractions"):
        exec("q.check()", _learner(ex02.q1, top10_share=100 * share))
    exec("q.check()", _learner(ex02.q1, top10_share=share))
    exec("q.check()", _learner(ex02.q5))                 # a discussion never fails
    monkeypatch.setenv("KAMKIT_EXERCISES_STRICT", "0")
    exec("q.check()", _learner(ex02.q1, top10_share=____))


def test_hints_one_at_a_time_and_the_solution(capsys):
    from kamkit.exercises import ex03

    ex03.q1.hint()
    ex03.q1.hint(2)
    ex03.q1.hint(9)
    ex03.q1.solution()
    out = capsys.readouterr().out
    assert "q1 · Hint 1/2:" in out and "(`q1.hint(2)` for the next one)" in out
    assert out.count("q1 · Hint 2/2:") == 2
    assert "q1 · Solution" in out and "    stage_counts = kk.segment(" in out


def test_progress_lists_every_question(capsys, sample):
    from kamkit.exercises import ex01

    n = len(kk.segment(sample, territory="Sul"))
    exec("progress()", {"progress": ex01.progress, "n_accounts": n, "never_bought": 1})
    out = capsys.readouterr().out
    assert "1 of 3 checked questions correct" in out
    assert "- q1 (How many accounts does your territory have?): correct" in out
    assert "- q2 (Accounts that never bought): incorrect" in out
    assert "- q3 (The same words for everybody): not attempted" in out
    assert "- q4 (Is a loyalty programme KAM?): to discuss" in out


def test_feedback_is_coloured_html_in_jupyter_and_plain_text_elsewhere():
    fb = Feedback("incorrect", "`x` is <b>wrong</b>, **really**", "q2", code="x = 1 < 2")
    html = fb._repr_html_()
    assert "#cf222e" in html and "<code>x</code>" in html and "&lt;b&gt;" in html
    assert "<strong>really</strong>" in html and "x = 1 &lt; 2" in html
    assert str(fb) == "q2 · Incorrect: `x` is <b>wrong</b>, **really**\n\n    x = 1 < 2"
    assert "#1a7f37" in Feedback("correct", "")._repr_html_()
    listed = Feedback("info", "Two:\n\n- a `b`\n- c\n  d")._repr_html_()
    assert "<li>a <code>b</code></li><li>c d</li>" in listed


# --------------------------------------------------------------------------------------------
# comparisons: what matters, within a tolerance, whatever the order or dtypes


def _wrong(actual, expected, **kw) -> str:
    with pytest.raises(Wrong) as info:
        compare(actual, expected, name=kw.pop("name", "x"), **kw)
    return str(info.value)


def _frame(n=10):
    return pd.DataFrame({
        "account_id": [f"C-{i:04d}" for i in range(n)],
        "stage": pd.Categorical(["regular", "lapsed"] * (n // 2), categories=kk.STAGES),
        "revenue": np.arange(n, dtype="float64") * 1000.5,
        "rank": np.arange(1, n + 1, dtype="int64"),
    })


def test_frames_compare_rows_and_chosen_columns_not_order_index_or_dtypes():
    expected = _frame()
    learner = expected.sample(frac=1, random_state=1)          # shuffled rows
    learner = learner.assign(stage=learner["stage"].astype(str),          # text, not categorical
                             rank=learner["rank"].astype("float64"),      # float, not int
                             revenue=learner["revenue"] * (1 + 1e-9),     # rounding noise
                             extra="ignored")
    compare(learner, expected, name="t", columns=("stage", "revenue", "rank"))
    compare(learner.set_index("account_id"), expected, name="t", columns=("revenue",))
    msg = _wrong(learner.assign(revenue=learner["revenue"] * 1.01), expected,
                 name="t", columns=("revenue",))
    assert msg.startswith("`t` has the wrong 'revenue' for 9 accounts")      # C-0000 is 0
    assert "not in the right order" in _wrong(learner, expected, name="t", ordered=True)


def test_frame_messages_say_what_is_wrong():
    expected = _frame()
    assert _wrong(expected.head(8), expected, name="top_accounts").startswith(
        "`top_accounts` should have 10 rows, but has 8. It is missing 2 accounts that belong "
        "in it, e.g. C-0008, C-0009.")
    doubled = pd.concat([expected, expected.iloc[[3, 3]]])
    assert _wrong(doubled, expected, name="pursuit") == (
        "`pursuit` should have one row per account, but has 3 rows for account C-0003.")
    assert "should have a column 'account_id'" in _wrong(expected[["revenue"]], expected)
    assert "should be a table (a DataFrame), but it is a Series" in _wrong(
        expected["account_id"], expected)
    swapped = expected.assign(account_id=expected["account_id"].replace("C-0001", "X-1"))
    assert "It has 1 account that do not belong in it, e.g. X-1." in _wrong(swapped, expected)


def test_series_compare_labels_and_values_whatever_the_order():
    expected = pd.Series([3, 0, 5], index=pd.CategoricalIndex(["a", "b", "c"]))
    compare({"c": 5.0, "a": 3, "b": 0}, expected, name="s")
    compare(pd.Series({"a": 3, "c": 5}), expected, name="s", fill_value=0)
    assert _wrong(pd.Series({"a": 3, "c": 5}), expected, name="s", noun="stage") == (
        "`s` has no entry for 'b'; it should have one per stage (3 in all).")
    assert "for 'c' it is 6 (too high)" in _wrong({"a": 3, "b": 0, "c": 6}, expected, name="s")
    assert "has entries that should not be in it: 'z'" in _wrong(
        {"a": 3, "b": 0, "c": 5, "z": 1}, expected, name="s")
    periods = pd.Series([0.5], index=pd.PeriodIndex(["2026Q3"], freq="Q"))
    compare(pd.Series({"2026Q3": 0.5}), periods, name="s")


def test_numbers_text_and_lists():
    compare(np.int64(7), 7.0, name="n")
    compare(0.1 + 0.2, 0.3, name="n")
    assert _wrong(0.31, 0.3, name="n") == (
        "`n` is 0.31, which is not the expected value (it is too high).")
    assert "take it out with .iloc[0]" in _wrong(pd.Series([7]), 7, name="n")
    assert "should be a single number, but it is the text '7'" in _wrong("7", 7, name="n")
    assert "forget the brackets" in _wrong(len, 7, name="n")
    compare("  Sul ", "sul", name="t")
    assert "should be a text, but it is the number 3" in _wrong(3, "Sul", name="t")
    compare(["b", "a"], ["a", "b"], name="l")
    assert "not in the right order: item 1" in _wrong(["b", "a"], ["a", "b"], name="l",
                                                      ordered=True)
    assert _wrong(["a"], ["a", "b"], name="l", noun="account") == (
        "`l` should have 2 accounts, but has 1.")
    compare(pd.Timestamp("2026-09-30 10:00"), pd.Timestamp("2026-09-30"), name="d")


# --------------------------------------------------------------------------------------------
# the authoring guide, the answer key, the notebooks


def test_guide_example_is_the_code_of_a_real_question():
    guide = (EXERCISES / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"<!-- example: ([\w.]+) -->\n```python\n(.*?)```", guide, re.S)
    assert found, "the guide's example block is marked <!-- example: module.Class -->"
    for dotted, block in found:
        module, name = dotted.rsplit(".", 1)
        cls = getattr(sys.modules.get(module) or __import__(module, fromlist=[name]), name)
        assert block == inspect.getsource(cls), (
            f"exercises/README.md's example differs from {dotted}: paste its source in.")
        assert cls in sys.modules[module].QUESTIONS


def test_guide_settings_exist():
    guide = (EXERCISES / "README.md").read_text(encoding="utf-8")
    table = guide[guide.index("### The settings"):guide.index("### What")]
    names = set(re.findall(r"`(_\w+)`", table))
    assert len(names) > 15
    for name in names:
        assert hasattr(ThinkingQuestion, name), name


def test_answer_key_covers_every_question():
    key = answer_key(values=False)
    for s in SETS:
        part = key[key.index(f"## Lesson {s.number} · {s.title}"):]
        for q in s.questions:
            head = f"### {q.name} · {q.title}"
            assert head in part, head
            section = part[part.index(head):]
            if q._solution:
                assert f"```python\n{q._solution.rstrip()}\n```" in section
            if q._discussion:
                assert q._discussion.strip() in section
            for m in q._mistakes:
                assert m.says in section


def test_committed_answer_key_is_current():
    committed = (EXERCISES / "answer_key.md").read_text(encoding="utf-8")
    assert committed.count("**On this market:**") == sum(
        bool(q.variables) for _, q in QUESTIONS) - 2                     # two open files
    assert committed == answer_key(), (
        "exercises/answer_key.md is out of date: run "
        "`python -m kamkit.exercises answers --out exercises/answer_key.md`.")


def test_committed_notebooks_are_generated_from_the_sets(tmp_path):
    written = write_notebooks(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in EXERCISES.glob("*.ipynb"))
    for path in written:
        committed = EXERCISES / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed} is out of date: run `python -m kamkit.exercises notebooks`.")


@pytest.mark.parametrize("s", SETS, ids=lambda s: s.lesson)
def test_notebook_layout(s):
    nb = build_notebook(s)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata["tags"] == ["parameters"]
    assert "DATA = None" in code[0].source and f'TERRITORY = "{DEFAULT_TERRITORY}"' in (
        code[0].source)
    assert f"from {s.module} import *" in code[1].source
    assert all(not c.get("outputs") for c in code)
    for q in s.questions:
        sources = [c.source for c in code]
        assert f"# {q.name}.hint()\n# {q.name}.solution()" in sources
        assert (f"{q.name}.check()" in sources) == bool(q.variables)
        if q.variables:
            assert q.starter in sources
    assert notebook_name(s) == f"{s.lesson}.ipynb"


def test_filled_copy_has_every_solution_and_no_placeholder(tmp_path):
    for s in SETS:
        nb = fill_solutions(EXERCISES / notebook_name(s))
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "____" not in text.replace("import *", "")
        assert "# q" not in text
        for q in s.questions:
            assert q._solution in text if q.variables else True
    with pytest.raises(kk.KamkitError, match="not a kamkit exercise notebook"):
        fill_solutions(ROOT / "notebooks" / "08_territory_review.ipynb")


def test_command_line(tmp_path):
    from click.testing import CliRunner

    from kamkit.exercises.__main__ import main

    runner = CliRunner()
    result = runner.invoke(main, ["answers", "--no-values", "--out", str(tmp_path / "key.md")])
    assert result.exit_code == 0, result.output
    assert "### q1 · How many accounts does your territory have?" in (
        tmp_path / "key.md").read_text()
    result = runner.invoke(main, ["notebooks", "--dir", str(tmp_path / "nb")])
    assert result.exit_code == 0 and len(list((tmp_path / "nb").glob("*.ipynb"))) == len(SETS)
    source = tmp_path / "nb" / notebook_name(SETS[0])
    result = runner.invoke(main, ["fill", str(source)])
    assert result.exit_code == 0 and (tmp_path / "nb" / f"{source.stem}_solved.ipynb").exists()
    result = runner.invoke(main, ["fill", str(source), "--out", str(source)])
    assert result.exit_code != 0 and "never overwritten" in result.output
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0 and "kamkit.exercises.ex08" in result.output
    result = runner.invoke(main, ["answers", "--data", str(tmp_path), "--no-values"])
    assert result.exit_code != 0 and "Error:" in result.output


# --------------------------------------------------------------------------------------------
# every notebook, executed by papermill: as committed, and with the answer key filled in

def _execute(job):
    """Run one notebook with papermill (in a worker process); returns (key, seconds, error).

    A worker runs one notebook at a time, so the strict-mode variable set here is the one the
    notebook's kernel starts with."""
    key, source, output, cwd, strict = job
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["KAMKIT_EXERCISES_STRICT"] = "1" if strict else "0"
    import papermill

    start = time.perf_counter()
    try:
        papermill.execute_notebook(str(source), str(output), kernel_name="python3", cwd=str(cwd),
                                   progress_bar=False, log_output=False, execution_timeout=300)
        error = None
    except Exception as exc:  # reported by the test of that notebook
        error = f"{type(exc).__name__}: {exc}"
    return key, time.perf_counter() - start, error


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run every notebook twice in two worker processes: as committed (placeholders left in),
    and a copy with the answer key filled in, in strict mode (a check not correct raises)."""
    import nbformat

    base = tmp_path_factory.mktemp("exercise_runs")
    jobs = []
    for s in SETS:
        source = EXERCISES / notebook_name(s)
        for mode in ("placeholders", "solutions"):
            cwd = base / mode / s.lesson                  # files the exercises write go here
            cwd.mkdir(parents=True)
            run = source
            if mode == "solutions":
                run = cwd.parent / f"{s.lesson}_solved.ipynb"
                fill_solutions(source, run)
            jobs.append(((s.lesson, mode), run, cwd.parent / f"{s.lesson}_run.ipynb", cwd,
                         mode == "solutions"))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        done = {key: (seconds, error) for key, seconds, error in pool.map(_execute, jobs)}
    results = {}
    for key, _, output, cwd, _ in jobs:
        seconds, error = done[key]
        nb = nbformat.read(str(output), as_version=4) if output.exists() else None
        results[key] = (error, nb, cwd, seconds)
    return results


def _outputs(nb, role: str) -> dict[str, list[str]]:
    """Plain-text outputs of the cells with ``role``, by question."""
    found = {}
    for cell in nb.cells:
        info = cell.metadata.get("kamkit_exercises", {})
        if info.get("role") == role:
            texts = [o.get("data", {}).get("text/plain") or o.get("text", "")
                     for o in cell.get("outputs", [])]
            found[info.get("question", role)] = texts
    return found


@pytest.mark.parametrize("s", SETS, ids=lambda s: s.lesson)
def test_notebook_runs_with_the_placeholders_left_in(s, executed):
    error, nb, _, seconds = executed[(s.lesson, "placeholders")]
    assert error is None, error
    assert seconds < 60, f"{s.lesson} took {seconds:.0f} s"
    checks = _outputs(nb, "check")
    assert set(checks) == {q.name for q in s.questions if q.variables}
    for name, texts in checks.items():
        assert len(texts) == 1 and texts[0].startswith(f"{name} · Not attempted"), texts
    assert all(not texts for texts in _outputs(nb, "help").values())
    progress = _outputs(nb, "progress")["progress"][0]
    assert f"0 of {len(checks)} checked questions correct" in progress
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("s", SETS, ids=lambda s: s.lesson)
def test_notebook_runs_with_the_answer_key_filled_in(s, executed):
    error, nb, cwd, seconds = executed[(s.lesson, "solutions")]
    assert error is None, error                           # strict: a check not correct raises
    assert seconds < 60, f"{s.lesson} took {seconds:.0f} s"
    checks = _outputs(nb, "check")
    assert set(checks) == {q.name for q in s.questions if q.variables}
    for name, texts in checks.items():
        assert len(texts) == 1 and texts[0].startswith(f"{name} · Correct"), texts
    for name, texts in _outputs(nb, "help").items():
        assert any(" · Hint" in t for t in texts) and any(" · Solution" in t or
                                                          "Discussion answer" in t for t in texts)
    progress = _outputs(nb, "progress")["progress"][0]
    assert f"{len(checks)} of {len(checks)} checked questions correct" in progress
    html = [o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", [])
            if "text/html" in o.get("data", {})]
    assert html and all("border-left:4px solid" in h for h in html)
    if s.number == 7:
        assert (cwd / "modelo_kam.xlsx").is_file() and (cwd / "cards").is_dir()
