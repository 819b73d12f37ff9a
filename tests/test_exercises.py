"""The exercises check themselves: every question is found, its solution passes, its plausible
wrong answers fail with a helpful message, and every notebook runs with the placeholders left
in and with the answer key filled in."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.exercises import (
    ChoiceQuestion,
    ClassifyQuestion,
    ExerciseFailure,
    ExerciseSet,
    Feedback,
    Mistake,
    NumberQuestion,
    OrderQuestion,
    Question,
    ThinkingQuestion,
    Wrong,
    ____,
    compare,
    exercise_sets,
)
from kamkit.exercises.answers import answer_key
from kamkit.exercises.notebook import (
    DEFAULT_TERRITORY,
    PT_FOLDER,
    build_notebook,
    fill_solutions,
    notebook_name,
    write_notebooks,
)

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
EXERCISES_PT = EXERCISES / PT_FOLDER
SETS = exercise_sets()
QUESTIONS = [(s, q) for s in SETS for q in s.questions]
CODE = [(s, q) for s, q in QUESTIONS if q.variables]
LANGUAGES = ("en", "pt-BR")


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
    assert [s.number for s in SETS] == [*range(1, 11)]
    for s in SETS:
        assert 3 <= len(s.questions) <= 10, s
        assert s.lesson.startswith(f"{s.number:02d}_"), s.lesson
        assert s.title and s.intro
        module = sys.modules[s.module]
        assert [type(q) for q in s.questions] == module.QUESTIONS
        assert set(module.__all__) == {"____", "setup", "progress", *(q.name for q in s.questions)}
    kinds = [{q.kind for q in s.questions} for s in SETS]
    assert all({"code", "thinking"} <= k for k in kinds), "each set mixes code and thinking"
    assert all(q.track in ("salesperson", "analyst") for _, q in QUESTIONS)
    assert all(q.track == "analyst" for _, q in QUESTIONS if q.kind == "code")
    assert all(q.track == "salesperson" for _, q in QUESTIONS if q.kind != "code")


@pytest.mark.parametrize("s", SETS, ids=lambda s: s.lesson)
def test_every_set_has_three_checked_questions_without_code(s):
    """The salesperson's track: at least three questions a salesperson answers without code,
    each checked (a variable, a computed right answer, a mistake that is caught)."""
    checked = [q for q in s.questions if q.track == "salesperson" and q.variables]
    assert len(checked) >= 3, (
        f"{s.lesson} has {len(checked)} checked salesperson questions "
        f"({', '.join(q.name for q in checked) or 'none'}); it needs 3."
    )
    for q in checked:
        assert "kk." not in q.starter and q._mistakes


@pytest.mark.parametrize("s", SETS, ids=lambda s: s.lesson)
def test_every_text_a_learner_reads_is_written_in_portuguese(s):
    missing = s.missing_portuguese()
    assert not missing, (
        f"{s.module} lacks Portuguese texts; write, beside each English one:\n"
        + "\n".join(f"  {where}: {', '.join(settings)}" for where, settings in missing.items())
    )


def test_missing_portuguese_is_listed_per_question_and_english_still_builds(capsys):
    class Half(Question):
        _title = "A question"
        _title_pt = "Uma questão"
        _var = "x"
        _prompt = "Set `x` to 1."
        _hints = ("One.", "Two.")
        _hint_pt = "Um."
        _solution = "x = 1  # one"
        _mistakes = (
            Mistake("x = 2", "Two is not one.", "Dois não é um."),
            Mistake("x = 3", "Three is not one."),
        )

    s = ExerciseSet(
        [Half], number=9, title="Nine", lesson="09_nine", module=__name__, intro="An intro."
    )
    assert s.missing_portuguese() == {
        "set": ["title_pt", "intro_pt"],
        "q1 Half (A question)": [
            "_prompt_pt",
            "_hints_pt (2 hints, 1 in Portuguese)",
            "_solution_pt (its comments)",
            "_mistakes[2].says_pt",
        ],
    }
    english = build_notebook(s)
    assert "## 1. A question *(analyst · code)*\n\nSet `x` to 1." in english.cells[3].source
    pt = build_notebook(s, "pt-BR")
    assert pt.cells[3].source.startswith("## 1. Uma questão *(analista · código)*\n\nSet `x`")
    s.use(None, language="pt-BR")
    assert s.questions[0].hints == ("One.", "Two.")  # incomplete: the English ones
    assert s.questions[0].outcome(x=3).text.endswith("Three is not one.")
    assert s.questions[0].outcome(x=2).text == (
        "`x` é 2, que não é o valor esperado (está alto demais). Dois não é um."
    )


def test_exercise_notebooks_are_named_after_the_lessons():
    lessons = {p.stem[:2]: p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    for s in SETS:
        number = f"{s.number:02d}"
        if number in lessons:  # a lesson the course already has
            assert s.lesson == lessons[number], (
                f"{s.module}: lesson={s.lesson!r} but the course notebook is {lessons[number]!r}"
            )


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
        assert ex01.q1.expected() == 4  # A3, A4, A7, A8
    with ex01.EXERCISES.using(review_market) as first:
        assert first == "Leste" and ex01.q1.expected() == 1  # A9
    assert ex01.q1.expected() == (sample.accounts["territory"] == "Sul").sum()
    with ex03.EXERCISES.using(review_market, territory="Sul") as territory:
        assert territory == "Sul"
        counts = ex03.q1.expected()
        assert counts.sum() == 4 and counts["regular"] == 2  # A1, A5 of A1, A2, A5, A6
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
        "import kamkit.files.sample as sample\n"
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
    assert (
        "q1 · Incorrect: `top10_share` is 0.5, which is not the expected value (it is too "
        "high)." in capsys.readouterr().out
    )
    ns["top10_share"] = kk.top_share(ex02.q1.market, 0.1)
    exec("q.check()", ns)
    assert capsys.readouterr().out.endswith(
        "That is the whole market; pass `territory=territory`.\n"
    )


def test_strict_mode_raises_for_incorrect_and_not_attempted(monkeypatch, capsys):
    from kamkit.exercises import ex02

    monkeypatch.setenv("KAMKIT_EXERCISES_STRICT", "1")
    with pytest.raises(ExerciseFailure, match="Not attempted"):
        exec("q.check()", _learner(ex02.q1, top10_share=____))
    share = kk.top_share(ex02.q1.market, 0.1, territory="Sul")
    with pytest.raises(ExerciseFailure, match="Write shares as fractions"):
        exec("q.check()", _learner(ex02.q1, top10_share=100 * share))
    exec("q.check()", _learner(ex02.q1, top10_share=share))
    exec("q.check()", _learner(ex02.q5))  # a discussion never fails
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
    assert "1 of 6 checked questions correct" in out
    assert "- q1 (How many accounts does your territory have?): correct" in out
    assert "- q2 (Accounts that never bought): incorrect" in out
    assert "- q3 (The same words for everybody): not attempted" in out
    assert "- q4 (Is a loyalty programme KAM?): to discuss" in out
    with ex01.EXERCISES.using(sample, territory="Sul", language="pt-BR"):
        exec(
            "progress()",
            {"progress": ex01.progress, "n_accounts": n, "never_bought": 1, "not_prospected": ____},
        )
    out = capsys.readouterr().out
    assert out.startswith("Seu progresso: 1 de 6 questões conferidas estão corretas.")
    assert "- q1 (Quantas contas tem o seu território?): correto" in out
    assert "- q2 (Contas que nunca compraram): incorreto" in out
    assert "- q5 (Leia o seu território: as contas que ninguém visitou): não respondida" in out
    assert "- q4 (Programa de fidelidade é KAM?): para discutir" in out


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
# two languages: the machinery's words, the questions' texts


def test_feedback_hints_and_solutions_speak_portuguese(sample, capsys):
    from kamkit.exercises import ex02

    share = kk.top_share(sample, 0.1, territory="Sul")
    with ex02.EXERCISES.using(sample, territory="Sul", language="pt-BR"):
        q = ex02.q1
        assert q.outcome(top10_share=0.95).text == (
            "`top10_share` é 0,95, que não é o valor esperado (está alto demais)."
        )
        assert q.outcome(top10_share=100 * share).text.endswith(
            "Escreva participações como frações entre 0 e 1 (0.6 é 60%)."
        )
        fb = q.outcome(top10_share=share)
        assert str(fb) == "q1 · Correto: Compare com os 50% a 60% que o artigo afirma."
        assert str(q.outcome(top10_share=____)).startswith(
            "q1 · Não respondida: `top10_share` ainda tem o marcador ____"
        )
        assert "ainda não foi definida" in q.outcome({}).text
        q.hint()
        ex02.q5.check()
        ex02.q5.solution()
        out = capsys.readouterr().out
        assert "q1 · Dica: `kk.top_share(market, 0.1, territory=territory)` ordena" in out
        assert "q5 · Para pensar: Esta não tem uma única resposta certa" in out
        assert "q5 · Resposta para discussão: Justifica tratar as contas" in out
        assert "Solução" in str(Feedback("solution", "", language="pt-BR"))
        ex02.EXERCISES.setup(sample, territory="Sul", language="pt-BR")
        assert capsys.readouterr().out.startswith(
            "Exercícios, lição 2: Pronto: 3.000 contas, território 'Sul', posição de 30/09/2026."
        )
    assert ex02.q1.language == "en"  # using() gives the language back
    with ex02.EXERCISES.using(sample.with_parameters(language="pt-BR"), territory="Sul"):
        assert ex02.q1.language == "pt-BR"  # the market's language by default


def test_comparison_messages_in_portuguese():
    def pt(actual, expected, **kw):
        with pytest.raises(Wrong) as info:
            compare(actual, expected, name=kw.pop("name", "x"), **kw)
        return info.value.text("pt-BR")

    expected = _frame()
    assert pt(expected.head(8), expected, name="top_accounts") == (
        "`top_accounts` deveria ter 10 linhas, mas tem 8. Faltam 2 contas que deveriam estar "
        "nela, por exemplo C-0008, C-0009."
    )
    doubled = pd.concat([expected, expected.iloc[[3, 3]]])
    assert pt(doubled, expected, name="pursuit") == (
        "`pursuit` deveria ter uma linha por conta, mas tem 3 linhas para conta C-0003."
    )
    assert pt(1234.5, 1000, name="n") == (
        "`n` é 1.234,50, que não é o valor esperado (está alto demais)."
    )
    assert pt("7", 7, name="n") == (
        "`n` deveria ser um número só, mas é o texto '7'. Escreva o número sem aspas."
    )
    assert pt(
        pd.Series({"a": 3, "c": 5}), pd.Series({"a": 3, "b": 0, "c": 5}), name="s", noun="stage"
    ) == ("`s` não tem entrada para 'b'; deveria ter uma por estágio (3 ao todo).")
    assert pt(["b", "a"], ["a", "b"], name="l", ordered=True, noun="account") == (
        "`l` tem tudo o que deveria ter, mas não na ordem certa: o item 1 ('b') está fora do lugar."
    )
    assert pt(pd.Timestamp("2026-09-29"), pd.Timestamp("2026-09-30"), name="d") == (
        "`d` é 29/09/2026, que não é a data esperada."
    )


# --------------------------------------------------------------------------------------------
# the salesperson's track: the no-code kinds


def _no_code_set(sample):
    class Pick(ChoiceQuestion):
        _title, _title_pt = "Pick", "Escolha"
        _var = "pick"
        _prompt, _prompt_pt = "Which stage has the most accounts?", "Qual estágio tem mais?"
        _choices = ("not yet prospected", "regular buyer")
        _choices_pt = ("não prospectado", "comprador regular")
        _reasons = ("", "Regular buyers are fewer here.")
        _reasons_pt = ("", "Aqui os regulares são menos.")
        _hint, _hint_pt = "Count.", "Conte."
        _mistakes = (Mistake('pick = "b"', "Count again.", "Conte de novo."),)

        def _expected(self):
            counts = kk.segment(self.market)["stage"].value_counts()
            return "a" if counts["untouched"] >= counts["regular"] else "b"

    class Read(NumberQuestion):
        _title = "Read"
        _var = "share"
        _percent = True
        _hint = "Read it."
        _mistakes = (Mistake("share = 90", "Not that row."),)

        def _table(self):
            return pd.DataFrame({"share": [kk.format_share(0.5864, self.language)]})

        def _expected(self):
            return 0.5864

    class Sort(ClassifyQuestion):
        _title = "Sort"
        _var = "quads"
        _classes = ("key", "conquer", "maintain", "monitor")
        _hint = "Potential, then share."
        _mistakes = (Mistake('quads = ["key", "key", "monitor"]', "Share, not revenue."),)

        def _table(self):
            return pd.DataFrame({"row": [1, 2, 3], "account": ["X", "Y", "Z"]})

        def _expected(self):
            return ["key", "conquer", "monitor"]

    class Rank(OrderQuestion):
        _title = "Rank"
        _var = "order"
        _hint = "Biggest gap first."
        _mistakes = (Mistake('order = ["A", "B", "C"]', "That is the table's order."),)

        def _table(self):
            return pd.DataFrame({"letter": ["A", "B", "C"], "gap": [1, 3, 2]})

        def _expected(self):
            return ["B", "C", "A"]

    s = ExerciseSet([Pick, Read, Sort, Rank], number=9, module=__name__)
    s.use(sample)
    return s


def test_no_code_questions_are_checked_and_name_the_mistake(sample, capsys):
    s = _no_code_set(sample)
    pick, read, sort, rank = s.questions
    assert all(q.track == "salesperson" for q in s.questions)
    assert pick._solution == "pick = q1.answer()" and pick.run(pick._solution) == ("a",)
    # a choice: the letter, or the option's text in either language
    for answer in ("a", " A ", "not yet prospected", "Não prospectado"):
        assert pick.outcome(pick=answer).kind == "correct", answer
    wrong = pick.outcome(pick="b")
    assert wrong.kind == "incorrect" and wrong.text == (
        '`pick` is "b", which is not the best choice. Count again.'
    )
    assert 'should be one of the letters "a", "b"' in pick.outcome(pick="z").text
    assert '- `"a"`: not yet prospected' in pick.prompt_in()
    assert '- `"b"`: comprador regular' in pick.prompt_in("pt-BR")
    # a number read from a table: as a percentage as shown, or as a fraction; tolerance
    for answer in (58.6, 58.64, 0.586):
        assert read.outcome(share=answer).kind == "correct", answer
    assert read.outcome(share=61).text == (
        "`share` is 61, which is not the expected value (it is too high)."
    )
    assert read.outcome(share=90).text.endswith("Not that row.")
    # classify: codes or labels in either language, in the table's row order
    assert sort.outcome(quads=["Key", "conquistar", "monitor"]).kind == "correct"
    assert sort.outcome(quads=["key", "maintain", "monitor"]).text == (
        "`quads` puts 1 account in the wrong class, e.g. row 2."
    )
    assert sort.outcome(quads=["key", "key", "monitor"]).text.endswith("Share, not revenue.")
    assert "not one of the classes" in sort.outcome(quads=["key", "gold", "monitor"]).text
    assert sort.outcome(quads=["key", ____, "monitor"]).kind == "not_attempted"
    # order: the first position out of place, without the answer
    assert rank.outcome(order=["b", "c", "a"]).kind == "correct"
    assert rank.outcome(order=["B", "A", "C"]).text == (
        "`order` has the right accounts, but not in the right order: item 2 ('A') is out of place."
    )
    assert rank.outcome(order=["A", "B", "C"]).text.endswith("That is the table's order.")
    # solution() reveals the answer on the learner's market; show() the table
    pick.solution()
    rank.show()
    out = capsys.readouterr().out
    assert 'On your market the answer is "a" (not yet prospected).' in out and "gap" in out
    with s.using(sample, language="pt-BR"):
        assert pick.outcome(pick="b").text == (
            '`pick` é "b", que não é a melhor opção. Conte de novo.'
        )
        assert read.table().iloc[0, 0] == "58,6%"


# --------------------------------------------------------------------------------------------
# comparisons: what matters, within a tolerance, whatever the order or dtypes


def _wrong(actual, expected, **kw) -> str:
    with pytest.raises(Wrong) as info:
        compare(actual, expected, name=kw.pop("name", "x"), **kw)
    return str(info.value)


def _frame(n=10):
    return pd.DataFrame(
        {
            "account_id": [f"C-{i:04d}" for i in range(n)],
            "stage": pd.Categorical(["regular", "lapsed"] * (n // 2), categories=kk.STAGES),
            "revenue": np.arange(n, dtype="float64") * 1000.5,
            "rank": np.arange(1, n + 1, dtype="int64"),
        }
    )


def test_frames_compare_rows_and_chosen_columns_not_order_index_or_dtypes():
    expected = _frame()
    learner = expected.sample(frac=1, random_state=1)  # shuffled rows
    learner = learner.assign(
        stage=learner["stage"].astype(str),  # text, not categorical
        rank=learner["rank"].astype("float64"),  # float, not int
        revenue=learner["revenue"] * (1 + 1e-9),  # rounding noise
        extra="ignored",
    )
    compare(learner, expected, name="t", columns=("stage", "revenue", "rank"))
    compare(learner.set_index("account_id"), expected, name="t", columns=("revenue",))
    msg = _wrong(
        learner.assign(revenue=learner["revenue"] * 1.01), expected, name="t", columns=("revenue",)
    )
    assert msg.startswith("`t` has the wrong 'revenue' for 9 accounts")  # C-0000 is 0
    assert "not in the right order" in _wrong(learner, expected, name="t", ordered=True)


def test_frame_messages_say_what_is_wrong():
    expected = _frame()
    assert _wrong(expected.head(8), expected, name="top_accounts").startswith(
        "`top_accounts` should have 10 rows, but has 8. It is missing 2 accounts that belong "
        "in it, e.g. C-0008, C-0009."
    )
    doubled = pd.concat([expected, expected.iloc[[3, 3]]])
    assert _wrong(doubled, expected, name="pursuit") == (
        "`pursuit` should have one row per account, but has 3 rows for account C-0003."
    )
    assert "should have a column 'account_id'" in _wrong(expected[["revenue"]], expected)
    assert "should be a table (a DataFrame), but it is a Series" in _wrong(
        expected["account_id"], expected
    )
    swapped = expected.assign(account_id=expected["account_id"].replace("C-0001", "X-1"))
    assert "It has 1 account that do not belong in it, e.g. X-1." in _wrong(swapped, expected)


def test_series_compare_labels_and_values_whatever_the_order():
    expected = pd.Series([3, 0, 5], index=pd.CategoricalIndex(["a", "b", "c"]))
    compare({"c": 5.0, "a": 3, "b": 0}, expected, name="s")
    compare(pd.Series({"a": 3, "c": 5}), expected, name="s", fill_value=0)
    assert _wrong(pd.Series({"a": 3, "c": 5}), expected, name="s", noun="stage") == (
        "`s` has no entry for 'b'; it should have one per stage (3 in all)."
    )
    assert "for 'c' it is 6 (too high)" in _wrong({"a": 3, "b": 0, "c": 6}, expected, name="s")
    assert "has entries that should not be in it: 'z'" in _wrong(
        {"a": 3, "b": 0, "c": 5, "z": 1}, expected, name="s"
    )
    periods = pd.Series([0.5], index=pd.PeriodIndex(["2026Q3"], freq="Q"))
    compare(pd.Series({"2026Q3": 0.5}), periods, name="s")


def test_numbers_text_and_lists():
    compare(np.int64(7), 7.0, name="n")
    compare(0.1 + 0.2, 0.3, name="n")
    assert _wrong(0.31, 0.3, name="n") == (
        "`n` is 0.31, which is not the expected value (it is too high)."
    )
    assert "take it out with .iloc[0]" in _wrong(pd.Series([7]), 7, name="n")
    assert "should be a single number, but it is the text '7'" in _wrong("7", 7, name="n")
    assert "forget the brackets" in _wrong(len, 7, name="n")
    compare("  Sul ", "sul", name="t")
    assert "should be a text, but it is the number 3" in _wrong(3, "Sul", name="t")
    compare(["b", "a"], ["a", "b"], name="l")
    assert "not in the right order: item 1" in _wrong(
        ["b", "a"], ["a", "b"], name="l", ordered=True
    )
    assert _wrong(["a"], ["a", "b"], name="l", noun="account") == (
        "`l` should have 2 accounts, but has 1."
    )
    compare(pd.Timestamp("2026-09-30 10:00"), pd.Timestamp("2026-09-30"), name="d")


# --------------------------------------------------------------------------------------------
# the authoring guide, the answer key, the notebooks


@pytest.mark.parametrize("readme", ["README.md", "pt-BR/README.md"])
def test_guide_example_is_the_code_of_a_real_question(readme):
    guide = (EXERCISES / readme).read_text(encoding="utf-8")
    found = re.findall(r"<!-- example: ([\w.]+) -->\n```python\n(.*?)```", guide, re.S)
    assert found, "the guide's example block is marked <!-- example: module.Class -->"
    for dotted, block in found:
        module, name = dotted.rsplit(".", 1)
        cls = getattr(sys.modules.get(module) or __import__(module, fromlist=[name]), name)
        assert block == inspect.getsource(cls), (
            f"exercises/README.md's example differs from {dotted}: paste its source in."
        )
        assert cls in sys.modules[module].QUESTIONS


def test_guide_settings_exist():
    guide = (EXERCISES / "README.md").read_text(encoding="utf-8")
    table = guide[guide.index("### The settings") : guide.index("### What")]
    names = set(re.findall(r"`(_\w+)`", table))
    assert len(names) > 15
    for name in names:
        assert hasattr(ThinkingQuestion, name), name


def test_answer_key_covers_every_question():
    key = answer_key(values=False)
    for s in SETS:
        part = key[key.index(f"## Lesson {s.number} · {s.title}") :]
        for q in s.questions:
            head = f"### {q.name} · {q.title}"
            assert head in part, head
            section = part[part.index(head) :]
            if q._solution:
                assert f"```python\n{q._solution.rstrip()}\n```" in section
            if q._discussion:
                assert q._discussion.strip() in section
            for m in q._mistakes:
                assert m.says in section


@pytest.mark.parametrize(
    "language, path, command",
    [
        ("en", "answer_key.md", "answers --out exercises/answer_key.md"),
        ("pt-BR", "pt-BR/gabarito.md", "answers --lang pt-BR --out exercises/pt-BR/gabarito.md"),
    ],
)
def test_committed_answer_key_is_current(language, path, command):
    committed = (EXERCISES / path).read_text(encoding="utf-8")
    assert committed == answer_key(language=language), (  # explain first, then count
        f"exercises/{path} is out of date: run `python -m kamkit.exercises {command}`."
    )
    value = "**Neste mercado:**" if language == "pt-BR" else "**On this market:**"
    assert (
        committed.count(value) == sum(bool(q.variables) for _, q in QUESTIONS) - 2
    )  # two open files


def test_portuguese_answer_key_speaks_portuguese():
    key = (EXERCISES_PT / "gabarito.md").read_text(encoding="utf-8")
    from kamkit.exercises import ex01, ex02

    for q in (*ex01.EXERCISES.questions, *ex02.EXERCISES.questions):
        assert f"### {q.name} · {q._title_pt}" in key
        assert q._prompt_pt.splitlines()[0] in key
        for m in q._mistakes:
            assert f"*{m.says_pt}*" in key
    assert "## Lição 2 · Concentração" in key and "*Trilha: vendedor · sem código*" in key
    assert "posição de 30/09/2026" in key  # dates as dd/mm/yyyy
    assert "**Neste mercado:** 6,4%" in key  # ex02 q7, shares with a comma


@pytest.mark.parametrize("language, folder", [("en", EXERCISES), ("pt-BR", EXERCISES_PT)])
def test_committed_notebooks_are_generated_from_the_sets(tmp_path, language, folder):
    written = write_notebooks(tmp_path, language=language)
    assert sorted(p.name for p in written) == sorted(p.name for p in folder.glob("*.ipynb"))
    for path in written:
        committed = folder / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed} is out of date: run `python -m kamkit.exercises notebooks`."
        )


def test_portuguese_notebook_layout():
    from kamkit.exercises import ex02

    nb = build_notebook(ex02.EXERCISES, "pt-BR")
    sources = [c.source for c in nb.cells]
    assert sources[0].startswith("# Exercícios · Lição 2 · Concentração")
    assert "../../notebooks/pt-BR/02_concentration.ipynb" in sources[0]
    assert 'with_parameters(language="pt-BR")' in sources[2]
    assert 'setup(market, territory=TERRITORY, language="pt-BR")' in sources[2]
    assert nb.metadata["kamkit_exercises"] == {
        "module": "kamkit.exercises.ex02",
        "language": "pt-BR",
    }
    heads = [c.source.splitlines()[0] for c in nb.cells if c.source.startswith("## ")]
    assert "## 1. A participação dos 10% maiores no faturamento *(analista · código)*" in heads
    assert "## 8. A, B ou C? *(vendedor · sem código)*" in heads
    assert "## 5. O que a concentração justifica? *(vendedor · sem código; para discutir)*" in (
        heads
    )
    assert "q8.show()" in sources and "abc = [____, ____, ____, ____, ____]" in sources
    english = [
        c.source.splitlines()[0]
        for c in build_notebook(ex02.EXERCISES).cells
        if c.source.startswith("## ")
    ]
    assert "## 1. The share of revenue of the top 10% *(analyst · code)*" in english


@pytest.mark.parametrize("s", SETS, ids=lambda s: s.lesson)
def test_notebook_layout(s):
    nb = build_notebook(s)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata["tags"] == ["parameters"]
    assert "DATA = None" in code[0].source and f'TERRITORY = "{DEFAULT_TERRITORY}"' in (
        code[0].source
    )
    assert f"from {s.module} import *" in code[1].source
    assert all(not c.get("outputs") for c in code)
    for q in s.questions:
        sources = [c.source for c in code]
        assert f"# {q.name}.hint()\n# {q.name}.solution()" in sources
        assert (f"{q.name}.check()" in sources) == bool(q.variables)
        if q.variables:
            assert q.starter in sources
    assert notebook_name(s) == f"{s.lesson}.ipynb"


@pytest.mark.parametrize("language, folder", [("en", EXERCISES), ("pt-BR", EXERCISES_PT)])
def test_filled_copy_has_every_solution_and_no_placeholder(tmp_path, language, folder):
    for s in SETS:
        nb = fill_solutions(folder / notebook_name(s))
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "____" not in text.replace("import *", "")
        assert "# q" not in text
        for q in s.questions:
            assert q.solution_in(language) in text if q.variables else True
    with pytest.raises(kk.KamkitError, match="not a kamkit exercise notebook"):
        fill_solutions(ROOT / "notebooks" / "08_territory_review.ipynb")


def test_command_line(tmp_path, capsys):
    from types import SimpleNamespace

    from kamkit.exercises.__main__ import main

    class Runner:  # `python -m kamkit.exercises` in this process: status and what it printed
        def invoke(self, command, args):
            capsys.readouterr()
            status = command(args)
            printed = capsys.readouterr()
            return SimpleNamespace(exit_code=status, output=printed.out + printed.err)

    runner = Runner()
    result = runner.invoke(main, ["answers", "--no-values", "--out", str(tmp_path / "key.md")])
    assert result.exit_code == 0, result.output
    assert (
        "### q1 · How many accounts does your territory have?" in (tmp_path / "key.md").read_text()
    )
    result = runner.invoke(main, ["notebooks", "--dir", str(tmp_path / "nb")])
    assert result.exit_code == 0 and len(list((tmp_path / "nb").glob("*.ipynb"))) == len(SETS)
    source = tmp_path / "nb" / notebook_name(SETS[0])
    result = runner.invoke(main, ["fill", str(source)])
    assert result.exit_code == 0 and (tmp_path / "nb" / f"{source.stem}_solved.ipynb").exists()
    result = runner.invoke(main, ["fill", str(source), "--out", str(source)])
    assert result.exit_code != 0 and "never overwritten" in result.output
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0 and "kamkit.exercises.ex08" in result.output
    assert re.search(r"q8  salesperson\s+\[no_code: abc\]  A, B or C\?", result.output)
    result = runner.invoke(main, ["list", "--json"])
    import json

    rows = json.loads(result.output)
    assert result.exit_code == 0 and len(rows) == len(QUESTIONS)
    assert {"notebook": "02_concentration.ipynb", "question": "q1", "track": "analyst"} in rows
    assert {"notebook": "02_concentration.ipynb", "question": "q8", "track": "salesperson"} in rows
    assert all(
        set(r) == {"notebook", "question", "track"} and r["track"] in ("salesperson", "analyst")
        for r in rows
    )
    result = runner.invoke(main, ["answers", "--no-values", "--lang", "pt-BR"])
    assert result.exit_code == 0 and "### q1 · Quantas contas tem o seu território?" in (
        result.output
    )
    result = runner.invoke(main, ["notebooks", "--dir", str(tmp_path / "both")])
    assert result.exit_code == 0 and len(
        list((tmp_path / "both" / "pt-BR").glob("*.ipynb"))
    ) == len(SETS)
    result = runner.invoke(main, ["missing"])
    assert "kamkit.exercises.ex01" not in result.output  # set 1 is complete
    incomplete = [s for s in SETS if s.missing_portuguese()]
    assert result.exit_code == (1 if incomplete else 0)
    assert all(
        f"{s.module} q1 " in result.output or f"{s.module} set:" in result.output
        for s in incomplete
    )
    result = runner.invoke(main, ["answers", "--data", str(tmp_path), "--no-values"])
    assert result.exit_code != 0 and "Error:" in result.output


# --------------------------------------------------------------------------------------------
# every notebook, executed by papermill: as committed, and with the answer key filled in


def _execute(job):
    """Run one notebook with papermill (in a worker process); returns (key, seconds, error).

    A worker runs one notebook at a time, so the strict-mode variable set here is the one the
    notebook's kernel starts with."""
    key, source, output, cwd, strict, environment = job
    os.environ.clear()  # a worker of the session's: what an earlier job set goes
    os.environ.update(environment)
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["KAMKIT_EXERCISES_STRICT"] = "1" if strict else "0"
    import papermill

    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(source),
            str(output),
            kernel_name="python3",
            cwd=str(cwd),
            progress_bar=False,
            log_output=False,
            execution_timeout=300,
        )
        error = None
    except Exception as exc:  # reported by the test of that notebook
        error = f"{type(exc).__name__}: {exc}"
    return key, time.perf_counter() - start, error


