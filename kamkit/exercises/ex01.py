"""Exercises for lesson 1, start here: the market is every account, not only the customers."""

from __future__ import annotations

import kamkit as kk
from kamkit.exercises import core


class TerritorySize(core.Question):
    _title = "How many accounts does your territory have?"
    _title_pt = "Quantas contas tem o seu território?"
    _var = "n_accounts"
    _prompt = """\
`kk.segment(market, territory=territory)` is the list of every account of your territory, one
row each: customers, former customers and prospects that never bought. How many accounts does
your territory have? Store the number in `n_accounts`."""
    _prompt_pt = """\
`kk.segment(market, territory=territory)` é a lista de todas as contas do seu território, uma
linha por conta: clientes, ex-clientes e contas que nunca compraram. Quantas contas tem o seu
território? Guarde o número em `n_accounts`."""
    _hint = "`len(table)` is the number of rows of a table."
    _hint_pt = "`len(tabela)` é o número de linhas de uma tabela."
    _solution = "n_accounts = len(kk.segment(market, territory=territory))"
    _explanation = (
        "That is your whole territory. The sales report would only show the accounts "
        "that already bought."
    )
    _explanation_pt = (
        "Esse é o seu território inteiro. O relatório de vendas só mostraria as "
        "contas que já compraram."
    )
    _mistakes = (
        core.Mistake(
            "n_accounts = len(market.accounts)",
            "That is every account of the market; count those of your territory "
            "(`territory=territory`).",
            "Essas são todas as contas do mercado; conte só as do seu território "
            "(`territory=territory`).",
        ),
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'n_accounts = (seg["revenue"] > 0).sum()',
            "That counts the accounts that bought in the last twelve months; KAM counts "
            "every account of the territory, prospects included.",
            "Isso conta as contas que compraram nos últimos doze meses; o KAM conta todas "
            "as contas do território, inclusive as que ainda não são clientes.",
        ),
    )

    def _expected(self):
        accounts = self.market.accounts
        if self.territory is None:
            return len(accounts)
        return int((accounts["territory"] == self.territory).sum())


class NeverBought(core.Question):
    _title = "Accounts that never bought"
    _title_pt = "Contas que nunca compraram"
    _var = "never_bought"
    _prompt = """\
Each account has a lifecycle `stage`. Accounts that never bought are in the stages `untouched`
(nobody has prospected them) and `approached` (contacted, but no purchase yet). How many
accounts of your territory never bought? Store the number in `never_bought`."""
    _prompt_pt = """\
Cada conta tem um estágio (`stage`) no ciclo de vida. As que nunca compraram estão nos estágios
`untouched` (não prospectado: ninguém foi atrás) e `approached` (abordado, sem compra). Quantas
contas do seu território nunca compraram? Guarde o número em `never_bought`."""
    _hints = (
        "Take the `stage` column of `kk.segment(market, territory=territory)` and test it with "
        '`.isin(["untouched", "approached"])`.',
        "`.sum()` of a True/False column counts the True values.",
    )
    _hints_pt = (
        "Pegue a coluna `stage` de `kk.segment(market, territory=territory)` e teste com "
        '`.isin(["untouched", "approached"])`.',
        "`.sum()` de uma coluna de True/False conta os True.",
    )
    _solution = """\
stages = kk.segment(market, territory=territory)["stage"]
never_bought = stages.isin(["untouched", "approached"]).sum()"""
    _explanation = (
        "These are the accounts a sales report never shows, and where much of the growth is."
    )
    _explanation_pt = (
        "São as contas que o relatório de vendas nunca mostra, e onde está boa "
        "parte do crescimento."
    )
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'never_bought = (seg["revenue"] == 0).sum()',
            "Accounts with no revenue in the last twelve months include the lapsed "
            "customers, who did buy before; use the stages instead.",
            "As contas sem faturamento nos últimos doze meses incluem os clientes inativos, "
            "que já compraram antes; use os estágios.",
        ),
        core.Mistake(
            'stages = kk.segment(market, territory=territory)["stage"]\n'
            'never_bought = (stages == "untouched").sum()',
            "That counts only the accounts never prospected; the approached ones never "
            "bought either.",
            "Isso conta só as contas não prospectadas; as abordadas sem compra também nunca "
            "compraram.",
        ),
    )

    def _expected(self):
        stage = kk.segment(self.market, territory=self.territory)["stage"].astype(str)
        return int(stage.isin(["untouched", "approached"]).sum())


