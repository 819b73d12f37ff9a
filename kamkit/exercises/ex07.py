"""Exercises for lesson 7, start with a spreadsheet: the workbook, its parameters, visit cards.

Two questions write files (a workbook, visit cards) into the notebook's folder; their checks
open the files instead of comparing values. In Portuguese the files get Portuguese names
(``modelo_kam.xlsx``, ``em_branco.xlsx``, the folder ``fichas``) and Portuguese contents.
"""

from __future__ import annotations

import re

import kamkit as kk
from kamkit.core.errors import Text
from kamkit.exercises import core
from kamkit.exercises.compare import D, T, Wrong


class PortugueseTemplate(core.Question):
    _title = "A workbook for a Brazilian team"
    _title_pt = "O modelo de planilha da equipe, em português"
    _var = "template_file"
    _prompt = """\
The post says a well-parameterised spreadsheet is enough to start KAM. `kk.write_template`
writes the workbook a team fills in: instructions, parameters, accounts, sales and visits, with
drop-down lists. Write a **blank template in Brazilian Portuguese** named `modelo_kam.xlsx`
and store what the function returns in `template_file`. Then open it in Excel."""
    _prompt_pt = """\
O artigo diz que uma boa planilha parametrizada basta para começar o KAM. `kk.write_template`
grava a planilha que a equipe preenche: instruções, parâmetros, contas, vendas e visitas, com
listas suspensas. Grave um **modelo em branco em português** chamado `modelo_kam.xlsx` e guarde
o que a função devolve em `template_file`. Depois abra o arquivo no Excel."""
    _hints = (
        '`kk.write_template(path, language=...)`; the Portuguese language code is `"pt-BR"`.',
        "Add `overwrite=True` so that running the cell again replaces the file.",
    )
    _hints_pt = (
        '`kk.write_template(caminho, language=...)`; o código do português é `"pt-BR"`.',
        "Acrescente `overwrite=True` para que rodar a célula de novo substitua o arquivo.",
    )
    _solution = (
        'template_file = kk.write_template("modelo_kam.xlsx", language="pt-BR", overwrite=True)'
    )
    _explanation = "Sheets Contas, Vendas, Visitas: the same names kamkit reads back."
    _explanation_pt = "Abas Contas, Vendas, Visitas: os mesmos nomes que o kamkit lê de volta."
    _writes_files = True
    _mistakes = (
        core.Mistake(
            'template_file = kk.write_template("modelo_kam.xlsx", overwrite=True)',
            'The template is in English: pass `language="pt-BR"`.',
            'O modelo saiu em inglês: passe `language="pt-BR"`.',
        ),
        core.Mistake(
            'template_file = "modelo_kam.xlsx"',
            "Store what `kk.write_template` returns, after writing the file.",
            "Guarde o que `kk.write_template` devolve, depois de gravar o arquivo.",
        ),
    )

    def _check(self, template_file) -> None:
        import openpyxl

        from kamkit.outputs.template import SHEETS

        path = core.written_file(template_file, "template_file", ".xlsx")
        sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
        if path.name != "modelo_kam.xlsx":
            raise Wrong(
                T(
                    "`template_file` is {n!r}; name the file modelo_kam.xlsx.",
                    "`template_file` é {n!r}; dê ao arquivo o nome modelo_kam.xlsx.",
                    n=path.name,
                )
            )
        if "Sales" in sheets:
            raise Wrong(
                T(
                    "`template_file` is a workbook in English (its sheets are {s}); the "
                    "team works in Portuguese.",
                    "`template_file` é uma planilha em inglês (as abas são {s}); a equipe "
                    "trabalha em português.",
                    s=", ".join(sheets),
                )
            )
        if list(sheets) != list(SHEETS["pt-BR"]):
            raise Wrong(
                T(
                    "`template_file` has the sheets {s}: it is not a blank kamkit template.",
                    "`template_file` tem as abas {s}: não é um modelo em branco do kamkit.",
                    s=", ".join(sheets),
                )
            )