def _jobs(base: Path) -> list:
    """Every notebook, English and Portuguese, twice: as committed (placeholders left in), and
    a copy with the answer key filled in, in strict mode (a check not correct raises); each in
    a folder of its own for the files it writes."""
    jobs = []
    for language, folder in (("en", EXERCISES), ("pt-BR", EXERCISES_PT)):
        for s in SETS:
            source = folder / notebook_name(s)
            for mode in ("placeholders", "solutions"):
                cwd = base / language / mode / s.lesson  # files the exercises write go here
                cwd.mkdir(parents=True)
                run = source
                if mode == "solutions":
                    run = cwd.parent / f"{s.lesson}_solved.ipynb"
                    fill_solutions(source, run)
                jobs.append(
                    (
                        (s.lesson, mode, language),
                        run,
                        cwd.parent / f"{s.lesson}_run.ipynb",
                        cwd,
                        mode == "solutions",
                        dict(os.environ),
                    )
                )
    return jobs


def start_notebook_runs(request):
    """Start the runs (once) in the session's two worker processes (tests/conftest.py, which
    calls this as the session begins: they run beside the tests before those that read them)."""
    factory = request.getfixturevalue("tmp_path_factory")
    return request.getfixturevalue("started_jobs").start(
        "exercises", lambda: _jobs(factory.mktemp("exercise_runs")), _execute
    )