class PortugueseLabel(core.Question):
    _title = "The same words for everybody"
    _title_pt = "As mesmas palavras para todos"
    _var = "untouched_pt"
    _prompt = """\
kamkit keeps short English codes in its tables (`untouched`, `conquer`, ...) and shows labels in
English or Brazilian Portuguese, the same in every lesson, report and workbook. What is the
Brazilian Portuguese label of the stage `untouched`? Store it in `untouched_pt` (a text)."""
    _prompt_pt = """\
O kamkit guarda códigos curtos em inglês nas tabelas (`untouched`, `conquer`, ...) e mostra os
rótulos em inglês ou em português, os mesmos em toda lição, relatório e planilha. Qual é o
rótulo em português do estágio `untouched`? Guarde-o em `untouched_pt` (um texto)."""
    _hint = '`kk.label(code, language)`; the language code of Brazilian Portuguese is `"pt-BR"`.'
    _hint_pt = '`kk.label(codigo, idioma)`; o código do português do Brasil é `"pt-BR"`.'
    _solution = 'untouched_pt = kk.label("untouched", "pt-BR")'
    _explanation = (
        '`kk.labels(table, "pt-BR")` translates a whole table, and the language '
        "parameter of a workbook switches every report."
    )
    _explanation_pt = (
        '`kk.labels(tabela, "pt-BR")` traduz uma tabela inteira, e o parâmetro '
        "de idioma da planilha muda todos os relatórios."
    )
    _mistakes = (
        core.Mistake(
            'untouched_pt = kk.label("untouched")',
            'That is the English label: pass the language `"pt-BR"`.',
            'Esse é o rótulo em inglês: passe o idioma `"pt-BR"`.',
        ),
    )

    def _expected(self):
        from kamkit.presentation.i18n import label

        return label("untouched", "pt-BR")


class LoyaltyProgramme(core.ThinkingQuestion):
    _title = "Is a loyalty programme KAM?"
    _title_pt = "Programa de fidelidade é KAM?"
    _prompt = """\
Your sales director says: "Ten percent of our customers make sixty percent of our revenue, so
from now on they get a points programme, a gift at Christmas and a dedicated phone line. That
is our key account management." What is right in this reasoning, and what is missing?"""
    _prompt_pt = """\
O seu diretor comercial diz: "Dez por cento dos nossos clientes fazem sessenta por cento do
faturamento; então, a partir de agora, eles ganham um programa de pontos, um brinde no Natal e
uma linha de atendimento exclusiva. Esse é o nosso gerenciamento de contas-chave." O que está
certo nesse raciocínio, e o que está faltando?"""
    _hint = (
        "Compare the accounts the programme covers with all the accounts you counted in "
        "the first two questions."
    )
    _hint_pt = (
        "Compare as contas que o programa cobre com todas as contas que você contou "
        "nas primeiras questões."
    )
    _discussion = """\
What is right: revenue *is* concentrated, so not every account deserves the same effort.

What is missing: a loyalty programme rewards what the best customers already buy. It says
nothing about the accounts with a large potential that buy little or nothing -- the prospects
never visited, the accounts approached that never bought, the occasional buyers, the customers
who stopped buying. Key Account Management covers the whole market: it decides, account by
account, where effort should go, starting from potential, not only from past sales. A
programme for the top customers can be one tool inside KAM (for the accounts to maintain), but
it is not KAM."""
    _discussion_pt = """\
O que está certo: o faturamento *é* concentrado, então nem toda conta merece o mesmo esforço.

O que falta: um programa de fidelidade premia o que os melhores clientes já compram. Ele não
diz nada sobre as contas de grande potencial que compram pouco ou nada -- as não prospectadas,
as abordadas que nunca compraram, os compradores eventuais, os clientes que pararam de comprar.
O gerenciamento de contas-chave cobre o mercado inteiro: decide, conta a conta, onde colocar o
esforço, a partir do potencial, e não só das vendas passadas. Um programa para os maiores
clientes pode ser uma ferramenta dentro do KAM (para as contas a manter), mas não é KAM."""