class BlankErrors(core.Question):
    _title = "Check a workbook before loading it"
    _title_pt = "Confira a planilha antes de carregá-la"
    _var = "blank_errors"
    _prompt = """\
`kk.validate(path)` reads a workbook the way `kk.load` does and lists **every** problem at once
-- errors, which stop kamkit from using the data, and warnings, worth a look -- with the sheet,
row and column of each. Write a blank template `blank.xlsx`, validate it, and store the number
of **errors** in `blank_errors`. Print the report to read the messages."""
    _prompt_pt = """\
`kk.validate(caminho)` lê uma planilha do mesmo jeito que `kk.load` e lista **todos** os
problemas de uma vez -- erros, que impedem o kamkit de usar os dados, e avisos, que valem uma
olhada -- com a aba, a linha e a coluna de cada um. Grave um modelo em branco `em_branco.xlsx`,
confira-o e guarde o número de **erros** em `blank_errors`. Mostre o relatório para ler as
mensagens."""
    _hints = (
        '`report = kk.validate(kk.write_template("blank.xlsx", overwrite=True))`',
        "`report.errors` is the list of errors (`report.warnings` the list of warnings).",
    )
    _hints_pt = (
        '`report = kk.validate(kk.write_template("em_branco.xlsx", language="pt-BR", '
        "overwrite=True))`",
        "`report.errors` é a lista de erros (`report.warnings`, a de avisos).",
    )
    _solution = """\
report = kk.validate(kk.write_template("blank.xlsx", overwrite=True))
print(report)
blank_errors = len(report.errors)"""
    _solution_pt = """\
report = kk.validate(kk.write_template("em_branco.xlsx", language="pt-BR", overwrite=True))
print(report.text("pt-BR"))
blank_errors = len(report.errors)"""
    _explanation = (
        "A blank template cannot be used yet: kamkit says which sheets to fill. "
        "Validate your own workbook the same way before a workshop."
    )
    _explanation_pt = (
        "Um modelo em branco ainda não pode ser usado: o kamkit diz quais abas "
        "preencher. Confira a sua própria planilha do mesmo jeito antes de um "
        "treinamento."
    )
    _writes_files = True
    _mistakes = (
        core.Mistake(
            'report = kk.validate(kk.write_template("blank.xlsx", overwrite=True))\n'
            "blank_errors = len(report.problems)",
            "That counts the warnings too; count only the errors.",
            "Assim entram os avisos também; conte só os erros.",
        ),
    )

    def _expected(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = kk.write_template(Path(folder) / "blank.xlsx", language=self.language)
            return len(kk.validate(path).errors)


class RegularAtFour(core.Question):
    _title = "Your team's definition of a regular buyer"
    _title_pt = "A definição de comprador regular da sua equipe"
    _var = "regular_4"
    _prompt = """\
The parameters sheet holds the team's definitions. By default an account is a *regular* buyer
when it bought in at least 6 of the last 12 months (`regular_min_months`). Your team sells
products bought every quarter, so it decides 4 months make a regular buyer. With that setting,
how many regular buyers does **your territory** have? Store the number in `regular_4`."""
    _prompt_pt = """\
A aba de parâmetros guarda as definições da equipe. Por padrão uma conta é compradora
*regular* quando comprou em pelo menos 6 dos últimos 12 meses (`regular_min_months`). A sua
equipe vende produtos comprados a cada trimestre, então decide que 4 meses fazem um comprador
regular. Com essa regra, quantos compradores regulares tem o **seu território**? Guarde o
número em `regular_4`."""
    _hints = (
        "`market.with_parameters(regular_min_months=4)` is the same market with the new "
        "setting -- what changing the cell in the Parameters sheet does.",
        "Count the `regular` stages of `kk.segment(...)` of that market, for your territory.",
    )
    _hints_pt = (
        "`market.with_parameters(regular_min_months=4)` é o mesmo mercado com a nova regra -- "
        "o que mudar a célula na aba Parâmetros faz.",
        "Conte os estágios `regular` de `kk.segment(...)` desse mercado, no seu território.",
    )
    _solution = """\
team = market.with_parameters(regular_min_months=4)
stages = kk.segment(team, territory=territory)["stage"]
regular_4 = (stages == "regular").sum()"""
    _explanation = (
        "One cell in the parameters sheet changes the whole picture: agree on the "
        "definitions before comparing territories."
    )
    _explanation_pt = (
        "Uma célula na aba de parâmetros muda o quadro inteiro: combine as "
        "definições antes de comparar territórios."
    )
    _mistakes = (
        core.Mistake(
            'stages = kk.segment(market, territory=territory)["stage"]\n'
            'regular_4 = (stages == "regular").sum()',
            "That uses the default of 6 months; change `regular_min_months` with "
            "`market.with_parameters`.",
            "Assim vale o padrão de 6 meses; mude `regular_min_months` com "
            "`market.with_parameters`.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return int((seg["purchase_months"] >= 4).sum())


class VisitCards(core.Question):
    _title = "Visit cards for the first five to pursue"
    _title_pt = "Fichas de visitação das cinco primeiras contas a prospectar"
    _var = "card_files"
    _prompt = """\
The visit card (*ficha de visitação*) is what a salesperson takes to a visit. Write the visit
cards of the **first five accounts of your territory's pursuit list** into a folder `cards`,
and store what `kk.write_cards` returns (the files written) in `card_files`. Open the HTML file
in a browser: one page per account, ready to print."""
    _prompt_pt = """\
A ficha de visitação é o que o vendedor leva para a visita. Grave as fichas das **cinco
primeiras contas da lista de prospecção do seu território** numa pasta `fichas` e guarde o que
`kk.write_cards` devolve (os arquivos gravados) em `card_files`. Abra o arquivo HTML no
navegador: uma página por conta, pronta para imprimir."""
    _hints = (
        '`kk.write_cards(market, "cards", territory=territory, accounts=codes)` writes '
        "the cards of the accounts whose codes are in the list `codes`.",
        'The codes: `kk.pursuit_list(market, territory=territory, top=5)["account_id"].tolist()`.',
    )
    _hints_pt = (
        '`kk.write_cards(market, "fichas", territory=territory, accounts=codigos)` grava as '
        "fichas das contas cujos códigos estão na lista `codigos`.",
        'Os códigos: `kk.pursuit_list(market, territory=territory, top=5)["account_id"].tolist()`.',
    )
    _solution = """\
first = kk.pursuit_list(market, territory=territory, top=5)["account_id"].tolist()
card_files = kk.write_cards(market, "cards", territory=territory, accounts=first)"""
    _solution_pt = """\
primeiras = kk.pursuit_list(market, territory=territory, top=5)["account_id"].tolist()
card_files = kk.write_cards(market, "fichas", territory=territory, accounts=primeiras)"""
    _writes_files = True
    _mistakes = (
        core.Mistake(
            'codes = kk.pursuit_list(market, territory=territory)["account_id"].tolist()\n'
            'card_files = kk.write_cards(market, "cards", territory=territory, '
            "accounts=codes)",
            "Those are the cards of the whole pursuit list; keep its first five accounts "
            "(`top=5`).",
            "Essas são as fichas da lista de prospecção inteira; fique com as cinco "
            "primeiras contas (`top=5`).",
        ),
    )

    def _check(self, card_files) -> None:
        from kamkit.exercises.compare import P

        if not isinstance(card_files, (list, tuple)):
            raise Wrong(
                T(
                    "`card_files` should be the list `kk.write_cards` returns, but it is {d}.",
                    "`card_files` deveria ser a lista que `kk.write_cards` devolve, mas é {d}.",
                    d=D(card_files),
                )
            )
        html = [p for p in card_files if str(p).lower().endswith(".html")]
        if not html:
            raise Wrong(
                Text(
                    "`card_files` has no HTML file: store what `kk.write_cards` returns.",
                    "`card_files` não tem nenhum arquivo HTML: guarde o "
                    "que `kk.write_cards` devolve.",
                )
            )
        text = core.written_file(html[0], "card_files", ".html").read_text(encoding="utf-8")
        ranked = kk.pursuit_list(self.market, territory=self.territory)["account_id"].tolist()
        on_cards = [a for a in ranked if re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text)]
        first = ranked[:5]
        missing = [a for a in first if a not in on_cards]
        extra = [a for a in on_cards if a not in first]
        if extra:
            raise Wrong(
                T(
                    "`card_files` holds cards for {p} beyond the first five, e.g. {e}.",
                    "`card_files` tem fichas de {p} além das cinco primeiras, por exemplo {e}.",
                    p=P(len(extra), "account"),
                    e=extra[0],
                )
            )
        if missing:
            raise Wrong(
                T(
                    "`card_files` has no card for {n} of the first five accounts, e.g. {m}.",
                    "`card_files` não tem ficha para {n} das cinco primeiras "
                    "contas, por exemplo {m}.",
                    n=len(missing),
                    m=missing[0],
                )
            )


class NoBigIT(core.ThinkingQuestion):
    _title = "Where does the money go?"
    _title_pt = "Onde vai o dinheiro?"
    _prompt = """\
The post says KAM does not need a big IT budget: a spreadsheet with the account data and the
visit card are enough to start, and the big investment is elsewhere. Where, and why?"""
    _prompt_pt = """\
O artigo diz que o KAM não precisa de um grande orçamento de TI: uma planilha com os dados das
contas e a ficha de visitação bastam para começar, e o grande investimento está em outro lugar.
Onde, e por quê?"""
    _hint = "Who fills in the spreadsheet, and who acts on it?"
    _hint_pt = "Quem preenche a planilha, e quem age a partir dela?"
    _discussion = """\
In people: training and awareness of the sales team, and leadership time. The spreadsheet only
holds what salespeople record and review; if they do not understand why every account of the
market is listed, why potential matters more than last year's sales, or why a prospect deserves
a visit, the best system holds stale data and changes nothing. Software can come later, once
the team works by KAM and knows what it needs -- and a workbook the team already uses is a
good specification for it."""
    _discussion_pt = """\
Nas pessoas: treinamento e conscientização da equipe de vendas, e tempo da liderança. A
planilha só guarda o que os vendedores registram e revisam; se eles não entendem por que todas
as contas do mercado estão ali, por que o potencial importa mais que as vendas do ano passado
ou por que uma conta que nunca comprou merece visita, o melhor sistema fica com dados velhos e
não muda nada. O software pode vir depois, quando a equipe já trabalha com KAM e sabe do que
precisa -- e uma planilha que a equipe já usa é uma boa especificação para ele."""


class VisitCardFields(core.ThinkingQuestion):
    _title = "What the visit card must record"
    _title_pt = "O que a ficha de visitação precisa registrar"
    _prompt = """\
kamkit reads the visit log with just four things per contact: the account code, the date, the
kind (visit, call, e-mail) and the outcome. What goes wrong in the analysis when salespeople
skip visits in the log, or write the account's name instead of its code?"""
    _prompt_pt = """\
O kamkit lê o registro de visitas com só quatro informações por contato: o código da conta, a
data, o tipo (visita, ligação, e-mail) e o resultado. O que dá errado na análise quando os
vendedores deixam de lançar visitas, ou escrevem o nome da conta em vez do código?"""
    _hint = "Think of the stages untouched and approached, and of the unvisited key accounts."
    _hint_pt = (
        "Pense nos estágios não prospectado e abordado sem compra, e nas contas-chave sem visita."
    )
    _discussion = """\
An unrecorded visit makes an approached account look untouched, and a visited key account look
abandoned: the pursuit list and the coverage figures then send effort to the wrong places, and
the territory review blames the wrong salesperson. A name instead of a code does not match the
accounts sheet, so the contact is lost (kamkit's validation lists such rows with their sheet
and row number). Recording every contact, with the code, is cheap -- and it is what lets the
CRM feed KAM."""
    _discussion_pt = """\
Uma visita não lançada faz uma conta abordada parecer não prospectada, e uma conta-chave
visitada parecer abandonada: a lista de prospecção e os números de cobertura mandam o esforço
para o lugar errado, e a revisão de território cobra o vendedor errado. Um nome no lugar do
código não bate com a aba de contas, e o contato se perde (a validação do kamkit lista essas
linhas com a aba e o número da linha). Lançar todo contato, com o código, custa pouco -- e é o
que deixa o CRM alimentar o KAM."""


class RegularRuleNoCode(core.NumberQuestion):
    _title = "One cell of the Parameters sheet: the regular-buyer rule"
    _title_pt = "Uma célula da aba Parâmetros: a regra do comprador regular"
    _var = "regular_3"
    _prompt = """\
Run `q7.show()`: your territory's accounts by the number of months, out of the last twelve, in
which they bought. A team selling seasonal products writes 3 in the Parameters sheet's cell
`regular_min_months`: an account that bought in **at least 3** of the last 12 months is then a
regular buyer. How many regular buyers does your territory have with that rule? Type the
number in `regular_3`."""
    _prompt_pt = """\
Rode `q7.show()`: as contas do seu território pelo número de meses, dos últimos doze, em que
compraram. Uma equipe que vende produtos sazonais escreve 3 na célula `regular_min_months` da
aba Parâmetros: uma conta que comprou em **pelo menos 3** dos últimos 12 meses passa a ser
compradora regular. Quantos compradores regulares o seu território tem com essa regra? Digite
o número em `regular_3`."""
    _hint = "Add up the accounts of the rows from 3 months to 12 months."
    _hint_pt = "Some as contas das linhas de 3 meses até 12 meses."
    _explanation = (
        "The same data, another picture: agree on the rule in the Parameters sheet "
        "before comparing territories or salespeople."
    )
    _explanation_pt = (
        "Os mesmos dados, outro quadro: combine a regra na aba Parâmetros antes "
        "de comparar territórios ou vendedores."
    )
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'regular_3 = int((seg["purchase_months"] >= 6).sum())',
            "That is the default rule of 6 months; the team wrote 3 in the cell.",
            "Essa é a regra padrão de 6 meses; a equipe escreveu 3 na célula.",
        ),
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'regular_3 = int((seg["purchase_months"] == 3).sum())',
            "That counts only the accounts with exactly 3 months; the rule says at least 3.",
            "Assim entram só as contas com exatamente 3 meses; a regra diz pelo menos 3.",
        ),
    )

    def _table(self):
        import pandas as pd

        seg = kk.segment(self.market, territory=self.territory)
        months = self.market.parameters.lookback_months
        counts = seg["purchase_months"].value_counts().reindex(range(1, months + 1), fill_value=0)
        pt = self.language == "pt-BR"
        return pd.DataFrame(
            {
                "meses com compra" if pt else "months with a purchase": counts.index,
                "contas" if pt else "accounts": counts.to_numpy(),
            }
        )

    def _expected(self):
        team = self.market.with_parameters(regular_min_months=3)
        stages = kk.segment(team, territory=self.territory)["stage"]
        return int((stages == "regular").sum())


