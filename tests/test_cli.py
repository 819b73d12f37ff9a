"""The command line as a user meets it: sentences (never tracebacks) in the user's language,
outputs written atomically, nothing from the data sent raw to the terminal, files for people
(Brazilian Excel), and unique file names."""

from __future__ import annotations

import csv
import errno
import io
import os
import warnings
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner

import kamkit
from kamkit import cli
from kamkit.cli import clean, friendly, main, voice
from kamkit.core.atomic import atomic_path
from kamkit.files.writing import write_market
from kamkit.model.market import Market

ESCAPED = "\x1b[31mSul\x07"


@pytest.fixture(autouse=True)
def _english_system(monkeypatch):
    """The system locale is English unless a test says otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def _market(
    language: str = "en",
    territories=("Sul", "Norte"),
    potentials=(1000.0, 50.0),
    account_ids=("A1", "A2"),
) -> Market:
    accounts = pd.DataFrame(
        {
            "account_id": list(account_ids),
            "name": ["Ferragens Sul", "Casa Norte"],
            "territory": list(territories),
            "salesperson": ["Ana", "Bia"],
            "potential": list(potentials),
        }
    )
    sales = pd.DataFrame(
        {
            "account_id": [account_ids[0], account_ids[0], account_ids[1]],
            "date": ["2026-01-10", "2026-03-10", "2026-02-01"],
            "amount": [100.0 / 3, 200.0 / 3, 120.0],
        }
    )
    visits = pd.DataFrame({"account_id": [account_ids[0]], "date": ["2026-02-15"]})
    return Market.from_frames(
        sales=sales,
        accounts=accounts,
        visits=visits,
        parameters={"as_of": "2026-06-30", "language": language},
    )


def _data(tmp_path: Path, market: Market | None = None, name: str = "data.xlsx") -> Path:
    return write_market(market or _market(), tmp_path / name)[0]


def _run(args, **kwargs):
    result = CliRunner().invoke(main, [str(a) for a in args], **kwargs)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


# ---------------------------------------------------------------------------- the sanitiser


def test_clean_escapes_controls_but_keeps_lines_and_accents():
    assert clean(ESCAPED) == "\\x1b[31mSul\\x07"
    assert clean("São Paulo\n\tlinha") == "São Paulo\n\tlinha"
    assert clean("a\rb\x9bc\u202ed") == "a\\x0db\\x9bc\\u202ed"
    assert clean(12) == "12"


def test_a_territory_with_terminal_escapes_is_never_printed_raw(tmp_path):
    data = _data(tmp_path, _market(territories=(ESCAPED, "Norte")))
    result = _run(["segment", data, "--territory", "Leste"])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[31mSul\\x07" in result.output  # named, escaped, so the user can see it
    out = _run(["segment", data, "--territory", ESCAPED, "--out", tmp_path / "s.csv"])
    assert out.exit_code == 0, out.output
    assert "\x1b" not in out.output
    cards = _run(["cards", data, "--out", tmp_path / "cards", "--territory", "Leste"])
    assert cards.exit_code == 2 and "\x1b" not in cards.output and "\\x1b" in cards.output


def test_account_codes_named_in_warnings_are_escaped(tmp_path):
    # A1's potential (10) is below what it buys: the warning names it
    market = _market(potentials=(10.0, 5000.0), account_ids=("A\x1b[2J1", "A2"))
    data = _data(tmp_path, market)
    result = _run(["segment", data])
    assert result.exit_code == 0, result.output
    assert "WARNING" in result.output and "A\\x1b[2J1" in result.output
    assert "\x1b" not in result.output


# ---------------------------------------------------------------------------- the language


def test_messages_follow_lang_then_the_data_then_the_system(tmp_path, monkeypatch):
    english = _data(tmp_path, _market("en"), "en.xlsx")
    portuguese = _data(tmp_path, _market("pt-BR"), "pt.xlsx")
    ok_pt = _run(["validate", portuguese])
    assert ok_pt.exit_code == 0 and "pode ser usado" in ok_pt.output  # the data's language
    ok_en = _run(["validate", portuguese, "--lang", "en"])
    assert "can be used" in ok_en.output and "pode ser" not in ok_en.output  # --lang first
    assert "can be used" in _run(["validate", english]).output
    assert "pode ser usado" in _run(["validate", english, "--lang", "pt-BR"]).output
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")  # no --lang, no data read yet: the system's
    bad = _run(["segment", english, "--as-of", "amanhã"])
    assert bad.exit_code == 2 and "não é uma data" in bad.output


def test_an_unknown_territory_is_a_sentence_in_the_language(tmp_path):
    data = _data(tmp_path)
    pt = _run(["segment", data, "--territory", "Sull", "--lang", "pt-BR"])
    assert pt.exit_code == 2
    assert "Não há território 'Sull'" in pt.output and "Você quis dizer 'Sul'?" in pt.output
    assert (
        "Territórios existentes: Sul, Norte" in pt.output
        or "Territórios existentes: Norte, Sul" in pt.output
    )
    en = _run(["cards", data, "--out", tmp_path / "c", "--territory", "Sull"])
    assert en.exit_code == 2 and "There is no territory 'Sull'" in en.output


def test_validate_of_unusable_data_speaks_the_lang(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "sales.csv").write_text("account_id,date,amount\nA1,ontem,10\n", encoding="utf-8")
    en = _run(["validate", folder])
    pt = _run(["validate", folder, "--lang", "pt-BR"])
    assert en.exit_code == pt.exit_code == 2
    assert "NOT USABLE" in en.output and "row 2" in en.output
    assert "NÃO PODE SER USADO" in pt.output and "linha 2" in pt.output


def test_validate_and_segment_say_the_data_warnings_in_the_language(tmp_path):
    # A1 buys 100 in the window against an entered potential of 10: share of wallet over 100%
    data = _data(tmp_path, _market(potentials=(10.0, 5000.0)))
    en = _run(["validate", data])
    assert en.exit_code == 0
    assert (
        "WARNING" in en.output and "A1" in en.output and "below what they already buy" in en.output
    )
    pt = _run(["validate", data, "--lang", "pt-BR"])
    assert "AVISO" in pt.output and "A1" in pt.output and "abaixo do que já compram" in pt.output
    summary = _run(["segment", data, "--lang", "pt-BR"])
    assert summary.exit_code == 0
    assert "AVISO" in summary.output and "Estágio" in summary.output
    assert "WARNING" not in summary.output
    later = _run(["segment", data, "--as-of", "2030-01-31"])  # after the data: empty window
    assert "WARNING" in later.output and "holds no sales" in later.output


def test_python_warnings_reach_the_terminal_as_sentences(tmp_path):
    from kamkit.core.errors import Problem, Text
    from kamkit.files.loading import DataWarning

    @click.command()
    @click.option("--lang", "language", default=None)
    @friendly
    def command(language):
        warnings.warn(
            "3 visits name accounts that are not in the accounts table.", DataWarning, stacklevel=2
        )
        warnings.warn(
            DataWarning(
                Problem(Text("a cell is odd.", "uma célula é estranha."), file="x.csv", row=4)
            ),
            stacklevel=2,
        )
        warnings.warn("internal detail", FutureWarning, stacklevel=2)  # not for a manager
        click.echo("done")

    for language, word in (("en", "WARNING"), ("pt-BR", "AVISO")):
        result = CliRunner().invoke(command, ["--lang", language])
        assert result.exit_code == 0, result.output
        assert "DataWarning" not in result.output and ".py:" not in result.output
        assert f"{word} 3 visits name accounts" in result.output
        assert "internal detail" not in result.output
    pt = CliRunner().invoke(command, ["--lang", "pt-BR"])
    assert "AVISO x.csv, linha 4: uma célula é estranha." in pt.output


def test_load_warnings_from_kk_load_are_said_in_the_data_language(tmp_path, monkeypatch):
    from kamkit.core.errors import Problem, Text
    from kamkit.files import loading

    data = _data(tmp_path, _market("pt-BR"))
    real = loading.validate

    def with_a_warning(*args, **kwargs):
        report = real(*args, **kwargs)
        report.problems.append(Problem(Text("odd.", "estranho."), severity="warning"))
        return report

    monkeypatch.setattr(loading, "validate", with_a_warning)
    result = _run(["segment", data])
    assert result.exit_code == 0 and "AVISO estranho." in result.output


# ---------------------------------------------------------------------------- --as-of


@pytest.mark.parametrize("text", ["9999-12-31", "31/12/9999", "banana", "2025-02-30", "1e309"])
def test_as_of_that_is_not_a_usable_date_is_a_sentence(tmp_path, text):
    data = _data(tmp_path)
    en = _run(["segment", data, "--as-of", text])
    assert en.exit_code == 2
    assert "--as-of" in en.output and "yyyy-mm-dd" in en.output and text in en.output
    pt = _run(["segment", data, "--as-of", text, "--lang", "pt-BR"])
    assert pt.exit_code == 2 and "--as-of" in pt.output and "dd/mm/aaaa" in pt.output
    cards = _run(["cards", data, "--out", tmp_path / "c", "--as-of", text])
    assert cards.exit_code == 2 and "--as-of" in cards.output


def test_as_of_that_is_a_date_is_used(tmp_path):
    result = _run(["segment", _data(tmp_path), "--as-of", "31/03/2026", "--lang", "pt-BR"])
    assert result.exit_code == 0 and "31/03/2026" in result.output


# ---------------------------------------------------------------------------- writing errors


def test_out_below_a_file_is_a_sentence_and_the_file_is_untouched(tmp_path):
    data = _data(tmp_path)
    blocker = tmp_path / "some.csv"
    blocker.write_text("mine\n", encoding="utf-8")
    result = _run(["segment", data, "--out", blocker / "x.xlsx"])
    assert result.exit_code == 2
    assert "some.csv is a file, not a folder" in result.output
    assert blocker.read_text(encoding="utf-8") == "mine\n"
    pt = _run(["segment", data, "--out", blocker / "x.xlsx", "--lang", "pt-BR"])
    assert pt.exit_code == 2 and "é um arquivo, não uma pasta" in pt.output
    cards = _run(["cards", data, "--out", blocker / "cards"])
    assert cards.exit_code == 2 and "some.csv" in cards.output


def test_out_that_is_a_folder_is_a_sentence(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    result = _run(["segment", _data(tmp_path), "--out", folder])
    assert result.exit_code == 2 and "it is a folder" in result.output


def _fill_the_disk(monkeypatch):
    """Writing a CSV fills the disk half-way through: the bytes written so far stay in the
    temporary file, then ENOSPC."""

    def full(self, path, *args, **kwargs):
        Path(path).write_text("account_id,na", encoding="utf-8")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)


def test_a_full_disk_during_segment_keeps_the_old_output(tmp_path, monkeypatch):
    data = _data(tmp_path)
    out = tmp_path / "segment.csv"
    first = _run(["segment", data, "--out", out])
    assert first.exit_code == 0, first.output
    before = out.read_bytes()
    _fill_the_disk(monkeypatch)
    for language, words in (("en", "the disk is full"), ("pt-BR", "o disco está cheio")):
        result = _run(["segment", data, "--out", out, "--lang", language])
        assert result.exit_code == 2
        assert words in result.output and str(out) in result.output
        assert out.read_bytes() == before  # the old output is intact
        assert [p.name for p in tmp_path.iterdir() if ".partial" in p.name] == []


def test_atomic_path_leaves_the_old_file_and_no_partial_on_failure(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OSError):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    with atomic_path(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_permission_denied_while_writing_names_the_output(tmp_path, monkeypatch):
    data = _data(tmp_path)
    out = tmp_path / "results.xlsx"

    def denied(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(src), str(dst))

    monkeypatch.setattr(os, "replace", denied)
    result = _run(["segment", data, "--out", out])
    assert result.exit_code == 2
    assert f"cannot write {out}: permission denied" in result.output
    assert "close it" in result.output
    pt = _run(["segment", data, "--out", out, "--lang", "pt-BR"])
    assert "não consegue gravar" in pt.output and "feche-o" in pt.output


def test_an_unreadable_input_is_not_blamed_on_out(tmp_path, monkeypatch):
    from kamkit.files import loading

    data = _data(tmp_path)

    def unreadable(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(loading, "validate", unreadable)
    result = _run(["segment", data, "--out", tmp_path / "results.xlsx"])
    assert result.exit_code == 2
    assert f"cannot read {data}" in result.output
    assert "cannot write" not in result.output and "--out" not in result.output
    pt = _run(["validate", data, "--lang", "pt-BR"])
    assert pt.exit_code == 2 and "não consegue ler" in pt.output


def test_os_error_sentences_tell_reading_from_writing(tmp_path):
    out = tmp_path / "r.xlsx"
    tmp = tmp_path / ".r.xlsx.abc.partial"
    assert "cannot write" in str(
        cli.os_error(PermissionError(13, "Permission denied", str(tmp)), out)
    )
    assert "cannot read" in str(
        cli.os_error(PermissionError(13, "Permission denied", str(tmp_path / "in.csv")), out)
    )
    assert "cannot find" in str(cli.os_error(FileNotFoundError(2, "No such file", "x.csv")))
    assert "disk is full" in str(cli.os_error(OSError(errno.ENOSPC, "No space"), out))
    # an input inside the output folder (kamkit run site/data.xlsx --out site) is read
    site = tmp_path / "site"
    error = PermissionError(13, "Permission denied", str(site / "data.xlsx"))
    assert "cannot read" in str(cli.os_error(error, site, site / "data.xlsx"))
    assert "cannot write" in str(cli.os_error(error, site))


def test_input_as_output_is_refused_in_the_language(tmp_path):
    data = _data(tmp_path)
    pt = _run(["segment", data, "--out", data, "--lang", "pt-BR"])
    assert pt.exit_code == 2 and "nunca altera a entrada" in pt.output


# ---------------------------------------------------------------------------- files for people


def test_segment_csv_in_portuguese_opens_in_brazilian_excel(tmp_path):
    data = _data(tmp_path)
    out = tmp_path / "x.csv"
    result = _run(["segment", data, "--lang", "pt-BR", "--out", out])
    assert result.exit_code == 0, result.output
    assert "Gravadas 2 contas" in result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the accents
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows[0].keys() >= {"account_id", "revenue", "share_of_wallet"}
    table = kamkit.segment(kamkit.load(data)).set_index("account_id")
    for row in rows:
        expected = table.loc[row["account_id"]]
        assert "." not in row["revenue"] and len(row["revenue"].split(",")[-1]) <= 2
        assert float(row["revenue"].replace(",", ".")) == pytest.approx(
            expected["revenue"], abs=0.005
        )
        share = row["share_of_wallet"]
        assert "." not in share and len(share.split(",")[-1]) <= 4
        assert float(share.replace(",", ".")) == pytest.approx(
            expected["share_of_wallet"], abs=5e-5
        )
    assert "9999999" not in text and "0000001" not in text
    assert "10/03/2026" in text  # dates as Brazilians write them (A1's last purchase)


def test_segment_csv_in_english_keeps_commas_and_points_rounded(tmp_path):
    data = _data(tmp_path)
    out = tmp_path / "x.csv"
    assert _run(["segment", data, "--lang", "en", "--out", out]).exit_code == 0
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    a1 = next(r for r in rows if r["account_id"] == "A1")
    assert a1["revenue"] == "100.0"  # 100/3 + 200/3 is 99.99999999999999 before rounding
    assert "2026-03-10" in raw.decode("utf-8")
    assert "99999999" not in raw.decode("utf-8")


def test_write_table_rounds_shares_and_money(tmp_path):
    from kamkit.outputs.export import write_table

    table = pd.DataFrame(
        {"territory": ["Sul"], "revenue": [0.1 + 0.2], "share_of_wallet": [1 / 3], "n": [3]}
    )
    path = write_table(table, tmp_path / "t.csv", language="pt-BR")
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["territory;revenue;share_of_wallet;n", "Sul;0,3;0,3333;3"]
    en = write_table(table, tmp_path / "e.csv").read_text(encoding="utf-8")
    assert en.splitlines()[1] == "Sul,0.3,0.3333,3"


# ---------------------------------------------------------------------------- names


@pytest.mark.parametrize("pair", [("Sul", "SUL"), ("São", "Sao")])
def test_cards_of_territories_that_fold_alike_get_distinct_files(tmp_path, pair):
    from kamkit.outputs.cards import write_cards
    from kamkit.presentation.names import report_names

    market = _market(territories=pair)
    first = write_cards(market, tmp_path, territory=pair[0])
    second = write_cards(market, tmp_path, territory=pair[1])
    assert first[0] != second[0] and first[1] != second[1]
    assert {p.name for p in tmp_path.iterdir()} == {p.name for p in [*first, *second]}
    assert pair[0] in first[0].read_text(encoding="utf-8")
    assert pair[1] in second[0].read_text(encoding="utf-8")
    names = report_names(market.territories)
    assert first[0].name == f"cards-{names[pair[0]]}.html"  # the reports' rule


def test_the_reports_use_the_same_name_rule():
    from kamkit.outputs import reports
    from kamkit.presentation import names as _names

    assert reports.report_names is _names.report_names


# ---------------------------------------------------------------------------- template


def test_template_in_portuguese_from_data_says_idioma_pt_br(tmp_path):
    import openpyxl

    from kamkit.outputs.template import SHEETS

    data = _data(tmp_path)  # English data
    out = tmp_path / "modelo.xlsx"
    result = _run(["template", out, "--lang", "pt-BR", "--from", data])
    assert result.exit_code == 0, result.output
    assert "Modelo com 2 contas gravado" in result.output
    assert kamkit.load(out).parameters.language == "pt-BR"
    book = openpyxl.load_workbook(out)
    lists = book[SHEETS["pt-BR"][5]]
    stages = [lists.cell(i, 2).value for i in range(2, 7)]
    assert stages == [
        "não prospectado",
        "abordado, sem compra",
        "comprador eventual",
        "comprador regular",
        "cliente inativo",
    ]
    assert [lists.cell(i, 3).value for i in range(2, 7)] == [
        "untouched",
        "approached",
        "occasional",
        "regular",
        "lapsed",
    ]  # kamkit's codes beside
    assert [c.value for c in lists[1]][:4] == [
        "território",
        "estágio",
        "código no kamkit",
        "tipo de contato",
    ]
    kinds = [lists.cell(i, 4).value for i in range(2, 6)]
    assert kinds == ["visita", "ligação", "e-mail", "reunião"]
    instructions = book[SHEETS["pt-BR"][0]]
    examples = [row[4].value for row in instructions.iter_rows() if len(row) > 4]
    assert "visita" in examples and "comprador regular" in examples
    assert "visit" not in examples and "regular" not in examples


def test_template_formats_every_code_column_as_text(tmp_path):
    import openpyxl

    from kamkit.outputs.template import SHEETS

    for language in ("en", "pt-BR"):
        path = tmp_path / f"t-{language}.xlsx"
        assert _run(["template", path, "--lang", language]).exit_code == 0
        book = openpyxl.load_workbook(path)
        for sheet in SHEETS[language][2:5]:  # Accounts, Sales, Visits
            ws = book[sheet]
            headers = [c.value for c in ws[1]]
            code = (
                "account_id"
                if language == "en"
                else next(h for h in headers if h in ("código", "conta"))
            )
            letter = openpyxl.utils.get_column_letter(headers.index(code) + 1)
            assert ws.column_dimensions[letter].number_format == "@", (language, sheet)


def test_template_existing_file_is_a_sentence_in_the_language(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"mine")
    result = _run(["template", path, "--lang", "pt-BR"])
    assert result.exit_code == 2 and "já existe" in result.output
    assert path.read_bytes() == b"mine"


def test_voice_outside_a_command_speaks_the_system_language(monkeypatch):
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert voice().lang == "pt-BR"


HOSTILE = Path(__file__).parent / "hostile" / "terminal_escapes"


@pytest.mark.parametrize(
    "args",
    [
        ["segment", HOSTILE, "--territory", "Leste"],
        ["segment", HOSTILE, "--territory", "Leste", "--lang", "pt-BR"],
        ["validate", HOSTILE],
        ["segment", HOSTILE],
        ["cards", HOSTILE, "--out", "{tmp}/c", "--territory", "Leste"],
        ["template", "{tmp}/t.xlsx", "--from", HOSTILE],
    ],
)
def test_hostile_names_never_reach_the_terminal_raw(tmp_path, args):
    """tests/hostile/terminal_escapes: a territory, a name and a salesperson holding ANSI
    escapes, a window-title escape and a bell."""
    result = _run([str(a).replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code in (0, 2)
    assert result.output.strip()
    for raw in ("\x1b", "\x07", "\x9b"):
        assert raw not in result.output


def test_target_stages_in_portuguese_round_trip_to_the_cards(tmp_path):
    from kamkit.outputs.cards import write_cards
    from kamkit.outputs.template import stage_value, write_template

    market = _market()
    accounts = market.accounts.assign(target_stage=["regular", "comprador eventual"])
    market = Market.from_frames(
        sales=market.sales,
        accounts=accounts,
        visits=market.visits,
        parameters={"as_of": "2026-06-30"},
    )
    path = write_template(tmp_path / "modelo.xlsx", language="pt-BR", market=market)
    back = kamkit.load(path)
    column = next(c for c in back.accounts.columns if "alvo" in c or "target" in c)
    assert back.accounts[column].tolist() == ["comprador regular", "comprador eventual"]
    html = write_cards(back, tmp_path / "cards", language="en")[0].read_text(encoding="utf-8")
    assert "regular buyer" in html and "occasional buyer" in html
    assert stage_value("Comprador Regular", "en") == "regular"
    assert stage_value("lapsed", "pt-BR") == "cliente inativo"
    assert stage_value("sei lá", "pt-BR") == "sei lá"


def test_data_without_a_language_speaks_the_system_language(tmp_path, monkeypatch):
    """When the data sets no language (``report.language`` is None), the system's is used,
    for the messages and for the files written."""
    from kamkit.files import loading

    data = _data(tmp_path)
    real = loading.validate

    def unset(*args, **kwargs):
        report = real(*args, **kwargs)
        report.language = None
        return report

    monkeypatch.setattr(loading, "validate", unset)
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    result = _run(["segment", data])
    assert result.exit_code == 0 and "Estágio" in result.output
    assert "pode ser usado" in _run(["validate", data]).output
    out = tmp_path / "r.csv"
    assert _run(["segment", data, "--out", out]).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "Stage" in _run(["segment", data]).output


def test_a_full_disk_while_writing_the_results_workbook_keeps_the_old_one(tmp_path, monkeypatch):
    import xlsxwriter

    data = _data(tmp_path)
    out = tmp_path / "results.xlsx"
    assert _run(["segment", data, "--out", out]).exit_code == 0
    before = out.read_bytes()
    real_close = xlsxwriter.Workbook.close

    def full(self):
        real_close(self)  # the bytes reach the temporary file, then the disk fills
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(xlsxwriter.Workbook, "close", full)
    result = _run(["segment", data, "--out", out, "--lang", "pt-BR"])
    assert result.exit_code == 2 and "o disco está cheio" in result.output
    assert out.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