def _stage_table(q):
    """Your territory's accounts per lifecycle stage, with the labels of the set's language."""
    import pandas as pd

    stages = kk.segment(q.market, territory=q.territory)["stage"].astype(str)
    counts = stages.value_counts().reindex(list(kk.STAGES), fill_value=0)
    lang = q.language
    head = ("estágio", "contas") if lang == "pt-BR" else ("stage", "accounts")
    return pd.DataFrame(
        {head[0]: [kk.label(s, lang) for s in counts.index], head[1]: counts.to_numpy()}
    )


class NotProspected(core.NumberQuestion):
    _title = "Read your territory: the accounts nobody has visited"
    _title_pt = "Leia o seu território: as contas que ninguém visitou"
    _var = "not_prospected"
    _prompt = """\
Run `q5.show()`: it lists your territory's accounts by lifecycle stage. How many of them has
nobody ever prospected? Type the number in `not_prospected`."""
    _prompt_pt = """\
Rode `q5.show()`: a tabela conta as contas do seu território por estágio do ciclo de vida.
Quantas delas ninguém nunca prospectou? Digite o número em `not_prospected`."""
    _hint = "Look for the row *not yet prospected*: no visit, no purchase, ever."
    _hint_pt = "Procure a linha *não prospectado*: nenhuma visita e nenhuma compra, nunca."
    _explanation = (
        "Nobody from the company has ever called on these accounts: a sales report "
        "never shows them, yet they are part of your territory."
    )
    _explanation_pt = (
        "Ninguém da empresa jamais visitou essas contas: o relatório de vendas "
        "nunca as mostra, mas elas fazem parte do seu território."
    )
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'not_prospected = int((seg["stage"] == "approached").sum())',
            "That is the row of the accounts approached without a purchase: someone did "
            "visit them. Read the row of those never prospected.",
            "Essa é a linha das contas abordadas sem compra: alguém já as visitou. Leia a "
            "linha das não prospectadas.",
        ),
        core.Mistake(
            "not_prospected = len(kk.segment(market, territory=territory))",
            "That is every account of your territory; read only the row of those nobody "
            "has prospected.",
            "Esse é o total de contas do seu território; leia só a linha das que ninguém "
            "prospectou.",
        ),
    )

    _table = _stage_table

    def _expected(self):
        stages = kk.segment(self.market, territory=self.territory)["stage"].astype(str)
        return int((stages == "untouched").sum())