class VisitCardGoal(core.ChoiceQuestion):
    _title = "Read the visit card: what is this visit for?"
    _title_pt = "Leia a ficha de visitação: para que serve esta visita?"
    _var = "visit_goal"
    _show = True
    _prompt = """\
Run `q8.show()`: the top of the visit card of the first account of your territory's pursuit
list -- its stage, its potential (what it could buy from you in a year), what it bought in the
last twelve months and the share of its potential that makes. What does the card tell the
salesperson to do on this visit? Type the letter in `visit_goal`."""
    _prompt_pt = """\
Rode `q8.show()`: o alto da ficha de visitação da primeira conta da lista de prospecção do seu
território -- o estágio, o potencial (o que ela poderia comprar de você num ano), o que comprou
nos últimos doze meses e a participação no potencial que isso dá. O que a ficha diz ao vendedor
para fazer nesta visita? Digite a letra em `visit_goal`."""
    _choices = (
        "Protect and develop: a large account that already buys much of its potential from us.",
        "Win it: a large potential of which we have little or nothing yet.",
        "Serve it efficiently: a small account that already buys from us.",
        "Serve it through cheap channels (phone, e-mail): a small account we hardly sell to.",
    )
    _choices_pt = (
        "Proteger e desenvolver: uma conta grande que já compra de nós boa parte do potencial.",
        "Conquistar: um potencial grande do qual ainda temos pouco ou nada.",
        "Atender com eficiência: uma conta pequena que já compra de nós.",
        "Atender por canais baratos (telefone, e-mail): uma conta pequena que quase não "
        "compra de nós.",
    )
    _reasons = (
        "Read the card's share of potential again: is much of it already ours?",
        "",
        "Read the card's potential again: is it a small account?",
        "Read the card's potential again: is it a small account?",
    )
    _reasons_pt = (
        "Leia de novo a participação no potencial da ficha: boa parte já é nossa?",
        "",
        "Leia de novo o potencial da ficha: é uma conta pequena?",
        "Leia de novo o potencial da ficha: é uma conta pequena?",
    )
    _hint = (
        "Two figures decide: is the potential large, and does the share of it we win look "
        "high or low?"
    )
    _hint_pt = (
        "Dois números decidem: o potencial é grande? E a parte dele que ganhamos é alta ou baixa?"
    )
    _explanation = (
        "The card carries the KAM decision to the visit: the first accounts of the "
        "pursuit list are the comfort zone left behind."
    )
    _explanation_pt = (
        "A ficha leva a decisão do KAM para a visita: as primeiras contas da "
        "lista de prospecção são a saída da zona de conforto."
    )
    _mistakes = (
        core.Mistake(
            'visit_goal = "a"',
            "Protecting and developing is for accounts that already buy much of their "
            "potential from us; read the card's share of potential.",
            "Proteger e desenvolver é para contas que já compram de nós boa parte do "
            "potencial; leia a participação no potencial da ficha.",
        ),
    )

    def _account(self):
        first = kk.pursuit_list(self.market, territory=self.territory, top=1)["account_id"]
        seg = kk.segment(self.market, territory=self.territory)
        return seg[seg["account_id"] == first.iloc[0]].iloc[0]

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_date, format_money, format_share

        lang = self.language
        pt = lang == "pt-BR"
        row = self._account()
        currency = self.market.parameters.currency
        never = "nunca" if pt else "never"
        fields = {
            ("conta", "account"): row["account_id"],
            ("nome", "name"): row["name"],
            ("estágio", "stage"): kk.label(row["stage"], lang),
            ("potencial por ano", "potential per year"): format_money(
                row["potential"], currency, lang, decimals=0
            ),
            ("comprou nos últimos 12 meses", "bought in the last 12 months"): format_money(
                row["revenue"], currency, lang, decimals=0
            ),
            ("participação no potencial", "share of potential"): format_share(
                row["share_of_wallet"], lang
            ),
            ("último contato", "last contact"): (
                never if pd.isna(row["last_visit"]) else format_date(row["last_visit"], lang)
            ),
        }
        return pd.DataFrame(
            {
                ("ficha" if pt else "card"): [k[0] if pt else k[1] for k in fields],
                ("valor" if pt else "value"): [str(v) for v in fields.values()],
            }
        )

    def _expected(self):
        quadrant = str(self._account()["quadrant"])
        return self.letters[list(kk.QUADRANTS).index(quadrant)]