@pytest.fixture(scope="module")
def executed(request, started_jobs):
    """Every notebook run (see _jobs), two at a time: (error, notebook, folder, seconds).
    (``started_jobs``: the session starts the runs as it begins, see tests/conftest.py.)"""
    import nbformat

    jobs, futures = start_notebook_runs(request)
    done = {key: (seconds, error) for key, seconds, error in (f.result() for f in futures)}
    results = {}
    for key, _, output, cwd, _, _ in jobs:
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
            texts = [
                o.get("data", {}).get("text/plain") or o.get("text", "")
                for o in cell.get("outputs", [])
            ]
            found[info.get("question", role)] = texts
    return found


_WORDS = {
    "en": {
        "not": "Not attempted",
        "correct": "Correct",
        "hint": " · Hint",
        "solution": " · Solution",
        "discussion": "Discussion answer",
        "progress": "{} of {} checked questions correct",
    },
    "pt-BR": {
        "not": "Não respondida",
        "correct": "Correto",
        "hint": " · Dica",
        "solution": " · Solução",
        "discussion": "Resposta para discussão",
        "progress": "{} de {} questões conferidas estão corretas",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("s", SETS, ids=lambda s: s.lesson)
def test_notebook_runs_with_the_placeholders_left_in(s, language, executed):
    error, nb, _, seconds = executed[(s.lesson, "placeholders", language)]
    words = _WORDS[language]
    assert error is None, error
    assert seconds < 60, f"{s.lesson} took {seconds:.0f} s"
    checks = _outputs(nb, "check")
    assert set(checks) == {q.name for q in s.questions if q.variables}
    for name, texts in checks.items():
        assert len(texts) == 1 and texts[0].startswith(f"{name} · {words['not']}"), texts
    assert all(not texts for texts in _outputs(nb, "help").values())
    shown = _outputs(nb, "show")
    assert set(shown) == {q.name for q in s.questions if getattr(q, "_show", False)}
    assert all(len(texts) == 1 and texts[0] for texts in shown.values())  # a table each
    progress = _outputs(nb, "progress")["progress"][0]
    assert words["progress"].format(0, len(checks)) in progress
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("s", SETS, ids=lambda s: s.lesson)
def test_notebook_runs_with_the_answer_key_filled_in(s, language, executed):
    error, nb, cwd, seconds = executed[(s.lesson, "solutions", language)]
    words = _WORDS[language]
    assert error is None, error  # strict: a check not correct raises
    assert seconds < 60, f"{s.lesson} took {seconds:.0f} s"
    checks = _outputs(nb, "check")
    assert set(checks) == {q.name for q in s.questions if q.variables}
    for name, texts in checks.items():
        assert len(texts) == 1 and texts[0].startswith(f"{name} · {words['correct']}"), texts
    for _name, texts in _outputs(nb, "help").items():
        assert any(words["hint"] in t for t in texts) and any(
            words["solution"] in t or words["discussion"] in t for t in texts
        )
    progress = _outputs(nb, "progress")["progress"][0]
    assert words["progress"].format(len(checks), len(checks)) in progress

    def role(cell):
        return cell.metadata.get("kamkit_exercises", {}).get("role")

    html = [
        o["data"]["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {}) and role(c) != "show"
    ]
    assert html and all("border-left:4px solid" in h for h in html)
    tables = [
        o.get("data", {}).get("text/html", "")
        for c in nb.cells
        if role(c) == "show"
        for o in c.get("outputs", [])
    ]
    assert all("<table" in t for t in tables)  # what a salesperson reads: a table
    if s.number == 7:
        cards = "fichas" if language == "pt-BR" else "cards"  # names follow the language
        assert (cwd / "modelo_kam.xlsx").is_file() and (cwd / cards).is_dir()