class LargestGroup(core.ChoiceQuestion):
    _title = "Where are most of your accounts?"
    _title_pt = "Onde está a maior parte das suas contas?"
    _var = "largest_group"
    _show = True
    _prompt = """\
Run `q6.show()` (the same table as above). Which group has the most accounts in your
territory? Type its letter in `largest_group`."""
    _prompt_pt = """\
Rode `q6.show()` (a mesma tabela de antes). Qual grupo tem mais contas no seu território?
Digite a letra dele em `largest_group`."""
    _choices = tuple(kk.label(s, "en") for s in kk.STAGES)
    _choices_pt = tuple(kk.label(s, "pt-BR") for s in kk.STAGES)
    _hint = "Compare the numbers of the table row by row; the letters follow its order."
    _hint_pt = "Compare os números da tabela linha a linha; as letras seguem a ordem dela."
    _explanation = (
        "If it is a group that never bought, most of your territory is invisible to "
        "a sales report: that is the post's point about the whole market."
    )
    _explanation_pt = (
        "Se for um grupo que nunca comprou, a maior parte do seu território é "
        "invisível para o relatório de vendas: é o que o artigo diz sobre o "
        "mercado inteiro."
    )
    _mistakes = (
        core.Mistake(
            'largest_group = "d"',
            "The regular buyers are the accounts everybody already knows; the table has a "
            "larger group.",
            "Os compradores regulares são as contas que todo mundo já conhece; a tabela tem "
            "um grupo maior.",
        ),
    )

    _table = _stage_table

    def _expected(self):
        table = self.table()
        return self.letters[int(table.iloc[:, 1].to_numpy().argmax())]


class WhatTheReportMisses(core.ChoiceQuestion):
    _title = "What a sales report can never show"
    _title_pt = "O que o relatório de vendas nunca mostra"
    _var = "never_in_report"
    _prompt = """\
A sales report lists the accounts that bought something, however far back it goes. Which
accounts can it **never** show? Type the letter in `never_in_report`."""
    _prompt_pt = """\
Um relatório de vendas lista as contas que compraram alguma coisa, por mais que volte no tempo.
Quais contas ele **nunca** consegue mostrar? Digite a letra em `never_in_report`."""
    _choices = (
        "The lapsed customers, who stopped buying.",
        "The accounts not yet prospected and those approached that never bought.",
        "The occasional buyers.",
        "None: a complete sales report shows the whole market.",
    )
    _choices_pt = (
        "Os clientes inativos, que pararam de comprar.",
        "As contas não prospectadas e as abordadas que nunca compraram.",
        "Os compradores eventuais.",
        "Nenhuma: um relatório de vendas completo mostra o mercado inteiro.",
    )
    _reasons = (
        "They did buy: a report that goes back far enough shows them.",
        "",
        "They buy now and then: the report shows them.",
        "A sales report is made of sales: an account with no sale is not in it.",
    )
    _reasons_pt = (
        "Eles já compraram: um relatório que volte o bastante no tempo os mostra.",
        "",
        "Eles compram de vez em quando: o relatório os mostra.",
        "O relatório de vendas é feito de vendas: conta sem venda não aparece nele.",
    )
    _hint = "Which accounts have no sale at all, ever?"
    _hint_pt = "Quais contas não têm nenhuma venda, nunca?"
    _explanation = (
        "KAM starts from the whole market: these accounts are where the accounts to conquer hide."
    )
    _explanation_pt = (
        "O KAM parte do mercado inteiro: é nessas contas que se escondem as contas a conquistar."
    )
    _mistakes = (
        core.Mistake(
            'never_in_report = "d"',
            "A sales report is made of sales: an account with no sale is not in it.",
            "O relatório de vendas é feito de vendas: conta sem venda não aparece nele.",
        ),
    )

    def _expected(self):
        return "b"


QUESTIONS = [
    TerritorySize,
    NeverBought,
    PortugueseLabel,
    LoyaltyProgramme,
    NotProspected,
    LargestGroup,
    WhatTheReportMisses,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=1,
    title="Start here",
    lesson="01_start_here",
    module=__name__,
    intro="Short questions to get used to the exercises: count your territory's accounts, "
    "find those that never bought, switch the labels to Portuguese, think about what KAM "
    "is not, then read your territory without code (questions for salespeople).",
    title_pt="Comece aqui",
    intro_pt="Questões curtas para se acostumar com os exercícios: conte as contas do seu "
    "território, ache as que nunca compraram, mostre os rótulos em português, pense no "
    "que o KAM não é e, por fim, leia o seu território sem código (questões para "
    "vendedores).",
)
__all__ = EXERCISES.bind(globals())