_USABLE = {"usable": ("usable", "aproveitada"), "lost": ("lost", "perdida")}


class VisitLogRows(core.ClassifyQuestion):
    _title = "Visit cards typed in: which rows count?"
    _title_pt = "Fichas digitadas: quais linhas contam?"
    _var = "rows_count"
    _classes = ("usable", "lost")
    _starter = "rows_count = [____, ____, ____, ____, ____]"
    _prompt = """\
On Friday the visit cards of the week are typed into the Visits sheet. Run `q9.show()`: five
rows typed from your territory's cards. kamkit joins a visit to its account by the **account
code** of the Accounts sheet. For each row, say whether the contact will count in the analysis
(`"usable"`) or be lost (`"lost"`). Write the list in `rows_count`, in the order of the rows,
e.g. `["usable", "lost", "usable", "usable", "lost"]`."""
    _prompt_pt = """\
Na sexta-feira as fichas de visitação da semana são digitadas na aba Visitas. Rode `q9.show()`:
cinco linhas digitadas das fichas do seu território. O kamkit liga uma visita à conta pelo
**código da conta** da aba Contas. Para cada linha, diga se o contato vai contar na análise
(`"aproveitada"`) ou se vai se perder (`"perdida"`). Escreva a lista em `rows_count`, na ordem
das linhas, por exemplo `["aproveitada", "perdida", "aproveitada", "aproveitada", "perdida"]`."""
    _hint = (
        "Look at the account column: a code like those of the Accounts sheet, or something else?"
    )
    _hint_pt = "Olhe a coluna da conta: um código como os da aba Contas, ou outra coisa?"
    _explanation = (
        "A contact typed with the name, or without the account, never reaches the "
        "account: it looks untouched or abandoned in the review. Write the code on "
        "every card."
    )
    _explanation_pt = (
        "Um contato digitado com o nome, ou sem a conta, nunca chega à conta: ela "
        "parece não prospectada ou abandonada na revisão. Escreva o código em "
        "toda ficha."
    )
    _mistakes = (
        core.Mistake(
            'rows_count = ["usable"] * 5',
            "A row counts only when its account column holds a code of the Accounts "
            "sheet: the name of a company, or nothing, does not match any account.",
            "Uma linha só conta quando a coluna da conta tem um código da aba Contas: o "
            "nome da empresa, ou nada, não bate com nenhuma conta.",
        ),
    )

    _class_words = _USABLE
    _noun = "row"

    def _rows_typed(self):
        """Five recent contacts of the territory as typed: rows 2 and 4 are typed badly."""
        if "typed" not in self._cache:
            m = self.market
            mine = m.accounts
            if self.territory:
                mine = mine[mine["territory"] == self.territory]
            log = m.visits[m.visits["account_id"].isin(mine["account_id"])]
            log = log.sort_values("date").tail(5).reset_index(drop=True)
            names = mine.set_index("account_id")["name"]
            typed = log["account_id"].astype(object).tolist()
            if len(typed) > 1:
                typed[1] = names.get(typed[1], typed[1])
            if len(typed) > 3:
                typed[3] = ""
            self._cache["typed"] = (log, typed)
        return self._cache["typed"]

    def _table(self):
        import pandas as pd

        from kamkit.outputs.template import VISIT_KINDS
        from kamkit.presentation.i18n import format_date

        lang = self.language
        pt = lang == "pt-BR"
        log, typed = self._rows_typed()
        kinds = dict(zip(*VISIT_KINDS.values())) if pt else {}
        return pd.DataFrame(
            {
                **self._numbered(typed),
                "data" if pt else "date": [format_date(d, lang) for d in log["date"]],
                "tipo" if pt else "kind": [kinds.get(k, k) for k in log["kind"].astype(str)],
                "vendedor" if pt else "salesperson": log["salesperson"].fillna("").to_numpy(),
            }
        )

    def _expected(self):
        _, typed = self._rows_typed()
        known = set(self.market.accounts["account_id"].astype(str))
        return ["usable" if str(t) in known else "lost" for t in typed]


QUESTIONS = [
    PortugueseTemplate,
    BlankErrors,
    RegularAtFour,
    VisitCards,
    NoBigIT,
    VisitCardFields,
    RegularRuleNoCode,
    VisitCardGoal,
    VisitLogRows,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=7,
    title="Start with a spreadsheet",
    lesson="07_spreadsheet_first",
    module=__name__,
    intro="Write the workbook your team fills in, check a workbook before loading it, set a "
    "parameter the team agrees on, and print the visit cards for the first accounts to "
    "pursue; then, without code, read the Parameters sheet, a visit card and the visits "
    "typed in. The files are written next to this notebook.",
    title_pt="Comece com uma planilha",
    intro_pt="Grave a planilha que a sua equipe preenche, confira uma planilha antes de "
    "carregá-la, ajuste um parâmetro que a equipe combinou e imprima as fichas de "
    "visitação das primeiras contas a prospectar; depois, sem código, leia a aba "
    "Parâmetros, uma ficha de visitação e as visitas digitadas. Os arquivos são "
    "gravados ao lado deste caderno.",
)
__all__ = EXERCISES.bind(globals())
