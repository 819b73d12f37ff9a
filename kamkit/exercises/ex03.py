"""Exercises for lesson 3, the whole market: the five lifecycle stages of every account."""

from __future__ import annotations

import kamkit as kk
from kamkit.exercises import core


class StageCounts(core.Question):
    _title = "The stages of your territory"
    _title_pt = "Os estágios do seu território"
    _var = "stage_counts"
    _prompt = """\
How many accounts of **your territory** are in each lifecycle stage (untouched, approached,
occasional, regular, lapsed)? Store the counts in `stage_counts`, a Series with one entry per
stage."""
    _prompt_pt = """\
Quantas contas do **seu território** estão em cada estágio do ciclo de vida (não prospectado,
abordado sem compra, comprador eventual, comprador regular, cliente inativo)? Guarde as
contagens em `stage_counts`, uma Series com uma entrada por estágio."""
    _hints = (
        "`kk.segment(market, territory=territory)` has one row per account of your territory, "
        "with its `stage`.",
        "`.value_counts()` of the `stage` column counts the accounts per stage.",
    )
    _hints_pt = (
        "`kk.segment(market, territory=territory)` tem uma linha por conta do seu território, "
        "com o estágio dela (`stage`).",
        "`.value_counts()` da coluna `stage` conta as contas por estágio.",
    )
    _solution = 'stage_counts = kk.segment(market, territory=territory)["stage"].value_counts()'
    _explanation = (
        "Every account of the territory has exactly one stage, so the counts add "
        "up to all its accounts, prospects included."
    )
    _explanation_pt = (
        "Cada conta do território está em um único estágio, então a soma dá "
        "todas as contas dele, inclusive as que ainda não compram."
    )
    _fill_value = 0
    _noun = "stage"
    _mistakes = (
        core.Mistake(
            'stage_counts = kk.segment(market)["stage"].value_counts()',
            "That counts the whole market; pass `territory=territory`.",
            "Isso conta o mercado inteiro; passe `territory=territory`.",
        ),
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'stage_counts = seg[seg["revenue"] > 0]["stage"].value_counts()',
            "That keeps only the accounts with revenue, so the prospects disappear; count "
            "every account of the territory.",
            "Isso fica só com as contas que faturaram, e as que ainda não compram somem; "
            "conte todas as contas do território.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return seg.groupby("stage", observed=False).size()


class NeverProspected(core.Question):
    _title = "The accounts nobody has prospected"
    _title_pt = "As contas que ninguém prospectou"
    _var = "untouched"
    _prompt = """\
Make a table `untouched` of the accounts of your territory that nobody has prospected yet
(stage `untouched`): one row per account, with at least the column `account_id`. These are
the accounts a salesperson would call first when opening new doors."""
    _prompt_pt = """\
Monte uma tabela `untouched` com as contas do seu território que ninguém prospectou ainda
(estágio `untouched`, não prospectado): uma linha por conta, com pelo menos a coluna
`account_id`. São as contas que o vendedor procuraria primeiro para abrir portas novas."""
    _hint = 'Filter `kk.segment(market, territory=territory)` on `seg["stage"] == "untouched"`.'
    _hint_pt = 'Filtre `kk.segment(market, territory=territory)` com `seg["stage"] == "untouched"`.'
    _solution = """\
seg = kk.segment(market, territory=territory)
untouched = seg[seg["stage"] == "untouched"]"""
    _explanation = (
        "Nobody from the company has called on them: open doors there before the competitors do."
    )
    _explanation_pt = "Ninguém da empresa passou por elas: abra essas portas antes da concorrência."
    _mistakes = (
        core.Mistake(
            'seg = kk.segment(market, territory=territory)\nuntouched = seg[seg["visits"] == 0]',
            "Accounts without a visit in the last twelve months include customers who buy "
            "without visits and accounts contacted earlier; untouched means no purchase "
            "and no contact ever.",
            "As contas sem visita nos últimos doze meses incluem clientes que compram sem "
            "visita e contas contatadas antes; não prospectado quer dizer nenhuma compra e "
            "nenhum contato, nunca.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return seg.loc[seg["stage"] == "untouched", ["account_id"]]


class RegularRevenueShare(core.Question):
    _title = "How much revenue do the regular buyers make?"
    _title_pt = "Quanto do faturamento vem dos compradores regulares?"
    _var = "regular_share"
    _prompt = """\
What share of your territory's revenue (last twelve months) comes from its **regular** buyers?
Store it in `regular_share` as a fraction."""
    _prompt_pt = """\
Que parte do faturamento do seu território (últimos doze meses) vem dos compradores
**regulares**? Guarde em `regular_share` como fração (0.25 quer dizer 25%)."""
    _hint = (
        "Add up the `revenue` of the regular accounts and divide by the `revenue` of all "
        "the accounts of the territory."
    )
    _hint_pt = (
        "Some o `revenue` (faturamento) das contas regulares e divida pelo `revenue` "
        "de todas as contas do território."
    )
    _solution = """\
seg = kk.segment(market, territory=territory)
regular_share = seg.loc[seg["stage"] == "regular", "revenue"].sum() / seg["revenue"].sum()"""
    _explanation = (
        "The regular buyers carry the revenue today: protect them, and look beyond them for growth."
    )
    _explanation_pt = (
        "Os compradores regulares carregam o faturamento de hoje: proteja-os, e "
        "procure o crescimento além deles."
    )
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'regular_share = (seg["stage"] == "regular").mean()',
            "That is the share of *accounts* that are regular; the question asks for their "
            "share of *revenue*.",
            "Essa é a parte das *contas* que são regulares; a questão pede a parte do "
            "*faturamento*.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        by_stage = seg.groupby("stage", observed=False)["revenue"].sum()
        return by_stage["regular"] / by_stage.sum()


class NewBuyers(core.Question):
    _title = "Prospects that became buyers in a year"
    _title_pt = "Contas que viraram clientes em um ano"
    _var = "new_buyers"
    _prompt = """\
`kk.stage_transitions(market, before, after, territory=territory)` counts how many accounts
moved from each stage (rows, at `before`) to each stage (columns, at `after`). How many accounts
of your territory that had **never bought** a year ago (untouched or approached) are buyers
now (occasional or regular)? Store the number in `new_buyers`; use
`market.as_of - pd.DateOffset(years=1)` as `before` and `market.as_of` as `after`."""
    _prompt_pt = """\
`kk.stage_transitions(market, before, after, territory=territory)` conta quantas contas
passaram de cada estágio (linhas, em `before`) para cada estágio (colunas, em `after`). Quantas
contas do seu território que **nunca tinham comprado** há um ano (não prospectadas ou abordadas
sem compra) compram agora (eventuais ou regulares)? Guarde o número em `new_buyers`; use
`market.as_of - pd.DateOffset(years=1)` como `before` e `market.as_of` como `after`."""
    _hints = (
        "Select the rows untouched and approached and the columns occasional and regular: "
        '`moves.loc[["untouched", "approached"], ["occasional", "regular"]]`.',
        "`.to_numpy().sum()` adds up every cell of a table.",
    )
    _hints_pt = (
        "Pegue as linhas untouched e approached e as colunas occasional e regular: "
        '`moves.loc[["untouched", "approached"], ["occasional", "regular"]]`.',
        "`.to_numpy().sum()` soma todas as células de uma tabela.",
    )
    _solution = """\
moves = kk.stage_transitions(market, market.as_of - pd.DateOffset(years=1), market.as_of,
                             territory=territory)
new_buyers = moves.loc[["untouched", "approached"], ["occasional", "regular"]].to_numpy().sum()"""
    _explanation = "New buyers are the proof that prospecting work pays off."
    _explanation_pt = "Clientes novos são a prova de que o trabalho de prospecção dá resultado."
    _mistakes = (
        core.Mistake(
            "moves = kk.stage_transitions(market, market.as_of - pd.DateOffset(years=1),\n"
            "                             market.as_of, territory=territory)\n"
            'new_buyers = moves.loc[["untouched", "approached", "lapsed"],\n'
            '                      ["occasional", "regular"]].to_numpy().sum()',
            "Lapsed customers who came back had bought before: they are won back, not new buyers.",
            "Os clientes inativos que voltaram já tinham comprado antes: foram resgatados, "
            "não são clientes novos.",
        ),
        core.Mistake(
            "moves = kk.stage_transitions(market, market.as_of - pd.DateOffset(years=1),\n"
            "                             market.as_of)\n"
            'new_buyers = moves.loc[["untouched", "approached"],\n'
            '                       ["occasional", "regular"]].to_numpy().sum()',
            "That counts the whole market; pass `territory=territory`.",
            "Isso conta o mercado inteiro; passe `territory=territory`.",
        ),
    )

    def _expected(self):
        import pandas as pd

        m = self.market
        flows = kk.stage_flows(
            m, m.as_of - pd.DateOffset(years=1), m.as_of, territory=self.territory
        )
        was = flows["from_stage"].astype(str).isin(["untouched", "approached"])
        now = flows["to_stage"].astype(str).isin(["occasional", "regular"])
        return int(flows.loc[was & now, "accounts"].sum())


class WhyAllAccounts(core.ThinkingQuestion):
    _title = "Why start from all the accounts?"
    _title_pt = "Por que partir de todas as contas?"
    _prompt = """\
Most sales reports start from the invoices. Why does KAM start from **all** the accounts of the
market, including those nobody has ever prospected? What would a territory plan miss if it
started from the sales report?"""
    _prompt_pt = """\
A maioria dos relatórios de vendas parte das notas fiscais. Por que o KAM parte de **todas** as
contas do mercado, inclusive as que ninguém nunca prospectou? O que um plano de território
perderia se partisse do relatório de vendas?"""
    _hint = "Look at your `stage_counts`: which stages would a sales report never show?"
    _hint_pt = "Olhe o seu `stage_counts`: quais estágios o relatório de vendas nunca mostraria?"
    _discussion = """\
A sales report only shows accounts that bought, so it shows regular and occasional buyers (and,
if you look back far enough, the lapsed ones). The untouched and approached accounts -- often
the largest groups -- are invisible, and a plan built on the report can only ask "how do we sell
more to the same customers?".

Starting from every account makes the whole market visible: where each account stands, how
many could still be won, and whether the territory moves accounts forward (prospects approached,
approached accounts converted, occasional buyers made regular, lapsed customers won back). Each
stage asks something different of the salesperson: open the door, convert, grow the frequency,
protect, win back."""
    _discussion_pt = """\
O relatório de vendas só mostra quem comprou: os compradores regulares e eventuais (e, se
voltar bastante no tempo, os clientes inativos). As contas não prospectadas e as abordadas sem
compra -- muitas vezes os maiores grupos -- ficam invisíveis, e um plano feito em cima do
relatório só consegue perguntar "como vender mais para os mesmos clientes?".

Partir de todas as contas deixa o mercado inteiro à vista: onde cada conta está, quantas ainda
dá para conquistar, e se o território faz as contas andarem (não prospectadas abordadas,
abordadas que viram clientes, eventuais que viram regulares, inativos resgatados). Cada estágio
pede uma coisa diferente do vendedor: abrir a porta, fechar o primeiro pedido, aumentar a
frequência, proteger, reativar."""


# --------------------------------------------------------------------------------------------
# the salesperson's track


class ClassifyStages(core.ClassifyQuestion):
    _title = "Which stage is each account in?"
    _title_pt = "Em que estágio está cada conta?"
    _var = "stages"
    _classes = tuple(kk.STAGES)
    _starter = "stages = [____, ____, ____, ____, ____]"
    _prompt = """\
The stage of an account follows from three facts: in how many different months it bought in
the last twelve months, whether it bought before them, and whether anybody ever contacted it.
A **regular buyer** bought in at least the number of months the table's header says; an
**occasional buyer** bought, in fewer months; a **lapsed customer** bought before, not in the
last twelve months; an account that never bought is **approached** if somebody contacted it,
else **not yet prospected**. Run `q6.show()`: five accounts of your territory. Write their
stages in `stages`, in the order of the table's rows, e.g. `["regular", "lapsed", ...]` (the
labels or the codes `untouched`, `approached`, `occasional`, `regular`, `lapsed`)."""
    _prompt_pt = """\
O estágio de uma conta sai de três fatos: em quantos meses diferentes ela comprou nos últimos
doze meses, se comprou antes disso e se alguém já fez contato com ela. O **comprador regular**
comprou em pelo menos o número de meses que o cabeçalho da tabela diz; o **comprador
eventual** comprou, em menos meses; o **cliente inativo** comprou antes, mas não nos últimos
doze meses; uma conta que nunca comprou está **abordada, sem compra** se alguém fez contato, e
senão **não prospectada**. Rode `q6.show()`: cinco contas do seu território. Escreva os
estágios delas em `stages`, na ordem das linhas da tabela, por exemplo `["comprador regular",
"cliente inativo", ...]` (os rótulos ou os códigos `untouched`, `approached`, `occasional`,
`regular`, `lapsed`)."""
    _hint = (
        "Start with the months with a purchase: zero means the account did not buy in the "
        "last twelve months; then look at the earlier purchases, then at the contacts."
    )
    _hint_pt = (
        "Comece pelos meses com compra: zero quer dizer que a conta não comprou nos "
        "últimos doze meses; depois olhe as compras anteriores e, por fim, os contatos."
    )
    _explanation = (
        "Each stage asks for a different job: open the door, win the first order, "
        "make the buying regular, protect, win back."
    )
    _explanation_pt = (
        "Cada estágio pede um trabalho diferente: abrir a porta, fechar o "
        "primeiro pedido, tornar a compra regular, proteger, reativar."
    )
    _mistakes = (
        core.Mistake(
            "p = q6.picked()\n"
            'stages = ["regular" if m > 0 else s for m, s in\n'
            '          zip(p["purchase_months"], p["stage"].astype(str))]',
            "A purchase in the last twelve months does not make a regular buyer: count the "
            "months with a purchase against the number in the header.",
            "Uma compra nos últimos doze meses não faz um comprador regular: compare os "
            "meses com compra com o número do cabeçalho.",
        ),
        core.Mistake(
            "p = q6.picked()\n"
            'stages = [s if m > 0 else ("approached" if c else "untouched") for m, s, c in\n'
            '          zip(p["purchase_months"], p["stage"].astype(str),\n'
            '              p["last_visit"].notna())]',
            "An account that bought before the last twelve months is a customer who "
            "stopped buying, not a prospect: read the column of earlier purchases.",
            "Uma conta que comprou antes dos últimos doze meses é um cliente que parou de "
            "comprar, não uma conta a prospectar: leia a coluna das compras anteriores.",
        ),
    )

    def _pick(self):
        """The accounts shown: one of each stage of the territory (the largest potential
        first), in a mixed order."""
        seg = kk.segment(self.market, territory=self.territory)
        seg = seg.assign(_stage=seg["stage"].astype(str))
        seg = seg.sort_values(["potential", "account_id"], ascending=[False, True])
        rows = []
        for stage in ("occasional", "lapsed", "regular", "untouched", "approached"):
            found = seg[seg["_stage"] == stage]
            if len(found):
                rows.append(found.index[0])
        rows = self._filled(rows, seg.index)  # fewer than five stages: fill up
        return seg.loc[rows].drop(columns="_stage").reset_index(drop=True)

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_date

        lang = self.language
        pt = lang == "pt-BR"
        p = self.picked()
        n = self.market.parameters.regular_min_months
        months = self.market.parameters.lookback_months
        yes, no = ("sim", "não") if pt else ("yes", "no")
        # the window: the `months` calendar months ending with the month of as_of
        start = (pd.Timestamp(self.market.as_of).to_period("M") - (months - 1)).to_timestamp()
        before = [yes if pd.notna(f) and f < start else no for f in p["first_purchase"]]
        return pd.DataFrame(
            {
                **self._numbered(p["account_id"].to_numpy()),
                (
                    f"meses com compra, últimos {months} (regular a partir de {n})"
                    if pt
                    else f"months with a purchase, last {months} (regular from {n})"
                ): p["purchase_months"].to_numpy(),
                "comprou antes?" if pt else "bought before?": before,
                "último contato" if pt else "last contact": [
                    format_date(v, lang) if pd.notna(v) else ("nunca" if pt else "never")
                    for v in p["last_visit"]
                ],
            }
        )

    def _expected(self):
        return [str(s) for s in self.picked()["stage"]]


def _transitions(q):
    import pandas as pd

    m = q.market
    return kk.stage_transitions(m, m.as_of - pd.DateOffset(years=1), m.as_of, territory=q.territory)


class RegularsSlipping(core.NumberQuestion):
    _title = "Regular buyers who slipped in a year"
    _title_pt = "Compradores regulares que escorregaram em um ano"
    _var = "slipped"
    _prompt = """\
Run `q7.show()`: where the accounts of your territory stood a year ago (rows) and where they
stand today (columns). How many accounts that were **regular buyers a year ago** are now only
occasional buyers or lapsed customers? Type the number in `slipped`."""
    _prompt_pt = """\
Rode `q7.show()`: onde as contas do seu território estavam há um ano (linhas) e onde estão hoje
(colunas). Quantas contas que eram **compradoras regulares há um ano** agora são só compradoras
eventuais ou clientes inativos? Digite o número em `slipped`."""
    _hint = (
        "Find the row of the regular buyers (a year ago) and add the cells of the columns "
        "occasional buyer and lapsed customer (today)."
    )
    _hint_pt = (
        "Ache a linha dos compradores regulares (há um ano) e some as células das "
        "colunas comprador eventual e cliente inativo (hoje)."
    )
    _explanation = (
        "A regular customer rarely disappears at once: orders thin out first. These "
        "are the accounts to call before they lapse for good."
    )
    _explanation_pt = (
        "Um cliente regular raramente some de uma vez: os pedidos vão rareando "
        "antes. São as contas para ligar antes que virem inativas de vez."
    )
    _mistakes = (
        core.Mistake(
            "moves = kk.stage_transitions(market, market.as_of - pd.DateOffset(years=1),\n"
            "                             market.as_of, territory=territory)\n"
            'slipped = int(moves.loc["regular"].sum())',
            "That is the whole row: every regular buyer of a year ago, those still regular "
            "included. Add only the cells of the stages below regular.",
            "Essa é a linha inteira: todos os regulares de um ano atrás, inclusive os que "
            "continuam regulares. Some só as células dos estágios abaixo de regular.",
        ),
        core.Mistake(
            "moves = kk.stage_transitions(market, market.as_of - pd.DateOffset(years=1),\n"
            "                             market.as_of, territory=territory)\n"
            'slipped = int(moves.loc[["occasional", "lapsed"], "regular"].sum())',
            "That reads a column: accounts that *became* regular. The rows are a year ago, "
            "the columns today.",
            "Isso lê uma coluna: as contas que *viraram* regulares. As linhas são há um "
            "ano, as colunas são hoje.",
        ),
    )

    def _table(self):
        moves = _transitions(self)
        lang = self.language
        pt = lang == "pt-BR"
        from kamkit.presentation.i18n import format_count

        table = moves.apply(lambda column: [format_count(v, lang) for v in column])
        table.index = [kk.label(str(s), lang) for s in moves.index]
        table.columns = [kk.label(str(s), lang) for s in moves.columns]
        table.index.name = (
            "há um ano \u2193 / hoje \u2192" if pt else "a year ago \u2193 / today \u2192"
        )
        return table

    def _expected(self):
        import pandas as pd

        m = self.market
        flows = kk.stage_flows(
            m, m.as_of - pd.DateOffset(years=1), m.as_of, territory=self.territory
        )
        was = flows["from_stage"].astype(str) == "regular"
        now = flows["to_stage"].astype(str).isin(["occasional", "lapsed"])
        return int(flows.loc[was & now, "accounts"].sum())


def _stage_money(q):
    """Your territory per stage: accounts, revenue and the potential not yet won (gap)."""
    import pandas as pd

    from kamkit.presentation.i18n import format_count, format_money_short

    seg = kk.segment(q.market, territory=q.territory)
    by = seg.groupby("stage", observed=False).agg(
        accounts=("account_id", "size"), revenue=("revenue", "sum"), gap=("gap", "sum")
    )
    lang = q.language
    pt = lang == "pt-BR"
    currency = q.market.parameters.currency
    months = q.market.parameters.lookback_months
    return by, pd.DataFrame(
        {
            "estágio" if pt else "stage": [kk.label(str(s), lang) for s in by.index],
            "contas" if pt else "accounts": [format_count(v, lang) for v in by["accounts"]],
            f"faturamento, {months} meses" if pt else f"revenue, {months} months": [
                format_money_short(v, currency, lang) for v in by["revenue"]
            ],
            "potencial ainda não ganho" if pt else "potential not yet won": [
                format_money_short(v, currency, lang) for v in by["gap"]
            ],
        }
    )


class WhereTheGrowthIs(core.ChoiceQuestion):
    _title = "Where is the revenue still to win?"
    _title_pt = "Onde está o faturamento ainda a ganhar?"
    _var = "growth_stage"
    _show = True
    _prompt = """\
Run `q8.show()`: your territory by stage, with the revenue of the last twelve months and the
potential not yet won (what the accounts could buy from us in a year, minus what they bought).
In which stage is the **most potential not yet won**? Type its letter in `growth_stage`."""
    _prompt_pt = """\
Rode `q8.show()`: o seu território por estágio, com o faturamento dos últimos doze meses e o
potencial ainda não ganho (o que as contas poderiam comprar da gente em um ano, menos o que
compraram). Em que estágio está o **maior potencial ainda não ganho**? Digite a letra dele em
`growth_stage`."""
    _choices = tuple(kk.label(s, "en") for s in kk.STAGES)
    _choices_pt = tuple(kk.label(s, "pt-BR") for s in kk.STAGES)
    _hint = "Read the last column, not the revenue: the letters follow the rows of the table."
    _hint_pt = "Leia a última coluna, não o faturamento: as letras seguem as linhas da tabela."
    _explanation = (
        "Tomorrow's revenue is not always where today's is: plan the visits from "
        "the potential, not only from the invoices."
    )
    _explanation_pt = (
        "O faturamento de amanhã nem sempre está onde está o de hoje: planeje "
        "as visitas pelo potencial, e não só pelas notas fiscais."
    )
    _mistakes = (
        core.Mistake(
            "by, _ = q8._stage_table()\n"
            "growth_stage = q8.letters[list(by.index.astype(str)).index(\n"
            '    str(by["revenue"].idxmax()))]',
            "That is the stage with the most revenue today; the question is about the "
            "potential not yet won.",
            "Esse é o estágio com mais faturamento hoje; a questão é sobre o potencial "
            "ainda não ganho.",
        ),
    )

    def _stage_table(self):
        return _stage_money(self)

    def _table(self):
        return _stage_money(self)[1]

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        gap = seg.groupby(seg["stage"].astype(str))["gap"].sum()
        return self.letters[list(kk.STAGES).index(gap.idxmax())]


QUESTIONS = [
    StageCounts,
    NeverProspected,
    RegularRevenueShare,
    NewBuyers,
    WhyAllAccounts,
    ClassifyStages,
    RegularsSlipping,
    WhereTheGrowthIs,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=3,
    title="The whole market",
    lesson="03_whole_market",
    module=__name__,
    intro="Where every account of your territory stands in the lifecycle, and what moved in a "
    "year; then, without code, the stage of each account, the regular buyers who slipped "
    "and where the revenue still to win is.",
    title_pt="O mercado inteiro",
    intro_pt="Onde cada conta do seu território está no ciclo de vida, e o que mudou em um "
    "ano; depois, sem código, o estágio de cada conta, os regulares que escorregaram e "
    "onde está o faturamento ainda a ganhar.",
)
__all__ = EXERCISES.bind(globals())
